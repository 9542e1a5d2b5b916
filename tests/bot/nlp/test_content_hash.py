"""``content_hash`` folds UTF-8 bytes where it can: still the hash of the folded text, whitespace runs one space."""

from __future__ import annotations

import hashlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlp import fingerprint as fp

# Whitespace of every kind str.split() knows (bytes.split() knows only the first six), letters that
# fold to several characters or to whitespace, combining marks alone, case pairs whose fold is not
# their lower case (Cherokee, final sigma, the Kelvin sign), quotation marks that fold to themselves.
TRICKY = list(
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
    "aZé\u00c9\u00df\u0130\u03a3\u03c2\ufb01\u00bd\u2167\u00a8\u00b4\u0301\u0327\u13a0\uab70\u212a"
    "\u201c\u201d\u00ab\u00bb\u2019\u2014\u20ac\u4e2d\U0001f600\u0660.,"
)


def _reference(text: str) -> str:
    """The definition stored hashes were made with: the folded text, split on whitespace, one space between."""
    return hashlib.sha1(" ".join(fp.fold_text(text).split()).encode("utf-8")).hexdigest()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60))
def test_content_hash_is_the_reference_on_tricky_characters(text: str) -> None:
    assert fp.content_hash(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_content_hash_is_the_reference_on_any_text(text: str) -> None:
    try:
        expected = _reference(text)
    except UnicodeEncodeError:  # a lone surrogate: both raise
        with pytest.raises(UnicodeEncodeError):
            fp.content_hash(text)
        return
    assert fp.content_hash(text) == expected


def test_content_hash_is_the_reference_for_every_character() -> None:
    # Each code point (surrogates aside) in a text of its neighbours, between spaces and capitals.
    points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 256):
        text = "  ".join(f"A{chr(c)}b" for c in points[start : start + 256]) + "\n\nÉté. "
        assert fp.content_hash(text) == _reference(text), hex(points[start])


@pytest.mark.parametrize(
    "text",
    [
        "Le président a déclaré « c’est une décision forte »,\n\n   Élysée.  ",
        "  Plain ASCII text,\twith a tab\r\nand CRLF lines.  ",
        "Spaces    in   runs\n\n\n\nand newlines \n \n",
        "",
        " \n ",
    ],
)
def test_common_texts_take_the_bytes_path(text: str) -> None:
    assert fp._folded_utf8(text) is not None
    assert fp.content_hash(text) == _reference(text)
