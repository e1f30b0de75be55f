"""Benchmarks: a corpus generator (``python -m bench.gen``) and the app measured (``python -m bench.run``)."""
