"""A plain name is answered without the word-by-word rules of split_name_role and plausible_name (issue 25).

The fast answer must be the rules' answer for every name it takes: names are drawn from every word list the
rules consult (titles, roles, particles, function words...), from first names and from other capitalised words.
"""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import cues, speakers
from bot.nlp.mentions import _RUN_RE

_SPECIAL_SETS = [sorted(w for w in v if isinstance(w, str) and w.isascii() and w.isalpha())
                 for mod in (cues, speakers) for v in vars(mod).values() if isinstance(v, frozenset)]
_OTHER = ["Hillary", "Clinton", "Marie", "Dupont", "Obama", "Smith", "Ab", "Xi", "Quickly", "Lately", "Fox",
          "Century", "Wades", "Nikki", "Haley", "Bernie", "Sanders", "Angela", "Merkel", "Ii", "Iv", "Jr", "Mr"]
# a word list first, then a word of it: each list is drawn as often, however long it is
_SPECIAL = st.sampled_from([s for s in _SPECIAL_SETS if s]).flatmap(st.sampled_from)
_WORDS = _SPECIAL.map(str.capitalize) | st.sampled_from(_OTHER) | _SPECIAL
_NAMES = st.lists(_WORDS, min_size=1, max_size=7).map(" ".join)


def _check(name: str) -> bool:
    """Assert the fast answer equals the rules' answer when ``name`` is plain; True when it was."""
    if not speakers._plain(name):
        return False
    assert speakers._split_name_role(name) == (name, None)
    assert speakers._plausible_name(name) == (len(name.split()) <= speakers.MAX_NAME_WORDS)
    return True


@settings(max_examples=3000, deadline=None)
@given(_NAMES)
def test_a_plain_name_gets_the_rules_answer(name: str) -> None:
    _check(name)
    assert speakers.split_name_role(name) == speakers._split_name_role(name)
    assert speakers.plausible_name(name) == speakers._plausible_name(name)


def test_every_listed_word_alone_first_or_last_gets_the_rules_answer() -> None:
    for words in _SPECIAL_SETS:
        for word in words:
            for name in (word.capitalize(), f"{word.capitalize()} Clinton", f"Hillary {word.capitalize()}",
                         f"Hillary Rodham {word.capitalize()} Clinton"):
                _check(name)


def test_real_runs_get_the_rules_answer() -> None:
    # every capitalised run (and its last words) of the French test articles and a few English sentences
    texts = [json.loads(line)["text"] for p in ("quotes-fr-train.jsonl", "quotes-fr-dev.jsonl")
             for line in (Path(__file__).parents[2] / "data" / p).read_text(encoding="utf-8").splitlines()]
    texts.append("Senator Bernie Sanders met Hillary Clinton, Chief Justice John Roberts and Al Gore in Des Moines.")
    plain = 0
    for text in texts:
        for m in _RUN_RE.finditer(text):
            words = m.group().split()
            for k in range(len(words)):
                plain += _check(" ".join(words[k:]))
    assert plain > 100
