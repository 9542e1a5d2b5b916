"""French attribution, session 13 of issue 19: incises closing a quotation whose verb is no verb of the
cue list (a reflexive past, an infinitive after "se contenter de"), and the quotations that follow them."""

from __future__ import annotations

import pytest

from bot.nlp.french_quotes import match_trailing_incise
from tests.bot.nlp.quote_helpers import speaker_of


@pytest.mark.parametrize("incise", [
    "s'est-il défendu.",
    "s'est-il justifié.",
    "se borne-t-il à constater.",
    "se contente-t-il de préciser.",
    "a-t-il tenu à rappeler.",
])
def test_a_trailing_incise_without_a_listed_verb_names_the_speaker(incise: str) -> None:
    # the wire copy closed the marks after the incise: the incise is the cue, not part of the words
    text = ("Le maire Paul Garnier a reçu les riverains mardi. Il a écouté leurs plaintes. "
            f"\"Nous ferons les travaux avant l'hiver, {incise}\" \"Le budget de la commune est voté depuis mars.\"")
    assert speaker_of(text, "Nous ferons", "fr") == "Paul Garnier"
    assert speaker_of(text, "Le budget", "fr") == "Paul Garnier"  # the quotation standing right after it


@pytest.mark.parametrize("incise", ["semble-t-il.", "convient-il de rappeler.", "paraît-il."])
def test_an_impersonal_il_closing_a_quotation_is_no_incise(incise: str) -> None:
    text = f"Les travaux seront finis avant l'hiver, {incise}"
    assert match_trailing_incise(text, 0, len(text)) is None



# -- a quotation standing alone after a sentence its speaker opens, inside a paragraph ----------------


def test_a_quotation_after_a_sentence_opened_by_a_pronoun_is_its_antecedents() -> None:
    text = ("Mardi, la maire de Nantes, Sophie Lambert, a présenté le budget de la ville. Elle n'a pas voulu "
            "dire si les impôts locaux allaient augmenter. \"Je garde mes chiffres pour le conseil municipal.\" "
            "Le vote aura lieu en mars.")
    assert speaker_of(text, "Je garde", "fr") == "Sophie Lambert"


def test_a_quotation_after_a_mid_paragraph_sentence_opened_by_a_name_is_that_persons() -> None:
    text = ("Le conseil s'est réuni lundi. Le maire Paul Garnier s'est exprimé sur les travaux devant la presse. "
            "\"Nous ne reculerons pas sur le calendrier du chantier.\"")
    assert speaker_of(text, "Nous ne reculerons", "fr") == "Paul Garnier"


@pytest.mark.parametrize("sentence", [
    "Il le faut pour rassurer les habitants.",
    "Il n'y a plus de temps à perdre.",
    "Il est temps de trancher.",
])
def test_an_impersonal_il_opening_the_sentence_before_names_no_one(sentence: str) -> None:
    text = (f"Le maire Paul Garnier a reçu les riverains mardi. Il a écouté leurs plaintes. {sentence} "
            "\"Nous ne reculerons pas sur le calendrier du chantier.\"")
    assert speaker_of(text, "Nous ne reculerons", "fr") is None


# -- a definite description after an inverted reporting verb -----------------------------------------


@pytest.mark.parametrize("tail", [
    "lance la foule.",  # many people: no one of them
    "a rétorqué la préfecture.",  # an institution no one named
    "a ajouté la jeune femme.",  # she is not the man named before
])
def test_a_description_after_the_verb_is_not_the_last_man_named(tail: str) -> None:
    text = ("Le maire Paul Garnier a présenté le projet aux habitants jeudi soir. "
            f"« Personne ici ne veut de ce chantier », {tail}")
    assert speaker_of(text, "Personne ici", "fr") is None


def test_an_epithet_closing_the_quotation_goes_on_with_the_man_written_about() -> None:
    text = ("Si Marc Vidal ne devait garder qu'un combat, il citerait la finale du tournoi \"Dragon d'or\". "
            "\"Ce tournoi est le plus relevé du circuit, a expliqué le sympathique gaillard.\" "
            "\"Je reviendrai l'an prochain avec plus d'expérience.\"")
    assert speaker_of(text, "Ce tournoi", "fr") == "Marc Vidal"
    assert speaker_of(text, "Je reviendrai", "fr") == "Marc Vidal"


# -- a place is no speaker ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "start"), [
    ("Le projet divise. À Toulouse : « Nous ne voulons plus de cette rocade. »", "Nous ne voulons"),
    ("Le maire Paul Garnier a parlé. « Nous ne voulons plus de cette rocade », a tranché Lyon.", "Nous ne voulons"),
])
def test_a_city_or_words_opening_with_a_preposition_name_no_speaker(text: str, start: str) -> None:
    assert speaker_of(text, start, "fr") is None


def test_a_person_whose_surname_is_a_city_still_speaks() -> None:
    text = "« Nous ne voulons plus de cette rocade », a déclaré Anne Nantes, élue d'opposition."
    assert speaker_of(text, "Nous ne voulons", "fr") == "Anne Nantes"


