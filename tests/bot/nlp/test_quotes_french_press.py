"""French attribution, session 14 of issue 19: wire and newspaper patterns (AFP, Le Monde, Le Figaro,
Ouest-France style) written for the rules, not taken from the evaluation files."""

from __future__ import annotations

import pytest

from bot.nlp.french_quotes import heading_quotation
from tests.bot.nlp.quote_helpers import direct_quotes, speaker_of

# -- « Pour X, apposition, « … » » -------------------------------------------------------------------


@pytest.mark.parametrize(("head", "speaker"), [
    ("Pour la présidente du groupe socialiste, Valérie Rabault, ", "Valérie Rabault"),
    ("Pour Yannick Jadot, candidat écologiste, ", "Yannick Jadot"),
    ("Pour Bruno Le Maire, ministre de l'Économie, ", "Bruno Le Maire"),
])
def test_pour_with_an_apposition_names_the_speaker(head: str, speaker: str) -> None:
    # the last speaker (Darmanin) does not go on: the head names who holds this view
    text = ("« Nous ne reculerons pas », a déclaré le ministre de l'Intérieur, Gérald Darmanin, mardi.\n\n"
            f"{head}« ce projet est une faute politique ».")
    assert speaker_of(text, "ce projet", "fr") == speaker


# -- a surname made of a particle and a role word ------------------------------------------------------


@pytest.mark.parametrize("name", ["Bruno Le Maire", "Anne Le Juge"])
def test_a_role_word_after_le_or_la_can_end_a_surname(name: str) -> None:
    text = f"« Le pic de l'inflation est derrière nous », a déclaré {name} lundi."
    assert speaker_of(text, "Le pic", "fr") == name


def test_a_lower_case_role_after_le_is_still_a_role() -> None:
    # guard: "le maire" is the mayor, no one's name
    text = "« Le pic de l'inflation est derrière nous », a déclaré le maire lundi."
    assert speaker_of(text, "Le pic", "fr") is None


# -- a heading that quotes the section below ----------------------------------------------------------


def test_a_quotation_heading_is_not_the_last_speakers() -> None:
    text = ("Le procès s'est ouvert lundi. « Je n'ai rien fait de mal », a déclaré le prévenu, Karim Benali.\n\n"
            "« Il ne ferait pas de mal à une mouche »\n\n"
            "Ses voisins le décrivent comme discret. « Il disait toujours bonjour », raconte Sylvie Martin.")
    assert speaker_of(text, "Il ne ferait", "fr") is None


def test_a_quotation_paragraph_ending_a_sentence_goes_on_with_the_last_speaker() -> None:
    # guard: a paragraph of quoted sentences, closed by a full stop, is the speaker going on
    text = ("Yannick Jadot a présenté son programme jeudi. « Nous n'avons plus le temps », a-t-il dit.\n\n"
            "« Chaque année perdue se paiera cher. Il faut agir maintenant. »")
    assert speaker_of(text, "Chaque année", "fr") == "Yannick Jadot"


# -- « le préfet » after a sentence that opens with the préfet, described and not named ----------------


def test_a_role_described_since_the_last_speaker_is_someone_else() -> None:
    text = ("Du côté des supporters, la déception domine. « C'est la pire saison depuis dix ans », lâche Karim, "
            "abonné depuis 2005.\n\nLe préfet du Morbihan a pris un arrêté interdisant les déplacements. "
            "« La sécurité de tous est en jeu », a justifié le préfet.")
    assert speaker_of(text, "La sécurité", "fr") is None


def test_a_role_named_before_is_still_that_person() -> None:
    # guard: the préfet has a name and a role; the sentence about "le préfet" is his
    text = ("« C'est la pire saison depuis dix ans », lâche Karim.\n\nJean Martin, préfet du Morbihan, a réagi. "
            "Le préfet a pris un arrêté. « La sécurité de tous est en jeu », a justifié le préfet.")
    assert speaker_of(text, "La sécurité", "fr") == "Jean Martin"


def test_a_bare_role_opening_a_sentence_goes_back_to_the_one_named() -> None:
    # guard: « Le président a ensuite visité … » is Emmanuel Macron again, not someone new
    text = ("Emmanuel Macron s'est rendu à Lyon mardi. « C'est un grand jour », a-t-il lancé. Le président a "
            "ensuite visité une usine. « Nous réindustrialisons la France », a dit le président.")
    assert speaker_of(text, "Nous réindustrialisons", "fr") == "Emmanuel Macron"


