"""One terminal-safety boundary: whole escape sequences go, text around them stays."""

from __future__ import annotations

import json
import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.export import to_csv, to_json
from reader.core.model import ParseWarning
from reader.core.parse import parse_file, parse_text
from reader.core.state import StateStore
from reader.core.text import terminal_safe

from .make import PLANTED

UNSAFE = {*map(chr, range(0x00, 0x20)), *map(chr, range(0x7F, 0xA0)), *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\ufeff"} - {"\n"}
PIECES = st.sampled_from([*PLANTED.values(), "\x1b", "\x1b[", "\x1b]", "\x9b", "\x9d", "\x90", "\x9c", "\x1b\\", "\x07", "\t", "\r\n", "[", "]", "a", "한", " ", "\n"])


@given(st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5))).map("".join)))
@settings(max_examples=400, deadline=None)
def test_result_has_no_controls_and_is_idempotent(text):
    safe = terminal_safe(text)
    assert not UNSAFE & set(safe)
    assert terminal_safe(safe) == safe


@given(st.text(alphabet=st.characters(blacklist_characters=sorted(UNSAFE), blacklist_categories=("Cs",))))
def test_text_without_controls_is_unchanged(text):
    assert terminal_safe(text) == text


def test_whole_sequences_go_and_the_text_around_them_stays():
    assert terminal_safe("a\x1b]52;c;UFdORUQ=\x07b") == "ab"  # OSC ended by BEL
    assert terminal_safe("a\x1b]0;title\x1b\\b") == "ab"  # OSC ended by ST
    assert terminal_safe("a\x1b[8;1;1tb\x1b[0m") == "ab"  # CSI
    assert terminal_safe("a\x1bP1$r\x1b\\b\x1b_apc\x1b\\c") == "abc"  # DCS, APC
    assert terminal_safe("\x9b31mred\x9d0;x\x9cok") == "redok"  # 8-bit C1 forms
    assert terminal_safe("\x1b(Bx\x1b7y\x1b") == "xy"  # two-character forms and a lone ESC
    assert terminal_safe("tab\there\r\nline\x08\u202eend") == "tab here\nlineend"


def test_linear_time_on_unterminated_sequences():
    started = time.perf_counter()
    for text in ("\x1b[" + "0" * 1_000_000, "\x1b]" * 500_000, ("\x1b]" + "a" * 10) * 100_000, "\x1b" * 1_000_000):
        assert not UNSAFE & set(terminal_safe(text))
    assert time.perf_counter() - started < 2


def test_title_link_text_loses_the_whole_osc_sequence_and_the_paper_loads():
    papers, warnings = parse_text(f"### [Clip {PLANTED['osc52']}board](https://arxiv.org/abs/2401.00001)\n\n- x\n", "2024-01-01.md")
    assert [p.title for p in papers] == ["Clip board"]
    assert "removed" in str(warnings[0])


def test_warnings_and_exports_name_hostile_file_names_safely(tmp_path):
    folder = os.fsencode(tmp_path) + b"/2024-01-01-\xff\x1b]0;PWNED\x07\n.md"
    with open(folder, "wb") as handle:
        handle.write(b"### [A](https://arxiv.org/abs/2401.00001)\n\nVote: many\n")
    papers, warnings = parse_file(os.fsdecode(folder))
    for text in (str(warnings[0]), to_json(papers), to_csv(papers)):
        assert "\x1b" not in text and "PWNED\x07" not in text
        text.encode("utf-8")  # no lone surrogates: an export file can be written
    assert json.loads(to_json(papers))[0]["source"].endswith("2024-01-01-\ufffd .md:1")
    assert str(ParseWarning("a\x1b[2Jb\nc.md", 3, "x\x07y")) == "ab c.md:3: warning: xy"


def test_notes_from_a_state_file_made_elsewhere_lose_escape_sequences(tmp_path):
    store = StateStore(tmp_path / "s.sqlite3")
    store.db.execute("INSERT INTO papers (key, note) VALUES ('k', ?)", (f"read {PLANTED['clear']} me",))
    assert store.note("k") == "read PWNED me"
    assert store.notes() == {"k": "read PWNED me"}
