"""What pages put after the article: share bars and blocks of other stories (``cut_page_tail``)."""

from __future__ import annotations

from bot.ingest.extract import extract_page
from bot.ingest.normalise import cut_page_tail

ARTICLE = "\n\n".join(
    [
        "The harbour authority approved the new ferry terminal on Monday after two years of hearings, "
        "clearing the way for construction to begin in the spring.",
        "“We listened to every objection,” said the authority's chair, Ines Barros, adding that the "
        "design had been changed three times to protect the salt marsh north of the quay.",
        "The terminal will handle four crossings a day to the islands, twice today's number, and the "
        "old pier will become a public walkway once the work is finished in 2027.",
    ]
)


def test_a_block_of_other_stories_after_the_article_goes_with_its_header() -> None:
    text = ARTICLE + "\n\nMore from Harbour News:\n\n• Fish prices fall again\n• Storm closes the bridge"
    assert cut_page_tail(text) == ARTICLE


def test_share_bar_lines_go_wherever_they_stand() -> None:
    text = "• Tweet this\n• Share on Facebook\n• Reprints\n\n" + ARTICLE + "\n\n• Email this article\n• Print"
    assert cut_page_tail(text) == ARTICLE


def test_french_headers_are_known() -> None:
    text = ARTICLE + "\n\nSur le même sujet\n\nLe port accueille un nouveau ferry\n\nÀ lire aussi\n\nLa digue rouvre"
    assert cut_page_tail(text) == ARTICLE


def test_the_article_goes_on_after_a_header_followed_by_prose() -> None:
    prose = (
        "The authority said the budget, which includes a new road to the quay, would be reviewed each year "
        "by the regional council, and that any overrun would be paid from the port's own reserves rather than "
        "by the towns along the coast, which had feared a rise in local taxes when the plan was first announced "
        "two years ago at a meeting that ended without a vote."
    )
    text = ARTICLE + "\n\nRead more\n\n" + prose
    assert cut_page_tail(text) == text


def test_a_header_in_the_first_half_is_not_the_end_of_the_article() -> None:
    text = "Related stories:\n\n" + ARTICLE + "\n\nA short closing line."
    assert cut_page_tail(text) == text


def test_nothing_is_cut_when_the_block_is_longer_than_what_precedes_it() -> None:
    head = "A short notice from the harbour.\n\n" * 6
    headlines = "\n".join(f"• Headline number {i} about another story in the paper" for i in range(12))
    text = head + "You might also like\n" + headlines
    assert cut_page_tail(text) == text


def test_a_sentence_mentioning_sharing_is_article_text() -> None:
    text = ARTICLE + "\n\nShare this with your neighbours: the walkway opens in June."
    assert cut_page_tail(text) == text


def _page(after_article: str) -> str:
    """The article's page with ``after_article`` marked up inside the article element."""
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    return (
        "<html><head><title>Ferry terminal approved</title></head><body><article>"
        f"<h1>Ferry terminal approved</h1>{paragraphs}{after_article}</article></body></html>"
    )


def test_extraction_drops_the_teasers_marked_up_like_the_article() -> None:
    html = _page(
        "<ul><li>Tweet this</li><li>Share this</li><li>Reprints</li></ul>"
        "<p>Trending On Harbour News</p><p>Fish prices fall again as the fleet returns early</p>"
        "<p>Storm closes the bridge for a second night</p>"
    )
    page = extract_page(html, "https://harbour.example/ferry")
    assert page.text == ARTICLE


def test_extraction_cuts_at_a_header_the_boilerplate_lines_would_remove() -> None:
    # "Related stories:" is also a boilerplate line: the block is cut before lines are stripped, so its
    # headlines go with it (feeds' text is cut first too).
    html = _page("<p>Related stories:</p><p>Fish prices fall again as the fleet returns early</p>")
    assert extract_page(html, "https://harbour.example/ferry").text == ARTICLE
