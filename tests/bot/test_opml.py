"""OPML import/export (issue 22): round trip, refusals with reasons, the operator CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.errors import InvalidInputError
from bot.opml import OpmlFeed, build_opml, parse_opml
from tests.newssite.server import NewsSite

FEEDS = [OpmlFeed("https://a.example/rss", "A & B news"), OpmlFeed("https://c.example/atom.xml", None)]


def test_build_then_parse_is_the_same_list() -> None:
    expected = [OpmlFeed(FEEDS[0].url, "A & B news"), OpmlFeed(FEEDS[1].url, FEEDS[1].url)]
    assert parse_opml(build_opml(FEEDS, "t")) == expected


def test_nested_folders_and_repeats_are_read_once_in_order() -> None:
    data = b"""<opml version="1.0"><head/><body><outline text="Tech"><outline xmlUrl="https://a.example/rss"
    text="A"/><outline xmlUrl="https://b.example/rss" title="B"/></outline><outline xmlUrl="https://a.example/rss"/>
    <outline text="a web page" htmlUrl="https://c.example/"/></body></opml>"""
    assert [f.url for f in parse_opml(data)] == ["https://a.example/rss", "https://b.example/rss"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<opml><body><outline", "not well-formed"),
        (b"<rss/>", "not an OPML file"),
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
         b"<opml><body><outline xmlUrl='&lol2;'/></body></opml>", "DTD"),
        (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body/></opml>', "DTD"),
        (b"<opml><body/></opml>", "no feed"),
        (b"<opml><body>" + b"".join(b"<outline xmlUrl='https://x.example/%d'/>" % n for n in range(501))
         + b"</body></opml>", "at most 500"),
        (b" " * 1_000_001, "larger than"),
    ],
    ids=["malformed", "rss", "entity-expansion", "external-entity", "empty", "too-many", "oversized"],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_opml(data)
    assert reason in caught.value.reason


async def test_cli_import_then_export_round_trip(tmp_path: Path, news_site: NewsSite) -> None:
    from tests.test_crash_safety import _spawn

    for name in ("world", "science"):
        news_site.add_item(name, f"Archive of {name}", text=f"An old {name} story kept in the archive for weeks. " * 5)
    urls = [news_site.feed_url("world"), news_site.feed_url("science")]
    source = tmp_path / "in.opml"
    source.write_bytes(build_opml([OpmlFeed(u) for u in [*urls, "ftp://nowhere.example/feed"]], "in"))
    db_path = tmp_path / "newsbot.sqlite3"

    async def run(*args: str) -> tuple[int, str]:
        proc = await _spawn(db_path, *args, ALLOW_PRIVATE_HOSTS="true")
        out, _ = await proc.communicate()
        return proc.returncode or 0, out.decode()

    code, out = await run("opml", "import", str(source), "--guild", "1", "--channel", "2", "--dry-run")
    assert code == 0 and "2 new, 0 already followed, 1 invalid" in out, out
    code, out = await run("opml", "import", str(source), "--guild", "1", "--channel", "2")
    assert code == 0 and out.count("  added ") == 2, out
    code, out = await run("opml", "import", str(source), "--guild", "1", "--channel", "2")
    assert "0 new, 2 already followed" in out, out
    target = tmp_path / "out.opml"
    code, out = await run("opml", "export", str(target), "--guild", "1")
    assert code == 0, out
    assert sorted(f.url for f in parse_opml(target.read_bytes())) == sorted(urls)
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<opml><body><outline")
    code, out = await run("opml", "import", str(bad), "--guild", "1", "--channel", "2")
    assert code == 2 and "not well-formed" in out, (sys.executable, out)
