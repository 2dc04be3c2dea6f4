"""The feedback API as an ASGI application: validates what the help site sends and commits it before answering.

Endpoints (``openapi.yaml`` has the bodies): ``POST /feedback`` (the site's votes and searches without
results, exactly as ``assets/faq-builder.js`` sends them), ``POST /suggest`` (a helpdesk webhook: approved
entries answering a ticket), ``GET /health``, ``GET /openapi.json``; browsers' ``OPTIONS`` preflights for the
site's origin. Every error is JSON ``{"error": "..."}`` with a 4xx code saying what to fix: 400 unreadable
body (not JSON, not UTF-8, empty), 403 another site's origin, 408 body too slow, 413 body too large,
415 not ``application/json``, 422 a field invalid (named), 429 too many requests (``Retry-After``), 503 store
busy or no suggester. Fields the API does not know are ignored (a newer site may send more). Texts are
scrubbed again (:class:`~faq_builder.privacy.Redactor`) before they are stored; client addresses are only
held in memory for the rate limit, and nothing about a request is logged.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import FaqBuilderError
from ..privacy import Redactor
from ..store import SCHEMA_VERSION, TicketStore
from .limits import RateLimit, TokenBuckets, retry_after
from .writer import StoreWriter

__all__ = ["ApiError", "RateLimit", "Suggesting", "create_app"]
log = logging.getLogger(__name__)

#: Largest body /feedback reads (the site's messages are a few hundred bytes).
MAX_BODY = 16 * 1024
#: Largest body /suggest reads (a ticket with its quoted thread).
MAX_TICKET_BODY = 256 * 1024
#: Seconds a client has to send its whole body before it gets 408.
BODY_TIMEOUT = 10.0
#: Seconds a request waits for its write to be committed before it gets 503 (the store locked by an ingest).
WRITE_TIMEOUT = 15.0
#: Seconds browsers may cache a preflight answer.
PREFLIGHT_MAX_AGE = 600

ENTRY = re.compile(r"[a-z0-9][a-z0-9-]*")
LANGUAGE = re.compile(r"(?:[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)?")
#: What JSON Schema (ECMAScript) calls white space: a query needs one character outside it (as openapi.yaml says).
_NOT_BLANK = re.compile("[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")
MAX_ENTRY = 200
MAX_PAGE = 500
MAX_LANGUAGE = 35
MAX_QUERY = 200
MAX_COMMENT = 1000
MAX_SENT_AT = 64
SUGGEST_LIMIT = (1, 20, 3)  # lowest, highest, default
#: What /suggest reads (``faq_builder.suggest.read_ticket``): a webhook's JSON, plain text, an email.
TICKET_TYPES = ("application/json", "text/plain", "message/rfc822")
#: Per client address: 20 requests a second on average, 40 at once.
DEFAULT_RATE_LIMIT = RateLimit()


class Suggesting(Protocol):
    """What ``POST /suggest`` delegates to (``faq_builder.suggest.Suggester``): a dataclass of suggestions."""

    def suggest(self, text: str, *, limit: int = ...) -> Any: ...


class ApiError(Exception):
    """A request the API refuses: its status code and the message sent back as ``{"error": message}``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def parse_json(data: bytes) -> dict[str, Any]:
    """A JSON object from a UTF-8 body; 400 when it is not UTF-8 or not JSON, 422 when not an object."""
    if not data.strip():
        raise ApiError(400, "empty body; send a JSON object")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, f"body is not UTF-8 (byte {error.start}); send UTF-8 JSON") from error
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        where = f" at line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        raise ApiError(400, f"body is not valid JSON{where}") from error
    if not isinstance(value, dict):
        raise ApiError(422, f"body must be a JSON object, not {type(value).__name__}")
    return value


