"""French colon heads and fronted phrases that name the speaker in their own way (pure, deterministic).

- « Même son de cloche chez X : « … » »: a verbless head whose « chez X » names the speaker.
- « Mardi, l'Élysée a indiqué : »: an institution after a fronted time phrase opens the clause.
- « …, selon nos informations »: the paper's own reporting, no one speaking.
- « Ainsi le 13 mai Le Monde publiait un dossier, Violences policières : « … » »: the comma closes a clause
  with its own subject, not a fronted adverbial, so what follows it is a title, not the speaker.
"""

from __future__ import annotations

import re

from bot.nlp.cues import PRONOUNS, TIME_WORDS

# a capitalised word inside a span, then the lower-case word after it: a subject and its verb
# (« Le Monde publiait », « la CGT dénonce »), unless the word after is a function word or a participle
_CAP_THEN_LOWER_RE = re.compile(r"(?<=\s)(\S+\s+)?[A-ZÀ-Ý][\w'’-]*\s+([a-zà-ÿ][\w'’-]*)")
_NOT_VERBS = frozenset("""de du des d' d’ et ou à au aux en dans sur pour par avec chez vers selon le la les l' l’
un une ce cet cette ces son sa ses leur leurs qui que qu' qu’ dont où lors après avant depuis pendant contre
sans sous entre parmi dernier dernière prochain prochaine même""".split())
_PREPOSITIONS = frozenset("""de du des d' d’ à au aux en dans sur pour par avec chez vers selon lors après avant
depuis pendant contre sans sous entre parmi""".split())


def clause_before_comma(text: str, start: int, comma: int) -> bool:
    """True when ``text[start:comma]``, skipped as a fronted adverbial, holds a subject and its verb: a
    capitalised word not after a preposition, followed by a lower-case word that is neither a function word
    nor a participle (« Ainsi le 13 mai dernier Le Monde publiait un dossier »; not « Lors du sommet de Paris »).
    """
    for m in _CAP_THEN_LOWER_RE.finditer(text, start, comma):
        if not text[start:m.start()].strip():
            continue  # the opener itself (« Quand il assiste … »)
        before = (m.group(1) or "").strip().lower()
        if before in _PREPOSITIONS or before.endswith(("d'", "d’", "l'", "l’")):
            continue
        after = m.group(2).lower()
        if after in _NOT_VERBS or after in TIME_WORDS or after.endswith(("é", "ée", "és", "ées")):
            continue
        return True
    return False


# the paper's own reporting after « selon » / « d'après »: « selon nos informations », « d'après notre enquête »
_OWN_REPORTING_RE = re.compile(r"(?:nos|notre)\s+(?:informations|sources|révélations|calculs|enquêtes?|"
                               r"constatations|données|chiffres)\b", re.IGNORECASE)


def own_reporting(text: str, pos: int, ceiling: int) -> tuple[int, int] | None:
    """The span of « nos informations » (the paper's own reporting) at ``pos``, else None."""
    m = _OWN_REPORTING_RE.match(text, pos, ceiling)
    return m.span() if m is not None else None


# « Même son de cloche chez X : », « Autre ambiance chez X, maire de Y : »: a short verbless lead, « chez », the
# speaker (an apposition after a comma may follow)
_CHEZ_HEAD_RE = re.compile(r"\s*([^,:;«»\n]{2,40}?)\s+chez\s+([^,:;«»\n]{2,60}?)(?:,[^,:;«»\n]{2,80})?\s*$")


def chez_head(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of X in a colon head ``text[start:end]`` reading « <lead> chez X », else None.

    The lead names no one and has no subject pronoun (« Il a déjeuné chez X : » is his words, not X's)."""
    m = _CHEZ_HEAD_RE.match(text, start, end)
    if m is None:
        return None
    lead = m.group(1).split()
    if any(w.lower() in PRONOUNS or (k and w[:1].isupper()) for k, w in enumerate(lead)):
        return None
    return m.span(2)


def elided_after_time(toks: list[str], k: int) -> bool:
    """True when ``toks[k]`` is a capitalised name glued to « l' » after a fronted time phrase and its comma
    (« Mardi, l'Élysée », « Lundi soir, l'Élysée »): it opens the sentence's main clause."""
    tok = toks[k]
    if k < 2 or toks[k - 1] != "," or tok[:2].lower() not in ("l'", "l’") or not tok[2:3].isupper():
        return False
    lead = toks[max(0, k - 5):k - 1]
    return any(t.lower() in TIME_WORDS for t in lead) and "," not in lead
