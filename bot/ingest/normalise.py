"""Pure normalisation helpers: canonical URLs, clean text, HTML fragments to text.

No I/O. Every function accepts hostile input and never raises on bad content.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only track the reader; they never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "igshid", "igsh", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "xtor", "s_cid", "smid",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "__twitter_impression", "sr_share", "spm", "ito", "wt.mc_id", "cid_source",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

# Zero-width characters, bidi controls and the soft hyphen: invisible, yet they defeat
# matching and can reorder what a reader sees (bidi override tricks).
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n\t") + "\x7f" + "".join(
    chr(c) for c in range(0x80, 0xA0)
)
_DELETE_TABLE = str.maketrans("", "", _INVISIBLE + _CONTROL)
_SPACES_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_LINE_SEP_RE = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
        "pre", "figure", "figcaption", "hr", "address", "details", "summary",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})


def canonical_url(url: str) -> str:
    """Return the canonical form of an http(s) URL used for de-duplication.

    Scheme and host are lower-cased, default ports and the fragment dropped, tracking
    parameters removed and the remaining parameters sorted (raw encoding kept). Anything
    that is not an absolute http(s) URL is returned stripped but otherwise unchanged.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname  # already lower-cased, brackets removed
        port = parts.port
    except ValueError:
        return url
    if scheme not in DEFAULT_PORTS or not host:
        return url
    host = host.rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    path = parts.path or "/"
    query = _clean_query(parts.query)
    return urlunsplit(SplitResult(scheme, netloc, path, query, ""))


def _clean_query(query: str) -> str:
    if not query:
        return ""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key = unquote_plus(pair.partition("=")[0]).strip().lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        kept.append(pair)
    kept.sort()
    return "&".join(kept)


def clean_text(text: str) -> str:
    """Normalise text: NFC, no invisible/control characters, single spaces, paragraphs as blank lines.

    Single line breaks are kept as "\\n"; runs of blank lines become exactly one ("\\n\\n").
    """
    if not text:
        return ""
    text = _LINE_SEP_RE.sub("\n", text)
    text = unicodedata.normalize("NFC", text.translate(_DELETE_TABLE))
    text = _SPACES_RE.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip("\n ")


def html_to_text(html: str) -> str:
    """Convert an HTML fragment (a feed summary) to clean text; blocks become paragraphs."""
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    safe = html.translate(_DELETE_TABLE)
    try:
        root = lxml_html.fragment_fromstring(safe, create_parent="div")
    except (etree.ParserError, ValueError) as exc:
        log.debug("html_to_text: lxml refused the fragment (%s); stripping tags", exc)
        return clean_text(re.sub(r"<[^<>]*>", " ", safe))
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    pieces: list[str] = []
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping += 1
            elif not skipping:
                if tag == "br":
                    pieces.append("\n")
                elif tag in _BLOCK_TAGS:
                    pieces.append("\n\n")
                if tag and element.text:
                    pieces.append(element.text)
        else:
            if tag in _SKIP_TAGS:
                skipping -= 1
            elif not skipping and tag in _BLOCK_TAGS:
                pieces.append("\n\n")
            if not skipping and element.tail and element is not root:
                pieces.append(element.tail)
    return clean_text("".join(pieces))


# -- dates ---------------------------------------------------------------------------------

# Before this no news feed or page existed; placeholder dates ("0001-01-01", the Unix epoch) fall before it.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
# Clocks and time zones drift; a date further ahead than this is a mistake (or a scheduled embargo).
FUTURE_TOLERANCE = timedelta(days=1)


