"""Syncing the library from the app (command palette → "Sync digests")."""

from __future__ import annotations

from ..core.library import default_paths


class SyncActions:
    """Mixed into :class:`~reader.app.DailyPapersApp`."""

    def action_sync(self) -> None:
        self.notify("Syncing digests…", markup=False)
        self.run_sync()

    def run_sync(self) -> None:
        self.run_worker(self._run_sync, thread=True, exclusive=True, group="sync")

    def _run_sync(self) -> None:
        from ..core.sync import SyncError, sync

        results, failures = [], []
        for source in self.config.sources:
            try:
                results.append(sync(source, output=lambda line: self.call_from_thread(self.set_indexing, f"sync: {line[:60]}")))
            except SyncError as problem:
                failures.append(f"{source}: {problem}")
        self.call_from_thread(self.sync_done, results, failures)

    def sync_done(self, results: list, failures: list[str]) -> None:
        self.set_indexing(None)
        for failure in failures:
            self.notify(f"Sync failed, library unchanged: {failure}", severity="error", markup=False, timeout=12)
        if not results:
            return
        days, papers = sum(r.new_days for r in results), sum(r.new_papers for r in results)
        self.notify(f"Synced: {days} new day(s), {papers} new paper(s)", markup=False)
        if self.origin in ("samples", "library"):
            self.paths, self.origin = default_paths()
            self.set_indexing("loading")
            self.load_library(staged=False)
        else:
            self.notify("The library was updated; run `daily-papers` without paths to read it.", markup=False)
