"""English attribution causes found on real news pages and PolNeAR train (session 14).

Every text here is written for the test; each case fails on the code before its fix unless marked as a guard.
"""

from __future__ import annotations

from bot.nlp.quotes import extract_quotes


def _speakers(text: str) -> dict[str, str | None]:
    return {q.text[:30]: q.speaker for q in extract_quotes(text) if not q.partial}


def test_a_colon_after_another_persons_clause_gives_the_quote_to_that_person() -> None:
    text = (
        "Union chief Dana Morrow spoke first. \"The council has failed us,\" she said.\n\n"
        "Former governor Walter Pike agreed with the sentiment, but laid the blame on Mayor Ray Stone: "
        "\"They had ten years to look.\""
    )
    assert _speakers(text) == {"The council has failed us,": "Dana Morrow",
                               "They had ten years to look.": "Walter Pike"}


def test_a_colon_after_an_unnamed_spokesman_gives_the_quote_to_no_one() -> None:
    text = (
        "Critic Adam Lowe reviewed the film. \"It is a weak film,\" he said.\n\n"
        "A spokesman for the Defense Commission, the country's highest body, had this to say about the film, "
        "which it blames on President Obama: \"It insults the nation.\""
    )
    assert _speakers(text) == {"It is a weak film,": "Adam Lowe", "It insults the nation.": None}


def test_a_colon_after_the_speakers_own_pronoun_keeps_him() -> None:
    # guard: "He had a warning:" is the last speaker going on
    text = (
        "\"We will win,\" said coach Brian Tull.\n\n"
        "He had a warning for his players: \"Nobody wins on talent alone.\""
    )
    assert _speakers(text) == {"We will win,": "Brian Tull", "Nobody wins on talent alone.": "Brian Tull"}


def _reported(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text) if q.kind == "indirect"]


def test_a_source_cut_before_its_noun_is_not_the_man_named_before() -> None:
    # "the Lyon-based" stops before "anti-fraud group": the phrase names no one, not Carl Dorsey
    text = (
        "Carl Dorsey, 52, pleaded guilty on Monday.\n\n"
        "He ran a charity in the country for about a decade, according to the Lyon-based anti-fraud group "
        "Vigilance pour Tous."
    )
    assert _reported(text) == [("He ran a charity in the country for about a decade", None)]


def test_a_short_lead_before_according_to_keeps_the_statement_after_it() -> None:
    text = "The agency spent heavily. For example, according to the Daily Ledger, it spent $30 million on farms."
    [(quote, speaker)] = _reported(text)
    assert "it spent $30 million on farms" in quote and speaker == "Daily Ledger"


def test_a_bare_possessive_source_is_a_brand_not_a_person() -> None:
    # "Harper’s" alone is a magazine: folded to "Harper" it would join a person of that name
    text = "The fleet is old. According to Harper’s, the navy has only four working ships left."
    assert _reported(text) == [("the navy has only four working ships left", None)]


def test_a_brand_named_with_its_possessive_is_the_organisation() -> None:
    text = (
        "Growth slowed in the spring, according to a Harlow’s Analytics report. Claims rose by a third, "
        "according to the Harlow’s report."
    )
    assert [speaker for _, speaker in _reported(text)] == ["Harlow’s Analytics", "Harlow’s Analytics"]


def test_a_ranking_party_member_is_the_name_after_the_party_noun() -> None:
    text = "\"The hearing was a farce,\" said Budget ranking Republican Tom Vickers (R-Ohio)."
    assert _speakers(text) == {"The hearing was a farce,": "Tom Vickers"}


def test_a_party_noun_after_a_verb_does_not_join_the_subject() -> None:
    # guard: "beat" is no role modifier, so the phrase is still "Ames"
    text = "Ames beat Democrat Paula Reyes in the state. \"We won,\" said Ames."
    assert _speakers(text) == {"We won,": "Ames"}


def test_they_is_not_one_person_named_alone() -> None:
    text = (
        "The case of Omar Pellan, who was killed by a guard, drew crowds. \"I want justice,\" he said in a video.\n\n"
        "Marchers filled the avenue. They often chant: \"No justice, no peace.\""
    )
    assert _speakers(text) == {"I want justice,": "Omar Pellan", "No justice, no peace.": None}


def test_they_may_be_a_person_named_with_others() -> None:
    # guard: "Vance, along with Judge Ruth Oduya" wrote the study together
    text = (
        "Professor Lena Vance, along with Judge Ruth Oduya, wrote a study of the court. In it, they say "
        "\"the court has never been friendlier to business.\""
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Lena Vance"]


def test_a_standalone_quote_after_another_persons_sentence_is_that_persons() -> None:
    text = (
        "\"We lost the vote,\" said Senator Hal Brecker.\n\n"
        "Governor Nina Castell shrugged off the defeat. \"We will bring the bill back next year.\""
    )
    assert _speakers(text) == {"We lost the vote,": "Hal Brecker", "We will bring the bill back ne": "Nina Castell"}


def test_a_sentence_before_opening_with_an_organisations_words_gives_no_one_the_quote() -> None:
    # guard: "National Search and Rescue Agency chief Budi Harso" opens with "National Search", which no verb
    # follows: the quotation stays the one who told reporters
    text = (
        "National Search and Rescue Agency chief Budi Harso told reporters that six bodies were found.\n\n"
        "\"The bodies will be flown to Pangkalan Bun,\" the town nearest the site, said Harso."
    )
    assert _speakers(text)["The bodies will be flown to Pa"] == "Budi Harso"


def test_a_possessive_source_before_its_noun_is_the_owner() -> None:
    # guard: "Google's recent parsing" is Google's, unlike a bare "Jane’s"
    text = "Chia seeds are the new kale, according to Google's recent parsing of food searches."
    assert _reported(text) == [("Chia seeds are the new kale", "Google")]


def test_the_airline_speaking_is_not_its_boss_quoted_before() -> None:
    # "the airline" is the company (named or not), never the executive who tweeted just before
    text = (
        "Flight 212 went missing on Sunday. \"My heart is heavy,\" airline boss Tomas Verhoef tweeted.\n\n"
        "The airline said in a statement that it was flying relatives to Jakarta, \"where a team will look after "
        "each family\"."
    )
    assert _speakers(text)["where a team will look after e"] is None
