"""Speakers as real pages name them: sentence adverbs before a name, unnamed sources, numbered things."""

from __future__ import annotations

from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import plausible_name, trim_name


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text[:30]: q.speaker for q in extract_quotes(text)}


def test_a_sentence_adverb_is_not_part_of_the_name() -> None:
    assert not plausible_name("Apparently Lindsey")
    assert trim_name("Apparently Lindsey") == "Lindsey"
    assert trim_name("Reportedly Smith") == "Smith"
    # First names and surnames keep their "-ly" endings.
    assert plausible_name("Kelly Clarkson") and plausible_name("John Connally") and plausible_name("Beverly Hills")
    text = (
        "On Reddit, a user who goes by the name Lindsey posted a story about an illness in a small town.\n\n"
        "Apparently Lindsey’s posts were so well written that people called the town to check.\n\n"
        "“Eleven days ago, an older woman who runs a home daycare was found dead,” Lindsey wrote."
    )
    assert _speakers(text) == {"Eleven days ago, an older woma": "Lindsey"}


LIVE_BLOG = (
    "Meanwhile, Jonathan Pearlman in Pangkalan Bun and Tom Phillips in Surabaya have this wrap of the day.\n\n"
    "16.06 AirAsia QZ8501 made a steep climb before it crashed, possibly pushing it beyond the aircraft's "
    "limits, according to radar data, a source close to the investigation has told Reuters.\n\n"
    "“So far, the numbers taken by the radar are unbelievably high,” he said."
)


def test_he_after_an_unnamed_source_is_that_source_not_someone_named_before() -> None:
    # Neither the flight (a numbered thing) nor the reporters named earlier said it: no answer.
    assert _speakers(LIVE_BLOG) == {"So far, the numbers taken by t": None}


def test_a_description_of_someone_named_is_not_an_unnamed_source() -> None:
    text = (
        "Sanders, a senator from the state of Vermont, said economic stagnation is the source of the anger.\n\n"
        "“The global economy is not working for the majority of people,” he said."
    )
    assert _speakers(text)["The global economy is not work"] == "Sanders"


def test_whom_an_unnamed_reporter_asks_answers() -> None:
    text = (
        "Bernie Sanders is making an impromptu stop at a Las Vegas high school.\n\n"
        "A reporter asked Sanders how he is feeling on caucus day. "
        "He replied: “The bigger the turnout, the better I feel.”"
    )
    assert _speakers(text) == {"The bigger the turnout, the be": "Bernie Sanders"}


def test_a_title_after_a_quoted_title_is_no_speaker() -> None:
    text = (
        "The best film scenes of the year, in order.\n\n"
        "“The Step You Can’t Take Back,” Begin Again\n\n"
        "A man (Mark Ruffalo) slumps over a bar, his left shoulder jutted toward the camera."
    )
    assert all(q.speaker is None for q in extract_quotes(text))
    # A verb of saying after a quotation still introduces its speaker.
    assert _speakers("“We will appeal,” said Ines Barros, the harbour authority's chair.") == {
        "We will appeal,": "Ines Barros"
    }


def test_a_nationality_inside_an_unnamed_description_is_no_name() -> None:
    text = (
        "About 36 percent of the country's people live below the poverty line. “If you ask people on the streets "
        "whether we have a billionaire, they will shrug,” says a senior Afghan economic official, who asked to "
        "remain anonymous."
    )
    assert _speakers(text) == {"If you ask people on the stree": None}
    text = "“It’s going to be hard to do it quickly,” said a longtime GOP data expert who worked for a rival."
    assert _speakers(text) == {"It’s going to be hard to do it": None}


def test_a_role_before_a_name_is_the_role() -> None:
    text = (
        "“We found the car in the river,” Investigator Robert Cornett said.\n\n"
        "“Senator Sanders voted twice to protect gun dealers,” New York City Public Advocate Trish James said."
    )
    assert _speakers(text) == {
        "We found the car in the river,": "Robert Cornett",
        "Senator Sanders voted twice to": "Trish James",
    }


def test_a_middle_initial_m_is_not_monsieur() -> None:
    from bot.nlp.speakers import split_name_role

    assert split_name_role("Brian M. Good") == ("Brian M. Good", None)
    assert split_name_role("M. Dupont") == ("Dupont", None)
    assert split_name_role("le ministre M. Dupont") == ("Dupont", "ministre")
    text = "Brian M. Good said he expected a horrible trip.\n\n“Instead the roads were dead,” he said in an e-mail."
    assert _speakers(text) == {"Instead the roads were dead,": "Brian M. Good"}


def test_a_title_in_apposition_is_no_quotation_of_anyone() -> None:
    text = (
        "Poet Philip Larkin described all plots as “a beginning, a muddle, and an end,” which fits sitcoms.\n\n"
        "When writers prepare a new episode, many map out what will happen. Let’s see how this played out in "
        "the Parks & Recreation episode, “Boys' Club.”"
    )
    quotes = {q.text: q for q in extract_quotes(text)}
    assert quotes["Boys' Club."].partial and quotes["Boys' Club."].speaker is None
    # A quotation after a comma that is a sentence of its own still counts.
    text = "Smith paused, then spoke.\n\nAsked about the vote, “We will win it.” Smith said on Monday."
    assert _speakers(text) == {"We will win it.": "Smith"}


def test_an_occupation_before_a_name_is_a_role() -> None:
    text = (
        "Lieutenant Airman Tri Wobowo, who co-piloted the aircraft, told a newspaper: “There are seven people.”\n\n"
        "Poet Philip Larkin once wrote to a friend. “Plots are a beginning, a muddle and an end,” Larkin said."
    )
    assert _speakers(text) == {
        "There are seven people.": "Tri Wobowo",
        "Plots are a beginning, a muddl": "Philip Larkin",
    }
