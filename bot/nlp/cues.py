"""Lexicons for quote attribution: speech verbs, titles, role words, pronouns (English and French)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, compress, count

import numpy as np

from bot.nlp.first_names_fr import FR_FEMALE_FIRST_NAMES, FR_MALE_FIRST_NAMES
from bot.nlp.text import TokenCache, ascii_words

# Reporting verbs (inflected forms). Present, past and -ing forms all count as cues.
_EN_VERB_STEMS = """
say:said:says:saying tell:told:tells:telling add:added:adds:adding write:wrote:writes:writing
ask:asked:asks:asking continue:continued:continues:continuing explain:explained:explains:explaining
note:noted:notes:noting state:stated:states:stating declare:declared:declares:declaring
insist:insisted:insists:insisting argue:argued:argues:arguing claim:claimed:claims:claiming
recall:recalled:recalls:recalling tweet:tweeted:tweets:tweeting reply:replied:replies:replying
respond:responded:responds:responding warn:warned:warns:warning acknowledge:acknowledged:acknowledges
admit:admitted:admits:admitting announce:announced:announces:announcing observe:observed:observes
remark:remarked:remarks quip:quipped:quips joke:joked:jokes concede:conceded:concedes
counter:countered:counters suggest:suggested:suggests complain:complained:complains
boast:boasted:boasts predict:predicted:predicts urge:urged:urges testify:testified:testifies
post:posted:posts report:reported:reports comment:commented:comments conclude:concluded:concludes
emphasize:emphasized:emphasizes emphasise:emphasised:emphasises stress:stressed:stresses
demand:demanded:demands shout:shouted:shouts yell:yelled:yells scream:screamed:screams
whisper:whispered:whispers mutter:muttered:mutters sing:sang:sings chant:chanted:chants:chanting
read:reads repeat:repeated:repeats assert:asserted:asserts contend:contended:contends
maintain:maintained:maintains confirm:confirmed:confirms deny:denied:denies reiterate:reiterated:reiterates
highlight:highlighted:highlights add:added promise:promised:promises pledge:pledged:pledges
vow:vowed:vows tout:touted:touts mock:mocked:mocks retort:retorted:retorts
interject:interjected:interjects exclaim:exclaimed:exclaims lament:lamented:laments
begin:began:begins agree:agreed:agrees advise:advised:advises caution:cautioned:cautions
describe:described:describes summarize:summarized:summarizes summarise:summarised:summarises
think:thought:thinks wonder:wondered:wonders email:emailed:emails text:texted:texts
speak:spoke:speaks articulate:articulated:articulates indicate:indicated:indicates
believe:believed:believes elaborate:elaborated:elaborates react:reacted:reacts assure:assured:assures
answer:answered:answers bark:barked:barks beam:beamed:beams recount:recounted:recounts
muse:mused:muses snap:snapped:snaps sigh:sighed:sighs grumble:grumbled:grumbles gush:gushed:gushes
marvel:marveled:marvelled:marvels scoff:scoffed:scoffs interrupt:interrupted:interrupts
proclaim:proclaimed:proclaims plead:pleaded:pleads reveal:revealed:reveals inquire:inquired:inquires
thunder:thundered:thunders fume:fumed:fumes cry:cried:cries explain:explained
questioned pressed retaliated exhorted opined
remember:remembered:remembers surmise:surmised:surmises affirm:affirmed:affirms interjecting quip quipping
"""
EN_CUE_VERBS = frozenset(w for group in _EN_VERB_STEMS.split() for w in group.split(":"))
# Verbs that take "that"-clauses as reported speech but are too vague to introduce a direct quote.
EN_WEAK_VERBS = frozenset({"think", "thought", "thinks", "begin", "began", "begins", "read", "reads",
                           "agree", "agreed", "agrees", "describe", "described", "describes",
                           "believe", "believed", "believes"})
# Verb forms that are also words of proper names ("the United States", "The Washington Post").
# Words before a noun that looks like a cue verb: "the states", "many reports".
_DETERMINERS = frozenset("""the a an his her their its our my your these those two three four five six seven
eight nine ten dozen dozens hundreds thousands many several""".split())
_NAME_FORMS = frozenset({"state", "states", "post", "posts", "report", "reports", "notes", "claims", "observer"})
EN_MULTIWORD_CUES = ("went on", "goes on", "pointed out", "points out", "shot back", "fired back",
                     "followed up", "chimed in", "weighed in", "spelled out", "told reporters", "puts it",
                     "put it")

_FR_PARTICIPLES = """
déclaré dit affirmé ajouté indiqué expliqué précisé souligné estimé assuré annoncé confié lancé martelé
rappelé poursuivi insisté averti reconnu répondu jugé déploré dénoncé confirmé démenti observé noté
constaté prévenu regretté salué plaidé promis tranché résumé commenté écrit tweeté relevé réagi
raconté glissé lâché critiqué analysé évoqué conclu soupiré détaillé développé ironisé témoigné nuancé
concédé admis tonné martelé signalé avancé rétorqué répliqué expliqué souligné défendu protesté révélé titré
fait savoir fait valoir
"""
FR_PARTICIPLES = tuple(sorted((p for p in _FR_PARTICIPLES.strip().split("\n") for p in p.split()),
                              key=len, reverse=True))
_FR_PRESENT = """
déclare dit affirme ajoute indique explique précise souligne estime assure annonce confie lance martèle
rappelle poursuit insiste avertit reconnaît répond juge déplore dénonce confirme dément observe note
constate prévient regrette salue plaide promet tranche résume commente écrit tweete relève réagit
raconte glisse lâche critique analyse écrivait déclarait expliquait ajoutait racontait
évoque conclut soupire détaille développe ironise témoigne nuance révèle
concède admet tonne signale avance rétorque réplique abonde étonne interroge inquiète exclame emporte
souffle tempère renchérit poursuit cite relate titrait titraient titrer
ajoutera dira expliquera précisera confiera
"""
FR_PRESENT = frozenset(_FR_PRESENT.split())
FR_PARTICIPLE_SET = frozenset(FR_PARTICIPLES) | {"fait"}

PRONOUNS: dict[str, str | None] = {
    "he": "m", "she": "f", "they": None, "il": "m", "elle": "f", "ils": None, "elles": "f",
    "we": None, "nous": None,
}
SENTENCE_WORDS = frozenset("""the a an in on at but and or so if when while after before as for from by to
with without during since then yet still however also meanwhile later this that these those there here
his her their its our my your le la les un une des du de en et mais ou donc or ni car dans sur pour par
avec sans selon lors après avant pendant depuis ce cette ces son sa ses leur leurs il elle ils elles on
it we i you they he she what why how who where which whether although though because instead even once
last next every each one two many some most more selon d’après d'après according""".split())

