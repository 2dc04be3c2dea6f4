"""Run the feedback API under Uvicorn with production limits, for ``faq-builder serve-api``.

Uvicorn (h11, one process: SQLite has one writer, and one process holds 200 votes/s with p99 of a few ms, see
``bench/api_load.py``) is given the limits a public endpoint needs: idle keep-alive connections closed after
5 s, at most 512 requests at once (503 beyond), request heads of at most 16 KB, no access log (addresses are
personal data), proxy headers (``X-Forwarded-For``) trusted from ``forwarded_allow_ips`` only. On SIGTERM or
Ctrl-C it stops accepting, lets running requests finish (10 s at most), then commits what is queued: no vote
that was answered 2xx is lost.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ..content import FAQ_DIR
from ..errors import ConfigError
from ..settings import Settings, load_settings
from ..workdir import DEFAULT_DB
from .app import DEFAULT_RATE_LIMIT, MAX_BODY, RateLimit, Suggesting, create_app

#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: Seconds running requests get to finish on SIGTERM.
GRACEFUL_SHUTDOWN = 10
#: Requests served at once; more get 503 at once rather than queueing without bound.
MAX_CONCURRENCY = 512
#: Largest request line and headers, bytes.
MAX_HEAD = 16 * 1024


def normalise_origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (what browsers send as Origin); ConfigError when it is no http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ConfigError(
            f"{url!r} is not a URL ({error}); give the site's address, e.g. https://shop.example"
        ) from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"{url!r} is not an http(s) URL; give the site's address, e.g. https://shop.example")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def site_origin(settings: Settings) -> str | None:
    """The help site's origin (``https://shop.example``), from ``site_url`` in its ``mkdocs.yml``; None without."""
    return normalise_origin(settings.site_url) if settings.site_url else None


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8088,
    db: str | os.PathLike[str] = DEFAULT_DB,
    config_file: str | os.PathLike[str] | None = None,
    allow_origin: str | None = None,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    max_body: int = MAX_BODY,
    content_dir: str | os.PathLike[str] | None = None,
    suggester: Suggesting | None = None,
    forwarded_allow_ips: str = "127.0.0.1",
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the feedback API on ``host:port`` until SIGTERM or Ctrl-C.

    The allowed browser origin is ``allow_origin`` if given, else the origin of ``site_url`` in the site's
    ``mkdocs.yml`` (``config_file``, found as every command finds it); the shop's country (``country``
    setting) tunes the scrubbing of phone numbers. ``POST /suggest`` answers from the approved entries of
    ``content_dir`` (``suggester``, if given, instead); without any it answers 503. ``announce`` gets one line
    once the port is open.
    """
    import uvicorn

    settings = load_settings(config_file)
    origin = normalise_origin(allow_origin) if allow_origin else site_origin(settings)
    if suggester is None and content_dir is not None and (Path(content_dir) / FAQ_DIR).is_dir():
        from ..suggest import Suggester

        suggester = Suggester(
            Path(content_dir), portal=settings.portal, site_url=settings.site_url, site_language=settings.language
        )
    app = create_app(
        db=db,
        allowed_origin=origin,
        suggester=suggester,
        redactor=settings.portal.redactor(),
        rate_limit=rate_limit,
        max_body=max_body,
    )
    listener = _listen(host, port)
    config = uvicorn.Config(
        app,
        http="h11",
        loop="asyncio",
        lifespan="on",
        access_log=False,
        log_level="warning",
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
        limit_concurrency=MAX_CONCURRENCY,
        h11_max_incomplete_event_size=MAX_HEAD,
    )
    if announce is not None:
        bound = listener.getsockname()
        where = f"http://{host if ':' not in host else f'[{host}]'}:{bound[1]}"
        entries = len(getattr(suggester, "entries", ())) if suggester is not None else 0
        announce(
            f"Feedback API on {where} (store {Path(db)}); "
            + (f"browsers may post from {origin}" if origin else "no site origin: browsers cannot post")
            + f"; /suggest: {entries} approved {'entry' if entries == 1 else 'entries'}"
        )
    uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, opened here so a taken port is a clear error rather than a log line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY only on sockets that say so (else answers wait 40 ms for ACKs)
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise ConfigError(f"cannot listen on {host}:{port} ({error.strerror}); pass another --port") from error
    listener.listen(MAX_CONCURRENCY)
    listener.set_inheritable(True)
    return listener
