"""numpy is asked for its AVX2 sort on AMD Zen 4 only, and never against the user's own setting."""

from __future__ import annotations

from reader.core import simd


def cpuinfo(vendor: str, family: int, flags: str, processors: int = 2) -> str:
    one = f"processor\t: {{n}}\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: 17\nmodel name\t: CPU\nflags\t\t: {flags}\n"
    return "\n".join(one.format(n=n) for n in range(processors))


ZEN4 = cpuinfo("AuthenticAMD", 25, "fpu sse2 avx2 avx512f avx512dq avx512bw")


def test_only_a_zen_4_with_avx512_has_the_slow_sort():
    assert simd.slow_avx512_sort(ZEN4)
    assert not simd.slow_avx512_sort(cpuinfo("AuthenticAMD", 25, "fpu sse2 avx2"))  # Zen 3: no AVX-512
    assert not simd.slow_avx512_sort(cpuinfo("AuthenticAMD", 26, "avx2 avx512f"))  # Zen 5
    assert not simd.slow_avx512_sort(cpuinfo("GenuineIntel", 6, "avx2 avx512f"))  # Intel: AVX-512 is its fastest sort
    assert not simd.slow_avx512_sort("")


def test_the_variable_is_set_on_zen_4_and_left_alone_elsewhere(tmp_path):
    zen4, intel = tmp_path / "zen4", tmp_path / "intel"
    zen4.write_text(ZEN4)
    intel.write_text(cpuinfo("GenuineIntel", 6, "avx2 avx512f"))
    environ: dict[str, str] = {}
    assert simd.prefer_avx2_sort(environ, str(zen4), imported=())
    assert environ == {simd.VARIABLE: simd.AVX512_TARGETS}
    environ = {}
    assert not simd.prefer_avx2_sort(environ, str(intel), imported=())
    assert not simd.prefer_avx2_sort(environ, str(tmp_path / "missing"), imported=())
    assert environ == {}


def test_the_users_own_settings_and_an_imported_numpy_are_left_alone(tmp_path):
    zen4 = tmp_path / "zen4"
    zen4.write_text(ZEN4)
    environ = {simd.VARIABLE: "AVX512_SPR"}
    assert not simd.prefer_avx2_sort(environ, str(zen4), imported=())
    assert environ == {simd.VARIABLE: "AVX512_SPR"}
    environ = {simd.EXCLUSIVE: "X86_V3"}  # numpy refuses to start with both set
    assert not simd.prefer_avx2_sort(environ, str(zen4), imported=())
    assert environ == {simd.EXCLUSIVE: "X86_V3"}
    environ = {}
    assert not simd.prefer_avx2_sort(environ, str(zen4), imported={"numpy"})  # too late: numpy read it already
    assert environ == {}
