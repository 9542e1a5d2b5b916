"""Extractive summaries: the seed article, French articles, budgets, order, offsets and junk."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp.summarise import BUDGETS, rank_sentences, summarise, summarise_all, summarise_ranked, summary_text
from bot.nlp.types import SUMMARY_LENGTHS, SummarySentence

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
FIXTURES = ROOT / "tests" / "fixtures"
# summary_must_mention of the seed sample (shared/samples/aes-moscow-summit.expected.json).
SEED_MUST_MENTION = ("Moscow", "Mali", "Burkina Faso", "Niger", "Russia")


def _load(path: Path) -> tuple[str, str, list[str]]:
    """Title (first line), body, and the trailing teaser lines (ending in '…')."""
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    lines = body.rstrip("\n").split("\n")
    teasers: list[str] = []
    while lines and lines[-1].rstrip().endswith("…"):
        teasers.insert(0, lines.pop())
    return title, body, teasers


def _words(sentences: list[SummarySentence]) -> int:
    return sum(len(s.text.split()) for s in sentences)


@pytest.fixture(scope="module")
def seed() -> tuple[str, str, list[str]]:
    return _load(SEED)


def test_seed_short_names_the_ministers_moscow_visit(seed: tuple[str, str, list[str]]) -> None:
    title, body, teasers = seed
    text = summary_text(summarise(title, body, "en", "short", teasers))
    assert "foreign ministers" in text and "Moscow" in text and "visit" in text
    # One sentence of at most 40 words cannot hold all of them; it holds every country and the city.
    for word in ("Moscow", "Mali", "Burkina Faso", "Niger"):
        assert word in text


def test_seed_standard_names_the_visit_and_its_purpose(seed: tuple[str, str, list[str]]) -> None:
    title, body, teasers = seed
    text = summary_text(summarise(title, body, "en", "standard", teasers))
    assert "convened in Moscow" in text
    assert "objective" in text and "cooperation with Russia" in text
    for word in SEED_MUST_MENTION:
        assert word in text


@pytest.mark.parametrize("with_teasers", [True, False], ids=["teasers-given", "teasers-detected"])
@pytest.mark.parametrize("length", SUMMARY_LENGTHS)
def test_teaser_headlines_are_never_included(
    seed: tuple[str, str, list[str]], length: str, with_teasers: bool
) -> None:
    title, body, teasers = seed
    sentences = summarise(title, body, "en", length, teasers if with_teasers else ())
    for s in sentences:
        assert "…" not in s.text[-2:]
        assert all(s.text not in t and t not in s.text for t in teasers)


def test_teasers_given_as_a_list_exclude_matching_sentences() -> None:
    body = (
        "The council approved the new budget for schools on Tuesday after a long debate.\n"
        "Teachers welcomed the decision and said the money would pay for new classrooms.\n"
        "Police arrest three men after a robbery at the central bank in Yaounde.\n"
    )
    teaser = "Police arrest three men after a robbery at the central bank in Yaounde."
    texts = [s.text for s in summarise("Council approves school budget", body, "en", "long", [teaser])]
    assert teaser not in texts
    assert texts


FRENCH = [
    ("summary_fr_greve.txt", ("SNCF", "grève"), ("Par Claire Martin", "Photo :", "Lire aussi", "PARIS (AFP)")),
    ("summary_fr_petrole.txt", ("Sénégal", "pétrole", "Sangomar"), ("Publié le",)),
]


@pytest.mark.parametrize(("name", "must", "never"), FRENCH, ids=[f[0] for f in FRENCH])
@pytest.mark.parametrize("length", ["short", "standard"])
def test_french_articles(name: str, must: tuple[str, ...], never: tuple[str, ...], length: str) -> None:
    title, body, teasers = _load(FIXTURES / name)
    text = summary_text(summarise(title, body, "fr", length, teasers))
    for word in must:
        assert word in text
    for junk in never:
        assert junk not in text


def test_french_pronoun_opener_is_only_taken_after_its_antecedent() -> None:
    title, body, teasers = _load(FIXTURES / "summary_fr_petrole.txt")
    for length in SUMMARY_LENGTHS:
        sentences = summarise(title, body, "fr", length, teasers)
        for i, s in enumerate(sentences):
            if s.text.startswith(("Il ", "Ils ", "Elles ", "Cependant")):
                assert i > 0
                gap = body[sentences[i - 1].end : s.start]
                assert not gap.strip(), "a dependent sentence must follow the sentence it leans on"


def test_a_dependent_sentence_is_not_taken_alone_even_when_most_central() -> None:
    # The last sentence shares the most with the others (it scores highest) but leans on "he".
    body = (
        "The weather was mild across the region on Monday morning.\n"
        "Officials announced a reform of the national rail network.\n"
        "Rail unions condemned the rail reform and called a national rail strike.\n"
        "But he said the rail reform and the rail strike would not change the national rail network.\n"
    )
    texts = [s.text for s in summarise("Rail reform and rail strike", body, "en", "short")]
    assert texts == ["Rail unions condemned the rail reform and called a national rail strike."]


def test_a_dependent_sentence_follows_its_antecedent(seed: tuple[str, str, list[str]]) -> None:
    title, body, teasers = seed
    texts = [s.text for s in summarise(title, body, "en", "standard", teasers)]
    assert texts[0].startswith("The foreign ministers")
    assert texts[1].startswith("This signals")


@pytest.mark.parametrize("path", [SEED, FIXTURES / "summary_fr_greve.txt", FIXTURES / "summary_fr_petrole.txt"])
@pytest.mark.parametrize("length", SUMMARY_LENGTHS)
def test_budget_order_and_offsets(path: Path, length: str) -> None:
    title, body, teasers = _load(path)
    sentences = summarise(title, body, "en", length, teasers)
    budget, max_sentences = BUDGETS[length]
    assert 1 <= len(sentences) <= max_sentences
    assert _words(sentences) <= budget
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    for s in sentences:
        assert body[s.start : s.end] == s.text
        assert s.text[-1] in ".!?»”\""  # whole sentences, never cut


def test_ranked_and_article_order_hold_the_same_sentences(seed: tuple[str, str, list[str]]) -> None:
    title, body, teasers = seed
    ranked = summarise_ranked(title, body, "en", "standard", teasers)
    ordered = summarise(title, body, "en", "standard", teasers)
    assert sorted(ranked, key=lambda s: s.start) == ordered
    full = rank_sentences(title, body, "en", "standard", teasers)
    assert full[: len(ranked)] == ranked
    assert len(full) > len(ranked)
    assert len({s.start for s in full}) == len(full)


@pytest.mark.parametrize("path", [SEED, FIXTURES / "summary_fr_greve.txt", FIXTURES / "summary_fr_petrole.txt"])
def test_summarise_all_matches_one_length_at_a_time(path: Path) -> None:
    title, body, teasers = _load(path)
    together = summarise_all(title, body, "en", teasers)
    assert set(together) == set(BUDGETS)
    for length in BUDGETS:
        assert together[length] == summarise(title, body, "en", length, teasers)


def test_summarise_all_on_empty_text_gives_empty_summaries() -> None:
    assert summarise_all("Title", "") == {length: [] for length in BUDGETS}


def test_long_lead_falls_back_to_the_best_sentence_that_fits() -> None:
    lead = "The " + " ".join(["committee"] * 45) + " met."
    body = f"{lead}\nThe committee approved the plan for the new bridge on Friday evening.\n"
    sentences = summarise("Committee approves bridge", body, "en", "short")
    assert [s.text for s in sentences] == ["The committee approved the plan for the new bridge on Friday evening."]


def test_only_an_overlong_sentence_gives_the_lead_sentence_whole() -> None:
    # Documented last resort: never cut mid-sentence, even if the only sentence is over budget.
    lead = "The " + " ".join(["committee"] * 45) + " met."
    sentences = summarise("Committee", lead, "en", "short")
    assert [s.text for s in sentences] == [lead]


def test_unknown_length_is_rejected() -> None:
    with pytest.raises(ValueError):
        summarise("t", "Some text here that is long enough.", "en", "medium")


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "…", "No stop here"])
def test_degenerate_input(text: str) -> None:
    assert isinstance(summarise("Title", text), list)


ADVERSARIAL = {
    "dots": "." * 1_000_000,
    "quotes": '" “ « ' * 200_000,
    "spaces": " " * 1_000_000,
    "many-sentences": "The cat sat on the mat. " * 40_000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_one_megabyte_of_adversarial_text_is_fast(text: str) -> None:
    started = time.process_time()
    summarise("The cat", text)
    assert time.process_time() - started < 3.0  # about 0.5 s on the dev machine


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60), st.sampled_from(SUMMARY_LENGTHS))
def test_summarise_never_fails_on_arbitrary_text(text: str, title: str, length: str) -> None:
    for s in summarise(title, text, "en", length):
        assert text[s.start : s.end] == s.text
