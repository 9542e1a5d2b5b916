"""The floor of related headlines (issue 20): what is shown, in which order, and why (bot.nlp.related)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from bot.nlp import related as rel


def evidence(article_id: int, score: float, specific: list[str], *, cosine: float | None = None,
             shingles: int = 0, hours: float = 1.0, back_rank: int = 0) -> rel.Evidence:
    return rel.Evidence(article_id, score, score if cosine is None else cosine, shingles, hours, specific, back_rank)


def test_numbers_survive_translation() -> None:
    english = rel.numbers_of("More than 9,000 cases and 7,842 deaths; $17.99 billion, 1.194 billion in 2015.")
    french = rel.numbers_of("Plus de 9 000 cas et 7 842 morts ; 17,99 milliards, 1,194 milliard en 2015.")
    assert set(english) == set(french) == {"#9000", "#7842", "#17.99", "#1194", "#2015"}


def test_small_numbers_identify_nothing() -> None:
    assert rel.numbers_of("2 people, 15 cars, 30 pct and 0.5 points") == []


def test_numbers_are_entities_of_the_article() -> None:
    assert "#7842" in rel.extract_entities("Ebola", "The outbreak has killed 7,842 people in Sierra Leone.")


def test_other_languages_function_words_are_not_key_terms() -> None:
    terms = [term for term, _ in rel.extract_keywords("Flixbus", "Die Bahn und wir sind nicht da, gibt es.", "de")]
    assert "bahn" in terms and not {"und", "wir", "sind", "nicht", "gibt"} & set(terms)


def test_french_function_words_are_not_key_terms() -> None:
    # In a mostly English archive they are rare, so IDF would take them for specific terms and
    # relate any two French articles ("bien", "toujours", "pourrait"; "qu'il" once elided).
    text = (
        "Il faut bien le dire : le port pourrait toujours fermer, lorsqu'il pleut, jusqu'à aujourd'hui. "
        "Pourtant, qu'il pleuve ou non, les dockers de Marseille seront là, malgré tout."
    )
    terms = {term for term, _ in rel.extract_keywords("Le port de Marseille", text, "fr")}
    assert {"port", "marseille", "dockers"} <= terms
    assert not {"bien", "toujours", "pourrait", "qu'il", "il", "jusqu'a", "aujourd'hui", "pourtant", "malgre"} & terms


def test_specific_is_relative_to_the_archive() -> None:
    assert rel.is_specific(30, 1_000_000) and rel.is_specific(3, 10)
    assert not rel.is_specific(50_000, 1_000_000) and not rel.is_specific(4, 10)


def test_specific_features_found_once_agree_with_the_per_candidate_check() -> None:
    """``shared_specific_of`` over ``specific_terms`` (once per query) = ``shared_specific`` per candidate."""
    import random

    rng = random.Random(4)
    n_docs = 2_000
    vocab = {i: ("" if i == 0 else f"term{i}", rng.choice([1, 3, 5, 40, 90, 400, n_docs])) for i in range(300)}
    query = {i: rng.random() for i in rng.sample(range(1, 320), 120)}  # ids 300..319: not in the vocabulary
    specific = rel.specific_terms(vocab, n_docs)
    assert specific and len(specific) < len(vocab) - 1  # the test has both kinds
    for _ in range(30):
        other = {i: rng.random() for i in rng.sample(range(320), 100)}
        expected = rel.shared_specific(query, other, vocab, n_docs)
        assert expected  # a non-trivial comparison
        assert rel.shared_specific_of(query, other, specific) == expected


def test_a_name_counts_once() -> None:
    names = rel.distinct_names(["swift", "taylor's", "@taylor swift", "@taylor", "grammy", "@#2015"])
    assert names == ["@taylor swift", "grammy", "@#2015"]


def _distinct_names_one_by_one(features: list[str]) -> list[str]:
    """``distinct_names`` as written before its keys were memoised (a regular expression per word per call)."""
    possessive = re.compile(r"['’]s$")
    entities = {
        f: frozenset(possessive.sub("", w) for w in f[1:].split())
        for f in features
        if f.startswith("@") and not f.startswith("@#")
    }
    entity_words = frozenset().union(*entities.values()) if entities else frozenset()
    multi = [words for words in entities.values() if len(words) > 1]
    out: list[str] = []
    seen: set[frozenset[str] | str] = set()
    for feature in features:
        words = entities.get(feature)
        if words is None:
            key: frozenset[str] | str = possessive.sub("", feature)
            if key in entity_words:
                continue
        else:
            key = words
            if any(words < other for other in multi):
                continue
        if key not in seen:
            seen.add(key)
            out.append(feature)
    return out


def test_distinct_names_with_memoised_keys_as_one_by_one() -> None:
    rng = random.Random(8)
    words = ["taylor", "taylor's", "swift", "swift’s", "grammy", "paris", "s", "'s", "jo", "jo's", ""]
    pool = [*words, *(f"@{a} {b}".strip() for a in words for b in words[:6]), *(f"@{w}" for w in words),
            "@#2015", "@#9000", "@", "@ ", "#2015"]
    dropped = 0
    for _ in range(5000):
        features = rng.choices(pool, k=rng.randint(0, 9))
        expected = _distinct_names_one_by_one(features)
        assert rel.distinct_names(features) == expected, features
        dropped += len(expected) < len(features)
    assert dropped > 2000  # names were merged, not only passed through


def test_reason_names_come_first_then_terms_then_numbers() -> None:
    assert rel.reason_names(["@#7842", "ebola", "@glasgow", "@sierra leone"]) == ["@glasgow", "@sierra leone", "ebola"]


def test_generic_overlap_alone_never_qualifies() -> None:
    # Two key terms in common, however strong the score: not enough to be "about the same thing".
    assert rel.judge([evidence(1, 0.4, ["economy", "inflation"])]) == []
    # Key terms only need one more than when a name is among them.
    assert rel.judge([evidence(2, 0.4, ["economy", "inflation", "rates"])]) == []
    assert [ev.article_id for ev, _, _ in rel.judge([evidence(3, 0.4, ["@mali", "junta", "wagner"])])] == [3]


def test_weak_scores_stay_below_the_floor() -> None:
    assert rel.judge([evidence(1, rel.SCORE_FLOOR / 2, ["@mali", "@wagner", "junta", "bamako"])]) == []


def test_also_about_needs_mutual_neighbours() -> None:
    # The query would not be kept in the candidate's own list: a one-sided match (a hub) is not shown.
    names = ["@mali", "@wagner", "junta", "bamako"]
    assert rel.judge([evidence(1, 0.4, names, back_rank=rel.MUTUAL_RANK)]) == []
    assert [ev.article_id for ev, _, _ in rel.judge([evidence(1, 0.4, names, back_rank=rel.MUTUAL_RANK - 1)])] == [1]
    # Beyond the best one, the article must be among the candidate's own first five.
    best = evidence(3, 0.4, names, back_rank=rel.MUTUAL_RANK - 1)
    near = evidence(4, 0.35, names, back_rank=rel.MUTUAL_RANK_MORE - 1)
    far = evidence(5, 0.35, names, back_rank=rel.MUTUAL_RANK_MORE)
    assert [ev.article_id for ev, _, _ in rel.judge([best, near, far])] == [3, 4]
    # Same story is shown whatever the other list holds.
    [(_, kind, _)] = rel.judge([evidence(2, 0.8, names, back_rank=rel.MUTUAL_RANK + 5)])
    assert kind == rel.SAME_STORY


def test_back_rank_given_as_a_function_is_found_only_when_judged_on() -> None:
    # ``related`` hands each candidate's place in its own list as a function (its list is parsed only
    # when asked): the same judgement as with the numbers, and only the "also about" candidates ask.
    names = ["@mali", "@wagner", "junta", "bamako"]
    cases = [  # (id, score, specific names, cosine, back rank)
        (1, 0.8, names, 0.8, rel.MUTUAL_RANK + 5), (2, 0.4, names, 0.4, rel.MUTUAL_RANK - 1),
        (3, 0.35, names, 0.35, rel.MUTUAL_RANK_MORE), (4, 0.36, names, 0.36, rel.MUTUAL_RANK_MORE - 1),
        (5, 0.4, names, 0.4, rel.MUTUAL_RANK), (6, rel.SCORE_FLOOR / 2, names, 0.1, 0), (7, 0.4, ["junta"], 0.4, 0),
    ]
    asked: list[int] = []

    def rank_of(article_id: int, rank: int) -> Callable[[], int]:
        def found() -> int:
            asked.append(article_id)
            return rank
        return found

    eager = rel.judge([rel.Evidence(i, s, c, 0, 1.0, n, r) for i, s, n, c, r in cases])
    lazy = rel.judge([rel.Evidence(i, s, c, 0, 1.0, n, rank_of(i, r)) for i, s, n, c, r in cases])
    assert [(ev.article_id, kind, found) for ev, kind, found in lazy] == [
        (ev.article_id, kind, found) for ev, kind, found in eager
    ]
    assert [ev.article_id for ev, _, _ in eager] == [1, 2]
    assert sorted(asked) == [2, 3, 4, 5]  # once each, never for the same story or those below the floor


def test_a_weak_match_is_not_shown_beside_strong_ones() -> None:
    strong = evidence(1, 0.4, ["@mali", "@wagner", "junta"])
    weak = evidence(2, 0.4 * rel.RELATIVE_FLOOR * 0.9, ["@mali", "@bamako", "junta"])
    close = evidence(3, 0.4 * rel.RELATIVE_FLOOR * 1.1, ["@mali", "@bamako", "junta"])
    assert [ev.article_id for ev, _, _ in rel.judge([strong, weak, close])] == [1, 3]


def test_same_story_and_follow_ups_come_first_with_their_reason() -> None:
    about = evidence(1, 0.45, ["@mali", "@wagner", "junta"])
    later = evidence(2, 0.6, ["@mali"], hours=rel.SAME_STORY_HOURS + 1)
    same = evidence(3, 0.55, ["@mali"])
    passages = evidence(4, 0.3, ["@mali", "@bamako", "junta"], shingles=40)
    judged = [(ev.article_id, kind) for ev, kind, _ in rel.judge([about, later, same, passages])]
    assert judged == [(2, rel.FOLLOW_UP), (3, rel.SAME_STORY), (4, rel.FOLLOW_UP), (1, rel.ALSO_ABOUT)]


def test_passages_in_common_make_a_follow_up_only_with_a_name_in_common() -> None:
    # Two roundups of a site's series share its notice ("we are rounding up our favorite posts"):
    # rare words and passages in common, no person, place or organisation: not a follow-up.
    notice = evidence(1, 0.3, ["roundup", "rounding", "posts", "favorite"], shingles=40)
    follow_up = evidence(2, 0.3, ["@airasia", "surabaya", "debris"], shingles=40)
    kinds = {ev.article_id: kind for ev, kind, _ in rel.judge([notice, follow_up])}
    assert kinds == {1: rel.ALSO_ABOUT, 2: rel.FOLLOW_UP}
    # As "also about" it meets that floor like any other: beside a strong neighbour it is not shown.
    strong = evidence(3, 0.9, [f"@n{i}" for i in range(rel.SAME_STORY_SPECIFIC)])
    assert [ev.article_id for ev, _, _ in rel.judge([strong, notice])] == [3]


def test_passages_in_common_outrank_a_weaker_story_that_only_shares_names() -> None:
    # Two match reports naming the same players are "the same story" by names; a follow-up that
    # copies passages of the article is the better evidence when it also scores higher.
    names = [f"@player{i}" for i in range(rel.SAME_STORY_SPECIFIC)]
    by_names = [evidence(i, 0.25, names, cosine=0.25) for i in (1, 2, 3)]
    passages = evidence(4, 0.33, names[:6], cosine=0.22, shingles=20)
    judged = [ev.article_id for ev, _, _ in rel.judge([*by_names, passages])]
    assert judged[0] == 4 and sorted(judged[1:]) == [1, 2, 3]


def test_beside_the_best_neighbour_a_weak_tail_is_not_shown() -> None:
    names = ["@mali", "@wagner", "junta"]
    later = evidence(1, 0.8, names, hours=rel.SAME_STORY_HOURS + 1, cosine=0.6)  # follow-up, no passages
    weak = evidence(2, 0.8 * rel.LIST_RELATIVE_FLOOR * 0.9, names)
    passages = evidence(3, 0.8 * rel.LIST_RELATIVE_FLOOR * 0.6, names, shingles=40)
    same = evidence(4, max(0.8 * rel.LIST_RELATIVE_FLOOR * 0.4, rel.SCORE_FLOOR),
                    [f"@n{i}" for i in range(rel.SAME_STORY_SPECIFIC)])
    judged = [(ev.article_id, kind) for ev, kind, _ in rel.judge([later, weak, passages, same])]
    # The weak "also about" goes; the same story and the passages in common stay whatever their score.
    assert judged == [(1, rel.FOLLOW_UP), (3, rel.FOLLOW_UP), (4, rel.SAME_STORY)]
    # Alone, the weak candidate is shown: the floor is relative to the article's own best neighbour.
    assert [ev.article_id for ev, _, _ in rel.judge([weak])] == [2]


def test_shared_boilerplate_passages_alone_are_no_follow_up() -> None:
    assert rel.judge([evidence(1, 0.05, ["reuters"], shingles=60)]) == []


def test_many_shared_names_make_the_same_story_across_languages() -> None:
    names = [f"@name{i}" for i in range(rel.SAME_STORY_NAMES)]
    names += [f"term{i}" for i in range(rel.SAME_STORY_SPECIFIC - len(names))]
    [(_, kind, _)] = rel.judge([evidence(1, 0.2, names, cosine=0.2)])
    assert kind == rel.SAME_STORY


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_asked_or_none_is_an_answer(count: int) -> None:
    items = [evidence(i, 0.3, ["@mali", "@wagner", f"junta{i}"]) for i in range(count)]
    assert len(rel.judge(items)) == count


def test_the_best_neighbour_is_measured_without_the_follow_up_bonus() -> None:
    names = ["@java sea", "@airasia", "@surabaya"]
    copied = evidence(1, 0.9, names, shingles=200)  # a follow-up's stored score carries the bonus
    unboosted = 0.9 / (1 + rel.FOLLOW_UP_BONUS)
    close = evidence(2, unboosted * rel.LIST_RELATIVE_FLOOR * 1.05, names)
    far = evidence(3, unboosted * rel.LIST_RELATIVE_FLOOR * 0.9, names)
    # Many specific names in common: about the same event, however long (and low-scoring) the report.
    reported = evidence(4, unboosted * rel.LIST_RELATIVE_FLOOR * 0.9, [f"@n{i}" for i in range(rel.MANY_SHARED)])
    judged = [ev.article_id for ev, _, _ in rel.judge([copied, close, far, reported])]
    assert judged[0] == 1 and set(judged) == {1, 2, 4}


def test_a_country_and_its_adjective_are_one_shared_thing() -> None:
    """Two stories that share only a country (its name, its adjective, one more word) are not "also about"."""
    only_the_country = evidence(2, 0.3, ["indonesian", "embassy", "@indonesia"])
    assert rel.judge([only_the_country]) == []
    assert rel.count_subjects(rel.distinct_names(only_the_country.specific), 3) == 2
    assert rel.judge([evidence(3, 0.3, ["@turkish", "investments", "turkey"])]) == []
    # The country and two other things it shares: shown.
    shown = evidence(4, 0.3, ["@indonesia", "palm", "@jakarta"])
    assert [ev.article_id for ev, _, _ in rel.judge([shown])] == [4]


def test_forms_of_a_word_merge_only_for_one_word_names() -> None:
    assert rel.same_root("indonesia", "indonesian") and rel.same_root("china", "chinese")
    assert rel.same_root("turkey", "turkish") and rel.same_root("israel", "israeli")
    assert rel.same_root("kenya", "kenyan") and rel.same_root("argentina", "argentine")
    assert not rel.same_root("iran", "iraq") and not rel.same_root("johnson", "johnston")
    assert not rel.same_root("player1", "player2") and not rel.same_root("usa", "usage")
    # A word of a longer name ("live" in "BBC Radio Five Live") is not another form of "Liverpool", and key
    # terms among themselves are left to the higher minimum of key terms alone.
    assert rel.count_subjects(["@bbc radio five live", "@liverpool", "@premiership"], 3) == 3
    assert rel.count_subjects(["arsenal", "squad", "@arsene wenger"], 3) == 3
    assert rel.count_subjects(["pension", "pensions", "scheme", "schemes"], 4) == 4
    assert rel.count_subjects(["@#2015", "@#7842", "@kenya", "@kenyan"], 4) == 3
    shown = evidence(5, 0.3, ["@bbc radio five live", "@liverpool", "@premiership"])
    assert [ev.article_id for ev, _, _ in rel.judge([shown])] == [5]
