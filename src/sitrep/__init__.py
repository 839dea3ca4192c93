"""sitrep: raw conflict-news pages in, a sourced record of who did what to whom, where and when out."""
from __future__ import annotations

__version__ = "0.1.0"
