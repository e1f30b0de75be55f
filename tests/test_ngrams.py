"""N-gram signatures: they may let a paper through that lacks a word, never drop one that has it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import ngrams
from reader.core.catalog import Catalog, record_file
from reader.core.search import search
from reader.core.text import fold

from .conftest import SAMPLES

MIXED = st.text(alphabet=st.sampled_from(list("ab cdei확산모델강화학습토큰 3D-:\x1e\x1fé😀ㄷ")), max_size=60) | st.text(max_size=40)


def has_buckets(text: str, needle: str) -> bool:
    signature = ngrams.signature(text)
    return all(signature[offset] & mask for offset, mask in ngrams.buckets(needle))


@settings(max_examples=600)
@given(MIXED, MIXED, MIXED)
def test_a_text_containing_the_needle_always_passes(before, needle, after):
    assert has_buckets(before + needle + after, needle)


def test_signatures_have_a_fixed_size_and_do_not_depend_on_the_process():
    import os
    import subprocess
    import sys

    texts = ["diffusion models", "대규모 확산 모델을 제안합니다", "zero-shot 😀", ""]
    mine = [ngrams.signature(t).hex() for t in texts]
    assert all(len(s) == 2 * ngrams.BYTES for s in mine)
    # another interpreter, another string-hash seed: the same bytes (they are cached on disk)
    code = f"from reader.core import ngrams; print(' '.join(ngrams.signature(t).hex() for t in {texts!r}))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert other == mine
    assert mine[-1] == "00" * ngrams.BYTES  # nothing to hash in an empty text


def test_a_text_without_the_needle_is_usually_ruled_out():
    summary = fold("대규모 언어 모델의 추론 효율을 높이는 새로운 방법을 제안합니다. Diffusion transformers scale well.")
    ruled_out = [w for w in ("토큰 압축", "gaussian", "zero-shot", "강화학습", "rlhf", "벤치마크") if not has_buckets(summary, w)]
    assert len(ruled_out) >= 5, ruled_out
    assert ngrams.buckets("a") == []  # one character: nothing to rule out with


def sample_catalog() -> Catalog:
    return Catalog.from_records(record_file(str(p)) for p in sorted(SAMPLES.glob("*.md")))


def test_search_with_signatures_finds_exactly_what_a_full_scan_finds():
    catalog = sample_catalog()
    assert catalog.signatures is not None and len(catalog.signatures) == len(catalog)
    scanned = Catalog.from_records(record_file(str(p), signatures=False) for p in sorted(SAMPLES.glob("*.md")))
    assert scanned.signatures is None
    words = {w for text in catalog.texts for w in text.replace("\x1f", " ").split()[::7]}
    queries = [*sorted(words)[:150], "di", "모델", "-diffusion", "title:model", "authors:ki", "확산 모델 | agent", "zz"]
    for query in queries:
        assert search(catalog, query) == search(scanned, query), query
    assert 0 < len(catalog.signatures.candidates(fold("diffusion"), list(range(len(catalog))))) < len(catalog)


def test_scans_of_most_rows_in_storage_order_keep_the_rows_and_order_asked_for():
    catalog = sample_catalog()
    rows = list(range(len(catalog)))[::-1]  # the display order is not the storage order
    most = rows[: len(rows) * 3 // 4]  # enough rows for a scan in storage order, not all
    for query in ("a", "모", "ㄷㄱ", "re:dif+", "m -diffusion", "a | 확산", "author:k"):
        for listed in (rows, most):
            one_by_one = [r for r in listed if search(catalog, query, rows=[r])]  # few rows: row by row
            assert search(catalog, query, rows=listed) == one_by_one, (query, len(listed))


def test_signature_columns_are_each_rows_byte_and_few_are_kept(monkeypatch):
    rows = [ngrams.signature(t) for t in ("diffusion models", "확산 모델", "", "zero-shot")]
    signatures = ngrams.Signatures.from_rows(rows)
    monkeypatch.setattr(ngrams.Signatures, "KEPT", 3)
    for offset in range(ngrams.BYTES):
        assert signatures.column(offset) == bytes(row[offset] for row in rows)
    assert len(signatures._columns) == 3
    assert signatures.candidates("모델", [3, 2, 1, 0]) == [1]  # in the order asked, the others ruled out
    # several files' blocks, rows reordered: still each catalog row's own byte
    split = ngrams.Signatures([ngrams.transpose(rows[:1]), ngrams.transpose(rows[1:])], [1, 3], order=[3, 0, 2, 1])
    assert split.column(7) == bytes(rows[r][7] for r in [3, 0, 2, 1])
