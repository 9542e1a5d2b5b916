"""French attribution, session 16c of issue 19: wordings unseen news carries (a title after a clause's comma, a
paper opening its sentence, one unnamed among several, the paper's own reporting).
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import speaker_of

_QUOTE = "« Nous allons revoir entièrement le calendrier de la réforme »"

# -- a title before the colon, after a comma that closes a clause (no cue): no speaker -----------------------


@pytest.mark.parametrize(("text", "speaker"), [
    # was "Violences": the comma closes « Le Monde publiait un dossier », the heading follows
    (f"Ainsi le 13 mai dernier Le Monde publiait un dossier, Violences policières : {_QUOTE}.", None),
    (f"Ainsi la semaine dernière Libération consacrait sa une, Réforme des retraites : {_QUOTE}.", None),  # (was none)
    # guards: a fronted adverbial, then the subject and its predicate
    (f"Lors du sommet de Paris, Marie Dupont reste prudente : {_QUOTE}.", "Marie Dupont"),
    (f"Dans un communiqué, la CGT dénonce la méthode : {_QUOTE}.", "CGT"),
    (f"Quand il arrive à Nice, Paul Morel reste prudent : {_QUOTE}.", "Paul Morel"),
    # with a cue, the clause's subject speaks (session 16b)
    (f"Ainsi le 13 mai dernier Le Monde continuait de titrer, Violences policières : {_QUOTE}.", "Le Monde"),
])
def test_a_title_after_a_clause_is_no_speaker(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- a paper opening its sentence keeps its article ---------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Le Monde titrait : {_QUOTE}.", "Le Monde"),  # was "Monde"
    (f"Le Figaro a titré : {_QUOTE}.", "Le Figaro"),
    (f"Le Point a révélé : {_QUOTE}.", "Le Point"),
    (f"{_QUOTE}, écrit Le Monde.", "Le Monde"),  # (already right)
    # guards: an article written in lower case elsewhere is a determiner; an acronym; a role
    (f"Le Figaro a titré : {_QUOTE}. Dans le Figaro, la réforme est critiquée.", "Figaro"),
    (f"La CGT a indiqué : {_QUOTE}.", "CGT"),
    (f"Le Président a déclaré : {_QUOTE}.", None),
])
def test_a_paper_opening_its_sentence_keeps_its_article(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- one unnamed among several, the paper's own reporting: no one, not the last one named --------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Paul Morel se tait. {_QUOTE}, confie un de ses proches.", None),  # was Paul Morel
    (f"Paul Morel se tait. {_QUOTE}, ajoute l'un des négociateurs.", None),  # was Paul Morel
    (f"Paul Morel se tait. {_QUOTE}, confie une des conseillères du ministre.", None),  # was Paul Morel
    (f"Paul Morel se tait. {_QUOTE}, selon nos informations.", None),  # was Paul Morel
    (f"Paul Morel se tait. {_QUOTE}, d'après nos sources.", None),  # was Paul Morel
    (f"Paul Morel se tait. {_QUOTE}, confie un proche du dossier.", None),  # (already right)
    (f"Paul Morel se tait. Selon nos informations, {_QUOTE}.", None),  # (already right)
    # guards
    (f"Paul Morel se tait. {_QUOTE}, selon Marie Dupont.", "Marie Dupont"),
    (f"Paul Morel se tait. {_QUOTE}, confie-t-il.", "Paul Morel"),
])
def test_one_unnamed_among_several(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- a fronted time word before the subject; « chez X » opening a colon head; a paper's title inside a sentence --


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Mardi, l'Élysée a indiqué : {_QUOTE}.", "Élysée"),  # was none
    (f"Lundi soir, l’Élysée a fait savoir dans un communiqué : {_QUOTE}.", "Élysée"),  # was none
    (f"Mardi, Marie Dupont était en colère : {_QUOTE}.", "Marie Dupont"),  # was none
    (f"Mardi, la CGT a indiqué : {_QUOTE}.", "CGT"),  # (already right)
    # guard: a longer name cut short after its elided article
    (f"Mardi, l'Observatoire national a indiqué : {_QUOTE}.", None),
])
def test_a_fronted_time_word(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Même son de cloche chez Marie Dupont : {_QUOTE}.", "Marie Dupont"),  # was none
    (f"Même son de cloche chez Marie Dupont, députée de la Gironde : {_QUOTE}.", "Marie Dupont"),  # was "Gironde"
    (f"Colère chez Renault : {_QUOTE}.", "Renault"),  # was none
    (f"Même son de cloche du côté de la CGT : {_QUOTE}.", "CGT"),  # (already right)
    # guards: a subject before « chez » speaks, not the host; a role's complement is no speaker
    (f"Il a déjeuné chez Paul Morel : {_QUOTE}.", None),
    (f"Marie Dupont a déjeuné chez Paul Morel : {_QUOTE}.", None),
    (f"Réaction de la députée de la Gironde : {_QUOTE}.", None),
    (f"Réaction de Marie Dupont : {_QUOTE}.", "Marie Dupont"),
])
def test_chez_x_heading_a_colon(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Selon Le Parisien, {_QUOTE}.", "Le Parisien"),  # was none (read as « le Parisien », a man of Paris)
    (f"{_QUOTE}, écrit Le Parisien.", "Le Parisien"),  # was none
    # guards: the lower-case article is a demonym's; a sentence's start tells nothing
    (f"{_QUOTE}, assure le Lillois.", None),
    (f"Le Lillois a dit : {_QUOTE}.", None),
])
def test_a_paper_named_like_a_demonym(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker


# -- « À ses yeux, « … » »: the possessor, only when one person can be meant -------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Marie Dupont ne croit pas au compromis. À ses yeux, {_QUOTE}.", "Marie Dupont"),  # was none
    # guards: two people named; no one named; an organisation; a person named three paragraphs before
    (f"Paul Morel a reçu Marie Dupont. « Le dialogue est rompu », juge Mme Dupont.\n\nÀ ses yeux, {_QUOTE}.",
     "Marie Dupont"),  # the last speaker (already right: a quotation with no head is the last speaker's)
    (f"Marie Dupont a rencontré Paul Morel. À ses yeux, {_QUOTE}.", None),
    (f"« Le dialogue est rompu », juge Marie Dupont après sa rencontre avec Paul Morel.\n\nÀ ses yeux, {_QUOTE}.",
     "Marie Dupont"),  # (already right, as above)
    (f"À ses yeux, {_QUOTE}.", None),
    (f"La CGT ne croit pas au compromis. À ses yeux, {_QUOTE}.", None),
    (f"Marie Dupont est arrivée.\n\nLa réunion a duré.\n\nLe texte est prêt.\n\nÀ ses yeux, {_QUOTE}.", None),
])
def test_a_ses_yeux(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous allons", "fr") == speaker
