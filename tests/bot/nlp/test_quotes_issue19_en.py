"""Issue 19, English attribution (session 3): sentence shapes whose speaker was missed or wrong."""

from __future__ import annotations

import pytest

from bot.nlp.quotemarks import find_quotes
from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import plausible_name


def _speaker_of(text: str, start: str) -> str | None:
    found = [q for q in extract_quotes(text, "en") if q.kind == "direct" and q.text.startswith(start)]
    assert len(found) == 1, [(q.text, q.speaker) for q in extract_quotes(text, "en")]
    return found[0].speaker


# -- closing marks typed wrong or glued to the next word ----------------------------------------------

@pytest.mark.parametrize("text", [
    "“The numbers are bad,”Clinton said. “Very bad.”",
    "“The numbers are bad,“ said Jim Clyburn. “Very bad.”",
])
def test_a_glued_or_miscoded_closing_mark_closes_the_quotation(text: str) -> None:
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["The numbers are bad,", "Very bad."]


def test_an_opening_mark_still_opens_after_a_comma() -> None:
    text = "He said,“We will win.”"
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["We will win."]


def test_miscoded_closing_mark_keeps_the_inverted_speaker() -> None:
    text = "Sen. Jim Clyburn spoke on Monday.\n\n“If she loses Iowa, that could create problems,“ said Jim Clyburn."
    assert _speaker_of(text, "If she loses Iowa") == "Jim Clyburn"


# -- the sentence subject after fronted adverbials ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "In a long, in-prison interview with a reporter last year, Marcel Lazar said he welcomed extradition "
    "and added, “I'll plead guilty, no problem.”",
    "Appearing before supporters Monday morning, Marcel Lazar, 44, said it was too early but added, "
    "“I'll plead guilty, no problem.”",
    "Hours later, Marcel Lazar returned the compliment, telling Reuters, “I'll plead guilty, no problem.”",
])
def test_coordinated_or_participle_cue_goes_to_the_sentence_subject(text: str) -> None:
    assert _speaker_of(text, "I'll plead guilty") == "Marcel Lazar"


def test_a_role_phrase_opening_the_sentence_is_its_subject_not_an_adverbial() -> None:
    text = "Republican presidential candidate Donald Trump quickly took to Twitter, writing: “Another attack.”"
    assert _speaker_of(text, "Another attack") == "Donald Trump"


def test_a_modifier_after_a_name_does_not_join_it() -> None:
    text = "Donald Trump then appears in a clip from a speech, saying, “We will build the wall.”"
    assert _speaker_of(text, "We will build") == "Donald Trump"


def test_a_role_modifier_before_a_role_still_leads_to_the_name() -> None:
    text = "“This is espionage,” said Clinton’s top foreign policy aide Jake Sullivan."
    assert _speaker_of(text, "This is espionage") == "Jake Sullivan"


def test_sentence_initial_said_with_a_long_relative_clause() -> None:
    text = "The house is a museum now. Said Dorothy Poynter, who grew up with Ali in the neighborhood, " \
           "“We were all so proud of him.”"
    assert _speaker_of(text, "We were all so proud") == "Dorothy Poynter"


def test_a_participle_after_an_apposition_with_a_possessive_is_the_subjects() -> None:
    text = ("Corey Lewandowski, Trump's campaign manager, said that the candidate was consistent, noting that "
            "most of the money would go to the party.\n\n"
            "\"That will benefit not only Mr. Trump, but all the races down ballot,\" he said.")
    assert _speaker_of(text, "That will benefit") == "Corey Lewandowski"


def test_who_said_goes_to_the_person_before_the_relative_pronoun() -> None:
    text = ("Her position was supported Friday by Sen. Dianne Feinstein of California, the ranking Democrat on "
            "the Senate Intelligence Committee, who said none of the emails originated with her.\n\n"
            "\"It has never made sense to me,\" she said in a statement.")
    assert _speaker_of(text, "It has never made sense") == "Dianne Feinstein"


def test_relative_clause_head_before_a_cue() -> None:
    text = "Cruz won an endorsement from Mike Lee, who declared in the spin room, “It is time to unite.”"
    assert _speaker_of(text, "It is time to unite") == "Mike Lee"


def test_and_even_opens_a_subject_for_a_later_pronoun() -> None:
    text = ("Both Justin Trudeau and Enrique Peña Nieto gave assurances. And even Obama tried to help them, "
            "noting that he would demur too.\n\n"
            "\"When I visit other countries, it's not my job to comment on candidates,\" he said.")
    assert _speaker_of(text, "When I visit") == "Obama"


