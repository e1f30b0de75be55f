"""``daily-papers fetch`` against loopback stand-ins for Hugging Face and a model (no network)."""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core import dirs, fetch
from reader.core.config import Config
from reader.core.fetch import (
    DayResult,
    EmptyDayError,
    FetchError,
    FetchOptions,
    FetchProgress,
    build_options,
    day_path,
    fetch_days,
    retry_delay,
)
from reader.core.model import Bullet
from reader.core.parse import parse_file, parse_text
from reader.core.summarize import OpenAISettings, parse_answer

from .fetchservers import KOREAN, HFStandIn, ModelStandIn, completion, hf_item, json_reply, serve

DAY = date(2026, 11, 30)
DAY_S = DAY.isoformat()
NOW = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)  # 28 h after DAY ended: a fetch now completes it
KEY = "sk-test-secret-key-0123456789"


@pytest.fixture
def hf():
    stand_in = HFStandIn()
    with serve(stand_in) as server:
        stand_in.server = server
        yield stand_in


def model_server(stand_in: ModelStandIn):
    return serve(stand_in)


def options(hf: HFStandIn, tmp_path: Path, *, model_url: str | None = None, sleeps: list | None = None, now: datetime = NOW, **changes) -> FetchOptions:
    settings = None
    if model_url:
        settings = OpenAISettings(model="stand-in", base_url=model_url + "/v1", api_key=KEY, max_retries=changes.pop("max_retries", 0), timeout=10)
    return FetchOptions(
        library=tmp_path / "library",
        endpoint=hf.server.url,
        summarizer="openai" if settings else "none",
        openai=settings,
        backoff=0.5,
        sleep=(sleeps if sleeps is not None else []).append,
        now=lambda: now,
        **changes,
    )


def day_items(n: int = 3, start: int = 1) -> list[dict]:
    return [hf_item(f"2611.{i:05d}", f"Paper number {i}", votes=100 - i) for i in range(start, start + n)]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included) with its bytes: "the library as it was"."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["fetch", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fast_cli(monkeypatch):
    """The command's options with no real waiting between retries (delays are recorded)."""
    sleeps: list[float] = []
    real = fetch.build_options
    monkeypatch.setattr(fetch, "build_options", lambda *a, **k: replace(real(*a, **k), sleep=sleeps.append))
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "HF_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    return sleeps


# --- a normal day -------------------------------------------------------------------------


def test_a_normal_day_without_a_model_writes_the_upstream_format_and_export_reads_it_back(hf, capsys, monkeypatch, fast_cli):
    hf.set(DAY_S, [hf_item("2611.00001", "Diffusion Everywhere", 41), hf_item("2611.00002", "Small Models Win", 88, authors=("Chae-won Park",)), hf_item("2611.00003", "Also 41 votes", 41)])
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    code, out, err = cli(capsys, "--date", DAY_S)
    assert code == 0, err
    assert out == f"{DAY_S}: 3 papers (0 summarised, 3 from the abstract)\n"
    path = dirs.library_dir() / "huggingface" / "2026" / "11" / "30.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"## Daily Papers ({DAY_S})\n\n### [Small Models Win](https://arxiv.org/abs/2611.00002)\n\n")
    assert "![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2611.00002.png)\n\nVote: 88\n\nAuthors: Chae-won Park\n\n" in text
    assert "- ***AI Summary***: Small Models Win in one line.\n- ***Abstract***: We present Small Models Win. It works well. Second line of the abstract.\n" in text
    assert hf.server.requests[0].query == {"date": DAY_S}

    code = main(["export", "--format", "json"])  # no path: the library, where fetch wrote
    records = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(r["arxiv_id"], r["title"], r["votes"], r["authors"], r["date"]) for r in records] == [
        ("2611.00002", "Small Models Win", 88, ["Chae-won Park"], DAY_S),
        ("2611.00003", "Also 41 votes", 41, ["Ada Kim", "Bo Lee"], DAY_S),
        ("2611.00001", "Diffusion Everywhere", 41, ["Ada Kim", "Bo Lee"], DAY_S),
    ]
    assert records[2]["summary"] == [
        {"label": "AI Summary", "text": "Diffusion Everywhere in one line."},
        {"label": "Abstract", "text": "We present Diffusion Everywhere. It works well. Second line of the abstract."},
    ]
    main(["export", "--format", "md"])
    assert capsys.readouterr().out == text  # the digest export writes is the file itself


