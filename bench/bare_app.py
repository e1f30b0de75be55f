"""The baseline: a minimal Textual app, launched and timed the same way as the reader."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("bare-ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
