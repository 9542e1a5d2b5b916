"""Issue 19, English news causes (session 16b): a second reporting verb opens a quotation of its own."""

from __future__ import annotations

from tests.bot.nlp.quote_helpers import direct_quotes


def _quotes(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in direct_quotes(text)]


def test_a_quotation_after_adding_is_its_own_with_the_same_speaker() -> None:
    text = ("Donald Trump spoke in Iowa on Monday.\n\n"
            "“He has failed in this campaign. It’s been a total disaster,” Trump said, adding, “Nobody cares. "
            "And frankly, I’m the most solid person up here.”")
    assert _quotes(text) == [
        ("He has failed in this campaign. It’s been a total disaster,", "Donald Trump"),
        ("Nobody cares. And frankly, I’m the most solid person up here.", "Donald Trump"),
    ]


def test_a_second_clause_with_its_own_verb_opens_a_quotation() -> None:
    text = ("Senator Jane Roe toured the plant.\n\n"
            "“The jobs are coming back,” Roe said on Friday, and she added, “We will not stop here.”")
    assert [q for q, _ in _quotes(text)] == ["The jobs are coming back,", "We will not stop here."]


def test_an_attribution_with_one_verb_still_joins_the_quotation() -> None:
    # the guard: '"Q1," X said, "Q2"' is one quotation, interrupted by its attribution
    text = ("Senator Jane Roe toured the plant.\n\n"
            "“The jobs are coming back,” Roe said, “and we will not stop here.”")
    assert _quotes(text) == [("The jobs are coming back, and we will not stop here.", "Jane Roe")]
