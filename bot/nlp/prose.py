"""Which sentences of an article are stand-alone prose, for the extractive summaries.

Pure. A summary takes whole prose sentences only: not headings, labels or questions, not bylines,
datelines, update stamps, credits or captions, not calls to subscribe or site notices, not box-score
or fixture lines, not fragments that open or close inside a quotation. :func:`leading_cut` finds a
dateline, a glued label or the headline at the start of a sentence; :func:`qa_layout` tells an
interview (question/answer lines); :func:`is_dependent` a sentence that leans on the one before.
"""

from __future__ import annotations

import re

from bot.nlp.text import fold_accents

MIN_WORDS = 5
# Boilerplate (bylines, captions, stamps, calls) is short; longer sentences are not matched against it.
_SHORT_LINE_CHARS = 300
# A dateline is looked for at the start of the paragraphs among this many first sentences.
_DATELINE_SENTENCES = 10
# A "Label: text" line this short is a box-score, fixture or form line, not prose.
_LABEL_LINE_WORDS = 15

# Openers that make a sentence lean on the one before: connectives, pronouns, demonstratives
# ("This summit", « Cette décision »), and the "Yes"/« Oui » that answers a question.
_DEPENDENT_OPENERS = frozenset(
    """but and or so yet however also still nevertheless nonetheless moreover furthermore instead
    then thus therefore otherwise meanwhile besides indeed consequently hence accordingly he she
    they it his her their its him them this these those that such there here mais et or donc
    pourtant cependant toutefois ainsi aussi il elle ils elles ce cela ceci cette ces son sa ses
    leur leurs lui puis enfin alors neanmoins yes yeah absolutely exactly oui absolument
    evidemment""".split()
)
_BOILERPLATE_RE = re.compile(
    r"""^(?:
        (?:reporting|writing|editing|additional\ reporting)\s+by\b
      | (?:read|see|lire|voir)\s+(?:more|also|aussi|plus|la\ suite)\b
      | (?:à|a)\s+lire\s+(?:aussi|également|egalement)\b
      | (?:related|related\ articles?|sur\ le\ même\ sujet|sur\ le\ meme\ sujet|en\ savoir\ plus)\s*:
      | (?:sign\ up|subscribe|follow\ us|share\ this|click\ here|advertisement|publicité|abonnez-vous)\b
      | (?:photo|photos|image|picture|pictured|caption|image\ caption|media\ caption|crédits?\ photos?
         |crédits?|credits?|illustration|source\ photo)\s*[:|/]
      | (?:(?:article|story|page|this\ article\ was|cet\ article\ a\ été|dernière|derniere|last|first)\s+)?
        (?:published|updated|posted|modified|last\ updated|first\ published|last\ modified
         |publié|publiée|mis\ à\ jour|mis\ a\ jour|modifié|modifiée|actualisé|actualisée|mise\ à\ jour)
        \b[^.!?\d]{0,14}\d.{0,60}$
    )""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
# Case matters for these two: a byline ("By Jane Doe, Reuters") and a bare dateline line.
_BYLINE_RE = re.compile(
    r"^(?:[Bb]y|[Pp]ar)\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|et|de|van|von|le|la)){0,4}"
    r"\s*(?:[,|/–—-]\s*[^.!?]{0,60})?\.?$"
)
_DATELINE_ONLY_RE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,40}(?:\s*\([^)]{1,30}\))?\s*[,–—-][^.!?]{0,30}$")
# A caption tail: "(Photo: ...)" anywhere, or a picture agency closing the line ("... Reuters)").
# Two patterns instead of one alternation: the agency one is only tried at the end of the line.
_CAPTION_PHOTO_RE = re.compile(r"\((?:photo|image|picture)\b[^)]*\)", re.IGNORECASE)
# A photographer's credit inside a sentence: a caption the page's markup ran into the text.
_INLINE_CREDIT_RE = re.compile(r"[A-Z][\w.'’-]+/(?:Getty\ Images|AFP|Reuters|REUTERS|AP|EPA|Corbis|Shutterstock)\b")
_CAPTION_CREDIT_RE = re.compile(r"(?:getty\ images|afp|reuters|ap\ photo|epa)\Z", re.IGNORECASE | re.VERBOSE)
_CREDIT_TAIL_CHARS = len("getty images")
# What can end a credit tail: ")" (dropped before the match) and every character that IGNORECASE
# matches to the last letter of a credit ("s", "p", "o", "a"; "ſ" is an "s").
_CREDIT_LAST = frozenset(")sSſpPoOaA")
# The characters that can open a match of _BYLINE_RE.
_BYLINE_FIRST = frozenset("BbPp")
# Calls to act and site notices: subscribe, follow, share, enable JavaScript, accept cookies. A
# sentence is one when it holds such a phrase and speaks to the reader (or opens with the verb).
_CALL_RE = re.compile(
    r"""\b(?:sign(?:ing)?\ up|subscri(?:be|ption)|newsletters?|inbox|abonn(?:ez|ement|er)|inscri(?:vez|ption|re)
       |follow\ (?:us|\w+(?:\ \w+)?\ on\ (?:twitter|facebook|instagram|linkedin|x))|like\ us
       |click|cliquez|check\ (?:it\ )?out|download\ (?:the|our)\ app|slideshow
       |cookies?|javascript|rendez-vous\ sur|(?:visit|visitez)\ (?:our|the|notre|le)\ (?:web)?site
       |search\ (?:term|box)|check\ back|\brss\b|responses?\ to\ this\ (?:entry|post|article)
       |leave\ a\ (?:reply|comment|response)|trackback
       |here\W*$|ici\W*$)""",
    re.IGNORECASE | re.VERBOSE,
)
_READER_RE = re.compile(
    r"""\b(?:you|your|vous|votre|vos|we\ use|nous\ utilisons)\b
      |^\W*(?:sign|subscribe|follow|get|click|download|share|join|find\ out|see|check|watch|learn|visit|enter
         |abonnez|inscrivez|suivez|cliquez|t[ée]l[ée]chargez|rejoignez|rendez-vous|d[ée]couvrez|retrouvez)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Gates for the two patterns above and _NOTICE_RE, looked for in the lower-cased sentence: a word one
# of them needs ("you", "vous", "votre", "vos ", "we use", "nous utilisons", "reserv", "réserv",
# "privacy", "terms of", "confidential", "donn", "cookie", "endorse", "third": ``in`` per word, sooner
# than one alternation in ``re``), or an imperative opener.
_IMPERATIVES = (
    "sign", "subscribe", "follow", "get", "click", "download", "share", "join", "find out", "see", "check", "watch",
    "learn", "visit", "enter", "abonnez", "inscrivez", "suivez", "cliquez", "téléchargez", "telechargez", "rejoignez",
    "rendez-vous", "découvrez", "decouvrez", "retrouvez",
)
_OPENERS_SKIP = " \"“«‘(→•-–—"
# Site notices that need no address to the reader: rights, privacy, cookies on the site, a disclaimer of
# the pages it links to.
_NOTICE_RE = re.compile(
    r"""\b(?:all\ rights\ reserved|tous\ droits\ r[ée]serv[ée]s|privacy\ policy|terms\ of\ (?:use|service)
       |politique\ de\ confidentialit[ée]|protection\ des\ donn[ée]es|donn[ée]es\ personnelles
       |does\ not\ (?:approve|endorse)|third[-\ ]party\ (?:web)?sites?|you\ are\ (?:now\ )?leaving
       |cookies?\b.{0,80}\b(?:site|website|navigat\w*|consent\w*|accept\w*|tiers|third|partners|partenaires))""",
    re.IGNORECASE | re.VERBOSE,
)
# "Thunder: Host the Lakers.", "Lorient : Le Fée…": a label of up to three capitalised words.
_LABEL_RE = re.compile(r"[A-ZÀ-Ý][\w.'’&-]*(?:\s+[A-ZÀ-Ý0-9][\w.'’&-]*){0,2}\s?:\s")
_SCORE_RE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
# Prose has words in lower case of three letters or more (verbs, articles, prepositions). A sentence of
# capitalised words and figures without one is a dateline, a player's line or a listing ("World December
# 29 2014 9:11pm 01:34 Loading...", "Tuesday, October 15, 2013 at 9:00 AM (at Loews Corporation, ...)").
# Scripts without case or spaces (Chinese, Japanese, Arabic) are not judged by it.
_LOWER_WORD_RE = re.compile(r"\b[a-zß-öø-ÿœæ][^\W\d_]{2}")
_CAPITALISED_RE = re.compile(r"\b[A-ZÀ-ÖØ-Þ]")
_NOT_PROSE_CAPITALS = 3
# A label glued to the sentence by the page's markup: a word (or a credit such as
# "Jane Doe/REUTERS") run into a capitalised sentence opener, "AgricultureL'Office", "REUTERSThe".
# Found where "[a-zà-ÿ][A-ZÀ-Ý]|[A-ZÀ-Ý]{2}[A-ZÀ-Ý][a-z]" is (the gate only asks whether there is one),
# spelled to start on a capital so that ``re`` skips ahead to the next capital in C.
_GLUE_GATE_RE = re.compile(r"[A-ZÀ-Ý](?:(?<=[a-zà-ÿ][A-ZÀ-Ý])|[A-ZÀ-Ý]{2}[a-z])")
_GLUE_OPENER_RE = re.compile(r"(?:The|After|When|While|Le|La|Les|Un|Une|Des|Dans|Pour|Il|Elle)\s|[LDJ]['’]\w")
# The glued label is at most this many words (and characters) long.
_GLUED_LABEL_WORDS = 4
_GLUED_LABEL_CHARS = 60
# "LONDON (Reuters) - ", "PARIS, 3 mai (AFP) — ": a dateline prefix is trimmed off the sentence.
# The place (group 1) is in capitals: "SURABAYA, Indonesia/JAKARTA (Reuters) - ", "KABUL, Afghanistan (AP) -- ".
_DATELINE_RE = re.compile(
    r"([A-ZÀ-Ý][A-ZÀ-Ý .'’-]{1,40})(?:,\s*[\w .'’/]{1,40})?\s*(?:\([A-Za-z .]{1,20}\))?\s*[–—-]{1,2}\s+"
)
_FIRST_WORD_RE = re.compile(r"[«“\"‘(\s]*([^\W\d_]+)", re.UNICODE)
# What may close a sentence after its final punctuation (French puts a space before »).
_CLOSERS = " \u00a0\u202f\"”»’')]"
_FINAL = frozenset(".!…。！")


class Line:
    """A line (paragraph) of the article: its end, whether it is a question, whether it is not prose."""

    __slots__ = ("end", "junk", "question")

    def __init__(self, end: int, question: bool, junk: bool) -> None:
        self.end = end
        self.question = question
        self.junk = junk


def lines_of(text: str, spans: list[tuple[int, int]]) -> list[Line]:
    """The lines holding the sentences, in order (the splitter never lets a sentence cross a line)."""
    out: list[Line] = []
    pos = 0
    n = len(text)
    for _, end in spans:
        if out and end <= out[-1].end:
            continue
        line_end = text.find("\n", end)
        line_end = n if line_end == -1 else line_end
        line = text[pos:line_end].strip()
        pos = line_end
        tail = line.rstrip(_CLOSERS)
        label = _LABEL_RE.match(line) if ":" in line else None  # (a label needs its colon)
        out.append(
            Line(
                line_end,
                tail.endswith(("?", "？")),
                # a short "Label: ..." line: box scores, fixtures, form fields, "Disclaimer: ..."
                label is not None and len(line.split()) <= _LABEL_LINE_WORDS,
            )
        )
    if not out:
        out.append(Line(n, False, False))
    return out


def qa_layout(lines: list[Line]) -> bool:
    """A question/answer layout (interview, explainer with question sub-headings): at least two
    question lines, each answered by the next line, making up a sizeable share of the lines."""
    questions = [i for i, line in enumerate(lines) if line.question]
    if len(questions) < 2 or len(questions) * 7 < len(lines):
        return False
    answered = sum(1 for i in questions if i + 1 < len(lines) and not lines[i + 1].question)
    return answered >= 2


def start_key(text: str) -> str:
    """The first dozen characters of ``text``, lower-cased, spaces collapsed."""
    return " ".join(text[:40].split())[:12].lower()


def starts_like(raw: str, title_start: str) -> bool:
    """True when ``raw`` starts as the headline does (first character checked first: cheap)."""
    return raw[:1].lower() == title_start[:1] and start_key(raw) == title_start


def leading_cut(raw: str, index: int, title: str, title_start: str, first: bool) -> int:
    """How many leading characters of a sentence are a dateline, a glued label or the headline."""
    cut = 0
    if first and index < _DATELINE_SENTENCES:  # a dateline opens the first paragraph of the story
        m = _DATELINE_RE.match(raw[:_SHORT_LINE_CHARS])
        if m and m.end() < len(raw) and _upper_ratio(m.group(1)) > 0.8 and not raw[m.end()].islower():
            cut = m.end()
    if title_start and index < 3 and not cut and starts_like(raw, title_start):
        cut = _headline_prefix(raw, match_key(title))
    if not cut and first:  # a label is glued at the start of a paragraph
        cut = _glued_label(raw)
    return cut


def _glued_label(raw: str) -> int:
    """Length of a label run into the sentence's opener ("AgricultureL'Office", "REUTERSThe UK"), or 0."""
    if _GLUE_GATE_RE.search(raw, 0, _GLUED_LABEL_CHARS) is None:
        return 0
    for m in _GLUE_OPENER_RE.finditer(raw, 1, _GLUED_LABEL_CHARS):
        at = m.start()
        before = raw[at - 1]
        # glued: a lower-case letter, or two capitals (the end of "REUTERS"), right before the opener
        if before.islower() or (before.isupper() and at > 1 and raw[at - 2].isupper()):
            if raw.count(" ", 0, at) < _GLUED_LABEL_WORDS and len(raw[at:].split()) >= MIN_WORDS:
                return at
    return 0


def _headline_prefix(raw: str, title_key: str) -> int:
    """Length of the headline repeated at the start of a sentence, glued to it ("PERRIS: Woman ... say Judy")."""
    n = len(title_key)
    # walk the raw text until its folded key covers the headline
    for i in range(max(n - 5, 1), min(len(raw), n + 10) + 1):
        if match_key(raw[:i]) == title_key:
            rest = raw[i:].lstrip(" :–—-|\u00a0")
            return len(raw) - len(rest) if len(rest.split()) >= MIN_WORDS else 0
    return 0


def match_key(sentence: str) -> str:
    """Comparison key for teaser and headline matching: folded words, truncation marks dropped."""
    return " ".join(fold_accents(sentence).replace("…", " ").replace("...", " ").split())


def _upper_ratio(chunk: str) -> float:
    letters = [ch for ch in chunk if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def is_junk(
    text: str, end: int, raw: str, teaser_keys: set[str], title: str, title_start: str, full: bool = True
) -> bool:
    """Not a stand-alone prose sentence: see the module docstring for the kinds.

    ``full``: also run the boilerplate patterns (:func:`is_boilerplate`).
    """
    last = raw[-1:]
    if last not in _FINAL:  # (most sentences end on their full stop: the strips are skipped)
        tail = raw.rstrip(_CLOSERS)
        if tail[-1:] not in _FINAL:
            return True  # a question, or no final punctuation: a heading, a label, a list item, a fragment
    elif last != "!" and raw.endswith(("…", "...")) and _ends_block(text, end):
        return True  # a truncated teaser or link text
    if raw.isupper():
        return True  # a heading in capitals
    if _unbalanced(raw):
        return True  # opens or closes inside a quotation
    if "/" in raw and _INLINE_CREDIT_RE.search(raw):
        return True  # a caption whose credit ("Jane Doe/Getty Images") runs into the text
    if teaser_keys or (title_start and starts_like(raw, title_start)):
        key = match_key(raw)
        if key and title_start and key.rstrip(".!…") == match_key(title):
            return True  # the headline repeated
        if any(key and (key == t or (len(t) > 20 and (key.startswith(t) or t.startswith(key))))
               for t in teaser_keys):
            return True
    return full and is_boilerplate(raw)


def is_boilerplate(raw: str) -> bool:
    """A byline, dateline, stamp, credit, caption, call, notice, box-score or fixture line."""
    if len(raw) > _SHORT_LINE_CHARS:
        return False
    first = raw[:1]
    return bool(
        _BOILERPLATE_RE.match(raw)
        or (first in _BYLINE_FIRST and _BYLINE_RE.match(raw))
        or (("A" <= first <= "Z" or "À" <= first <= "Ý") and _DATELINE_ONLY_RE.match(raw))
        or "©" in raw
        or _caption_tail(raw)
        or _is_call_or_notice(raw)
        or (":" in raw and _LABEL_RE.match(raw) is not None and len(raw.split()) <= 8)  # "Thunder: Host the Lakers."
        or (raw.count("-") >= 3 and len(_SCORE_RE.findall(raw)) >= 3)
        or _not_prose(raw)
    )


def _not_prose(raw: str) -> bool:
    """Capitalised words and figures without a lower-case word: a dateline, a listing, a run of names."""
    if _LOWER_WORD_RE.search(raw) is not None:
        return False
    capitalised = len(_CAPITALISED_RE.findall(raw))
    # few names, or a script written without spaces (Japanese with "AFP", "Boko Haram")
    return capitalised >= _NOT_PROSE_CAPITALS and len(raw.split()) >= capitalised


def _is_call_or_notice(raw: str) -> bool:
    """A call to subscribe, follow, click or enable something, or a site notice (rights, privacy, cookies)."""
    low = raw.lower()
    # a cheap gate before the patterns: most sentences hold none of these words
    gate = _gate(low)
    if (gate or low.lstrip(_OPENERS_SKIP).startswith(_IMPERATIVES)) and _CALL_RE.search(raw) and _READER_RE.search(raw):
        return True
    return gate and _NOTICE_RE.search(raw) is not None


def _gate(low: str) -> bool:
    """Whether the lower-cased sentence holds one of the gate words (see above)."""
    return (
        "you" in low or ("vo" in low and ("vous" in low or "votre" in low or "vos " in low)) or "we use" in low
        or "nous utilisons" in low or "reserv" in low or "réserv" in low or "privacy" in low or "terms of" in low
        or "confidential" in low or "donn" in low or "cookie" in low or "endorse" in low or "third" in low
    )


def _unbalanced(raw: str) -> bool:
    """True when the sentence's quotation marks or braces do not pair up (it starts or ends inside one)."""
    if ("{" in raw or "}" in raw) and raw.count("{") != raw.count("}"):
        return True  # a template's braces ("{ MORE! }") cut by the sentence split
    # Without any quotation mark every count below is zero (balanced): ``in`` finds that sooner than the
    # counts or a character class, which ``re`` checks per character of a text beyond Latin-1.
    if '"' not in raw and "“" not in raw and "”" not in raw and "«" not in raw and "»" not in raw and "„" not in raw:
        return False
    if raw.count("«") != raw.count("»"):
        return True
    low = raw.count("„")
    if low:  # German „…“
        if low != raw.count("“"):
            return True
    elif raw.count("“") != raw.count("”"):
        return True
    return raw.count('"') % 2 == 1


def _caption_tail(raw: str) -> bool:
    """True for a photo credit: "(Photo: ...)" or an agency name, maybe with ")", ending the line."""
    if "(" in raw and _CAPTION_PHOTO_RE.search(raw):  # the pattern needs a "("
        return True
    last = raw[-1:]
    if last and last not in _CREDIT_LAST and not last.isspace():
        return False  # ``tail`` is then ``raw``, and the credit pattern cannot end on ``last``
    tail = raw.rstrip()
    if tail.endswith(")"):
        tail = tail[:-1].rstrip()
    return _CAPTION_CREDIT_RE.search(tail[-_CREDIT_TAIL_CHARS:]) is not None


def _ends_block(text: str, end: int) -> bool:
    nl = text.find("\n", end, end + 8)
    return end >= len(text) or (nl != -1 and not text[end:nl].strip())


def is_dependent(raw: str) -> bool:
    """True when the sentence leans on the one before (pronoun/connective opener, bare quote)."""
    lead = raw.lstrip()
    if lead[:1] in "“«\"" and lead.rstrip()[-1:] in "”»\"":
        return True  # a quotation with no speaker in the sentence
    m = _FIRST_WORD_RE.match(lead)
    if not m:
        return False
    word = m.group(1)
    if word[:1].islower():
        return True
    return fold_accents(word) in _DEPENDENT_OPENERS
