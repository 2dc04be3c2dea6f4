"""serve-api: the help site's feedback reaches the store, validated and scrubbed; everything else gets a clear 4xx.

Hand-written cases for each refusal, CORS and the rate limit; a property-based run (schemathesis) of the whole
OpenAPI file against the app in-process; and a real server killed mid-load keeping every vote it answered.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from faq_builder.api import RateLimit, create_app, site_origin
from faq_builder.api.app import openapi_document
from faq_builder.api.limits import TokenBuckets, retry_after
from faq_builder.api.server import normalise_origin, serve
from faq_builder.errors import ConfigError
from faq_builder.settings import load_settings
from faq_builder.store import TicketStore
from faq_builder.suggest import Match, Suggester, Suggestion, read_ticket

SITE = "https://shop.example"
#: Exactly what assets/faq-builder.js sends (README, "Feedback, first-party").
VOTE = {
    "type": "feedback",
    "entry": "where-is-my-order",
    "helpful": True,
    "page": "/faq/shipping/where-is-my-order/",
    "language": "en",
    "sent_at": "2026-11-23T18:00:00.000Z",
}
SEARCH = {
    "type": "search_no_results",
    "query": "parcel {number} lost",
    "page": "/",
    "language": "en",
    "sent_at": "2026-11-23T18:00:00.000Z",
}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "tickets.sqlite3"


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db=db, allowed_origin=SITE, rate_limit=None)) as test_client:
        yield test_client


def votes(db: Path) -> list[tuple[Any, ...]]:
    """The votes as another process sees them (a connection of its own: only what is committed)."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT entry, helpful, page, language, comment FROM votes ORDER BY id").fetchall()
    finally:
        connection.close()


def searches(db: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT query, page, language FROM failed_searches ORDER BY id").fetchall()
    finally:
        connection.close()


# --- What the site sends -----------------------------------------------------------------------------------


def test_vote_as_the_site_sends_it_is_committed_before_the_answer(client: TestClient, db: Path) -> None:
    for helpful in (True, False, True):
        response = client.post("/feedback", json={**VOTE, "helpful": helpful}, headers={"Origin": SITE})
        assert response.status_code == 201, response.text
        assert response.json() == {"stored": "vote"}
        assert response.headers["access-control-allow-origin"] == SITE
        assert response.headers["vary"] == "Origin"
    # read by a separate connection right after the answers: committed, not just queued
    assert votes(db) == [("where-is-my-order", h, "/faq/shipping/where-is-my-order/", "en", None) for h in (1, 0, 1)]
    with TicketStore.open_existing(db) as store:
        tally = store.votes_by_entry()["where-is-my-order"]
    assert (tally.helpful, tally.unhelpful) == (2, 1)


def test_failed_search_is_scrubbed_again_and_stored(client: TestClient, db: Path) -> None:
    response = client.post("/feedback", json=SEARCH)
    assert response.status_code == 201 and response.json() == {"stored": "failed_search"}
    # a site that did not scrub (or an old copy of the script): the server does it
    raw = {
        **SEARCH,
        "query": "jane.doe@mail.com parcel NW-102938 call +44 7700 900123",
        "page": "/vi/",
        "language": "vi",
    }
    assert client.post("/feedback", json=raw).status_code == 201
    stored = searches(db)
    assert stored[0] == ("parcel {number} lost", "/", "en")
    query = stored[1][0]
    assert "jane" not in query and "102938" not in query and "900123" not in query
    assert "{email}" in query and "{order_number}" in query and "{phone}" in query
    assert stored[1][1:] == ("/vi/", "vi")


def test_vote_from_a_page_without_entry_and_with_a_comment(client: TestClient, db: Path) -> None:
    assert client.post("/feedback", json={**VOTE, "entry": None, "page": "/"}).status_code == 201
    comment = {**VOTE, "helpful": False, "comment": "No. Write to me at jane@mail.com"}
    assert client.post("/feedback", json=comment).status_code == 201
    assert votes(db)[0][0] is None
    assert votes(db)[1][4] == "No. Write to me at {email}"


def test_unknown_fields_are_ignored_and_not_stored(client: TestClient, db: Path) -> None:
    response = client.post("/feedback", json={**VOTE, "user_agent": "Mozilla/5.0", "email": "jane@mail.com"})
    assert response.status_code == 201
    assert "jane" not in json.dumps(votes(db))


def test_a_query_of_invisible_characters_only_is_accepted_but_nothing_kept(client: TestClient, db: Path) -> None:
    response = client.post("/feedback", json={**SEARCH, "query": "\u200b\u200b\x00"})
    assert response.status_code == 200 and response.json() == {"stored": None}
    assert searches(db) == []


def test_charset_utf8_is_json_too(client: TestClient) -> None:
    body = json.dumps({**SEARCH, "query": "bảo hành áo khoác"}).encode("utf-8")
    response = client.post("/feedback", content=body, headers={"Content-Type": "application/json; charset=UTF-8"})
    assert response.status_code == 201


# --- Refusals: each a 4xx with a JSON error saying what to fix --------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b'{"type": "feedback", "entry": ', 400, "not valid JSON at line 1"),
        (b"", 400, "empty body"),
        (b"   \n", 400, "empty body"),
        ('{"query": "caf\u00e9"}'.encode("latin-1"), 400, "not UTF-8"),
        (json.dumps(SEARCH).encode("utf-16"), 400, "not UTF-8"),
        (b"[" * 5_000 + b"]" * 5_000, 400, "not valid JSON"),
        (b"[1, 2]", 422, "JSON object"),
        (b"null", 422, "JSON object"),
    ],
    ids=["malformed", "empty", "blank", "latin-1", "utf-16", "deeply-nested", "array", "null"],
)
def test_unreadable_bodies_are_400(client: TestClient, db: Path, body: bytes, status: int, words: str) -> None:
    response = client.post("/feedback", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert words in response.json()["error"]
    assert votes(db) == [] and searches(db) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"query": ""}, "query"),
        ({"query": "   \t "}, "query"),
        ({"query": "x" * 201}, "query"),
        ({"query": 42}, "query"),
        ({"type": "search"}, "type"),
        ({"type": None}, "type"),
        ({"page": "https://evil.example/"}, "page"),
        ({"page": None}, "page"),
        ({"language": "English"}, "language"),
        ({"sent_at": 1700000000}, "sent_at"),
    ],
)
def test_invalid_search_fields_are_422_naming_the_field(
    client: TestClient, db: Path, change: dict[str, Any], field: str
) -> None:
    response = client.post("/feedback", json={**SEARCH, **change})
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"{field}:")
    assert searches(db) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entry": "Where Is My Order"}, "entry"),
        ({"entry": "-leading-dash"}, "entry"),
        ({"entry": "where-is-my-order\n"}, "entry"),
        ({"entry": "a" * 201}, "entry"),
        ({"helpful": "yes"}, "helpful"),
        ({"helpful": 1}, "helpful"),
        ({"helpful": None}, "helpful"),
        ({"comment": "x" * 1001}, "comment"),
    ],
)
def test_invalid_vote_fields_are_422(client: TestClient, db: Path, change: dict[str, Any], field: str) -> None:
    response = client.post("/feedback", json={**VOTE, **change})
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"{field}:")
    assert votes(db) == []