def test_with_a_model_the_bullets_are_its_korean_sections(hf, capsys, monkeypatch, fast_cli, tmp_path):
    hf.set(DAY_S, day_items(2))
    model = ModelStandIn()
    with model_server(model) as server:
        monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/v1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        code, out, err = cli(capsys, "--date", DAY_S, "--model", "qwen3:8b")
    assert code == 0, err
    assert out == f"{DAY_S}: 2 papers (2 summarised, 0 from the abstract)\n"
    papers, warnings = parse_file(dirs.library_dir() / "huggingface" / "2026" / "11" / "30.md")
    assert warnings == []
    assert [b for b in papers[0].summary] == [
        Bullet("What's New", KOREAN["whats_new"]),
        Bullet("Technical Details", KOREAN["technical_details"]),
        Bullet("Performance Highlights", KOREAN["performance_highlights"]),
    ]
    [body] = [b for b in model.bodies if "Paper number 1" in b["messages"][1]["content"]]  # (requests run in parallel)
    assert body["model"] == "qwen3:8b" and body["response_format"] == {"type": "json_object"}
    assert body["messages"][1]["content"].startswith("Title: Paper number 1\n\nAbstract: We present Paper number 1. It works well.")
    assert "Korean" in body["messages"][0]["content"]
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"  # the key is used ...
    library = snapshot(tmp_path / "home")
    assert not any(KEY.encode() in data for data in library.values())  # ... and never written
    assert KEY not in out + err


# --- re-fetching --------------------------------------------------------------------------


def test_a_partial_refetch_summarises_only_new_papers_and_updates_votes(hf, tmp_path):
    model = ModelStandIn()
    with model_server(model) as server:
        opts = options(hf, tmp_path, model_url=server.url, now=datetime(2026, 11, 30, 12, tzinfo=UTC))  # during the day
        hf.set(DAY_S, day_items(2))
        [first] = fetch_days([DAY], opts)
        before = parse_file(first.path)[0]
        model.answer = lambda body: completion(json.dumps({**KOREAN, "whats_new": "두 번째 실행의 요약입니다."}, ensure_ascii=False))
        later = [hf_item("2611.00001", "Paper number 1", votes=300), hf_item("2611.00002", "Paper number 2", votes=5), hf_item("2611.00003", "Paper number 3", votes=40)]
        hf.set(DAY_S, later)
        [second] = fetch_days([DAY], replace(opts, now=lambda: datetime(2026, 11, 30, 20, tzinfo=UTC)))
    assert (first.total, first.new, first.summarised) == (2, 2, 2)
    assert (second.total, second.new, second.summarised, second.from_abstract) == (3, 1, 1, 0)
    assert len(model.bodies) == 3  # 2 + only the new one
    after = parse_file(second.path)[0]
    assert [(p.arxiv_id, p.votes) for p in after] == [("2611.00001", 300), ("2611.00003", 40), ("2611.00002", 5)]
    old = {p.arxiv_id: p.summary for p in before}
    assert after[0].summary == old["2611.00001"] and after[2].summary == old["2611.00002"]  # text kept as written
    assert after[1].summary[0] == Bullet("What's New", "두 번째 실행의 요약입니다.")
    [third] = fetch_days([DAY], replace(opts, now=lambda: datetime(2026, 11, 30, 21, tzinfo=UTC)))
    assert (third.total, third.new, third.skipped_complete) == (3, 0, False) and len(model.bodies) == 3  # never duplicated


def test_a_day_fetched_a_day_after_it_ended_is_complete_and_skipped(hf, tmp_path):
    hf.set(DAY_S, day_items(2))
    early = options(hf, tmp_path, now=datetime(2026, 12, 1, 10, tzinfo=UTC))  # 10 h after the day ended
    fetch_days([DAY], early)
    fetch_days([DAY], early)
    assert len(hf.server.requests) == 2  # not complete yet: asked again
    late = replace(early, now=lambda: NOW)
    fetch_days([DAY], late)  # this fetch finishes 28 h after: the day is now complete
    before = snapshot(tmp_path / "library")
    [result] = fetch_days([DAY], late)
    assert len(hf.server.requests) == 3
    assert result == DayResult(DAY, day_path(late, DAY), total=2, skipped_complete=True)
    assert snapshot(tmp_path / "library") == before
    assert json.loads((tmp_path / "library" / "huggingface" / ".fetched.json").read_text()) == {DAY_S: "2026-12-02T04:00:00+00:00"}


def test_since_fetches_every_day_to_today_and_notes_empty_days(hf, capsys, monkeypatch, fast_cli):
    today = datetime.now(UTC).date()
    first = today - timedelta(days=2)
    hf.set(first.isoformat(), day_items(2))
    hf.set(today.isoformat(), day_items(1, start=7))
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    code, out, err = cli(capsys, "--since", first.isoformat())
    assert code == 0, err
    assert [r.query["date"] for r in hf.server.requests] == [(first + timedelta(days=n)).isoformat() for n in range(3)]
    assert out.splitlines() == [
        f"{first}: 2 papers (0 summarised, 2 from the abstract)",
        f"{today}: 1 paper (0 summarised, 1 from the abstract)",
        f"{first + timedelta(days=1)}: no papers listed; nothing written",
    ]


def test_dry_run_lists_and_writes_nothing(hf, capsys, monkeypatch, fast_cli):
    hf.set(DAY_S, day_items(3))
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    code, out, err = cli(capsys, "--date", DAY_S, "--dry-run")
    assert code == 0, err
    assert out.startswith(f"{DAY_S}: would write 3 new of 3 papers to ") and out.rstrip().endswith("30.md")
    assert not dirs.library_dir().exists()


