"""Generate a deterministic, realistic digest corpus laid out like upstream.

    python -m bench.gen OUT --days 1100 --papers 50     # 55,000 papers, ~110 MB

Each day is ``OUT/paper_logs/YYYY/MM/DD.md`` in the newest upstream format (triple-asterisk
labels; some days in older eras), with Korean bullets (300-1,300 characters a paper), author
lists from one to several hundred names, votes, thumbnails and occasional Markdown in text. Words
come from common Korean words, topic terms that appear in a few to fifteen percent of papers (as
in the real digests) and a Zipf-distributed tail of 20,000 other words.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후기니디리미비시이지치키티피히개내대래매배새애재채케테페헤그느드르므브스으즈츠크트프흐"
# Words every summary uses (like 모델, 연구, 제안합니다 upstream), then topic terms whose document
# frequency is a few to fifteen percent, as in the real digests, then a long Zipf tail.
COMMON = [
    "모델", "연구", "제안합니다", "성능", "방법", "데이터", "학습", "결과", "기존", "새로운", "이", "를", "통해", "위해", "있습니다",
    "보여줍니다", "향상", "평가", "실험", "다양한", "기반", "접근", "문제", "효과적으로", "주요", "또한", "대한", "에서", "으로", "및",
]
TOPICS = [
    ("diffusion", 9), ("확산 모델", 8), ("LLM", 10), ("대규모 언어 모델", 10), ("transformer", 6), ("attention", 4), ("agent", 5),
    ("에이전트", 5), ("reasoning", 6), ("추론", 8), ("video generation", 4), ("비디오 생성", 4), ("멀티모달", 6), ("multimodal", 5),
    ("강화학습", 3), ("RLHF", 2), ("benchmark", 4), ("벤치마크", 5), ("3D", 4), ("gaussian splatting", 2), ("토큰", 5), ("압축", 2),
    ("효율적인", 5), ("zero-shot", 2), ("memory", 2), ("메모리", 2), ("retrieval", 3), ("검색 증강", 2), ("정렬", 3), ("alignment", 3),
    ("code generation", 2), ("코드 생성", 2), ("robotics", 2), ("로봇", 2), ("speech", 2), ("음성", 2), ("mixture-of-experts", 2),
    ("양자화", 2), ("quantization", 2), ("long context", 2), ("긴 문맥", 2), ("hallucination", 2), ("환각", 2), ("ViT", 2), ("GPU", 3),
]
TOPIC_WORDS = [t for t, _ in TOPICS]
TOPIC_WEIGHTS = [w for _, w in TOPICS]


def _pseudo_vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    words = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)})
    rng.shuffle(words)
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    return words, cumulative


TITLE_WORDS = [
    "Scaling", "Efficient", "Language", "Models", "Towards", "Robust", "Learning", "Vision", "Benchmark", "Memory", "Tokens",
    "Retrieval", "Zero-Shot", "Generation", "Reasoning", "Agents", "Alignment", "Attention", "Video", "Multimodal", "Fast", "Open",
]
NAMES = ["Kim", "Lee", "Park", "Choi", "Zhang", "Wang", "Li", "Smith", "Garcia", "Sato", "Müller", "Rossi", "Novak", "Haddad", "Okafor"]
GIVEN = ["Min-jun", "Seo-yeon", "Wei", "Yuki", "Alex", "Maria", "Omar", "Lena", "Carlos", "Aisha", "Ji-ho", "Hana", "Tomás", "Priya"]
LABELS = ["What's New", "Technical Details", "Performance Highlights"]


def sentence(rng: random.Random, chars: int, topics: list[str], vocabulary: tuple[list[str], list[float]]) -> str:
    words, cumulative = vocabulary
    out: list[str] = []
    length = 0
    while length < chars:
        roll = rng.random()
        if roll < 0.45:
            word = rng.choice(COMMON)
        elif roll < 0.57:
            word = rng.choice(topics)
        else:
            word = rng.choices(words, cum_weights=cumulative)[0]
        out.append(word)
        length += len(word) + 1
        if rng.random() < 0.08:
            out[-1] += "."
    return " ".join(out)[:chars].rstrip() + "."


def paper(rng: random.Random, day: date, number: int, era: str, vocabulary: tuple[list[str], list[float]]) -> str:
    arxiv = f"{day:%y%m}.{number:05d}"
    topics = list(dict.fromkeys(rng.choices(TOPIC_WORDS, weights=TOPIC_WEIGHTS, k=rng.randint(1, 4))))
    words = rng.sample(TITLE_WORDS, rng.randint(2, 6)) + [t for t in topics if t.isascii()][:2]
    rng.shuffle(words)
    title = " ".join(words)
    if rng.random() < 0.05:
        title = title.replace(words[0], f"{words[0]}$^{{2}}$", 1)
    if rng.random() < 0.03:
        title += ": 한국어 " + rng.choice(COMMON)
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
        lines += [f"- {sentence(rng, total // parts, topics, vocabulary)}" for _ in range(parts)]
    else:
        stars = "***" if era == "late" else "**"
        lines += [f"- {stars}{label}{stars}: {sentence(rng, total // 3, topics, vocabulary)}" for label in LABELS]
    return "\n".join(lines) + "\n"


def generate(out: Path, days: int, papers: int, seed: int = 20240502) -> tuple[int, int]:
    rng = random.Random(seed)
    vocabulary = _pseudo_vocabulary(rng)
    start = date(2025, 5, 9) - timedelta(days=days - 1)
    written = size = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        era = "early" if offset < days * 0.15 else "labelled" if offset < days * 0.4 else "late"
        body = [f"## Daily Papers ({day.isoformat()})", ""]
        body += [paper(rng, day, n + 1, era, vocabulary) for n in range(papers)]
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
