"""French subjects naming no one after an inverted verb: « a ajouté un ténor », « ont déclaré les manifestants »,
« répond quelqu'un », « a indiqué à l'AFP un diplomate » (pure, deterministic).

Such a quotation has a speaker, unknown: it must not fall back on the last one named.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.nlp.cues import SENTENCE_WORDS
from bot.nlp.french import PREPOSITIONS_OF_ADVERBIALS, adverbial_subjects, unnamed_subject

# several people, unnamed: « ont déclaré les manifestants », « scandaient des militants », « plusieurs élus »
_SEVERAL = frozenset("les des plusieurs certains certaines quelques nombreux nombreuses".split())
_SOMEONE = frozenset({"quelqu'un", "quelqu’un"})
_NUMBERS = frozenset("deux trois quatre cinq six sept huit neuf dix".split())
# words opening an adverbial between the verb and its subject
_ADVERBIAL_OPENING = PREPOSITIONS_OF_ADVERBIALS | {"sous", "du", "lors"}


def unnamed_span(toks: list[str], i: int, is_cap: Callable[[str], bool], dets: frozenset[str]) -> tuple[int, int]:
    """(first, last + 1) token indices of a subject naming no one at ``i``, maybe after an adverbial: « un
    diplomate », « l'un des négociateurs », « les manifestants », « quelqu'un », « à l'AFP un diplomate »; else (i, i).
    """
    adverbial = i < len(toks) and toks[i].lower() in _ADVERBIAL_OPENING  # (« à l'AFP », « sous couvert d'… »)
    for k in (i, *(i + j for j in adverbial_subjects(toks[i:], is_cap, dets) if adverbial)):
        noun = unnamed_subject(toks, k)
        if noun is not None:
            return k, k + 1 + len(noun.split())
        if k < len(toks) and toks[k].lower() in _SOMEONE:
            return k, k + 1
        if k + 1 < len(toks) and toks[k].lower() in _SEVERAL and toks[k + 1].rstrip(".").isalpha() \
                and toks[k + 1].islower() and toks[k + 1].rstrip(".") not in SENTENCE_WORDS:
            two = k + 2 < len(toks) and toks[k + 1] in _NUMBERS and toks[k + 2].rstrip(".").isalpha() \
                and toks[k + 2].islower()  # « les deux hommes »
            return k, k + 2 + two
    return i, i

