"""Generate a deterministic, realistic digest corpus laid out like upstream.

    python -m bench.gen OUT --days 1100 --papers 50     # 55,000 papers, ~110 MB

Each day is ``OUT/paper_logs/YYYY/MM/DD.md`` in the newest upstream format (triple-asterisk
labels; some days in older eras), with Korean bullets (300-1,300 characters a paper), author
lists from one to several hundred names, votes, thumbnails and occasional Markdown in text.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히개내대래매배새애재채케테페헤그느드르므브스으즈츠크트프흐"
WORDS = [
    "대규모", "언어", "모델", "확산", "학습", "데이터셋", "벤치마크", "성능", "추론", "에이전트", "멀티모달", "비디오", "생성",
    "강화학습", "정렬", "효율적인", "토큰", "어텐션", "트랜스포머", "평가", "제안합니다", "보여줍니다", "향상", "방법", "연구",
]
ENGLISH = ["LLM", "diffusion", "RLHF", "transformer", "ViT", "benchmark", "GPU", "Mixture-of-Experts", "agent", "reasoning", "3D", "RAG"]
TITLE_WORDS = [
    "Scaling", "Efficient", "Diffusion", "Language", "Models", "Reasoning", "Agents", "Video", "Generation", "Vision", "Benchmark",
    "Learning", "Towards", "Robust", "Multimodal", "Alignment", "Tokens", "Attention", "Memory", "Retrieval", "Reinforcement", "Zero-Shot",
]
NAMES = ["Kim", "Lee", "Park", "Choi", "Zhang", "Wang", "Li", "Smith", "Garcia", "Sato", "Müller", "Rossi", "Novak", "Haddad", "Okafor"]
GIVEN = ["Min-jun", "Seo-yeon", "Wei", "Yuki", "Alex", "Maria", "Omar", "Lena", "Carlos", "Aisha", "Ji-ho", "Hana", "Tomás", "Priya"]
LABELS = ["What's New", "Technical Details", "Performance Highlights"]


def sentence(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    length = 0
    while length < chars:
        roll = rng.random()
        if roll < 0.6:
            word = rng.choice(WORDS)
        elif roll < 0.8:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
        else:
            word = rng.choice(ENGLISH)
        out.append(word)
        length += len(word) + 1
        if rng.random() < 0.08:
            out[-1] += "."
    return " ".join(out)[:chars].rstrip() + "."


def paper(rng: random.Random, day: date, number: int, era: str) -> str:
    arxiv = f"{day:%y%m}.{number:05d}"
    words = rng.sample(TITLE_WORDS, rng.randint(3, 8))
    title = " ".join(words)
    if rng.random() < 0.05:
        title = title.replace(words[0], f"{words[0]}$^{{2}}$", 1)
    if rng.random() < 0.03:
        title += ": 한국어 " + rng.choice(WORDS)
    count = rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 20]) if rng.random() < 0.97 else rng.randint(100, 600)
    authors = ", ".join(f"{rng.choice(GIVEN)} {rng.choice(NAMES)}" for _ in range(count))
    total = rng.randint(300, 1300)
    lines = [f"### [{title}](https://arxiv.org/abs/{arxiv})", ""]
    lines += [f"![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv}.png)", ""]
    if era != "early":
        lines += [f"Vote: {rng.randint(0, 150) if rng.random() > 0.02 else '-'}", ""]
    lines += [f"Authors: {authors}", ""]
    if era == "early":
        parts = rng.randint(3, 7)
        lines += [f"- {sentence(rng, total // parts)}" for _ in range(parts)]
    else:
        stars = "***" if era == "late" else "**"
        lines += [f"- {stars}{label}{stars}: {sentence(rng, total // 3)}" for label in LABELS]
    return "\n".join(lines) + "\n"


def generate(out: Path, days: int, papers: int, seed: int = 20240502) -> tuple[int, int]:
    rng = random.Random(seed)
    start = date(2025, 5, 9) - timedelta(days=days - 1)
    written = size = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        era = "early" if offset < days * 0.15 else "labelled" if offset < days * 0.4 else "late"
        body = [f"## Daily Papers ({day.isoformat()})", ""]
        body += [paper(rng, day, n + 1, era) for n in range(papers)]
        text = "\n".join(body)
        target = out / "paper_logs" / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += papers
        size += len(text.encode())
    return written, size


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.gen", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--days", type=int, default=1100)
    parser.add_argument("--papers", type=int, default=50, help="papers per day")
    parser.add_argument("--seed", type=int, default=20240502)
    args = parser.parse_args()
    papers, size = generate(args.out, args.days, args.papers, args.seed)
    print(f"{papers} papers in {args.days} days, {size / 1e6:.1f} MB, under {args.out}")


if __name__ == "__main__":
    main()