# --- failures: a message naming the day and the cause, the library as it was -------------------


def _existing_day(opts: FetchOptions) -> dict[str, bytes]:
    fetch_days([DAY], replace(opts, now=lambda: datetime(2026, 11, 30, 12, tzinfo=UTC)))
    return snapshot(opts.library)


@pytest.mark.parametrize(
    ("reply", "cause"),
    [
        ((404, {"Content-Type": "application/json"}, b'{"error":"not found"}'), "HTTP 404 Not Found"),
        ((400, {}, b"bad date"), "HTTP 400 Bad Request"),
        ((200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"), "is not JSON (text/html; starts '<html>maintenance</html>')"),
        ((200, {"Content-Type": "application/json"}, b'{"papers": []'), "is not JSON"),
        (json_reply({"papers": []}), "is not a list of papers (a JSON object)"),
        ((200, {"Content-Type": "application/json"}, b"[" * 100_000 + b"]" * 100_000), "is not JSON (application/json; starts '[[[["),
        ((200, {"Content-Type": "application/json"}, b"[" + b"0," * 600_000 + b"0]"), "is larger than 1 MB; not read"),
        (json_reply("oops"), "is not a list of papers (a JSON string)"),
        (json_reply(["a", 3, None]), "none of the 3 listed item(s) is a usable paper (item 1 is a JSON string, not a paper; skipped)"),
        (json_reply([{"paper": {"title": "no id"}}]), "none of the 1 listed item(s) is a usable paper (item 1 has no paper id; skipped)"),
    ],
)
def test_bad_answers_fail_with_the_day_and_the_cause_and_leave_the_library_untouched(hf, tmp_path, reply, cause):
    hf.set(DAY_S, day_items(2))
    opts = options(hf, tmp_path)
    before = _existing_day(opts)
    hf.set(DAY_S, reply)
    with pytest.raises(FetchError) as raised:
        fetch_days([DAY], replace(opts, max_bytes=1_000_000))
    assert str(raised.value).startswith(f"{DAY_S}: ") and cause in str(raised.value)
    assert snapshot(opts.library) == before


def test_an_empty_day_is_an_error_for_that_day(hf, capsys, monkeypatch, fast_cli):
    hf.set(DAY_S, [])
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    code, out, err = cli(capsys, "--date", DAY_S)
    assert code == 1 and out == ""
    assert f"daily-papers: error: {DAY_S}: Hugging Face lists no papers for this day" in err
    assert not dirs.library_dir().exists()
    with pytest.raises(EmptyDayError):
        fetch_days([DAY], build_options(Config(), {"HF_ENDPOINT": hf.server.url}))


def test_an_unreachable_api_is_retried_then_reported(capsys, monkeypatch, fast_cli):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    code, out, err = cli(capsys, "--date", DAY_S)
    assert code == 1 and out == ""
    assert f"daily-papers: error: {DAY_S}: cannot reach http://127.0.0.1:{port}: ConnectError" in err
    assert fast_cli == [1.0, 2.0, 4.0]  # three retries with exponential backoff
    assert not dirs.library_dir().exists()


def test_server_errors_are_retried_honouring_retry_after(hf, tmp_path):
    sleeps: list[float] = []
    opts = options(hf, tmp_path, sleeps=sleeps)
    http_date = "Wed, 02 Dec 2026 04:00:30 GMT"  # NOW + 30 s
    hf.set(
        DAY_S,
        json_reply({"error": "slow down"}, 429, {"Retry-After": "7"}),
        json_reply({"error": "busy"}, 503, {"Retry-After": http_date}),
        json_reply({"error": "oops"}, 502),
        day_items(1),
    )
    [result] = fetch_days([DAY], opts)
    assert result.total == 1 and len(hf.server.requests) == 4
    assert sleeps == [7.0, 30.0, 2.0]  # Retry-After in seconds, as a date, then backoff 0.5 * 2**2
    hf.set("2026-11-29", json_reply({}, 503, {"Retry-After": "86400"}))
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable \(after 4 attempts\)"):
        fetch_days([date(2026, 11, 29)], opts)
    assert sleeps[3:] == [60.0, 60.0, 60.0]  # a day's Retry-After is capped


def test_a_silent_api_times_out(tmp_path):
    import threading

    from .fetchservers import serve

    release = threading.Event()

    def silent(request):
        release.wait(5)
        return json_reply([])

    with serve(silent) as server:
        opts = FetchOptions(library=tmp_path / "library", endpoint=server.url, timeout=0.2, retries=1, sleep=[].append)
        try:
            with pytest.raises(FetchError, match=rf"^{DAY_S}: {server.url}/api/daily_papers\?date={DAY_S} did not answer within 0.2 s$"):
                fetch_days([DAY], opts)
        finally:
            release.set()
    assert len(server.requests) == 2 and not opts.library.exists()


def test_retry_after_is_capped_and_never_negative(tmp_path):
    opts = FetchOptions(library=tmp_path, backoff=1.0, max_retry_after=60.0, now=lambda: NOW)
    assert retry_delay({"retry-after": "3600"}, 0, opts) == 60.0
    assert retry_delay({"retry-after": "Wed, 02 Dec 2026 03:00:00 GMT"}, 0, opts) == 0.0
    assert retry_delay({"retry-after": "soon"}, 2, opts) == 4.0
    assert retry_delay(None, 10, opts) == 60.0


def test_persistent_server_errors_fail_after_the_retries(hf, tmp_path):
    sleeps: list[float] = []
    opts = options(hf, tmp_path, sleeps=sleeps)
    hf.set(DAY_S, json_reply({"error": "down"}, 500))
    with pytest.raises(FetchError, match=rf"^{DAY_S}: Hugging Face answered HTTP 500 Internal Server Error \(after 4 attempts\)"):
        fetch_days([DAY], opts)
    assert len(hf.server.requests) == 4 and sleeps == [0.5, 1.0, 2.0]
    assert snapshot(opts.library) == {}


def test_an_existing_digest_with_problems_is_never_rewritten(hf, tmp_path):
    opts = options(hf, tmp_path)
    path = day_path(opts, DAY)
    path.parent.mkdir(parents=True)
    path.write_text(f"## Daily Papers ({DAY_S})\n\n### [Hand written](https://arxiv.org/abs/2611.00001)\n\nVote: many\n\n- my notes\n", encoding="utf-8")
    before = snapshot(opts.library)
    hf.set(DAY_S, day_items(3))
    with pytest.raises(FetchError, match=r"vote count is not a number.*left as it is"):
        fetch_days([DAY], opts)
    assert snapshot(opts.library) == before


def test_a_library_that_cannot_be_written_is_reported(hf, tmp_path):
    hf.set(DAY_S, day_items(2))
    opts = options(hf, tmp_path)
    opts.library.mkdir()
    (opts.library / "huggingface").write_text("a file where the folder should be")
    before = snapshot(opts.library)
    with pytest.raises(FetchError, match=rf"^{DAY_S}: cannot write .*huggingface/2026/11: Not a directory"):
        fetch_days([DAY], opts)
    assert snapshot(opts.library) == before


def test_a_model_that_refuses_the_key_stops_the_run_without_showing_the_key(hf, capsys, monkeypatch, fast_cli):
    hf.set(DAY_S, day_items(2))
    model = ModelStandIn(lambda body: json_reply({"error": {"message": f"Incorrect API key provided: {KEY}"}}, 401))
    with model_server(model) as server:
        monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/v1")
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        code, out, err = cli(capsys, "--date", DAY_S, "--model", "m")
    assert code == 1
    assert "refused the key (HTTP 401); check $OPENAI_API_KEY" in err
    assert KEY not in out + err
    assert not day_path(build_options(Config(), {}), DAY).exists()  # nothing written half


def test_passwords_in_addresses_are_never_shown(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    opts = FetchOptions(library=tmp_path / "library", endpoint=f"http://user:hunter2@127.0.0.1:{port}", retries=0)
    with pytest.raises(FetchError) as raised:
        fetch_days([DAY], opts)
    assert "hunter2" not in str(raised.value) and f"http://***@127.0.0.1:{port}" in str(raised.value)


@pytest.mark.parametrize(
    ("status", "cause"),
    [(403, "refused the key (HTTP 403)"), (404, "answered HTTP 404 for model 'stand-in' (is the model there, and does the address end in /v1?)")],
)
def test_a_model_server_that_cannot_serve_stops_the_run(hf, tmp_path, status, cause):
    hf.set(DAY_S, day_items(2))
    model = ModelStandIn(lambda body: json_reply({"error": {"message": "no"}}, status))
    with model_server(model) as server:
        opts = options(hf, tmp_path, model_url=server.url)
        with pytest.raises(FetchError) as raised:
            fetch_days([DAY], opts)
    assert raised.value.fatal and cause in str(raised.value) and snapshot(opts.library) == {}


def test_a_model_server_error_falls_back_for_that_paper_only(hf, tmp_path):
    answers = iter([json_reply({"error": {"message": "overloaded"}}, 500), json_reply({"error": {"message": "overloaded"}}, 500)])
    good = completion(json.dumps(KOREAN, ensure_ascii=False))
    hf.set(DAY_S, day_items(2))
    model = ModelStandIn(lambda body: next(answers, good))
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url, jobs=1))
    assert (result.summarised, result.from_abstract) == (1, 1)
    assert result.warnings == ("2611.00001: the model server answered HTTP 500; wrote the abstract instead",)


def test_an_unreachable_model_stops_the_day(hf, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hf.set(DAY_S, day_items(2))
    hf.set("2026-11-29", day_items(2))
    opts = options(hf, tmp_path, model_url=f"http://127.0.0.1:{port}")
    errors: list[FetchError] = []
    assert fetch_days([date(2026, 11, 29), DAY], opts, on_error=errors.append) == []
    [error] = errors  # fatal: the next day is not tried
    assert error.fatal and f"cannot reach the model server at http://127.0.0.1:{port}/v1" in str(error)
    assert len(hf.server.requests) == 1 and snapshot(opts.library) == {}


def test_without_the_openai_package_the_error_names_the_extra(hf, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openai", None)
    hf.set(DAY_S, day_items(1))
    with pytest.raises(FetchError, match=r"pip install 'daily-papers-reader\[openai\]'"):
        fetch_days([DAY], options(hf, tmp_path, model_url="http://127.0.0.1:9"))


# --- hostile API content ------------------------------------------------------------------


HOSTILE_TITLES = [
    "Brackets ] and [ and (parens) and # hash",
    "# Looks like a heading",
    "Two\nlines\r\nhere",
    "**bold** _em_ `code` $x^2$ <script>alert(1)</script>",
    "[bold red]Rich markup[/] and [@click=app.quit]quit[/]",
    "Escape \x1b[31mred\x1b[0m bell\x07 and \u202etxet desrever",
    "Entities &amp; &lt;b&gt; & ampersands",
    "1. Numbered start",
    "- Dash start",
    "Back\\slash \\[ \\] end\\",
    "![img](javascript:alert(1)) [link](http://evil)",
    "한국어 제목: 대규모 언어 모델(LLM)의 추론",
]


def hostile_items() -> list[object]:
    items: list[object] = [hf_item(f"2611.{n:05d}", title, votes=1000 - n) for n, title in enumerate(HOSTILE_TITLES, start=1)]
    items += [
        hf_item("2611.00100", "Ten thousand authors", votes=5, authors=tuple(f"Author {n}" for n in range(10_000))),
        hf_item("2611.00101", "Awkward authors", votes=4, authors=("Kim, Jr.", "O'Brien", "[Anon]", "Quote \"Q\"", "", "  ")),
        hf_item("2611.00102", "javascript thumbnail", votes=3, thumbnail="javascript:alert(1)"),
        hf_item("2611.00103", "spaced thumbnail", votes=2, thumbnail="https://x.test/a b(1).png"),
        hf_item("2611.00104", "Hostile abstract", votes=1, summary="# Not a heading\n1. not a list\n- nor this\n***What's New***: fake label [x](javascript:y)"),
        {"paper": {"title": "Missing id", "upvotes": 3}},
        {"paper": {"id": "../../etc/passwd", "title": "Path id"}},
        {"paper": {"id": "2611.00001", "title": "Duplicate id"}},
        {"paper": {"id": "2611.00105", "title": "Odd fields", "upvotes": "12", "authors": "nobody", "summary": 5, "ai_summary": None}, "thumbnail": 7, "extra": {"x": 1}},
        {"paper": {"id": "2611.00106", "title": "True votes", "upvotes": True}},
        "not an object",
    ]
    return items


def test_hostile_content_round_trips_as_data(hf, tmp_path):
    hf.set(DAY_S, hostile_items())
    opts = options(hf, tmp_path)
    [result] = fetch_days([DAY], opts)
    text = result.path.read_text(encoding="utf-8")
    papers, warnings = parse_text(text, str(result.path))
    assert warnings == []
    assert result.total == len(papers) == len(HOSTILE_TITLES) + 7
    by_id = {p.arxiv_id: p for p in papers}
    titles = [by_id[f"2611.{n:05d}"].title for n in range(1, len(HOSTILE_TITLES) + 1)]
    assert titles == [
        "Brackets ] and [ and (parens) and # hash",
        "# Looks like a heading",
        "Two lines here",
        "**bold** _em_ `code` $x^2$ <script>alert(1)</script>",
        "[bold red]Rich markup[/] and [@click=app.quit]quit[/]",
        "Escape red bell and txet desrever",  # whole escape sequences go, the text around them stays
        "Entities &amp; &lt;b&gt; & ampersands",
        "1. Numbered start",
        "- Dash start",
        "Back\\slash \\[ \\] end\\",
        "![img](javascript:alert(1)) [link](http://evil)",
        "한국어 제목: 대규모 언어 모델(LLM)의 추론",
    ]
    assert all(p.url == f"https://arxiv.org/abs/{p.arxiv_id}" for p in papers)
    assert len(by_id["2611.00100"].authors) == 10_000
    assert by_id["2611.00101"].authors == ("Kim, Jr.", "O'Brien", "[Anon]", 'Quote "Q"')
    assert by_id["2611.00102"].thumbnail is None and by_id["2611.00103"].thumbnail is None
    assert by_id["2611.00104"].summary[1] == Bullet("Abstract", "# Not a heading 1. not a list - nor this ***What's New***: fake label [x](javascript:y)")
    odd = by_id["2611.00105"]
    assert (odd.votes, odd.authors, odd.summary, odd.thumbnail) == (None, (), (), None)
    assert by_id["2611.00106"].votes is None
    assert by_id["2611.00001"].title == HOSTILE_TITLES[0]  # the duplicate is ignored
    assert not any(c in text for c in "\x1b\x07\r\u202e")
    assert "javascript:alert(1))\n" not in text and "../../etc" not in text
    assert list(result.warnings) == [
        "2611.00102: thumbnail is not a plain web address; left out",
        "2611.00103: thumbnail is not a plain web address; left out",
        "item 18 has no paper id; skipped",
        "item 19 has an id that is not an arXiv id ('../../etc/passwd'); skipped",
        "item 23 is a JSON string, not a paper; skipped",
    ]
    # a second fetch of the same list reads the file back and adds nothing
    [again] = fetch_days([DAY], opts)
    assert again.new == 0 and again.total == result.total


def test_export_markdown_of_hostile_titles_reads_back_the_same(hf, tmp_path, capsys):
    from reader.core.export import to_markdown

    hf.set(DAY_S, hostile_items())
    [result] = fetch_days([DAY], options(hf, tmp_path))
    papers = parse_file(result.path)[0]
    again, warnings = parse_text(to_markdown(papers), "again.md")
    assert warnings == [] and [(p.title, p.authors, p.summary, p.thumbnail, p.votes) for p in again] == [(p.title, p.authors, p.summary, p.thumbnail, p.votes) for p in papers]


_PIECES = [*"ab 가나\\`*_[]<>!&$#()-+=|~:;'\"{}^%@.,1\n\t\x1b\u00a0", "&amp;", "&#x41;", "***", "$$", "<b>", "```", "---", "1.", "* ", "> ", "# ", "[a](b)", "![a](b)", "<http://x>"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=20).map("".join),
    abstract=st.lists(st.sampled_from(_PIECES), max_size=20).map("".join),
    author=st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
)
def test_any_api_text_reads_back_as_written(title, abstract, author):
    """Whatever the API sends, the written digest parses back to the same paper (property)."""
    from reader.core.fetch import _render, listed_papers
    from reader.core.summarize import abstract_bullets

    item = {"paper": {"id": "2611.00001", "title": title, "summary": abstract, "ai_summary": abstract[::-1], "upvotes": 3, "authors": [{"name": author}, {"name": "Bo"}]}}
    listed, _ = listed_papers([item], DAY, Path("x.md"))
    if not listed:  # a title that cleans to nothing is skipped (with a warning)
        return
    paper = listed[0].paper._replace(summary=abstract_bullets(listed[0].text))
    back, warnings = parse_text(_render([paper]), "x.md")
    assert warnings == []
    assert [(p.title, p.url, p.authors, p.summary, p.votes) for p in back] == [(paper.title, paper.url, paper.authors, paper.summary, paper.votes)]


# --- the summariser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "empty answer"),
        ("   ", "empty answer"),
        ("Sure! Here is a summary.", "answer is not JSON"),
        ('["a", "b"]', "answer is a JSON list, not an object"),
        (json.dumps({"whats_new": "새로움", "technical_details": "기술"}), "answer has no 'performance_highlights' text"),
        (json.dumps({**KOREAN, "technical_details": ""}), "answer has no 'technical_details' text"),
        (json.dumps({**KOREAN, "whats_new": 3}), "answer has no 'whats_new' text"),
        (json.dumps({**KOREAN, "whats_new": "A new diffusion model."}), "answer's 'whats_new' is not in Korean"),
    ],
)
def test_malformed_answers_are_retried_then_fall_back_to_the_abstract(hf, tmp_path, content, reason):
    hf.set(DAY_S, day_items(1))
    model = ModelStandIn(lambda body: completion(content))
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url))
    assert len(model.bodies) == 2  # asked twice
    assert (result.summarised, result.from_abstract) == (0, 1)
    assert result.warnings == (f"2611.00001: {reason}; wrote the abstract instead",)
    [paper] = parse_file(result.path)[0]
    assert [b.label for b in paper.summary] == ["AI Summary", "Abstract"]  # never lost, never half