# -- a description the name completes is someone else --------------------------------------------------


@pytest.mark.parametrize(("text", "start"), [
    ("« Mon client n'a rien à se reprocher », a déclaré l'avocat de Paul Garnier.", "Mon client"),
    ("« Mon père n'a rien à se reprocher », a déclaré la fille de Paul Garnier à la presse.", "Mon père"),
    ("Selon un proche de Paul Garnier, « il ne briguera pas de second mandat ».", "il ne briguera"),
    ("« Il ne briguera pas de second mandat », a confié le porte-parole de Paul Garnier.", "Il ne briguera"),
    ("L'avocat de Paul Garnier a plaidé mardi. « Mon client n'a rien à se reprocher », a-t-il lancé.",
     "Mon client"),
])
def test_the_name_completing_the_description_did_not_say_it(text: str, start: str) -> None:
    assert speaker_of(text, start, "fr") is None


@pytest.mark.parametrize(("text", "speaker"), [
    ("« Mon client n'a rien à se reprocher », a déclaré l'avocat de Paul Garnier, Jean Dumas.", "Jean Dumas"),
    ("« Nous ne céderons pas », a déclaré le ministre de la Santé Claire Vasseur.", "Claire Vasseur"),
])
def test_a_description_with_the_speakers_own_name_still_names_them(text: str, speaker: str) -> None:
    assert speaker_of(text, text[2:8], "fr") == speaker


# -- a quotation standing alone after a sentence opened by someone described ------------------------------


@pytest.mark.parametrize("sentence", [
    "Sa collègue de l'opposition n'y croit pas.",
    "Ses adversaires ont dénoncé une manœuvre.",
])
def test_after_a_sentence_opened_by_someone_else_described_the_quotation_is_no_ones(sentence: str) -> None:
    text = (f"« Personne ne veut de ce chantier », a déclaré Paul Garnier. {sentence} "
            "« Le dossier est clos depuis des mois. »")
    assert speaker_of(text, "Le dossier", "fr") is None


@pytest.mark.parametrize("sentence", [
    "Le projet doit être voté en mars.",  # no one described: the speaker goes on
    "Le maire a ensuite évoqué le budget.",  # the speaker so described
])
def test_after_a_sentence_about_a_thing_or_the_speaker_the_speaker_goes_on(sentence: str) -> None:
    text = (f"« Personne ne veut de ce chantier », a déclaré le maire Paul Garnier. {sentence} "
            "« Le dossier est clos depuis des mois. »")
    assert speaker_of(text, "Le dossier", "fr") == "Paul Garnier"


# -- a reflexive verb after the quotation, then its subject --------------------------------------------


@pytest.mark.parametrize(("verb", "subject", "speaker"), [
    ("se félicite", "le maire Paul Garnier", "Paul Garnier"),
    ("s'est réjoui", "Paul Garnier", "Paul Garnier"),
    ("s'insurge", "Claire Vasseur, élue d'opposition", "Claire Vasseur"),
    ("se désole", "la foule", None),  # someone described: no one named, and not the last speaker
])
def test_a_reflexive_verb_after_the_quotation_introduces_its_speaker(verb: str, subject: str,
                                                                      speaker: str | None) -> None:
    text = ("« Le budget est voté », a déclaré Marc Blanc. "
            f"« C'est un grand jour pour la ville », {verb} {subject}.")
    assert speaker_of(text, "C'est un grand jour", "fr") == speaker


# -- a country after a titled name completes the title ----------------------------------------------------


def test_the_country_after_a_monarchs_name_completes_the_title() -> None:
    text = ("Le prince Albert II de Monaco a reçu les ministres mardi. « La principauté tiendra ses "
            "engagements climatiques », a assuré le prince de Monaco devant la presse.")
    assert speaker_of(text, "La principauté", "fr") == "Albert II"


def test_a_particle_before_a_surname_stays_in_the_name() -> None:
    text = "Le général Charles de Gaulle a parlé à Londres. « La France a perdu une bataille », a dit le général."
    assert speaker_of(text, "La France", "fr") == "Charles de Gaulle"


# -- a witness named by a first name and an age ------------------------------------------------------------


def test_a_first_name_with_an_age_is_someone_a_pronoun_can_mean() -> None:
    text = ("Les urgences débordent depuis l'été, comme le raconte Sarah*, 29 ans, infirmière de nuit. "
            "« Nous travaillons à flux tendu, soupire-t-elle devant l'hôpital. Personne ne tient plus. »")
    assert speaker_of(text, "Nous travaillons", "fr") == "Sarah"


def test_a_place_with_an_age_is_no_one() -> None:
    text = ("Le festival fête ses anniversaires : Avignon, 75 ans, reste la référence. "
            "« Nous travaillons à flux tendu, soupire-t-elle devant le théâtre. Personne ne tient plus. »")
    assert speaker_of(text, "Nous travaillons", "fr") is None
