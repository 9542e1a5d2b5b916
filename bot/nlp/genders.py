"""Gender hints of a mention: its titles and role words ("Mrs.", "la ministre"), its first name."""

from __future__ import annotations

from functools import lru_cache

from bot.nlp.cues import FEMALE_FIRST_NAMES, GENDER_TITLES, MALE_FIRST_NAMES, ROLE_WORDS
from bot.nlp.text import fold_accents

# French role nouns with one form for both genders: "le maire" may be a woman too.
_ONE_FORM_ROLES = frozenset("ministre maire juge secrétaire porte-parole responsable".split())
# The gender of a French compound first name whose first half is one of these: Jean-Marie, Marie-Pierre.
COMPOUND_HEADS = {"jean": "m", "marie": "f"}


@lru_cache(maxsize=16384)
def gender_of(mention: str) -> str | None:
    """Gender implied by a title or role word in ``mention`` ("Mrs. Clinton" -> "f"), else None."""
    weak: str | None = None
    words = mention.split()
    if len(words) > 1 and words[0].lower() in {"le", "la", "ce", "cette"} and words[1].lower() in ROLE_WORDS:
        return "f" if words[0].lower() in {"la", "cette"} else None if words[1].lower() in _ONE_FORM_ROLES else "m"
    for token in words:
        low = token.lower()
        g = GENDER_TITLES.get(low)
        if g and not low.endswith("man"):
            return g  # "Mrs.", "widow", "mother": the mention says it; "spokesman" is often used for women
        weak = weak or g
    if weak is not None:
        # "Trump spokesman Hope Hicks": a first name outweighs a role noun
        for token in mention.split():
            folded = fold_accents(token.strip(",."))
            if folded in FEMALE_FIRST_NAMES and folded not in MALE_FIRST_NAMES:
                return "f"
            if folded in MALE_FIRST_NAMES and folded not in FEMALE_FIRST_NAMES:
                return "m"
    return weak


@lru_cache(maxsize=16384)
def first_name_gender(name: str) -> str | None:
    """Gender suggested by a common first name ("Hillary Clinton" -> "f"), else None."""
    tokens = fold_accents(name).split()
    compound = bool(tokens) and tokens[0].count("-") == 1 and tokens[0].replace("-", "").isalpha()
    if len(tokens) < 2 and not compound:
        return None
    first = tokens[0]
    if compound:
        # a French compound first name has the gender of its first half: Marie-Pierre, Jean-Marie
        first = first.split("-")[0]
        if first in COMPOUND_HEADS:
            return COMPOUND_HEADS[first]
        if first not in FEMALE_FIRST_NAMES and first not in MALE_FIRST_NAMES:
            return None
    if first in FEMALE_FIRST_NAMES and first not in MALE_FIRST_NAMES:
        return "f"
    if first in MALE_FIRST_NAMES and first not in FEMALE_FIRST_NAMES:
        return "m"
    return None
