"""What kind of organisation a name is, and whether "the company" / "the hospital" can stand for it (English).

"the company said" may only go to an organisation the text shows to be a company: one whose name holds a
company word ("Acme Corp"), or one a kind noun introduces ("software firm Macrovision", "Shell, the oil
company,"). A hospital or a regulator named last is no company: no speaker rather than a wrong one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlp.speakers import Person

# Kind nouns (in a name or a description) and the classes they belong to; a head fits a candidate when
# their classes meet. Words not listed are their own class ("hospital" fits only "hospital").
_BUSINESS = """company companies firm corp corp. corporation inc inc. co co. ltd ltd. plc holdings group airline
airlines airways carrier motors automaker carmaker retailer insurer lender startup e-tailer maker manufacturer giant
producer operator chain conglomerate multinational bank""".split()
_MEDIA = """newspaper paper magazine outlet network publication website site station channel broadcaster daily
journal news times post weekly press tribune herald gazette review telegraph guardian chronicle observer examiner
tabloid cnn nbc abc cbs msnbc npr bbc reuters afp""".split()
_CIVIL = """group organization organisation association coalition alliance federation society league charity
foundation institute union campaign""".split()
_AIRLINE = "airline airlines airways carrier".split()
_OTHER = """ministry department committee commission council board agency bureau office administration fund hospital
clinic university college school court police army regulator authority government parliament senate congress
party church museum club team bank""".split()

_CLASSES: dict[str, set[str]] = {}
for _cls, _words in (("business", _BUSINESS), ("media", _MEDIA), ("civil", _CIVIL), ("airline", _AIRLINE)):
    for _w in _words:
        _CLASSES.setdefault(_w, set()).add(_cls)
for _w in _OTHER:
    _CLASSES.setdefault(_w, set()).add(_w)
# A head names one class: "the company" (business), "the bank" (a bank only), "the airline".
_HEAD_CLASS = {w: "business" for w in _BUSINESS} | {w: "media" for w in _MEDIA} | {w: "civil" for w in _CIVIL} \
    | {w: "airline" for w in _AIRLINE} | {w: w for w in _OTHER}
_HEAD_CLASS["group"] = "group"  # "the group": a business group or a civil one
# "the agency": a government body ("State Department") or an aid agency ("International Federation of the Red Cross")
_HEAD_CLASS["agency"] = "agency"
for _w in "department ministry bureau administration commission office authority regulator service".split() + _CIVIL:
    _CLASSES.setdefault(_w, set()).add("agency")
_CLASSES["group"] = {"business", "civil", "group"}
for _w in _BUSINESS + _CIVIL:
    _CLASSES[_w].add("group")

KIND_WORDS = frozenset(_CLASSES)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z.-]*")
# "software firm Macrovision": a kind noun (and a lower-case modifier or two) right before the name
_BEFORE_RE = re.compile(r"([a-z][a-z-]*)\s+$")
# "Shell, the Anglo-Dutch oil company," / "Macrovision, a California-based firm": an apposition's head noun
# "the United Auto Workers <UAW> union", "the Teamsters union": a kind noun right after the name
_AFTER_RE = re.compile(r"(?:\s+[(<][A-Z]{2,6}[)>])?\s+([a-z][a-z-]*)\b")
_APPOSITION_RE = re.compile(r",\s+(?:a|an|the)\s+((?:[\w'’-]+\s+){0,5}?)([a-z][a-z-]*)\s*[,.;]")


def _name_kinds(name: str) -> set[str]:
    return {w for w in (m.group().lower() for m in _WORD_RE.finditer(name)) if w in KIND_WORDS}


def org_kinds(text: str, person: Person) -> set[str]:
    """The kind nouns the name holds, or that introduce it in the text ("airline AirAsia", "X, the firm,")."""
    kinds = _name_kinds(person.name)
    for at in person.positions:
        found = text.find(person.name, at, at + len(person.name) + 12)  # (a mention may start at "The")
        if found < 0:
            continue
        before = _BEFORE_RE.search(text, max(0, found - 30), found)  # (the name's, not a role's: "airline boss X")
        if before is not None and before.group(1) in KIND_WORDS:
            kinds.add(before.group(1))
        end = found + len(person.name)
        after = _AFTER_RE.match(text, end, min(len(text), end + 20))
        if after is not None and after.group(1) in _INTRODUCING:
            kinds.add(after.group(1))
        app = _APPOSITION_RE.match(text, end, min(len(text), end + 80))
        if app is not None and app.group(2) in KIND_WORDS:
            kinds.add(app.group(2))
    return kinds


def fits(head: str, kinds: set[str]) -> bool:
    """True when "the <head>" can stand for an organisation of these kinds ("company" for "Acme Corp")."""
    wanted = _HEAD_CLASS.get(head)
    return wanted is not None and any(wanted in _CLASSES[k] for k in kinds)


# Nouns that introduce an organisation's bare name: "software firm Macrovision", "oil giant Shell".
_INTRODUCING = frozenset("""company firm group airline carrier automaker carmaker retailer insurer lender startup
e-tailer maker manufacturer giant producer operator chain conglomerate bank newspaper magazine tabloid broadcaster
charity union party""".split())


def kind_before(text: str, start: int) -> str | None:
    """The kind noun right before a bare name at ``start`` ("firm" in "software firm Macrovision"), if any."""
    if start < 3 or text[start - 1] != " " or not text[start - 2].islower():
        return None  # most one-word runs open a sentence: checked first, and cheaply (they are many)
    word = text[text.rfind(" ", max(0, start - 30), start - 1) + 1:start - 1]
    return word if word in _INTRODUCING else None


_LEGAL_SUFFIXES = frozenset("corp corp. inc inc. co co. ltd ltd. plc ag sa nv llc group holdings".split())


@lru_cache(maxsize=1024)
def short_org_name(name: str) -> re.Pattern[str]:
    """How a text names an organisation for short: the name without its legal suffix ("Acme" for "Acme Corp")."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _LEGAL_SUFFIXES:
        words.pop()
    return re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])")
