"""Links to other stories set inside an article's paragraphs ("À LIRE AUSSI <headline>")."""

from __future__ import annotations

from lxml import html as lxml_html

from bot.ingest.extract import extract_page
from bot.ingest.inline_teasers import drop_read_also
from bot.nlp.quotes import extract_quotes

PARAS = [
    "Le tribunal correctionnel de Nîmes a jugé jeudi un imam de Beaucaire, poursuivi pour apologie du terrorisme "
    "après la publication d'un texte religieux sur sa page Facebook, cinq jours après l'attaque du 7 octobre.",
    "Le procureur a requis huit mois de prison ferme, estimant que la publication visait à inciter à la haine, "
    "et rappelé que deux associations s'étaient constituées parties civiles dans ce dossier.",
]
CAPSULE = (
    '<span class="Capsule"><span class="Phylactery">À LIRE AUSSI</span> <strong><a href="/autre-article.php">'
    "Massacre du 7 octobre : comment les défenseurs du Hamas s'inspirent de la rhétorique nazie</a></strong></span>"
)


def _page(body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        "<html><head><title>Un imam condamné</title></head><body><article><h1>Un imam condamné</h1>"
        f"{paras}{body}</article></body></html>"
    )


def test_a_capsule_inside_a_paragraph_goes_and_the_quotation_after_it_keeps_its_speaker() -> None:
    para = (
        "<p>Le procureur a parlé d'une publication « comme ils étaient ».<br/>" + CAPSULE
        + "« Vous devez le juger sans céder à la passion et à la pression », plaide l'avocate de l'imam, "
        "Saphia Foughar. Le jugement a été mis en délibéré.</p>"
    )
    text = extract_page(_page(para), "https://news.example/imam").text
    assert "LIRE AUSSI" not in text and "rhétorique nazie" not in text
    assert "« comme ils étaient ».\n« Vous devez" in text or "« comme ils étaient ». « Vous devez" in text
    speakers = {q.text[:20]: q.speaker for q in extract_quotes(text, "fr")}
    assert speakers["Vous devez le juger "] == "Saphia Foughar"


def test_the_headline_no_longer_runs_into_the_next_sentence() -> None:
    para = "<p>Il dit avoir appelé à la paix." + CAPSULE + "C'est ce que confirmeront quatre fidèles.</p>"
    text = extract_page(_page(para), "https://news.example/imam").text
    assert "Il dit avoir appelé à la paix.C'est ce que confirmeront quatre fidèles." in text


def test_a_label_and_link_in_a_long_paragraph_go_and_the_rest_stays() -> None:
    tree = lxml_html.fromstring(
        "<div><p>The council met on Monday. <strong>Read more:</strong> <a href='/x'>Budget row deepens</a> "
        "It voted to keep the library open.</p></div>"
    )
    assert drop_read_also(tree) == 1
    assert " ".join(tree.text_content().split()) == "The council met on Monday. It voted to keep the library open."


def test_a_read_also_block_on_its_own_goes_whole() -> None:
    tree = lxml_html.fromstring(
        "<div><p>The council met.</p><p><strong>READ ALSO:</strong> <a href='/x'>Budget row deepens</a></p>"
        "<p>It voted.</p></div>"
    )
    assert drop_read_also(tree) == 1
    assert [p.text_content() for p in tree.iter("p")] == ["The council met.", "It voted."]


def test_the_words_inside_a_sentence_or_a_link_are_not_a_label() -> None:
    html = (
        "<div><p>You can <a href='/x'>read more</a> about the plan here, or see also the council's notes.</p>"
        "<p><a href='/y'>Read more about the budget</a></p></div>"
    )
    tree = lxml_html.fromstring(html)
    before = tree.text_content()
    assert drop_read_also(tree) == 0
    assert tree.text_content() == before