def test_a_malformed_answer_then_a_good_one_is_used(hf, tmp_path):
    answers = iter(["not json", "```json\n" + json.dumps(KOREAN, ensure_ascii=False) + "\n```"])
    hf.set(DAY_S, day_items(1))
    model = ModelStandIn(lambda body: completion(next(answers)))
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url))
    assert (result.summarised, result.warnings) == (1, ())
    assert parse_file(result.path)[0][0].summary[2] == Bullet("Performance Highlights", KOREAN["performance_highlights"])


def test_a_server_without_json_mode_is_asked_again_without_it(hf, tmp_path):
    def answer(body: dict):
        if "response_format" in body:
            return json_reply({"error": {"message": "response_format is not supported"}}, 400)
        return completion(json.dumps(KOREAN, ensure_ascii=False))

    hf.set(DAY_S, day_items(3))
    model = ModelStandIn(answer)
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url, jobs=1))
    assert result.summarised == 3
    assert ["response_format" in b for b in model.bodies] == [True, False, False, False]


def test_the_model_sdk_retries_429_honouring_retry_after(hf, tmp_path):
    replies = iter([json_reply({"error": {"message": "rate limited"}}, 429, {"retry-after-ms": "1"}), completion(json.dumps(KOREAN, ensure_ascii=False))])
    hf.set(DAY_S, day_items(1))
    model = ModelStandIn(lambda body: next(replies))
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url, max_retries=2))
    assert result.summarised == 1 and len(model.bodies) == 2