# Days and months (English and French): "said Tuesday" names a time, never a speaker.
TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
april june july august september october november december today yesterday tonight
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février fevrier
mars avril mai juin juillet août aout septembre octobre novembre décembre decembre hier aujourd'hui
aujourd’hui demain""".split())
# Capitalised words that open a sentence or a heading and never start a speaker's name: adverbs,
# conjunctions, interrogatives, imperatives and participles (English and French).
NOT_NAME_OPENERS = frozenset("""what why how who where which whom whose it its here there others other
another any anyone someone everyone nobody none both either neither such wait asked speaking referring
asking noting adding saying writing likewise even then now thus hence indeed yes no not never only just
also meanwhile moreover furthermore besides nevertheless nonetheless still yet perhaps maybe please
let take look see consider imagine remember note estimates signs media many several few all some most
like unlike per via amid despite toward towards
much more less democratic republican american liberal conservative progressive
pourtant or évidemment evidemment ainsi alors aussi enfin cependant toutefois néanmoins neanmoins
d'ailleurs d’ailleurs concernant désormais desormais puis ensuite surtout notamment certes bref donc
quand lorsque si comme car mais ni que qui quoi dont où ou voici voilà voila ici là la-bas parfois
toujours jamais encore déjà deja seulement même meme aussi selon interrogé interrogée interrogés posée
posé reste face outre depuis contrairement tandis oui non chez pour contre malgré sans vers entre parmi
sous dès intérieur santé économie justice culture défense travail éducation agriculture environnement
finances écologie rue avenue boulevard place quai pont gare hôpital lycée collège université école palais
musée parc""".split())
# Words that open no person's name but do open an organisation's: "Justice Department", "Democratic Party"
ORG_OPENERS = frozenset("""justice culture agriculture environment education democratic republican american
liberal conservative progressive santé économie défense travail éducation environnement finances écologie""".split())
# English sentence adverbs open sentences before a name ("Apparently Lindsey’s posts…", "Reportedly
# Smith…"): known by endings that first names and surnames do not have ("Kelly", "Connally", "Beverly"
# end otherwise; plain "-ally" and "-ly" are left out for them, and "-sily" for "Vassily").
_ADVERB_ENDINGS = ("ently", "antly", "ously", "ively", "fully", "edly", "ingly", "ably", "ibly", "ately", "ically",
                   "ually", "ially", "ionally", "larly", "tily", "pily", "rily", "kily", "vily", "dily")
_ADVERB_MIN_CHARS = 7


def not_name_opener(low: str) -> bool:
    """True for a lowercased word that opens a sentence or heading, never a name ("what", "pourtant", "apparently")."""
    return low in NOT_NAME_OPENERS or (len(low) >= _ADVERB_MIN_CHARS and low.endswith(_ADVERB_ENDINGS))


# Verbs that put a question: the one they name asks, someone else answers.
ASK_VERBS = frozenset({"asked", "asks", "asking", "questioned", "pressed"})
# Elided French function words: "S'il", "Qu'elle", "C'est" open clauses, never names.
ELIDED_OPENERS = ("s'", "s’", "qu'", "qu’", "c'", "c’", "j'", "j’", "n'", "n’", "m'", "m’", "t'", "t’")

# Titles stripped from names; they become the role when no other role is known.
TITLES = frozenset("""mr mr. mrs mrs. ms ms. miss mx dr dr. sen sen. senator rep rep. representative gov
gov. governor president vice secretary gen gen. general lt lt. col col. rev rev. prof prof. professor judge
justice sir dame lord lady mayor speaker chairman chairwoman ambassador m m. mme mme. mlle mlle. me me.
pr pr. del. monsieur madame mgr mgr. sgt sgt. capt capt. cmdr adm adm. maj maj. st. atty atty. supt""".split())
GENDER_TITLES = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
                 "m.": "m", "mme": "f", "mme.": "f", "mlle": "f", "mlle.": "f", "monsieur": "m",
                 "madame": "f", "sir": "m", "lord": "m", "dame": "f", "lady": "f",
                 "chairwoman": "f", "congresswoman": "f", "congressman": "m", "spokeswoman": "f",
                 "spokesman": "m", "widow": "f", "mother": "f", "father": "m", "wife": "f",
                 "husband": "m", "daughter": "f", "son": "m", "businessman": "m", "businesswoman": "f",
                 "père": "m", "mère": "f", "directrice": "f", "présidente": "f",
                 "étudiante": "f", "avocate": "f", "sénatrice": "f", "députée": "f", "chercheuse": "f",
                 "militante": "f", "habitante": "f", "salariée": "f", "employée": "f",
                 "infirmière": "f", "enseignante": "f", "historienne": "f", "professeure": "f",
                 "conseillère": "f", "ambassadrice": "f", "fondatrice": "f"}

# Nouns that mark the words before a name as a role ("Foreign Minister", "campaign manager").
ROLE_WORDS = frozenset("""minister president secretary senator representative congressman congresswoman
governor mayor ambassador spokesman spokeswoman spokesperson director head chief ceo cfo coo chairman
chairwoman chair leader official officer adviser advisor strategist pollster host anchor analyst undersecretary
professor candidate nominee manager general commissioner attorney judge justice lawmaker founder under-secretary
cofounder co-founder executive economist coordinator deputy aide correspondent reporter editor columnist
writer author researcher scientist expert lawyer counsel prosecutor sheriff chancellor premier fly-half scrum-half
prime king queen prince princess pope bishop cardinal rabbi imam pastor reverend commander colonel
captain lieutenant sergeant admiral major envoy delegate diplomat member activist organizer organiser
president-elect nominee governor-elect widow mother father wife husband daughter son sister brother
businessman businesswoman entrepreneur investor billionaire star actor actress singer rapper player
coach owner partner staffer operative surrogate consultant commentator contributor campaigner keeper skipper playmaker
superintendent inspector detective agent mp mep treasurer clerk registrar dean provost rector batsman bowler
vice-president vp sen. rep. gov. dr. student voter resident supporter critic friend boss ally constituent defender
administrator architect designer photographer artist doctor nurse teacher engineer farmer pilot goalkeeper
hopeful contender front-runner frontrunner challenger comedian journalist alderman assemblyman assemblywoman
councilman councilwoman investigator advocate trooper priest constable legislator filmmaker musician producer
blogger banker historian physician surgeon psychologist therapist veterinarian dentist pharmacist firefighter
paramedic coroner fisherman poet novelist playwright airman teenager youngster winger striker midfielder sprinter jockey
ministre président présidente secrétaire porte-parole directeur directrice chef sénateur sénatrice
député députée maire ambassadeur ambassadrice dirigeant dirigeante responsable conseiller conseillère
procureur juge avocat avocate commissaire préfet préfète gouverneur général colonel capitaine
patron patronne fondateur fondatrice délégué déléguée coordinateur coordinatrice président-directeur
père mère magistrat magistrate étudiant étudiante professeur professeure chercheur chercheuse sociologue
journaliste historien historienne économiste politologue syndicaliste militant militante habitant
habitante élu élue candidat candidate salarié salariée employé employée médecin infirmier infirmière
enseignant enseignante adjoint adjointe secrétaire-général directrice-générale psychologue philosophe
spécialiste chef cheffe expert experte agriculteur agricultrice commerçant commerçante
pdg cadre animateur animatrice chroniqueur chroniqueuse procureure médiateur médiatrice édile taulier
capitaine pêcheur pêcheuse lycéen lycéenne responsable dirigeant ex-journaliste député-maire
roi reine émir monarque
""".split())
ROLE_MODIFIERS = frozenset("""former longtime long-time senior top deputy assistant acting interim
then-candidate then chief veteran retired outgoing incoming new current fellow national regional local
foreign federal state democratic republican vice executive general associate principal special
ancien ancienne nouveau nouvelle""".split())
# A capitalised run containing one of these is an organisation, not a person.
ORG_WORDS = frozenset("""party department ministry news times post journal center centre university
committee council commission inc inc. corp corp. company co. association institute foundation agency
bureau office house senate congress court police army forces network group bank fund union league
campaign administration government service services daily weekly magazine press tribune herald
gazette reuters afp ap cnn bbc fox nbc abc cbs msnbc npr coalition alliance caucus organization
organisation society federation board show review ministère gouvernement parti agence société
conseil commission assemblée tribunal cour church cathedral mosque temple synagogue school hospital club
clinic museum library airport analytics holdings investors église mosquée école hôpital musée préfecture
mairie""".split())
# Lower-case speaker nouns accepted as (non-named) speakers: "the ministry said", "officials said".
SPEAKER_NOUNS = frozenset("""ministry government police campaign spokesman spokeswoman spokesperson
official officials source sources aide aides statement report company agency army military court
prosecutor prosecutors president senator governor candidate nominee minister department office
committee letter lawmaker lawmakers analyst analysts expert experts authorities witness witnesses
ministère gouvernement police porte-parole communiqué source sources responsable ministre président préfecture
""".split())
# Writings that "say" things ("the article read"): they speak for their named author or outlet.
DOCUMENT_NOUNS = frozenset("""article piece story ad advertisement book memo column editorial video clip
tweet website release op-ed essay""".split())
NAME_PARTICLES = frozenset("de da di del della der van von bin al la le du des dos das ben ibn".split())
ABBREVIATIONS = frozenset("""mr mrs ms dr sen rep gov st jr sr gen lt col prof rev m mme mlle no vs
u.s u.n u.k e.g i.e inc corp co p.m a.m sept oct nov dec jan feb aug ft capt sgt adm maj pr me""".split())

_WORD_RE = re.compile(r"[^\W\d_]+(?:-(?:t-)?(?:il|elle|ils|elles)|-t-on)?")
_MULTI_FIRST = {c.split()[0]: c.split()[1] for c in EN_MULTIWORD_CUES}
_FR_AUX = frozenset({"a", "avait", "ont", "avaient"})
_FR_AUX_INV = re.compile(r"(?:a|avait|ont|avaient)-t-(?:il|elle|ils|elles|on)$", re.IGNORECASE)


class CueMatch:
    """A reporting verb found in the text (same accessors as ``re.Match``)."""

    __slots__ = ("begin", "stop", "text")

    def __init__(self, begin: int, stop: int, text: str) -> None:
        self.begin = begin
        self.stop = stop
        self.text = text

    def start(self) -> int:
        """Offset of the first character."""
        return self.begin

    def end(self) -> int:
        """Offset after the last character."""
        return self.stop

    def group(self) -> str:
        """The matched text."""
        return self.text


# Lower-cased words that can start a cue; hyphenated words ("a-t-il", "dit-elle") are checked too.
_CANDIDATES = frozenset(_MULTI_FIRST) | EN_CUE_VERBS | _FR_AUX | FR_PRESENT
_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")
# The same split for a text without hyphens (the optional "-t-il" suffix needs one), a little faster.
_SPLIT_PLAIN_RE = re.compile(r"([^\W\d_]+)")
# Both again for a text whose word characters are all ASCII (``ascii_words``): the same splits.
_SPLIT_ASCII_RE = re.compile(r"([A-Za-z]+(?:-(?:t-)?(?:il|elle|ils|elles)|-t-on)?)")
_SPLIT_PLAIN_ASCII_RE = re.compile(r"([A-Za-z]+)")


class _Words:
    """The words of a whole text (as ``_WORD_RE`` cuts them), with offsets and cue candidates."""

    __slots__ = ("candidates", "ends", "starts", "words")

    def __init__(self, words: list[str], starts: list[int], ends: list[int], candidates: list[int]) -> None:
        self.words = words
        self.starts = starts
        self.ends = ends
        self.candidates = candidates


@lru_cache(maxsize=2)
def _words_of(text: str) -> _Words:
    """Tokenise a text once: attribution asks for cues in many windows of the same article."""
    runs = _runs(text)
    maybe: list[int] | None = None
    if runs is not None:
        words, starts, ends, maybe = runs
    else:
        starts, ends, words = _split_words(text)
    if maybe is None:
        # one cached dict look-up per word, mapped in C (an article repeats its words)
        candidates = list(compress(count(), map(_MAY_START_CUE.__getitem__, words)))
    else:
        # (mapped in C, as above)
        candidates = list(compress(maybe, map(_MAY_START_CUE.__getitem__, map(words.__getitem__, maybe))))
    return _Words(words, starts, ends, candidates)


def _split_words(text: str) -> tuple[list[int], list[int], list[str]]:
    """Offsets and text of the ``_WORD_RE`` words of ``text`` by one regex split (the reference)."""
    if ascii_words(text):
        split = _SPLIT_ASCII_RE.split if "-" in text else _SPLIT_PLAIN_ASCII_RE.split
    else:
        split = _SPLIT_RE.split if "-" in text else _SPLIT_PLAIN_RE.split
    parts = split(text)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, parts)))
    return offsets[0:-1:2], offsets[1::2], parts[1::2]


@lru_cache(maxsize=1)
def _letters() -> np.ndarray:
    """Which code points below 0x10000 the class ``[^\\W\\d_]`` holds, read off ``re`` itself.

    Built on first use (~12 ms), not at import: the CLI and the bot import this module too."""
    every = "".join(map(chr, range(0x10000)))
    letters = "".join(re.findall(r"[^\W\d_]", every))
    table = np.zeros(0x10000, bool)
    table[np.frombuffer(letters.encode("utf-32-le", "surrogatepass"), np.uint32)] = True
    return table


# A pronoun suffix _WORD_RE may add to a word ending at this "-" (the group: the rest of it, tried in the
# pattern's order: "-ils" gives "-il", as the first alternative that matches wins). Each "-" is tried on its
# own (only the "-" is consumed), so "-t-il" also yields the "-il" inside it.
_SUFFIX_RE = re.compile(r"-(?=((?:t-)?(?:il|elle|ils|elles)|t-on))")
_SPACE = np.uint32(ord(" "))


def _letter_runs(text: str) -> tuple[list[str], list[int], list[int]] | None:
    """``_WORD_RE``'s words with their offsets, from the maximal runs of letters, or None beyond U+FFFF.

    Every match is a maximal run of the one-character class, but where a pronoun suffix follows it
    (see :func:`_with_suffixes`): the runs' bounds are where a letter table over the code points
    changes, and the words are what ``str.split`` leaves once every other character is a space
    (numpy and C, instead of one ``re`` match and two strings per word). Beyond U+FFFF the table
    does not reach: None.
    """
    runs = _runs(text)
    return None if runs is None else runs[:3]


def _runs(text: str) -> tuple[list[str], list[int], list[int], list[int] | None] | None:
    """:func:`_letter_runs`, and the indices of the words that may start a cue (:func:`_may_cue`) or None."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if not len(codes) or int(codes.max()) > 0xFFFF:
        return None
    letter = _letters().take(codes)  # (cheaper than indexing by the array: the same gather)
    flags = np.zeros(len(codes) + 2, np.int8)
    flags[1:-1] = letter
    edges = np.flatnonzero(flags[1:] != flags[:-1])
    bounds = edges.tolist()  # start, end, start, end, ...
    # (no letter is a space: the blanked text splits exactly at the runs' bounds)
    blanked = np.where(letter, codes, _SPACE).tobytes().decode("utf-32-le", "surrogatepass")
    words, starts, ends = blanked.split(), bounds[0::2], bounds[1::2]
    if "-" in text:
        suffixed = _with_suffixes(text, words, starts, ends)
        if suffixed[0] is not words:
            return suffixed[0], suffixed[1], suffixed[2], None
    return words, starts, ends, _may_cue(text, codes, edges)


