"""Speed-only rewrites in analyze() (issue 25, session 14) change no result: each against the code it replaces."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import rivals, unnamed
from bot.nlp.cues import ROLE_WORDS
from bot.nlp.speakers import Person

_PLACE_PIECES = ["in", "near", "until", "entered", "In", "within", "Sandy", "Hook", "Sandy Hook", "Clarkston", "tin",
                 " ", "  ", "\n", "\u00a0", "\u2003", ",", ".", "'s", "’s", "reached", "x", "ClarkstonX"]
_PLACE_TEXTS = st.lists(st.sampled_from(_PLACE_PIECES), max_size=30).map(" ".join) | st.lists(
    st.sampled_from(_PLACE_PIECES), max_size=30).map("".join) | st.text(max_size=80)


def _place_by_pattern(text: str, person: Person, gender: str | None, lang: str) -> bool:
    """``rivals.place`` as first written: the pattern searched over the whole text."""
    return lang == "en" and gender is not None and not person.gender and not person.role and re.search(
        r"\b(?:in|near|until|entered)\s+" + re.escape(person.name) + r"\b(?![’']s)(?!\s+[a-z])", text) is not None


@settings(max_examples=600, deadline=None)
@given(_PLACE_TEXTS, st.sampled_from(["Sandy Hook", "Clarkston", "Hook", "in", "x", "Sandy"]))
def test_place_prefilter_answers_as_the_pattern(text: str, name: str) -> None:
    person = Person(name)
    for gender, lang in (("m", "en"), (None, "en"), ("f", "fr")):
        assert rivals.place(text, person, gender, lang) == _place_by_pattern(text, person, gender, lang)


def test_place_still_finds_a_place() -> None:
    text = "He spoke until Sandy Hook. Later, in Sandy Hook, he said more."
    assert rivals.place(text, Person("Sandy Hook"), "m", "en")
    assert not rivals.place("Sandy Hook spoke. “…,” he said.", Person("Sandy Hook"), "m", "en")


_PLAIN_UNNAMED_RE = re.compile(r"[AaOo](?<!\w[AaOo])(?:(?<=[Aa])(?:nother|n)?|(?<=[Oo])ne)\s+(?:[\w’'-]+\s+){0,3}?(?:"
                               + "|".join(sorted(ROLE_WORDS | unnamed.PERSON_NOUNS, key=len, reverse=True)) + r")\b")
_UNNAMED_PIECES = ["a", "an", "A", "An", "One", "another", "trader",
                   "official", "officials", "rep", "repo", "rep.", "sen.", "senator", "source",
                   "spokesman", "spokeswoman", "vice", "vice-president", "president", "co-founder", "senior", "close",
                   "to", "the", "talks", "man", "woman", "witness", "élu", "élue", " ", "\n", ",", "-", "’"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_UNNAMED_PIECES), max_size=30).map(" ".join) | st.text(max_size=80),
       st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=200))
def test_grouped_noun_alternation_matches_as_the_plain_one(text: str, lo: int, hi: int) -> None:
    # the nouns grouped by their first character: the same matches, window edges included
    assert [m.span() for m in unnamed._UNNAMED_RE.finditer(text, lo, hi)] == \
        [m.span() for m in _PLAIN_UNNAMED_RE.finditer(text, lo, hi)]