# -- appositions -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Sam Lau, the communications director for the Iowa Democratic Party said in a statement. "
    "“There are no paper ballots to recount.”",
    "Anthony Anton, president and CEO of Washington Restaurant Association stated, "
    "“There are no paper ballots to recount.”",
])
def test_an_unclosed_apposition_does_not_give_the_organisation(text: str) -> None:
    assert _speaker_of(text, "There are no paper ballots") in ("Sam Lau", "Anthony Anton")


def test_a_plural_possessive_apposition() -> None:
    text = "“The numbers put us on pace,” Jeff Weaver, Sanders’ campaign manager, said in a statement."
    assert _speaker_of(text, "The numbers put us") == "Jeff Weaver"


def test_chief_of_staff_apposition_after_an_abbreviated_title() -> None:
    text = ("“Positions are gonna soften,” California Rep. Duncan Hunter’s chief of staff, Joe Kasper, told "
            "reporters.")
    assert _speaker_of(text, "Positions are gonna soften") == "Joe Kasper"


@pytest.mark.parametrize(("text", "speaker"), [
    ("“The first line of defense is the community,” said former secretary of state Hillary Clinton, who "
     "praised Bush.", "Hillary Clinton"),
    ("“Imagine him on the stage,” mused Blaze co-host Stu Burguiere.", "Stu Burguiere"),
])
def test_role_words_with_a_lower_case_complement_lead_to_the_name(text: str, speaker: str) -> None:
    assert _speaker_of(text, text[1:12]) == speaker


# -- source lines ------------------------------------------------------------------------------------

def test_dash_headed_source_label() -> None:
    text = "Pollsters agree - Carl Bialik: “Keep on contacting voters as late as possible.” [538.]"
    assert _speaker_of(text, "Keep on contacting") == "Carl Bialik"


def test_pull_quote_source_line() -> None:
    text = ("The race is close.\n\n\"I worry that we may see a resurgence of balanced budgets.\n"
            "Josh Bivens, Economic Policy Institute.\"\n\nThe debate goes on.")
    assert _speaker_of(text, "I worry") == "Josh Bivens"


def test_dash_source_line_with_a_gloss() -> None:
    text = "Quotable.\n\n\"Great speech. She's tested. She's ready.\"\n\n-President Obama, tweeting after the speech."
    assert _speaker_of(text, "Great speech") == "Obama"


def test_the_statement_said_goes_to_whoever_released_it() -> None:
    text = ("In Washington, President Barack Obama released a statement Thursday night condemning the attack.\n\n"
            "\"We stand in solidarity with France,\" the statement said.")
    assert _speaker_of(text, "We stand in solidarity") == "Barack Obama"


# -- not names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["Of Sanders", "New York-based", "Hours", "Eight"])
def test_prepositions_compound_adjectives_and_counts_are_not_names(word: str) -> None:
    assert not plausible_name(word)


def test_a_nationality_after_an_indefinite_article_is_no_speaker() -> None:
    text = "“We don't have freedom of opinion anymore,” tweeted a German user from Hanover."
    assert _speaker_of(text, "We don't have freedom") is None


def test_a_possessive_sentence_opener_is_the_person_not_a_new_name() -> None:
    text = ("Sen. Chris Murphy spoke. Anne Marie Murphy died in 2012.\n\n"
            "Murphy’s filibuster ended late.\n\n“This was something different,” he said.")
    assert _speaker_of(text, "This was something different") != "Murphy’s"


def test_after_a_full_stop_he_said_opens_the_next_sentence_not_the_attribution() -> None:
    text = ("Hillary Clinton said the plans were strong, to which Martin O'Malley interjected: "
            "\"It's just not true.\" He said Clinton would not go far enough.")
    assert _speaker_of(text, "It's just not true") == "Martin O'Malley"


def test_a_possessive_apposition_leads_to_the_name() -> None:
    text = "“It's about time we had a woman president,” exhorted Clinton's introducer, actress Jamie Lee Curtis."
    assert _speaker_of(text, "It's about time") == "Jamie Lee Curtis"


def test_an_adjective_between_the_article_and_a_name_keeps_the_name() -> None:
    text = ("François Hollande answered Trump.\n\n“France will always be France,” an angry Hollande retaliated.")
    assert _speaker_of(text, "France will always") == "François Hollande"
