"""Hostile digests: every attack and fault the reader must survive, written into a folder.

    python -m tests.hostile.make OUT        (then: daily-papers OUT, or daily-papers export OUT)

Each digest puts a good paper before and after the bad entry, so a test can check that the
neighbours still load. PLANTED lists the escape sequences hidden in the content: none of them
may ever reach the terminal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Unique escape sequences that Textual itself never writes, so finding one in the output proves a leak.
PLANTED = {
    "osc52": "\x1b]52;c;UFdORUQ=\x07",  # rewrite the clipboard
    "title": "\x1b]0;PWNED-TITLE\x07",  # set the window title
    "csi": "\x1b[8;1;1t",  # resize the window
    "clear": "\x1b[3J\x1b[H\x1b[2J\x1b[?25lPWNED",  # clear screen and scrollback, hide the cursor
    "bel": "Ding\x07Dong",
    "backspace": "Back\x08Space",
    "formfeed": "Form\x0cFeed",
}


def good(n: int, title: str = "Good paper") -> str:
    return (
        f"### [{title} {n}](https://arxiv.org/abs/2401.{n:05d})\n\n"
        f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2401.{n:05d}.png)\n\n"
        f"Vote: {n}\n\nAuthors: 김민준, Ada Lovelace\n\n- ***What's New***: 정상적인 요약 {n}.\n\n"
    )


def digest(day: str, bad: str, first: int) -> str:
    return f"## Daily Papers ({day})\n\n" + good(first) + bad + "\n" + good(first + 1)


def write_all(out: Path) -> dict[str, int]:
    """Write the hostile set; return how many good papers each file holds."""
    out.mkdir(parents=True, exist_ok=True)
    expect: dict[str, int] = {}

    def text(name: str, content: str, good_papers: int = 2, encoding: str = "utf-8") -> None:
        (out / name).write_bytes(content.encode(encoding))
        expect[name] = good_papers

    esc = PLANTED
    text("2024-01-01-markup.md", digest("2024-01-01", (
        "### [\\[bold red\\]Markup\\[/\\] \\[@click=app.quit\\]quit\\[/\\] \\[link=file:///etc/passwd\\]x\\[/link\\]](https://arxiv.org/abs/2401.10001)\n\n"
        "Vote: 5\n\nAuthors: [bold]Eve[/bold], [@click=app.quit]Mallory[/], [link=file:///etc/passwd]Trudy[/link]\n\n"
        "- ***[@click=app.quit]Label[/]***: [reverse]text[/reverse] [link=https://evil.example]click[/link]\n"
    ), 1), 3)
    text("2024-01-02-escapes.md", digest("2024-01-02", (
        f"### [Escapes {esc['title']} {esc['csi']} {esc['bel']}](https://arxiv.org/abs/2401.10002)\n\n"
        f"Vote: 6\n\nAuthors: Eve {esc['osc52']}, {esc['backspace']}, {esc['clear']}\n\n"
        f"- ***What's New***: {esc['osc52']} {esc['formfeed']} {esc['title']}\n- {esc['clear']} {esc['csi']}\n"
    ), 3), 3)
    (out / "2024-01-03-crlf-bom.md").write_bytes(("\ufeff" + digest("2024-01-03", good(90), 5)).replace("\n", "\r\n").encode())
    expect["2024-01-03-crlf-bom.md"] = 3
    nfd = "\u1112\u1161\u11ab\u1100\u116e\u11a8\u110b\u1165"  # 한국어, decomposed
    text("2024-01-04-nfd.md", digest("2024-01-04", f"### [{nfd} 논문](https://arxiv.org/abs/2401.10004)\n\nAuthors: {nfd}\n\n- {nfd} 요약\n", 7), 3)
    (out / "2024-01-05-invalid-utf8.md").write_bytes(digest("2024-01-05", "### [Bad \xff\xfe bytes](https://arxiv.org/abs/2401.10005)\n\n- x\n", 9).encode("utf-8", "surrogateescape").replace("\xc3\xbf".encode("latin-1"), b"\xff"))
    expect["2024-01-05-invalid-utf8.md"] = 3
    (out / "2024-01-06-binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000))
    expect["2024-01-06-binary.md"] = 0
    text("2024-01-07-empty.md", "", 0)
    text("nodate.md", "### [No date heading](https://arxiv.org/abs/2401.10008)\n\nVote: 1\n\n- 날짜 없음\n", 1)
    text("2024-01-09-long-line.md", digest("2024-01-09", "### [Long line](https://arxiv.org/abs/2401.10009)\n\n- " + "가나다라[*_`$<" * 700_000 + "\n", 11), 3)
    authors = ", ".join(f"Author {i}" for i in range(100_000))
    text("2024-01-10-many-authors.md", digest("2024-01-10", f"### [Many authors](https://arxiv.org/abs/2401.10010)\n\nAuthors: {authors}\n\n- x\n", 13), 3)
    nested = "".join("  " * i + f"- level {i}\n" for i in range(3000))
    text("2024-01-11-deep-nesting.md", digest("2024-01-11", "### [Deep nesting](https://arxiv.org/abs/2401.10011)\n\n" + nested + "> " * 2000 + "quote\n", 15), 3)
    text("2024-01-12-brackets.md", digest("2024-01-12", "### [" + "[" * 30_000 + "](https://arxiv.org/abs/2401.10012)\n\n- " + "[" * 30_000 + "(" * 30_000 + "\n", 17), 3)
    text("2024-01-13-links.md", digest("2024-01-13", (
        "### [JavaScript link](javascript:alert(document.cookie))\n\nVote: 1\n\n- js\n\n"
        "### [File link](file:///etc/passwd)\n\n- file\n\n"
        "### [Data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n- data\n\n"
        "### [Shell link](https://example.com/a;$(touch${IFS}/tmp/daily-papers-pwned)`id`|cat&)\n\n- shell\n\n"
        "### [No host](https:///nohost)\n\n- nohost\n"
    ), 19), 7)
    # round 2: input that used to lose later papers or bullets, or to hang
    text("2024-01-17-unclosed-fence.md", digest("2024-01-17", "### [Fence](https://arxiv.org/abs/2401.10017)\n\n- a\n```\n- b\n", 23), 3)
    text("2024-01-18-html-opener.md", digest("2024-01-18", "### [HTML](https://arxiv.org/abs/2401.10018)\n\n- a\n<!--\n- b\n<script>\n- c\n", 25), 3)
    text("2024-01-19-osc-in-title.md", digest("2024-01-19", f"### [Clip {esc['osc52']}board](https://arxiv.org/abs/2401.10019)\n\n- x\n", 27), 3)
    text("2024-01-20-quadratic.md", digest("2024-01-20", (
        "### [Spaces](https://arxiv.org/abs/2401.10020)\n\nVote: a" + " " * 100_000 + "b\n\nAuthors: a" + " " * 100_000 + "b\n\n"
        "- " + "*a **a " * 8000 + " b** a*" * 8000 + "\n\n" + "Watch Video " * 20_000 + "x y\n"
    ), 29), 3)
    return expect


def write_faults(out: Path) -> None:
    """Files no parser can read: a dangling link, a folder named .md and a directory symlink loop."""
    (out / "2024-01-14-dangling.md").symlink_to(out / "does-not-exist.md")
    (out / "2024-01-15-folder.md").mkdir()
    loop = out / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "2024-01-16.md").write_text(digest("2024-01-16", "", 21))


if __name__ == "__main__":
    target = Path(sys.argv[1])
    counts = write_all(target)
    write_faults(target)
    print(f"wrote {len(counts)} hostile digests and the fault cases into {target}")
