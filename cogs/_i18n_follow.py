"""English and French strings of ``/follow``, ``/news timeline`` and the follow notices (merged by ``_i18n``)."""

from __future__ import annotations

FR_NAMES: dict[str, str] = {
    "follow": "suivre",
    "story": "sujet",
    "timeline": "chronologie",
    "follow-dm": "suivi-mp",
    "allowed": "autorise",
}

FR_TEXTS: dict[str, str] = {
    "Follow a person or a story of this server's feeds": "Suivre une personne ou un sujet des flux de ce serveur",
    "Post a card when this person is quoted": "Publier une carte quand cette personne est citée",
    "Post new reports and follow-ups of this story": "Publier les nouveaux articles et suites de ce sujet",
    "This server's follows and your private ones": "Les suivis de ce serveur et les vôtres en privé",
    "Stop a follow": "Arrêter un suivi",
    "A follow of this server, or one of yours": "Un suivi de ce serveur, ou l'un des vôtres",
    "Channel to post in (moderators); empty: privately by DM":
        "Salon où publier (modérateurs) ; vide : en privé par message direct",
    "Every report and follow-up of a story, in time order": "Tous les articles et suites d'un sujet, dans l'ordre",
    "Let members follow people and stories privately by DM":
        "Permettre aux membres de suivre en privé par message direct",
    "Allow private follows by DM": "Autoriser les suivis privés par message direct",
}

MESSAGES: dict[str, dict[str, str]] = {
    "following": {"en": "Following {label}", "fr": "Suivi : {label}"},
    "quote_card_title": {"en": "🗣️ New quote from {speaker}", "fr": "🗣️ Nouvelle citation de {speaker}"},
    "quote_card_article": {"en": "In", "fr": "Dans"},
    "quote_card_first_said": {"en": "First said", "fr": "Dit pour la première fois"},
    "outlets_n": {"en": "{count} other outlet(s)", "fr": "{count} autre(s) média(s)"},
    "story_report_title": {"en": "📰 New report: {story}", "fr": "📰 Nouvel article : {story}"},
    "story_follow_up_title": {"en": "📰 Follow-up: {story}", "fr": "📰 Suite : {story}"},
    "story_whats_new": {"en": "What's new:", "fr": "Ce qui est nouveau :"},
    "story_new_outlets": {"en": "New outlets", "fr": "Nouveaux médias"},
    "story_coverage": {"en": "Coverage", "fr": "Couverture"},
    "story_coverage_value": {
        "en": "{reports} report(s) from {outlets} outlet(s)",
        "fr": "{reports} article(s) de {outlets} média(s)",
    },
    "timeline_title": {"en": "Timeline: {title}", "fr": "Chronologie : {title}"},
    "timeline_follow_up": {"en": "follow-up", "fr": "suite"},
    "timeline_outlets": {"en": "{count} outlets", "fr": "{count} médias"},
    "timeline_single_outlet": {
        "en": "Only one outlet carries this story so far",
        "fr": "Un seul média rapporte ce sujet pour l'instant",
    },
    "follows_title": {"en": "Follows", "fr": "Suivis"},
    "no_follows": {
        "en": "Nothing followed yet. Try `/follow speaker` or `/follow story`.",
        "fr": "Aucun suivi pour l'instant. Essayez `/suivre personne` ou `/suivre sujet`.",
    },
    "follow_by_dm": {"en": "you, by DM", "fr": "vous, en message direct"},
    "follow_added": {"en": "Now following: {follow}", "fr": "Suivi ajouté : {follow}"},
    "follow_exists": {"en": "Already following: {follow}", "fr": "Déjà suivi : {follow}"},
    "follow_dm_note": {
        "en": "I will send you a DM when there is news (allow DMs from this server to receive them).",
        "fr": "Je vous enverrai un message direct à chaque nouveauté (autorisez les messages directs de ce serveur).",
    },
    "follow_dm_off": {
        "en": "Private follows by DM are off in this server. A moderator can turn them on with "
        "`/settings follow-dm`, or follow into a channel with the `channel` option.",
        "fr": "Les suivis privés par message direct sont désactivés sur ce serveur. Un modérateur peut les "
        "activer avec `/parametres suivi-mp`, ou suivre dans un salon avec l'option `salon`.",
    },
    "follow_removed": {"en": "Stopped following {label}.", "fr": "Suivi de {label} arrêté."},
    "follow_dm_on": {
        "en": "Members may now follow people and stories privately by DM.",
        "fr": "Les membres peuvent désormais suivre en privé par message direct.",
    },
    "follow_dm_set_off": {
        "en": "Private follows by DM are now off (existing ones stay).",
        "fr": "Les suivis privés par message direct sont désactivés (ceux qui existent restent).",
    },
}

FR_KINDS: dict[str, str] = {
    "follow": "suivi",
    "follows in this server": "suivis sur ce serveur",
    "private follows": "suivis privés",
}
