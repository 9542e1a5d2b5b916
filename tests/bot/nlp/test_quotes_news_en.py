"""Issue 19, English newswire and broadcast shapes (session 14): sports reports and wire copy."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import speaker_of


@pytest.mark.parametrize(("role", "name"), [
    ("teenager", "Lopez"), ("winger", "Hardy"), ("striker", "Rossi"), ("midfielder", "Hart"),
    ("defender", "Moss"), ("goalkeeper", "Nemec"), ("keeper", "Nemec"), ("skipper", "Price"),
    ("youngster", "Dunne"), ("fly-half", "Evans"), ("scrum-half", "Evans"), ("batsman", "Patel"),
    ("sprinter", "Banks"), ("jockey", "Walsh"),
])
def test_a_sports_role_between_a_nationality_and_the_name(role: str, name: str) -> None:
    # "said Spanish teenager Nadal": the role noun leads on to the name, the nationality is no speaker
    text = f"“We kept going and it paid off in the end,” said Welsh {role} {name}. The match ended late."
    assert speaker_of(text, "We kept going") == name


def test_the_role_noun_alone_names_the_one_described_before() -> None:
    text = ("Glen Harper is ready to sign a new deal with the club. Talks have begun and the defender said: "
            "“I want to stay here because I have improved as a player.”")
    assert speaker_of(text, "I want to stay") == "Glen Harper"


def test_a_run_after_the_is_no_antecedent_of_he() -> None:
    # "The Commodity Credit Corporation owned …, he said": "he" is the analyst quoted before, not the body
    text = ("Soybean stocks will rise again this year, Bartlett said.\n\n"
            "The Grain Storage Corporation owned 12 mln tonnes, about half of the surplus, he said.\n\n"
            "“Upside potential for prices is limited by the supply overhang,” he said.")
    assert speaker_of(text, "Upside potential") == "Bartlett"


def test_a_plural_people_after_the_is_not_the_official_who_spoke() -> None:
    # "the South Koreans gave …, the trade official said. “…,” he added": an unnamed official, so no one
    text = ("In return, the South Koreans gave a verbal assurance to buy Indian goods, the trade official said.\n\n"
            "“We selected the firm because its bid was the lowest,” he added.")
    assert speaker_of(text, "We selected") is None


def test_a_newspaper_after_the_still_answers_for_its_piece() -> None:
    # an organisation keeps its article: "The Daily Courier ran a feature … The piece used …:" is the paper's
    text = ("The Daily Courier ran a feature on Saturday about a voter in Ohio.\n\n"
            "The piece used one of her remarks as its headline: “Finally. Someone who thinks like me.”")
    assert speaker_of(text, "Finally.") == "Daily Courier"


def test_a_surname_that_is_a_broadcaster_s_name_is_a_person() -> None:
    # "Dr Fox accused Mr Blair … “…,” he told BBC News": Fox is the subject, not the company "Fox"
    text = ("Party co-chairman Daniel Fox said the plans were vague. Tony Blair said the opposite.\n\n"
            "Dr Fox accused Mr Blair of telling lies about their policies. “What we learned at the weekend is "
            "what their tactics are,” he told BBC News.")
    assert speaker_of(text, "What we learned") == "Daniel Fox"


def test_an_unnamed_spokesman_after_but_is_the_one_who_adds() -> None:
    # "But a UKIP spokesman said …. “…,” he added": the spokesman, unnamed, not the donor named before
    text = ("The party was funded by businessman Sir Peter Marsh. Critics have accused it of buying votes. "
            "But a party spokesman said its rivals had spent more. “With the advantages of public money the "
            "others have, the only way is advertising,” he added.")
    assert speaker_of(text, "With the advantages") is None


@pytest.mark.parametrize(("text", "speaker"), [
    # "Chancellor of the Exchequer Nigel Lawson": the office's name ends before the person's
    ("Chancellor of the Exchequer Ralph Denton said “the prospects for the economy look very good.”", "Ralph Denton"),
    ("Secretary of the Navy Paul Osgood said “the fleet is ready for the coming year.”", "Paul Osgood"),
    # "Undersecretary of Commerce Bruce Smart said": an office word before "of"
    ("Undersecretary of Commerce Alan Brandt said “We are gratified to learn that exporters have begun paying.”",
     "Alan Brandt"),
])
def test_an_office_of_the_department_before_the_name(text: str, speaker: str) -> None:
    assert speaker_of(text, text.split("“")[1][:12], with_partial=True) == speaker


def test_the_surname_later_is_the_office_holder_named_before() -> None:
    # "U.K. Chancellor of the Exchequer Nigel Lawson said …. Lawson told journalists that “…”"
    text = ("U.K. Chancellor of the Exchequer Ralph Denton said the two countries must work to avert a trade war."
            "\n\nDenton told journalists that “the prospects for the economy look very good.”")
    assert speaker_of(text, "the prospects", with_partial=True) == "Ralph Denton"


def test_a_plural_role_opening_a_list_of_names_is_no_part_of_the_first() -> None:
    # "Judges Simon Cowell, Louis Walsh and Sharon Osbourne are …. “…,” said Cowell"
    text = ("Judges Simon Hollis, Louis Marsh and Sharon Dale are in talks to return. “Working on the show has "
            "been a blast,” said Hollis.")
    assert speaker_of(text, "Working on the show") == "Simon Hollis"
