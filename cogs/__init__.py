"""The Discord side: the bot class, its command tree, and one extension per slash group."""

EXTENSIONS: tuple[str, ...] = (
    "cogs.news",
    "cogs.feeds",
    "cogs.settings",
    "cogs.posting",
    "cogs.follow",
)