def plausible_date(moment: datetime | None, now: datetime | None = None) -> datetime | None:
    """``moment`` (aware, UTC) when it can be a publication date, else None.

    Dates before 1990 (placeholders such as year 1 or the Unix epoch) and dates more than a day
    in the future are ignored so that the caller falls back to its next source.
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    now = now or datetime.now(UTC)
    if moment < EARLIEST_PLAUSIBLE or moment > now + FUTURE_TOLERANCE:
        return None
    return moment


# -- boilerplate lines -----------------------------------------------------------------------

# Lines that belong to the page around an article, never to the article: paywall notices,
# "read also" links, photo credits, newsletter sign-ups and update stamps, in English and French.
# Each pattern must match at the start of a short line; the line goes as a whole.
_BOILERPLATE_MAX_CHARS = 260
_BOILERPLATE_RE = re.compile(
    r"^(?:"
    # paywalls
    r"pour (?:lire|consulter) la suite|la suite (?:de cet article )?est réservée|"
    r"(?:cet |l['’])?article (?:est )?réservé aux (?:abonnés|membres)|réservé aux abonnés|"
    r"il vous reste \d+\s*%|déjà abonnée?\b|abonnez-vous\b|offre (?:spéciale|d['’]abonnement)|"
    r"vous avez lu \d+|connectez-vous pour|"
    r"subscribe (?:now|today|to (?:continue|read|keep))|already a (?:subscriber|member)|"
    r"(?:this|the) (?:article|story|content) is (?:only )?(?:available|reserved|for) (?:to |for )?"
    r"(?:our )?(?:subscribers|members)|(?:to )?continue reading(?: this| the)?(?: article| story)?\s*[,:.]|"
    r"you(?: have|['’]ve) (?:reached|read) (?:your|\d+)|register (?:now |for free )?to (?:read|continue)|"
    r"sign in to (?:read|continue)|"
    # read also
    r"(?:à|a) lire (?:aussi|également|egalement)|lire (?:aussi|également|egalement)|"
    r"(?:à|a) voir (?:aussi|également)|voir aussi\s*[:：]|(?:read|see) (?:also|more)\s*[:：]|"
    r"also read\s*[:：]|related\s*(?:articles?|stories|coverage)?\s*[:：]|"
    # photo credits
    r"crédits?\s+photos?\b|crédit\s*:|photo credits?\b|image credits?\b|photos?\s*:\s*©|©\s*\w|"
    # newsletters
    r"(?:inscrivez-vous|abonnez-vous|recevez|découvrez)\b.{0,60}\bnewsletters?\b|"
    r"(?:sign up|subscribe|register)\b.{0,60}\bnewsletters?\b|(?:get|receive)\b.{0,60}\bnewsletters?\b|"
    r"newsletters?\s*[:：]|"
    # update stamps
    r"(?:article |dernière )?(?:mis à jour|mise à jour|modifié) le\b|"
    r"(?:article |story )?(?:last )?updated(?: on| at)?\s*:?\s*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"mon|tue|wed|thu|fri|sat|sun)"
    r")",
    re.IGNORECASE,
)


def is_boilerplate_line(line: str) -> bool:
    """True for a short line that frames an article rather than belonging to it."""
    stripped = line.strip().lstrip("•-–—*>»›|[( ").strip()
    return bool(stripped) and len(stripped) <= _BOILERPLATE_MAX_CHARS and bool(_BOILERPLATE_RE.match(stripped))


# A cookie-consent dialog that extraction took for text: cookies or trackers, and the site talking to its
# reader ("en cliquant", "we use", "vous acceptez"). An article about cookie rules names no "our site".
_COOKIE_RE = re.compile(r"\bcookies?\b|\btraceurs\b", re.IGNORECASE)
_CONSENT_RE = re.compile(
    r"\b(?:notre site|ce site|le site|this site|our site|(?:this|our) website|vous acceptez|vous refusez|"
    r"votre consentement|you agree|you accept|you consent|your consent|by clicking|en cliquant|we use|"
    r"nous utilisons|we and our partners|nos partenaires|your (?:browser|device|preferences)|"
    r"vos (?:préférences|choix)|accept all|tout accepter|manage (?:cookies|preferences|settings)|"
    r"paramétrer|cookie (?:policy|settings|preferences)|politique (?:de|des) cookies)\b",
    re.IGNORECASE,
)
_CONSENT_BLOCK_MAX = 15  # paragraphs from the dialog's first to its last consent paragraph
_CONSENT_ASIDE_MAX_CHARS = 200  # a heading or an option's line inside the dialog ("Mesure d'audience : ...")


def _is_consent(paragraph: str) -> bool:
    return bool(_COOKIE_RE.search(paragraph)) and bool(_CONSENT_RE.search(paragraph))


def strip_consent(text: str) -> str:
    """Remove a cookie-consent dialog from a cleaned text: its paragraphs, the short lines between them
    and the short cookie headings after them. Long paragraphs inside stay (they may be the article's)."""
    if "ookie" not in text and "traceurs" not in text:
        return text  # most texts: no paragraph split
    paragraphs = text.split("\n\n")
    marked = [i for i, p in enumerate(paragraphs) if _is_consent(p)]
    if not marked:
        return text
    drop = set(marked)
    first, last = marked[0], marked[-1]
    if last - first <= _CONSENT_BLOCK_MAX:
        drop.update(i for i in range(first, last) if len(paragraphs[i]) <= _CONSENT_ASIDE_MAX_CHARS)
        after = last + 1
        while after < len(paragraphs) and len(paragraphs[after]) <= _CONSENT_ASIDE_MAX_CHARS * 2 \
                and _COOKIE_RE.search(paragraphs[after]):
            drop.add(after)  # "Cookies de mesures d'audience", "Ces cookies permettent ..."
            after += 1
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in drop)


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines (see :func:`is_boilerplate_line`) and a cookie-consent dialog
    (:func:`strip_consent`) from a cleaned text."""
    if not text:
        return text
    text = strip_consent(text)
    lines = text.split("\n")
    kept = [line for line in lines if not is_boilerplate_line(line)]
    if len(kept) == len(lines):
        return text
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(kept)).strip("\n ")


# -- what pages put after the article ----------------------------------------------------------

# A share bar's items ("Tweet this", "Partager"): page controls, never article text, wherever they stand.
_SHARE_LINE_RE = re.compile(
    r"^(?:tweet|share|e-?mail|print|link|digg|pin|post|partager|imprimer|envoyer|tweeter)"
    r"(?: (?:this|it|cet article|la page))?(?: (?:article|story|page|on \w+|sur \w+))?\W*$|^reprints\W*$",
    re.IGNORECASE,
)
# Headers of the blocks of other stories that pages put after the article (and that trafilatura
# keeps when they are marked up like the article): "More from X:", "You might also like",
# "Trending on X", "Sur le même sujet". Alone on a short line; matched at its start.
_TEASER_HEADER_MAX_CHARS = 80
_TEASER_HEADER_RE = re.compile(
    r"^(?:"
    r"more (?:from|on|stories|news|in)\b|most (?:popular|read|viewed|shared|emailed)\b|"
    r"trending(?: now| stories| on\b)|popular (?:now|stories|on)\b|top stories\b|"
    r"(?:recommended|suggested) (?:for you|stories|articles|reading)\b|"
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested)\b|like this\?|"
    r"related (?:stories|articles|posts|content|coverage|links|reading)\b|further reading\b|"
    r"what to read next\b|read (?:more|next)\W*$|"
    r"sur le m[eê]me (?:sujet|th[eè]me)\b|dans la m[eê]me rubrique\b|les (?:plus|articles les plus) (?:lus|partag)|"
    r"vous (?:aimerez|pourriez aimer|aimerez aussi)\b|(?:[àa] )?lire (?:aussi|également|egalement)\W*$|"
    r"nos derniers articles\b|articles? (?:similaires|recommandés|associés)\b"
    r")",
    re.IGNORECASE,
)
TEASER_TAIL_FROM = 0.5  # a header in the first half of the text is a page's top chrome or an inline link
TEASER_LINE_MAX_CHARS = 300  # a longer paragraph after the header is article prose: nothing is cut


def cut_page_tail(text: str) -> str:
    """Drop share-bar lines, and a block of other stories after the article with its header.

    The block is cut only when its header stands alone in the second half of the text, what follows
    is shorter than what precedes it, and no line of it reads like article prose (longer than
    ``TEASER_LINE_MAX_CHARS``): other stories' headlines and blurbs are short.
    """
    if not text:
        return text
    lines = text.split("\n")
    kept = [line for line in lines if not _SHARE_LINE_RE.match(_bare_line(line))]
    total = sum(len(line) + 1 for line in kept)
    before = 0
    for i, line in enumerate(kept):
        bare = _bare_line(line)
        if (
            before >= TEASER_TAIL_FROM * total
            and bare
            and len(bare) <= _TEASER_HEADER_MAX_CHARS
            and _TEASER_HEADER_RE.match(bare)
        ):
            tail = kept[i + 1 :]
            short = all(len(rest) <= TEASER_LINE_MAX_CHARS for rest in tail)
            if short and sum(len(rest) + 1 for rest in tail) < before:
                kept = kept[:i]
                break
        before += len(line) + 1
    if len(kept) == len(lines):
        return text
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(kept)).strip("\n ")


def _bare_line(line: str) -> str:
    return line.strip().lstrip("•-–—*>»›|[( ").strip()


# -- template pages --------------------------------------------------------------------------

_PLACEHOLDER_RE = re.compile(r"\{\{\s*[^{}\n]{1,80}?\s*\}\}|\{%[^{}\n]{1,80}%\}")
_EDIT_BANNER_RE = re.compile(
    r"modification de (?:la )?page en cours|page en cours de modification|mode (?:d['’])?édition|"
    r"you are (?:currently )?editing|edit mode|preview mode|aperçu de la page|this page is a draft",
    re.IGNORECASE,
)


def looks_like_template(text: str) -> bool:
    """True for a CMS template or edit-mode page: unfilled ``{{…}}`` placeholders or an edit banner."""
    if not text:
        return False
    if len(_PLACEHOLDER_RE.findall(text)) >= 2:
        return True
    return bool(_EDIT_BANNER_RE.search(text[:2000]))
