"""Quote extraction and attribution: seed article, French cue patterns, quote shapes, robustness."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.quotes import extract_quotes
from bot.nlp.types import ExtractedQuote

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
FIXTURES = ROOT / "tests" / "fixtures"
DOVGALENKO_ROLE = "head of the Russian Foreign Ministry’s Africa Partnership Department"


def _full(quotes: list[ExtractedQuote]) -> list[ExtractedQuote]:
    return [q for q in quotes if not q.partial]


def _by_text(quotes: list[ExtractedQuote], start: str) -> ExtractedQuote:
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


# -- the seed article ------------------------------------------------------------------------------

def test_seed_article_quotes_exactly() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = [(q.kind, q.text, q.speaker, q.role, q.cue) for q in extract_quotes(text)]
    assert got == [
        ("direct", "We are here to explore how to define partnership relations… Starting with peace and "
         "security to establish the sovereignty of our space and considering geopolitical and development "
         "issues,", "Abdoulaye Diop", "Malian Foreign Minister", "said"),
        ("indirect", "Russia is prepared to assist the alliance in counterterrorism efforts, strengthen "
         "national armed forces, and promote socio-economic development", "Tatiana Dovgalenko",
         DOVGALENKO_ROLE, "stated that"),
        ("indirect", "Russia recognises the efforts of the AES countries in their fight against terrorism "
         "and commits to supporting them in this endeavour", "Tatiana Dovgalenko", DOVGALENKO_ROLE,
         "stated in a prior address that"),
        ("direct", "We are also focused on aiding their efforts in building robust national armed forces "
         "and fostering sustainable socio-economic growth.", "Tatiana Dovgalenko", DOVGALENKO_ROLE, None),
    ]


def test_seed_offsets_point_at_the_quoted_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    for quote in extract_quotes(text):
        assert " ".join(text[s:e] for s, e in quote.spans) == quote.text
        assert (quote.start, quote.end) == (quote.spans[0][0], quote.spans[-1][1])
        assert quote.speaker_start is not None or quote.cue is None
    diop = extract_quotes(text)[0]
    assert diop.speaker_start is not None and diop.speaker_end is not None
    assert text[diop.speaker_start:diop.speaker_end] == "Diop"


# -- French, one cue pattern per row ---------------------------------------------------------------

SOMMET = [
    # (quote start, speaker, role, cue, kind)
    ("Nous devons terminer", "Jean-Marc Kouassi", "ministre béninois des Transports", "a déclaré", "direct"),
    ("Le financement est bouclé", "Jean-Marc Kouassi", "ministre béninois des Transports", "a-t-il ajouté",
     "direct"),
    ("les premiers tronçons", "Aminata Traoré", "directrice de l’Agence régionale des routes", "selon", "direct"),
    ("les entreprises locales", "Aminata Traoré", "directrice de l’Agence régionale des routes", "a indiqué que",
     "indirect"),
    ("Aucun retard", "Aminata Traoré", "directrice de l’Agence régionale des routes", ":", "direct"),
    ("le projet avait pris", "Aminata Traoré", "directrice de l’Agence régionale des routes", "a reconnu que",
     "indirect"),
    ("Les camions attendent", "Aminata Traoré", "directrice de l’Agence régionale des routes", "a-t-elle expliqué",
     "direct"),
]


@pytest.mark.parametrize(("start", "speaker", "role", "cue", "kind"), SOMMET)
def test_french_cue_patterns(start: str, speaker: str, role: str, cue: str, kind: str) -> None:
    quotes = extract_quotes((FIXTURES / "quotes_fr_sommet.txt").read_text(encoding="utf-8"), "fr")
    quote = _by_text(quotes, start)
    assert (quote.speaker, quote.role, quote.cue, quote.kind, quote.partial) == (speaker, role, cue, kind, False)


def test_french_incise_inside_guillemets_splits_the_spans() -> None:
    text = (FIXTURES / "quotes_fr_sommet.txt").read_text(encoding="utf-8")
    quote = _by_text(extract_quotes(text, "fr"), "Les camions")
    assert len(quote.spans) == 2
    assert "a-t-elle" not in quote.text
    assert quote.text.endswith("Ce n’est plus acceptable.")


def test_french_multi_paragraph_quote_and_dapres() -> None:
    text = (FIXTURES / "quotes_fr_sante.txt").read_text(encoding="utf-8")
    quotes = _full(extract_quotes(text, "fr"))
    first = quotes[0]
    assert len(first.spans) == 3
    assert first.text.startswith("Nous allons recruter") and first.text.endswith("ne fermera cet été")
    assert (first.speaker, first.role, first.cue) == ("Claire Dubreuil", "ministre de la Santé", "a affirmé")
    lemaire = _by_text(quotes, "le compte")
    assert (lemaire.speaker, lemaire.cue) == ("Paul Lemaire", "d’après")
    assert lemaire.role == "président de la Fédération hospitalière"


def test_french_short_titles_and_single_guillemets_are_partial() -> None:
    sommet = extract_quotes((FIXTURES / "quotes_fr_sommet.txt").read_text(encoding="utf-8"), "fr")
    sante = extract_quotes((FIXTURES / "quotes_fr_sante.txt").read_text(encoding="utf-8"), "fr")
    partial = {q.text for q in sommet + sante if q.partial}
    assert partial == {"loi corridor", "floues"}


# -- English shapes ----------------------------------------------------------------------------------

MARKS = [
    ('"We will win," Smith said.', "We will win,"),
    ("“We will win,” Smith said.", "We will win,"),
    ("‘We won’t lose the dogs’ bowls,’ Smith said.", "We won’t lose the dogs’ bowls,"),
    ("« Nous gagnerons », a dit Smith.", "Nous gagnerons"),
    ("«Nous gagnerons», a dit Smith.", "Nous gagnerons"),
    ("‹ Nous gagnerons ›, a dit Smith.", "Nous gagnerons"),
]


@pytest.mark.parametrize(("sentence", "quoted"), MARKS)
def test_quote_marks(sentence: str, quoted: str) -> None:
    text = "John Smith spoke to reporters.\n" + sentence
    quotes = _full(extract_quotes(text, "fr" if "«" in sentence or "‹" in sentence else "en"))
    assert [(q.text, q.speaker) for q in quotes] == [(quoted, "John Smith")]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "It’s the people’s choice and the voters’ day, Smith’s aide said, and we’re ready."
    assert extract_quotes(text) == [] or all(q.kind == "indirect" for q in extract_quotes(text))


def test_interrupted_quote_is_one_quote() -> None:
    text = "Mayor Ana Ruiz opened the bridge.\n“We are here,” Ruiz said, “to stay for good.”"
    [quote] = _full(extract_quotes(text))
    assert quote.text == "We are here, to stay for good."
    assert len(quote.spans) == 2
    assert (quote.speaker, quote.role, quote.cue) == ("Ana Ruiz", "Mayor", "said")


def test_multi_paragraph_english_quote() -> None:
    text = ("Senator Tom Hale spoke for an hour. He said:\n"
            "“The budget is late.\n“The schools are waiting.\n“We will vote on Friday.”\nThe session ended.")
    [quote] = _full(extract_quotes(text))
    assert len(quote.spans) == 3
    assert quote.text == "The budget is late. The schools are waiting. We will vote on Friday."
    assert quote.speaker == "Tom Hale"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("The senator called the plan “tight” and moved on.", "tight"),
        ("Critics dubbed him “the Bulldozer” for years.", "the Bulldozer"),
        ("The law, known as “Clean Air Now”, passed on Tuesday.", "Clean Air Now"),
    ],
)
def test_scare_quotes_and_titles_are_partial(text: str, fragment: str) -> None:
    [quote] = extract_quotes(text)
    assert (quote.text, quote.partial, quote.speaker) == (fragment, True, None)


def test_pronouns_follow_gender_and_recency() -> None:
    text = ("Maria Lopez, the city treasurer, met Governor David Brown on Monday.\n"
            "“The deficit is real,” she said.\n"
            "“We will fix it,” he said.\n"
            "“Taxes stay the same,” the governor added.")
    got = [(q.text, q.speaker) for q in _full(extract_quotes(text))]
    assert got == [("The deficit is real,", "Maria Lopez"), ("We will fix it,", "David Brown"),
                   ("Taxes stay the same,", "David Brown")]


def test_unsupported_attribution_stays_unknown() -> None:
    text = "The rain stopped at noon.\n\n“Nobody saw it coming.”"
    [quote] = extract_quotes(text)
    assert quote.speaker is None and quote.partial is False


def test_anonymous_source_is_not_a_name() -> None:
    text = "The Interior Ministry confirmed the arrests.\n“Five people were detained,” a source said."
    [quote] = extract_quotes(text)
    assert quote.speaker is None and quote.role == "source"


def test_organisation_speaks() -> None:
    text = ("The Russian Foreign Ministry summoned the ambassador.\n"
            "“This provocation will not go unanswered,” the ministry said.")
    [quote] = extract_quotes(text)
    assert quote.speaker == "Russian Foreign Ministry"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“Prices will fall,” said Anna Berg, head of the central bank.", "Anna Berg", "said"),
        ("Anna Berg told reporters: “Prices will fall.”", "Anna Berg", "told reporters"),
        ("According to Anna Berg, “prices will fall soon.”", "Anna Berg", "according to"),
        ("“Prices will fall.” ― Anna Berg", "Anna Berg", "―"),
        ("Dr. Anna Berg said, “Prices will fall.”", "Anna Berg", "said"),
    ],
)
def test_english_cue_patterns(text: str, speaker: str, cue: str) -> None:
    [quote] = _full(extract_quotes(text))
    assert (quote.speaker, quote.cue) == (speaker, cue)


# -- robustness ----------------------------------------------------------------------------------------

MEGABYTE = 1_000_000
ADVERSARIAL = {
    "straight quotes": '"' * MEGABYTE,
    "curly pairs": "“”" * (MEGABYTE // 2),
    "dots": "." * MEGABYTE,
    "spaces": " " * MEGABYTE,
    "unclosed guillemet": "« " + "mot " * (MEGABYTE // 4),
    "many unclosed": "« a " * (MEGABYTE // 4),
    "quote said": '"x," said ' * (MEGABYTE // 10),
    "titled capitals": "Mr. A B C D said " * (MEGABYTE // 17),
    "paragraph openers": '"a\n' * (MEGABYTE // 3),
    "apostrophes": "l’a’b’c " * (MEGABYTE // 8),
    "sentence subjects": "Wines believes it. " * (MEGABYTE // 19),
    "distinct names": " ".join(f"Xa{i} Yb{i} said." for i in range(MEGABYTE // 20)),
    "transcript labels": '"WALLACE: hi\n' * (MEGABYTE // 13),
    "continued quotes": "“A,” he said. “B.” " * (MEGABYTE // 19),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_megabyte_is_fast(name: str) -> None:
    started = time.process_time()
    extract_quotes(ADVERSARIAL[name])
    assert time.process_time() - started < 5.0


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.,:;!?\n\"“”‘’'«»‹› -—―said he She Mr")), max_size=300))
def test_no_exception_and_consistent_offsets(text: str) -> None:
    for quote in extract_quotes(text):
        assert 0 <= quote.start <= quote.end <= len(text)
        assert quote.text == " ".join(text[s:e] for s, e in quote.spans)
        assert quote.kind in ("direct", "indirect")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_no_exception_on_any_unicode(text: str) -> None:
    extract_quotes(text, "fr")
    extract_quotes(text, "en")