def create_app(
    *,
    db: str | os.PathLike[str],
    allowed_origin: str | None,
    suggester: Suggesting | None = None,
    ticket_reader: Callable[[bytes], str] | None = None,
    redactor: Redactor | None = None,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    max_body: int = MAX_BODY,
    max_ticket_body: int = MAX_TICKET_BODY,
    body_timeout: float = BODY_TIMEOUT,
    durable: bool = True,
) -> Starlette:
    """The feedback API storing into the ticket store ``db`` (created or migrated here, so a bad store fails now).

    ``allowed_origin`` is the help site's origin (``https://shop.example``): the only one whose browsers may
    post; None: no browser may (other clients send no Origin header). ``suggester`` answers ``POST /suggest``
    (503 without one, or without approved entries); ``ticket_reader`` turns its body into the ticket's text
    (default :func:`faq_builder.suggest.read_ticket`: plain text, JSON, a helpdesk webhook or an email).
    ``rate_limit`` per client address (None: none). ``durable``: each commit is flushed to disk before the answer.
    """
    TicketStore(db).close()  # create or migrate the store now: a store of a newer faq-builder fails here
    writer = StoreWriter(db, durable=durable)
    scrub = redactor or Redactor()
    spec = openapi_document()
    suggesting = suggester is not None and bool(getattr(suggester, "entries", True))

    async def feedback(request: Request) -> Response:
        payload = parse_json(await read_body(request, limit=max_body, timeout=body_timeout))
        write, kind = validate_feedback(payload, scrub)
        if write is None:
            return JSONResponse({"stored": None}, status_code=200)
        await committed(writer, write)
        return JSONResponse({"stored": kind}, status_code=201)

    async def suggest(request: Request) -> Response:
        limit = _suggest_limit(request.query_params.get("limit"))
        data = await read_body(request, limit=max_ticket_body, timeout=body_timeout, media_types=TICKET_TYPES)
        if suggester is None or not suggesting:
            raise ApiError(503, "no approved entries loaded", {"Retry-After": "60"})
        if request.headers.get("content-type", "").partition(";")[0].strip().lower() == "application/json":
            parse_json(data)  # a webhook's JSON must be an object (400/422 here, as for /feedback)
        result = await run_in_threadpool(_suggestion, suggester, ticket_reader, data, limit)
        return JSONResponse(result)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "schema_version": SCHEMA_VERSION, "suggest": suggesting})

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(error.status, error.message, error.headers)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        messages = {404: "no such path; see /openapi.json", 405: "method not allowed here; see /openapi.json"}
        return error_response(error.status_code, messages.get(error.status_code, error.detail), error.headers)

    async def server_error(request: Request, error: Exception) -> Response:
        log.error("request failed: %s", type(error).__name__)  # the type only: messages may quote what was sent
        return error_response(500, "internal error; nothing was stored")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(writer.close)  # after the server's last request: everything queued is committed

    app = Starlette(
        routes=[
            Route("/feedback", feedback, methods=["POST"]),
            Route("/suggest", suggest, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
        ],
        exception_handlers={ApiError: refused, HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.writer = writer
    app.add_middleware(Guard, allowed_origin=allowed_origin, rate_limit=rate_limit)
    return app


async def read_body(
    request: Request, *, limit: int, timeout: float, media_types: tuple[str, ...] | None = None
) -> bytes:
    """The request body: 413 beyond ``limit`` bytes, 408 when slower than ``timeout``, 415 unless of one of
    ``media_types`` (any charset) or, when None, UTF-8 JSON."""
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    if media_types is not None:
        if media_type not in media_types:
            raise ApiError(415, f"send the ticket as Content-Type {', '.join(media_types)}")
    elif media_type != "application/json":
        raise ApiError(415, "send the body as Content-Type: application/json")
    else:
        charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", parameters, re.IGNORECASE)
        if charset and charset.group(1).lower() not in {"utf-8", "utf8"}:
            raise ApiError(415, f"charset {charset.group(1)} is not supported; send UTF-8")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise ApiError(413, f"body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, f"body larger than {limit} bytes")
                chunks.append(chunk)
    except TimeoutError as error:
        raise ApiError(408, f"body not received within {timeout:g} s") from error
    return b"".join(chunks)


def validate_feedback(
    payload: Mapping[str, Any], scrub: Redactor
) -> tuple[Callable[[TicketStore], object] | None, str]:
    """The write for one message of the site, after checking it field by field (422 naming the field).

    Texts (page, query, comment) are scrubbed again; a query with nothing left after scrubbing is not kept
    (the write is None).
    """
    kind = payload.get("type")
    page = _text(payload, "page", MAX_PAGE)
    if not page.startswith("/"):
        raise ApiError(422, "page: give the page's path, starting with /")
    language = _text(payload, "language", MAX_LANGUAGE)
    if not LANGUAGE.fullmatch(language):
        raise ApiError(422, "language: give a language code such as en or zh-TW (or an empty string)")
    sent_at = payload.get("sent_at", "")
    if not (isinstance(sent_at, str) and len(sent_at) <= MAX_SENT_AT):
        raise ApiError(422, f"sent_at: give a time as a string of at most {MAX_SENT_AT} characters")
    page = scrub.redact(page) or "/"
    if kind == "feedback":
        if "entry" not in payload:
            raise ApiError(422, "entry: give the entry's slug (a-z, 0-9, -), or null on a page that is no entry")
        entry = payload["entry"]
        if entry is not None and not (isinstance(entry, str) and len(entry) <= MAX_ENTRY and ENTRY.fullmatch(entry)):
            raise ApiError(422, "entry: give the entry's slug (a-z, 0-9, -) or null")
        helpful = payload.get("helpful")
        if not isinstance(helpful, bool):
            raise ApiError(422, "helpful: give true or false")
        comment = payload.get("comment")
        if comment is not None and not (isinstance(comment, str) and len(comment) <= MAX_COMMENT):
            raise ApiError(422, f"comment: give a text of at most {MAX_COMMENT} characters, or null")
        kept = scrub.redact(comment).strip() if comment else None
        return (
            lambda store: store.add_vote(
                entry=entry, helpful=helpful, page=page, language=language, comment=kept or None
            ),
            "vote",
        )
    if kind == "search_no_results":
        query = payload.get("query")
        if not (isinstance(query, str) and len(query) <= MAX_QUERY and _NOT_BLANK.search(query)):
            raise ApiError(422, f"query: give the search as a non-empty text of at most {MAX_QUERY} characters")
        scrubbed = scrub.redact(query).strip()
        if not scrubbed:
            return None, "failed_search"
        return lambda store: store.add_failed_search(query=scrubbed, page=page, language=language), "failed_search"
    raise ApiError(422, "type: give feedback or search_no_results")


def _text(payload: Mapping[str, Any], name: str, limit: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(422, f"{name}: give a text of at most {limit} characters")
    return value


def _suggestion(
    suggester: Suggesting, reader: Callable[[bytes], str] | None, data: bytes, limit: int
) -> dict[str, Any]:
    """The suggester's answer to the ticket in ``data`` as JSON (its ``to_dict()``, else the dataclass's fields);
    422 when the ticket holds no readable question."""
    if reader is None:
        from ..suggest import read_ticket  # here: the numerical stack loads only where suggestions are made

        reader = read_ticket
    try:
        result = suggester.suggest(reader(data), limit=limit)
    except FaqBuilderError as error:  # TicketError: nothing readable (empty, binary, only quotes and signatures)
        raise ApiError(422, str(error)) from error
    if hasattr(result, "to_dict"):
        return dict(result.to_dict())
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return dict(result)


def _suggest_limit(value: str | None) -> int:
    low, high, default = SUGGEST_LIMIT
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ApiError(422, f"limit: give a whole number from {low} to {high}")
    return int(value)


async def committed(writer: StoreWriter, write: Callable[[TicketStore], object]) -> object:
    """Wait until ``write`` is committed; 503 (try again) when the store stays locked or fails."""
    try:
        async with asyncio.timeout(WRITE_TIMEOUT):
            return await asyncio.wrap_future(writer.submit(write))
    except TimeoutError as error:
        raise ApiError(503, "the store is busy; try again", {"Retry-After": "5"}) from error
    except Exception as error:
        log.error("write failed: %s", type(error).__name__)
        raise ApiError(503, "the store cannot be written; try again later", {"Retry-After": "30"}) from error


@cache
def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI description (``openapi.yaml`` shipped with the package), as served."""
    text = resources.files(__package__).joinpath("openapi.yaml").read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    return document


class Guard:
    """Before any route: per-client rate limit (429), the site's origin only (403), preflights; CORS headers after.

    Preflights (``OPTIONS`` with ``Access-Control-Request-Method``) from the allowed origin are answered here;
    every answer carries ``Vary: Origin``, and ``Access-Control-Allow-Origin`` for the allowed origin only.
    ``GET /health`` is never limited (monitors poll it).
    """

    def __init__(self, app: ASGIApp, *, allowed_origin: str | None, rate_limit: RateLimit | None) -> None:
        self.app = app
        self.allowed_origin = allowed_origin.rstrip("/") if allowed_origin else None
        self.buckets = TokenBuckets(rate_limit) if rate_limit else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        origin = headers.get("origin")
        allowed = origin is not None and origin == self.allowed_origin
        cors = {"Vary": "Origin"}
        if allowed:
            cors["Access-Control-Allow-Origin"] = origin  # type: ignore[assignment]
        method, path = scope["method"], scope["path"]
        if self.buckets is not None and path != "/health":
            client = scope.get("client")
            wait = self.buckets.take(client[0] if client else "unknown")
            if wait:
                headers_out = {**cors, "Retry-After": retry_after(wait)}
                await error_response(429, "too many requests; slow down", headers_out)(scope, receive, send)
                return
        if origin is not None and not allowed and method in {"POST", "OPTIONS"}:
            await error_response(403, "this origin may not send to the API", cors)(scope, receive, send)
            return
        if method == "OPTIONS" and "access-control-request-method" in headers:
            answer = (
                self._preflight(headers, cors)
                if allowed
                else error_response(403, "a preflight needs the site's Origin", cors)
            )
            await answer(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [
                    *message.get("headers", []),
                    *((key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in cors.items()),
                ]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _preflight(self, headers: Mapping[str, str], cors: dict[str, str]) -> Response:
        if headers["access-control-request-method"].upper() != "POST":
            return error_response(403, "only POST may be sent from the site", cors)
        asked = {name.strip().lower() for name in headers.get("access-control-request-headers", "").split(",")}
        if asked - {"", "content-type"}:
            return error_response(403, "only the Content-Type header may be sent", cors)
        return Response(
            status_code=204,
            headers={
                **cors,
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE),
            },
        )
