"""The footer: the focused pane's keys on one line, leaving out those a narrow window has no room for.

One widget drawing one line (the Line API), laid out as Textual's ``Footer`` lays out its keys
(the same spacing, theme variables and right-hand "^p palette"). Textual's footer mounts a widget
per key, and mounted them all again whenever the focus moved to a pane with other keys: 17-33 ms
of the UI thread at each start, between the first frame and a searchable library, and again at
each Tab into the detail pane. Here a change of keys is a new layout of a dozen strings.
"""

from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class FooterKey(NamedTuple):
    """One key as the footer shows it."""

    key: str  # what pressing it sends (``App.simulate_key``)
    display: str  # as shown: "q", "^p"
    description: str  # "" for a key of a group (the group's label follows its keys)
    action: str
    enabled: bool
    tooltip: str


class Piece(NamedTuple):
    """A run of the footer's line: its text, what draws it, and the key it belongs to (if any)."""

    text: str
    part: str  # "gap", "key", "description", "label" or "edge" (the bar before the palette's key)
    key: int | None  # index in ``ReaderFooter.keys``


DROPPED_FIRST: tuple[frozenset[str], ...] = tuple(
    frozenset(actions)
    for actions in (
        {"focus_filter"},  # the filter box says "/ to filter" itself
        {"cycle_sort"},
        {"prev_day", "next_day"},  # "[] Day", a group: its keys and label go together
        {"toggle_scope"},
        {"copy_url"},
        {"toggle_star"},
        {"open_abs"},
        {"help"},
        {"app.quit", "screen.back"},  # the way out, kept longest
    )
)
"""The keys a window too narrow for all of them leaves out, in turn, until the rest fit whole
(every key stays in ? and the palette). Keys of other panes not named here go before these, last
first, and "^p palette" last of all."""


def width_of(pieces: tuple[Piece, ...]) -> int:
    return sum(cell_len(piece.text) for piece in pieces)


