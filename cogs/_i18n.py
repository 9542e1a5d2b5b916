"""English and French: slash-command localisations (a Translator) and the bot's answer strings.

Command names stay English in code; Discord shows the French names and descriptions to users
whose client is in French. Answers follow the server's language setting, else the user's locale.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from cogs import _i18n_follow as follow_strings
from cogs._i18n_moderators import MODERATOR_FR_TEXTS, MODERATOR_MESSAGES

if TYPE_CHECKING:
    from cogs._bot import NewsBot

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

# Slash names: lowercase, no spaces, at most 32 characters (Discord's rule for CHAT_INPUT names).
FR_NAMES: dict[str, str] = {
    "news": "actus",
    "latest": "dernieres",
    "summary": "resume",
    "quotes": "citations",
    "related": "connexes",
    "search": "recherche",
    "briefing": "synthese",
    "feeds": "flux",
    "add": "ajouter",
    "remove": "retirer",
    "list": "liste",
    "pause": "pause",
    "resume": "reprendre",
    "filter": "filtrer",
    "show": "afficher",
    "edit": "modifier",
    "test": "tester",
    "why": "pourquoi",
    "include-add": "inclure-ajouter",
    "include-remove": "inclure-retirer",
    "exclude-add": "exclure-ajouter",
    "exclude-remove": "exclure-retirer",
    "remove-role": "retirer-role",
    "match": "portee",
    "settings": "parametres",
    "language": "langue",
    "briefing-off": "synthese-off",
    "log-channel": "salon-journal",
    "feed": "flux",
    "count": "nombre",
    "article": "article",
    "length": "longueur",
    "speaker": "personne",
    "query": "requete",
    "from": "depuis",
    "to": "jusqua",
    "url": "url",
    "channel": "salon",
    "mention-role": "role-mention",
    "post-latest": "publier-derniers",
    "include": "inclure",
    "exclude": "exclure",
    "time": "heure",
    "timezone": "fuseau",
    "style": "style",
    "colour": "couleur",
    "template": "modele",
    "thread": "fil",
    "webhook-name": "nom-webhook",
    "webhook-avatar": "avatar-webhook",
    "tags": "etiquettes",
    "cap-per-hour": "plafond-par-heure",
    "import": "importer",
    "export": "exporter",
    "file": "fichier",
    "confirm": "confirmer",
    "Summarize article": "Résumer l'article",
}

FR_TEXTS: dict[str, str] = {
    # groups
    "News stories, summaries, quotes and briefings": "Actualités, résumés, citations et synthèses",
    "Manage the news feeds posted in this server": "Gérer les flux d'actualités publiés sur ce serveur",
    "Language, daily briefing and log channel of this server": "Langue, synthèse quotidienne et salon journal",
    # news
    "Newest stories of this server's feeds": "Les dernières actualités des flux de ce serveur",
    "Summary of a stored article": "Résumé d'un article enregistré",
    "Quotes by speaker, by article, or the most quoted people": (
        "Citations par personne, par article, ou les plus cités"
    ),
    "Headlines related to an article": "Titres liés à un article",
    "Search the news archive": "Rechercher dans les archives",
    "The digest of this channel's feeds, now": "La synthèse des flux de ce salon, maintenant",
    "Only stories of this feed": "Seulement les articles de ce flux",
    "How many stories (1-20)": "Combien d'articles (1-20)",
    "Start typing a headline": "Commencez à taper un titre",
    "Summary length": "Longueur du résumé",
    "Who said it": "Qui l'a dit",
    "Words of the quote: who said this?": "Des mots de la citation : qui a dit ça ?",
    "Words to look for": "Mots à chercher",
    "Oldest date, YYYY-MM-DD": "Date la plus ancienne, AAAA-MM-JJ",
    "Newest date, YYYY-MM-DD": "Date la plus récente, AAAA-MM-JJ",
    # feeds
    "Add a feed (checked first; the backlog is not posted)": (
        "Ajouter un flux (vérifié d'abord ; l'historique n'est pas publié)"
    ),
    "Stop posting a feed": "Arrêter de publier un flux",
    "Feeds of this server and their health": "Les flux de ce serveur et leur état",
    "Pause a feed": "Mettre un flux en pause",
    "Resume a paused or disabled feed": "Reprendre un flux en pause ou désactivé",
    "Keep or drop stories by keywords": "Garder ou écarter des articles par mots-clés",
    "Feed address (RSS, Atom or JSON Feed)": "Adresse du flux (RSS, Atom ou JSON Feed)",
    "Channel to post in (default: this one)": "Salon où publier (par défaut : celui-ci)",
    "Role to mention with each story": "Rôle à mentionner avec chaque article",
    "Also post the newest N stories now (0-10)": "Publier aussi les N derniers articles maintenant (0-10)",
    "A feed of this server": "Un flux de ce serveur",
    "Comma-separated keywords a story must contain": "Mots-clés (séparés par des virgules) requis",
    "Comma-separated keywords that drop a story": "Mots-clés (séparés par des virgules) qui écartent un article",
    # settings
    "Language of the bot's answers here": "Langue des réponses du bot ici",
    "This server's settings": "Les paramètres de ce serveur",
    "Post a daily briefing at a local time": "Publier une synthèse quotidienne à une heure locale",
    "Stop the daily briefing": "Arrêter la synthèse quotidienne",
    "Where the bot reports problems": "Où le bot signale les problèmes",
    "Channel for the briefing": "Salon de la synthèse",
    "Choose how a feed's stories arrive": "Choisir comment arrivent les articles d'un flux",
    "full embed, compact one line, or plain text": "encart complet, une ligne compacte ou texte simple",
    "Embed colour as hex, e.g. #1f8b4c (reset: default)":
        "Couleur de l'encart en hexadécimal, p. ex. #1f8b4c (reset : défaut)",
    "Message template: {title} {link} {source} {summary} {quote} {speaker}… (reset: default)":
        "Modèle de message : {title} {link} {source} {summary} {quote} {speaker}… (reset : défaut)",
    "Open a discussion thread on each story": "Ouvrir un fil de discussion sur chaque article",
    "Post through a webhook under this name (reset: as the bot)":
        "Publier via un webhook sous ce nom (reset : comme le bot)",
    "Avatar image URL for the webhook (https)": "URL de l'image d'avatar du webhook (https)",
    "Forum tags to apply, comma-separated names": "Étiquettes de forum à appliquer, noms séparés par des virgules",
    "At most this many posts per hour (0: no cap)": "Au plus ce nombre de publications par heure (0 : sans plafond)",
    "Add the feeds of an OPML file (a dry run first)": "Ajouter les flux d'un fichier OPML (simulation d'abord)",
    "An OPML file (.opml or .xml)": "Un fichier OPML (.opml ou .xml)",
    "Add the feeds (without it: only show what would happen)":
        "Ajouter les flux (sinon : montrer seulement ce qui se passerait)",
    "This server's feeds as an OPML file": "Les flux de ce serveur dans un fichier OPML",
    "Local time, 24-hour HH:MM": "Heure locale, format 24 h HH:MM",
    "IANA time zone, e.g. Africa/Douala": "Fuseau horaire IANA, p. ex. Africa/Douala",
    "Answer language": "Langue des réponses",
    "Log channel (leave empty to stop reporting)": "Salon journal (vide pour ne plus signaler)",
}

FR_TEXTS.update(MODERATOR_FR_TEXTS)

FR_CHOICES: dict[str, str] = {
    "short": "courte",
    "standard": "standard",
    "long": "longue",
    "English": "Anglais",
    "Each member's Discord language": "La langue Discord de chaque membre",
    "title": "titre",
    "title and text": "titre et texte",
    "French": "Français",
}

MESSAGES: dict[str, dict[str, str]] = {
    "no_stories": {
        "en": "No stories yet. A moderator can add a feed with `/feeds add`.",
        "fr": "Aucun article pour l'instant. Un modérateur peut ajouter un flux avec `/flux ajouter`.",
    },
    "latest_title": {"en": "Latest stories", "fr": "Dernières actualités"},
    "summary_title": {"en": "Summary", "fr": "Résumé"},
    "sources": {"en": "Sources", "fr": "Sources"},
    "published": {"en": "Published", "fr": "Publié"},
    "also_reported_by": {"en": "Also reported by", "fr": "Également rapporté par"},
    "thread_update": {
        "en": "📰 Also reported by **{source}**: {title}",
        "fr": "📰 Également rapporté par **{source}** : {title}",
    },
    "default": {"en": "default", "fr": "par défaut"},
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
    "format_saved": {"en": "Delivery format saved:", "fr": "Format de publication enregistré :"},
    "format_style": {"en": "Style", "fr": "Style"},
    "format_colour": {"en": "colour", "fr": "couleur"},
    "format_template": {"en": "Template", "fr": "Modèle"},
    "format_thread": {"en": "Thread per story", "fr": "Fil par article"},
    "format_webhook": {"en": "Webhook name", "fr": "Nom du webhook"},
    "format_cap": {"en": "Posts per hour at most", "fr": "Publications par heure au plus"},
    "format_tags": {"en": "Forum tags", "fr": "Étiquettes de forum"},
    "webhook_missing_permission": {
        "en": "⚠️ I lack Manage Webhooks here: stories will be posted as me until it is granted.",
        "fr": "⚠️ Il me manque « Gérer les webhooks » ici : les articles seront publiés sous mon nom d'ici là.",
    },
    "opml_plan": {
        "en": "Dry run: {new} feed(s) would be added to {channel}:",
        "fr": "Simulation : {new} flux seraient ajoutés à {channel} :",
    },
    "opml_already": {"en": "{count} already followed here.", "fr": "{count} déjà suivis ici."},
    "opml_invalid": {"en": "{count} not usable:", "fr": "{count} inutilisables :"},
    "opml_over_limit": {
        "en": "{count} over this server's feed limit (not added).",
        "fr": "{count} au-delà de la limite de flux de ce serveur (non ajoutés).",
    },
    "opml_confirm": {
        "en": "Run the command again with `confirm: True` to add them.",
        "fr": "Relancez la commande avec `confirmer: True` pour les ajouter.",
    },
    "opml_done": {
        "en": "Added {added} feed(s) to {channel}; {skipped} skipped.",
        "fr": "{added} flux ajoutés à {channel} ; {skipped} ignorés.",
    },
    "opml_failed": {"en": "{count} could not be added:", "fr": "{count} n'ont pas pu être ajoutés :"},
    "opml_exported": {"en": "This server's feeds as OPML:", "fr": "Les flux de ce serveur en OPML :"},
    "overflow_heading": {
        "en": "📚 {count} more stories from {feed}:",
        "fr": "📚 {count} autres articles de {feed} :",
    },
    "webhook_forbidden": {
        "en": "I cannot manage webhooks in {channel}: stories there are posted as me. "
        "Grant Manage Webhooks to post under the chosen name and avatar.",
        "fr": "Je ne peux pas gérer les webhooks dans {channel} : les articles y sont publiés sous mon nom. "
        "Accordez « Gérer les webhooks » pour publier sous le nom et l'avatar choisis.",
    },
    "related_title": {"en": "Related to: {title}", "fr": "En lien avec : {title}"},
    "no_related": {"en": "No related headlines yet.", "fr": "Pas encore de titres liés."},
    "reason_same_story": {"en": "same story", "fr": "même sujet"},
    "reason_follow_up": {"en": "follow-up", "fr": "suite"},
    "reason_also_about": {"en": "also about: {names}", "fr": "concerne aussi : {names}"},
    "from_source": {"en": "From the source", "fr": "De la même source"},
    "quotes_by": {"en": "Quotes by {speaker}", "fr": "Citations de {speaker}"},
    "quotes_in": {"en": "Quotes in: {title}", "fr": "Citations dans : {title}"},
    "no_quotes_article": {"en": "No quotes in this article.", "fr": "Aucune citation dans cet article."},
    "no_quotes_speaker": {"en": "No quotes stored for {speaker}.", "fr": "Aucune citation enregistrée pour {speaker}."},
    "top_speakers": {"en": "Most quoted this week", "fr": "Les plus cités cette semaine"},
    "no_top_speakers": {"en": "No quotes stored this week.", "fr": "Aucune citation enregistrée cette semaine."},
    "quote_count": {"en": "{count} quotes", "fr": "{count} citations"},
    "quote_count_one": {"en": "{count} quote", "fr": "{count} citation"},
    "length_short": {"en": "short", "fr": "courte"},
    "length_standard": {"en": "standard", "fr": "standard"},
    "length_long": {"en": "long", "fr": "longue"},
    "unknown_speaker": {"en": "Unknown speaker", "fr": "Personne non identifiée"},
    "quotes_matching": {"en": "Who said “{text}”?", "fr": "Qui a dit « {text} » ?"},
    "no_quotes_text": {
        "en": "No stored quote has those words.", "fr": "Aucune citation enregistrée ne contient ces mots."
    },
    "reported": {"en": "reported", "fr": "indirect"},
    "search_title": {"en": "Search: {query}", "fr": "Recherche : {query}"},
    "no_results": {"en": "No results for {query}.", "fr": "Aucun résultat pour {query}."},
    "briefing_title": {"en": "Briefing", "fr": "Synthèse"},
    "briefing_empty": {
        "en": "Nothing to brief on: no stories in the last 24 hours.",
        "fr": "Rien à synthétiser : aucun article ces dernières 24 heures.",
    },
    "briefing_late": {
        "en": "Sent late: the bot was offline at the scheduled time.",
        "fr": "Envoyée en retard : le bot était hors ligne à l'heure prévue.",
    },
    "reported_by_n": {"en": "Reported by {count} outlets", "fr": "Rapporté par {count} médias"},
    "page": {"en": "Page {page}/{pages}", "fr": "Page {page}/{pages}"},
    "not_your_pages": {
        "en": "Only the person who ran the command can turn these pages.",
        "fr": "Seule la personne qui a lancé la commande peut tourner ces pages.",
    },
    "feed_added": {"en": "Feed added: {title}", "fr": "Flux ajouté : {title}"},
    "feed_added_body": {
        "en": "{count} items in the feed; posting new stories in {channel}. The backlog is not posted.",
        "fr": "{count} éléments dans le flux ; les nouveaux articles seront publiés dans {channel}. "
        "L'historique n'est pas publié.",
    },
    "feed_added_queued": {"en": "{count} recent stories queued.", "fr": "{count} articles récents en file."},
    "feed_mention": {"en": "Mentions {role}.", "fr": "Mentionne {role}."},
    "feed_removed": {"en": "Removed {title}.", "fr": "{title} retiré."},
    "feed_paused": {"en": "Paused {title}.", "fr": "{title} mis en pause."},
    "feed_resumed": {"en": "Resumed {title}.", "fr": "{title} repris."},
    "feed_filter": {
        "en": "Filters of {title}: include {include}; exclude {exclude}.",
        "fr": "Filtres de {title} : inclure {include} ; exclure {exclude}.",
    },
    "none": {"en": "none", "fr": "aucun"},
    "feeds_title": {"en": "Feeds of this server", "fr": "Flux de ce serveur"},
    "no_feeds": {
        "en": "No feeds yet. Add one with `/feeds add`.",
        "fr": "Aucun flux pour l'instant. Ajoutez-en un avec `/flux ajouter`.",
    },
    "feed_state_ok": {"en": "ok", "fr": "ok"},
    "feed_state_paused": {"en": "paused", "fr": "en pause"},
    "feed_state_disabled": {"en": "disabled: {reason}", "fr": "désactivé : {reason}"},
    "feed_state_failing": {"en": "failing", "fr": "en échec"},
    "feed_health": {
        "en": "in {channel} · {state} · last success {success} · next poll {next}",
        "fr": "dans {channel} · {state} · dernier succès {success} · prochaine lecture {next}",
    },
    "feed_last_error": {"en": "last error: {error}", "fr": "dernière erreur : {error}"},
    "never": {"en": "never", "fr": "jamais"},
    "bot_cannot_post": {
        "en": "I cannot post in {channel}: I need View Channel, Send Messages and Embed Links there.",
        "fr": "Je ne peux pas publier dans {channel} : il me faut Voir le salon, Envoyer des messages "
        "et Intégrer des liens.",
    },
    "language_set": {"en": "I will answer in English here.", "fr": "Je répondrai en français ici."},
    "briefing_set": {
        "en": "Daily briefing in {channel} at {time} ({timezone}).",
        "fr": "Synthèse quotidienne dans {channel} à {time} ({timezone}).",
    },
    "briefing_off": {"en": "Daily briefing stopped.", "fr": "Synthèse quotidienne arrêtée."},
    "log_channel_set": {
        "en": "I will report problems in {channel}.",
        "fr": "Je signalerai les problèmes dans {channel}.",
    },
    "log_channel_off": {"en": "I will not report problems anymore.", "fr": "Je ne signalerai plus les problèmes."},
    "no_link": {
        "en": "That message has no web link to summarize.",
        "fr": "Ce message ne contient aucun lien web à résumer.",
    },
    "log_report": {"en": "⚠️ {text}", "fr": "⚠️ {text}"},
    # errors (tree handler)
    "err_not_found": {"en": "No {kind} matches “{key}”.", "fr": "Aucun(e) {kind} ne correspond à « {key} »."},
    "err_invalid": {"en": "Invalid {field}: {reason}.", "fr": "{field} invalide : {reason}."},
    "err_query": {
        "en": "Cannot search for “{query}”: {reason}.",
        "fr": "Recherche impossible pour « {query} » : {reason}.",
    },
    "err_limit": {"en": "Limit reached: {limit} {what}.", "fr": "Limite atteinte : {limit} {what}."},
    "err_fetch": {"en": "Could not fetch {url}: {reason}.", "fr": "Impossible de récupérer {url} : {reason}."},
    "err_parse": {"en": "Could not read {source}: {reason}.", "fr": "Lecture impossible de {source} : {reason}."},
    "err_cooldown": {
        "en": "Slow down: try again in {seconds:.0f} s.",
        "fr": "Doucement : réessayez dans {seconds:.0f} s.",
    },
    "err_missing_perms": {
        "en": "You need the Manage Server permission for this.",
        "fr": "Il vous faut la permission Gérer le serveur pour cela.",
    },
    "err_bot_perms": {
        "en": "I am missing permissions here: {perms}.",
        "fr": "Il me manque des permissions ici : {perms}.",
    },
    "err_guild_only": {
        "en": "This command works only in a server.",
        "fr": "Cette commande ne marche que sur un serveur.",
    },
    "err_check": {"en": "You cannot use this command here.", "fr": "Vous ne pouvez pas utiliser cette commande ici."},
    "err_unknown": {
        "en": "Something went wrong on my side (reference `{ref}`). Please try again later.",
        "fr": "Une erreur s'est produite de mon côté (référence `{ref}`). Réessayez plus tard.",
    },
}

FR_KINDS = {
    "article": "article",
    "speaker": "personne",
    "feed": "flux",
    "feed subscription": "flux",
    "url": "adresse",
    "time": "heure",
    "timezone": "fuseau horaire",
    "language": "langue",
    "length": "longueur",
    "from": "date de début",
    "to": "date de fin",
    "post_latest": "nombre à publier",
    "feeds in this server": "flux sur ce serveur",
    "filter keywords per feed": "mots-clés de filtre par flux",
}


MESSAGES.update(MODERATOR_MESSAGES)
# Follows (issue 23) keep their strings in their own module; merged here once.
FR_NAMES.update(follow_strings.FR_NAMES)
FR_TEXTS.update(follow_strings.FR_TEXTS)
MESSAGES.update(follow_strings.MESSAGES)
FR_KINDS.update(follow_strings.FR_KINDS)


def tr(lang: str, message_key: str, /, **values: object) -> str:
    """The answer string ``message_key`` in ``lang`` (English when missing), formatted with ``values``."""
    entry = MESSAGES[message_key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


EN_KINDS = {"feed subscription": "feed", "post_latest": "post-latest"}


def term(lang: str, word: str) -> str:
    """A domain word (error kinds and fields) in ``lang``."""
    return FR_KINDS.get(word, word) if lang == "fr" else EN_KINDS.get(word, word)


def language_from_locale(locale: discord.Locale | str | None) -> str | None:
    """``fr`` for any French locale, ``en`` for English ones, None otherwise."""
    value = str(locale or "")
    if value.startswith("fr"):
        return "fr"
    if value.startswith("en"):
        return "en"
    return None


def choose_language(guild_language: str | None, user_locale: discord.Locale | str | None) -> str:
    """The server's setting wins; the user's locale is a hint; English by default."""
    if guild_language in LANGUAGES:
        return guild_language
    return language_from_locale(user_locale) or DEFAULT_LANGUAGE


async def language_for(interaction: discord.Interaction[NewsBot]) -> str:
    """The language to answer ``interaction`` in."""
    guild_language = None
    if interaction.guild_id is not None:
        guild_language = (await interaction.client.services.guild_settings.get(interaction.guild_id)).language
    return choose_language(guild_language, interaction.locale)


class NewsTranslator(app_commands.Translator):
    """French names and descriptions for the slash commands (other locales fall back to English)."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        if language_from_locale(locale) != "fr":
            return None
        message = string.message
        if context.location in (Where.command_name, Where.group_name, Where.parameter_name):
            return FR_NAMES.get(message)
        if context.location is Where.choice_name:
            return FR_CHOICES.get(message)
        return FR_TEXTS.get(message)
