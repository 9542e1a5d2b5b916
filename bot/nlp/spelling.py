"""Words as readers type them and as the index holds them: the ligatures œ æ ß, typed or spelled out.

SQLite's unicode61 tokenizer keeps œ, æ and ß as letters of their own (it folds case and accents only), while
readers often type "coeur" and Swiss German writes "Strasse": searches ask for each spelling, and comparisons
made in Python (keywords, follow notices' quote keys) spell the ligatures out.
"""

from __future__ import annotations

from bot.nlp.text import fold_accents


def ligature_forms(text: str) -> tuple[str, ...]:
    """``text`` lower-cased, then with the ligatures œ æ ß spelled out, then with œ æ joined: ("coeur", "cœur"),
    ("straße", "strasse").

    SQLite's unicode61 tokenizer keeps œ, æ and ß as letters of their own, and news is typeset with them
    ("cœur", "œuvre", "Straße") while readers often type "coeur" and Swiss German writes "Strasse": a search
    asks for each form. ("strasse" cannot tell which "ss" was a ß: it asks for itself only.)
    """
    lowered = text.lower()
    plain = spell_ligatures(lowered)
    return tuple(dict.fromkeys((lowered, plain, plain.replace("oe", "œ").replace("ae", "æ"))))


def spell_ligatures(text: str) -> str:
    """``text`` with œ æ ß written as two letters ("cœur" -> "coeur", "straße" -> "strasse"; lower-case ones only)."""
    return text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")


def fold_search_token(token: str) -> str:
    """``fold_accents`` of a typed search word, keeping ß as the index's tokenizer keeps it.

    ``casefold`` spells ß out ("Straße" -> "strasse"), which SQLite's index of "Straße" ("straße") does not
    hold; ``ligature_forms`` then asks for both spellings.
    """
    if "ß" not in token and "ẞ" not in token:
        return fold_accents(token)
    return "ß".join(fold_accents(part) for part in token.replace("ẞ", "ß").split("ß"))


def fold_spelled_out(text: str) -> str:
    """``text`` with case and accents folded and the ligatures spelled out ("Cœur" -> "coeur"): the form two
    texts are compared in when they are matched in Python (keyword filters, follow notices' quotes)."""
    return spell_ligatures(fold_accents(text))

