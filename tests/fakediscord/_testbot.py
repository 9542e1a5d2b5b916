"""A minimal discord.py bot used only to prove the fake Discord works with the real client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord
from discord import app_commands
from discord.ext import commands

from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.state import Channel, Guild


@dataclass
class Newsroom:
    """The small world the rig's own tests run in: one guild with #general and #news."""

    fake: FakeDiscord
    guild: Guild
    general: Channel
    news: Channel


SPEAKERS = [f"Speaker {i:02d}" for i in range(30)]


class Pager(discord.ui.View):
    """Three pages and a Next button."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.page = 1

    @discord.ui.button(label="Next", custom_id="pager:next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button[Pager]) -> None:
        self.page = min(self.page + 1, 3)
        await interaction.response.edit_message(content=f"page {self.page}/3", view=self)


class NewsCog(commands.GroupCog, group_name="news"):
    """Slash commands covering each answer style the rig must follow."""

    def __init__(self, bot: RigBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="ping")
    async def ping(self, interaction: discord.Interaction) -> None:
        """Answer directly."""
        await interaction.response.send_message("pong")

    @app_commands.command(name="slow")
    @app_commands.describe(topic="What to look up")
    async def slow(self, interaction: discord.Interaction, topic: str,
                   count: app_commands.Range[int, 1, 5] = 1) -> None:
        """Defer, work, then follow up."""
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send(f"slow {topic} x{count}")

    @app_commands.command(name="lengthy")
    async def lengthy(self, interaction: discord.Interaction, seconds: float) -> None:
        """Defer at once, follow up after ``seconds`` (work that takes longer than the initial deadline)."""
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(seconds)
        await interaction.followup.send(f"done after {seconds}s")

    @app_commands.command(name="quote")
    async def quote(self, interaction: discord.Interaction, speaker: str) -> None:
        """Ephemeral answer with an autocompleted option."""
        await interaction.response.send_message(f"quote by {speaker}", ephemeral=True)

    @quote.autocomplete("speaker")
    async def speaker_autocomplete(self, interaction: discord.Interaction,
                                   current: str) -> list[app_commands.Choice[str]]:
        # Deliberately uncapped: an empty prefix yields 30 choices, which Discord refuses.
        return [app_commands.Choice(name=s, value=s) for s in SPEAKERS if s.lower().startswith(current.lower())]

    @app_commands.command(name="pages")
    async def pages(self, interaction: discord.Interaction) -> None:
        """A paginated answer with a button."""
        await interaction.response.send_message("page 1/3", view=Pager())

    @app_commands.command(name="post")
    async def post(self, interaction: discord.Interaction, channel: discord.TextChannel, text: str) -> None:
        """Post to another channel, answer privately."""
        await interaction.response.defer(ephemeral=True)
        await channel.send(text)
        await interaction.followup.send(f"posted to {channel.name}", ephemeral=True)

    @app_commands.command(name="whoami")
    async def whoami(self, interaction: discord.Interaction) -> None:
        """Report the permissions carried by the interaction."""
        perms, app = interaction.permissions, interaction.app_permissions
        await interaction.response.send_message(f"manage_guild={perms.manage_guild} embed_links={app.embed_links}")

    @app_commands.command(name="long")
    async def long(self, interaction: discord.Interaction, size: int) -> None:
        """Answer with ``size`` characters (over 2000 is refused by Discord)."""
        await interaction.response.send_message("x" * size)

    @app_commands.command(name="sleepy")
    async def sleepy(self, interaction: discord.Interaction, seconds: float) -> None:
        """Answer too late when ``seconds`` exceeds the interaction deadline."""
        await asyncio.sleep(seconds)
        await interaction.response.send_message("finally")

    @app_commands.command(name="admin")
    async def admin(self, interaction: discord.Interaction) -> None:
        """Moderator-only command, with a runtime check."""
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("You need Manage Server.", ephemeral=True)
            return
        await interaction.response.send_message("admin ok", ephemeral=True)


@app_commands.command(name="modtools")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
async def modtools(interaction: discord.Interaction) -> None:
    """Top-level moderator command (default_member_permissions only works at the top level)."""
    await interaction.response.send_message("tools", ephemeral=True)


@app_commands.context_menu(name="Quote this")
async def quote_this(interaction: discord.Interaction, message: discord.Message) -> None:
    """Message command: echo the target message."""
    await interaction.response.send_message(f"quoted: {message.content}", ephemeral=True)


class RigBot(commands.Bot):
    """Syncs to one guild (dev guild style) and globally, and records command errors."""

    def __init__(self, *, guild_id: int, intents: discord.Intents | None = None) -> None:
        super().__init__(command_prefix="!", intents=intents or discord.Intents.default(),
                         guild_ready_timeout=0.05)
        self.guild_id = guild_id
        self.command_errors: list[BaseException] = []
        self.tree.on_error = self.on_tree_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        await self.add_cog(NewsCog(self))
        self.tree.add_command(quote_this)
        self.tree.add_command(modtools)
        guild = discord.Object(self.guild_id)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)
        await self.tree.sync()

    async def on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.command_errors.append(getattr(error, "original", error))


@asynccontextmanager
async def running_bot(fake: FakeDiscord, guild_id: int, *, timeout: float = 10.0) -> AsyncIterator[RigBot]:
    """Start a RigBot against ``fake``, wait until it is ready and synced, close it afterwards."""
    bot = RigBot(guild_id=guild_id)
    task = asyncio.create_task(bot.start("fake-token"))
    try:
        await fake.wait_until_ready(timeout)
        await asyncio.wait_for(bot.wait_until_ready(), timeout)
        await fake.wait_for_commands(guild_id, timeout)
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), timeout)
        await asyncio.wait_for(task, timeout)
