"""French attribution, session 4 of issue 19: text without paragraph breaks, runs of quotations, cues
inside the marks, unnamed and impersonal sources — the right person or no one."""

from __future__ import annotations

import pytest

from bot.nlp.attribution import match_tail
from bot.nlp.coref import ArticleContext
from bot.nlp.french_quotes import normalise_marks
from bot.nlp.mentions import collect_people
from bot.nlp.speakers import split_name_role
from tests.bot.nlp.quote_helpers import direct_quotes, speaker_of


def _people(text: str) -> dict[str, str | None]:
    art = ArticleContext(text, "fr")
    collect_people(text, art.registry)
    return {p.name: p.role for p in art.registry.people()}


# -- quotation marks and cues inside them -----------------------------------------------------------

def test_doubled_apostrophes_are_quotation_marks() -> None:
    text = ("Le président de la Cour, Iftikhar Chaudhry, a été évincé. ''Tout ce à quoi nous assistons est "
            "illégal'', a déclaré le magistrat au journal The News.")
    assert normalise_marks(text) != text and len(normalise_marks(text)) == len(text)
    assert speaker_of(text, "Tout ce à quoi", "fr") == "Iftikhar Chaudhry"


def test_an_apostrophe_inside_a_word_is_no_quotation_mark() -> None:
    assert normalise_marks("l'avocat d'Ibrahim") == "l'avocat d'Ibrahim"


@pytest.mark.parametrize(("text", "start", "speaker"), [
    # the marks close after the incise when the text was split one sentence per line
    ('Le Montréalais Nacereddine Zemmal a un parcours particulier. "J\'ai commencé il y a 12 ans, en Algérie, '
     'a expliqué Zemmal, installé dans la métropole depuis 2008."', "J'ai commencé", "Nacereddine Zemmal"),
    ('Le Montréalais Nacereddine Zemmal a remporté deux médailles. "J\'ai remporté les catégories de boxe '
     'thaï, a-t-il expliqué."', "J'ai remporté", "Nacereddine Zemmal"),
])
def test_a_cue_closing_the_quotation_inside_the_marks(text: str, start: str, speaker: str | None) -> None:
    assert speaker_of(text, start, "fr") == speaker


def test_the_incise_is_not_part_of_what_was_said() -> None:
    text = ('Le Montréalais Nacereddine Zemmal a un parcours particulier. "J\'ai commencé il y a 12 ans, '
            'a-t-il expliqué."')
    assert [q.text for q in direct_quotes(text, "fr")] == ["J'ai commencé il y a 12 ans"]


# -- runs of quotations ---------------------------------------------------------------------------

def test_a_run_takes_the_cue_that_ends_it() -> None:
    # one paragraph, as WMT documents come: the first quotation has no cue of its own
    text = ('Le projet de loi va être battu. "Je m\'appuie fortement sur la Charte." "Je me tiens debout avec '
            'un parti qui a créé le granite sous vos pieds", a déclaré le chef libéral Michael Ignatieff. '
            'Le chef du Bloc québécois, Gilles Duceppe, a également indiqué qu\'il ne pouvait appuyer le projet.')
    assert speaker_of(text, "Je m'appuie", "fr") == "Michael Ignatieff"


def test_a_run_across_a_full_stop_outside_the_marks() -> None:
    text = ('"Deux établissements se sont engagés", annonce Gérard Nébouy, directeur de Visa Europe France. '
            'Peu d\'appareils sont équipés de la technologie NFC (Near Field Communication). '
            '"Ils ont pris du retard". "Mais ils devraient enfin connaître un véritable essor". '
            '"Nous tablons sur la vente de 80 millions d\'unités", explique Marc Bertin, président d\'Eurosmart.')
    assert speaker_of(text, "Ils ont pris", "fr") == "Marc Bertin"
    assert speaker_of(text, "Mais ils devraient", "fr") == "Marc Bertin"


def test_a_run_goes_on_with_the_cue_before_it() -> None:
    text = ('Le 11 août, François Richier lui a confié: "bien sûr, nous ne savons pas ce qu\'ils ont fait." '
            '"Mais nous les avons remerciés quand même." "Cela devrait semer la confusion", dit Pierre Vimont.')
    assert speaker_of(text, "Mais nous les avons", "fr") == "François Richier"


def test_a_run_does_not_cross_a_line_break() -> None:
    text = ('Le projet de loi va être battu.\n\n"Je m\'appuie fortement sur la Charte."\n\n"Nous sommes '
            'contre", a déclaré Gilles Duceppe.')
    assert speaker_of(text, "Je m'appuie", "fr") is None


def test_the_same_words_quoted_twice_are_the_same_speakers() -> None:
    text = ('Le Portugal entame son barrage retour. " C\'est un bon résultat, qui comporte toutefois un certain '
            'risque " Mais chez eux, les Portugais sont convaincus de passer. Le nul oblige les Portugais à '
            'marquer. " C\'est un bon résultat, qui comporte toutefois un certain risque ", regrette Paulo Bento.')
    assert [q.speaker for q in direct_quotes(text, "fr")] == ["Paulo Bento", "Paulo Bento"]


# -- cues after the quotation ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "speaker"), [
    ('Nicolas Sarkozy évoque souvent la présidentielle. "Au pire, vous en avez encore pour sept ans avec '
     'moi", leur avait-il lancé en juillet 2009.', "Au pire", "Nicolas Sarkozy"),
    # "Leekens" alone, mid-sentence, is the subject nearest to "il"
    ('Georges Leekens et Eden Hazard ont fait la paix. "J\'ai toujours été supporter", affirme Eden Hazard. '
     'Avec bonhomie, Leekens a pour sa part évoqué sa fierté. "Laurent Blanc a fait un travail du tonnerre", '
     's\'est-il enthousiasmé.', "Laurent Blanc a fait", "Georges Leekens"),
    ('"La communauté internationale adopte un ton de plus en plus dur" face à la répression en Syrie, a '
     'observé Mark Toner, un porte-parole.', "La communauté", "Mark Toner"),
])
def test_french_tail_cues(text: str, start: str, speaker: str) -> None:
    assert speaker_of(text, start, "fr") == speaker