def _with_suffixes(text: str, words: list[str], starts: list[int], ends: list[int]
                   ) -> tuple[list[str], list[int], list[int]]:
    """The letter runs made ``_WORD_RE``'s words: a run ending at a "-" that a pronoun suffix follows takes it.

    As the regex scans: the word is the run (from where the scan stands, when an earlier suffix took
    the run's first letters: "dit-ils-elle" is "dit-il", "s-elle") plus the suffix, and the scan goes on
    right after the suffix, maybe inside a run. The runs between two such words are copied as they are.
    """
    out_words: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    pos = 0  # where the regex scan stands
    k = 0  # the first run not copied yet (the first whose end is past ``pos``)
    for m in _SUFFIX_RE.finditer(text):
        dash = m.start()
        if dash <= pos:
            continue  # inside the suffix just taken, or right after it: no word ends here
        j = bisect.bisect_left(ends, dash, k)
        if j == len(ends) or ends[j] != dash:
            continue  # no letter before the "-"
        _copy_runs(text, words, starts, ends, k, j, pos, out_words, out_starts, out_ends)
        start = max(starts[j], pos)
        pos = m.end(1)
        out_words.append(text[start:pos])
        out_starts.append(start)
        out_ends.append(pos)
        k = bisect.bisect_right(ends, pos, j)
    if not out_words:
        return words, starts, ends
    _copy_runs(text, words, starts, ends, k, len(ends), pos, out_words, out_starts, out_ends)
    return out_words, out_starts, out_ends


