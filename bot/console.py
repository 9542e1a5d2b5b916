"""The offline console: the slash commands' handlers, answered as text on stdin/stdout.

``/news latest count:3`` or ``/news summary article:AES leaders length:short``: options are
``name:value`` pairs, a value runs until the next known option name.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TextIO

from bot.briefing import Briefing
from bot.errors import InvalidInputError, InvalidQueryError, NewsbotError, NotFoundError
from bot.index.related import RelatedArticle
from bot.scope import WHOLE_ARCHIVE
from bot.services import Services
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

OPTION_NAMES = ("feed", "count", "article", "length", "speaker", "query", "from", "to", "order", "url", "text")
_OPTION_RE = re.compile(r"(?:^|\s)(" + "|".join(OPTION_NAMES) + r"):", re.IGNORECASE)

HELP = """Commands (the same handlers as the Discord slash commands):
  /news latest [count:N] [feed:NAME]
  /news summary article:TITLE WORDS [length:short|standard|long]
  /news quotes [speaker:NAME] [article:TITLE WORDS] [text:WORDS OF THE QUOTE]
  /news related article:TITLE WORDS
  /news timeline article:TITLE WORDS
  /news search query:WORDS [from:YYYY-MM-DD] [to:YYYY-MM-DD] [order:newest|best]
  /news briefing
  /feeds list
  help | quit"""


def parse_command(line: str) -> tuple[str, dict[str, str]]:
    """Split ``/group sub opt:value ...`` into ("group sub", {opt: value})."""
    line = line.strip()
    matches = list(_OPTION_RE.finditer(line))
    head = line[: matches[0].start()] if matches else line
    options: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        options[match.group(1).lower()] = line[match.end() : end].strip()
    name = " ".join(head.strip().lstrip("/").lower().split())
    return name, options


def _date(value: str | None, field: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        # A bare date or a naive time means UTC, whatever the machine's local zone is.
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInputError(field, value, "use YYYY-MM-DD") from None


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


class Console:
    """Runs console commands against the services and prints the answers."""

    def __init__(self, services: Services, out: TextIO = sys.stdout) -> None:
        self._services = services
        self._out = out
        self._handlers: dict[str, Callable[[dict[str, str]], Awaitable[str]]] = {
            "news latest": self.latest,
            "news summary": self.summary,
            "news quotes": self.quotes,
            "news related": self.related,
            "news timeline": self.timeline,
            "news search": self.search,
            "news briefing": self.briefing,
            "feeds list": self.feeds_list,
        }

    async def execute(self, line: str) -> str:
        """Answer one command line (never raises for user errors)."""
        name, options = parse_command(line)
        if name in ("help", "?", ""):
            return HELP
        handler = self._handlers.get(name)
        if handler is None:
            return f"Unknown command: /{name}. Type help for the list."
        try:
            return await handler(options)
        except NotFoundError as exc:
            return f"No {exc.kind} matches {exc.key!r}."
        except InvalidQueryError as exc:
            return f"Cannot search for {exc.query!r}: {exc.reason}."
        except InvalidInputError as exc:
            return f"Invalid {exc.field}: {exc.reason}."
        except NewsbotError as exc:
            return f"Error: {exc}"

    async def latest(self, options: dict[str, str]) -> str:
        """``/news latest``."""
        count = int(options["count"]) if options.get("count", "").isdigit() else 10
        articles = await self._services.news.latest(scope=WHOLE_ARCHIVE, feed=options.get("feed") or None, count=count)
        if not articles:
            return "No stories stored yet. Add a feed or run `newsbot ingest`."
        lines = ["Latest stories:"]
        for article in articles:
            source = f" — {article.source_name}" if article.source_name else ""
            lines.append(f"  • {article.title}{source} ({_when(article.published_at)})")
        return "\n".join(lines)

    async def summary(self, options: dict[str, str]) -> str:
        """``/news summary``."""
        view = await self._services.news.summary(
            options.get("article", ""), options.get("length") or "standard", scope=WHOLE_ARCHIVE
        )
        return f"{view.article.title}\n{view.summary.text}"

    async def quotes(self, options: dict[str, str]) -> str:
        """``/news quotes``."""
        if options.get("text"):
            found = await self._services.quotes.by_text(options["text"], scope=WHOLE_ARCHIVE)
            if not found:
                return "No stored quote has those words."
            return "\n".join([f"Who said “{options['text']}”?"] + [
                f"  • {record.speaker or 'Unknown speaker'}: “{record.text}” — {record.article_title} "
                f"({record.published_at[:10]})" for record in found])
        if options.get("speaker"):
            result = await self._services.quotes.by_speaker(options["speaker"], scope=WHOLE_ARCHIVE)
            lines = [f"Quotes by {result.speaker}:"]
            for record in result.quotes:
                marker = f"“{record.text}”" if record.kind == "direct" else f"(reported) {record.text}"
                lines.append(f"  • {marker} — {record.article_title} ({record.published_at[:10]})")
            return "\n".join(lines)
        if options.get("article"):
            groups = await self._services.quotes.by_article(options["article"], scope=WHOLE_ARCHIVE)
            if not groups:
                return "No quotes in this article."
            lines = []
            for group in groups:
                lines.append(f"{group.speaker or 'Unknown speaker'}:")
                for record in group.quotes:
                    marker = f"“{record.text}”" if record.kind == "direct" else f"(reported) {record.text}"
                    lines.append(f"  • {marker}")
            return "\n".join(lines)
        top = await self._services.quotes.top_speakers(scope=WHOLE_ARCHIVE)
        if not top:
            return "No quotes stored this week."
        return "Most quoted this week:\n" + "\n".join(f"  • {s.name}: {s.count}" for s in top)

    async def related(self, options: dict[str, str]) -> str:
        """``/news related``."""
        view = await self._services.news.related(options.get("article", ""), scope=WHOLE_ARCHIVE)
        lines = [f"Related to: {view.article.title}"]
        lines += [f"  • {item.title} · {_why(item)}" for item in view.related] or ["  (no related headlines yet)"]
        if view.also_reported_by:
            lines.append("Also reported by: " + ", ".join(view.also_reported_by))
        if view.teasers:
            lines.append("From the source:")
            lines += [f"  • {teaser}" for teaser in view.teasers]
        return "\n".join(lines)

    async def timeline(self, options: dict[str, str]) -> str:
        """``/news timeline`` (every stored feed: the console has no server scope)."""
        found = await self._services.follows.timeline(None, options.get("article", ""))
        lines = [f"Timeline: {found.title}"]
        lines += [
            f"  • {e.published_at:%Y-%m-%d %H:%M} {e.outlet or '?'}: {e.title}"
            + (" (follow-up)" if e.follow_up else "")
            for e in found.entries
        ]
        if found.single_outlet:
            lines.append("Only one outlet carries this story so far.")
        return "\n".join(lines)

    async def search(self, options: dict[str, str]) -> str:
        """``/news search``."""
        hits = await self._services.news.search(
            options.get("query", ""),
            scope=WHOLE_ARCHIVE,
            since=_date(options.get("from"), "from"),
            until=_date(options.get("to"), "to"),
            order=options.get("order") or "newest",
        )
        if not hits:
            return "No results."
        return "\n".join(f"• {hit.title}\n    {hit.snippet}" for hit in hits)

    async def briefing(self, options: dict[str, str]) -> str:
        """``/news briefing``."""
        return render_briefing(await self._services.briefings.build(now=utcnow()))

    async def feeds_list(self, options: dict[str, str]) -> str:
        """``/feeds list`` (operator view: every feed)."""
        feeds = await self._services.pipeline.feeds.all_feeds()
        if not feeds:
            return "No feeds. Add one with `newsbot feeds add URL`."
        lines = []
        for feed in feeds:
            state = "disabled" if feed.disabled else ("failing" if feed.failure_count else "ok")
            lines.append(
                f"  [{feed.id}] {feed.display_name} — {state}" + (f" ({feed.last_error})" if feed.last_error else "")
            )
        return "\n".join(lines)

    async def run(self, stdin: TextIO = sys.stdin) -> int:
        """Read commands until end of input (a prompt only on a terminal); return an exit code."""
        interactive = stdin.isatty()
        if interactive:
            self._out.write("newsbot console — type help, quit to leave.\n")
        while True:
            if interactive:
                self._out.write("> ")
                self._out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if line in ("quit", "exit"):
                break
            if not line:
                continue
            self._out.write(await self.execute(line) + "\n")
            self._out.flush()
        return 0


def render_briefing(briefing: Briefing) -> str:
    """Plain-text rendering of a digest."""
    if not briefing.stories:
        return "Nothing to brief on: no stories in the last 24 hours."
    lines = [f"Briefing — {_when(briefing.generated_at)}"]
    for index, story in enumerate(briefing.stories, 1):
        lines.append(f"{index}. {story.headline}")
        if story.summary:
            lines.append(f"   {story.summary}")
        if story.source_count > 1:
            lines.append(f"   Reported by {story.source_count} outlets")
        if story.quote and story.quote_speaker:
            lines.append(f"   “{story.quote}” — {story.quote_speaker}")
    return "\n".join(lines)


def _why(item: RelatedArticle) -> str:
    """Why a related headline is listed, as ``/news related`` says it in English."""
    if item.reason == "also_about":
        return "also about: " + ", ".join(item.shared)
    return item.reason.replace("_", " ").replace("follow up", "follow-up")