def test_answers_with_thinking_or_chatter_around_the_json_are_read():
    body = json.dumps(KOREAN, ensure_ascii=False)
    for content in (f"<think>Let me think {{not json}}.</think>\n{body}", f"Here is the JSON you asked for:\n{body}\nHope it helps!"):
        parsed = parse_answer(content)
        assert isinstance(parsed, tuple) and [b.label for b in parsed] == ["What's New", "Technical Details", "Performance Highlights"]


def test_parse_answer_cuts_runaway_sections_and_cleans_them():
    bullets = parse_answer(json.dumps({**KOREAN, "whats_new": "가\x1b[2J" + "나" * 10_000}))
    assert isinstance(bullets, tuple) and bullets[0].text.startswith("가나") and len(bullets[0].text) == 4000  # the whole CSI gone


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_never_more_model_requests_at_once_than_jobs(hf, tmp_path, jobs):
    hf.set(DAY_S, day_items(8))
    model = ModelStandIn(hold=jobs, expected=8)
    with model_server(model) as server:
        [result] = fetch_days([DAY], options(hf, tmp_path, model_url=server.url, jobs=jobs))
    assert result.summarised == 8
    assert model.max_in_flight == jobs  # reached, never exceeded


# --- stopping -----------------------------------------------------------------------------