def _copy_runs(text: str, words: list[str], starts: list[int], ends: list[int], k: int, j: int, pos: int,
               out_words: list[str], out_starts: list[int], out_ends: list[int]) -> None:
    """Append runs ``k`` to ``j - 1`` as words; the first may start before ``pos`` (a suffix took its head)."""
    if k < j and starts[k] < pos:
        out_words.append(text[pos:ends[k]])
        out_starts.append(pos)
        out_ends.append(ends[k])
        k += 1
    out_words += words[k:j]
    out_starts += starts[k:j]
    out_ends += ends[k:j]


@lru_cache(maxsize=1)
def _cue_keys() -> tuple[np.ndarray, str, np.ndarray]:
    """Per code point below 0x10000 its lower case when that is one character; the code points whose lower
    case is several ("İ"); and which (length, first, last character, each & 0xFF) a cue candidate has."""
    lower = np.zeros(0x10000, np.uint32)
    several = []
    for code in range(0x10000):
        low = chr(code).lower()
        if len(low) == 1:
            lower[code] = ord(low)
        else:
            several.append(chr(code))
    keys = np.zeros((_KEY_LENGTHS, 256, 256), bool)
    for word in _CANDIDATES:
        keys[min(len(word), _KEY_LENGTHS - 1), ord(word[0]) & 0xFF, ord(word[-1]) & 0xFF] = True
    return lower, "".join(several), keys


