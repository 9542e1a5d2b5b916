"""Realistic article HTML for the extraction benchmark: the story inside a news site's boilerplate."""

from __future__ import annotations

import html
import random

from bench.synth import SOURCES, SynthArticle, slugify

_SECTIONS = {
    "en": ["World", "Politics", "Business", "Science", "Health", "Sport", "Culture", "Opinion", "Climate"],
    "fr": ["Monde", "Politique", "Économie", "Sciences", "Santé", "Sport", "Culture", "Idées", "Planète"],
}
_UI = {
    "en": ("Subscribe", "Sign in", "Share this article", "Most read", "Read more", "Advertisement",
           "We use cookies to improve your experience. Accept all cookies?", "Newsletter: the day's news at 7am",
           "All rights reserved", "Terms", "Privacy", "Contact us", "Related stories"),
    "fr": ("S'abonner", "Se connecter", "Partager cet article", "Les plus lus", "Lire aussi", "Publicité",
           "Nous utilisons des cookies pour améliorer votre expérience. Tout accepter ?",
           "Newsletter : l'essentiel de l'actualité à 7 h", "Tous droits réservés", "Mentions légales",
           "Confidentialité", "Nous contacter", "Sur le même sujet"),
}


def render_page(article: SynthArticle, teasers: list[str]) -> str:
    """A full page: head with metadata, nav, cookie banner, article, asides, scripts, footer."""
    rng = random.Random(article.index)
    lang = article.lang
    ui = _UI[lang]
    esc = html.escape
    nav = "".join(f'<li><a href="/{s.lower()}/">{esc(s)}</a></li>' for s in _SECTIONS[lang])
    most_read = "".join(
        f'<li><a href="/{slugify(t)}-{rng.randint(1000, 99999)}">{esc(t)}</a></li>' for t in teasers[:5]
    )
    paragraphs = article.text.split("\n\n")
    body_parts = []
    for i, para in enumerate(paragraphs):
        body_parts.append(f"<p>{esc(para)}</p>")
        if i == 2:
            body_parts.append(
                f'<aside class="inline-ad"><span>{ui[5]}</span><div id="ad-slot-{rng.randint(1, 9)}"></div></aside>'
            )
        if i == 4 and teasers:
            body_parts.append(
                f'<div class="read-more"><strong>{ui[4]}</strong> '
                f'<a href="/{slugify(teasers[0])}">{esc(teasers[0])}</a></div>'
            )
    others = ", ".join(esc(s.name) for s in SOURCES[:3])
    published = article.published_at.isoformat()
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{esc(article.title)} | {esc(article.source.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{esc(paragraphs[0][:150])}">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{esc(article.url)}">
<meta property="og:site_name" content="{esc(article.source.name)}">
<meta property="og:image" content="https://{article.source.domain}/img/{article.index}.jpg">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{esc(article.author)}">
<link rel="canonical" href="{esc(article.url)}">
<link rel="stylesheet" href="/static/site.{rng.randint(10000, 99999)}.css">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{esc(article.title)}", "datePublished": "{published}",
"author": {{"@type": "Person", "name": "{esc(article.author)}"}}}}</script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body class="article-page">
<div id="cookie-banner" class="banner"><p>{ui[6]}</p><button>OK</button></div>
<header class="site-header">
  <a class="logo" href="/">{esc(article.source.name)}</a>
  <nav class="main-nav"><ul>{nav}</ul></nav>
  <div class="account"><a href="/subscribe">{ui[0]}</a> <a href="/login">{ui[1]}</a></div>
</header>
<main>
  <div class="breadcrumbs"><a href="/">Home</a> ›
    <a href="/{_SECTIONS[lang][1].lower()}/">{_SECTIONS[lang][1]}</a></div>
  <article class="story">
    <h1 class="headline">{esc(article.title)}</h1>
    <div class="byline">By <span class="author">{esc(article.author)}</span>
      <time datetime="{published}">{article.published_at:%d %B %Y, %H:%M}</time></div>
    <figure><img src="/img/{article.index}.jpg" alt=""><figcaption>{esc(article.source.name)}</figcaption></figure>
    <div class="story-body">
      {"".join(body_parts)}
    </div>
    <div class="share"><span>{ui[2]}</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
  </article>
  <aside class="sidebar">
    <section class="most-read"><h2>{ui[3]}</h2><ol>{most_read}</ol></section>
    <section class="newsletter"><h2>{ui[7]}</h2><form><input type="email"><button>{ui[0]}</button></form></section>
    <section class="partners"><h2>{ui[12]}</h2><p>{others}</p></section>
  </aside>
</main>
<footer class="site-footer">
  <ul><li><a href="/terms">{ui[9]}</a></li><li><a href="/privacy">{ui[10]}</a></li>
  <li><a href="/contact">{ui[11]}</a></li></ul>
  <p>© {article.published_at.year} {esc(article.source.name)}. {ui[8]}.</p>
</footer>
<script src="/static/app.{rng.randint(10000, 99999)}.js" async></script>
</body>
</html>
"""