def test_missing_fields_are_422(client: TestClient) -> None:
    for name in ("helpful", "page", "language"):
        incomplete = {key: value for key, value in VOTE.items() if key != name}
        assert client.post("/feedback", json=incomplete).status_code == 422


def test_one_megabyte_body_is_413_before_it_is_read(client: TestClient, db: Path) -> None:
    huge = json.dumps({**SEARCH, "query": "x" * (1 << 20)}).encode()
    response = client.post("/feedback", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than 16384 bytes" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        yield b'{"type": "search_no_results", "query": "'
        for _ in range(64):
            yield b"x" * 16384
        yield b'"}'

    response = client.post("/feedback", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert searches(db) == []


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
        "application/json; charset=latin-1",
    ],
)
def test_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/feedback", content=json.dumps(VOTE).encode(), headers=headers)
    assert response.status_code == 415
    assert "application/json" in response.json()["error"] or "UTF-8" in response.json()["error"]


def test_unknown_paths_and_methods_are_json_errors(client: TestClient) -> None:
    assert client.get("/nope").status_code == 404
    assert client.get("/nope").json()["error"].startswith("no such path")
    response = client.get("/feedback")
    assert response.status_code == 405 and "error" in response.json()


def test_slow_body_is_408(db: Path) -> None:
    app = create_app(db=db, allowed_origin=SITE, rate_limit=None, body_timeout=0.2)
    sent: list[MutableMapping[str, Any]] = []

    async def run() -> None:
        async def receive() -> dict[str, Any]:
            await asyncio.sleep(5)  # the client never sends its body
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/feedback",
            "raw_path": b"/feedback",
            "query_string": b"",
            "root_path": "",
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
            "client": ("203.0.113.9", 5000),
            "server": ("127.0.0.1", 8088),
        }
        await asyncio.wait_for(app(scope, receive, send), 3)

    asyncio.run(run())
    assert sent[0]["status"] == 408
    assert b"not received within 0.2 s" in sent[1]["body"]


