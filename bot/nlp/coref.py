"""Speaker resolution within one article: names, pronouns, definite descriptions, affiliates.

The convention (shared with the PolNeAR annotation): a pronoun or a definite description
("the senator", "the ministry") refers to the nearest preceding *named* speaker whose statement
is in the same or the previous paragraph, when one agrees in gender; otherwise the speaker is unknown.
"""

from __future__ import annotations

import bisect
import logging
import re

from bot.nlp.affiliates import affiliate_of, affiliate_speaker, employer_after, known_within, mentioned_with_role
from bot.nlp.attribution import Cue, np_after
from bot.nlp.capitals import mid_caps
from bot.nlp.cues import (
    FIRST_NAMES,
    GENDER_TITLES,
    ORG_WORDS,
    PRONOUNS,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SPEAKER_NOUNS,
)
from bot.nlp.descriptions import (
    AGE_RE,
    GROUP_WORDS,
    MEDIA_HEADS,
    MEDIA_WORDS,
    OFFICES,
    ORG_NOUNS,
    PARTY_ROLES,
    RELATIVE_CUT_RE,
    description_head,
    has_capital_complement,
    has_complement,
    role_matches,
)
from bot.nlp.documents import AUTHORED, document_author
from bot.nlp.french import (
    DEMONSTRATIVES,
    FR_WINDOW,
    epithet_speaker,
    institution_name,
    last_unnamed_subject,
    names_former_role,
    no_speaker_name,
    not_the_one_described,
    noun_complement,
    phrase_gender,
    role_subjects,
    unnamed_description,
    without_opening_article,
)
from bot.nlp.french_pronouns import demonstrative_antecedent, learn_gender, lone_possessor
from bot.nlp.org_kinds import fits, org_kinds
from bot.nlp.rivals import has_rival, place
from bot.nlp.speakers import (
    Person,
    gender_of,
    is_place,
    is_title,
    one_person,
    plausible_name,
    plural_title,
    split_name_role,
    trim_name,
)
from bot.nlp.subjects import ArticleText
from bot.nlp.unnamed import PERSON_NOUNS, last_unnamed_speaker

log = logging.getLogger(__name__)

_DEFINITE = frozenset({"the", "this", "that", "le", "la", "l'", "l’", "ce", "cet", "cette"})
_INDEFINITE = frozenset({"a", "an", "un", "une", "one"})
# Honorifics in an apposition belong to someone else's name ("owner of the Miss Universe pageant").
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss sir lord dame lady m. mme mme. mlle mlle. monsieur madame".split())
_LOWER_WORDS_RE = re.compile(r"(?:[ \u00a0]+[a-z][a-z-]*){0,3}")
_CAMEL_RE = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+[A-Za-z]*")
_PLURAL = frozenset({"they", "ils", "elles", "we", "nous"})
_WORD_BEFORE_RE = re.compile(r"[^.!?\s\"“”:;][ \u00a0]+([A-Z][\w’'-]*)[ \u00a0]+$")  # (mid-sentence)
_OPENERS = frozenset({"", ".", "!", "?", "\"", "”"})  # what may end the text before a sentence's first word
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant")  # "Matchwinner", "Veteran", "Debutant": a descriptor's shape
_NAME_COMMA_RE = re.compile(r"(?:^|(?<=[.!?\n“”\"])\s*)([A-Z][a-z]+(?: [A-Z][\w’'-]+){1,2}),[ \u00a0]$")
_ARTICLE_BEFORE_RE = re.compile(r"(?:^|[^\w’'-])[Aa]n?\s+(?:[a-z][\w’'-]*\s+){1,3}$")


class Event:
    """An attribution seen so far: where it starts, its paragraph, its (resolved) speaker."""

    __slots__ = ("addressee", "addressee_pos", "para", "person", "pos")

    def __init__(self, pos: int, para: int, person: Person | None,
                 addressee: tuple[Person, int] | None = None) -> None:
        self.pos = pos
        self.para = para
        self.person = person
        # who was asked and where they are named, for "“...?” X asked Y. “...,” he said"
        self.addressee = addressee[0] if addressee else None
        self.addressee_pos = addressee[1] if addressee else pos


