"""daily-papers: a terminal reader for Daily Papers digests."""

__version__ = "0.1.0"
