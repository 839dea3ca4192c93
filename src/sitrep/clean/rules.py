"""The cleaner's versioned pattern data (``data/cleaning.yaml``, ``data/outlets.yaml``), compiled once.

Rules are data so that a new site layout is a data change, not a code change; the loaded
object is immutable and passed around explicitly (``load_rules()`` caches the default).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml


def _data_file(name: str) -> Any:
    return yaml.safe_load(resources.files("sitrep").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    wire: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, eq=False)
class CleaningRules:
    version: int
    furniture: re.Pattern[str]
    related_header: re.Pattern[str]
    blog_leadin: re.Pattern[str]
    title_prefix: re.Pattern[str]
    paywall: re.Pattern[str]
    cookie: re.Pattern[str]
    truncation_tail: re.Pattern[str]
    caption_opener: re.Pattern[str]
    credit_keyword: re.Pattern[str]
    outlets: tuple[Outlet, ...]
    outlet_index: dict[str, Outlet]  # name_key of every name and domain → outlet (first listed wins)

    def outlet_by_host(self, url: str | None) -> Outlet | None:
        if not url:
            return None
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        for outlet in self.outlets:
            if any(host == d or host.endswith("." + d) for d in outlet.domains):
                return outlet
        return None

    def outlet_by_name(self, name: str | None) -> Outlet | None:
        """The outlet a name or domain refers to ('AP', 'The Associated Press', 'apnews.com')."""
        if not name or len(name) > 80:
            return None
        return self.outlet_index.get(_name_key(name))


def _name_key(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


@lru_cache(maxsize=4)
def load_rules(extra_outlets: Path | None = None) -> CleaningRules:
    """Compile the bundled rules; ``extra_outlets`` is a user YAML file in the outlets.yaml schema."""
    data = _data_file("cleaning.yaml")
    outlet_rows = list(_data_file("outlets.yaml"))
    if extra_outlets is not None:
        outlet_rows = list(yaml.safe_load(Path(extra_outlets).read_text(encoding="utf-8")) or []) + outlet_rows
    outlets = tuple(
        Outlet(r["name"], tuple(r.get("domains") or ()), tuple(r.get("aliases") or ()), bool(r.get("wire", False)))
        for r in outlet_rows
    )
    index: dict[str, Outlet] = {}
    for outlet in outlets:
        for key in [*(_name_key(n) for n in outlet.names), *outlet.domains]:
            index.setdefault(key, outlet)
    tail = "|".join(f"(?:{p})" for p in data["truncation_markers"])
    return CleaningRules(
        version=int(data["version"]),
        furniture=_whole_line(data["furniture_lines"]),
        related_header=_whole_line(data["related_headers"]),
        blog_leadin=re.compile("^(?:" + "|".join(data["blog_leadins"]) + ")", re.IGNORECASE),
        title_prefix=re.compile("^(?:" + "|".join(data["title_prefixes"]) + ")", re.IGNORECASE),
        paywall=re.compile("|".join(data["paywall_markers"]), re.IGNORECASE),
        cookie=re.compile("|".join(data["cookie_markers"]), re.IGNORECASE),
        truncation_tail=re.compile(rf"(?:{tail})\s*$", re.IGNORECASE),
        caption_opener=re.compile("^(?:" + "|".join(data["caption_openers"]) + ")", re.IGNORECASE),
        credit_keyword=re.compile(rf"(?<![a-z]){data['credit_keywords']}(?![a-z])", re.IGNORECASE),
        outlets=outlets,
        outlet_index=index,
    )