class ArticleContext(ArticleText):
    """Per-article state for attribution: the text's names and subjects (``ArticleText``), attributions seen so far."""

    def __init__(self, text: str, lang: str) -> None:
        super().__init__(text, lang)
        self.events: list[Event] = []
        self._asked: list[Event] = []  # attributions whose question names the one asked
        self._unnamed: list[tuple[int, str]] = []  # where an unnamed speaker was described ("a … official")
        self._not_blocking: set[int] = set()  # of those, the ones that leave "he" to a name before them

    # -- speaker resolution ------------------------------------------------------------------
    def resolve(self, cue: Cue, pos: int) -> tuple[Person | None, str | None]:
        """The speaker a cue phrase denotes (pronouns and definites resolved) and its role."""
        person, role = self._resolve(cue, pos)
        if person is not None and self.lang == "en":
            if person.name.count(" ") == 1:
                person = self._without_descriptor(person)
            if person.is_org and cue.phrase.lower().startswith(("a ", "an ")) and not cue.asks() \
                    and cue.phrase.rsplit(None, 1)[-1].lower() in ROLE_WORDS:
                self._unnamed.append((pos, cue.phrase.rsplit(None, 1)[-1].lower()))  # "a Home Office spokesman"
            elif person.is_org:
                person = self._named_before_org(cue, person, pos)
        return person, role

    def _named_before_org(self, cue: Cue, org: Person, pos: int) -> Person:
        """"Colin Asplin, Blackpool Hotel Association said": the person named before the body, set off by a comma
        (the closing comma of the apposition left out), speaks for it."""
        before = _NAME_COMMA_RE.search(self.text, max(0, cue.start - 50), cue.start)
        if before is None or before.group(1).split()[0].lower() not in FIRST_NAMES:
            return org
        return self.registry.add(before.group(1), cue.phrase, before.start(1))

    def _without_descriptor(self, person: Person) -> Person:
        """"Matchwinner Keane" opening a sentence after "Robbie Keane": a capitalised agent noun, not a first name,
        before the surname of the one person named in full with it, is that person ("Dara Keane" is not)."""
        first, surname = person.name.split()
        if not first[1:].islower() or not first.endswith(_AGENT_ENDINGS) or first.lower() in FIRST_NAMES \
                or is_title(first) or is_place(first) or not any(self.text[max(0, at - 3):at].strip()[-1:] in _OPENERS
                                              for at in person.positions):
            return person
        # (a first name before the surname: "Manchester United" is not "Shareholders United")
        others = [p for p in self.registry.people() if p is not person and not p.is_org and p.name.count(" ")
                  and p.name.rsplit(None, 1)[-1] == surname and p.name.split(None, 1)[0].lower() in FIRST_NAMES]
        return others[0] if len(others) == 1 else person

    def _resolve(self, cue: Cue, pos: int) -> tuple[Person | None, str | None]:
        low = cue.phrase.lower()
        if low in PRONOUNS:
            if self.lang == "fr" and low in ("ils", "elles"):
                return None, None  # « …, disent-ils »: several people (one of them did not say it alone)
            found = self.antecedent(pos, PRONOUNS[low], plural=low in _PLURAL, asking=cue.asks())
            return learn_gender(found, low, self, pos), None  # (French: also carried on over paragraphs)
        if self.lang == "fr" and low == "ses":
            return lone_possessor(self, pos), None  # « À ses yeux, « … » »
        if self.lang == "fr" and low in DEMONSTRATIVES:
            sex = DEMONSTRATIVES[low]  # « …, a répondu cette dernière »: the one named last, of that gender
            return learn_gender(demonstrative_antecedent(self, pos, sex), "il" if sex == "m" else "elle"), None
        if self.lang == "en" and low == "it":
            return self._sole_org(pos), None  # "Google said …. It said: “…”": the organisation, when no one else
        if self.lang == "en" and cue.phrase.startswith("the ") and self._title_before(cue.start):
            return None, None  # "the US singer of Because the Night told": a title's words, not a speaker
        if self.lang == "fr" and unnamed_description(cue.phrase, cue.apposition, self.text, cue.start):
            return None, cue.phrase  # « …, assure le Lillois / l'avocat de X »: no name, and not X
        words = low.split()
        if len(words) > 2 and words[0] in _DEFINITE and words[1] in ORG_NOUNS and has_capital_complement(cue.phrase):
            # "le ministère russe de la Défense", "la préfecture de police de Paris": the organisation itself
            org_name = cue.phrase.split(None, 1)[1]
            return self.registry.add(org_name[:1].upper() + org_name[1:], None, pos), None
        institution = institution_name(cue.phrase) if self.lang == "fr" else None
        if institution is not None:
            return self.registry.add(institution, None, pos), None  # "la Banque mondiale": no role, the name
        mention = cue.phrase + (", " + cue.apposition if cue.apposition else "")
        name, role = split_name_role(mention)
        k = len(name.split())
        if words[0] in {"a", "an"} and len(words) > 1 and (words[1] == name.lower() or (
                " ".join(words[1:1 + k]) == name.lower() and len(words) > 1 + k and words[1 + k] in ROLE_WORDS)):
            # "a German user", "an American", "an East German journalist": a nationality or an affiliation
            # ("an angry Hollande" is a name)
            name = ""
        if name and words[0] in {"a", "an"} and self._role_noun_follows(cue.end):
            name = ""  # "says a senior Afghan economic official": the phrase was cut before its noun
        if not name or (len(name.split()) > 2 and name.split()[-1].lower() not in ORG_WORDS) \
                or not plausible_name(name):
            # a title-case headline run ("Chris Christie Calls Hillary Clinton", "Vermonter Bernie
            # Sanders"): the known name inside it
            known = known_within(self.registry, cue.phrase if not name or not plausible_name(name) else name)
            if known is not None:
                return known, role
            if name and not plausible_name(name):
                # "But Fiorina" -> "Fiorina"; "What", "Tuesday", "Clinton Wades In": no one
                name = trim_name(name)
        if name and role and self.lang == "en" and not cue.apposition and employer_after(role):
            # "an aide to Obama", "a spokeswoman for Google": the name is whom the speaker works for
            return self._affiliate(self.registry.add(name, None, pos), role, pos, cue.phrase)
        if name and self.lang == "fr":
            name = without_opening_article(name, self.text, cue.phrase)
        if name:
            gender = gender_of(cue.phrase) or (gender_of(" ".join(
                w for w in cue.apposition.split() if w.lower() not in _HONORIFICS)) if cue.apposition else None)
            return self.registry.add(name, role, pos, gender), role
        if " " not in cue.phrase and cue.phrase[:1].isupper() and self.registry.is_surname(cue.phrase):
            # a surname that is also a role word ("Dean", "King") of someone already named
            return self.registry.add(cue.phrase, role, pos), role
        words = low.split()
        elided = bool(words) and words[0][:2] in ("l'", "l’") and len(words[0]) > 2
        if elided:
            # "l'étudiant", "l'ex-journaliste": the article is glued to the noun
            role = (role or cue.phrase)[2:] if (role or cue.phrase)[:2].lower() in ("l'", "l’") else role
        head, described = description_head(role or "")
        affiliate = affiliate_of(self.registry, cue.phrase, pos)
        if affiliate is not None:
            return self._affiliate(affiliate, role, pos, cue.phrase) if self.lang == "en" else (affiliate, role)
        if words and (words[0] in _DEFINITE or elided) and head in ORG_NOUNS and has_capital_complement(role or ""):
            # "la préfecture de police de Paris", "le ministère russe de la Défense": the description
            # names the organisation itself
            org_name = (role or "").strip(" ,.")
            return self.registry.add(org_name[:1].upper() + org_name[1:] if org_name else org_name, None, pos), None
        if words and (words[0] in _DEFINITE or elided):
            strict, former = has_complement(role or "", head), self.lang == "fr" and names_former_role(words)
            found = self._definite(head, phrase_gender(cue.phrase, head, self.lang), pos, described, strict, former)
            if found is None and self.lang == "en" and (head in ROLE_WORDS or head in PERSON_NOUNS):
                self._unnamed.append((pos, head))  # "the senior bank official said": unnamed, and "he" next is him
            if found is not None and not found.role and head in ROLE_WORDS and role:
                found.role = role  # "ce père de quatre enfants" is not "le magistrat" later on
            return found, None
        if words and self.lang == "en" and (words[0] in _INDEFINITE or words[0] == "another" or (
                len(words) == 1 and _ARTICLE_BEFORE_RE.search(self.text, max(0, cue.start - 40), cue.start))):
            # ("A senior central bank official told": the phrase may come cut to its noun)
            noun = RELATIVE_CUT_RE.split(cue.phrase, 1)[0].split()[-1].lower()
            if noun in ROLE_WORDS or noun in PERSON_NOUNS or noun in ("another", "one"):
                self._unnamed.append((pos, noun))  # "a Mexican official said": "the official" later is this one
                if cue.asks() or self.text[max(0, cue.start - 8):cue.start].rstrip().endswith(("told", "tells")):
                    self._not_blocking.add(pos)  # one who asks is answered by another; "told a voter": whom told
        return None, role or cue.phrase

    def _title_before(self, start: int) -> bool:
        """True when a function word capitalised mid-sentence sits right before ``start``: a title's words ("singer
        of Because the Night told"; a person's name takes no article); not "the only Amendment the Founders wrote"."""
        before = _WORD_BEFORE_RE.search(self.text, max(0, start - 40), start)
        if before is None:
            return False
        word = before.group(1)
        return word.lower() in SENTENCE_WORDS

    def _role_noun_follows(self, end: int) -> bool:
        """True when up to three lower-case words after ``end`` reach a role noun ("… economic official")."""
        after = _LOWER_WORDS_RE.match(self.text, end)
        return after is not None and any(w in ROLE_WORDS for w in after.group().split())

    def _affiliate(self, person: Person, role: str | None, pos: int, phrase: str) -> tuple[Person | None, str | None]:
        """The speaker of an affiliate phrase (see ``affiliate_speaker``); an unnamed one is remembered."""
        speaker, unnamed = affiliate_speaker(self.registry, self.text, person, phrase, pos)
        if unnamed is not None:
            self._unnamed.append((pos, unnamed))
        return speaker, role if speaker is person else (role or phrase)

    def speaker_ok(self, person: Person, cue: Cue | None = None) -> bool:
        """True when ``person`` can be a speaker here: a plausible name, and a one-word name is one.

        A single capitalised word counts only as the subject of a reporting verb ("Melanie said"), a transcript
        label ("WALLACE:"), the surname of someone named in full, a titled mention, an organisation, or a word
        capitalised mid-sentence in the article ("Gluten" opening a sentence before a colon is no speaker).
        """
        name = person.name
        if not plausible_name(name) and not (self.lang == "fr" and plural_title(name)):
            return False
        if self.lang == "fr" and no_speaker_name(name):
            return False  # « a prévenu Paris »: a government, which says no one; « À Marseille : »: no name
        if " " in name.strip():
            return True
        if person.is_org and not is_place(name):
            return True
        if person.role or self.registry.is_surname_of_full(name):
            return True
        word = name.strip()
        if self.lang == "en" and _CAMEL_RE.fullmatch(word):
            return True  # "HuffPollster", "PolitiFact": a brand's name, never a sentence's first word
        if self._in_lower_case(word):
            return False  # "Aides", "Gluten": a common noun that opens a sentence
        if cue is not None and cue.phrase.lower() in PRONOUNS:
            return True  # the antecedent was already vetted as a sentence subject or a speaker
        if cue is not None and cue.phrase.strip() == cue.phrase and (
                cue.cue[:1].isalpha() or (cue.cue == ":" and cue.phrase.isupper() and len(cue.phrase) > 2)):
            return True
        if self._mid_caps is None:
            self._mid_caps = mid_caps(self.text)
        return word in self._mid_caps or word.upper() in self._mid_caps or word.capitalize() in self._mid_caps

    def _definite(self, head: str, gender: str | None, pos: int, described: frozenset[str] = frozenset(),
                  strict: bool = False, former: bool = False) -> Person | None:
        """"the senator" / "the ministry": a same-role speaker, a matching organisation, else the nearest one.

        A description with more words than its head ("le ministre de la Santé") only fits someone whose
        known role has them all (not "le Premier ministre").
        """
        if head in ROLE_WORDS or AGE_RE.fullmatch(head):
            # the whole description must fit a known role only when it names one ("ministre de la
            # Santé"); "the Vermont senator" needs a senator
            wanted = (described | {head} if strict else frozenset({head})) if head in ROLE_WORDS else frozenset()
            if self._unnamed_before(head, pos):
                return None  # "a Mexican official said …; … the official said": still no name
            for event in reversed(self.events):
                if event.person is not None and event.pos < pos and event.person.role \
                        and role_matches(event.person.role, wanted) \
                        and not (self.lang == "en" and "vice" in event.person.role.lower() and "vice" not in described):
                    # "the former president" is not the vice president quoted before
                    subject = self._subject_with_role(wanted, event.pos, pos) if self.lang == "en" else None
                    return subject or event.person
            gender = gender or GENDER_TITLES.get(head)
            found = self.antecedent(pos, gender, role_words=wanted or None)
            if found is not None and (strict or former) and not (found.role and role_matches(found.role, wanted)):
                # "le ministre de la Santé" is not whoever spoke last, nor is "l'ex-journaliste"
                found = None
            if found is not None and self.lang == "en" and not described.isdisjoint(ORG_NOUNS) \
                    and not (found.role and role_matches(found.role, wanted)):
                found = None  # "the trading company official": one described by an employer, not whoever spoke last
            if found is not None and self.lang == "fr" and not_the_one_described(self, found, head, pos):
                found = None  # « d'après le procureur » is not someone with no role named paragraphs before
            if found is None and head in ROLE_WORDS:
                # "the senator" after "Sen. Bernie Sanders" was named, not quoted, earlier on
                found = mentioned_with_role(self.registry, wanted, gender, pos)
            return found
        org = self.registry.org_with_head(head, pos)
        if org is not None:
            return org
        if head in ORG_NOUNS:
            # "the newspaper", "the agency", "the group": the organisation named last, nearby
            org = self._recent_org(pos, media=head in MEDIA_HEADS and self.lang == "en", head=head)
            return self._sole_org(pos, head in MEDIA_HEADS, head) if org is None and self.lang == "en" else org
        if head in AUTHORED:
            # "Obama released a statement ... “…,” the statement said": its author, when named
            author = document_author(self.text, head, self.para_starts[max(0, self.para_of(pos) - 1)], pos)
            if author is not None:
                return self.registry.get(split_name_role(author.phrase)[0])
        if head in SPEAKER_NOUNS or head in PERSON_NOUNS or not head:
            return None  # "the second arbitrageur said": a person, not the nearest speaker
        if self.lang == "fr":  # "le chauffeur du bus": one so described, else an epithet of the nearest one
            return epithet_speaker(self.registry, head, gender, pos, self.antecedent(pos, None, plural=True))
        # "the article", "the piece", "the ad's narrator": the nearest named speaker, person or not
        return self.antecedent(pos, None, plural=True)

    def _subject_with_role(self, wanted: frozenset[str], after: int, pos: int) -> Person | None:
        """A sentence subject with the wanted role named after ``after`` in this or the previous paragraph.

        "Sen. Ted Cruz said … ¶ Sen. Bernie Sanders also called on China … ¶ “…,” the senator told ABC": the
        senator who opened the last sentence, not the last senator quoted.
        """
        lo = bisect.bisect_left(self.subject_pos, max(after + 1, self.para_starts[max(0, self.para_of(pos) - 1)]))
        hi = bisect.bisect_left(self.subject_pos, pos)
        return next((person for at, person in reversed(self.subjects[lo:hi]) if person.role and not person.is_org
                     and role_matches(person.role, wanted) and self._is_subject(at)), None)

    def _unnamed_before(self, head: str, pos: int) -> bool:
        """True when the last speaker described with ``head`` was unnamed ("a senior official"): nearby, or in
        English anywhere before (wire copy repeats "the senior bank official said" paragraphs apart)."""
        window = self.para_starts[max(0, self.para_of(pos) - 1)] if self.paras and self.lang != "en" else 0
        last = next((at for at, h in reversed(self._unnamed) if h == head and window <= at < pos), None)
        if last is None:
            return False
        return not any(e.person is not None and last < e.pos < pos and e.person.role
                       and role_matches(e.person.role, frozenset({head})) for e in self.events)

    def _sole_org(self, pos: int, media: bool = False, head: str = "") -> Person | None:
        """The one speaker or sentence subject of this and the paragraph before, when it may be an organisation.

        "Shell told investors that …. “…,” the firm said", "Google said …. It said: “…”": a single-word name
        with no gender (not for "the paper": press reviews quote many), or one described by an organisation's
        noun ("Izvestia, a Moscow daily"). Two candidates, or a person, leave no one.
        """
        window = self.para_starts[max(0, self.para_of(pos) - 1)] if self.paras else 0
        found = {id(e.person): e.person for e in self.events if e.person is not None and window <= e.pos < pos}
        last = max((e.pos for e in self.events if e.person is not None and window <= e.pos < pos), default=-1)
        lo, hi = bisect.bisect_left(self.subject_pos, window), bisect.bisect_left(self.subject_pos, pos)
        for at, person in self.subjects[lo:hi]:
            if (person.gender is None and not is_place(person.name)) or self._is_subject(at):
                found[id(person)], last = person, max(last, at)  # (a name of no gender competes as a subject or not)
        if len(found) != 1 or any(e.person is None and last < e.pos < pos for e in self.events):
            return None  # (a quotation of no one known since: "AS offers …: “…”", another source)
        org = next(iter(found.values()))
        if not any(self.para_starts[max(0, self.para_of(pos) - 3)] <= at < pos for at in org.positions):
            return None  # not named nearby: carried by descriptions ("the company said") from further back
        wanted, head = head, description_head(org.role)[0] if org.role else ""
        # a bare name must have spoken ("Highveld said"): "Swedish mining group Boliden AB forecast" is no speaker
        bare = not media and org.gender is None and " " not in org.name and not is_place(org.name) \
            and head not in ROLE_WORDS and head not in PERSON_NOUNS and any(e.person is org for e in self.events)
        if not (org.is_org or head in ORG_NOUNS or bare):
            return None
        kinds = org_kinds(self.text, org) if wanted else set()
        return None if kinds and not fits(wanted, kinds) else org  # "the company" is not the hospital

    def _recent_org(self, pos: int, media: bool = False, head: str = "") -> Person | None:
        """The organisation (not a place) named last before ``pos`` in this or the two paragraphs before.

        With ``media`` ("the newspaper"), only a news outlet's name counts ("Daily News", not the NRA). In
        English the head must fit the one organisation of its kind named there ("the company": not the
        hospital or the regulator named last; "software firm Macrovision" is a company): two, or none, give no one.
        """
        para = self.para_of(pos)
        window = self.para_starts[max(0, para - 2)] if self.paras else 0
        best: tuple[int, Person] | None = None
        agreeing = self.lang == "en" and bool(head)
        for person in self.registry.people():
            if is_place(person.name) or not (person.is_org or (agreeing and person.gender is None and not (
                    person.role and description_head(person.role)[0] in ROLE_WORDS))):  # ("airline boss X")
                continue
            if media and not MEDIA_WORDS.intersection(person.name.lower().split()):
                continue
            seen = [p for p in person.positions if window <= p < pos]
            if not seen or (agreeing and not fits(head, org_kinds(self.text, person))):
                continue
            if agreeing and best is not None:
                return None  # two organisations of that kind: a guess
            if best is None or seen[-1] > best[0]:
                best = (seen[-1], person)
        return best[1] if best else None

    def antecedent(self, pos: int, gender: str | None, plural: bool = False, asking: bool = False,
                   role_words: frozenset[str] | None = None) -> Person | None:
        """Nearest preceding named speaker (or sentence subject) in this or the previous paragraph.

        After a question put to someone ("asked the administrator"), a reply's "he" is the one asked
        (unless the reply is itself a question: the asker goes on asking).
        """
        para = self.para_of(pos)
        fr_floor = pos - FR_WINDOW if self.lang == "fr" else 0  # French text may come without paragraph breaks
        window = max(self.para_starts[max(0, para - 1)] if self.paras else 0, fr_floor)
        # (position, person, is a subject candidate still to be checked with _is_subject)
        cands: list[tuple[float, Person, bool]] = [(e.pos, e.person, False) for e in self.events
                                                   if e.person is not None and window <= e.pos < pos]
        if not asking:
            cands.extend((e.addressee_pos, e.addressee, False) for e in self._asked
                         if e.addressee is not None and window <= e.pos and e.addressee_pos < pos)
        lo = bisect.bisect_left(self.subject_pos, window)
        hi = bisect.bisect_left(self.subject_pos, pos)
        cands.extend((at, person, True) for at, person in self.subjects[lo:hi])
        cands.sort(key=lambda item: item[0], reverse=True)
        # French: an unnamed subject ("un ténor de la droite") after every candidate is the one meant
        unnamed = last_unnamed_subject(self.text, window, pos, gender, self.inside_quote) \
            if self.lang == "fr" and not plural else -1
        if self.lang == "en" and not plural:
            # "“…,” said an aide to Obama. “…,” he added": the aide again, not Obama named before him; so after
            # "the senior bank official said" or "another said": an unnamed source blocks any name before it
            unnamed = max((at for at, _ in self._unnamed if window <= at < pos and at not in self._not_blocking),
                          default=-1)
            unnamed = max(unnamed, last_unnamed_speaker(self.text, window, pos, self.inside_quote))
        for at, person, subject in cands:
            if len(person.name) == 1 and gender is not None and person.gender == gender and self.lang == "en":
                return None  # "Mrs. H opts to …. “…,” she asks": one known by an initial, not a name further back
            if (person.is_org and not plural) or not plausible_name(person.name) or is_place(person.name) \
                    or (not plural and (person.name.lower() in GROUP_WORDS or not one_person(person.name))):
                continue
            if not plural and any(c.isdigit() for c in person.name):
                continue  # "AirAsia QZ8501 made a steep climb …, a source said. “…,” he said": a flight, a product
            if gender is not None and person.gender is not None and person.gender != gender:
                continue
            if role_words and person.role and not role_matches(person.role, role_words) and (len(role_words) > 1
                    or role_words & PARTY_ROLES or (self.lang == "fr" and bool(role_words & OFFICES))):
                # "le magistrat" is not the imam quoted before, "le Premier ministre" not the president ("the
                # senator" may well be the candidate)
                continue
            if self.lang == "fr" and not plural and self.text[:int(at)].rstrip()[-1:] in _OPENERS \
                    and noun_complement(self.text, int(at), person=True):
                return None  # « L'avocate de Marie Lefort a demandé …, puis elle a ajouté »: the one described
            if subject and (not self._is_subject(int(at)) or place(self.text, person, gender, self.lang, at)):
                continue  # checked last and only here: the test is pure, and most candidates are never reached
            if at > unnamed:
                return person
            break  # an unnamed source spoke after it: only a mention after that source may still be meant
        if gender is None or plural or (unnamed >= 0 and self.lang == "fr"):
            return None
        for at, head in role_subjects(self.text, window, pos, gender) if self.lang == "fr" else ():
            return mentioned_with_role(self.registry, frozenset({head}), gender, at)  # « Le ministre … Il ajoute »
        start = max(self.para_starts[max(0, para - 2)] if self.paras else 0, fr_floor)
        lo, hi = bisect.bisect_left(self.mention_pos, start), bisect.bisect_left(self.mention_pos, pos)
        found = next(((at, person) for at, person in reversed(self.mentions[lo:hi]) if person.gender == gender and not (
            role_words and person.role and not role_matches(person.role, role_words))
            and not (self.lang == "fr" and noun_complement(self.text, at, person=True))), None)  # a mention nearby
        rival = found is not None and self.lang == "en" and has_rival(
            self.text, self.registry.people(), found, gender, start, pos, self.inside_quote)
        # "Manafort bragged. “…,” he said" after Corey L.; a mention before an unnamed source is not meant
        return None if rival or found is None or found[0] < unnamed else found[1]

    def recent_speaker(self, pos: int) -> Person | None:
        """Speaker of the latest attribution in the same or the previous paragraph."""
        para = self.para_of(pos)
        for event in reversed(self.events):
            if event.pos < pos:
                return event.person if para - event.para <= 1 else None
        return None

    def add_event(self, pos: int, person: Person | None, addressee: tuple[Person, int] | None = None) -> None:
        """Record an attribution at ``pos`` (unresolved ones too: a quote after "a source said" stays unknown)."""
        event = Event(pos, self.para_of(pos), person, addressee)
        self.events.append(event)
        if addressee is not None:
            self._asked.append(event)

    def addressee(self, cue: Cue, pos: int) -> tuple[Person, int] | None:
        """Who a question was put to ("asked the administrator", "asked Bridenstine") and where."""
        if not cue.asks():
            return None
        words = cue.cue.split()
        # the verb sits next to the speaker phrase: "X asked Y" or "asked X"
        end = self.text.find(words[0], cue.end, cue.end + 40)
        if end < 0:
            end = self.text.rfind(words[0], max(0, cue.start - 40), cue.start)
        if end < 0:
            return None
        after = np_after(self.text, end + len(words[0]), self.para_bounds(end)[1])
        if after is None or after.phrase.lower() in PRONOUNS:
            return None
        person, _ = self.resolve(after, pos)
        if person is None or person is self.registry.get(cue.phrase) or not plausible_name(person.name):
            return None
        return person, after.end
