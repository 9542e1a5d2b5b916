"""French attribution, session 13 of issue 19: incises closing a quotation whose verb is no verb of the
cue list (a reflexive past, an infinitive after "se contenter de"), and the quotations that follow them."""

from __future__ import annotations

import pytest

from bot.nlp.french_quotes import match_trailing_incise
from tests.bot.nlp.quote_helpers import speaker_of


@pytest.mark.parametrize("incise", [
    "s'est-il défendu.",
    "s'est-il justifié.",
    "se borne-t-il à constater.",
    "se contente-t-il de préciser.",
    "a-t-il tenu à rappeler.",
])
def test_a_trailing_incise_without_a_listed_verb_names_the_speaker(incise: str) -> None:
    # the wire copy closed the marks after the incise: the incise is the cue, not part of the words
    text = ("Le maire Paul Garnier a reçu les riverains mardi. Il a écouté leurs plaintes. "
            f"\"Nous ferons les travaux avant l'hiver, {incise}\" \"Le budget de la commune est voté depuis mars.\"")
    assert speaker_of(text, "Nous ferons", "fr") == "Paul Garnier"
    assert speaker_of(text, "Le budget", "fr") == "Paul Garnier"  # the quotation standing right after it


@pytest.mark.parametrize("incise", ["semble-t-il.", "convient-il de rappeler.", "paraît-il."])
def test_an_impersonal_il_closing_a_quotation_is_no_incise(incise: str) -> None:
    text = f"Les travaux seront finis avant l'hiver, {incise}"
    assert match_trailing_incise(text, 0, len(text)) is None