_KEY_LENGTHS = 32  # (longer words share the last length slot)


def _may_cue(text: str, codes: np.ndarray, edges: np.ndarray) -> list[int] | None:
    """Indices of the letter runs (bounds ``edges``) whose lower case may be a cue candidate, or None.

    A run lower-cased is a candidate only if its length, first and last character are a candidate's:
    the other runs need no look-up (most words). That holds when no character of the text lower-cases
    to several (else None): then lower-casing keeps the length and maps the first and the last
    character on their own (the one exception, a final Greek sigma, is in no candidate).
    """
    lower, several, keys = _cue_keys()
    if any(ch in text for ch in several):
        return None
    starts, ends = edges[0::2], edges[1::2]
    # one flat index per run (length, first, last): a single gather, cheaper than indexing by three arrays
    flat = np.minimum(ends - starts, _KEY_LENGTHS - 1) << 16 | (lower[codes[starts]] & 0xFF).astype(np.intp) << 8
    return np.flatnonzero(keys.ravel()[flat | lower[codes[ends - 1]] & 0xFF]).tolist()


def _may_start_cue(word: str) -> bool:
    """True for a word that :func:`_scan` must check: a candidate once lower-cased, or hyphenated."""
    return word.lower() in _CANDIDATES or "-" in word  # "dit-elle", "a-t-il"