@pytest.mark.parametrize(("tail", "pronoun"), [
    (", leur avait-il lancé en juillet 2009.", "il"),  # an object pronoun before the inverted verb
    (", s'est-il enthousiasmé.", "il"),  # a reflexive verb
    (", lui a-t-elle répondu.", "elle"),
])
def test_inverted_pronoun_cues(tail: str, pronoun: str) -> None:
    cue = match_tail(tail, 0, len(tail), "fr")
    assert cue is not None and cue.phrase == pronoun


def test_a_quotation_closed_by_a_full_stop_takes_no_cue_from_the_next_sentence() -> None:
    text = ('" La loi a créé une pression forte sur les entreprises", explique Pierre Blanc. " Mais cette '
            'amélioration traduit une prise de conscience. " Selon le ministère de l\'emploi, 59% des '
            'établissements emploient des handicapés.')
    assert speaker_of(text, "Mais cette amélioration", "fr") == "Pierre Blanc"


@pytest.mark.parametrize(("text", "start"), [
    # a document speaks, not the last person named
    ('M. Kouchner a répondu oui, au cas par cas. À la fin de la rencontre, est-il écrit, "il a remis un '
     'papier à la secrétaire d\'État."', "il a remis"),
    ('M. Kouchner a répondu oui. "Il est précisé que ces ressources s\'ajoutent aux 4 milliards", '
     'peut-on lire dans l\'exposé des motifs.', "Il est précisé"),
    # a reporting verb with a subject we cannot read is someone, not the last speaker (an account "@x" is
    # read: test_quotes_french_press)
    ('"Le test a porté sur un petit nombre d\'utilisateurs", a indiqué la porte-parole Carolyn Penner. '
     '"C\'est inutile et envahissant", écrit _jemb123_.', "C'est inutile"),
    # several people said it together: none of them alone
    ('Le conseiller François Richier, accompagné de Patrice Paoli, s\'entretient avec la diplomate. Ils lui '
     'expliquent la méthode française. "Faites du bruit", disent-ils.', "Faites du bruit"),
])
def test_no_one_named_is_no_one(text: str, start: str) -> None:
    assert speaker_of(text, start, "fr") is None


# -- who "il" and "elle" are ----------------------------------------------------------------------

def test_an_unnamed_subject_stands_between_the_pronoun_and_the_names_before() -> None:
    text = ('Jean-Paul Delevoye a su gagner la confiance du président. Alors que d\'anciens amis se taisent, '
            'un chiraquien s\'est souvenu du surnom que lui donnait Jacques Chirac. "Chirac le surnommait le '
            'Grand Con", a-t-il lâché.')
    assert speaker_of(text, "Chirac le surnommait", "fr") is None


def test_a_subordinate_subject_is_no_speaker() -> None:
    # "qu'un compromis était envisageable": no one talks there, "il" is still the president
    text = ('Le président serbe Boris Tadic a estimé qu\'un compromis était toujours envisageable. "Pour la '
            'Serbie, cela ne signifie pas qu\'un compromis soit impossible", a-t-il dit.')
    assert speaker_of(text, "Pour la Serbie", "fr") == "Boris Tadic"


def test_a_name_completing_a_noun_is_not_the_pronouns_antecedent() -> None:
    text = ('M. Hummel n\'était pas le seul à demander l\'abandon des poursuites. L\'avocate de Samantha Geimer, '
            'la victime, a elle aussi réclamé la fin des poursuites. Elle a ajouté: "Personne ne peut dire que '
            'la procédure a été juste."')
    assert speaker_of(text, "Personne ne peut", "fr") is None


def test_a_demonym_is_no_name() -> None:
    text = ('Georges Leekens et Eden Hazard ont fait la paix. "Je veux aller de l\'avant", assure de son côté '
            'le Lillois.')
    assert speaker_of(text, "Je veux aller", "fr") is None


# -- names, roles and organisations -----------------------------------------------------------------

def test_an_elided_description_opening_a_sentence_is_no_name() -> None:
    assert split_name_role("L'animateur de CHOI") == ("", "L'animateur de CHOI")


def test_the_description_finds_the_host_named_with_a_place_in_his_role() -> None:
    text = ("L'animateur de radio de Québec Stéphane Dupont a subi un revers. L'animateur de CHOI a déclaré "
            'qu\'il n\'avait fait aucun don. "Mon dossier est vierge depuis un an et demi", a déclaré l\'animateur.')
    assert "Stéphane Dupont" in _people(text)
    assert speaker_of(text, "Mon dossier", "fr") == "Stéphane Dupont"


def test_the_association_is_the_one_introduced_so() -> None:
    text = ('"Les résultats sont illustratifs", a précisé Paul Durand, de l\'association Générations Futures. '
            '"On voit bien dans notre enquête que l\'exposition est préoccupante", note l\'association.')
    assert speaker_of(text, "On voit bien", "fr") == "Générations Futures"


def test_a_country_before_its_leaders_name() -> None:
    people = _people("Le Portugal de Paulo Bento entame avec optimisme son barrage retour face à la Bosnie.")
    assert "Paulo Bento" in people and not any(name.startswith("Portugal") for name in people)
