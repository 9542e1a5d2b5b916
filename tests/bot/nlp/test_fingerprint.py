import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import fingerprint as fp

BASE = (
    "The central bank raised its main interest rate by a quarter of a point on Thursday, citing "
    "stubborn inflation in services and a labour market that has stayed tight for longer than "
    "officials had expected. The governor said further increases could not be ruled out, although "
    "the committee was split, with two members voting to hold rates. Markets had priced in the move, "
    "and the currency barely changed after the announcement. Mortgage lenders are expected to pass "
    "the increase on to borrowers within days, adding pressure on households already squeezed by "
    "higher energy and food bills."
)
FOLLOW_UP = (
    "Mortgage lenders began passing on the rise on Monday. "
    "The governor said further increases could not be ruled out, although the committee was split, "
    "with two members voting to hold rates. Several building societies said they would raise their "
    "standard variable rates from next month, and brokers reported a rush of borrowers trying to lock "
    "in fixed deals before prices move again. Consumer groups warned that first-time buyers would be "
    "hit hardest, since deposits have not kept pace with house prices."
)
UNRELATED = (
    "The striker scored twice in the second half as the visitors came from behind to win the derby, "
    "leaving the home side four points adrift at the bottom of the table with eight games to play."
)


def test_content_hash_ignores_case_whitespace_and_accents():
    assert fp.content_hash("Élysée  Palace\nsaid") == fp.content_hash("elysee palace said")
    assert fp.content_hash("a b") != fp.content_hash("a c")


def test_minhash_is_deterministic_and_sized():
    sig = fp.minhash(BASE)
    assert sig == fp.minhash(BASE)
    assert len(sig) == fp.MINHASH_SIZE
    assert fp.minhash("") == ()
    assert len(fp.band_keys(sig)) == fp.LSH_BANDS
    assert fp.band_keys(()) == []


def test_minhash_estimates_jaccard():
    edited = BASE.replace("Thursday", "Wednesday").replace("two members", "three members")
    assert fp.estimate_jaccard(fp.minhash(BASE), fp.minhash(edited)) > 0.6
    assert fp.estimate_jaccard(fp.minhash(BASE), fp.minhash(UNRELATED)) < 0.1


def test_near_duplicate_shares_a_band():
    edited = BASE.replace("Thursday", "Wednesday") + " Reporting by a wire agency."
    assert set(fp.band_keys(fp.minhash(BASE))) & set(fp.band_keys(fp.minhash(edited)))


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (BASE, BASE.replace("Thursday", "Wednesday"), "duplicate"),
        (BASE, BASE.upper(), "duplicate"),
        (BASE, BASE + " " + UNRELATED + " " + UNRELATED.replace("striker", "winger"), "duplicate"),  # contained
        (BASE, BASE[: len(BASE) // 2], "duplicate"),  # cut by a re-publisher
        (BASE, FOLLOW_UP, "follow_up"),
        (BASE, UNRELATED, None),
    ],
)
def test_classify_pairs(a, b, kind):
    assert fp.classify(fp.shingle_hashes(a), fp.shingle_hashes(b)) == kind


def test_helpers_distinguish_duplicate_from_follow_up():
    assert fp.is_duplicate(BASE, BASE.replace("quarter", "half"))
    assert not fp.is_duplicate(BASE, FOLLOW_UP)
    assert fp.is_follow_up(BASE, FOLLOW_UP)
    assert not fp.is_follow_up(BASE, UNRELATED)


def test_overlap_of_empty_sets():
    assert fp.overlap(set(), {1}) == fp.Overlap(0, 0.0, 0.0)


def test_sketch_keeps_the_same_sample_of_shared_shingles():
    a, b = fp.shingle_hashes(BASE), fp.shingle_hashes(BASE.replace("Thursday", "Wednesday"))
    sa, sb = fp.sketch(a), fp.sketch(b)
    assert sa == sorted(sa) and all(0 <= v < 2**32 for v in sa)
    assert set(sa) & set(sb)  # the sampled shingles they share are the same ones
    assert fp.estimate_shared(sa, set(sb)) <= fp.SKETCH_RATE * len(sa)


def test_estimated_shared_shingles_separate_follow_up_from_unrelated():
    base = fp.sketch(fp.shingle_hashes(BASE))
    assert fp.estimate_shared(fp.sketch(fp.shingle_hashes(UNRELATED)), set(base)) == 0
    assert fp.estimate_shared(base, set(base)) == fp.SKETCH_RATE * len(base)


def _fold_reference(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "Élysée Palace, Straße, cœur, ﬁnance",
        "İstanbul ΣΊΣΥΦΟΣ ς and ½ of Ⅻ",
        "e\u0301\u0327 a\u0327\u0301 stacked combining marks",
        "Le président a déclaré « c’est une décision forte »",
    ],
)
def test_fold_text_matches_whole_text_normalisation(text):
    assert fp.fold_text(text) == _fold_reference(text)


def test_analysis_shares_its_shingles_with_minhash():
    from bot.nlp.analyze import ArticleInput, analyze

    result = analyze(ArticleInput(title="Rates rise", text=BASE, lang="en"))
    assert result.shingles == fp.shingle_hashes(BASE)
    assert result.minhash == fp.minhash(BASE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aé Z\t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u2028\u202f\u3000.ß")), max_size=80))
def test_content_hash_is_stable_across_whitespace_handling(text: str) -> None:
    # Stored hashes must not change on upgrade: the key is the folded text with \s+ runs made one space.
    expected = hashlib.sha1(re.sub(r"\s+", " ", fp.fold_text(text)).strip().encode("utf-8")).hexdigest()
    assert fp.content_hash(text) == expected
