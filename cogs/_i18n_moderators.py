"""Answer strings of the moderators' commands (``/feeds show|edit|test|why``, ``/settings show``).

Kept apart from ``cogs._i18n`` so that each module stays small; ``cogs._i18n`` merges them into
``FR_TEXTS`` and ``MESSAGES``.
"""

from __future__ import annotations

MODERATOR_FR_TEXTS: dict[str, str] = {
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
}

MODERATOR_MESSAGES: dict[str, dict[str, str]] = {
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
}
