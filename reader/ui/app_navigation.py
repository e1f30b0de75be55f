"""Moving around the app: focus between panes, day by day, one day or all, sort, authors."""

from __future__ import annotations

from dataclasses import replace


class NavigationActions:
    """Mixed into :class:`~reader.app.DailyPapersApp`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_filter":
            # "/" is a priority binding, taken when it arrives, so the keys typed right after it
            # reach the filter (a normal binding only runs once the list has handled the keys
            # queued behind it: "n" opened the note editor). Inside the filter, or over another
            # screen, it is just a character.
            filter_bar = getattr(self, "filter_bar", None)
            return filter_bar is not None and not filter_bar.input.has_focus and self.screen is self.screen_stack[0]
        return True

    def focus_now(self, widget) -> None:
        """Focus ``widget`` before the next key is handled.

        ``Widget.focus()`` waits until the messages already queued are handled, and keys typed in
        a burst after "/" (or while the app was busy) are queued already: they reached the list
        as commands ("n" opened the note editor, "a" switched to all days) instead of the filter.
        """
        widget.screen.set_focus(widget)

    def action_focus_filter(self) -> None:
        self.focus_now(self.filter_bar.input)

    def action_focus_list(self) -> None:
        self.focus_now(self.paper_list)

    def action_focus_detail(self) -> None:
        self.focus_now(self.detail)

    def action_switch_pane(self) -> None:
        self.focus_now(self.detail if self.paper_list.has_focus else self.paper_list)

    def go_day(self, step: int) -> None:
        if self.browser is None or not self.browser.days:
            return
        days = self.browser.days
        row = self.paper_list.current_row
        current = self.view.day if self.view.day in days else (self.browser.catalog.day(row) if row is not None else days[0])
        index = days.index(current) - step  # days are newest first: "next" is the one before
        if not 0 <= index < len(days):
            self.notify("No newer day" if step > 0 else "No older day", severity="warning")
            return
        self.view = replace(self.view, day=days[index], scope="day")
        self.refresh_list()

    def action_prev_day(self) -> None:
        self.go_day(-1)

    def action_next_day(self) -> None:
        self.go_day(+1)

    def action_toggle_scope(self) -> None:
        keep = self.paper_list.current_row
        scope = "all" if self.view.scope == "day" else "day"
        day = self.browser.catalog.day(keep) if scope == "day" and keep is not None and self.browser else self.view.day
        self.view = replace(self.view, scope=scope, day=day)
        self.refresh_list(keep=keep)
        self.notify("All days" if scope == "all" else f"One day: {day}", markup=False)

    def action_cycle_sort(self) -> None:
        self.view = self.view.next_sort()
        self.refresh_list()
        self.notify(f"Sorted by {self.view.sort}", markup=False)

    def action_expand_authors(self) -> None:
        self.expanded_authors = not self.expanded_authors
        self.show_detail(self.paper_list.current)
