"""The footer: Textual's, leaving out the keys a narrow window has no room for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

WIDTH_STEPS: tuple[tuple[int, frozenset[str]], ...] = (
    (110, frozenset()),
    (100, frozenset({"screen.back"})),  # the detail pane's "esc Back" (the list is beside it; Esc in a pane is the rule of ?)
    (90, frozenset({"screen.back", "focus_filter", "prev_day", "next_day", "cycle_sort"})),  # "/ to filter" is in the filter box
    (80, frozenset({"focus_filter", "prev_day", "next_day", "cycle_sort"})),
    (0, frozenset({"focus_filter", "prev_day", "next_day", "cycle_sort", "copy_url", "toggle_scope"})),
)
"""From each width on, the actions left out (every key stays in ? and the palette). Below 90
columns (``reader_screen.NARROW``) the paper fills the screen, so the detail pane's "esc Back" is
kept: the key that leaves it takes the place of "q Quit", which the pane's q replaces."""


def left_out_at(width: int) -> frozenset[str]:
    return next(hidden for least, hidden in WIDTH_STEPS if width >= least)


class ReaderFooter(Footer):
    """Shows as many keys as fit whole: at 80 columns q ? a y o m and the palette, at 60 q ? o m."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.left_out = left_out_at(width)  # chosen before the first compose: no second one at start
        self._shown: tuple | None = None  # the keys composed, or about to be (see bindings_changed)

    def _keys(self, screen: Screen) -> tuple:
        return tuple((binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
                     for _, binding, enabled, tooltip in screen.active_bindings.values())

    def bindings_changed(self, screen: Screen) -> None:
        """Recomposed only when the keys it shows change: every focus change says the bindings
        did, and each new compose mounts a dozen keys (the start made three, ~20 ms each)."""
        if screen is self.screen and screen.app.app_focus and self.is_attached:
            keys = self._keys(screen)
            if keys == self._shown:  # composed with these keys, or about to be
                return
            self._shown = keys
        super().bindings_changed(screen)

    def fit(self, width: int) -> None:
        """Choose the keys for a window ``width`` columns wide (redrawn only when that changes)."""
        left_out = left_out_at(width)
        if left_out != self.left_out:
            self.left_out = left_out
            self.refresh(recompose=True)

    async def recompose(self) -> None:
        await super().recompose()
        for group in self.query_children(KeyGroup):
            if not group.children:  # every key of the group ("[] Day") was left out: no gap where it was
                group.display = False

    def compose(self) -> ComposeResult:
        group_kept = group_dropped = 0  # the keys of a group ("[] Day"), before its label
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.has_class("-grouped"):
                if widget.action in self.left_out:
                    group_dropped += 1
                    continue
                group_kept += 1
            elif isinstance(widget, FooterLabel):
                left, group_kept, group_dropped = group_dropped and not group_kept, 0, 0
                if left:  # every key of the group was left out: its label goes too
                    continue
            elif isinstance(widget, FooterKey) and widget.action in self.left_out:
                continue
            yield widget