def test_stop_keeps_finished_papers_and_the_next_run_does_the_rest(hf, tmp_path):
    import threading

    hf.set(DAY_S, day_items(5))
    released = threading.Event()
    good = completion(json.dumps(KOREAN, ensure_ascii=False))

    def answer(body: dict):
        if len(model.bodies) > 2:  # the third paper is in flight when the stop comes
            released.wait(5)
        return good

    model = ModelStandIn(answer)
    steps: list[FetchProgress] = []

    def stop() -> bool:
        if any(s.done >= 2 for s in steps):
            released.set()
            return True
        return False

    with model_server(model) as server:
        opts = options(hf, tmp_path, model_url=server.url, jobs=1)
        [result] = fetch_days([DAY], opts, progress=steps.append, stop=stop)
        assert result.interrupted and result.new == 3  # the one in flight is finished and kept
        assert len(parse_file(result.path)[0]) == 3 and len(model.bodies) == 3
        assert not (opts.folder / ".fetched.json").exists()  # not complete
        [rest] = fetch_days([DAY], opts)
    assert (rest.new, rest.total, len(model.bodies)) == (2, 5, 5)


def test_ctrl_c_keeps_every_finished_paper_and_leaves_no_temporary_file(hf, tmp_path):
    hf.set(DAY_S, day_items(4))

    def progress(step: FetchProgress) -> None:
        if step.done == 2:
            raise KeyboardInterrupt

    opts = options(hf, tmp_path, jobs=1)
    with pytest.raises(KeyboardInterrupt):
        fetch_days([DAY], opts, progress=progress)
    papers, warnings = parse_file(day_path(opts, DAY))
    assert warnings == [] and len(papers) == 2
    assert sorted(p.name for p in day_path(opts, DAY).parent.iterdir()) == ["30.md"]


