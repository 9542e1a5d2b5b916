"""The compiled build of the ingest hot paths (mypyc), and the guard that keeps it in step with the sources.

The modules in :data:`COMPILED_MODULES` are ordinary typed Python. ``newsbot native build`` (run by
``make``) compiles them with mypyc into extension modules beside their sources, which Python then
imports instead of the ``.py`` files: the same code, with less interpreter overhead (12–15 % more
articles ingested per CPU-second, measured in ``docs/benchmarks.md``). Without mypy or a C compiler
the build says why and the bot runs on the sources, which behave identically. Records built many
times per article in these modules are plain classes, not dataclasses: compiled, a plain class is
a native struct, while a dataclass keeps an interpreted ``__init__`` (≈ 20 ns against ≈ 350 ns).

A compiled module must never stand in for a source edited after the build. The build records a
hash of each source; :func:`install_guard`, run when ``bot`` is imported, makes Python import every
listed module from its source when any hash differs, when the record is missing or was written by
another Python, or when ``NEWSBOT_PURE_PYTHON`` is set. It is all or nothing: compiled modules
call each other directly, so a fresh compiled module could still run a stale neighbour.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import shutil
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
# What ingest spends its time in: the analysis of each article and the related index's upkeep.
# Their own tests (and tests/bot/test_native.py's comparison with the sources) cover both builds.
COMPILED_MODULES: tuple[str, ...] = (
    "bot.nlp.arrays",
    "bot.nlp.attribution",
    "bot.nlp.boundaries",
    "bot.nlp.coref",
    "bot.nlp.cues",
    "bot.nlp.fingerprint",
    "bot.nlp.mentions",
    "bot.nlp.prose",
    "bot.nlp.quotemarks",
    "bot.nlp.quotes",
    "bot.nlp.related",
    "bot.nlp.speakers",
    "bot.nlp.summarise",
    "bot.nlp.text",
    "bot.index.related_cache",
    "bot.index.related_index",
)
GROUP = "bot._native"  # mypyc's shared runtime library: bot/_native__mypyc.<abi>.so
MANIFEST = PACKAGE_DIR / "_native.json"  # written by a successful build; not in git
PURE_ENV = "NEWSBOT_PURE_PYTHON"
_EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"


@dataclass(frozen=True, slots=True)
class NativeStatus:
    """Which build this process imports: ``compiled`` or ``source``, and why when it is the source."""

    mode: str
    detail: str


def source_path(module: str) -> Path:
    """The ``.py`` file of one of :data:`COMPILED_MODULES`."""
    return PROJECT_DIR.joinpath(*module.split(".")).with_suffix(".py")


def extension_path(module: str) -> Path:
    """Where the compiled build of ``module`` lives (beside its source)."""
    return PROJECT_DIR.joinpath(*module.split(".")).with_name(module.rsplit(".", 1)[1] + _EXT_SUFFIX)


def _extension_files() -> list[Path]:
    runtime = PROJECT_DIR.joinpath(*GROUP.split(".")).with_name(GROUP.rsplit(".", 1)[1] + "__mypyc" + _EXT_SUFFIX)
    return [runtime, *(extension_path(module) for module in COMPILED_MODULES)]


def source_hashes() -> dict[str, str]:
    """SHA-256 of each compiled module's current source."""
    return {module: hashlib.sha256(source_path(module).read_bytes()).hexdigest() for module in COMPILED_MODULES}


def _fingerprint() -> dict[str, object]:
    return {"python": sys.implementation.cache_tag, "ext_suffix": _EXT_SUFFIX, "sources": source_hashes()}


