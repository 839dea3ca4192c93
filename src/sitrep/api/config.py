"""How ``sitrep serve`` runs: which database, who may write, how much a request may carry."""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field

from sitrep.settings import DEFAULT_MAX_PAGE_BYTES, Settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
DEFAULT_MAX_JSON_BYTES = 256 * 1024  # a correction or a merge is a few hundred bytes


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeConfig:
    """``token``: writes (ingest, review) need ``Authorization: Bearer <token>``. Bound to
    localhost with no token given, the server makes one per run and hands it to the web UI
    it serves (only local users can load that page). Bound to anything else with no token,
    the server is read-only. ``read_only`` forces read-only anywhere."""

    db: str
    host: str = "127.0.0.1"
    token: str | None = None
    read_only: bool = False
    max_upload_bytes: int = DEFAULT_MAX_PAGE_BYTES
    max_json_bytes: int = DEFAULT_MAX_JSON_BYTES
    settings: Settings = field(default_factory=Settings)

    @classmethod
    def from_environment(cls, db: str, host: str = "127.0.0.1", *, token: str | None = None,
                         read_only: bool = False, settings: Settings | None = None) -> ServeConfig:
        """Token from the argument, else ``$SITREP_TOKEN``, else a fresh one on localhost."""
        chosen = token or os.environ.get("SITREP_TOKEN") or None
        if chosen is None and is_loopback(host) and not read_only:
            chosen = secrets.token_urlsafe(24)
        return cls(db=db, host=host, token=chosen, read_only=read_only, settings=settings or Settings(db=db))

    @property
    def local(self) -> bool:
        return is_loopback(self.host)

    @property
    def writable(self) -> bool:
        return not self.read_only and bool(self.token)

    @property
    def token_for_page(self) -> str | None:
        """The token the served web page may carry: only on a localhost-bound server."""
        return self.token if self.local and self.writable else None