# --- CORS: the site's origin only ---------------------------------------------------------------------------


def test_other_origins_are_refused_and_nothing_is_stored(client: TestClient, db: Path) -> None:
    response = client.post("/feedback", json=VOTE, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["vary"] == "Origin"
    assert client.post("/feedback", json=VOTE, headers={"Origin": "http://shop.example"}).status_code == 403
    assert votes(db) == []
    no_origin = client.post("/feedback", json=VOTE)  # not a browser (a script, the bench): no CORS headers
    assert no_origin.status_code == 201 and "access-control-allow-origin" not in no_origin.headers


def test_preflight_from_the_site_is_allowed_and_cached(client: TestClient) -> None:
    asks = {"Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    response = client.options("/feedback", headers=asks)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["access-control-allow-methods"] == "POST"
    assert response.headers["access-control-allow-headers"] == "Content-Type"
    assert response.headers["access-control-max-age"] == "600"
    assert response.headers["vary"] == "Origin"


@pytest.mark.parametrize(
    "asks",
    [
        {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        {"Origin": SITE, "Access-Control-Request-Method": "DELETE"},
        {"Origin": SITE, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"},
    ],
    ids=["other-origin", "other-method", "other-header"],
)
def test_preflight_asking_for_more_is_refused(client: TestClient, asks: dict[str, str]) -> None:
    response = client.options("/feedback", headers=asks)
    assert response.status_code == 403
    assert response.headers.get("access-control-allow-origin") in (None, SITE)
    assert "access-control-allow-methods" not in response.headers


def test_without_a_site_origin_no_browser_may_post(db: Path) -> None:
    with TestClient(create_app(db=db, allowed_origin=None, rate_limit=None)) as client:
        assert client.post("/feedback", json=VOTE, headers={"Origin": SITE}).status_code == 403
        assert client.post("/feedback", json=VOTE).status_code == 201


def test_site_origin_comes_from_site_url(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Help\nsite_url: https://Shop.example/help/\nplugins:\n  - faq-builder\n")
    assert site_origin(load_settings(config)) == "https://shop.example"
    config.write_text("site_name: Help\n")
    assert site_origin(load_settings(config)) is None
    assert normalise_origin("https://shop.example:443/x") == "https://shop.example"
    assert normalise_origin("http://localhost:8000/") == "http://localhost:8000"
    with pytest.raises(ConfigError, match="not an http"):
        normalise_origin("shop.example")


# --- Rate limit -----------------------------------------------------------------------------------------------


def test_rate_limit_is_429_with_retry_after_and_spares_health(db: Path) -> None:
    with TestClient(create_app(db=db, allowed_origin=SITE, rate_limit=RateLimit(per_second=0.5, burst=3))) as client:
        codes = [client.post("/feedback", json=VOTE, headers={"Origin": SITE}).status_code for _ in range(3)]
        assert codes == [201, 201, 201]
        limited = client.post("/feedback", json=VOTE, headers={"Origin": SITE})
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "2"
        assert limited.headers["access-control-allow-origin"] == SITE  # the site's script can read why
        assert "too many requests" in limited.json()["error"]
        assert client.get("/health").status_code == 200
    assert len(votes(db)) == 3


def test_token_buckets_refill_per_client_and_stay_bounded() -> None:
    now = [0.0]
    buckets = TokenBuckets(RateLimit(per_second=20, burst=40), max_clients=100, clock=lambda: now[0])
    assert all(buckets.take("a") == 0 for _ in range(40))
    assert buckets.take("a") == pytest.approx(0.05)
    assert buckets.take("b") == 0  # another shopper is not slowed down
    now[0] += 0.5  # 10 tokens back
    assert sum(buckets.take("a") == 0 for _ in range(20)) == 10
    for index in range(500):
        buckets.take(f"client-{index}")
    assert len(buckets._buckets) == 100
    assert retry_after(0.05) == "1" and retry_after(2.2) == "3"
    with pytest.raises(ValueError):
        RateLimit(per_second=0)


# --- /suggest, /health, /openapi.json ---------------------------------------------------------------------------


#: Approved entries of a small shop (slug, title, variants), for POST /suggest.
ENTRIES = [
    (
        "shipping/where-is-my-order",
        "Where is my order?",
        [
            "My parcel hasn't arrived yet",
            "When will my order arrive?",
            "Has my order shipped yet?",
            "Where is my package?",
            "I haven't received my order",
        ],
    ),
    (
        "returns/how-do-i-return-an-item",
        "How do I return an item?",
        [
            "What's your return policy?",
            "How do I get a return label?",
            "Can I send back my shoes?",
            "I want to return a jacket",
            "Is return shipping free?",
        ],
    ),
    (
        "account/i-forgot-my-password",
        "I forgot my password",
        [
            "How do I reset my password?",
            "I can't log in to my account",
            "Password reset email never came",
            "Locked out of my account",
        ],
    ),
]


def write_content(folder: Path, *, status: str = "approved") -> Path:
    for relative, title, variants in ENTRIES:
        path = folder / "faq" / f"{relative}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["---", f"id: {relative.split('/')[1]}", f"title: {json.dumps(title)}", f"status: {status}"]
        lines += ["variants:", *(f"  - {json.dumps(variant)}" for variant in variants), "---", "", "The answer.", ""]
        path.write_text("\n".join(lines), encoding="utf-8")
    return folder


class FakeSuggester:
    entries = ("one",)

    def suggest(self, text: str, *, limit: int = 3) -> Suggestion:
        return Suggestion(text, [Match("where-is-my-order", "Where is my order?", "/faq/x/", 0.9)][:limit])


def test_suggest_without_entries_is_503(client: TestClient, tmp_path: Path, db: Path) -> None:
    response = client.post("/suggest", json={"subject": "Order", "body": "Where is my parcel?"})
    assert response.status_code == 503
    assert response.json() == {"error": "no approved entries loaded"}
    assert client.get("/health").json() == {"status": "ok", "schema_version": 2, "suggest": False}
    drafts = Suggester(write_content(tmp_path / "drafts", status="draft"))
    with TestClient(create_app(db=db, allowed_origin=SITE, suggester=drafts)) as drafts_only:
        assert drafts_only.post("/suggest", json={"body": "Where is my parcel?"}).status_code == 503
        assert drafts_only.get("/health").json()["suggest"] is False


def test_suggest_answers_a_webhook_from_the_approved_entries(tmp_path: Path, db: Path) -> None:
    suggester = Suggester(write_content(tmp_path / "content"), site_url="https://shop.example/help/")
    with TestClient(create_app(db=db, allowed_origin=SITE, suggester=suggester)) as client:
        webhook = {"ticket": {"subject": "Order NW-102938", "description": "Hi, where is my package? It has not come"}}
        response = client.post("/suggest?limit=2", json=webhook)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer == suggester.suggest(read_ticket(json.dumps(webhook).encode()), limit=2).to_dict()
        assert answer["matches"][0]["slug"] == "where-is-my-order" and len(answer["matches"]) <= 2
        assert "102938" not in json.dumps(answer)
        plain = client.post("/suggest", content=b"How do I reset my password?", headers={"Content-Type": "text/plain"})
        assert plain.status_code == 200 and plain.json()["matches"][0]["slug"] == "i-forgot-my-password"
        assert client.post("/suggest", json={"body": "  "}).status_code == 422
        assert client.post("/suggest", json=[1]).status_code == 422
        assert client.post("/suggest?limit=50", json=webhook).json()["error"].startswith("limit:")
        assert client.post("/suggest", content=b"x", headers={"Content-Type": "text/html"}).status_code == 415
        big = b"x" * (300 * 1024)
        assert client.post("/suggest", content=big, headers={"Content-Type": "text/plain"}).status_code == 413
        assert client.get("/health").json()["suggest"] is True


def test_suggest_takes_any_suggester_returning_a_dataclass(db: Path) -> None:
    with TestClient(
        create_app(db=db, allowed_origin=SITE, suggester=FakeSuggester(), ticket_reader=bytes.decode)
    ) as client:
        response = client.post("/suggest?limit=1", content=b"where?", headers={"Content-Type": "text/plain"})
        assert response.status_code == 200
        assert response.json()["question"] == "where?" and response.json()["auto_send"] is False


def test_openapi_document_is_served_and_3_1(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document == openapi_document()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/feedback", "/suggest", "/health", "/openapi.json"}


def test_api_migrates_a_schema_1_store_keeping_its_tickets(db: Path) -> None:
    from faq_builder.models import Channel, Ticket

    with TicketStore(db) as store, store.transaction():
        run = store.start_run(file="a", format="csv", source="csv")
        created = datetime(2026, 11, 1, tzinfo=UTC)
        ticket = Ticket(source="csv", external_id="1", created_at=created, body="where?", channel=Channel.EMAIL)
        store.upsert([(2, ticket)], run_id=run, file="a")
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("DROP TABLE votes")
    connection.execute("DROP TABLE failed_searches")
    connection.execute("PRAGMA user_version=1")
    connection.close()
    with TestClient(create_app(db=db, allowed_origin=SITE)) as client:
        assert client.post("/feedback", json=VOTE).status_code == 201
    with TicketStore.open_existing(db) as store:
        assert store.schema_version == 2 and store.counts()["tickets"] == 1


def test_nothing_personal_is_logged(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    client.post("/feedback", json={**SEARCH, "query": "jane@mail.com 07700 900123"})
    client.post("/feedback", json={**SEARCH, "query": "jane@mail.com", "page": 5})
    client.post("/feedback", content=b'{"query": "jane@mail.com', headers={"Content-Type": "application/json"})
    assert "jane" not in caplog.text and "900123" not in caplog.text


# --- Property-based: the OpenAPI file against the app (schemathesis) ------------------------------------------


def _schema() -> Any:
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    config = SchemathesisConfig.from_dict(
        {
            "seed": 20261123,
            "generation": {"mode": "all", "max-examples": 40, "deterministic": True, "database": "none"},
        }
    )
    # built at collection (parametrize needs the schema): the store and entries go to a fresh temporary folder
    folder = Path(tempfile.mkdtemp(prefix="faq-builder-api-"))
    suggester = Suggester(write_content(folder / "content"))
    app = create_app(db=folder / "tickets.sqlite3", allowed_origin=SITE, suggester=suggester, rate_limit=None)
    schemathesis.serializer.alias("message/rfc822", "text/plain")  # an email is text on the wire
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = _schema()


@schema.parametrize()
def test_api_conforms_to_its_openapi_file(case: Any) -> None:
    from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

    excluded = []
    if case.operation.path == "/suggest":
        # Whether a ticket holds a readable question is decided by read_ticket's cleaning (quotes, signatures,
        # markup removed), which no schema can say: a schema-valid ticket may rightly get 422.
        excluded.append(positive_data_acceptance)
        if case.media_type != "application/json":  # text and email bodies: any bytes are a "string" on the wire
            excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


# --- A real server: killed mid-load, it keeps every vote it answered ---------------------------------------------


def _start_server(db: Path) -> tuple[subprocess.Popen[str], str]:
    code = (
        "import sys\n"
        "from faq_builder.api import serve\n"
        f"serve(host='127.0.0.1', port=0, db={str(db)!r}, allow_origin={SITE!r}, rate_limit=None,\n"
        "      announce=lambda line: print(line, flush=True))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "Feedback API on http://127.0.0.1:" in line, line
    return process, line.split(" on ", 1)[1].split(" ", 1)[0]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_restart_mid_load_loses_no_answered_vote(db: Path, how: signal.Signals) -> None:
    process, url = _start_server(db)
    accepted: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def post(number: int) -> None:
        if stop.is_set():
            return
        try:
            response = httpx.post(f"{url}/feedback", json={**VOTE, "page": f"/bench/{number}/"}, timeout=5)
        except httpx.HTTPError:
            return
        if response.status_code == 201:
            with lock:
                accepted.append(number)

    try:
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(post, number) for number in range(400)]
            while len(accepted) < 100:
                threading.Event().wait(0.01)
            process.send_signal(how)
            process.wait(15)
            stop.set()
            for future in futures:
                future.result()
    finally:
        if process.poll() is None:
            process.kill()
    stored = {int(page.split("/")[2]) for _entry, _helpful, page, _language, _comment in votes(db)}
    assert len(accepted) >= 100
    assert set(accepted) <= stored  # every 201 is in the store
    # and the store opens again, for the restarted server
    restarted, url = _start_server(db)
    try:
        assert httpx.post(f"{url}/feedback", json=VOTE, timeout=5).status_code == 201
    finally:
        restarted.terminate()
        restarted.wait(15)
    assert len(votes(db)) == len(stored) + 1


def test_a_taken_port_is_a_clear_error(db: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        with pytest.raises(ConfigError, match="cannot listen on 127.0.0.1"):
            serve(host="127.0.0.1", port=taken.getsockname()[1], db=db)
    finally:
        taken.close()


def test_the_listening_socket_lets_asyncio_disable_nagle() -> None:
    import socket

    from faq_builder.api.server import _listen

    # asyncio sets TCP_NODELAY only on sockets created as IPPROTO_TCP; without it every answer waited ~40 ms
    listener = _listen("127.0.0.1", 0)
    try:
        assert listener.proto == socket.IPPROTO_TCP
    finally:
        listener.close()
