"""numpy's sort on AMD Zen 4: its AVX2 sort, not its AVX-512 one (the index build's one CPU trick).

Sorting is most of building the search index (``reader.core.index``). numpy sorts with
x86-simd-sort, picking the widest instructions the CPU has. On AMD's Zen 4 (family 25 with
AVX-512) that is the AVX-512 sort, whose partition step stores through a compress instruction
that Zen 4 runs in microcode: it sorts no faster than plain C there. numpy's own maintainers and
OpenJDK (which turned its AVX-512 sort off for this family) report the same. On this project's
Zen 4 machine, 4 million uint64 keys sorted in 0.23 s with AVX-512 and 0.05 s with AVX2; a
segment of 4,096 real papers was built in 0.85 s and in 0.3 s.

numpy reads ``NPY_DISABLE_CPU_FEATURES`` once, when first imported, and a numpy that refuses its
value (one built to require AVX-512, or with ``NPY_ENABLE_CPU_FEATURES`` set too) cannot be
imported in that process at all. So :func:`prefer_avx2_sort` runs only in the worker processes
that build the index (``loader.start_worker``, before they import numpy, while they have a single
thread), only on a Zen 4 with AVX-512, and never where the user set either variable. Should numpy
refuse it there, the worker ends and the index is built in the app's threads, whose environment
(and that of the programs the app starts) this never touches. Elsewhere (Intel, where the
AVX-512 sort is the fastest; Zen 5, where the instruction is fast) nothing changes. Other numpy
work in the workers then uses AVX2 loops, which the index's element-wise passes do not notice.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Container, MutableMapping

VARIABLE = "NPY_DISABLE_CPU_FEATURES"
EXCLUSIVE = "NPY_ENABLE_CPU_FEATURES"
"""numpy refuses to import with both variables set."""
AVX512_TARGETS = "X86_V4 AVX512_ICL AVX512_SPR"
"""numpy's names (2.4 on) for its AVX-512 targets; names it does not know are ignored with an
``ImportWarning``, which Python hides."""
CPUINFO = "/proc/cpuinfo"


def slow_avx512_sort(cpuinfo: str) -> bool:
    """Whether the first processor that ``cpuinfo`` (the text of /proc/cpuinfo) describes is an
    AMD Zen 4 with AVX-512: vendor AuthenticAMD, family 25 (0x19; Zen 3 is 25 too, without AVX-512)."""
    fields: dict[str, str] = {}
    for line in cpuinfo.split("\n\n", 1)[0].splitlines():
        name, _, value = line.partition(":")
        fields.setdefault(name.strip(), value.strip())
    return fields.get("vendor_id") == "AuthenticAMD" and fields.get("cpu family") == "25" and "avx512f" in fields.get("flags", "").split()


def prefer_avx2_sort(environ: MutableMapping[str, str] = os.environ, cpuinfo: str = CPUINFO, imported: Container[str] = sys.modules) -> bool:
    """Ask numpy for its AVX2 sort where its AVX-512 one is slow; True if this set it.

    Does nothing once numpy is among the ``imported`` modules (too late), where the user set
    either variable, or where the CPU cannot be read."""
    if VARIABLE in environ or EXCLUSIVE in environ or "numpy" in imported:
        return False
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as described:
            text = described.read(16384)  # the first processor's lines
    except OSError:
        return False
    if not slow_avx512_sort(text):
        return False
    environ[VARIABLE] = AVX512_TARGETS
    return True
