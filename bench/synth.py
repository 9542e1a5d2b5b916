"""Deterministic synthetic news archive: English and French stories told by several sources.

``generate(n, seed=...)`` yields ``n`` articles in publication order. Stories recur across
sources and days; some articles are syndicated copies (same text, another outlet), light edits
of an earlier version (near duplicates), or follow-ups that repeat a couple of sentences of an
earlier article. People are quoted with the usual cue patterns in both languages, and a few of
them are quoted far more than others (Zipf), as in real news.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import ModuleType

from bench import vocab_en, vocab_fr

DEFAULT_END = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
PER_DAY = 3000  # articles per day across all sources (a bot following ~100 busy feeds)
FR_SHARE = 0.35
NEW_STORY_P = 0.2  # so a story gets ~5 articles on average
ACTIVE_STORIES = 400
_SYLLABLES = """ba be bri ca co da del dor fa fen ga gor ha ka kel la lin lo ma mer mi na nor o pa pel ra
ren ri sa sel so ta tor tra va vel vi za zo quin bel cas mon ter val""".split()
_ENDINGS = ["", "", "a", "o", "ne", "ix", "ard", "ena", "ac", "ia", "on", "ez"]


@dataclass(frozen=True, slots=True)
class Source:
    """A synthetic outlet with its feed."""

    name: str
    domain: str
    lang: str

    @property
    def feed_url(self) -> str:
        return f"https://{self.domain}/rss.xml"


SOURCES: tuple[Source, ...] = tuple(
    [Source(n, d, "en") for n, d in [
        ("The Daily Ledger", "dailyledger.example"), ("Northern Courier", "northerncourier.example"),
        ("Metro Tribune", "metrotribune.example"), ("The Evening Standard Post", "eveningpost.example"),
        ("Harbour Gazette", "harbourgazette.example"), ("Capital Wire", "capitalwire.example"),
        ("The Morning Record", "morningrecord.example"), ("Continental News", "continentalnews.example"),
        ("Riverside Herald", "riversideherald.example"), ("The Civic Observer", "civicobserver.example"),
        ("Global Dispatch", "globaldispatch.example"), ("The Weekly Review", "weeklyreview.example"),
        ("Westbrook Times", "westbrooktimes.example"), ("Union Press Agency", "unionpress.example"),
    ]]
    + [Source(n, d, "fr") for n, d in [
        ("Le Quotidien du Matin", "quotidien-matin.example"), ("La Dépêche Continentale", "depeche.example"),
        ("L'Écho des Régions", "echo-regions.example"), ("Le Courrier Républicain", "courrier-rep.example"),
        ("Ouest Soir", "ouest-soir.example"), ("La Gazette de Lyon", "gazette-lyon.example"),
        ("Agence Presse Francophone", "apf.example"), ("Le Journal du Sud", "journal-sud.example"),
    ]]
)


@dataclass(frozen=True, slots=True)
class SynthArticle:
    """One generated article (body paragraphs are separated by blank lines)."""

    index: int
    title: str
    text: str
    lang: str
    url: str
    source: Source
    author: str
    published_at: datetime
    story: int
    kind: str  # original | syndicated | near_duplicate | follow_up


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the news quotes."""

    name: str
    surname: str
    gender: str
    role: str


@dataclass(slots=True)
class _Story:
    id: int
    lang: str
    topic: str
    place: str
    region: str
    org: str
    people: tuple[Person, ...]
    event: str
    subjects: tuple[str, ...]
    adjective: str
    verb: str
    keyword: str
    year: int
    previous: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, paragraphs)
    sources: set[str] = field(default_factory=set)


def invented_word(rng: random.Random, syllables: int = 0) -> str:
    """A pronounceable made-up name ("Veltrano"): the long tail of rare terms."""
    count = syllables or rng.choice((2, 2, 3, 3, 4))
    word = "".join(rng.choice(_SYLLABLES) for _ in range(count)) + rng.choice(_ENDINGS)
    return word.capitalize()


def slugify(title: str) -> str:
    """ASCII slug of the first words of a title."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded)[:8]) or "article"


class _Language:
    """The people, places and organisations of one language's news."""

    def __init__(self, vocab: ModuleType, lang: str, rng: random.Random, population: int) -> None:
        self.v = vocab
        self.lang = lang
        self.sources = [s for s in SOURCES if s.lang == lang]
        names: set[str] = set()
        people: list[Person] = []
        combos = list(itertools.product(vocab.FIRST_M + vocab.FIRST_F, vocab.SURNAMES))
        rng.shuffle(combos)
        male = set(vocab.FIRST_M)
        for first, surname in combos:
            if len(people) >= population:
                break
            name = f"{first} {surname}"
            if name in names:
                continue
            names.add(name)
            people.append(Person(name, surname, "m" if first in male else "f", rng.choice(vocab.ROLES)))
        while len(people) < population:  # beyond the common surnames: invented ones (rare speakers)
            first = rng.choice(vocab.FIRST_M + vocab.FIRST_F)
            surname = invented_word(rng, 3)
            name = f"{first} {surname}"
            if name not in names:
                names.add(name)
                people.append(Person(name, surname, "m" if first in male else "f", rng.choice(vocab.ROLES)))
        self.people = people
        # Zipf popularity: the k-th person is quoted ~1/k as often as the first.
        self._cum = list(itertools.accumulate(1.0 / (k + 1) ** 0.9 for k in range(len(people))))
        self.orgs = [f"{h} {t}" for h in vocab.ORG_HEADS for t in vocab.ORG_TAILS]

    def person(self, rng: random.Random) -> Person:
        return self.people[bisect.bisect(self._cum, rng.random() * self._cum[-1])]


