"""Run the studio with uvicorn: a free port on 127.0.0.1 unless told otherwise; bound to
any other interface, an access token is generated and printed with the address."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from pathlib import Path

import uvicorn

from emisim.studio.app import Studio, create_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one), ready for uvicorn."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given, not 0: asyncio sets TCP_NODELAY only on sockets that say IPPROTO_TCP; without
    # it a response's header and body segments wait for the client's delayed ACK (~40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def address(host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(
    scenario: str = "plan2020",
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = True,
    out: str | Path = "outputs",
    idle_s: float = 1800.0,
) -> None:
    token = None if host in LOOPBACK else secrets.token_urlsafe(18)
    studio = Studio(scenario, token=token, idle_s=idle_s, out=out)
    sock = listening_socket(host, port)
    url = address(host, sock.getsockname()[1], token)
    print(f"emisim studio: {url}", flush=True)
    if token:
        print(
            "  bound to another interface than this machine's own: share this address "
            "(with its token) only with your team; requests without it are refused",
            flush=True,
        )
    print("  Ctrl-C stops it.", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    config = uvicorn.Config(create_app(studio), log_level="warning", timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])
