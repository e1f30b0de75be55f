"""The command palette: every action of the app, the saved searches, and sync."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList


class PaperCommands(Provider):
    """Lists ``app.palette_commands()``: (name, help, callback) for each action and saved view."""

    def _commands(self):
        return self.app.palette_commands()  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(callback), help=help_text)


class PaletteActions:
    """What the help screen and the palette list; mixed into :class:`~reader.app.DailyPapersApp`."""

    def binding_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        def rows(bindings) -> list[tuple[str, str]]:
            out: dict[str, list[str]] = {}
            for binding in bindings:
                for b in binding if isinstance(binding, list) else [binding]:
                    keys = ", ".join(self.get_key_display(Binding(k.strip(), b.action)) for k in self._keys_for(b).split(","))
                    out.setdefault(b.description, []).append(keys)
            return [(", ".join(keys), description) for description, keys in out.items()]

        return [
            ("Papers", rows(PaperList.BINDINGS)),
            ("Reader", rows(self.BINDINGS)),
            ("Detail pane", rows(PaperDetail.BINDINGS)),
            ("Filter", [("enter", "Back to the list"), ("escape", "Clear the filter")]),
            ("Anywhere", [("ctrl+p", "Command palette"), ("ctrl+q", "Quit")]),
        ]

    def _keys_for(self, binding: Binding) -> str:
        return self.config.keys.get(binding.id, binding.key) if binding.id else binding.key

    def palette_commands(self) -> list[tuple[str, str, object]]:
        commands = []
        for binding in [*self.BINDINGS, *PaperList.BINDINGS]:
            keys = self._keys_for(binding)
            target = self.paper_list if binding in PaperList.BINDINGS else self
            commands.append((binding.description, f"key: {keys}", lambda t=target, a=binding.action: self.call_later(t.run_action, a)))
        commands.append(("Switch pane", "key: tab", self.action_switch_pane))
        commands.append(("Sync digests", "fetch new digests with git: " + ", ".join(self.config.sources), self.action_sync))
        for name, query in self.config.views.items():
            commands.append((f"View: {name}", query, lambda q=query: self.action_view(q)))
        return commands
