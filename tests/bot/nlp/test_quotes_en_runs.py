"""Issue 19, English news causes (session 16b): a second reporting verb opens a quotation of its own."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import direct_quotes


def _quotes(text: str) -> list[tuple[str, str | None]]:
    """(words, speaker) of each direct quotation."""
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


def test_an_apposition_with_an_organisation_in_the_possessive_is_the_speakers_role() -> None:
    # "Christian Aid's head of Trade Policy" was no apposition: the quotation went to the speaker before
    text = ("The WTO itself has warned that as many as 27 million jobs could be lost. "
            "“The losers will be some of the most vulnerable workers,” Andrew Pendleton, Christian Aid's head of "
            "Trade Policy, said.")
    assert _quotes(text)[-1] == ("The losers will be some of the most vulnerable workers,", "Andrew Pendleton")


@pytest.mark.parametrize(("text", "speaker"), [
    ("In January 2004, Shell told shocked investors that its reserves were 20% smaller than thought.\n\n"
     "“She was leaving by mutual agreement,” the firm said.", "Shell"),
    ("Critics called it a bad idea.\n\nIn a statement Google said the feature was still only in beta. "
     "It said: “The user can choose never to click on the links.”", "Google"),
    ("Izvestia, a Moscow daily, reported the deal on Monday. “The talks have failed,” the newspaper said.",
     "Izvestia"),
])
def test_the_one_organisation_before_speaks_for_the_company_or_it(text: str, speaker: str) -> None:
    assert [s for _, s in _quotes(text)] == [speaker]


@pytest.mark.parametrize("text", [
    # two organisations before: no one
    "Shell said its reserves were smaller. Exxon said its own were not.\n\n“We regret it,” the firm said.",
    # a person, not an organisation
    "John Smith said the plant would close.\n\n“We regret it,” the company said.",
    # a press review quotes many papers: a bare name is not "the paper"
    "Marca praised the team on Thursday.\n\n“Xavi was worthy of Maradona,” the paper said.",
])
def test_no_organisation_or_several_leave_the_company_no_one(text: str) -> None:
    assert [s for _, s in _quotes(text)] == [None]


def test_a_quotation_run_on_into_the_next_paragraph_ends_before_its_next_opening_mark() -> None:
    # BBC text with its paragraphs run together: '"A. "B." narrative' is two quotations, not one holding the
    # narrative after them
    text = ("Aid groups have warned of job losses. \"The losers will be the most vulnerable workers,\" Andrew "
            "Pendleton, Christian Aid's head of Trade Policy, said. \"They will be hard-pressed to cope. \"We are "
            "deeply concerned about the New Year.\" The WTO said there was no consensus among its members.")
    quotes = _quotes(text)
    assert not any("no consensus" in q for q, _ in quotes)
    assert quotes[-1] == ("We are deeply concerned about the New Year.", "Andrew Pendleton")


def test_a_reported_clause_after_a_full_stop_is_not_the_quotations_cue() -> None:
    # "The company also said 12 executives …" opens a sentence of its own: the quotation is the chief's
    text = ("Nortel president Bill Owens spoke on Tuesday. \"With the restatements we have a solid foundation,\" "
            "said Mr Owens. \"The restatement has been a monumental task.\" The company also said 12 senior "
            "executives have agreed to repay bonuses.")
    assert all(s == "Bill Owens" for _, s in _quotes(text))


def test_a_cue_ending_its_sentence_after_a_full_stop_is_still_the_quotations() -> None:
    # the guard: '"….” Smith said.' and '"….” Smith told the BBC.' attribute the quotation before
    for tail in ("Jane Smith said.", "Jane Smith told the BBC on Monday."):
        assert _quotes("The mayor spoke first. \"We are ready.\" " + tail) == [("We are ready.", "Jane Smith")]


def test_a_relative_of_a_named_person_is_not_that_person() -> None:
    # "Ms Khairunisa's father, Haidar Fauzi" shares her names: the possessive is kin, not an employer's role
    text = ("The victims included trainee flight assistant Khairunisa Haidar Fauzi. Ms Khairunisa’s father, Haidar "
            "Fauzi, has said: “This is what we expected.”")
    assert _quotes(text) != [("This is what we expected.", "Khairunisa Haidar Fauzi")]
