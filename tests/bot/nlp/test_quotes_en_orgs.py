"""Issue 19, English news (session 16c): "the company said" must fit the organisation it goes to."""

from __future__ import annotations

from tests.bot.nlp.quote_helpers import direct_quotes


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in direct_quotes(text)]


def test_the_company_is_not_the_hospital_named_last() -> None:
    text = ("OptInRealBig was fined on Monday. Its founder was treated at Seoul Municipal Boramae Hospital last "
            "week.\n\n\"We will appeal,\" the company said.")
    assert _speakers(text) == [None]


def test_the_company_is_not_the_regulator_named_last() -> None:
    text = ("Pennzoil shares rose on Monday.\n\nThe Federal Energy Regulatory Commission approved the rates "
            "last week.\n\n\"We are pleased,\" the company said.")
    assert _speakers(text) == [None]


def test_the_union_is_not_the_company_named_last() -> None:
    text = ("Chrysler will buy American Motors Corp, the UAW said.\n\n"
            "\"We believe Chrysler's purchase is a logical step,\" the union said.")
    assert _speakers(text) == [None]


def test_a_bare_name_a_kind_noun_introduces_is_the_company() -> None:
    text = ("Shares in software firm Macrovision rose on Monday.\n\nThe deal was cleared by the Federal Trade "
            "Commission.\n\n\"We are pleased,\" the company said.")
    assert _speakers(text) == ["Macrovision"]


def test_the_company_still_finds_a_company_named_last() -> None:  # guard
    text = ("Acme Corp shares fell on Monday.\n\n\"We will appeal,\" the company said.")
    assert _speakers(text) == ["Acme Corp"]


def test_the_agency_may_be_a_government_department() -> None:  # guard
    text = ("The State Department said on Thursday that it fell short of its goal.\n\n"
            "\"We have worked diligently,\" said the agency.")
    assert _speakers(text) == ["State Department"]


def test_two_companies_of_the_kind_give_no_one() -> None:
    text = ("Acme Corp agreed to buy Widget Inc on Monday.\n\n\"We are pleased,\" the company said.")
    assert _speakers(text) == [None]


def test_in_a_statement_the_company_said() -> None:
    text = ("Acme Corp shares fell on Monday.\n\n"
            "In a statement the company said: \"We are disappointed by the ruling.\"")
    assert _speakers(text) == ["Acme Corp"]


def test_a_quotation_naming_the_last_organisation_is_not_its_own() -> None:
    text = ("Acme Corp said none of the firms had paid for the service.\n\n"
            "\"Of course Acme should be allowed to direct people to whatever sites it chooses.\"")
    assert _speakers(text) == [None]


def test_a_quotation_after_an_organisation_that_does_not_name_it() -> None:  # guard
    text = ("Acme Corp said none of the firms had paid for the service.\n\n"
            "\"We do not charge anyone for the links.\"")
    assert _speakers(text) == ["Acme Corp"]


def test_a_kind_noun_after_the_name_makes_it_the_union() -> None:
    text = ("The United Auto Workers <UAW> union said it supports Chrysler Corp's offer for American Motors Corp."
            "\n\n\"We believe Chrysler's purchase is a logical step,\" the union said.")
    assert _speakers(text) == ["United Auto Workers"]


def test_a_word_of_the_organisation_name_is_not_naming_it() -> None:  # guard
    text = ("The Muslim Council of Britain said in a statement: \"We are greatly concerned by this series.\" "
            "\"There is not a single positive Muslim character in the storyline to date.\"")
    assert _speakers(text) == ["Muslim Council", "Muslim Council"]


def test_a_company_suffix_in_a_name_the_registry_holds_as_a_name() -> None:
    text = ("<Spar Aerospace Ltd>, reporting a sharply lower 1986 profit, said it anticipated growth.\n\n"
            "\"Looking to the longer term, Spar is confident,\" the company said.")
    assert _speakers(text) == ["Spar Aerospace Ltd"]
