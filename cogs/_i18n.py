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
    "Where keywords are looked for": "Où chercher les mots-clés",
    "Settings, health and counts of a feed": "Réglages, état et compteurs d'un flux",
    "Change a feed's channel, role or keywords": "Changer le salon, le rôle ou les mots-clés d'un flux",
    "Post in this channel instead": "Publier plutôt dans ce salon",
    "Mention this role instead": "Mentionner plutôt ce rôle",
    "Stop mentioning a role": "Ne plus mentionner de rôle",
    "Keywords to add to the include list": "Mots-clés à ajouter à la liste « inclure »",
    "Keywords to remove from the include list": "Mots-clés à retirer de la liste « inclure »",
    "Keywords to add to the exclude list": "Mots-clés à ajouter à la liste « exclure »",
    "Keywords to remove from the exclude list": "Mots-clés à retirer de la liste « exclure »",
    "Preview the newest story as it would be posted": "Aperçu du dernier article tel qu'il serait publié",
    "Why a story was or was not posted": "Pourquoi un article a été publié ou non",
    # settings
    "Language of the bot's answers here": "Langue des réponses du bot ici",
    "This server's settings": "Les paramètres de ce serveur",
    "Post a daily briefing at a local time": "Publier une synthèse quotidienne à une heure locale",
    "Stop the daily briefing": "Arrêter la synthèse quotidienne",
    "Where the bot reports problems": "Où le bot signale les problèmes",
    "Channel for the briefing": "Salon de la synthèse",
    "Local time, 24-hour HH:MM": "Heure locale, format 24 h HH:MM",
    "IANA time zone, e.g. Africa/Douala": "Fuseau horaire IANA, p. ex. Africa/Douala",
    "Answer language": "Langue des réponses",
    "Log channel (leave empty to stop reporting)": "Salon journal (vide pour ne plus signaler)",
}

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
    "related_title": {"en": "Related to: {title}", "fr": "En lien avec : {title}"},
    "no_related": {"en": "No related stories stored yet.", "fr": "Aucun article lié pour l'instant."},
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
    "feed_keywords": {
        "en": "include {include}; exclude {exclude} (in the {mode})",
        "fr": "inclure {include} ; exclure {exclude} (dans le {mode})",
    },
    "filter_title": {"en": "title only", "fr": "titre seulement"},
    "filter_title_text": {"en": "title and text", "fr": "titre et texte"},
    "field_channel": {"en": "Channel", "fr": "Salon"},
    "settings_title": {"en": "Settings of this server", "fr": "Paramètres de ce serveur"},
    "field_language": {"en": "Language", "fr": "Langue"},
    "field_timezone": {"en": "Time zone", "fr": "Fuseau horaire"},
    "field_briefing": {"en": "Daily briefing", "fr": "Synthèse quotidienne"},
    "field_log_channel": {"en": "Log channel", "fr": "Salon journal"},
    "briefing_none": {"en": "off", "fr": "désactivée"},
    "language_each_member": {
        "en": "each member's Discord language",
        "fr": "la langue Discord de chaque membre",
    },
    "language_members": {
        "en": "I will answer each member in their Discord language (English or French).",
        "fr": "Je répondrai à chaque membre dans sa langue Discord (anglais ou français).",
    },
    "field_role": {"en": "Mentions", "fr": "Mentionne"},
    "field_state": {"en": "State", "fr": "État"},
    "field_filters": {"en": "Filters", "fr": "Filtres"},
    "field_polling": {"en": "Polling", "fr": "Lecture"},
    "field_last_error": {"en": "Last error", "fr": "Dernière erreur"},
    "field_counts": {"en": "Stories", "fr": "Articles"},
    "feed_polling": {
        "en": "last poll {last} · last success {success} · next poll {next}",
        "fr": "dernière lecture {last} · dernier succès {success} · prochaine lecture {next}",
    },
    "feed_counts": {
        "en": "{stored} stored · {posted} posted here · {queued} queued · {failed} failed",
        "fr": "{stored} enregistrés · {posted} publiés ici · {queued} en file · {failed} en échec",
    },
    "feed_edited": {"en": "Updated {title}.", "fr": "{title} mis à jour."},
    "role_not_mentionable": {
        "en": "I cannot mention {role} in {channel}: make the role mentionable, or give me the "
        "Mention @everyone, @here and All Roles permission there.",
        "fr": "Je ne peux pas mentionner {role} dans {channel} : rendez le rôle mentionnable, ou "
        "donnez-moi la permission Mentionner @everyone, @here et tous les rôles.",
    },
    "channel_kind": {
        "en": "I cannot post in {channel}: choose a text, voice or stage channel's chat.",
        "fr": "Je ne peux pas publier dans {channel} : choisissez la discussion d'un salon textuel, "
        "vocal ou de conférence.",
    },
    "preview_empty": {
        "en": "{title} has no stored story yet.",
        "fr": "{title} n'a encore aucun article enregistré.",
    },
    "preview_note": {
        "en": "Preview (only you see it): the newest story of {title} as it would be posted in {channel}.",
        "fr": "Aperçu (visible par vous seul) : le dernier article de {title} tel qu'il serait publié "
        "dans {channel}.",
    },
    "preview_filtered": {
        "en": "Its filters would not post this one: {reason}.",
        "fr": "Ses filtres ne publieraient pas celui-ci : {reason}.",
    },
    "why_posted": {"en": "Posted in {channel}.", "fr": "Publié dans {channel}."},
    "why_posted_story": {
        "en": "Not posted: the same story was already posted in {channel} as “{other}”.",
        "fr": "Non publié : la même histoire a déjà été publiée dans {channel} sous « {other} ».",
    },
    "why_queued": {
        "en": "Queued: it will be posted in {channel} soon.",
        "fr": "En file : il sera bientôt publié dans {channel}.",
    },
    "why_failed": {"en": "Posting failed: {error}", "fr": "La publication a échoué : {error}"},
    "why_not_in_feed": {
        "en": "Not posted: this story did not come from this feed.",
        "fr": "Non publié : cet article ne vient pas de ce flux.",
    },
    "why_paused": {"en": "Not posted: the feed is paused here.", "fr": "Non publié : le flux est en pause ici."},
    "why_disabled": {
        "en": "Not posted: posting here was disabled ({error}).",
        "fr": "Non publié : la publication ici a été désactivée ({error}).",
    },
    "why_backlog": {
        "en": "Not posted: it was already in the feed when the feed was added here (the backlog is not posted).",
        "fr": "Non publié : il était déjà dans le flux quand celui-ci a été ajouté ici (l'historique "
        "n'est pas publié).",
    },
    "why_too_old": {
        "en": "Not posted: it was more than {hours} hours old when it appeared in the feed.",
        "fr": "Non publié : il avait plus de {hours} heures quand il est apparu dans le flux.",
    },
    "why_excluded": {
        "en": "Not posted: the keyword “{keyword}” excludes it.",
        "fr": "Non publié : le mot-clé « {keyword} » l'exclut.",
    },
    "why_no_include": {
        "en": "Not posted: none of the include keywords is in it.",
        "fr": "Non publié : aucun des mots-clés à inclure ne s'y trouve.",
    },
    "why_unknown": {
        "en": "It passes every rule here, but no post was queued for it (a posting cap may have held it back).",
        "fr": "Il respecte toutes les règles ici, mais aucune publication n'a été mise en file "
        "(une limite de publication l'a peut-être retenu).",
    },
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