class Generator:
    """Streams a deterministic archive; one instance per (n, seed, end)."""

    def __init__(self, n: int, *, seed: int = 1, end: datetime = DEFAULT_END, per_day: int = PER_DAY) -> None:
        self.n = n
        self.rng = random.Random(seed)
        population = max(300, n // 40)
        self.langs = {
            "en": _Language(vocab_en, "en", self.rng, int(population * (1 - FR_SHARE))),
            "fr": _Language(vocab_fr, "fr", self.rng, int(population * FR_SHARE)),
        }
        self.start = end - timedelta(days=n / per_day)
        self.step = timedelta(days=1) / per_day
        self.active: deque[_Story] = deque(maxlen=ACTIVE_STORIES)
        self._story_ids = itertools.count(1)

    def __iter__(self) -> Iterator[SynthArticle]:
        for index in range(self.n):
            yield self._article(index)

    # -- stories ------------------------------------------------------------------------------

    def _new_story(self, when: datetime) -> _Story:
        rng = self.rng
        lang = "fr" if rng.random() < FR_SHARE else "en"
        world = self.langs[lang]
        topic = rng.choice(sorted(world.v.TOPICS))
        subjects, events, adjectives, verbs = world.v.TOPICS[topic]
        people = []
        while len(people) < 3:
            p = world.person(rng)
            if p not in people:
                people.append(p)
        story = _Story(
            id=next(self._story_ids),
            lang=lang,
            topic=topic,
            place=rng.choice(world.v.PLACES),
            region=rng.choice(world.v.REGIONS),
            org=rng.choice(world.orgs),
            people=tuple(people),
            event=rng.choice(events),
            subjects=tuple(rng.sample(subjects, 2)),
            adjective=rng.choice(adjectives),
            verb=rng.choice(verbs),
            keyword=invented_word(rng),
            year=when.year - rng.randint(1, 12),
        )
        self.active.append(story)
        return story

    def _pick_story(self, when: datetime) -> _Story:
        if not self.active or self.rng.random() < NEW_STORY_P:
            return self._new_story(when)
        # Recent stories are picked more often (a story fades over a few days).
        k = int(len(self.active) * self.rng.random() ** 2.5)
        return self.active[-1 - k]

    # -- articles -----------------------------------------------------------------------------

    def _article(self, index: int) -> SynthArticle:
        rng = self.rng
        when = self.start + self.step * index + timedelta(seconds=rng.randint(0, 20))
        story = self._pick_story(when)
        world = self.langs[story.lang]
        source = rng.choice(world.sources)
        roll = rng.random()
        kind = "original"
        if story.previous and roll < 0.12:
            kind = "syndicated"
            title, paragraphs = rng.choice(story.previous)
        elif story.previous and roll < 0.22:
            kind = "near_duplicate"
            title, paragraphs = self._light_edit(story, world, *rng.choice(story.previous))
        else:
            title = self._title(story, world)
            paragraphs = self._body(story, world)
            if story.previous and roll < 0.47:
                kind = "follow_up"
                _, earlier = rng.choice(story.previous)
                shared = [s for p in earlier for s in _sentences(p)]
                paragraphs.insert(1, " ".join(rng.sample(shared, min(2, len(shared)))))
        if kind in ("original", "follow_up"):
            story.previous = [*story.previous[-2:], (title, paragraphs)]
        author = world.person(rng).name if rng.random() < 0.7 else source.name
        url = (
            f"https://{source.domain}/{when:%Y/%m/%d}/{slugify(title)}-{index}"
        )
        return SynthArticle(index, title, "\n\n".join(paragraphs), story.lang, url, source, author, when,
                            story.id, kind)

    def _slots(self, story: _Story, world: _Language, speaker: Person | None = None) -> dict[str, str]:
        rng = self.rng
        p = speaker or rng.choice(story.people)
        fr = story.lang == "fr"
        number = rng.randint(120, 95000)
        return {
            "P": p.name, "S": p.surname, "R": p.role, "O": story.org, "L": story.place, "G": story.region,
            "X": rng.choice(story.subjects), "E": story.event, "A": story.adjective, "V": story.verb,
            "N": f"{number:,}".replace(",", " " if fr else ","), "N2": str(rng.choice((3, 6, 12, 18, 24))),
            "Q": f"{rng.randint(1, 19)}{',' if fr else '.'}{rng.randint(0, 9)}",
            "D": rng.choice(world.v.WEEKDAYS), "M": rng.choice(world.v.MONTHS), "K": story.keyword,
            "Y": str(story.year), "H": _pronoun(p, fr), "H2": _pronoun(p, fr).capitalize(),
            "RW": _role_word(p, world, rng),
        }

    def _title(self, story: _Story, world: _Language) -> str:
        return _cap(self.rng.choice(world.v.TITLE_TEMPLATES).format(**self._slots(story, world)))

    def _body(self, story: _Story, world: _Language) -> list[str]:
        rng = self.rng
        v = world.v
        target = rng.randint(480, 720)
        paragraphs: list[str] = []
        words = 0
        turn = 0
        facts: list[str] = []
        quotes: list[str] = []
        while words < target:
            if turn % 2 == 0 or turn == 1:
                sentences = []
                for _ in range(rng.randint(2, 4)):
                    facts = facts or rng.sample(v.FACT_SENTENCES, len(v.FACT_SENTENCES))
                    sentence = facts.pop().format(**self._slots(story, world))
                    sentences.append(_connect(rng, v.CONNECTORS, sentence, world))
            else:
                quotes = quotes if len(quotes) >= 3 else rng.sample(v.QUOTES, len(v.QUOTES))
                sentences = self._quote_paragraph(story, world, quotes)
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += paragraph.count(" ") + 1
            turn += 1
        return paragraphs

    def _quote_paragraph(self, story: _Story, world: _Language, quotes: list[str]) -> list[str]:
        rng = self.rng
        v = world.v
        speaker = rng.choice(story.people) if rng.random() < 0.8 else world.person(rng)
        slots = self._slots(story, world, speaker)
        out = []
        if rng.random() < 0.3:
            out.append(_cap(rng.choice(v.INDIRECT).format(**slots)))
        out.append(_cap(rng.choice(v.DIRECT).format(q=quotes.pop().format(**slots), **slots)))
        if rng.random() < 0.6:  # a pronoun follow-up quote ("he added")
            out.append(_cap(rng.choice(v.FOLLOW).format(q=quotes.pop().format(**slots), **slots)))
        return out

    def _light_edit(self, story: _Story, world: _Language, title: str, paragraphs: list[str]) -> tuple[str, list[str]]:
        """A republished version: a changed figure, a dropped sentence, an editor's line."""
        rng = self.rng
        edited = list(paragraphs)
        i = rng.randrange(len(edited))
        edited[i] = re.sub(r"\d[\d ,.]*\d", lambda m: str(rng.randint(10, 9999)), edited[i], count=1)
        j = rng.randrange(len(edited))
        parts = _sentences(edited[j])
        if len(parts) > 1:
            parts.pop(rng.randrange(len(parts)))
            edited[j] = " ".join(parts)
        edited.append(rng.choice(world.v.UPDATE_LINES).format(**self._slots(story, world)))
        if rng.random() < 0.5:
            title = self._title(story, world)
        return title, edited


def generate(n: int, *, seed: int = 1, end: datetime = DEFAULT_END, per_day: int = PER_DAY) -> Iterator[SynthArticle]:
    """Yield ``n`` synthetic articles in publication order (same seed, same archive)."""
    return iter(Generator(n, seed=seed, end=end, per_day=per_day))


_SENT_RE = re.compile(r"(?<=[.!?»”])\s+(?=[A-ZÀ-Ý«“])")


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENT_RE.split(paragraph) if s]


def _connect(rng: random.Random, connectors: list[str], sentence: str, world: _Language) -> str:
    """Sometimes open with a connector ("Meanwhile, the ..."), only before a lower-casable word."""
    first = sentence.split(" ", 1)[0]
    if rng.random() < 0.35 and first in world.v.LOWERABLE:
        connector = rng.choice(connectors).format(D=rng.choice(world.v.WEEKDAYS), L=rng.choice(world.v.PLACES))
        return _cap(connector + sentence[:1].lower() + sentence[1:])
    return _cap(sentence)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pronoun(p: Person, fr: bool) -> str:
    if fr:
        return "elle" if p.gender == "f" else "il"
    return "she" if p.gender == "f" else "he"


def _role_word(p: Person, world: _Language, rng: random.Random) -> str:
    if world.lang == "fr":
        options = ["la ministre", "la maire", "la députée", "la sénatrice"] if p.gender == "f" else [
            "le ministre", "le maire", "le député", "le préfet"]
        return rng.choice(options)
    return rng.choice(world.v.ROLE_WORDS)
