"""newsbot: a Discord bot that turns news feeds into briefings."""

__version__ = "0.1.0"
