"""French attribution, session 17 of issue 19: « ce dernier » / « celle-ci », someone unnamed of a party or firm
(« un député LR »), « selon un proche », a medium glued before a name (« sur Twitter Jean Dupont »).
The sentences are written for the rules, not taken from the pages or the evaluation files."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import extract_quotes
from tests.bot.nlp.quote_helpers import speaker_of

_QUOTE = "« Nous reviendrons sur ce texte à la rentrée »"

# -- « ce dernier », « cette dernière », « celui-ci », « celle-ci »: the one named last ---------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    # was "Celle-ci" (a wrong name) or none
    (f"Paul Morel a reçu Anne Vidal. Celle-ci a répondu : {_QUOTE}.", "Anne Vidal"),
    (f"Paul Morel a reçu Anne Vidal. Cette dernière a répondu : {_QUOTE}.", "Anne Vidal"),
    (f"Paul Morel a reçu Anne Vidal. {_QUOTE}, a répondu cette dernière.", "Anne Vidal"),
    (f"Anne Vidal a reçu Paul Morel. {_QUOTE}, a répondu celui-ci.", "Paul Morel"),
    (f"Anne Vidal a reçu Paul Morel. Ce dernier estime que {_QUOTE}.", "Paul Morel"),
    (f"Paul Morel a reçu Anne Vidal. Selon cette dernière, {_QUOTE}.", "Anne Vidal"),
    (f"Paul Morel a reçu Anne Vidal, la maire de Nantes. Cette dernière a répondu : {_QUOTE}.", "Anne Vidal"),
    (f"« Tout est prêt », a dit Paul Morel. Ce dernier a ajouté : {_QUOTE}.", "Paul Morel"),
    # guards: the one named last is of the other gender, an organisation, or someone described came after
    (f"Paul Morel a reçu Anne Vidal. {_QUOTE}, a répondu ce dernier.", None),
    (f"Paul Morel a reçu Anne Vidal et la ministre. Cette dernière a répondu : {_QUOTE}.", None),
    (f"Anne Vidal a reçu le préfet. Ce dernier a répondu : {_QUOTE}.", None),
    (f"Paul Morel a écrit à la CFDT. Cette dernière a répondu : {_QUOTE}.", None),
    (f"Paul Morel a salué Anne Vidal.\n\nCe dernier a répondu : {_QUOTE}.", None),
])
def test_the_latter_is_the_one_named_last(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


def test_the_latter_is_not_a_name_inside_the_quotation() -> None:
    text = "Paul Morel a reçu Anne Vidal. « Je connais bien Luc Perrin », a répondu ce dernier."
    assert speaker_of(text, "Je connais", "fr") is None


# -- « un député LR », « une salariée Renault »: someone of that party or firm, unnamed --------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Paul Morel était à Lille. {_QUOTE}, ironise un député LR.", None),  # was "LR"
    (f"Paul Morel était à Lille. {_QUOTE}, souffle une élue PS.", None),  # was "PS"
    (f"Paul Morel était à Lille. Un cadre RN le reconnaît : {_QUOTE}.", None),  # was "RN"
    (f"Paul Morel était à Lille. {_QUOTE}, selon un député LR.", None),  # was "LR"
    # guards: a name after the role, an apposition naming the speaker
    (f"Paul Morel était à Lille. {_QUOTE}, ironise un ancien ministre Jean Dupont.", "Jean Dupont"),
    (f"{_QUOTE}, explique un député LR, Luc Perrin.", "Luc Perrin"),
    (f"{_QUOTE}, ironise le député LR Luc Perrin.", "Luc Perrin"),
])
def test_someone_of_a_party_is_unnamed(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


# -- « selon un proche »: someone unnamed, not the one named last ---------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Paul Morel était à Lille. {_QUOTE}, selon un proche.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, selon un proche du dossier.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, d'après un de ses conseillers.", None),  # was Paul Morel
    # guards
    (f"Paul Morel était à Lille. {_QUOTE}, selon Luc Perrin.", "Luc Perrin"),
    (f"Paul Morel était à Lille. {_QUOTE}, selon le maire de Lille, Luc Perrin.", "Luc Perrin"),
])
def test_according_to_someone_unnamed(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


# -- « sur Twitter Jean Dupont »: the medium is no part of the name -----------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"{_QUOTE}, a réagi sur Twitter Jean-Luc Perrin.", "Jean-Luc Perrin"),  # was "Twitter Jean-Luc Perrin"
    (f"{_QUOTE}, a dit à Reuters Anne Vidal.", "Anne Vidal"),
    (f"{_QUOTE}, a écrit sur Facebook Marie Lenoir, maire de Brest.", "Marie Lenoir"),
    # guards: a name after « à » is whom it was said to; a two-word medium before the name
    (f"{_QUOTE}, a répondu à Jean-Luc Perrin Anne Vidal.", "Anne Vidal"),
    (f"{_QUOTE}, a réagi sur France Inter Paul Morel.", "Paul Morel"),
])
def test_a_medium_before_a_name(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


def test_the_medium_is_not_registered_with_the_name() -> None:
    text = f"{_QUOTE}, a réagi sur Twitter Jean-Luc Perrin. Jean-Luc Perrin a ensuite quitté la salle."
    speakers = {q.speaker for q in extract_quotes(text, "fr")}
    assert speakers == {"Jean-Luc Perrin"}


# -- « a t-il », « a-t'il », non-breaking hyphens: the incise's pronoun as web pages spell it ---------------------


@pytest.mark.parametrize("incise", [
    "a t-il assuré",  # was none
    "a-t'il assuré",  # was none
    "a-t’il assuré",  # was none
    "estime t-il",  # was none
    "a\u2011t\u2011il assuré",  # non-breaking hyphens (was none)
    "dit\u2011il",  # (was none)
    "a-t-il assuré",  # (already right)
])
def test_inverted_pronoun_spellings(incise: str) -> None:
    # (Anne Vidal, the sentence's subject, would be the guess of a quotation with no cue)
    text = f"Anne Vidal a écouté Paul Morel. {_QUOTE}, {incise}."
    (quote,) = extract_quotes(text, "fr")
    assert (quote.speaker, quote.cue is not None) == ("Paul Morel", True)


def test_inverted_spellings_keep_offsets_and_other_words() -> None:
    text = "« C'est-à-dire rien », a t'il dit à Saint-Etienne."
    quotes = extract_quotes(text, "fr")
    assert [q.text for q in quotes] == ["C'est-à-dire rien"]
    assert text[quotes[0].start:quotes[0].end] == "C'est-à-dire rien"


# -- a paper's title in quotation marks quotes no one: « écrit « Le Parisien » », « au « Monde » » -----------------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"{_QUOTE}, écrit « Le Parisien ».", "Le Parisien"),  # was none
    (f"Selon « Le Parisien », {_QUOTE}.", "Le Parisien"),  # was none
    (f"Paul Morel a déclaré au « Parisien » que {_QUOTE}.", "Paul Morel"),  # was no whole quotation
    (f"{_QUOTE}, a confié Paul Morel au « Monde ».", "Paul Morel"),  # (already right)
])
def test_a_papers_title_in_marks(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


@pytest.mark.parametrize(("text", "kept"), [
    ("Il a confié au « Monde » son inquiétude.", []),
    ("Le ministre a répondu à « Libération » mardi.", []),
    # guards: words quoted, a capitalised one-word answer, a slogan
    ("Il a répondu « Non » sans attendre.", ["Non"]),
    ("Il a lancé à la foule « Tous ensemble » avant de partir.", ["Tous ensemble"]),
    ("Le texte dit « La loi est dure » et rien d'autre.", ["La loi est dure"]),
])
def test_which_marks_set_off_a_title(text: str, kept: list[str]) -> None:
    assert [q.text for q in extract_quotes(text, "fr")] == kept


# -- several people, someone after an adverbial, « pouvait-on lire »: no one named, not the one named last ------


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Paul Morel était à Lille. {_QUOTE}, ont déclaré les manifestants.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, scandent des militants.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, ont déclaré les deux hommes.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, répond quelqu'un dans la foule.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, a indiqué à l'AFP un diplomate européen.", None),  # was Paul Morel
    (f"Paul Morel était à Lille. {_QUOTE}, a indiqué sous couvert d'anonymat un haut fonctionnaire.", None),
    (f"Paul Morel était à Lille. {_QUOTE}, pouvait-on lire sur une banderole.", None),  # was Paul Morel
    # guards: a name after the adverbial, a named group, the whom after « à »
    (f"Anne Vidal était à Lille. {_QUOTE}, a répondu à des journalistes Paul Morel.", "Paul Morel"),
    (f"Anne Vidal était à Lille. {_QUOTE}, a lancé Paul Morel aux manifestants.", "Paul Morel"),
    (f"Anne Vidal était à Lille. {_QUOTE}, a indiqué à l'AFP le ministère de l'Intérieur.",
     "Ministère de l'Intérieur"),
])
def test_no_one_named_after_the_verb(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    # was Anne Vidal: « la préfecture » was no speaker's noun, the adverbial hid it
    (f"Anne Vidal était à Lille. {_QUOTE}, explique dans un communiqué la préfecture du Nord.", "Préfecture du Nord"),
    (f"Anne Vidal était à Lille. {_QUOTE}, explique la préfecture du Nord.", "Préfecture du Nord"),  # (already)
    # was none: « la préfecture de police de Lyon » as a colon head's subject, its complement lower-case
    (f"Interrogée mardi, la préfecture de police de Lyon a donné sa version des faits :\n\n{_QUOTE}",
     "Préfecture de police de Lyon"),
    (f"Anne Vidal était à Lille. {_QUOTE}, a indiqué la préfecture de police de Lyon.",
     "Préfecture de police de Lyon"),  # (already)
])
def test_the_prefecture_speaks(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


# -- a name ending its sentence is no subject of the next one's verb ------------------------------------------------


@pytest.mark.parametrize(("text", "speaker"), [
    # was Marie Lenoir (« Lenoir. Elle a » read as the name's verb); the incise already gave the subject
    (f"Anne Vidal a rencontré Marie Lenoir. Elle a ajouté : {_QUOTE}.", "Anne Vidal"),
    (f"Anne Vidal a rencontré Marie Lenoir. {_QUOTE}, a-t-elle ajouté.", "Anne Vidal"),  # (already)
    # guards: an initial, the subject of the next sentence
    (f"Anne Vidal a rencontré Marie Lenoir. Marie Lenoir a ajouté : {_QUOTE}.", "Marie Lenoir"),
    (f"Anne Vidal a rencontré Marie L. Lenoir a ajouté : {_QUOTE}.", "Marie L. Lenoir"),
])
def test_a_name_ending_its_sentence(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Anne Vidal a interrogé Paul Morel. Réponse du syndicaliste : {_QUOTE}.", None),  # was "Réponse"
    (f"Anne Vidal a interrogé Paul Morel. Réaction des riverains : {_QUOTE}.", None),  # (already none)
    # guards: the complement names someone; a name with a particle
    (f"Anne Vidal a interrogé Paul Morel. Réponse de Paul Morel : {_QUOTE}.", "Paul Morel"),
    (f"{_QUOTE}, a dit Dominique de Villepin.", "Dominique de Villepin"),
])
def test_a_head_noun_is_no_name(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    (f"Paul Morel et Luc Perrin se sont parlé. {_QUOTE}, a expliqué l'ancien Marseillais.", None),  # was "Marseillais"
    (f"Paul Morel était là. {_QUOTE}, a expliqué l'Anglais.", None),  # was "Anglais"
    (f"Paul Morel était là. L'ancien Lyonnais a expliqué : {_QUOTE}.", None),  # was "Lyonnais"
    # guards: organisations glued to « l' », a demonym before a name
    (f"Paul Morel était là. {_QUOTE}, a répondu l'Otan.", "Otan"),
    (f"Paul Morel était là. {_QUOTE}, indique l'Élysée.", "Élysée"),
    (f"{_QUOTE}, a expliqué l'Américain Luc Perrin.", "Luc Perrin"),
])
def test_a_demonym_is_no_name(text: str, speaker: str | None) -> None:
    assert speaker_of(text, "Nous reviendrons", "fr") == speaker