_MAY_START_CUE: TokenCache[bool] = TokenCache(_may_start_cue)


def iter_cues(text: str, start: int, end: int, lang: str = "en") -> Iterator[CueMatch]:
    """Reporting verbs between ``start`` and ``end``: word scan plus set look-ups (no big alternations)."""
    # a plain function handing back _scan's generator (one generator level less per call; the scan is pure)
    if start >= end:
        return iter(())
    tw = _words_of(text)
    lo = bisect.bisect_left(tw.starts, start)
    hi = bisect.bisect_right(tw.ends, end, lo)
    if (lo > 0 and tw.ends[lo - 1] > start) or (hi < len(tw.starts) and tw.starts[hi] < end):
        # a window edge cuts a word: tokenise the window itself, as the regex would
        parts = _SPLIT_RE.split(text[start:end])
        offsets = [start + o for o in accumulate(map(len, parts))]
        words = parts[1::2]
        return _scan(text, words, offsets[0:-1:2], offsets[1::2], range(len(words)), 0, len(words), lang)
    c_lo = bisect.bisect_left(tw.candidates, lo)
    c_hi = bisect.bisect_left(tw.candidates, hi, c_lo)
    if c_lo < c_hi:
        return _scan(text, tw.words, tw.starts, tw.ends, tw.candidates[c_lo:c_hi], lo, hi, lang)
    return iter(())


