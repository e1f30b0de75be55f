"""The suspect-summary check: each signal on small made-up papers, and the measured targets on the
hand-labelled real papers (skipped when the real digests are absent)."""

from __future__ import annotations

import csv
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.suspect_eval import LABELS, evaluate, judge_all, load_labels
from reader.core.model import Bullet, Paper, Source
from reader.core.parse import parse_file
from reader.core.suspect import THRESHOLD, Verdict, check, check_day

DAY = date(2024, 8, 1)


def paper(title: str, *bullets: str, arxiv_id: str = "2408.00001", labels: bool = True) -> Paper:
    keys = ("What's New", "Technical Details", "Performance Highlights")
    summary = tuple(Bullet(keys[i % 3] if labels else None, text) for i, text in enumerate(bullets))
    return Paper(DAY, title, f"https://arxiv.org/abs/{arxiv_id}", arxiv_id, 10, ("A. Author",), summary, None, Source("2024-08-01.md", 3))


# A faithful summary of a made-up paper, and the invented write-up the issue describes.
ZEBRA = "ZebraNet: Striped Attention for Long Video Understanding"
ZEBRA_SUMMARY = (
    "본 논문은 긴 비디오 이해를 위한 ZebraNet을 제안합니다. 줄무늬(striped) 어텐션으로 프레임을 나누어 처리합니다.",
    "ZebraNet은 EgoSchema와 Video-MME 벤치마크에서 기존 모델보다 높은 정확도를 보였습니다.",
)
GENERIC = (
    "이번 아카이브(arXiv) 논문은 새로운 머신러닝 모델을 제안합니다. 이 모델은 기존의 딥러닝(Deep Learning) 구조를 개선합니다.",
    "제안된 모델은 Transformer 아키텍처와 Convolutional Neural Network(CNN)를 결합하고 새로운 손실 함수(Loss Function)를 사용합니다.",
    "실험 결과, 기존 모델 대비 정확도가 15% 향상되었으며 GLUE 벤치마크에서 우수한 성능을 보였습니다.",
)
FORMATTING = (
    "ICLR 2025 대회의 논문 제출 방식에 대한 세부 지침이 공개되었습니다. 모든 논문은 https://openreview.net/ 을 통해 제출되어야 합니다.",
    "본문은 10포인트 글꼴을 사용하고 페이지 제한은 10페이지입니다. 여백과 스타일 파일은 바꾸면 안 됩니다.",
    "카메라 레디 버전에서는 iclrfinalcopy 옵션을 켭니다.",
)


# --- each signal on made-up papers -----------------------------------------------------------------


def test_a_faithful_summary_is_not_flagged():
    verdict = check_day([paper(ZEBRA, *ZEBRA_SUMMARY)])[0]
    assert verdict == Verdict(verdict.score, False, None)
    assert verdict.score < 0.2


def test_title_terms_are_found_through_their_korean_renderings():
    # Not one English word of the title is in the summary, but all of it is said in Korean.
    title = "Video Diffusion for Robot Manipulation"
    korean = paper(title, "로봇 조작을 위한 비디오 확산 모델 RoboDiff를 제안합니다.", "RoboDiff는 실제 로봇에서 성공률이 높았습니다.")
    assert not check_day([korean])[0].suspect
    elsewhere = paper(title, "음성 인식을 위한 새로운 언어 모델 SpeechLM을 제안합니다.", "SpeechLM은 LibriSpeech에서 오류율을 낮췄습니다.")
    assert check_day([elsewhere])[0].score > check_day([korean])[0].score + 0.3


def test_missing_title_terms_alone_flag_only_when_nearly_all_are_missing():
    # Specific names, no filler: only the missing title terms speak.
    unrelated = paper(ZEBRA, "본 연구는 단백질 구조 예측을 위한 FoldX2를 소개합니다.", "FoldX2는 CASP15에서 AlphaFold2를 앞섭니다.")
    partial = paper(ZEBRA, "본 연구는 긴 비디오를 위한 FoldX2를 소개합니다.", "FoldX2는 CASP15에서 AlphaFold2를 앞섭니다.")
    flagged, kept = check_day([unrelated])[0], check_day([partial])[0]
    assert flagged.suspect and "None of the title's terms (ZebraNet, Striped, Attention, …)" in flagged.reason
    assert not kept.suspect and kept.score < flagged.score


def test_the_paper_name_weighs_more_than_a_plain_title_word():
    # One name found against two plain words found: the name counts twice, so it scores lower.
    with_name = paper(ZEBRA, "본 논문은 비디오를 위한 ZebraNet을 제안합니다.", "EgoSchema에서 평가했습니다.")
    with_word = paper(ZEBRA, "본 논문은 비디오 이해를 다룹니다.", "EgoSchema에서 평가했습니다.")
    assert check_day([with_name])[0].score < check_day([with_word])[0].score


