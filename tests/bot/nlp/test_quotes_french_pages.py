"""French attribution, session 5 of issue 19: patterns of real French pages (web articles with paragraphs)
that the session-4 rules had left without a speaker — the right person back, or still no one."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import extract_quotes
from tests.bot.nlp.quote_helpers import speaker_of

# -- a relative clause with no commas before the colon ----------------------------------------------


@pytest.mark.parametrize("text", [
    # a capitalised name inside the clause ("au Monde diplomatique") is no one else the predicate names
    "La séance a repris. Julie Moreau qui a débuté à Radio France, reste prudente : « Les rédactions ont mis "
    "des mois à réagir. » La salle a applaudi.",
    "La séance a repris. Julie Moreau dont le blog a été lancé pendant Nuit Debout, reste prudente : « Les "
    "rédactions ont mis des mois à réagir. »",
])
def test_a_relative_clause_after_the_subject_is_an_aside(text: str) -> None:
    assert speaker_of(text, "Les rédactions", "fr") == "Julie Moreau"


def test_a_predicate_naming_someone_else_still_names_no_speaker() -> None:
    # guard: past the relative clause, "répond à Paul Durand" points at another person's words
    text = ("La séance a repris. Julie Moreau qui a débuté à Radio France, répond à Paul Durand : "
            "« Les rédactions ont mis des mois à réagir. »")
    assert speaker_of(text, "Les rédactions", "fr") is None


# -- the next sentence going on with « Il » / « Elle » -------------------------------------------------


def test_a_pronoun_opening_the_next_sentence_goes_on_with_the_speaker() -> None:
    # the quotation stands alone (no cue before it); "Il insiste" after its full stop is its speaker's
    text = ("Un argument qui ne convainc pas Thomas Lenoir.\n\nPour lui, tout se joue au montage. « La "
            "télévision coupe tout. Il faut laisser parler les gens. » Il insiste sur la durée des entretiens.")
    assert speaker_of(text, "La télévision", "fr") == "Thomas Lenoir"


def test_the_colon_head_wins_over_a_pronoun_in_the_next_sentence() -> None:
    # "Il" names the other man of the sentence before; the quotation is hers, as its head says
    text = ("La ministre Claire Vasseur a reçu Paul Martin. Claire Vasseur a déclaré : « Nous partirons "
            "demain. » Il évoque alors les interpellations.")
    assert speaker_of(text, "Nous partirons", "fr") == "Claire Vasseur"


def test_another_source_in_the_next_sentence_is_still_no_cue() -> None:
    # guard: the session-4 rule stands for anything but a pronoun subject
    text = ("Le rapport est paru lundi. « Les chiffres baissent depuis deux ans. » Selon le ministère de "
            "l'emploi, la tendance va durer.")
    assert speaker_of(text, "Les chiffres", "fr") is None


# -- the unnamed subject and the noun complement -------------------------------------------------------


def test_an_unnamed_subject_after_the_verb_of_the_sentence_before_is_no_inverted_subject() -> None:
    # "raconte-t-il." ends its sentence: "Un silence …" opens the next, it is nobody speaking
    text = ("Luc Berthier a reçu le prix de la presse. « Tout est parti d'un coup », raconte-t-il. Un silence "
            "médiatique d'un mois, qui lui paraît insupportable. Il concède que désormais, « la question est "
            "abordée partout, à la radio comme à la télévision ».")
    assert speaker_of(text, "la question", "fr") == "Luc Berthier"


def test_an_unnamed_subject_after_an_inverted_verb_still_blocks_the_pronoun() -> None:
    # guard: "…», a ajouté un ténor de la droite" is the inverted subject of its verb
    text = ("Luc Berthier a pris la parole. « Nous voulons un débat », a-t-il dit. « Ce sera long », a ajouté "
            "un ténor de la droite. Il a conclu : « Nous verrons bien dans un mois ce qui se passe. »")
    assert speaker_of(text, "Nous verrons", "fr") is None


def test_a_name_completing_a_thing_is_still_the_one_a_pronoun_means() -> None:
    # "le cri du cœur de Luc Berthier": the name completes no person, "il" later may well be him
    text = ("Le cri du cœur de Luc Berthier résonne dans la salle. Visiblement ému, il a reçu le prix de la "
            "presse. Il concède que désormais, « la question est abordée partout, à la radio comme à la "
            "télévision ».")
    assert speaker_of(text, "la question", "fr") == "Luc Berthier"


def test_a_name_completing_a_person_is_still_no_antecedent() -> None:
    # guard: "l'avocate de Samantha Geimer" is someone else than Samantha Geimer
    text = ("L'avocate de Samantha Geimer a pris la parole. Elle a rappelé les faits devant la cour. Elle "
            "concède que désormais, « la question est réglée depuis longtemps pour tout le monde ».")
    assert speaker_of(text, "la question", "fr") != "Samantha Geimer"


# -- a quotation standing alone after a sentence its speaker opens --------------------------------------


def test_a_quotation_after_a_sentence_opened_by_a_name_is_that_persons() -> None:
    text = ("Le débat reste vif.\n\nSORTIR DU FAIT DIVERS\n\nAnne Leclerc s'interroge sur le traitement des "
            "images. « Le sujet reste traité comme un fait divers, pas comme un système. » Selon la "
            "chercheuse, les rédactions en ont fait une marchandise.")
    assert speaker_of(text, "Le sujet reste", "fr") == "Anne Leclerc"


def test_a_name_and_a_comma_before_the_verb() -> None:
    text = ("LA PRESSE EN QUESTION\n\nAnne Leclerc, insiste souvent sur la responsabilité des journalistes. "
            "« Le journalisme est un contre-pouvoir ou il n'est rien. » Paul Durand abonde : « Rien n'est "
            "neutre dans ce métier. »")
    assert speaker_of(text, "Le journalisme", "fr") == "Anne Leclerc"


@pytest.mark.parametrize("text", [
    # two people in the sentence before: which one said it is not told
    "LA PRESSE EN QUESTION\n\nAnne Leclerc a déjeuné avec Paul Durand sur la place. « Le sujet reste traité "
    "comme un fait divers, pas comme un système. »",
    # the sentence is not opened by the name
    "LA PRESSE EN QUESTION\n\nLe livre d'Anne Leclerc porte sur le traitement des images. « Le sujet reste "
    "traité comme un fait divers, pas comme un système. »",
])
def test_no_speaker_when_the_sentence_before_does_not_name_one_subject(text: str) -> None:
    assert speaker_of(text, "Le sujet reste", "fr") is None


# -- an institution named by its head noun and an adjective ------------------------------------------


@pytest.mark.parametrize(("text", "opening", "speaker"), [
    ("Le rapport est paru mardi. « Les finances publiques sont sous pression », estime la Banque mondiale "
     "dans son rapport.", "Les finances", "Banque mondiale"),
    ("Le vote a eu lieu. « Nous ne voterons pas ce texte », a indiqué le Parti socialiste.", "Nous ne voterons",
     "Parti socialiste"),
    ("La décision est tombée. « Le texte est conforme », a jugé le Conseil constitutionnel.", "Le texte",
     "Conseil constitutionnel"),
    ("Le débat continue. « Il faut agir », a affirmé l'Assemblée nationale dans un communiqué.", "Il faut",
     "Assemblée nationale"),
    ("Les marchés ont réagi. « Il faut agir », a affirmé la Banque centrale européenne (BCE).", "Il faut",
     "Banque centrale européenne"),
    ("Les prévisions baissent. « La croissance ralentit », prévient le Fonds monétaire international.",
     "La croissance", "Fonds monétaire international"),
    # and a lower-case complement after the adjective
    ("Le débat reprend. « Il faut agir », a estimé le Conseil supérieur de l'audiovisuel dans un avis.", "Il faut",
     "Conseil supérieur de l'audiovisuel"),
    ("Le débat reprend. « Il faut agir », a estimé la Fédération française de football.", "Il faut",
     "Fédération française de football"),
    ("Le débat reprend. « Il faut agir », a estimé la Banque mondiale de manière claire.", "Il faut",
     "Banque mondiale"),
])
def test_an_institution_keeps_its_adjective(text: str, opening: str, speaker: str) -> None:
    # "la Banque mondiale" is not "Banque", "le Parti socialiste" is not "Parti"
    assert speaker_of(text, opening, "fr") == speaker


def test_a_word_after_the_institution_that_is_no_adjective_stays_out() -> None:
    text = "La réunion a eu lieu. « Il faut agir », a affirmé la Banque dans un communiqué mardi."
    assert speaker_of(text, "Il faut", "fr") in (None, "Banque")


def test_reported_figures_name_the_institution_with_its_complement() -> None:
    text = "Les chiffres sont tombés. Environ 5 000 personnes sont concernées, d'après l'Institut national de la santé."
    assert [q.speaker for q in extract_quotes(text, "fr") if q.text.startswith("Environ")] == [
        "Institut national de la santé"]


def test_an_institution_head_alone_stands_for_no_one_named_before() -> None:
    # "l'Autorité de régulation des transports" is no adjective-made name: not the last person named either
    text = ("« La colère est légitime », a précisé Solène Pelletier dans un communiqué.\n\nEnviron 5 538 personnes "
            "sont concernées par le match, d'après l'Autorité de régulation des transports. La réunion a eu lieu.")
    assert [q.speaker for q in extract_quotes(text, "fr") if q.text.startswith("Environ")] in ([], [None])


# -- a heading noun and "de" before the name ----------------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    ("Les électeurs hésitent. Conclusion de Tamara Tcherednitchenko : « A quoi bon réfléchir ? Rien ne change. »",
     "Tamara Tcherednitchenko"),
    ("Les électeurs hésitent. Réaction de Jean Dupont : « A quoi bon réfléchir ? Rien ne change. »", "Jean Dupont"),
    # a particle inside the name stays: "Charles de Gaulle", "Pierre de Jean Martin" (a first name before "de")
    ("Les électeurs hésitent. Le général Charles de Gaulle : « A quoi bon réfléchir ? Rien ne change. »",
     "Charles de Gaulle"),
])
def test_a_heading_noun_before_de_is_no_part_of_the_name(text: str, speaker: str) -> None:
    assert speaker_of(text, "A quoi bon", "fr") == speaker