def _scan(text: str, words: list[str], starts: list[int], ends: list[int], indices: Iterable[int],
          lo: int, hi: int, lang: str) -> Iterator[CueMatch]:
    """Cue checks on the words at ``indices`` of the window ``words[lo:hi]`` (others cannot start one)."""
    for i in indices:
        word = words[i]
        low = word.lower()
        has_next = i + 1 < hi
        if lang != "fr" and low in _MULTI_FIRST and has_next and words[i + 1].lower() == _MULTI_FIRST[low] \
                and not text[ends[i]:starts[i + 1]].strip():
            yield CueMatch(starts[i], ends[i + 1], text[starts[i]:ends[i + 1]])
            continue
        prev = words[i - 1] if i > lo else ""
        if lang != "fr" and low in EN_CUE_VERBS and not (
                word[0].isupper() and (prev[:1].islower() or (low in _NAME_FORMS and prev[:1].isupper()))) \
                and not (prev.lower() in _DETERMINERS and not text[ends[i - 1]:starts[i]].strip()) \
                and not (low[-1] == "s" and _after_number(text, starts[i])):
            # "the states", "45 states", "his claims", "Secretary of State", "United States": nouns, not
            # reporting verbs
            yield CueMatch(starts[i], ends[i], word)
            continue
        if (low in _FR_AUX or _FR_AUX_INV.match(low)) and has_next and not text[ends[i]:starts[i + 1]].strip():
            participle = words[i + 1].lower()
            if participle in FR_PARTICIPLE_SET:
                stop = ends[i + 1]
                if participle == "fait" and i + 2 < hi and words[i + 2].lower() in {"savoir", "valoir"}:
                    stop = ends[i + 2]
                yield CueMatch(starts[i], stop, text[starts[i]:stop])
                continue
        base = low.split("-", 1)[0] if "-t" in low or low.endswith(("-il", "-elle", "-ils", "-elles", "-on")) else low
        if base in FR_PRESENT and (lang == "fr" or base not in EN_CUE_VERBS):
            yield CueMatch(starts[i], ends[i], word)


def _after_number(text: str, pos: int) -> bool:
    """True when a number comes right before the word at ``pos`` ("45 states", "2 reports")."""
    j = pos - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and text[j].isdigit() and j < pos - 1


def first_cue(text: str, start: int, end: int, lang: str = "en") -> CueMatch | None:
    """The first reporting verb between ``start`` and ``end``, or None."""
    return next(iter_cues(text, start, end, lang), None)


# Common first names with a clear gender, to keep "she said" away from the last male speaker.
FEMALE_FIRST_NAMES = frozenset("""mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma
samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline
frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise
amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose
alexis kayla hillary chelsea melania ivanka michelle nancy elaine kellyanne huma donna condoleezza
sonia elena ruth susanna tina claire kirsten tammy tulsi kamala jill kristen nikki sheila maxine gwen
stacey yvette carla esther azucena veronica adriana krystal jacklyn beck nell valerie hope sally
anne sophie camille chloé chloe léa lea manon inès ines jade louise élise elise marion nathalie isabelle
sylvie catherine françoise francoise monique sandrine valérie aurélie ségolène segolene marine rachida
christiane anne-marie marie-claire brigitte agnès agnes hélène helene cécile cecile juliette élisabeth
fatou aminata aïssata aissata mariam fatoumata awa khadija ngozi chimamanda tatiana olga irina svetlana
natalia elena ekaterina angela ursula theresa annalena greta federica giorgia
carly debbie loretta zoe zoey neera brigid bridget ada abby addison adele aileen alexandra alicia alison
allison alyssa annette annie ariana arlene audrey barbra becky bernadette beth bethany betsy bonnie
brianna caitlin candace cara carmen caroline carrie cassandra cathy cecilia celeste charlene cindy claudia
colleen connie courtney darlene deanna dolores eileen eleanor ella ellen eloise emilia erica erin
estelle eva felicia fiona florence gabriela gabrielle gail geraldine gillian gina gretchen harriet heidi
ida ingrid irene isabel jackie jana jeanette jeanne jenna jenny jessie joanna joanne jocelyn johanna
josephine juanita kara kate kathy katie kendra kristin kristina kristine krista leah lillian lily lindsay
lorraine lucia lucy lydia maggie mallory mandy marcia margarita marianne marisa marjorie marla marlene
maureen meghan megyn melinda melanie meredith mia mildred miranda molly monica nadia naomi nina nora
norma paige pauline peggy penelope phyllis priscilla rebekah regina renee rhonda rita roberta rosalind
rosemary roxanne sabrina shannon sheryl shelley sherry sonya stella susie suzanne sylvia tamara tanya tara
tiffany trisha vanessa vera vicki vivian wanda wendy whitney yolanda yvonne hilary""".split()) | FR_FEMALE_FIRST_NAMES
MALE_FIRST_NAMES = frozenset("""james robert john michael william david richard joseph thomas charles
christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald
harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert
willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis barack
bill mike mitt newt ted marco rand jeb chris bernie joe tim mitch reince rudy rudolph hans howard
elijah jim nick dick al tom ben dan phil jon josh sam steve greg ron ken mitch reince corey
lindsey bob rick rob harry jimmy lyndon ronald franklin dwight hugh quentin kenneth
jean pierre michel philippe alain nicolas françois francois emmanuel jacques laurent olivier christophe
frédéric frederic thierry patrick éric sébastien sebastien julien stéphane stephane guillaume bruno
yves gérard gerard bernard marcel rené rene louis luc lucas hugo théo theo mathieu matthieu antoine
abdoulaye mamadou moussa ibrahim ibrahima amadou oumar boubacar modibo assimi macky ousmane cheikh
seydou souleymane mohamed mohammed ahmed ali omar youssef karim vladimir sergei sergey dmitry ivan
alexei mikhail igor nikolai volodymyr olaf friedrich angelo giuseppe xi
jeff jeffery geoff geoffrey chuck matt martin robby robbie tad ed eddie edwin glenn sheldon jay craig isaac
stuart stewart gene brad bradley trey jared morton don donnie marvin jake andy alastair alistair luis ari
carlos marc mario antonio manuel francisco javier diego pedro miguel rafael jorge ricardo roberto alberto
fernando sergio whit wesley travis curtis shane derek troy clayton colin neil darren dale duane dwayne lloyd
floyd leonard leon lewis marcus mathew maxwell melvin milton murray nathaniel norman oliver oscar owen perry
preston reggie reginald rodney roland ross rupert seth sidney simon spencer stanley teddy terrence todd
tony trevor tyrone vernon victor wade wallace warren wendell winston abe abraham ahmad hassan hussein
kareem khalid mahmoud mustafa rahul sanjay vijay hiroshi kenji yusuf mehmet boris dmitri klaus dieter
wolfgang helmut lars sven magnus paolo matteo luca giovanni francesco lorenzo pablo alejandro andres
felipe gustavo joaquin""".split()) | FR_MALE_FIRST_NAMES
FIRST_NAMES = FEMALE_FIRST_NAMES | MALE_FIRST_NAMES  # either gender (or both: "jean")

