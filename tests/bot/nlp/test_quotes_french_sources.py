"""French attribution, session 15 of issue 19: causes found reading the real French pages (publications
as sources, names after a dative, a quotation standing alone after the sentence naming its speaker).
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from tests.bot.nlp.quote_helpers import direct_quotes, speaker_of

# -- a capitalised "Le"/"La" inside a sentence belongs to the name ------------------------------------


@pytest.mark.parametrize(("tail", "speaker"), [
    ("écrit Le Monde.", "Le Monde"),
    ("titre Le Figaro.", "Le Figaro"),
    ("a indiqué La Poste.", "La Poste"),
    ("a déclaré Le Pen.", "Le Pen"),
    ("a déclaré le maire.", None),  # lower case: a determiner, and no name
])
def test_a_capital_article_inside_a_sentence_stays_with_the_name(tail: str, speaker: str | None) -> None:
    assert speaker_of(f"« La situation est grave », {tail}", "La situation", "fr") == speaker


def test_selon_a_publication_keeps_its_article() -> None:
    assert speaker_of("Selon Le Monde, « la situation est grave et rien ne change ».", "la situation", "fr") \
        == "Le Monde"


def test_the_short_form_with_its_article_still_finds_the_full_name() -> None:
    text = "Marine Le Pen était à Lille mardi. « La situation est grave », a déclaré Le Pen."
    assert speaker_of(text, "La situation", "fr") == "Marine Le Pen"


# -- « …, peut-on lire dans X »: the publication --------------------------------------------------------


@pytest.mark.parametrize(("tail", "speaker"), [
    ("peut-on lire dans Le Monde.", "Le Monde"),
    ("lit-on sur Mediapart.", "Mediapart"),
    ("peut-on lire.", None),  # no source named
    ("peut-on lire dans un rapport.", None),  # a document, no one named
])
def test_peut_on_lire_dans_names_the_publication(tail: str, speaker: str | None) -> None:
    assert speaker_of(f"« Une douzaine de responsables ont été mis en examen », {tail}", "Une douzaine", "fr") \
        == speaker


# -- a first name after a capitalised dative opens the inverted subject ---------------------------------


@pytest.mark.parametrize(("tail", "speaker"), [
    ("a précisé au Monde Marie Dupont.", "Marie Dupont"),
    ("a déclaré au Journal du Dimanche Jean-Pierre Raffarin.", "Jean-Pierre Raffarin"),
    ("a confié à Paris Match Patrick Bruel, en tournée.", "Patrick Bruel"),
    ("a déclaré mardi sur France Inter la ministre.", None),  # "France" opens the station's name
])
def test_a_first_name_after_a_named_dative_is_the_speaker(tail: str, speaker: str | None) -> None:
    assert speaker_of(f"« Nous ne reculerons pas », {tail}", "Nous ne", "fr") == speaker


# -- a quotation standing alone after the sentence whose subject names its speaker ----------------------


@pytest.mark.parametrize("head", ["Pour s'en sortir, ", "Pour s'en sortir ", "Mardi soir, "])
def test_a_fronted_adverbial_before_the_subject(head: str) -> None:
    text = f"{head}Ivan Martin pense qu'il faut documenter les faits. « Le traitement par data aide. »"
    assert speaker_of(text, "Le traitement", "fr") == "Ivan Martin"


def test_an_adverbial_naming_someone_else_gives_no_one() -> None:
    # "Face à Marie Dupont, Jean Martin …": two people in the sentence, no guess
    text = "Face à Marie Dupont, Jean Martin pense qu'il faut documenter les faits. « Le traitement par data aide. »"
    assert speaker_of(text, "Le traitement", "fr") is None


def test_the_sentence_closing_the_paragraph_before() -> None:
    text = "Gérald Darmanin est revenu mardi sur les violences.\n\n« La police fait son travail. Elle le fera encore. »"
    assert speaker_of(text, "La police", "fr") == "Gérald Darmanin"


@pytest.mark.parametrize("before", [
    "Gérald Darmanin a rencontré Élisabeth Borne mardi.",  # two people: no guess
    "Le ministre est revenu sur les violences.",  # no one named
    "Une deuxième publication épinglée",  # a heading, no sentence
])
def test_the_paragraph_before_names_no_single_subject(before: str) -> None:
    text = f"{before}\n\n« La police fait son travail. Elle le fera encore. »"
    assert speaker_of(text, "La police", "fr") is None


# -- a colon head speaking through "il"/"elle": the pronoun's antecedent, not simply the last speaker ---


def test_pour_lui_in_a_colon_head_after_a_heading() -> None:
    text = ("Antoine Durand est chargé de cours. « Je suis très inquiet pour mon avenir », glisse-t-il.\n\n"
            "Des tensions avec la présidence\n\n"
            "Pourtant, l'enseignement est pour lui une vocation : « J'ai choisi ce métier pour partager. »")
    assert speaker_of(text, "J'ai choisi", "fr") == "Antoine Durand"


def test_il_in_a_colon_head_is_not_the_woman_who_spoke_last() -> None:
    text = ("« Je suis très inquiète », glisse Marie Dupont. S'il arrive à l'architecte d'avoir des regrets, il "
            "jette un œil critique sur son travail : « Nous avons rasé des quartiers entiers. »")
    assert speaker_of(text, "Nous avons", "fr") is None


def test_a_colon_head_naming_someone_else_is_left_to_the_other_rules() -> None:
    text = ("Antoine Durand est chargé de cours. « Je suis très inquiet pour mon avenir », glisse-t-il.\n\n"
            "Des tensions avec la présidence\n\n"
            "Pourtant, l'enseignement est pour lui, comme pour Marie Dupont, une vocation : « J'ai choisi ce métier. »")
    assert speaker_of(text, "J'ai choisi", "fr") is None


# -- an organisation named by a complement with an elided article: "le ministère de l'Intérieur" ---------


@pytest.mark.parametrize("text", [
    "« La situation est sous contrôle », a indiqué le ministère de l'Intérieur dans un communiqué.",
    "Le ministère de l'Intérieur a indiqué : « La situation est sous contrôle. »",
    "Selon le ministère de l'Intérieur, « la situation est sous contrôle ce soir ».",
])
def test_an_organisation_named_by_an_elided_complement(text: str) -> None:
    assert speaker_of(text, "la situation" if "Selon" in text else "La situation", "fr") \
        == "Ministère de l'Intérieur"


def test_an_office_named_by_an_elided_complement_is_still_no_name() -> None:
    # "le ministre de l'Intérieur", no one named: a person, unknown here
    assert speaker_of("« La situation est sous contrôle », a déclaré le ministre de l'Intérieur.",
                      "La situation", "fr") is None


# -- incises: an adverbial between the verb and its subject; a quotation running over paragraphs ---------


@pytest.mark.parametrize(("incise", "speaker"), [
    ("a déclaré mardi le ministre de l'Intérieur, Gérald Darmanin", "Gérald Darmanin"),
    ("explique à l'AFP Marie Dupont", "Marie Dupont"),
    ("dit encore Marie Dupont", "Marie Dupont"),
    ("dit au revoir", None),  # no subject after the adverbial: no incise
])
def test_a_named_incise_with_an_adverbial_before_its_subject(incise: str, speaker: str | None) -> None:
    text = f"« Nous ne reculerons pas, {incise}. C'est une question de principe. »"
    assert speaker_of(text, "Nous ne", "fr") == speaker


@pytest.mark.parametrize("first", [
    "« La police fait son travail, a déclaré Gérald Darmanin. Elle continuera.",
    "« La police fait son travail, a déclaré Gérald Darmanin.",
    "« La police fait son travail, a-t-il assuré. Elle continuera.",
])
def test_the_incise_in_the_first_paragraph_of_a_quotation_running_on(first: str) -> None:
    # French opens each paragraph of a long quotation with « and closes it once, at the end
    text = f"Gérald Darmanin était à Lille mardi.\n\n{first}\n\n« Nous ne reculerons pas devant les casseurs. »"
    found = direct_quotes(text, "fr")
    assert [(q.speaker, "a déclaré" in q.text or "assuré" in q.text) for q in found] == [("Gérald Darmanin", False)]


# -- a conjunction after the closing mark is no inverted verb ---------------------------------------------


@pytest.mark.parametrize("after", ["que Jean Dupont s'excuse", "que la CGT s'excuse", "si Jean Dupont s'excuse"])
def test_a_clause_after_the_quotation_names_no_speaker(after: str) -> None:
    # « … » que X s'excuse: X is the subject of the clause, not the speaker (who is "elle")
    text = ("La ministre Anne Martin a répondu mardi. "
            f"Elle a estimé que « ce serait bien la moindre des choses » {after}.")
    assert speaker_of(text, "ce serait", "fr") == "Anne Martin"


# -- a subject whose name completes a noun: the description, not the name ------------------------------


@pytest.mark.parametrize(("head", "speaker"), [
    ("La préfecture du Nord a indiqué : ", "Préfecture du Nord"),  # not "Nord", a place
    ("La fille de Jean Dupont a déclaré : ", None),  # someone else than Jean Dupont, unnamed
    ("Le porte-parole de la CGT a déclaré : ", None),  # someone speaking for the CGT, unnamed
    ("La CGT a déclaré : ", "CGT"),  # guard: the organisation itself
    ("Le porte-parole de la CGT, Jean Dupont, a déclaré : ", "Jean Dupont"),  # guard: named in apposition
    ("Dominique de Villepin a déclaré : ", "Dominique de Villepin"),  # guard: a particle, no noun before it
])
def test_a_name_completing_the_subjects_noun_is_not_the_speaker(head: str, speaker: str | None) -> None:
    assert speaker_of(f"{head}« Nous ne reculerons pas. »", "Nous ne", "fr") == speaker


def test_the_same_after_a_comma_head() -> None:
    text = "La préfecture du Nord rétorque, « la situation est sous contrôle ce soir »."
    assert speaker_of(text, "la situation", "fr") == "Préfecture du Nord"


# -- "il"/"elle" carried on over a paragraph naming no one -------------------------------------------


def test_a_pronoun_carried_on_over_a_paragraph() -> None:
    text = ("Jean Martin a compilé les histoires de 600 blessés.\n\n"
            "Dans sa tête, les images tournent en boucle. Depuis décembre, il les publie. Il rédige des notes.\n\n"
            "« Tout est parti d'un coup, sans trop réfléchir », raconte-t-il.")
    assert speaker_of(text, "Tout est parti", "fr") == "Jean Martin"


@pytest.mark.parametrize("middle", [
    "Dans sa tête, les images tournent en boucle. Depuis décembre, elle les publie.",  # "elle": someone else
    "Dans sa tête, les images tournent en boucle. Les signalements s'accumulent.",  # no pronoun goes on
])
def test_a_paragraph_not_carrying_the_pronoun_stops_it(middle: str) -> None:
    text = (f"Jean Martin a compilé les histoires de 600 blessés.\n\n{middle}\n\n"
            "« Tout est parti d'un coup, sans trop réfléchir », raconte-t-il.")
    assert speaker_of(text, "Tout est parti", "fr") is None


# -- a cue closing a sentence after a second, partial quotation ------------------------------------------


@pytest.mark.parametrize(("middle", "speaker"), [
    (" en réaction ", "Jean Martin"),
    (" en réaction. Et ", None),  # a sentence break: the cue is the second sentence's
])
def test_a_whole_quotation_borrows_the_cue_after_a_partial_one_in_its_sentence(middle: str,
                                                                                 speaker: str | None) -> None:
    text = (f"Le préfet a parlé.\n\n« Tout est parti d'un coup, sans trop réfléchir »{middle}« à l'inaction des "
            "médias » raconte Jean Martin.")
    assert speaker_of(text, "Tout est parti", "fr") == speaker
