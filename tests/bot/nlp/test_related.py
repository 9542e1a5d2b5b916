import random
from array import array
from datetime import UTC, datetime, timedelta

import pytest

from bot.nlp import related as rel


def test_keywords_boost_title_and_fold_accents():
    kws = dict(rel.extract_keywords("Élection à Paris", "Le vote a lieu dimanche. Le vote est serré.", "fr"))
    assert "election" in kws and "paris" in kws
    assert kws["vote"] > kws["serre"]
    assert "le" not in kws  # stop word
    assert list(kws.values()) == sorted(kws.values(), reverse=True)


def test_keywords_are_capped():
    text = " ".join(f"word{i}x" for i in range(500))
    assert len(rel.extract_keywords("", text, "en")) == rel.MAX_KEYWORDS


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Prime Minister Tony Blair met Jacques Chirac in Paris.", ["tony blair", "jacques chirac", "paris"], []),
        ("Shares rose sharply. Analysts were surprised.", [], ["shares", "analysts"]),
        ("The Bank of England held rates. The Bank of England said so.", ["bank of england"], ["the bank"]),
        ("On Monday, François Hollande spoke.", ["francois hollande"], ["monday"]),
        ("Blair's speech was long. Later Blair left.", ["blair"], ["blair's"]),
    ],
)
def test_extract_entities(text, present, absent):
    ents = rel.extract_entities("", text)
    for key in present:
        assert key in ents
    for key in absent:
        assert key not in ents


def test_entities_sentence_initial_word_counts_when_capitalised_elsewhere():
    ents = rel.extract_entities("", "Microsoft released a patch. Analysts said Microsoft had waited.")
    assert "microsoft" in ents


def test_article_vector_is_unit_and_idf_weighted():
    vec = rel.article_vector({"a": 1.0, "b": 1.0}, {"a": 3.0, "b": 1.0})
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-9
    assert vec["a"] > vec["b"]


def test_idf_decreases_with_df_and_stays_positive():
    assert rel.idf(1, 1000) > rel.idf(10, 1000) > rel.idf(1000, 1000) > 0


def test_index_features_skip_one_off_rarities():
    raw = {"common": 3.0, "rare": 1.0}
    idfs = {"common": 2.0, "rare": 50.0}
    assert rel.index_features(raw, idfs, size=1) == ["common"]


def test_pack_roundtrip():
    vec = {3: 0.5, 70000: 0.25, 9: 1.0}
    back = rel.unpack_vector(rel.pack_vector(vec))
    assert set(back) == set(vec)
    assert all(abs(back[k] - vec[k]) < 1e-4 for k in vec)


def _unpack_with_python(data: bytes) -> dict[int, float]:
    """``unpack_vector`` as it was written before numpy: Python's arrays and int / int."""
    n = len(data) // 6
    ids, weights = array("i"), array("H")
    ids.frombytes(data[: 4 * n])
    weights.frombytes(data[4 * n : 6 * n])
    return {i: w / 65535 for i, w in zip(ids, weights, strict=True)}


def test_unpack_vector_gives_the_same_floats_as_python_division():
    rng = random.Random(3)
    for size in (0, 1, 7, 180, 600):
        packed = rel.pack_vector({rng.randrange(2**31): rng.random() for _ in range(size)})
        fast, slow = rel.unpack_vector(packed), _unpack_with_python(packed)
        assert list(fast.items()) == list(slow.items())  # same ids, same order, bit-equal weights
        assert all(type(k) is int and type(w) is float for k, w in fast.items())


def test_dot_adds_the_same_products_in_the_same_order_as_a_loop():
    rng = random.Random(5)
    for _ in range(200):
        ids = rng.sample(range(400), 250)
        a = rel.unpack_vector(rel.pack_vector({i: rng.random() for i in ids[: rng.randrange(1, 200)]}))
        b = rel.unpack_vector(rel.pack_vector({i: rng.random() for i in ids[rng.randrange(0, 200) :]}))
        small, large = (b, a) if len(a) > len(b) else (a, b)
        total = 0.0
        for feat, w in small.items():
            total += w * large.get(feat, 0.0)
        assert rel.dot(a, b) == total  # bit-equal: the sum's order is the smaller vector's


def test_dot_is_symmetric():
    a, b = {1: 0.6, 2: 0.8}, {2: 0.5, 3: 0.5}
    assert rel.dot(a, b) == rel.dot(b, a) == pytest.approx(0.4)


def test_recency_factor_halves_decay_each_half_life():
    t = datetime(2025, 1, 1, tzinfo=UTC)
    assert rel.recency_factor(t, t, 24) == 1.0
    one = rel.recency_factor(t, t + timedelta(hours=24), 24)
    assert one == pytest.approx(rel.RECENCY_FLOOR + (1 - rel.RECENCY_FLOOR) / 2)
    assert rel.recency_factor(t, t - timedelta(days=365), 24) == pytest.approx(rel.RECENCY_FLOOR, abs=1e-6)
    assert rel.recency_factor(t, t - timedelta(days=1), 0) == 1.0


def test_diversify_penalises_repeated_source():
    items = [("a1", 1.0, "A"), ("a2", 0.95, "A"), ("b1", 0.9, "B")]
    assert [k for k, _ in rel.diversify(items, 2)] == ["a1", "b1"]
    assert [k for k, _ in rel.diversify(items, 5)] == ["a1", "b1", "a2"]


def test_term_weight_is_sublinear_in_the_count():
    assert rel.sublinear_tf(1) == 1.0
    assert rel.sublinear_tf(1) < rel.sublinear_tf(2) < rel.sublinear_tf(20) < 20 / 4  # grows, slower than the count
    kws = dict(rel.extract_keywords("", "rain " * 8 + "wind " * 2 + "sun", "en"))
    assert kws["rain"] == pytest.approx(rel.sublinear_tf(8))
    assert kws["wind"] == pytest.approx(rel.sublinear_tf(2)) and kws["sun"] == 1.0


def test_dot_packed_matches_dot_on_unpacked_vector():
    a = rel.article_vector({1: 1.0, 2: 2.0, 3: 0.5}, {})
    b = rel.article_vector({2: 1.0, 3: 1.0, 9: 1.0}, {})
    packed = rel.pack_vector(b)
    assert rel.dot_packed(a, packed) == pytest.approx(rel.dot(a, rel.unpack_vector(packed)))
    assert rel.dot_packed(a, rel.pack_vector({7: 1.0})) == 0.0