def _fallback_reason() -> str | None:
    """Why the sources must be imported although compiled modules are present; None if they may be used."""
    if os.environ.get(PURE_ENV, "").strip().lower() not in ("", "0", "false", "no"):
        return f"{PURE_ENV} is set"
    try:
        recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "the build record is missing or unreadable (run `newsbot native build`)"
    python = sys.implementation.cache_tag
    if recorded.get("python") != python or recorded.get("ext_suffix") != _EXT_SUFFIX:
        return f"built for {recorded.get('python')}, this is {python}"
    sources = recorded.get("sources", {})
    changed = [module for module, digest in source_hashes().items() if sources.get(module) != digest]
    if changed:
        return "sources changed since the build: " + ", ".join(changed)
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the listed modules from their ``.py`` sources, ahead of the compiled ones beside them."""

    def __init__(self, modules: Sequence[str]) -> None:
        self.sources = {module: str(source_path(module)) for module in modules}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source else None


_status: NativeStatus | None = None


def install_guard() -> NativeStatus:
    """Decide once per process whether the compiled modules may be imported; if not, import the sources."""
    global _status
    if _status is not None:
        return _status
    if not any(path.exists() for path in _extension_files()):
        _status = NativeStatus("source", "not built (`newsbot native build` compiles the hot paths)")
        return _status
    reason = _fallback_reason()
    if reason is None:
        _status = NativeStatus("compiled", f"{len(COMPILED_MODULES)} modules compiled with mypyc")
        return _status
    loaded = [name for name in COMPILED_MODULES if name in sys.modules]
    if loaded:  # too late to choose: say so rather than mix builds silently
        log.warning("compiled modules already imported (%s); %s", ", ".join(loaded), reason)
    sys.meta_path.insert(0, _SourceFinder(COMPILED_MODULES))
    if not os.environ.get(PURE_ENV):
        log.warning("using the pure-Python sources, not the compiled build: %s", reason)
    _status = NativeStatus("source", reason)
    return _status


def status() -> NativeStatus:
    """The build this process uses (see :func:`install_guard`)."""
    return install_guard()


def clean() -> list[Path]:
    """Remove every compiled module and the build record; return what was removed."""
    removed = [path for path in [*_extension_files(), MANIFEST] if path.exists()]
    for path in removed:
        path.unlink()
    return removed


def up_to_date() -> bool:
    """Whether every compiled module exists and was built from the current sources by this Python."""
    return all(path.exists() for path in _extension_files()) and _fallback_reason() is None


def build(*, jobs: int | None = None, force: bool = False) -> tuple[bool, str]:
    """Compile :data:`COMPILED_MODULES` in place with mypyc; return (success, what happened).

    On failure nothing compiled is left behind, so the sources are imported.
    """
    if not force and up_to_date():
        return True, "compiled modules are up to date"
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution  # type: ignore[import-untyped]
    except ImportError as exc:
        return False, f"mypyc is not installed ({exc.name}): pip install 'newsbot[native]'"
    compiler = sysconfig.get_config_var("CC") or "cc"
    if shutil.which(compiler.split()[0]) is None:
        return False, f"no C compiler ({compiler.split()[0]} not found)"
    clean()
    cwd = Path.cwd()
    try:
        os.chdir(PROJECT_DIR)  # mypyc names modules and its build/ folder relative to the project
        extensions = mypycify(
            [str(source_path(module).relative_to(PROJECT_DIR)) for module in COMPILED_MODULES],
            group_name=GROUP,
            opt_level="3",
            debug_level="0",
        )
        # A bare Distribution: the project's pyproject.toml describes the package, not this build.
        dist = Distribution({"name": "newsbot-native", "ext_modules": extensions})
        dist.script_args = ["-q", "build_ext", "--inplace", "--parallel", str(jobs or os.cpu_count() or 1)]
        dist.parse_command_line()
        dist.run_commands()
    except (SystemExit, Exception) as exc:  # mypyc reports type errors by exiting
        clean()
        return False, f"the build failed ({exc!r}); the pure-Python sources will be used"
    finally:
        os.chdir(cwd)
    missing = [path.name for path in _extension_files() if not path.exists()]
    if missing:
        clean()
        return False, "the build produced no " + ", ".join(missing)
    MANIFEST.write_text(json.dumps(_fingerprint(), indent=1, sort_keys=True), encoding="utf-8")
    return True, f"compiled {len(COMPILED_MODULES)} modules with mypyc"


def main(argv: Sequence[str]) -> int:
    """``newsbot native build|status|clean``; build exits 1 when it could not compile."""
    command = argv[0] if argv else "status"
    if command == "build":
        ok, detail = build(force="--force" in argv)
        print(f"newsbot native: {detail}", file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    if command == "clean":
        removed = clean()
        print(f"newsbot native: removed {len(removed)} files")
        return 0
    current = status()
    print(f"newsbot native: {current.mode}: {current.detail}")
    with contextlib.suppress(ImportError, ValueError):
        spec = importlib.util.find_spec(COMPILED_MODULES[0])
        compiled = isinstance(spec and spec.loader, importlib.machinery.ExtensionFileLoader)
        kind = "an extension module" if compiled else "source"
        print(f"  {COMPILED_MODULES[0]} is imported from {kind}")
    return 0
