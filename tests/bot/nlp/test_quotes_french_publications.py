"""French attribution, session 16 of issue 19: a publication speaking (« Les Échos », « Mediapart révèle : »,
a colon head cut by a few quoted words, a « peut-on lire » tail naming no source after a named head).
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import speaker_of

_QUOTE = "« Une douzaine de responsables ont été mis en examen »"

# -- a title opened by "Les" keeps its article ---------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"{_QUOTE}, peut-on lire dans Les Échos.", "Les Échos"),
    (f"{_QUOTE}, écrivent Les Échos.", "Les Échos"),
    (f"Selon Les Échos, {_QUOTE}.", "Les Échos"),
    (f"{_QUOTE}, écrivent les Échos du Nord.", "Échos du Nord"),  # lower case: a determiner, as before
])
def test_a_title_opened_by_les_keeps_its_article(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Une douzaine", "fr") == speaker


# -- a publication revealing: the publication ------------------------------------------------------------


@pytest.mark.parametrize(("head", "speaker"), [
    ("Mediapart révèle :", "Mediapart"),
    ("Mardi, Mediapart a révélé :", "Mediapart"),
    ("Jean Dupont révèle :", "Jean Dupont"),  # (already right)
])
def test_revealing_is_a_cue(head: str, speaker: str) -> None:
    assert speaker_of(f"{head} « Le fisc a saisi la commission des infractions. »", "Le fisc", "fr") == speaker


# -- a colon head cut by a few quoted words ------------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    ("Il a fallu un jour pour que Mediapart révèle ces « raisons » : « Le fisc a saisi la commission. »",
     "Mediapart"),
    ("Marie Dupont qualifie la réforme d'« injuste » : « Nous ne reculerons pas. »", "Marie Dupont"),
    # a long quotation before the colon is a statement of its own, not words inside the head
    ("Marie Dupont a dit « nous ne reculerons pas devant le gouvernement ni devant personne » : « Le fisc a "
     "saisi la commission. »", None),
])
def test_a_colon_head_reaches_over_a_few_quoted_words(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Le fisc" if "Le fisc" in text else "Nous ne", "fr") == speaker


# -- « …, peut-on lire » after a named colon head -------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    ("Marie Dupont explique : « Le fisc a saisi la commission des infractions », peut-on lire.", "Marie Dupont"),
    ("Le rapport conclut : « Le fisc a saisi la commission des infractions », peut-on lire.", None),
    ("« Le fisc a saisi la commission des infractions », peut-on lire.", None),  # no head: no one
    ("Marie Dupont résume : « Le fisc a saisi la commission des infractions », peut-on lire dans Le Monde.",
     "Le Monde"),  # the tail names its source: the publication
])
def test_a_sourceless_reading_tail_leaves_the_colon_head(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Le fisc", "fr") == speaker


# -- a verb going on with the same subject after a quotation --------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    ("La ministre de la Culture, Rima Abdul Malak, a estimé que « la situation est sous contrôle » et a ajouté : "
     "« Nous ne céderons rien. »", "Rima Abdul Malak"),
    ("Jean Dupont a dénoncé une « réforme injuste », avant d'ajouter : « Nous ne céderons rien. »", "Jean Dupont"),
    ("Jean Dupont a dénoncé une « réforme injuste », puis a lancé : « Nous ne céderons rien. »", "Jean Dupont"),
    # guards: a new subject names its own speaker; a document speaks for no one
    ("« La réforme est injuste », a dit Jean Dupont, et Marie Durand a ajouté : « Nous ne céderons rien. »",
     "Marie Durand"),
    ("Le rapport évoque une « réforme injuste » et ajoute : « Nous ne céderons rien. »", None),
])
def test_a_coordinated_verb_after_a_quotation_keeps_the_subject(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous ne", "fr") == speaker