# -- a social-network account as the speaker -------------------------------------------------------------


@pytest.mark.parametrize(("tail", "speaker"), [
    ("écrit @jemb123.", "@jemb123"),
    ("a envoyé @danny_k.", "@danny_k"),
])
def test_an_account_after_the_verb_is_the_speaker(tail: str, speaker: str) -> None:
    # not the last person named (Carolyn Penner), nor no one
    text = ("La formule a été testée, a indiqué la porte-parole de Twitter, Carolyn Penner. Sur le réseau, les "
            f"utilisateurs débattaient. \"C'est inutile, envahissant, et ça ressemble trop à Facebook\", {tail}")
    assert speaker_of(text, "C'est inutile", "fr") == speaker


def test_an_email_address_is_no_account() -> None:
    # guard: "écrit à contact@mairie.fr" names no speaker
    text = ("Sur le réseau, les utilisateurs débattaient. \"C'est inutile, envahissant, et ça ressemble trop à "
            "Facebook\", écrit contact@mairie.fr.")
    assert speaker_of(text, "C'est inutile", "fr") is None


# -- « Interrogée sur …, la ministre des Sports, Amélie Dupont, a répondu : » ------------------------------


def test_a_role_with_its_complement_before_the_name_between_commas() -> None:
    text = ("Le budget a été voté. Interrogée sur les crédits, la ministre des Sports, Amélie Dupont, a répondu : "
            "« Nous maintiendrons les crédits. »")
    assert speaker_of(text, "Nous maintiendrons", "fr") == "Amélie Dupont"


# -- the short form of a first name given in full ----------------------------------------------------------


def test_the_short_form_of_a_first_name_is_the_full_name() -> None:
    text = ("Le Montréalais Nacereddine Zemmal a un parcours particulier. Si Nacer Zemmal n'a à retenir qu'un seul "
            "événement, c'est le tournoi de Pékin. « Ç'a été une super expérience », a raconté Nacer Zemmal.")
    assert speaker_of(text, "Ç'a été", "fr") == "Nacereddine Zemmal"


@pytest.mark.parametrize(("other", "speaker"), [
    ("Jeanne Dupont", "Jean Dupont"),  # two letters more: another first name
    ("Jean-Marc Dupont", "Jean Dupont"),  # a compound first name: another person
])
def test_a_first_name_that_another_only_begins_with_is_kept(other: str, speaker: str) -> None:
    text = (f"{other} tient la boutique depuis 1990. « Les clients reviennent », a raconté {speaker}, son frère.")
    assert speaker_of(text, "Les clients", "fr") == speaker


# -- « a déclaré à l'AFP Jean Dupont » ----------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["a déclaré à l'AFP Jean Dupont.",
                                  "a déclaré à l'AFP Jean Dupont, président de l'association."])
def test_a_name_after_an_elided_proper_object_is_the_subject(tail: str) -> None:
    # before, no cue was read and the quotation went to the last speaker (the procureure)
    text = ("La procureure de Paris, Laure Beccuau, a ouvert une enquête. « Les investigations se poursuivent », "
            f"a-t-elle indiqué.\n\n« Nous ne lâcherons rien », {tail}")
    assert speaker_of(text, "Nous ne lâcherons", "fr") == "Jean Dupont"


# -- French first names with an accented capital ------------------------------------------------------------


@pytest.mark.parametrize(("name", "pronoun"), [("Édouard Philippe", "il"), ("Élisabeth Borne", "elle")])
def test_a_subject_with_an_accented_first_name_is_the_pronouns(name: str, pronoun: str) -> None:
    # not the expert quoted in the paragraph before
    text = ("« La situation reste tendue », selon Thomas Martin, sociologue au CNRS, et Anne Roy, historienne.\n\n"
            f"{name} a pris la parole. « Je serai candidat », a-t-{pronoun} annoncé.")
    assert speaker_of(text, "Je serai", "fr") == name


# -- « Sa porte-parole, Marie Durand, a précisé : » ---------------------------------------------------------


def test_a_possessive_role_before_the_name_between_commas() -> None:
    text = ("Édouard Philippe a pris la parole. Sa porte-parole, Marie Durand, a précisé : « Il n'y aura pas de "
            "primaire. »")
    assert speaker_of(text, "Il n'y aura", "fr") == "Marie Durand"


