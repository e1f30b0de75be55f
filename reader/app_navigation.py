"""Moving around the app: focus between panes, day by day, one day or all, sort, authors."""

from __future__ import annotations

from dataclasses import replace


class NavigationActions:
    """Mixed into :class:`~reader.app.DailyPapersApp`."""

    def action_focus_filter(self) -> None:
        self.filter_bar.input.focus()

    def action_focus_list(self) -> None:
        self.paper_list.focus()

    def action_focus_detail(self) -> None:
        self.detail.focus()

    def action_switch_pane(self) -> None:
        (self.detail if self.paper_list.has_focus else self.paper_list).focus()

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