class ReaderFooter(Widget, can_focus=False):
    """Shows as many keys as fit whole, the most needed first (see :data:`DROPPED_FIRST`): every key
    of the list from 94 columns on, q ? [] a y o m and the palette at 80, q ? y o m at 60."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--item", "footer--key", "footer--description", "footer--label", "footer--hover", "footer--edge"}
    """A key's ground and its two parts, a group's label (Textual's footer colours), the key under
    the mouse, and the bar before the palette's key."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.room = width
        """Columns to fit the keys in: the window's width until the footer has a size of its own
        (so the start lays it out once), then the footer's."""
        self.keys: tuple[FooterKey, ...] = ()
        """What is shown, left to right; the palette's key last (drawn at the right edge)."""
        self.line: tuple[Piece, ...] = ()
        """The keys laid out, up to the palette's key."""
        self.palette: tuple[Piece, ...] = ()
        self._hover: int | None = None

    def on_mount(self) -> None:
        # the keys come with the first signal: asked for now, the screen's panes are not mounted yet
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        """Laid out again (and drawn) only when the keys it shows change: every focus change says
        the bindings did. Not while the terminal is in the background, as Textual's footer."""
        if screen is self.screen and screen.app.app_focus:
            self._show(self._shown_keys(screen))

    def on_resize(self, event: events.Resize) -> None:
        """The keys fitted to the new width (laid out again only when it changed)."""
        if event.size.width != self.room:
            self.room = event.size.width
            if self.keys:  # else the first keys are still to come (see on_mount), and will fit
                self._show(self._shown_keys(self.screen))

    def _shown_keys(self, screen: Screen) -> list[tuple[Binding, bool, str]]:
        return [(binding, enabled, tooltip) for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show]

    def _show(self, bindings: list[tuple[Binding, bool, str]]) -> None:
        keys, line, palette = self._fitted(bindings)
        if (keys, line, palette) != (self.keys, self.line, self.palette):
            self.keys, self.line, self.palette = keys, line, palette
            self._hover = None
            self.refresh()

    def _fitted(self, bindings: list[tuple[Binding, bool, str]]) -> tuple[tuple[FooterKey, ...], tuple[Piece, ...], tuple[Piece, ...]]:
        """As many keys as fit in :attr:`room` whole, leaving out first what is needed least."""
        actions = list(dict.fromkeys(binding.action for binding, _, _ in bindings))
        unlisted = [action for action in actions if not any(action in dropped for dropped in DROPPED_FIRST)]
        left_out: set[str] = set()
        for dropped in (frozenset(), *(frozenset({action}) for action in reversed(unlisted)), *DROPPED_FIRST):
            left_out |= dropped
            keys, line, palette = self._layout(bindings, left_out)
            if width_of(line) + width_of(palette) <= self.room:
                return keys, line, palette
        keys, line, palette = self._layout(bindings, set(actions))  # the palette's key alone, if even that fits
        return (keys, line, palette) if width_of(palette) <= self.room else ((), (), ())

    def _layout(self, bindings: list[tuple[Binding, bool, str]], left_out: set[str]) -> tuple[tuple[FooterKey, ...], tuple[Piece, ...], tuple[Piece, ...]]:
        """As Textual's footer lays them out: each action once (its first key), a group's keys
        together before its label; ``left_out`` actions (and a group all of whose keys are) gone."""
        app = self.app
        keys: list[FooterKey] = []
        line: list[Piece] = []

        def add(binding: Binding, enabled: bool, tooltip: str, description: str) -> int:
            keys.append(FooterKey(binding.key, app.get_key_display(binding), description, binding.action, enabled, tooltip))
            return len(keys) - 1

        first: dict[str, tuple[Binding, bool, str]] = {}
        for binding, enabled, tooltip in bindings:
            first.setdefault(binding.action, (binding, enabled, tooltip))
        for group, members in groupby(first.values(), lambda member: member[0].group):
            grouped = list(members)
            if group is not None and len(grouped) > 1:
                kept = [member for member in grouped if member[0].action not in left_out]
                if not kept:
                    continue  # no keys, no label either
                # a compact group: its keys side by side after a space; else each with a space either side
                edge, margin = (" ", "") if group.compact else ("", " ")
                line.append(Piece(edge, "gap", None))
                for binding, enabled, tooltip in kept:
                    index = add(binding, enabled, tooltip or binding.description, "")
                    line += [Piece(margin, "gap", None), Piece(keys[index].display, "key", index), Piece(margin, "gap", None)]
                line += [Piece(edge, "gap", None), Piece(group.description, "label", None), Piece(" ", "gap", None)]
                continue
            for binding, enabled, tooltip in grouped:
                if binding.action in left_out:
                    continue
                index = add(binding, enabled, tooltip, binding.description)
                if binding.description:
                    line += [Piece(f" {keys[index].display} ", "key", index), Piece(f"{binding.description} ", "description", index)]
                else:
                    line.append(Piece(keys[index].display, "key", index))
        palette: list[Piece] = []
        if app.ENABLE_COMMAND_PALETTE and (found := self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)) is not None:
            _, binding, enabled, _ = found
            index = add(binding, enabled, binding.tooltip or binding.description, binding.description)
            # as Textual draws it: a bar, then the key and its description in the compact style
            palette = [Piece("▏", "edge", None), Piece(keys[index].display, "key", index), Piece(f" {binding.description}", "description", index), Piece(" ", "gap", index)]
        return tuple(keys), tuple(piece for piece in line if piece.text), tuple(palette)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y or not width:
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        item = base + self.get_component_rich_style("footer--item")
        styles = {
            "gap": base,
            "key": item + self.get_component_rich_style("footer--key"),
            "description": item + self.get_component_rich_style("footer--description"),
            "label": base + self.get_component_rich_style("footer--label"),
            "edge": base + self.get_component_rich_style("footer--edge"),
        }
        hover = self.get_component_rich_style("footer--hover")
        dim = Style(dim=True)

        def segments(pieces: tuple[Piece, ...]) -> list[Segment]:
            out = []
            for text, part, key in pieces:
                style = styles[part] if key is None or part != "gap" else item
                if key is not None:
                    if key == self._hover and self.keys[key].enabled:
                        style += hover
                    if not self.keys[key].enabled:
                        style += dim
                out.append(Segment(text, style))
            return out

        palette = Strip(segments(self.palette))
        line = Strip(segments(self.line)).crop(0, max(0, width - palette.cell_length))
        gap = width - line.cell_length - palette.cell_length
        return Strip.join([line, Strip([Segment(" " * max(0, gap), base)]), palette]).crop(0, width)

    # --- the mouse: a key is pressed by clicking it, and lit while the pointer is over it ---

    def key_at(self, x: int) -> int | None:
        """The index (in :attr:`keys`) of the key drawn at column ``x``, if any."""
        width = self.size.width
        palette_width = width_of(self.palette)
        pieces, at = (self.palette, width - palette_width) if x >= width - palette_width else (self.line, 0)
        for text, _, key in pieces:
            if at <= x < at + cell_len(text):
                return key
            at += cell_len(text)
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = self.keys[key].tooltip or None if key is not None else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if self.keys[key].enabled:
            self.app.simulate_key(self.keys[key].key)
        else:
            self.app.bell()
