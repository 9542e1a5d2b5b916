"""Regression tests for the defects real feeds showed (issue 17), one group per numbered defect."""

from __future__ import annotations

import argparse
import html
from collections.abc import AsyncIterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from bot import cli
from bot.cli import open_services
from bot.models import Feed
from bot.services import Services
from bot.timeutil import utcnow
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite

PARAGRAPHS = [
    "The harbour authority of Port Meridian approved on Tuesday a plan to dredge the northern channel "
    "so that larger cargo ships can dock at the container terminal without waiting for the tide.",
    "Director Helena Vos said the works would start in the spring and last about eighteen months, "
    "paid for by port fees and a loan from the regional development bank.",
    "Fishermen who use the channel asked for guarantees that the silt would not be dumped near the "
    "oyster beds, and the authority promised an independent study before any permit is issued.",
    "The city council will hold a public hearing on the plan next month at the old customs house.",
]
FRENCH = [
    "Le conseil municipal de Port-Méridien a adopté mardi soir le plan de dragage du chenal nord, "
    "afin que les plus grands porte-conteneurs puissent accoster sans attendre la marée haute.",
    "La directrice Hélène Vos a indiqué que les travaux commenceraient au printemps et dureraient "
    "environ dix-huit mois, financés par les redevances portuaires et un prêt de la banque régionale.",
    "Les pêcheurs qui utilisent le chenal ont demandé des garanties pour que les sédiments ne soient "
    "pas rejetés près des parcs à huîtres, et une étude indépendante a été promise.",
]