def test_ctrl_c_on_the_command_line_exits_130(hf, capsys, monkeypatch, fast_cli):
    hf.set(DAY_S, day_items(2))
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fetch, "fetch_day", interrupted)
    code, out, err = cli(capsys, "--date", DAY_S)
    assert (code, out) == (130, "") and "interrupted; kept every paper finished (0 this run)" in err


def test_progress_reports_each_paper_of_each_day(hf, tmp_path):
    hf.set(DAY_S, day_items(3))
    steps: list[FetchProgress] = []
    fetch_days([DAY], options(hf, tmp_path), progress=steps.append)
    assert [(s.stage, s.done, s.total) for s in steps] == [("listing", 0, 0), ("summarising", 0, 3), ("summarising", 1, 3), ("summarising", 2, 3), ("summarising", 3, 3), ("done", 3, 3)]


def test_the_rich_progress_bar_draws_papers_done_of_total(hf, capsys, monkeypatch, fast_cli):
    from reader import fetch_command

    hf.set(DAY_S, day_items(3))
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    monkeypatch.setattr(fetch_command, "_view", lambda interactive: fetch_command._RichView())
    code, _, err = cli(capsys, "--date", DAY_S)
    assert code == 0 and "━" in err and "3/3" in err and f"{DAY_S} done" in err


# --- options ------------------------------------------------------------------------------


