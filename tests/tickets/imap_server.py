"""A real IMAP server for the tests: Debian's dovecot, started on a free loopback port
with its own configuration in a temporary directory (never the system service)."""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "intake"
PASSWORD = "intake-test-pass"  # noqa: S105 - a throw-away test mailbox


@dataclass
class Imap:
    host: str
    port: int
    user: str = USER
    password: str = PASSWORD

    def append(self, raw: bytes) -> None:
        with imaplib.IMAP4(self.host, self.port) as imap:
            imap.login(self.user, self.password)
            imap.append("INBOX", None, None, raw)

    def flags(self) -> list[bytes]:
        with imaplib.IMAP4(self.host, self.port) as imap:
            imap.login(self.user, self.password)
            imap.select("INBOX")
            _typ, data = imap.fetch("1:*", "(FLAGS)")
            return [item for item in data if item]


def dovecot_available() -> bool:
    return os.path.exists(DOVECOT)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _config(base: Path, port: int) -> str:
    # Mail processes must not run as root: as root, mail belongs to "nobody"; otherwise
    # to the user running the tests, who then also runs dovecot's own processes.
    me = pwd.getpwuid(os.geteuid())
    if os.geteuid() == 0:
        uid, gid, extra = 65534, 65534, ""
    else:
        uid, gid = me.pw_uid, me.pw_gid
        extra = f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
    return f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{base}/mail/%u
first_valid_uid = 1
{extra}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@contextlib.contextmanager
def dovecot() -> Iterator[Imap]:
    base = Path(tempfile.mkdtemp(prefix="kam-dovecot-"))
    base.chmod(0o755)  # the unprivileged mail process must reach its maildir
    for sub in ("run", "state", "mail"):
        (base / sub).mkdir()
    (base / "mail").chmod(0o777)
    port = _free_port()
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (base / "dovecot.conf").write_text(_config(base, port))
    process = subprocess.Popen(  # noqa: S603 - our own binary and config
        [DOVECOT, "-F", "-c", str(base / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(port, process, base)
        yield Imap("127.0.0.1", port)
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(base, ignore_errors=True)


def _wait(port: int, process: subprocess.Popen, base: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            log = (base / "dovecot.log").read_text() if (base / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot stopped: {process.stderr.read()!r} {log}")  # type: ignore[union-attr]
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("dovecot did not start")
