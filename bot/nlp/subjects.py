"""Per-article text state: paragraphs, known names, their mentions, and which of them open a sentence as subject.

The speaker resolution in :mod:`bot.nlp.coref` builds on it (pronouns go to sentence subjects and mentions).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache

from bot.nlp.boundaries import sentence_start
from bot.nlp.capitals import mid_caps, sentence_caps
from bot.nlp.clauses import opens_clause
from bot.nlp.cues import (
    EN_CUE_VERBS,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    ORG_WORDS,
    PLACES,
    ROLE_WORDS,
    SENTENCE_WORDS,
    SPEAKER_NOUNS,
)
from bot.nlp.descriptions import role_like
from bot.nlp.french import PREPOSITIONS, noun_complement, surname_mentions
from bot.nlp.quotemarks import paragraphs
from bot.nlp.speakers import NameRegistry, Person, is_title, plausible_name

# Capitalised words that start a sentence without naming anyone.
_NOT_NAMES = SENTENCE_WORDS | frozenset({"mr", "mrs", "ms"})
_SUBJECT_RUN_RE = re.compile(  # (accented capitals open French names: "Édouard Philippe")
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'.-]*|(?:of|the|de|la|le|du|van|von|for)(?=[ \u00a0]+[A-ZÀ-ÖØ-Þ]))[ \u00a0]*")
# Words after a name that show it is not the subject of a verb ("Show on Tuesday", "Trump and Pence").
_NOT_VERBS = frozenset("on in at to of for and or with from by as nor et ou de du des à en sur pour avec par".split())
# After "X's", words that make it "X has" / "X is" ("Christie's been making the case"), not a possessive.
_CONTRACTED_AUX_NEXT = frozenset("been not never also already got going gone".split())
_WORD_RE = re.compile(r"[\w’']+")
MAX_SUBJECTS = 3000  # bounds the subject scan on junk input (a real article has a few hundred candidates)
# After the name: up to four comma-separated appositions ("Reneus, 18, from Lee County, Fla., disagrees";
# a full stop only inside an abbreviation), then a lower-case word, the verb.
_VERB_AFTER_RE = re.compile(
    r"(?:[ \u00a0]*\([^()\n]{1,40}\))?"  # "(D-Calif.)"
    r"(?:[ \u00a0]+(?:--|[—–])[^\n—–]{1,200}?(?:--|[—–]))?"  # "Whit Ayres -- author of …, which urged … --"
    r"(?:(?:,(?:[^,.;:!?\"“”«»\n]|\.(?=,)|(?<=[A-Z])\.){1,140}){1,4},|,)?\s+([a-zà-ÿ][\w’'-]*)")
_PLURAL_VERBS = frozenset({"have", "are", "were"})
_WEEKDAY_AFTER_RE = re.compile(
    r"\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?")
_VERB_AFTER_SHORT_RE = re.compile(_VERB_AFTER_RE.pattern.replace("{1,4}", "{1,4}?"))
# A sentence closed by ", he said.": what comes before it is the pronoun's words, so its subject is not "he"
# ("Domestic demand may grow four pct, he said": "he" said it about something else).
_PRONOUN_TAIL_RE = re.compile(r",[ \u00a0]+(?:he|she)[ \u00a0]+([a-z]+)\b[^.!?\n“”\"]{0,40}[.!?]")
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’']?(?:\s|$)")


def _org_role_head(head: str) -> bool:
    """True for an organisation's name and a role noun before a name ("NASA Goddard Institute for Space Studies
    climatologist Gavin Schmidt likened"): the person opens the sentence."""
    words = head.split()
    return 2 <= len(words) <= 10 and words[-1].isalpha() and words[-1].islower() and words[0][:1].isupper() \
        and (words[-1] in ROLE_WORDS or role_like(words[-1])) \
        and all(w[:1].isupper() or w in ("of", "for", "and", "the") for w in words[:-1])


@lru_cache(maxsize=16384)
def _proper_noun_shape(word: str) -> bool:
    """What :meth:`ArticleContext._proper_noun` asks of the word alone: title case, no group or place."""
    low = word.lower()
    return not (low in ROLE_WORDS or low in SPEAKER_NOUNS or low in ORG_WORDS or low in PLACES
                or low.endswith(("ans", "ers", "ists", "ics", "als"))) \
        and all(part[:1].isupper() and part[1:].islower() for part in word.split("-"))


