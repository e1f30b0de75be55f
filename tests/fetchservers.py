"""Loopback stand-ins for Hugging Face's Daily Papers API and an OpenAI-compatible model (tests only).

Both are stdlib ``http.server`` servers on 127.0.0.1 in a thread; no test touches the internet.
The model stand-in counts the requests in flight, so a test can prove ``--jobs`` is a limit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    """A running stand-in: ``url`` to point at, ``requests`` it received."""

    url: str
    requests: list[Request] = field(default_factory=list)


@contextmanager
def serve(handle: Callable[[Request], Reply]) -> Iterator[Server]:
    server_box: list[Server] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            request = Request(self.command, parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            server_box[0].requests.append(request)
            status, headers, body = handle(request)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _any

        def log_message(self, *args: object) -> None:
            return None

    class Quiet(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            return None  # a client that hung up (a test's Ctrl+C, a timeout) is no failure here

    httpd = Quiet(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_box.append(Server(f"http://127.0.0.1:{httpd.server_address[1]}"))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server_box[0]
    finally:
        httpd.shutdown()
        httpd.server_close()


def json_reply(data: object, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(data, ensure_ascii=False).encode()


# --- Hugging Face -------------------------------------------------------------------------


def hf_item(arxiv_id: str, title: str, votes: int = 10, authors: tuple[str, ...] = ("Ada Kim", "Bo Lee"), **extra: object) -> dict:
    """One item in the shape of ``/api/daily_papers`` (recorded field names)."""
    paper = {
        "id": arxiv_id,
        "authors": [{"_id": f"a{n}", "name": name, "hidden": False} for n, name in enumerate(authors)],
        "publishedAt": "2026-11-29T17:59:00.000Z",
        "title": title,
        "summary": f"We present {title}. It works well.\nSecond line of the abstract.",
        "upvotes": votes,
        "discussionId": "abc123",
        "ai_summary": f"{title} in one line.",
        "ai_keywords": ["diffusion", "transformer"],
    }
    paper.update({k: v for k, v in extra.items() if k not in ("thumbnail", "numComments")})
    return {
        "paper": paper,
        "publishedAt": "2026-11-30T01:00:00.000Z",
        "title": title,
        "thumbnail": extra.get("thumbnail", f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png"),
        "numComments": extra.get("numComments", 2),
        "submittedBy": {"name": "someone"},
        "isAuthorParticipating": False,
    }


class HFStandIn:
    """Serves ``/api/daily_papers?date=``: per date, a list of replies used in turn (the last repeats)."""

    def __init__(self) -> None:
        self.days: dict[str, list[Reply]] = {}

    def set(self, day: str, *replies: Reply | list) -> None:
        self.days[day] = [r if isinstance(r, tuple) else json_reply(r) for r in replies]

    def __call__(self, request: Request) -> Reply:
        if request.path != "/api/daily_papers":
            return json_reply({"error": "not found"}, 404)
        replies = self.days.get(request.query.get("date", ""))
        if not replies:
            return json_reply([])
        return replies.pop(0) if len(replies) > 1 else replies[0]


# --- an OpenAI-compatible model -----------------------------------------------------------

KOREAN = {
    "whats_new": "새로운 확산 모델(Diffusion Model)을 제안합니다.",
    "technical_details": "트랜스포머(Transformer) 구조로 노이즈를 제거합니다.",
    "performance_highlights": "벤치마크(Benchmark)에서 최고 성능을 보였습니다.",
}


def completion(content: str | None) -> Reply:
    return json_reply({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "stand-in",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    })


class ModelStandIn:
    """Answers chat completions with ``answer(request_json)``; tracks requests in flight.

    With ``hold=N`` each request waits (on a condition, not a clock) until N requests are in
    flight at once or all ``expected`` requests have arrived (a second at most): a serial client
    cannot reach N, a parallel one reaches it quickly, and an unbounded one exceeds it.
    """

    def __init__(self, answer: Callable[[dict], Reply] | None = None, hold: int = 0, expected: int = 0) -> None:
        self.answer = answer or (lambda body: completion(json.dumps(KOREAN, ensure_ascii=False)))
        self.hold = hold
        self.expected = expected
        self.in_flight = 0
        self.max_in_flight = 0
        self.bodies: list[dict] = []
        self.condition = threading.Condition()

    def __call__(self, request: Request) -> Reply:
        if request.path.rstrip("/") != "/v1/chat/completions":
            return json_reply({"error": {"message": "no such route"}}, 404)
        body = json.loads(request.body)
        with self.condition:
            self.bodies.append(body)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.condition.notify_all()
            if self.hold:
                self.condition.wait_for(lambda: self.in_flight >= self.hold or len(self.bodies) >= self.expected, timeout=1.0)
        try:
            return self.answer(body)
        finally:
            with self.condition:
                self.in_flight -= 1
