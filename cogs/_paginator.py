"""Button pagination for long answers; only the member who ran the command may turn the pages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from cogs._i18n import tr

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300.0


class Paginator(discord.ui.View):
    """Previous/next buttons over pre-rendered embeds."""

    def __init__(self, pages: Sequence[discord.Embed], *, author_id: int, lang: str, timeout: float = TIMEOUT_SECONDS):
        super().__init__(timeout=timeout)
        if not pages:
            raise ValueError("a paginator needs at least one page")
        self.pages = list(pages)
        self.index = 0
        self.author_id = author_id
        self.lang = lang
        self._origin: discord.Interaction[Any] | None = None
        self._update_buttons()

    # Not ``_refresh``: discord.ui.View has its own ``_refresh(components)``, which discord.py calls.
    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.author_id:
            return True
        await interaction.response.send_message(tr(self.lang, "not_your_pages"), ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction[Any], index: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, index))
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Paginator]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Paginator]) -> None:
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        if self._origin is None:
            return
        try:
            await self._origin.edit_original_response(view=None)
        except discord.HTTPException as exc:
            log.debug("could not remove page buttons: %s", exc)


async def send_pages(
    interaction: discord.Interaction[Any],
    pages: Sequence[discord.Embed],
    *,
    lang: str,
    ephemeral: bool = False,
) -> None:
    """Answer with the first page (and buttons when there are more), as a response or a follow-up."""
    view: Paginator | None = None
    if len(pages) > 1:
        view = Paginator(pages, author_id=interaction.user.id, lang=lang)
        view._origin = interaction
    kwargs: dict[str, Any] = {"embed": pages[0], "ephemeral": ephemeral}
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def send_text(interaction: discord.Interaction[Any], text: str, *, ephemeral: bool = True) -> None:
    """Answer with plain text (ephemeral by default), as a response or a follow-up."""
    allowed = discord.AllowedMentions.none()
    if interaction.response.is_done():
        await interaction.followup.send(text[:2000], ephemeral=ephemeral, allowed_mentions=allowed)
    else:
        await interaction.response.send_message(text[:2000], ephemeral=ephemeral, allowed_mentions=allowed)
