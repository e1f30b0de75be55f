"""Modules named at start and loaded on first use (reader.core.lazy)."""

from __future__ import annotations

import sys
import threading

import pytest

from reader.core.lazy import lazy_module


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A package of our own on the path, not imported yet: ``lazy_pkg.one`` counts its executions."""
    package = tmp_path / "lazy_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("import builtins\nbuiltins.lazy_runs = getattr(builtins, 'lazy_runs', 0) + 1\nfrom .two import TWO\nVALUE = 41 + TWO - 2\n")
    (package / "two.py").write_text("TWO = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "lazy_pkg"
    for name in [n for n in sys.modules if n == "lazy_pkg" or n.startswith("lazy_pkg.")]:
        del sys.modules[name]
    import builtins

    builtins.__dict__.pop("lazy_runs", None)


def test_a_lazy_module_runs_at_its_first_use_and_is_then_the_module_itself(fresh):
    import builtins

    one = lazy_module(f"{fresh}.one")
    assert getattr(builtins, "lazy_runs", 0) == 0  # named, not run
    assert one.VALUE == 41  # its own relative imports work
    assert builtins.lazy_runs == 1 and type(one) is type(sys)  # a plain module now
    import lazy_pkg.one as imported

    assert imported is one and sys.modules[f"{fresh}.one"] is one and one.__file__.endswith("one.py")
    assert lazy_module(f"{fresh}.one") is one and builtins.lazy_runs == 1


def test_two_threads_first_use_runs_it_once(fresh):
    import builtins

    one = lazy_module(f"{fresh}.one")
    start = threading.Barrier(4)
    seen = []

    def use():
        start.wait()
        seen.append(one.VALUE)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [41] * 4 and builtins.lazy_runs == 1


def test_a_read_from_another_thread_while_the_module_runs_waits_for_its_end(fresh, tmp_path, monkeypatch):
    import builtins

    from reader.core import lazy

    moved = threading.Event()  # the thread started last is waiting for the module's run, or done

    class Watched:
        """The loading lock, telling when a thread finds another one holding it."""

        def __init__(self) -> None:
            self.lock = threading.RLock()

        def __enter__(self) -> None:
            if not self.lock.acquire(blocking=False):
                moved.set()
                self.lock.acquire()

        def __exit__(self, *exc: object) -> None:
            self.lock.release()

    monkeypatch.setattr(lazy, "_loading", Watched())
    monkeypatch.setattr(builtins, "lazy_moved", moved, raising=False)
    # while it runs, the module has other threads read a name not defined yet, and call a
    # function already defined that needs a name defined after it; each in turn, once the one
    # before waits or is done
    (tmp_path / "lazy_pkg" / "slow.py").write_text(
        "import sys, threading\n"
        "seen, readers = [], []\n"
        "def later():\n"
        "    return LATER\n"
        "def read(how):\n"
        "    try:\n"
        "        seen.append(how(sys.modules[__name__]))\n"
        "    except (AttributeError, NameError) as error:\n"
        "        seen.append(type(error).__name__)\n"
        "    finally:\n"
        "        lazy_moved.set()\n"
        "for how in (lambda m: m.LATER, lambda m: m.later()):\n"
        "    lazy_moved.clear()\n"
        "    readers.append(threading.Thread(target=read, args=(how,)))\n"
        "    readers[-1].start()\n"
        "    assert lazy_moved.wait(60)\n"
        "LATER = 41\n"
    )
    slow = lazy_module(f"{fresh}.slow")
    assert slow.LATER == 41
    for reader in slow.readers:
        reader.join()
    assert slow.seen == [41, 41]  # no AttributeError, no NameError: the other threads waited


def test_a_name_that_is_no_module_fails_at_its_first_use(fresh):
    missing = lazy_module(f"{fresh}.nothing_here")
    with pytest.raises(ImportError):
        getattr(missing, "anything")  # noqa: B009 (a read, not a call)


def test_a_module_that_fails_as_it_runs_raises_again_at_the_next_use(fresh, tmp_path):
    (tmp_path / "lazy_pkg" / "broken.py").write_text("raise RuntimeError('half-written module')\n")
    broken = lazy_module(f"{fresh}.broken")
    for _ in range(2):  # the same error each time, as a failed import gives
        with pytest.raises(RuntimeError, match="half-written"):
            getattr(broken, "anything")  # noqa: B009 (a read, not a call)
        assert f"{fresh}.broken" not in sys.modules
