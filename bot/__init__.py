"""newsbot: a Discord bot that turns news feeds into briefings."""

from bot.native import install_guard

__version__ = "0.1.0"

# Before any other submodule is imported: a compiled module older than its source must not be used.
install_guard()
