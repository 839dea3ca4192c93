"""Request guards: the write token, the size limit, the Host check and security headers."""
from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request

from sitrep.api.config import ServeConfig
from sitrep.api.problems import PROBLEM_MEDIA_TYPE, Problem, problem_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Our own pages load only our own scripts and styles; /docs (Swagger UI) needs its inline bootstrap.
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")


def require_writer(request: Request) -> str:
    """Dependency of every write route: refuse on a read-only server or without the token."""
    config: ServeConfig = request.app.state.config
    if not config.writable:
        raise Problem(403, "this server is read-only: start it on localhost, or set SITREP_TOKEN (or --token) "
                           "to allow ingest and review", kind="read-only", title="Read-only server")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(), (config.token or "").encode()):
        raise Problem(401, "writes need the header 'Authorization: Bearer <token>' with the server's token",
                      headers={"WWW-Authenticate": 'Bearer realm="sitrep"'})
    return "token"


async def _problem(send: Send, status: int, title: str, detail: str, path: str, kind: str) -> None:
    body = json.dumps(problem_body(status, detail, path, kind=kind, title=title)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Guards:
    """ASGI middleware: body size limits (upload routes get the page limit, the rest the JSON
    limit), a Host check on localhost servers (a DNS-rebinding page must not reach the
    token), and security headers on every answer."""

    def __init__(self, app: ASGIApp, config: ServeConfig, upload_paths: tuple[str, ...]) -> None:
        self.app, self.config, self.upload_paths = app, config, upload_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.config.local and not _local_host(headers.get("host", "")):
            await _problem(send, 400, "Bad host", "this server answers only to localhost names", path, "bad-host")
            return
        limit = self.config.max_upload_bytes if path in self.upload_paths else self.config.max_json_bytes
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _problem(send, 413, "Request too large", f"the body is {declared} bytes; the limit here is {limit}", path,
                           "too-large")
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        csp = DOCS_CSP if path in ("/docs", "/redoc") else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY"), (b"content-security-policy", csp.encode())]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge as exc:
            await _problem(send, 413, "Request too large", f"the body passed the limit of {exc.limit} bytes", path,
                           "too-large")


class _TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _local_host(host_header: str) -> bool:
    name = host_header.rsplit(":", 1)[0] if not host_header.startswith("[") else host_header.split("]")[0] + "]"
    return name in ("localhost", "127.0.0.1", "[::1]")