# Countries, US states and capitals: a name that is a place speaks as an institution ("Russia
# insisted"), never as "he" or "she". Whole folded names only ("jordan" the country, not "Jim Jordan").
PLACES = frozenset(p.replace("_", " ") for p in """
afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain bangladesh
belarus belgium benin bolivia bosnia botswana brazil bulgaria burkina_faso burundi cambodia cameroon
canada chad chile china colombia congo croatia cuba cyprus czech_republic denmark djibouti ecuador egypt
eritrea estonia ethiopia finland france gabon gambia georgia germany ghana greece guatemala guinea haiti
honduras hungary iceland india indonesia iran iraq ireland israel italy ivory_coast jamaica japan jordan
kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon liberia libya lithuania luxembourg
madagascar malawi malaysia mali malta mauritania mexico moldova mongolia montenegro morocco mozambique
myanmar namibia nepal netherlands new_zealand nicaragua niger nigeria north_korea norway oman pakistan
palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda saudi_arabia
senegal serbia sierra_leone singapore slovakia slovenia somalia south_africa south_korea south_sudan
spain sri_lanka sudan sweden switzerland syria taiwan tajikistan tanzania thailand togo tunisia turkey
turkmenistan uganda ukraine united_arab_emirates united_kingdom united_states uruguay uzbekistan
venezuela vietnam yemen zambia zimbabwe america britain england scotland wales europe africa asia
pyongyang beijing moscow washington tehran kabul baghdad damascus kyiv kiev london paris berlin tokyo
seoul ottawa bamako ouagadougou niamey dakar abuja nairobi cairo brussels
alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina
north_dakota ohio oklahoma oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas
utah vermont virginia west_virginia wisconsin wyoming
allemagne angleterre arabie_saoudite autriche belgique bresil chine coree_du_nord coree_du_sud danemark
egypte espagne etats-unis grande-bretagne grece hongrie inde irak irlande italie japon liban libye maroc
mexique norvege nouvelle-zelande pays-bas pologne roumanie royaume-uni russie serbie slovaquie suede
suisse syrie tchequie tunisie turquie ukraine europe afrique asie amerique
jordanie algerie cameroun tchad guinee mauritanie ethiopie somalie soudan ouganda tanzanie koweit chypre
croatie bulgarie albanie estonie lettonie lituanie finlande islande bielorussie moldavie armenie
azerbaidjan ouzbekistan indonesie malaisie thailande birmanie cambodge australie argentine colombie perou
bolivie equateur monaco cote_d'ivoire
pekin moscou londres teheran bagdad damas kiev bruxelles berlin madrid rome varsovie prague vienne athenes
ankara jerusalem belgrade pristina bucarest budapest lisbonne alger rabat tunis beyrouth le_caire
""".split())