def test_jargon_without_names_raises_the_score():
    # The same half-missing title; one summary names its things, the other only textbook terms.
    named = paper(ZEBRA, "긴 비디오를 위한 방법입니다. HiLight와 EgoSchema, Video-MME, LongVA로 실험합니다.")
    jargon = paper(ZEBRA, "긴 비디오를 위한 방법입니다. Transformer와 CNN, GAN, LSTM으로 실험합니다.")
    assert check_day([jargon])[0].score >= check_day([named])[0].score + 0.15


def test_the_invented_write_up_is_flagged_with_a_reason():
    verdict = check_day([paper("The Llama 3 Herd of Models", *GENERIC)])[0]
    assert verdict.suspect and verdict.score >= THRESHOLD
    assert verdict.reason == "None of the title's terms (Llama, Herd) appear in the summary; it reads like a generic write-up (stock phrases)."


def test_stock_phrases_raise_the_score():
    title = "Generative Powers of Ten"  # a whimsical title: most of its words are never repeated
    plain = paper(title, "여러 스케일에 걸쳐 일관된 이미지를 생성하는 텍스트-이미지 모델을 제안합니다.")
    filler = paper(title, "이번 아카이브(arXiv) 논문은 새로운 머신러닝 모델을 제안합니다.", "기존 모델 대비 정확도가 15% 향상되었습니다.")
    assert check_day([filler])[0].score >= check_day([plain])[0].score + 0.2


def test_formatting_instructions_are_decisive():
    verdict = check_day([paper("Policy Filtration in RLHF to Fine-Tune LLM for Code Generation", *FORMATTING)])[0]
    assert verdict.score == 1.0 and verdict.suspect
    assert "it reads like conference formatting instructions" in verdict.reason


def test_one_formatting_word_in_a_real_summary_is_not_instructions():
    summary = (*ZEBRA_SUMMARY, "코드와 LaTeX 소스, 부록을 함께 공개합니다.")
    assert not check_day([paper(ZEBRA, *summary)])[0].suspect


def test_a_summary_of_another_paper_of_the_same_day_is_flagged():
    other = paper("GaussFlow: Fast Gaussian Splatting for Dynamic Scenes", "GaussFlow는 동적 장면을 위한 가우시안 스플래팅입니다.", arxiv_id="2408.00002")
    # This paper's summary is GaussFlow's (shifted by one entry upstream).
    shifted = paper(ZEBRA, "GaussFlow는 동적 장면을 빠르게 렌더링하는 가우시안 스플래팅 방법입니다.", "GaussFlow는 실시간으로 동작합니다.")
    alone = check_day([shifted])[0]
    verdicts = check_day([shifted, other])
    assert verdicts[0].suspect and verdicts[0].score > alone.score
    assert "it fits another paper of the same day better (GaussFlow: Fast Gaussian" in verdicts[0].reason
    assert not verdicts[1].suspect


def test_check_agrees_with_check_day():
    day = [paper(ZEBRA, *ZEBRA_SUMMARY), paper("The Llama 3 Herd of Models", *GENERIC, arxiv_id="2407.21783")]
    assert [check(p, day) for p in day] == check_day(day)
    assert check(day[1], day[1:]) == check_day(day)[1]  # the paper itself may be in the day or not


def test_an_empty_summary_is_not_judged():
    assert check_day([paper(ZEBRA)]) == [Verdict(0.0, False, None)]


def test_the_reason_is_clean_text():
    verdict = check_day([paper("Evil\x1b[31m Red: Title\x07 Tricks", *GENERIC)])[0]
    assert verdict.suspect and verdict.reason.isprintable() and "\x1b" not in verdict.reason


def test_a_summary_all_in_korean_is_judged_by_its_title_words():
    # Before mid-2024 summaries were plain Korean bullets without English names.
    korean = paper("Text-to-Sticker: Style Tailoring Latent Diffusion Models", "스티커 이미지 생성을 위해 잠재 확산 모델을 스타일에 맞게 미세조정합니다.", labels=False)
    assert not check_day([korean])[0].suspect


# --- the labelled real papers ----------------------------------------------------------------------


def test_the_labelled_set_is_ids_and_verdicts_only():
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["date", "arxiv_id", "verdict"]
    assert len(rows) - 1 >= 200 and all(len(row) == 3 for row in rows)
    assert {row[2] for row in rows[1:]} == {"match", "mismatch"}
    assert sum(row[2] == "mismatch" for row in rows[1:]) >= 30


