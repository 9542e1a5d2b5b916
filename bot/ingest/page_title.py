"""A page's headline without the outlet's name its ``<title>`` carries ("Headline | WIRED" → "Headline").

Pages title themselves "Headline | Outlet", "Headline - Telegraph", "Headline | DW | 23.05.2011".
The outlet is not the story: shown in a post it is noise, and two pages of one outlet would share
it as a "name" in their related lists (the same outlet's boilerplate never makes them related).

Only a part that names the outlet is taken off: its site name (the page's ``og:site_name``) or a
label of its host name; with it, a date part beside it. A title with no such part is kept whole,
whatever its separators: "Ebola: what we know - update" stays as it is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.nlp.text import fold_accents

# " | ", " - ", " – ", " — ", " :: ", " · ", " » ": the separators titles put between their parts
# (spaced, so "Jean-Marc" and "2014-12-30" are not split).
_SEPARATOR_RE = re.compile(r"\s+(?:[|·•»:]{1,2}|[-–—]{1,2})\s+")
_DATE_PART_RE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")
SITE_PART_MAX_WORDS = 5
HEADLINE_MIN_CHARS = 12  # what is left must still read as a headline
# Host labels that name no outlet: prefixes and the usual second-level and country suffixes.
_HOST_NOISE = frozenset(
    {"www", "www2", "amp", "mobile", "edition", "com", "org", "net", "gov", "edu", "info", "news", "co", "ac"}
)
_HOST_KEY_MIN_CHARS = 2  # "dw" (dw.com) names "DW"
_HOST_INSIDE_MIN_CHARS = 6  # "technologyreview" inside "MIT Technology Review"
_HOST_PREFIX_MIN_CHARS = 3  # "lemonde" names "Le Monde.fr", "bbc" names "BBC News"; "dw" must match exactly


def strip_site_name(title: str, site_name: str | None, url: str | None) -> str:
    """``title`` without the parts at its end (or its first part, unless a colon follows it) that name the outlet.

    The outlet is known from ``site_name`` and the host of ``url``; without either, or when no part
    names it, ``title`` is returned unchanged.
    """
    names, hosts = _site_keys(site_name), _host_keys(url)
    if not (names or hosts) or not title:
        return title
    cuts = list(_SEPARATOR_RE.finditer(title))
    if not cuts:
        return title
    end, named = len(title), False
    part_end = end  # the parts between part_end and end are dates, dropped only beside the outlet's name
    for cut in reversed(cuts):
        part = title[cut.end() : part_end]
        if _names_outlet(part, names, hosts):
            named = True
        elif not _DATE_PART_RE.fullmatch(part.strip()):
            break
        part_end = cut.start()
        if named:
            end = part_end
    start = 0
    first = cuts[0]
    if ":" not in first.group() and first.end() <= end and _names_outlet(title[: first.start()], names, hosts):
        start, named = first.end(), True
    headline = title[start:end].strip()
    if not named or len(headline) < HEADLINE_MIN_CHARS:
        return title
    return headline


def _names_outlet(part: str, names: set[str], hosts: set[str]) -> bool:
    words = part.split()
    if not words or len(words) > SITE_PART_MAX_WORDS:
        return False
    key = _key(part)
    if not key:
        return False
    keys = {key, key.removeprefix("the")}
    if keys & (names | hosts):
        return True
    return any(
        (len(host) >= _HOST_PREFIX_MIN_CHARS and key.startswith(host))
        or (len(host) >= _HOST_INSIDE_MIN_CHARS and host in key)
        for host in hosts
    )


def _site_keys(site_name: str | None) -> set[str]:
    key = _key(site_name or "")
    return {key, key.removeprefix("the")} - {""}


def _host_keys(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return set()
    labels = host.split(".")[:-1]  # the top-level domain names no outlet
    return {key for label in labels if (key := _key(label)) and len(key) >= _HOST_KEY_MIN_CHARS} - _HOST_NOISE


def _key(text: str) -> str:
    """Letters and digits only, accents and case folded: "Là-bas si j'y suis" → "labassijysuis"."""
    return "".join(c for c in fold_accents(text) if c.isalnum())
