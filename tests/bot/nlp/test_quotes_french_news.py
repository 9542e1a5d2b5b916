"""French attribution, session 16b of issue 19: wordings of news articles (a paper headlining, a cue taken as the
infinitive of a finite verb, « Selon lui », an institution named with an elided article).
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import speaker_of

_QUOTE = "« Nous allons revoir entièrement le calendrier de la réforme »"

# -- a paper headlining: « titrer » is a cue --------------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Mardi, Le Figaro titrait : {_QUOTE}.", "Le Figaro"),
    (f"{_QUOTE}, titrait Libération.", "Libération"),  # (already right, as an inverted subject)
    (f"{_QUOTE}, a titré Libération.", "Libération"),  # (already right)
])
def test_a_paper_headlining_speaks(text: str, speaker: str) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- a cue as the infinitive of a finite verb: the finite verb's subject ------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Ainsi le 13 mai dernier Le Monde continuait de titrer : {_QUOTE}.", "Le Monde"),
    # the comma closes the clause, not a fronted adverbial (was "Violences")
    (f"Ainsi le 13 mai dernier Le Monde continuait de titrer, Violences policières : {_QUOTE}.", "Le Monde"),
    # no narrative « Et X de + infinitif »: « continuait » takes the « de »
    (f"Et le 13 mai dernier, Le Monde continuait de titrer {_QUOTE}.", "Le Monde"),
    (f"Marie Dupont vient de déclarer : {_QUOTE}.", "Marie Dupont"),  # (already right)
    (f"Marie Dupont a déclaré mardi. Et la syndicaliste Anne Morel de renchérir : {_QUOTE}.", "Anne Morel"),
])
def test_a_cue_taken_by_a_finite_verb(text: str, speaker: str) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- « Selon lui » goes back to the one just named, as « Pour lui » and « D'après elle » do -------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Jordan Bardella était à Nice mardi. Selon lui, {_QUOTE}.", "Jordan Bardella"),
    (f"Les deux élus de Lyon, Paul Morel et Jean Petit, ont protesté. Selon eux, {_QUOTE}.", None),
    (f"Selon lui, {_QUOTE}.", None),  # no one named
    (f"Anne Morel était à Nice mardi. D'après elle, {_QUOTE}.", "Anne Morel"),  # (already right)
])
def test_selon_lui(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- an institution with an elided article after its cue ---------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"{_QUOTE}, indique l'Élysée.", "Élysée"),
    (f"{_QUOTE}, a fait savoir l’Élysée dans un communiqué.", "Élysée"),
    (f"{_QUOTE}, selon l'Élysée.", "Élysée"),
    (f"{_QUOTE}, plaide l'avocate.", None),  # a lower-case noun is no name
    (f"{_QUOTE}, indique l'Observatoire national.", None),  # a longer name, not cut to "Observatoire"
    (f"{_QUOTE}, indique l'Autorité de régulation des transports.", None),  # (as above)
])
def test_an_institution_after_an_elided_article(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker



def test_selon_lui_inside_a_sentence_gives_no_one() -> None:
    # the pronoun is the clause subject's (« Il », Walid Dupré), not the last speaker's (Marc Tonnel): no answer
    text = ('"Le ton se durcit nettement face au pouvoir", a observé Marc Tonnel, un porte-parole du ministère. '
            'Le ministre des Affaires étrangères Walid Dupré a pourtant estimé que le pays "allait vers la fin de la '
            'crise". Il a vivement réagi à la décision de la Ligue, qui constitue selon lui "un pas dangereux".')
    assert speaker_of(text, "un pas", "fr", with_partial=True) is None


# -- « X, qui développe : »: the relative's antecedent right before it, and only a name ---------------------


@pytest.mark.parametrize(("head", "speaker"), [
    ("Le ministre a reçu Ana Cardenal, qui développe :", "Ana Cardenal"),
    ("Il a reçu Dominique de Villepin, qui a ajouté :", "Dominique de Villepin"),
    ("Jean Dupont a écouté l'élue, qui a ajouté :", None),  # the unnamed « l'élue » (was Jean Dupont)
    ("Il a cité l'avocate d'Anne Morel, qui a ajouté :", None),  # the lawyer or Anne Morel
    ("« Les rumeurs circulent vite », détaille Ana Cardenal, qui ajoute :", "Ana Cardenal"),  # (already right)
])
def test_a_relative_after_a_name(head: str, speaker: str | None) -> None:
    assert speaker_of(f"{head} {_QUOTE}.", "Nous allons", "fr") == speaker


# -- the sentence after a quotation owning its words: « Le cri du cœur de X », « Ces mots de X » ---------------

_OPENING = "Le festival s'est ouvert mardi.\n\n« Faites votre travail. Faites votre travail, enfin ! » "


@pytest.mark.parametrize(("after", "speaker"), [
    ("Le cri du cœur de Paul Morel résonne dans la salle.", "Paul Morel"),
    ("Ces mots d'Anne Morel ont marqué la salle.", "Anne Morel"),
    ("Les mots du ministre ont marqué la salle.", None),  # a description names no one
    ("Le cri de la foule a couvert Paul Morel.", None),
    ("La salle de Paul Morel était pleine.", None),  # no word for an utterance
])
def test_the_next_sentence_owning_the_words(after: str, speaker: str | None) -> None:
    assert speaker_of(_OPENING + after, "Faites", "fr") == speaker


# -- a person named by an unknown first name alone, described by the next sentence ------------------------------

_QUIET = "« On nous enlève tout, soupire-t-elle. C'est de plus en plus dur. »"


@pytest.mark.parametrize(("intro", "speaker"), [
    ("On termine la journée en discutant avec Ondine. Cette jeune fille de 19 ans étudie le droit. Elle suit la "
     "mobilisation, son père étant lui-même professeur.", "Ondine"),
    ("Nous avons rencontré Ondine. Cette ville de 20 000 habitants est calme.", None),  # no person described
    ("Elle vit désormais à Lormont. Cette jeune femme de 30 ans travaille dur.", None),  # a place, not her name
])
def test_a_lone_first_name_described_next(intro: str, speaker: str | None) -> None:
    assert speaker_of(f"{intro} {_QUIET}", "On nous", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    ("« Faites votre travail. Faites votre travail, enfin ! »\n\nLe cri du cœur de Paul Morel résonne dans la salle.",
     "Paul Morel"),
    ("La salle était pleine.\n\n« Faites votre travail, enfin ! »\n\nLe festival de Paul Morel s'est ouvert mardi.",
     None),
    ("Il a conclu : « Faites votre travail, enfin ! »\n\nLe cri du cœur de Paul Morel a résonné.", None),  # (a head)
])
def test_a_quotation_paragraph_owned_by_the_next_one(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Faites", "fr") == speaker
