"""Organisations as speakers: their whole name, however long, and a named person's organisation is not them."""

from __future__ import annotations

from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import plausible_name, split_name_role


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text[:30]: q.speaker for q in extract_quotes(text)}


def test_a_long_organisation_name_is_kept_whole() -> None:
    assert plausible_name("National Highway Traffic Safety Administration")
    assert not plausible_name("Chris Christie Calls Hillary Clinton Out")  # a headline run stays no name
    text = (
        "Roads were icy all week.\n\n"
        "The National Highway Traffic Safety Administration said that 416 motorists died during the weekend."
    )
    assert _speakers(text) == {"416 motorists died during the ": "National Highway Traffic Safety Administration"}


def test_and_inside_an_organisation_name_does_not_cut_it() -> None:
    assert split_name_role("the National Oceanic and Atmospheric Administration") == (
        "National Oceanic and Atmospheric Administration", None)
    assert split_name_role("Bill Clinton and Hillary Clinton")[0] == "Hillary Clinton"  # two people: unchanged
    text = (
        "Forecasting is old.\n\n"
        "“The rain gauge and the barometer were invented between 1400 and 1700,” as the National Oceanic and "
        "Atmospheric Administration notes in its history section."
    )
    assert _speakers(text) == {"The rain gauge and the baromet": "National Oceanic and Atmospheric Administration"}
    assert [q.role for q in extract_quotes(text)] == [None]  # "as the" describes no one


def test_a_role_word_that_names_an_office_stays_in_its_name() -> None:
    assert split_name_role("the Justice Department") == ("Justice Department", None)
    assert split_name_role("the Attorney General's Office") == ("Attorney General's Office", None)
    assert split_name_role("Chief Justice John Roberts") == ("John Roberts", "Chief Justice")
    assert split_name_role("Justice Department spokesman Peter Carr") == ("Peter Carr", "Justice Department spokesman")
    text = "The ruling came late.\n\n“We disagree with the decision,” said the Justice Department."
    assert _speakers(text) == {"We disagree with the decision,": "Justice Department"}
    text = "Polls opened.\n\n“We are ready,” the Democratic Party said in a statement."
    assert _speakers(text) == {"We are ready,": "Democratic Party"}


def test_a_name_then_its_organisation_is_the_person() -> None:
    text = (
        "The city is divided.\n\n"
        "\"To be frank, the city will never go back to normal,\" said the Rev. Peter Wherry, of Mayfield Memorial "
        "Missionary Baptist Church."
    )
    assert _speakers(text) == {"To be frank, the city will nev": "Peter Wherry"}
    # A name inside the description ("the lawyer of X") still leads on to the speaker's own name.
    text = (
        "Le procès a repris.\n\n"
        "« Vous devez le juger sans céder à la pression », plaide l'avocate de Yassin E., Saphia Foughar."
    )
    assert {q.speaker for q in extract_quotes(text, "fr")} == {"Saphia Foughar"}


def test_a_french_article_capitalised_by_the_sentence_start_is_not_part_of_the_name() -> None:
    text = (
        "Les autobus scolaires attendront.\n\n"
        "L'Ottawa School Transportation Authority (OSTA) dit qu'elle doit s'adapter à des changements de dernière "
        "minute. L'Élysée a indiqué qu'il répondrait."
    )
    assert [q.speaker for q in extract_quotes(text, "fr")] == ["Ottawa School Transportation Authority", "Élysée"]
    # A title that keeps its capital inside a sentence keeps its article.
    text = "La presse en parle.\n\nL'Express a dit qu'il publierait tout. Selon L'Express, le président partira demain."
    assert {q.speaker for q in extract_quotes(text, "fr")} == {"L'Express"}
