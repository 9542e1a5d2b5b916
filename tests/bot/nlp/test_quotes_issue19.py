"""Issue 19: the right person or no one — speaker validity, addressees, headings, names, French cues."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import extract_quotes
from bot.nlp.speaker_directory import SPEAKER_RULES
from bot.nlp.speakers import plausible_name, same_person, trim_name
from bot.nlp.types import ExtractedQuote


def _direct(text: str, lang: str = "en") -> list[ExtractedQuote]:
    return [q for q in extract_quotes(text, lang) if q.kind == "direct" and not q.partial]


def _speaker_of(text: str, start: str, lang: str = "en") -> str | None:
    found = [q for q in extract_quotes(text, lang) if q.kind == "direct" and q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in extract_quotes(text, lang)]
    return found[0].speaker


# -- a speaker is a person or an organisation named in the article --------------------------------

@pytest.mark.parametrize("word", ["What", "Others", "He", "Here", "Tuesday", "Pourtant", "Or", "Evidemment",
                                  "S'il", "S’il", "Que Monsanto", "Clinton Wades In", "At Sunday", "Chez Brut"])
def test_function_words_and_fragments_are_not_names(word: str) -> None:
    assert not plausible_name(word)


@pytest.mark.parametrize("name", ["Tim Cook", "Jean de La Fontaine", "Osama bin Laden", "John A. Smith",
                                  "Aung San Suu Kyi", "Marie-Pierre Dausse", "Cook"])
def test_real_names_stay_names(name: str) -> None:
    assert plausible_name(name)


def test_leading_openers_are_trimmed_from_names() -> None:
    assert trim_name("But Fiorina") == "Fiorina"
    assert trim_name("Senate Minority Whip Dick Durbin") == "Dick Durbin"
    assert trim_name("What") == ""


@pytest.mark.parametrize("text", [
    "The vote was close.\n\nWhat: “We need more time to count every ballot,” the statement ended.",
    "The vote was close. Others: “We need more time to count every ballot.”",
    "Tuesday: “We need more time to count every ballot,” officials said.",
    "Here: “We need more time to count every ballot.”",
])
def test_sentence_openers_never_speak(text: str) -> None:
    assert all(q.speaker not in {"What", "Others", "Tuesday", "Here"} for q in extract_quotes(text))


@pytest.mark.parametrize("text", [
    "Le débat a repris.\n\nPourtant : « Nous ne céderons rien sur les retraites. »",
    "Le débat a repris. Evidemment : « Nous ne céderons rien sur les retraites. »",
    "Le débat a repris. Or, « nous ne céderons rien sur les retraites », dit-on au ministère.",
    "Gluten : « Nous ne céderons rien sur les retraites. »",
])
def test_french_sentence_adverbs_never_speak(text: str) -> None:
    for quote in extract_quotes(text, "fr"):
        assert quote.speaker in (None,), quote


def test_said_tuesday_names_the_person_not_the_day() -> None:
    text = "“We will win this state,” said Sen. Ted Cruz Tuesday. “The voters are with us.”"
    assert _speaker_of(text, "We will win") == "Ted Cruz"


# -- never the person the quotation is about or addressed to ---------------------------------------

def test_threat_against_omar_is_not_hers() -> None:
    text = ("Rep. Ilhan Omar said on Monday that she had received more threats.\n\n"
            "Police arrested a man on Tuesday over a threat made against Rep. Ilhan Omar: "
            "“You will not be safe anywhere in this country.”")
    assert _speaker_of(text, "You will not be safe") is None


def test_voicemail_about_omar_is_not_hers() -> None:
    text = ("Rep. Ilhan Omar said she had received threats.\n\n"
            "A man left a voicemail threatening Omar: “You are a traitor and you will pay.”")
    assert _speaker_of(text, "You are a traitor") is None


def test_question_is_the_congressmans_and_the_reply_the_administrators() -> None:
    text = ("NASA Administrator Jim Bridenstine testified before the House panel on Wednesday.\n\n"
            "“Is 2024 realistic, given the budget you have asked for?” Rep. Robert Aderholt asked the "
            "administrator.\n\n“It is, if Congress funds the lander this year,” he said.")
    assert _speaker_of(text, "Is 2024 realistic") == "Robert Aderholt"
    assert _speaker_of(text, "It is, if Congress") == "Jim Bridenstine"


def test_pronoun_is_not_the_man_the_quote_names() -> None:
    text = ("Jacques Chirac once sat beside him at a dinner in Paris.\n\n"
            "« Chirac le surnommait le Grand Con, parce qu'il est grand », a-t-il lâché.")
    assert _speaker_of(text, "Chirac le surnommait", "fr") != "Jacques Chirac"


# -- not quotations ------------------------------------------------------------------------------

def test_section_heading_is_not_a_quote() -> None:
    text = ("The council met on Monday.\n\n“The Gordon problem”\n\n"
            "“We will fix the budget before the summer,” Mayor John Smith said.")
    assert [q.text for q in _direct(text)] == ["We will fix the budget before the summer,"]


def test_titles_scare_quotes_single_words_and_term_lists_are_not_quotes() -> None:
    text = ("She starred in “The Godfather” and “Casablanca” last year. The so-called “experts” were "
            "wrong. The charges include “fraud,” “conspiracy,” “money laundering” and “obstruction.” "
            "Asked if he would resign, he said: “No.”")
    assert _direct(text) == []


# -- names -----------------------------------------------------------------------------------------

def test_surname_resolves_to_the_full_name_given_elsewhere() -> None:
    text = ("Apple chief executive Tim Cook opened the conference in Cupertino.\n\n"
            "“This is our best phone yet,” Cook said. Prince Andrew later visited the campus.\n\n"
            "“It was a remarkable day,” Andrew said.")
    assert _speaker_of(text, "This is our best phone") == "Tim Cook"
    assert _speaker_of(text, "It was a remarkable day") == "Prince Andrew"


def test_two_morrisons_in_one_article_stay_two() -> None:
    text = ("Prime Minister Scott Morrison met Tim Morrison, a former White House aide, in Canberra.\n\n"
            "“We talked about the alliance,” Scott Morrison said.\n\n"
            "“It was a frank conversation,” Tim Morrison said.\n\n"
            "“We will meet again,” Morrison said.")
    assert _speaker_of(text, "We talked") == "Scott Morrison"
    assert _speaker_of(text, "It was a frank") == "Tim Morrison"
    assert _speaker_of(text, "We will meet again") in (None, "Morrison")  # ambiguous: not a wrong full name


class _Stored:
    def __init__(self, speaker_id: int, name: str) -> None:
        self.id = speaker_id
        self.name = name
        self.key = SPEAKER_RULES.key(name)


def test_directory_rules_keep_namesakes_apart_and_join_nicknames() -> None:
    morrisons = [_Stored(1, "Scott Morrison"), _Stored(2, "Tim Morrison")]
    assert SPEAKER_RULES.choose("Timothy Morrison", morrisons) == ("existing", 2)
    assert SPEAKER_RULES.choose("Morrison", morrisons) == ("new", None)  # which one is not ours to guess
    assert SPEAKER_RULES.choose("Morrison", morrisons[:1]) == ("existing", 1)
    assert SPEAKER_RULES.choose("Abdoulaye Diop", [_Stored(3, "Diop")]) == ("promote", 3)
    assert same_person("Tim Cook", "Timothy Cook") and not same_person("Bill Clinton", "Hillary Clinton")
    assert SPEAKER_RULES.key("Abdoulaye DIÔP") == "abdoulaye diop"


# -- French cues ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "speaker"), [
    ("« Nous ne céderons rien », a déclaré Élisabeth Borne mardi.", "Nous ne céderons", "Élisabeth Borne"),
    ("Selon Olivier Panisset, « la filière a besoin de visibilité ».", "la filière", "Olivier Panisset"),
    ("« Les prix vont baisser », estime Marc Touati, économiste.", "Les prix vont", "Marc Touati"),
    ("Pour Sophie Binet, « la réforme est injuste et brutale ».", "la réforme est", "Sophie Binet"),
    ("« Le marché reste tendu », rappelle ainsi Olivier Panisset.", "Le marché reste", "Olivier Panisset"),
    ("« Il faut agir vite », s'étonne la ministre Agnès Pannier-Runacher.", "Il faut agir", "Agnès Pannier-Runacher"),
    ("« Je n'ai enfreint aucune règle », a déclaré à cette occasion le ministre de la Santé, Roman Prymula.",
     "Je n'ai enfreint", "Roman Prymula"),
    ("« La décision sera prise demain », a notamment déclaré le directeur de l'école Robert Boulos.",
     "La décision sera", "Robert Boulos"),
])
def test_french_cues(text: str, start: str, speaker: str) -> None:
    assert _speaker_of(text, start, "fr") == speaker


def test_french_inverted_pronoun_and_incise() -> None:
    text = ("La ministre de la Culture, Rachida Dati, était à Cannes jeudi.\n\n"
            "« Le cinéma français se porte bien, a-t-elle ajouté. Les salles sont pleines. »")
    quote = _direct(text, "fr")[0]
    assert quote.speaker == "Rachida Dati"
    assert "a-t-elle ajouté" not in quote.text


def test_french_incise_naming_its_speaker() -> None:
    # « Q1, raconte X, apposition. Q2 »: the guillemets stay open across the interruption
    text = ("Des lycéens manifestaient jeudi.\n\n"
            "« La manifestation avait dégénéré, raconte Clara, élève au lycée Fénelon, où les cours ont été "
            "annulés. Il y a eu des casseurs. »\n\n"
            "« C'est une loi pour les patrons, renchérit le procureur Vincent Edel. Ça va être difficile. »\n\n"
            "« Il faut, dit que tout va bien. Ensuite on verra. »")
    quotes = _direct(text, "fr")
    assert [q.speaker for q in quotes[:2]] == ["Clara", "Vincent Edel"]
    assert "dit que tout va bien" in quotes[2].text  # a verb with no subject after it is no incise
    assert "raconte" not in quotes[0].text and "élève" not in quotes[0].text
    assert "casseurs" in quotes[0].text and "difficile" in quotes[1].text


@pytest.mark.parametrize(("text", "lang", "speaker"), [
    ("Le procès a eu lieu.\n\n« Errare humanum est, perseverare diabolicum » (l'erreur est humaine, mais "
     "persévérer est le fait du diable), lance le procureur Vincent Edel.", "fr", "Vincent Edel"),
    ("The hearing opened on Monday.\n\n\"We will not back down on this\" (emphasis added), Jane Smith said.",
     "en", "Jane Smith"),
])
def test_gloss_between_quote_and_cue(text: str, lang: str, speaker: str) -> None:
    assert [q.speaker for q in _direct(text, lang)] == [speaker]


def test_noun_after_a_possessive_is_no_attribution() -> None:
    # "Calderon’s remarks" names his words, it does not report them: the next "he" is the subject, Trump
    text = ("Felipe Calderon spoke in Mexico City. Donald Trump was in New Hampshire.\n\n"
            "Trump has not yet responded to Calderon’s remarks, although he kept up his rhetoric on Twitter.\n\n"
            "“The drug epidemic must stop, and it will stop when I am elected,” he tweeted Saturday.")
    assert [q.speaker for q in _direct(text, "en")] == ["Donald Trump"]


_PRIOR = "“We have to win this,” said Justin Trudeau, the prime minister.\n\n"


@pytest.mark.parametrize(("sentence", "pronoun", "speaker"), [
    # "X's been" is "X has been": X is the subject
    ("Chris Christie came late. Christie’s been making the case for weeks that Rubio is not ready.", "he",
     "Chris Christie"),
    # a name in apposition to an object is not the subject
    ("Andrew Hale took his 3-year-old daughter, Chloe, there on Sunday to explain who Ali was.", "he",
     "Andrew Hale"),
    # ... but a name in apposition to the subject is
    ("Hillary Clinton's husband, Bill, hurled the kitchen sink at Sanders in a speech Sunday.", "he", "Bill"),
    ("Bernie Sanders stayed home. But his wife, Jane Sanders, offered a preview of his thinking.", "she",
     "Jane Sanders"),
])
def test_pronoun_goes_to_the_sentence_subject(sentence: str, pronoun: str, speaker: str) -> None:
    text = _PRIOR + sentence + f"\n\n“It is all going to be fine in the end, believe me,” {pronoun} said."
    assert _direct(text, "en")[-1].speaker == speaker


def test_french_organisation_named_by_its_complement() -> None:
    # an adjective after the noun, then "de la Défense": the ministry speaks, not "Défense" nor "Russie"
    text = ("La Russie dit avoir abattu 33 drones.\n\n« Les systèmes de défense aérienne ont détruit 33 drones », "
            "rapporte le ministère russe de la Défense dans un communiqué publié sur Telegram.")
    assert [q.speaker for q in _direct(text, "fr")] == ["Ministère russe de la Défense"]


def test_french_guillemets_with_nested_quotes_are_one_quote() -> None:
    text = "« Il m'a dit “je reviendrai demain” et il n'est jamais revenu », raconte Paul Martin."
    quotes = _direct(text, "fr")
    assert len(quotes) == 1 and quotes[0].speaker == "Paul Martin"
    assert "je reviendrai demain" in quotes[0].text


def test_french_epigraph_source_line() -> None:
    text = ("Chroniques\n\n« Je rêve aussi d'une émission quotidienne de reportage, mais c'est très cher » "
            "Laurence Bloch, directrice de France Inter, Télérama, 27 juin 2019\n\nLa suite du texte.")
    assert _speaker_of(text, "Je rêve aussi", "fr") == "Laurence Bloch"


def test_french_colon_after_a_subject_with_a_long_predicate() -> None:
    text = ("Cyril Hanouna dévoile d'ailleurs le qualificatif qu'il a trouvé pour eux :\n\n"
            "« Tous les journalistes ne sont pas mauvais, mais il y en a beaucoup. »")
    assert _speaker_of(text, "Tous les journalistes", "fr") == "Cyril Hanouna"


def test_french_description_with_a_different_role_is_not_the_last_speaker() -> None:
    text = ("« Je ne connaissais pas ce texte », affirme l'imam Yassin E., père de quatre enfants.\n\n"
            "« On comprend mal comment vous avez pu le publier », s'étonne le magistrat.")
    assert _speaker_of(text, "Je ne connaissais", "fr") == "Yassin E"
    assert _speaker_of(text, "On comprend mal", "fr") is None
