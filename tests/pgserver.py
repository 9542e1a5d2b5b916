"""A throw-away PostgreSQL server for the test session: initdb into a temp dir, start on loopback, stop.

The server refuses to run as root, so as root every server command runs as the ``postgres`` user
(``runuser -u postgres --``) and the data directory is handed to that user. ``fsync=off``: the data
is thrown away at the end of the session anyway.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

UTF8_CTYPE = "C.UTF-8"  # glibc builds it in (Debian 12); no locale package to install


class PgUnavailable(RuntimeError):
    """No PostgreSQL server binary can be had here (the reason says why)."""


def find_bindir() -> Path | None:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
    # Debian installs the server outside PATH; newest version first.
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name or 0), reverse=True)
    candidates.extend(Path(p) for p in versions)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running server; ``dsn(name)`` addresses one of its databases."""

    bindir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(cmd: list[str], what: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise PgUnavailable(f"{what} failed ({result.returncode}): {result.stderr.strip()[-500:]}")


def start_server() -> PgServer:
    """initdb + start a fresh server on a free loopback port; raise PgUnavailable when impossible."""
    bindir = find_bindir()
    if bindir is None:
        raise PgUnavailable(
            "no PostgreSQL server binaries (pg_config --bindir, /usr/lib/postgresql/*/bin); "
            "install the postgresql package (.ci/run does it with apt-get)"
        )
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable("running as root and there is no 'postgres' user to run the server as") from exc
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable("running as root and runuser is missing (the server refuses to run as root)")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chmod(root, 0o700)
        as_user = [runuser, "-u", "postgres", "--"]
    datadir = root / "data"
    try:
        _run(
            [*as_user, str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
             # A UTF-8 character type, as operators' servers have (C's reads every non-ASCII character as a
             # letter: "l’élection" one word); C collation (byte order, as SQLite's).
             "-E", "UTF8", "--locale=C", f"--lc-ctype={UTF8_CTYPE}", "--no-sync"],
            "initdb",
        )
        for _attempt in range(3):  # another process may take the port between choosing and binding it
            port = _free_port()
            options = (
                f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            result = subprocess.run(
                [*as_user, str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(root / "server.log"),
                 "-o", options, "-w", "-t", "60", "start"],
                capture_output=True, text=True, timeout=120, check=False,
            )
            if result.returncode == 0:
                return PgServer(bindir, root, port, as_user)
            time.sleep(0.2)
        log = (root / "server.log").read_text(errors="replace")[-800:] if (root / "server.log").exists() else ""
        raise PgUnavailable(f"pg_ctl start failed: {result.stderr.strip()[-300:]} {log}")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
