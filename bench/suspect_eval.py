"""Measure the suspect-summary check (reader.core.suspect) against the hand-labelled set.

    python -m bench.suspect_eval [DIR] [--list]

DIR holds real digests (default: ../shared/real_digests next to the repository, or
$DAILY_PAPERS_REAL_DIGESTS). Prints one JSON object: precision, recall, false-positive rate on
the labelled papers (tests/data/suspect_labels.csv), the flag rate over every paper in DIR,
the confusion counts and the time per paper (best of three runs, parsing excluded). ``--list`` also lists the misjudged labelled
papers and every flagged paper with its score and reason (for tuning by eye).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from reader.core.model import Paper, digests
from reader.core.parse import parse_file
from reader.core.suspect import Verdict, check_day

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "suspect_labels.csv"
DEFAULT_DIR = Path(os.environ.get("DAILY_PAPERS_REAL_DIGESTS", ROOT.parent / "shared" / "real_digests"))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Confusion counts on the labelled set, flag counts over all papers, and the cost."""

    tp: int
    fp: int
    fn: int
    tn: int
    unmatched_labels: int
    papers: int
    flagged: int
    seconds_per_paper: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def flag_rate(self) -> float:
        return self.flagged / self.papers if self.papers else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "false_positive_rate": round(self.false_positive_rate, 4),
            "flag_rate": round(self.flag_rate, 4),
            "labelled": self.tp + self.fp + self.fn + self.tn,
            "true_positives": self.tp,
            "false_positives": self.fp,
            "false_negatives": self.fn,
            "true_negatives": self.tn,
            "labels_not_found": self.unmatched_labels,
            "papers": self.papers,
            "flagged": self.flagged,
            "microseconds_per_paper": round(self.seconds_per_paper * 1e6, 1),
        }


def load_labels(path: Path = LABELS) -> dict[tuple[str, str], bool]:
    """``(date, arxiv_id) -> True`` for a mismatch, False for a match."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["date"], row["arxiv_id"]): row["verdict"] == "mismatch" for row in csv.DictReader(handle)}


def judge_all(folder: Path) -> tuple[list[tuple[Paper, Verdict]], float]:
    """Every paper in ``folder`` with its verdict, and the seconds the checks took (parsing excluded)."""
    papers: list[Paper] = []
    for path in sorted(folder.glob("*.md")):
        papers.extend(parse_file(path)[0])
    days = digests(papers)
    elapsed = float("inf")
    for _ in range(3):  # the best of three: the machine is shared, the cost is the check's own
        start = time.perf_counter()
        verdicts = [check_day(day.papers) for day in days]
        elapsed = min(elapsed, time.perf_counter() - start)
    return [pair for day, found in zip(days, verdicts, strict=True) for pair in zip(day.papers, found, strict=True)], elapsed


def evaluate(folder: Path, labels: dict[tuple[str, str], bool] | None = None) -> tuple[Evaluation, list[tuple[Paper, Verdict, bool | None]]]:
    labels = load_labels() if labels is None else labels
    judged, elapsed = judge_all(folder)
    tp = fp = fn = tn = 0
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[Paper, Verdict, bool | None]] = []
    for paper, verdict in judged:
        key = (paper.date.isoformat(), paper.arxiv_id or "")
        truth = labels.get(key)
        rows.append((paper, verdict, truth))
        if truth is None or key in seen:
            continue
        seen.add(key)
        if truth and verdict.suspect:
            tp += 1
        elif truth:
            fn += 1
        elif verdict.suspect:
            fp += 1
        else:
            tn += 1
    flagged = sum(verdict.suspect for _, verdict in judged)
    result = Evaluation(tp, fp, fn, tn, len(set(labels) - seen), len(judged), flagged, elapsed / max(1, len(judged)))
    return result, rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    listing = "--list" in args
    args = [a for a in args if a != "--list"]
    folder = Path(args[0]) if args else DEFAULT_DIR
    if not folder.is_dir():
        print(f"suspect_eval: error: no digests folder at {folder}", file=sys.stderr)
        return 2
    result, rows = evaluate(folder)
    print(json.dumps(result.as_dict(), indent=2))
    if listing:
        for paper, verdict, truth in rows:
            wrong = truth is not None and truth != verdict.suspect
            if verdict.suspect or wrong:
                mark = {None: "?", True: "M", False: "-"}[truth] + ("!" if wrong else " ")
                print(f"{mark} {verdict.score:.2f} {paper.date} {paper.arxiv_id} {paper.title[:60]} | {verdict.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