def test_options_come_from_flags_then_environment_then_config():
    config = Config(fetch_endpoint="http://hf.config", fetch_jobs=3, summarize_model="cfg-model", summarize_base_url="http://cfg/v1", summarize_api_key_env="MY_KEY")
    opts = build_options(config, {"MY_KEY": KEY})
    assert (opts.endpoint, opts.jobs, opts.summarizer, opts.openai.model, opts.openai.base_url, opts.openai.api_key) == ("http://hf.config", 3, "openai", "cfg-model", "http://cfg/v1", KEY)
    assert KEY not in repr(opts)
    env = {"HF_ENDPOINT": "http://127.0.0.1:1/", "OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "env-model"}
    opts = build_options(config, env, model="flag-model", jobs=7)
    assert (opts.endpoint, opts.jobs, opts.openai.model, opts.openai.base_url, opts.openai.api_key) == ("http://127.0.0.1:1", 7, "flag-model", "http://localhost:11434/v1", None)
    assert build_options(config, {}, summarizer="none").summarizer == "none"
    off = Config(summarize_provider="none", summarize_model="cfg-model", summarize_base_url="http://cfg/v1")
    assert build_options(off, {}).summarizer == "none" and build_options(off, {}, model="m").summarizer == "openai"
    assert build_options(Config(), {}).summarizer == "none" and build_options(Config(), {}).endpoint == "https://huggingface.co"


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--date", "2026-13-01"], {}, "no such day: '2026-13-01'"),
        (["--date", "yesterday"], {}, "not a date (YYYY-MM-DD)"),
        (["--date", "2999-01-01"], {}, "2999-01-01 is in the future"),
        (["--since", "2999-01-01"], {}, "--since 2999-01-01 is in the future"),
        (["--model", "gpt-4o-mini"], {}, "the OpenAI API needs a key in $OPENAI_API_KEY; for a local server (Ollama) set OPENAI_BASE_URL"),
        (["--summarizer", "openai"], {}, "the openai summariser needs a model"),
        (["--jobs", "0"], {}, "--jobs must be between 1 and 64"),
        ([], {"HF_ENDPOINT": "ftp://x"}, "HF_ENDPOINT must be an http(s) address"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(capsys, monkeypatch, fast_cli, argv, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == "" and f"daily-papers: error: {message}" in err
    assert not dirs.library_dir().exists()


def test_date_and_since_together_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["fetch", "--date", DAY_S, "--since", DAY_S])
    assert raised.value.code == 2


def test_config_sections_are_read_and_checked():
    from reader.core.config import load_config

    path = dirs.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[fetch]\nendpoint = "http://127.0.0.1:5"\njobs = 2\n[summarize]\nprovider = "openai"\nmodel = "qwen3:8b"\nbase_url = "http://localhost:11434/v1"\napi_key_env = "OLLAMA_KEY"\n')
    config, problems = load_config()
    assert problems == []
    assert (config.fetch_endpoint, config.fetch_jobs, config.summarize_provider, config.summarize_model, config.summarize_base_url, config.summarize_api_key_env) == (
        "http://127.0.0.1:5", 2, "openai", "qwen3:8b", "http://localhost:11434/v1", "OLLAMA_KEY")
    path.write_text('[fetch]\njobs = "many"\n[summarize]\nprovider = "claude"\napi_key_env = "sk-abc def"\n')
    config, problems = load_config()
    assert config.fetch_jobs is None and config.summarize_provider is None and config.summarize_api_key_env is None
    assert sorted(p.split(": error: ")[0] for p in problems) == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "sk-abc def" not in " ".join(problems)


def test_the_library_finder_reads_fetched_days(hf, tmp_path, monkeypatch):
    from reader.core.loader import load
    from reader.core.settings import Settings, library_paths

    hf.set(DAY_S, day_items(2))
    fetch_days([DAY], build_options(Config(), {"HF_ENDPOINT": hf.server.url}))
    paths, origin = library_paths(Settings.load())
    assert origin == "library" and dirs.library_dir() / "huggingface" in paths
    library = load(paths)
    assert len(library.papers) == 2 and library.warnings == []
    assert sorted(os.listdir(dirs.library_dir() / "huggingface")) == [".fetched.json", "2026"]


async def test_fetch_from_the_command_palette_shows_todays_papers_without_restart(hf, monkeypatch):
    from reader.core.settings import Settings, library_paths

    from .apptools import make_app, ready, until

    today = fetch.utc_today().isoformat()
    hf.set(today, [hf_item("2612.00001", "Fresh From The Palette", 12), hf_item("2612.00002", "And Another", 7)])
    monkeypatch.setenv("HF_ENDPOINT", hf.server.url)
    paths, origin = library_paths(Settings.load())
    app = make_app(paths, origin=origin)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        commands = {name: callback for name, _, callback in app.reader.palette_commands()}
        commands["Fetch today's papers"]()
        # the fetch and the reload run in workers
        assert await until(pilot, lambda: app.reader.origin == "library" and not app.reader.indexing, 60)
        await ready(app, pilot)
        assert app.reader.origin == "library"
        assert {p.title for p in app.reader.paper_list.papers} == {"Fresh From The Palette", "And Another"}
        assert any(f"{today}: 2 papers (2 new: 0 summarised, 2 from the abstract)" in n.message for n in app._notifications)
