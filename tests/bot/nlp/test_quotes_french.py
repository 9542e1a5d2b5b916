"""French attribution, session 3 of issue 19: descriptions, roles, places, incises — the right person or no one."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import first_name_gender, is_place, split_name_role
from bot.nlp.types import ExtractedQuote


def _direct(text: str) -> list[ExtractedQuote]:
    return [q for q in extract_quotes(text, "fr") if q.kind == "direct" and not q.partial]


def _speaker_of(text: str, start: str) -> str | None:
    found = [q for q in _direct(text) if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in _direct(text)]
    return found[0].speaker


# -- roles and their complements ----------------------------------------------------------------

@pytest.mark.parametrize(("mention", "name", "role"), [
    ("le ministre de la Santé", "", "ministre de la Santé"),
    ("le maire de Lyon", "", "maire de Lyon"),
    ("ce proche d'Emmanuel Macron", "", "ce proche d'Emmanuel Macron"),
    ("l'avocat de Dupont", "", "l'avocat de Dupont"),
    ("le maire d'Ostrava Jiří Havrlant", "Jiří Havrlant", "maire d'Ostrava"),
    ("Jean de La Fontaine", "Jean de La Fontaine", None),
    ("Mme Le Pen", "Le Pen", None),  # after an honorific the particle is the surname's
    ("le député LFI Éric Coquerel", "Éric Coquerel", "député LFI"),  # a party acronym before the name
])
def test_a_capital_complement_completes_a_french_role(mention: str, name: str, role: str | None) -> None:
    assert split_name_role(mention) == (name, role)


def test_role_with_a_capital_complement_before_the_name() -> None:
    # "le ministre de la Santé" is Prymula, named so at first; not the Prime Minister quoted in between
    text = ("Le tabloïd révèle que le ministre de la Santé Roman Prymula a dîné au restaurant mercredi.\n\n"
            "« C'est impardonnable », a réagi le Premier ministre Andrej Babiš.\n\n"
            "« Je n'ai pas l'intention de démissionner », a déclaré à cette occasion le ministre de la Santé. "
            "« Je n'ai enfreint aucune règle », a-t-il estimé.")
    assert [q.speaker for q in _direct(text)] == ["Andrej Babiš", "Roman Prymula", "Roman Prymula"]


def test_fronted_role_before_a_long_name() -> None:
    text = ("Hier matin, la procureure de la République de Pontoise, Marie-Hélène de Villiers, a ouvert une "
            "enquête. Un policier a été entendu.\n\n"
            "« Tout a été fait pour les sauver », a souligné de son côté la procureure.")
    assert _speaker_of(text, "Tout a été fait") == "Marie-Hélène de Villiers"


def test_the_magistrate_is_the_presiding_judge_named_before() -> None:
    text = ("C'est « un texte fondateur », rappelle le président du tribunal, Denis Lambert.\n\n"
            "« Je ne connaissais pas ce texte », affirme le prévenu, Karim B.\n\n"
            "« On comprend mal que vous l'ayez publié », s'étonne le magistrat. "
            "« Une erreur », plaide l'imam.")
    assert _speaker_of(text, "On comprend mal") == "Denis Lambert"
    assert _speaker_of(text, "Une erreur") != "Denis Lambert"  # "l'imam." is a description, not a fallback


def test_a_former_role_no_one_holds_is_no_one() -> None:
    text = ("Lundi, Cyril Hanouna a consacré l'émission aux excuses du chroniqueur.\n\n"
            "« Si ce geste a été déplacé, je m'en excuse », a notamment déclaré l'ex-journaliste.")
    assert _speaker_of(text, "Si ce geste") is None


def test_a_close_aide_of_a_person_is_not_that_person() -> None:
    text = ("Gérard Collomb était à Calais lundi.\n\n"
            "« Nous devons d'abord lutter contre les passeurs », déclare ce proche d'Emmanuel Macron.")
    assert _speaker_of(text, "Nous devons") != "Emmanuel Macron"


def test_a_role_opening_a_sentence_is_the_pronouns_antecedent() -> None:
    text = ("Le ministre de l'Intérieur, Gérard Collomb, a présenté son plan. "
            "« Notre priorité, c'est la sécurité », explique Gérard Collomb.\n\n"
            "La réunion avait lieu à la préfecture, en présence d'un proche d'Emmanuel Macron.\n\n"
            "Le ministre compte aussi lutter contre l'immigration irrégulière. Il ajoute que "
            "« les règles seront appliquées », puis : « Personne n'en sera dispensé. »")
    assert _speaker_of(text, "Personne n'en sera") == "Gérard Collomb"


# -- who may be a pronoun's antecedent ------------------------------------------------------------

def test_a_capital_city_is_never_he() -> None:
    text = ("Le président serbe Boris Tadic a estimé qu'un compromis restait possible. Belgrade dit redouter "
            "un effet domino dans la région.\n\n"
            "« Pour la Serbie, a-t-il dit, cela ne signifie pas qu'un compromis soit impossible. »")
    assert is_place("Belgrade") and is_place("Royaume-Uni")
    assert [q.speaker for q in _direct(text)] == ["Boris Tadic"]


def test_subject_after_several_appositions() -> None:
    text = ("Le colistier de Donald Trump, JD Vance, a pris la parole hier, lors de la convention, avec une "
            "série d'anecdotes. « J'avais un ange gardien à mes côtés », a-t-il raconté.")
    assert _speaker_of(text, "J'avais un ange") == "JD Vance"


def test_a_run_after_a_preposition_is_no_subject() -> None:
    text = ("Le journaliste Rémy Buisine couvre les cortèges depuis le premier samedi. Chez Brut, le média "
            "social aux millions de vues, « la question a été abordée dès le début », explique-t-il.")
    assert _speaker_of(text, "la question a été") == "Rémy Buisine"


@pytest.mark.parametrize(("name", "gender"), [("Marie-Pierre Dausse", "f"), ("Jean-Luc Lemoine", "m"),
                                              ("Anne-Sophie Martin", "f"), ("Saint-Denis", None)])
def test_french_compound_first_names_have_a_gender(name: str, gender: str | None) -> None:
    assert first_name_gender(name) == gender


# -- cues -----------------------------------------------------------------------------------------

def test_incise_with_an_adjunct_before_the_full_stop() -> None:
    text = ("Marie-Pierre Dausse enseigne l'histoire. Puis Antoine, 32 ans, chargé de cours, arrive.\n\n"
            "« Je suis très inquiet, glisse-t-il devant la bibliothèque. J'avais un contrat de trois mois. »")
    quote = _direct(text)[0]
    assert quote.speaker == "Antoine"
    assert "glisse" not in quote.text and "trois mois" in quote.text


@pytest.mark.parametrize(("text", "start", "speaker"), [
    ("« On l'a jamais vu comme ça », martèle Baba alias Cyril Hanouna.", "On l'a jamais", "Cyril Hanouna"),
    ("« Il y a un réel souci », insiste quant à lui Ivan Du Roy.", "Il y a un réel", "Ivan Du Roy"),
])
def test_french_tail_cues(text: str, start: str, speaker: str) -> None:
    assert _speaker_of(text, start) == speaker


@pytest.mark.parametrize("text", [
    # a source that is not the name: the name opens the next clause
    "« Vachement bon en manœuvres », selon un proche d'Edouard Philippe, Jean-Paul Delevoye se montre redoutable.",
])
def test_unnamed_sources_speak_for_no_one(text: str) -> None:
    assert [q.speaker for q in _direct(text)] == [None]


def test_an_unnamed_inverted_subject_is_not_the_last_speaker() -> None:
    text = "« Il est redoutable », dit Jean-Paul Delevoye. « Chirac l'a soutenu malgré tout », a ajouté un ténor."
    assert [q.speaker for q in _direct(text)] == ["Jean-Paul Delevoye", None]


def test_a_colon_naming_someone_else_does_not_continue_the_last_speaker() -> None:
    text = ("« J'ai trouvé le geste déplacé », explique Soraya. Mais avant son intervention, certains "
            "chroniqueurs ont parlé à sa place, à l'instar d'Énora Malagré:\n\n"
            "«Et cette jeune fille n'a pas été choquée.»")
    assert _speaker_of(text, "Et cette jeune fille") != "Soraya"


def test_a_quotation_after_a_sentence_naming_someone_else_is_theirs() -> None:
    text = ("« Notre force, c'est le direct », conclut Rémy Buisine.\n\n"
            "Un constat avec lequel Gabin Formont est en accord. « Ce ne sont pas les journalistes qui posent "
            "problème. »")
    assert _speaker_of(text, "Ce ne sont pas") == "Gabin Formont"


@pytest.mark.parametrize(("tail", "speaker"), [
    ("a affirmé mardi soir sur France Inter la ministre du Travail, Astrid Panosyan-Bouvet.", "Astrid Panosyan-Bouvet"),
    ("a dit devant les Nations unies le président Volodymyr Zelensky.", "Volodymyr Zelensky"),
    ("dit à ses côtés Camille Lainé, secrétaire générale des Jeunes communistes.", "Camille Lainé"),
    ("a dit à Reuters Dupont.", None),  # the agency or the man: no guess
    ("a dit à Reuters Jean Dupont.", "Jean Dupont"),  # a first name opens the subject
])
def test_the_object_of_a_preposition_is_not_the_inverted_subject(tail: str, speaker: str | None) -> None:
    assert _speaker_of(f"« Le dialogue social est vivant », {tail}", "Le dialogue") == speaker


_MACRON = "Emmanuel Macron, le président de la République, était à Marseille.\n\n"


@pytest.mark.parametrize("text", [
    _MACRON + "D'après le procureur, « l'enquête avance ».",
    _MACRON + "« Nous tiendrons », martèle le Premier ministre.",
    _MACRON + "« Paris ne cédera pas », a prévenu Paris.",
])
def test_a_french_office_is_not_someone_elses(text: str) -> None:
    assert [q.speaker for q in _direct(text)] == [None]


def test_a_name_label_after_a_quotation_introduces_the_next_paragraph() -> None:
    text = ("En bas de la rue, Bandele, un habitant du quartier, assiste à la scène. Lui non plus ne veut pas "
            "donner son vrai prénom :\n\n« C'est trop dangereux. »\n\n"
            "Les policiers répondent par des insultes : « Rentre chez toi ! » Bandele :\n\n"
            "« Et le jeune a répondu : \"Je suis chez moi !\" »")
    # the plural subject's words in between are not Bandele's
    assert [q.speaker for q in _direct(text)] == ["Bandele", None, "Bandele"]


def test_a_french_pronoun_tells_the_gender_of_a_name() -> None:
    text = ("Cha Soona n'a pas changé depuis l'enfance.\n\n"
            "« Je me sens gagnée par la douceur, écrit-elle. Ces scènes me manquent. »\n\n"
            "L'architecte jette un œil critique sur son travail. Il ajoute : « Nous avons rayé leurs souvenirs. »")
    assert [q.speaker for q in _direct(text)] == ["Cha Soona", None]


@pytest.mark.parametrize("verb", ["dit-elle", "écrit-elle", "poursuit-elle", "explique-t-elle"])
def test_inverted_pronoun_without_euphonic_t(verb: str) -> None:
    # "dit-elle", "poursuit-il": after a verb ending in -t or -d the pronoun takes a single hyphen
    text = f"Anne Martin préside l'association.\n\n« Nous continuerons, {verb}. Rien ne nous arrêtera. »"
    quote = _direct(text)[0]
    assert quote.speaker == "Anne Martin" and verb not in quote.text


_BINET = "« Nous restons mobilisés », affirme Sophie Binet, secrétaire générale de la CGT. "


@pytest.mark.parametrize(("sequel", "speaker"), [
    ("Et d'ajouter : « La bataille continue. »", "Sophie Binet"),  # the narrative infinitive goes on
    ("Et Laurent Berger de renchérir : « La bataille continue. »", "Laurent Berger"),
    ("« La bataille continue », insiste la syndicaliste.", "Sophie Binet"),  # a trade is not an office
])
def test_french_sequels(sequel: str, speaker: str) -> None:
    assert [q.speaker for q in _direct(_BINET + sequel)] == ["Sophie Binet", speaker]


def test_without_paragraph_breaks_a_pronoun_does_not_reach_far_back() -> None:
    # a long text in one paragraph (as some wires come): "il" finds no one near, so no one
    filler = "Le marché a reculé de deux points dans la journée, selon les chiffres publiés. " * 20
    text = f"Pierre Martin dirige la banque depuis 2010. {filler}« Nous restons prudents », a-t-il ajouté."
    assert [q.speaker for q in _direct(text)] == [None]
