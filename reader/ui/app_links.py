"""Copying and opening papers: the app's clipboard and browser actions.

Copying writes OSC 52 (through Textual, which also sets ``app.clipboard``) and tries the
system clipboard off the UI thread; the notification always shows the text. Opening accepts
only web URLs, runs off the UI thread and copies instead where no graphical browser can open.
"""

from __future__ import annotations

from functools import partial

from ..core.clipboard import system_copy
from ..core.model import Paper


class LinkActions:
    """Mixed into :class:`~reader.app.DailyPapersApp`."""

    def copy(self, text: str, what: str, paper: Paper | None = None) -> None:
        self.copy_to_clipboard(text)  # OSC 52, and app.clipboard
        self.system_copy(text, what)
        if paper is not None:
            self.set_read(paper, True)

    def system_copy(self, text: str, what: str) -> None:
        """Copy with the system clipboard too, off the UI thread, then say what happened."""
        self.run_worker(partial(self._system_copy, text, what), thread=True, group="clipboard")

    def _system_copy(self, text: str, what: str) -> None:
        problem = system_copy(text)
        shown = text if len(text) <= 300 else text[:300] + "…"
        if problem is None:
            message = f"Copied {what}:\n{shown}"
        else:  # OSC 52 was sent; whether the terminal honours it cannot be known, so show the text
            message = f"Copied {what} through the terminal (OSC 52; no system clipboard here). If it did not arrive, select it:\n{shown}"
        self.call_from_thread(self.notify, message, markup=False, timeout=8)

    def action_copy_url(self) -> None:
        if paper := self.current_paper():
            self.copy(paper.abs_url, "the arXiv URL", paper)

    def action_copy_markdown(self) -> None:
        if paper := self.current_paper():
            from ..core.export import md_escape

            self.copy(f"[{md_escape(paper.title)}]({paper.abs_url})", "a Markdown link", paper)

    def action_copy_bibtex(self) -> None:
        if paper := self.current_paper():
            from ..core.export import bibtex_entry

            self.copy(bibtex_entry(paper), "a BibTeX entry", paper)

    def open_link(self, url: str | None, what: str, paper: Paper) -> None:
        from ..core import opener  # webbrowser and shlex: imported on first use, not before the first screen

        if not url:
            self.notify(f"This paper has no {what} (not an arXiv paper)", severity="warning", markup=False)
            return
        if problem := opener.check_url(url):
            self.notify(f"{problem}: {url[:200]}", severity="error", markup=False)
            return
        self.set_read(paper, True)
        if not opener.graphical_session():
            self.copy_to_clipboard(url)
            self.system_copy(url, f"the {what} URL instead of opening it (no graphical browser here)")
            return
        self.run_worker(partial(self._open_in_browser, url, what), thread=True, group="browser")

    def _open_in_browser(self, url: str, what: str) -> None:
        from ..core import opener

        problem = opener.open_url(url)
        if problem is None:
            self.call_from_thread(self.notify, f"Opened the {what}: {url}", markup=False)
        else:
            self.call_from_thread(self.copy_to_clipboard, url)
            self.call_from_thread(self.notify, f"Could not open the browser ({problem}); copied the URL instead:\n{url}", severity="warning", markup=False)

    def action_open_abs(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.abs_url, "arXiv page", paper)

    def action_open_pdf(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.pdf_url, "PDF", paper)

    def action_open_hf(self) -> None:
        if paper := self.current_paper():
            self.open_link(paper.hf_url, "Hugging Face page", paper)