# -- « a indiqué la préfecture de police de Paris »: the description goes on to its capitalised complement --


@pytest.mark.parametrize(("tail", "speaker"), [
    ("a indiqué la préfecture de police de Paris.", "Préfecture de police de Paris"),
    ("a indiqué le parquet de Nantes.", "Parquet de Nantes"),
])
def test_an_office_with_its_place_is_the_organisation(tail: str, speaker: str) -> None:
    text = f"Le calme est revenu dans la nuit. « Trois personnes ont été interpellées », {tail}"
    assert speaker_of(text, "Trois personnes", "fr") == speaker


def test_a_heading_quoting_part_of_a_later_quotation_is_its_speakers() -> None:
    text = ("Le leader communiste Guennadi Ziouganov dénonce des pressions. « Il n'y a jamais eu d'élections aussi "
            "sales », a-t-il déclaré.\n\n« Les Russes ont gardé la mentalité de l'homo sovieticus »\n\nDerrière ces "
            "législatives se profile une question.\n\n« Les Russes ont gardé la mentalité de l'homo sovieticus, ils "
            "ne se sentent pas maîtres de leur destin », estime le sociologue Lev Goudkov.")
    heading = next(q for q in direct_quotes(text, "fr") if q.text.endswith("sovieticus"))
    assert heading.speaker == "Lev Goudkov"  # (the heading alone gave no one: not Ziouganov, who spoke last)


# -- « … » : c'est ce qu'a affirmé X ---------------------------------------------------------------------------


@pytest.mark.parametrize("tail", [
    " : c'est ce qu'a affirmé Jean Dupont devant le conseil municipal.",
    ", c'est en ces termes que Jean Dupont a répondu.",
])
def test_an_echo_clause_after_the_quotation_names_its_speaker(tail: str) -> None:
    # not Pierre Roy, who spoke last
    text = ("Jean Dupont, maire de Lille, et Pierre Roy, architecte, ont visité le chantier. « Le chantier avance »,"
            f" a dit Pierre Roy. « Le budget est respecté »{tail}")
    assert speaker_of(text, "Le budget", "fr") == "Jean Dupont"


def test_an_echo_clause_with_no_speaker_names_no_one() -> None:
    # guard: « c'est ce que pensent les habitants » is a group, not the last speaker
    text = ("Jean Dupont, maire de Lille, l'a visité mardi. « Le chantier avance », a-t-il dit.\n\n"
            "« Le budget est respecté », c'est ce que pensent les habitants.")
    assert speaker_of(text, "Le budget", "fr") is None


def test_an_echo_clause_with_a_pronoun_is_its_antecedents() -> None:
    text = ("Le Premier ministre Andrej Babiš s'est exprimé vendredi. « Un choc », c'est ainsi qu'il a qualifié "
            "les révélations.")
    assert speaker_of(text, "Un choc", "fr") == "Andrej Babiš"


@pytest.mark.parametrize(("before", "heading"), [
    ("Elle raconte la nuit de l'incendie.", True),
    ("Elle se souvient de cette nuit :", False),  # the paragraph before introduces it: her words
])
def test_a_quotation_paragraph_after_a_colon_is_no_heading(before: str, heading: bool) -> None:
    text = f"{before}\n\n« On a tout perdu en une nuit »\n\nLa mairie a ouvert un gymnase."
    lo, hi = text.index("«"), text.index("»") + 1
    assert heading_quotation(text, lo, hi, lo + 2, hi - 2) is heading


# -- « le maire » for a woman (papers that keep the masculine for these offices) ---------------------------


def test_le_maire_may_be_a_woman() -> None:
    text = ("Johanna Rolland, maire de Nantes, a visité le chantier. « Nous tiendrons les délais », a affirmé le "
            "maire de Nantes.")
    assert speaker_of(text, "Nous tiendrons", "fr") == "Johanna Rolland"


def test_le_prefet_is_still_a_man() -> None:
    # guard: « le préfet » has a feminine (« la préfète »): the man is meant, not the woman named last
    text = ("Marc Roy, préfet, a visité le chantier avec Anne Roy, architecte. « Nous tiendrons les délais », a "
            "affirmé le préfet.")
    assert speaker_of(text, "Nous tiendrons", "fr") == "Marc Roy"