def page(title: str, paragraphs: list[str], *, lang: str = "en", head: str = "", date: str | None = None) -> str:
    """An article page as a CMS serves it (date in article:published_time unless ``date`` is None)."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{meta}{head}</head><body><nav><a href='/'>Home</a></nav><main><article><h1>{html.escape(title)}</h1>"
        f"{body}</article></main><footer><p>Contact</p></footer></body></html>"
    )


def rss(items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed; each item's keys become elements (``description`` HTML-escaped)."""
    out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
           "<link>http://example.invalid/</link><description>d</description>"]
    for item in items:
        out.append("<item>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in item.items()) + "</item>")
    out.append("</channel></rss>")
    return "".join(out)


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with open_services(test_settings(tmp_path, MAX_RESPONSE_BYTES="1000000")) as built:
        yield built


async def _feed(services: Services, url: str) -> Feed:
    feed = await services.pipeline.feeds.add(url)
    return feed


async def _refreshed(services: Services, feed_id: int) -> Feed:
    feed = await services.pipeline.feeds.get(feed_id)
    assert feed is not None
    return feed


# -- 1. a placeholder date (year 1) crashed ingest and blocked the feed ------------------------

YEAR1 = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'


async def test_1_year_one_date_is_ignored_by_ingest(services: Services, news_site: NewsSite) -> None:
    url = news_site.set_route("/a/year1.html", page("Harbour dredging approved", PARAGRAPHS, head=YEAR1))
    report = await services.pipeline.ingest_url(url)
    assert report.errors == [] and len(report.added) == 1
    article = await services.store.articles.get(report.added[0][0])
    assert article is not None and article.published_at.year >= 1990


async def test_1_year_one_date_does_not_block_the_feed(services: Services, news_site: NewsSite) -> None:
    links = []
    for n in range(3):
        head = YEAR1 if n == 1 else ""
        links.append(news_site.set_route(f"/a/{n}.html", page(f"Story {n} of the harbour", PARAGRAPHS[n:], head=head)))
    items = [{"title": f"Story {n} of the harbour", "link": link, "description": "Teaser…"}
             for n, link in enumerate(links)]
    feed = await _feed(services, news_site.set_route("/feed.xml", rss(items), "application/rss+xml"))
    report = await services.pipeline.poll_feed(feed)
    assert len(report.added) == 3 and report.errors == []
    feed = await _refreshed(services, feed.id)
    assert feed.failure_count == 0 and not feed.failing
    oldest = await services.db.fetchval("SELECT MIN(published_at) FROM articles")
    assert oldest >= "1990"


async def test_1_an_odd_stored_date_does_not_crash_the_related_index(tmp_path: Path, news_site: NewsSite) -> None:
    settings = test_settings(tmp_path)
    others = {
        "fr": page("Le chenal nord sera dragué", FRENCH, lang="fr"),
        "cup": page("Cup final moved", ["The football association moved the cup final to Saturday after the "
                                        "stadium roof failed an inspection; tickets remain valid."] * 2),
        "rail": page("Rail strike ends", ["Train drivers ended their strike after the operator agreed to hire "
                                          "more staff and to review the night shift schedule in spring."] * 2),
    }
    async with open_services(settings) as services:
        for name, body in others.items():  # a corpus, so that terms weigh something
            await services.pipeline.ingest_url(news_site.set_route(f"/o/{name}.html", body))
        first = await services.pipeline.ingest_url(news_site.set_route("/a/a.html", page("Harbour plan", PARAGRAPHS)))
        # What the old code stored for a year-1 date: a string datetime.fromisoformat refuses.
        await services.db.execute("UPDATE articles SET published_at = '1-01-01T00:00:00Z' WHERE id = ?",
                                  (first.added[0][0],))
    async with open_services(settings) as services:  # a new process: nothing cached
        similar = page("Oyster farmers fear the harbour dredging", [  # related, not the same story
            "Oyster farmers near Port Meridian fear that dredging the northern channel of the harbour will "
            "smother their beds with silt, their union said on Wednesday.",
            "Harbour director Helena Vos repeated that an independent study of the channel would come first, "
            "and that the dredging permit depends on it.",
        ])
        second = await services.pipeline.ingest_url(news_site.set_route("/a/b.html", similar))
        assert second.errors == [] and len(second.added) == 1


async def test_1_a_feed_whose_polls_fail_is_shown_failing(services: Services, news_site: NewsSite) -> None:
    url = news_site.url("/broken.xml")
    news_site.set_fault("/broken.xml", "error", status=500)
    feed = await _feed(services, url)
    await services.pipeline.poll_feed(feed)
    feed = await _refreshed(services, feed.id)
    assert feed.failing and feed.failure_count == 1 and feed.last_error and "500" in feed.last_error
    assert [f.id for f in await services.pipeline.feeds.failing()] == [feed.id]


# -- 2. full text in <description> stored nothing --------------------------------------------


async def test_2_full_text_in_description_is_stored(services: Services, news_site: NewsSite) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    items = [
        {"title": f"Dredging story {n}", "link": news_site.url(f"/nopage/{n}"),
         "description": body + f"<p>Note {n}.</p>"}
        for n in range(3)
    ]
    feed = await _feed(services, news_site.set_route("/full.xml", rss(items), "application/rss+xml"))
    report = await services.pipeline.poll_feed(feed)
    assert len(report.added) == 3, report.summary()
    assert report.summary().startswith("3 stored, 0 skipped")
    article = await services.store.articles.get(report.added[0][0], with_text=True)
    assert article is not None and "public hearing" in article.text and "\n\n" in article.text
    assert not any(r.path.startswith("/nopage/") for r in news_site.requests)  # no page needed


# -- 3. short items were dropped -----------------------------------------------------------


async def test_3_title_only_and_one_line_items_are_stored_and_posted(services: Services, news_site: NewsSite) -> None:
    route = news_site.set_route("/breaking.xml", rss([]), "application/rss+xml")
    added = await services.feeds.add(1, 10, route)  # the baseline: an empty feed
    news_site.set_route("/breaking.xml", rss([
        {"title": "BREAKING: dam gates opened", "guid": "b1", "description": "Residents downstream are told to move."},
        {"title": "JUST IN: port closed", "guid": "b2"},
    ]), "application/rss+xml")
    feed = await _refreshed(services, added.subscription.feed_id)
    report = await services.pipeline.poll_feed(feed)
    assert [title for _, title in report.added] == ["BREAKING: dam gates opened", "JUST IN: port closed"]
    one_line = await services.store.articles.get(report.added[0][0], with_text=True)
    assert one_line is not None and one_line.text == "Residents downstream are told to move."
    queued = await services.db.fetchval("SELECT COUNT(*) FROM deliveries WHERE channel_id = 10")
    assert queued == 2


# -- 4. one failed page fetch lost the article for good -----------------------------------------


@pytest.mark.parametrize("failure", [503, 404])
async def test_4_a_failed_page_is_fetched_again_and_the_post_is_not_repeated(
    services: Services, news_site: NewsSite, failure: int
) -> None:
    feed_url = news_site.set_route("/empty.xml", rss([]), "application/rss+xml")
    added = await services.feeds.add(1, 10, feed_url)
    link = news_site.url("/a/late.html")
    news_site.set_fault("/a/late.html", "error", status=failure)
    news_site.set_route("/empty.xml", rss([
        {"title": "Harbour dredging approved", "link": link, "guid": "late",
         "description": "The harbour authority approved a plan to dredge the northern channel…"},
    ]), "application/rss+xml")
    feed = await _refreshed(services, added.subscription.feed_id)
    report = await services.pipeline.poll_feed(feed)
    assert len(report.added) == 1 and len(report.pending) == 1  # stored and posted on time, with its teaser
    article_id = report.added[0][0]
    teaser_summary = await services.store.articles.summary_texts([article_id], "short")
    assert await services.store.pending.count() == 1
    news_site.clear_fault("/a/late.html")
    news_site.set_route("/a/late.html", page("Harbour dredging approved", PARAGRAPHS))
    lines: list[str] = []
    await cli.fetch_once(services, lines.append)  # an operator's poll retries waiting pages now
    article = await services.store.articles.get(article_id, with_text=True)
    assert article is not None and "oyster beds" in article.text
    assert await services.store.pending.count() == 0
    assert any(line.startswith(f"updated  #{article_id}") for line in lines)
    assert await services.store.articles.summary_texts([article_id], "short") != teaser_summary
    assert await services.db.fetchval("SELECT COUNT(*) FROM deliveries WHERE article_id = ?", (article_id,)) == 1
    assert await services.db.fetchval("SELECT COUNT(*) FROM related_vectors WHERE article_id = ?", (article_id,)) == 1


async def test_4_a_page_that_never_comes_is_given_up_after_its_retries(services: Services, news_site: NewsSite) -> None:
    news_site.set_fault("/a/gone.html", "error", status=503)
    items = [{"title": "Harbour", "link": news_site.url("/a/gone.html"), "description": "Teaser…"}]
    feed = await _feed(services, news_site.set_route("/gone.xml", rss(items), "application/rss+xml"))
    await services.pipeline.poll_feed(feed)
    for _ in range(services.pipeline.page_retries):
        assert await services.store.pending.count() == 1
        report = await services.pipeline.poll_feed(await _refreshed(services, feed.id), retry_all_pages=True)
    assert await services.store.pending.count() == 0
    assert any("gave up" in reason for _, reason in report.errors)
    assert news_site.hits["/a/gone.html"] == 1 + services.pipeline.page_retries


# -- 5. pages were fetched one at a time -----------------------------------------------------


async def test_5_pages_are_fetched_concurrently_within_the_per_host_limit(
    services: Services, news_site: NewsSite
) -> None:
    for n in range(12):
        text = "\n\n".join([f"Report {n}: the harbour board met for session number {n}.", *PARAGRAPHS])
        item = news_site.add_item("slow", f"Slow story number {n} about the harbour", text=text, teaser_only=True)
        news_site.set_fault(f"/articles/{item.slug}.html", "slow", delay=0.3)
    feed = await _feed(services, news_site.feed_url("slow"))
    news_site.max_in_flight = 0
    report = await services.pipeline.poll_feed(feed)
    assert len(report.added) == 12
    limit = services.settings.max_fetches_per_host
    assert 2 <= news_site.max_in_flight <= limit


# -- 6. a story stored through one feed never reached another feed's subscribers -----------------


async def test_6_every_subscription_that_sees_a_story_gets_it_once(services: Services, news_site: NewsSite) -> None:
    news = news_site.feed_url("hostile")
    alerts = news + "?for=alerts"
    news_site.add_feed("hostile")
    # Two servers; in each, #news follows one feed and #alerts the other, which carries the same items.
    for guild, (news_channel, alerts_channel) in {1: (11, 12), 2: (21, 22)}.items():
        await services.feeds.add(guild, news_channel, news)
        await services.feeds.add(guild, alerts_channel, alerts, mention_role_id=99)
    stories = {
        "Hostile bid for the harbour operator": "\n\n".join(PARAGRAPHS),
        "Le chenal nord sera dragué": "\n\n".join(FRENCH),
        "Cup final moved to Saturday": (
            "The football association moved the cup final to Saturday after the stadium's roof failed an "
            "inspection.\n\nTickets remain valid, and fans who cannot attend will be refunded in full, the "
            "association's chair Maria Lenz said on Friday evening after a meeting with both clubs."
        ),
    }
    for title, text in stories.items():
        news_site.add_item("hostile", title, text=text, published=utcnow())
    for feed in await services.pipeline.feeds.all_feeds():
        await services.pipeline.poll_feed(feed)
    rows = await services.db.fetchall("SELECT channel_id, story_id FROM deliveries")
    per_channel: dict[int, list[int]] = {}
    for row in rows:
        per_channel.setdefault(int(row["channel_id"]), []).append(int(row["story_id"]))
    assert sorted(per_channel) == [11, 12, 21, 22]
    assert all(len(stories) == 3 and len(set(stories)) == 3 for stories in per_channel.values()), per_channel
    pings = await services.db.fetchval("SELECT COUNT(*) FROM deliveries WHERE mention_role_id = 99")
    assert pings == 6


# -- 7. undated templates, the declared language, boilerplate lines --------------------------


async def test_7_an_undated_template_page_is_not_an_article(services: Services, news_site: NewsSite) -> None:
    template = page("Modification de page en cours", [
        "{{ article.chapo }} {{ article.auteur }}",
        "Modification de page en cours : {{ bloc.titre }} — {{ bloc.texte }} " + " ".join(FRENCH),
    ], lang="fr")
    report = await services.pipeline.ingest_url(news_site.set_route("/edit.html", template))
    assert report.added == [] and report.errors and "not an article" in report.errors[0][1]
    dated = await services.pipeline.ingest_url(news_site.set_route("/undated.html", page("Harbour", PARAGRAPHS)))
    assert len(dated.added) == 1
    assert await services.db.fetchval("SELECT undated FROM articles WHERE id = ?", (dated.added[0][0],)) == 1


async def test_7_language_comes_from_the_text_when_the_page_declares_another(
    services: Services, news_site: NewsSite
) -> None:
    url = news_site.set_route("/fr.html", page("Le chenal nord sera dragué", FRENCH, lang="en",
                                                  date=utcnow().isoformat()))
    report = await services.pipeline.ingest_url(url)
    article = await services.store.articles.get(report.added[0][0])
    assert article is not None and article.lang == "fr"


async def test_7_boilerplate_lines_are_not_stored(services: Services, news_site: NewsSite) -> None:
    noise = [
        "À lire aussi : Le port de commerce bat un record",
        "Crédits photos : AFP / Jean Dupont",
        "Article mis à jour le 12 mars 2024 à 10h15",
        "Inscrivez-vous à notre newsletter quotidienne",
        "Pour lire la suite, abonnez-vous",
    ]
    body = [FRENCH[0], noise[0], FRENCH[1], noise[1], noise[2], FRENCH[2], noise[3], noise[4]]
    report = await services.pipeline.ingest_url(news_site.set_route("/noisy.html", page("Dragage", body, lang="fr")))
    article = await services.store.articles.get(report.added[0][0], with_text=True)
    assert article is not None and "parcs à huîtres" in article.text
    assert not any(line in article.text for line in noise)


# -- reasons everywhere: feeds add, fetch-once, feeds list, doctor, the log channel --------------


async def test_feed_add_says_what_was_stored_and_skipped(services: Services, news_site: NewsSite) -> None:
    items = [
        {"title": "Harbour dredging approved", "guid": "ok", "description": "The authority approved the plan."},
        {"guid": "empty"},  # nothing at all: no title, no text
    ]
    url = news_site.set_route("/mixed.xml", rss(items), "application/rss+xml")
    lines: list[str] = []
    assert await cli.add_feed(services, url, lines.append) == 0
    assert "1 stored, 1 skipped (item has no title or text × 1)" in lines[0]
    feed = await services.pipeline.feeds.by_url(url)
    assert feed is not None and feed.last_report and feed.last_report.startswith("1 stored, 1 skipped")
    reason = await services.db.fetchval("SELECT skip_reason FROM feed_items WHERE guid LIKE '%empty'")
    assert reason == "item has no title or text"


async def test_failing_feeds_show_their_last_error_in_feeds_list_and_doctor(
    tmp_path: Path, news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.doctor import feed_health

    news_site.set_fault("/down.xml", "error", status=503)
    settings = test_settings(tmp_path)
    async with open_services(settings) as services:
        feed = await services.pipeline.feeds.add(news_site.url("/down.xml"))
        await services.pipeline.poll_feed(feed)
        failing = await services.pipeline.feeds.all_feeds()
    checks = feed_health(failing)
    assert [c.status for c in checks] == ["fail"] and "HTTP 503" in checks[0].detail
    assert await cli.cmd_feeds(settings, argparse.Namespace(feeds_command="list")) == 0
    out = capsys.readouterr().out
    assert "[FAILING]" in out and "last error: HTTP 503" in out


async def test_a_feed_disabled_after_repeated_failures_is_announced_in_the_log_channel(
    tmp_path: Path, news_site: NewsSite
) -> None:
    from tests.bot.test_delivery import RecordingPublisher

    news_site.set_route("/soon-down.xml", rss([]), "application/rss+xml")
    async with open_services(test_settings(tmp_path, FEED_FAILURE_LIMIT="2")) as services:
        added = await services.feeds.add(7, 70, news_site.url("/soon-down.xml"))
        await services.guild_settings.set_log_channel(7, 77)
        publisher = RecordingPublisher()
        services.delivery(publisher)
        news_site.set_fault("/soon-down.xml", "error", status=500)
        for _ in range(2):
            feed = await _refreshed(services, added.subscription.feed_id)
            await services.pipeline.poll_feed(feed)
        assert (await _refreshed(services, added.subscription.feed_id)).disabled
    assert len(publisher.reports) == 1
    channel, text = publisher.reports[0]
    assert channel == 77 and "disabled" in text and "HTTP 500" in text