class ArticleText:
    """One article's paragraphs, name registry, person mentions and sentence-subject candidates."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.paras = paragraphs(text)
        self.para_starts = [p[0] for p in self.paras]
        self.registry = NameRegistry()
        self.subjects: list[tuple[int, Person]] = []  # candidates, checked lazily by _is_subject
        self.subject_pos: list[int] = []  # of the candidates in ``subjects``
        self._subject_checked: dict[int, bool] = {}
        self.mentions: list[tuple[int, Person]] = []
        self.mention_pos: list[int] = []
        self._mid_caps: set[str] | None = None
        self._lower_seen: dict[str, bool] = {}
        # Whether an offset lies inside a quotation (``set_mentions`` sets it with the quotations' bounds).
        self.inside_quote: Callable[[int], bool] = lambda pos: False

    def para_of(self, pos: int) -> int:
        """Index of the paragraph holding ``pos``."""
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return i if i > 0 else 0

    def para_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end offsets of the paragraph holding ``pos``."""
        if not self.paras:
            return 0, len(self.text)
        i = bisect.bisect_right(self.para_starts, pos) - 1
        return self.paras[i if i > 0 else 0]

    def _in_lower_case(self, word: str) -> bool:
        """True when ``word`` also occurs in lower case in the article (cached: one scan per word)."""
        found = self._lower_seen.get(word)
        if found is None:
            text = self.text
            low = word.lower()
            found = False
            at = text.find(low)
            while at >= 0 and not found:
                # a whole word: no word character (nor ’ ' -) on either side
                before = text[at - 1] if at else " "
                after = text[at + len(low)] if at + len(low) < len(text) else " "
                found = not (before.isalnum() or before in "’'-_") and not (after.isalnum() or after in "’'-_")
                at = text.find(low, at + 1)
            self._lower_seen[word] = found
        return found

    def set_mentions(self, quote_bounds: list[tuple[int, int]]) -> None:
        """Person mentions outside quotations, and the sentence subjects among them, in text order."""
        starts = [b[0] for b in quote_bounds]

        def inside(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and quote_bounds[i][0] <= pos < quote_bounds[i][1]

        self.inside_quote = inside

        found: list[tuple[int, Person]] = []
        for person in self.registry.people():
            if person.is_org or not (person.gender or person.role):
                continue
            found.extend((pos, person) for pos in person.positions if not inside(pos))
        found.sort(key=lambda item: item[0])
        self.mentions = found
        self.mention_pos = [m[0] for m in found]
        subjects = [(pos, person) for pos, person in self._subject_candidates() if not inside(pos)]
        self.subjects = subjects
        self.subject_pos = [s[0] for s in subjects]

    def _subject_candidates(self) -> list[tuple[int, Person]]:
        """Known people that may open a sentence as its subject (see :meth:`_is_subject`), in text order."""
        text = self.text
        at: dict[int, Person] = {}
        for known in self.registry.people():
            at.update(dict.fromkeys(known.positions[:MAX_SUBJECTS], known))
        for start, word in sentence_caps(text, MAX_SUBJECTS):
            if word.endswith(("’s", "'s")) and len(word) > 3:
                word = word[:-2]  # "Murphy’s filibuster": the person is Murphy (the verb test comes later)
            if start in at or word.lower() in _NOT_NAMES or not plausible_name(word):
                continue
            person = self.registry.get(word)
            if person is None and (self.registry.is_surname(word) or (
                    (self._proper_noun(word) or self._lone_name(text, start, word))
                    and text[start + len(word):start + len(word) + 1] != ".")):
                # "Clinton" with Bill and Hillary both named, or a surname used alone all along
                person = self.registry.add(word, None, start)
            if person is not None:
                at[start] = person
        if self.lang == "fr":
            # "Avec bonhomie, Leekens a évoqué …": the surname alone of someone named in full, mid-sentence
            at.update(surname_mentions(text, [p for p in self.registry.people() if not p.is_org], at))
        # registering the names above must happen now (it changes the registry); the pure subject test is run later
        return [(pos, at[pos]) for pos in sorted(at)[:MAX_SUBJECTS]]

    def _is_subject(self, pos: int) -> bool:
        """The name at ``pos`` opens a sentence or clause and a verb follows ("Christie, who ..., blasted")."""
        checked = self._subject_checked.get(pos)
        if checked is None:
            text = self.text
            first = _WORD_RE.match(text, pos)  # "Chez Brut, le média social, …" is no subject
            # the verb check is the cheaper one (both are pure), so it goes first
            head = text[sentence_start(text, pos, self.para_bounds(pos)[0]):pos]
            checked = self._verb_follows(pos) and not (first and first.group().lower() in PREPOSITIONS) and \
                (self._opens_clause(head) or (self.lang == "en" and _org_role_head(head))) and \
                not (self.lang == "fr" and noun_complement(text, pos)) and \
                not (self.lang == "en" and self._reported(pos))
            self._subject_checked[pos] = checked
        return checked

    def _reported(self, pos: int) -> bool:
        """True when the sentence holding ``pos`` ends with ", he/she <reporting verb> ….": the words are his."""
        text = self.text
        end = _SENTENCE_END_RE.search(text, pos, min(self.para_bounds(pos)[1], pos + 600))
        if end is None:
            return False
        tail = _PRONOUN_TAIL_RE.search(text, max(pos, end.start() - 60), end.end())
        return tail is not None and tail.end() == end.start() + 1 and tail.group(1) in EN_CUE_VERBS

    def _lone_name(self, text: str, start: int, word: str) -> bool:
        """A first name standing alone as a subject, never seen in lower case ("Soraya", "Arthur").

        Not the first half of a full name ("Robert Aderholt") nor a name after a title ("Rep. Robert").
        """
        low = word.lower()
        # cheapest first: a known first name (most sentence openers are not)
        if len(word) <= 2 or not word[1:].islower() or (low not in FEMALE_FIRST_NAMES
                                                          and low not in MALE_FIRST_NAMES):
            return False
        after = text[start + len(word):start + len(word) + 2]
        before = text[max(0, start - 8):start].split()
        if (len(after) == 2 and after[0] == " " and after[1].isupper()) or (before and is_title(before[-1])):
            return False
        return plausible_name(word) and low not in ROLE_WORDS and low not in SPEAKER_NOUNS \
            and low not in ORG_WORDS and low not in PLACES and not self._in_lower_case(word)

    def _proper_noun(self, word: str) -> bool:
        """A single word that is capitalised mid-sentence too and names neither a group nor a place."""
        if not _proper_noun_shape(word):
            return False
        if self._mid_caps is None:
            self._mid_caps = mid_caps(self.text)
        return word in self._mid_caps

    _opens_clause = staticmethod(opens_clause)

    def _verb_follows(self, pos: int) -> bool:
        text = self.text
        end = pos
        run = _SUBJECT_RUN_RE.match(text, end)
        while run and run.end() > end and end - pos < 80:
            if run.group().strip().endswith(("'s", "’s", "'", "’")):
                # "Trump's campaign said": Trump is not the subject; "Christie's been saying" is "has"
                nxt = _WORD_RE.match(text, run.end())
                return nxt is not None and nxt.group().lower() in _CONTRACTED_AUX_NEXT
            end = run.end()
            if self.lang == "fr" and _sentence_stop(run.group()):
                break  # « … a rencontré Marie Lenoir. Elle a ajouté »: the full stop ends the name's sentence
            run = _SUBJECT_RUN_RE.match(text, end)
        end = pos + len(text[pos:end].rstrip())
        when = _WEEKDAY_AFTER_RE.match(text, end) if self.lang == "en" else None
        if when is not None:
            end = when.end()  # "Sen. Bernie Sanders on Wednesday morning also called …"
        m = _VERB_AFTER_RE.match(text, end)
        if m is not None and m.group(1).lower() in _NOT_VERBS and self.lang == "fr":
            m = _VERB_AFTER_SHORT_RE.match(text, end)  # "Le colistier de Trump, JD Vance, a tenu à …, lors de …"
        if m is None:
            return False
        word = m.group(1).lower()
        # "Mexican officials now say", "Trump adviser Stephen Miller said": a noun, so the name modifies it
        # "Bloomberg's super PAC, Independence USA, have spent": a plural verb has no person for its subject
        # "Institute for Space Studies climatologist Gavin Schmidt likened": a role noun before a name is no verb
        return word not in _NOT_VERBS and word not in ROLE_WORDS \
            and not (word[-1:] == "s" and word[:-1] in ROLE_WORDS) \
            and not (self.lang == "en" and word in _PLURAL_VERBS) \
            and not (role_like(word) and text[m.end():m.end() + 2][1:].isupper())


def _sentence_stop(token: str) -> bool:
    """True when ``token`` (a run's word and its spaces) ends with three letters and a full stop: a sentence ends
    there, not an initial nor « M. »."""
    word = token.rstrip(" \u00a0")
    return word[-1:] == "." and len(word) > 3 and word[-4:-1].isalpha()