def test_precision_recall_and_flag_rate_meet_the_targets(real_digests):
    result, _ = evaluate(real_digests)
    assert result.unmatched_labels == 0  # every label names a real paper
    assert result.recall >= 0.80  # at least 80 % of mismatches flagged
    assert result.false_positive_rate <= 0.05  # at most 5 % of genuine matches flagged
    assert result.papers == 1392 and result.flag_rate <= 0.08  # at most 8 % of all papers flagged
    assert result.precision >= 0.80


def test_the_two_examples_of_the_issue_are_flagged(real_digests):
    for name, arxiv_id, why in (
        ("2024-08-01.md", "2407.21783", "none of the title's terms (Llama, Herd) appear in the summary"),
        ("2024-09-17.md", "2409.06957", "it reads like conference formatting instructions"),
    ):
        papers, _ = parse_file(real_digests / name)
        verdict = check_day(papers)[[p.arxiv_id for p in papers].index(arxiv_id)]
        assert verdict.suspect and why.lower() in verdict.reason.lower()


def test_the_whole_real_set_is_checked_well_under_a_second(real_digests):
    judged, seconds = judge_all(real_digests)
    assert len(judged) == 1392
    assert seconds < 0.5  # best of three runs; about 0.1 s on an idle machine


def test_a_day_of_many_invented_write_ups_flags_exactly_those(real_digests):
    # 2024-09-30 has eight invented write-ups among ten papers: each flagged, the other two not.
    papers, _ = parse_file(real_digests / "2024-09-30.md")
    flagged = {p.arxiv_id for p, v in zip(papers, check_day(papers), strict=True) if v.suspect}
    expected = {key[1] for key, mismatch in load_labels().items() if key[0] == "2024-09-30" and mismatch}
    assert len(expected) == 8 and flagged == expected


# --- any input ---------------------------------------------------------------------------------------

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, st.lists(words, max_size=4)), min_size=1, max_size=6))
def test_any_day_gives_one_well_formed_verdict_per_paper(day):
    papers = [paper(title, *bullets, arxiv_id=f"2408.{i:05d}") for i, (title, bullets) in enumerate(day)]
    verdicts = check_day(papers)
    assert len(verdicts) == len(papers)
    for verdict in verdicts:
        assert 0.0 <= verdict.score <= 1.0
        assert verdict.suspect == (verdict.score >= THRESHOLD)
        assert (verdict.reason is None) == (not verdict.suspect)
        # the reason reaches the screen: no control character of any title may survive in it
        assert verdict.reason is None or (verdict.reason.endswith(".") and not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in verdict.reason))


def test_export_query_is_suspect_lists_the_flagged_papers_with_their_reasons(real_digests, capsys):
    import json

    from reader.cli import main

    assert main(["export", str(real_digests), "--query", "is:suspect", "--with-checks"]) == 0
    flagged = json.loads(capsys.readouterr().out)
    ids = {p["arxiv_id"] for p in flagged}
    assert {"2407.21783", "2409.06957"} <= ids  # the issue's two examples
    assert all(p["suspect"] is True and p["suspect_reason"] for p in flagged)
    assert len(flagged) <= 0.08 * 1392
    assert main(["export", str(real_digests), "--query=-is:suspect", "--with-checks", "-f", "jsonl"]) == 0
    rest = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rest and all(p["suspect"] is False and p["suspect_reason"] is None for p in rest)


async def test_the_list_marks_and_the_detail_explains_a_suspect_summary(real_digests):
    from .apptools import make_app, ready

    app = make_app([real_digests])
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        screen = app.reader
        screen.filter_bar.input.value = "id:2407.21783"
        await pilot.press("a")
        await pilot.pause()
        assert len(screen.paper_list.rows) == 1
        assert "⚠" in "".join(seg.text for seg in screen.paper_list.render_line(0))
        screen.show_detail(screen.paper_list.current)
        warning = str(screen.detail.parts["suspect"])
        assert warning.startswith("⚠ This summary may describe another paper: none of the title's terms (")  # a clause after the colon
        assert warning.endswith("dataset — o opens the abstract")


@given(st.text(alphabet=st.sampled_from(list("aZ9-+. 가\n_")), max_size=40))
def test_the_name_tokens_are_those_of_the_pattern_without_its_lookahead(text):
    import re

    from reader.core.suspect import _NAME_TOKEN

    plain = re.compile(r"[A-Za-z][A-Za-z0-9\-+.]*[A-Za-z0-9+]|[0-9]+[A-Za-z][A-Za-z0-9\-]*")
    assert _NAME_TOKEN.findall(text) == plain.findall(text)
