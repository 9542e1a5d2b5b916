"""French attribution, session 16 of issue 19: « il »/« elle » speaking far from any name (three paragraphs
after the one man of the article) take the one person who can be meant, and only when no one else can.
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import speaker_of

# A man named once (gender told only by the "il" going on from his name), then a woman who speaks, then him.
_OPENING = (
    "Lee Jinho est un ingénieur réputé. Pendant vingt ans, il construit des ponts dans tout le pays. "
    "Pour gagner les marchés, il accepte des arrangements douteux.\n\n"
    "Un jour, il reçoit la lettre d'une amie d'enfance, Kang Mirae, restée dans leur ancien quartier. "
    "Il s'était éloigné d'elle pour ses études.\n\n"
    "Mirae, elle, n'a rien oublié. « Je repense souvent à nos rues, écrit-elle. Tout y était plus simple. » "
    "Le soir, le vieil homme relit la lettre. "
)


_TAIL = "« Tous ces chantiers ont effacé les souvenirs des habitants », ajoute-t-il."


@pytest.mark.parametrize("tail", [
    "Il ajoute, « tous ces chantiers ont effacé les souvenirs des habitants ».",
    "« Tous ces chantiers ont effacé les souvenirs des habitants », ajoute-t-il.",
    "Il reconnaît : « Tous ces chantiers ont effacé les souvenirs des habitants. »",
])
def test_a_pronoun_far_from_any_name_takes_the_one_man_named(tail: str) -> None:
    start = "tous" if tail.startswith("Il ajoute") else "Tous"
    assert speaker_of(_OPENING + tail, start, "fr") \
        == "Lee Jinho"


def test_a_paragraph_not_carrying_the_pronoun_breaks_the_reference() -> None:
    text = _OPENING.replace("Un jour, il reçoit", "Un jour, on apporte") \
        .replace("Il s'était éloigné", "On s'était éloigné") + _TAIL
    assert speaker_of(text, "Tous", "fr") is None


def test_two_men_named_before_leave_no_answer() -> None:
    text = _OPENING.replace("Kang Mirae, restée", "Kang Mirae, et de son frère Kang Minsu, restés") \
        + _TAIL
    assert speaker_of(text, "Tous", "fr") is None


def test_a_lone_word_of_unknown_gender_is_no_guess() -> None:
    text = _OPENING.replace("Lee Jinho est", "Jinho est") \
        + _TAIL
    assert speaker_of(text, "Tous", "fr") is None


def test_someone_described_by_the_name_is_not_that_name() -> None:
    text = ("Marie Lefort accuse la clinique depuis dix ans. Elle ne veut plus témoigner.\n\n"
            "Le procès a repris mardi. Les débats ont duré toute la journée.\n\n"
            "Le juge a suspendu l'audience. L'avocate de Marie Lefort a demandé un renvoi, puis elle a ajouté : "
            "« Personne ici ne peut dire que la procédure a été juste. »")
    assert speaker_of(text, "Personne", "fr") is None


def test_an_unnamed_subject_since_the_name_keeps_the_pronoun() -> None:
    text = ("Paul Girard dirige le parti depuis 2015. Il prépare sa succession.\n\n"
            "Les militants s'inquiètent. Les sondages sont mauvais.\n\n"
            "Un ancien ministre s'est souvenu de leurs débuts. « Il était déjà très seul », a-t-il lâché.")
    assert speaker_of(text, "Il était", "fr") is None


def test_a_thing_as_elle_is_no_person() -> None:
    text = ("Le projet est porté par la Société du Grand Paris. La loi a été votée hier.\n\n"
            "Les élus attendent la suite. Le calendrier reste flou.\n\n"
            "La première taxe vise les bureaux. Elle est chiffrée : « Le produit de cette taxe est de 117 millions. »")
    assert speaker_of(text, "Le produit", "fr") is None
