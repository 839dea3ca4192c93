"""Country outlines for the web map: TopoJSON decoding and the bundled Natural Earth data.

The bundled file is made by setup.py at build time (``pip install -e .`` runs it), so these
tests need an installed/built package, as every other test here does.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.web import outlines
from sitrep.web.outlines import WebAssetsMissing, country_outlines, topology_to_country_features

Ring = list[list[float]]

DAMASCUS = (36.29, 33.51)
BAGHDAD = (44.36, 33.31)


def _polygons(geometry: dict) -> list[list[Ring]]:
    """Return a Polygon's or MultiPolygon's polygons as one list (each: outer ring, then holes)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def _ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    """Even-odd ray casting: count ring edges crossed by a ray going east from the point."""
    inside = False
    for (lon_a, lat_a), (lon_b, lat_b) in zip(ring, ring[1:]):
        if (lat_a > lat) != (lat_b > lat):
            crossing_lon = lon_a + (lat - lat_a) * (lon_b - lon_a) / (lat_b - lat_a)
            if crossing_lon > lon:
                inside = not inside
    return inside


def _geometry_contains(geometry: dict, lon: float, lat: float) -> bool:
    """True if the point lies inside some polygon's outer ring and none of its holes."""
    return any(
        _ring_contains(polygon[0], lon, lat)
        and not any(_ring_contains(hole, lon, lat) for hole in polygon[1:])
        for polygon in _polygons(geometry)
    )


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) over every ring of the geometry."""
    points = [point for polygon in _polygons(geometry) for ring in polygon for point in ring]
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    return min(lons), min(lats), max(lons), max(lats)


def _feature_named(name: str) -> dict:
    """The bundled feature whose name is exactly ``name``."""
    matches = [f for f in country_outlines()["features"] if f["properties"]["name"] == name]
    assert len(matches) == 1, f"expected one feature named {name!r}, found {len(matches)}"
    return matches[0]


def test_outlines_are_a_feature_collection_of_countries_with_name_and_id() -> None:
    collection = country_outlines()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) > 150
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"name", "id"}
        assert isinstance(feature["properties"]["name"], str) and feature["properties"]["name"]
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    names = {feature["properties"]["name"] for feature in collection["features"]}
    assert {"Iraq", "Syria", "Ukraine", "Sudan", "Colombia", "Myanmar", "France"} <= names


def test_ids_are_iso_numeric_codes() -> None:
    assert _feature_named("Iraq")["properties"]["id"] == "368"
    assert _feature_named("Syria")["properties"]["id"] == "760"
    assert _feature_named("Ukraine")["properties"]["id"] == "804"


def test_every_ring_is_closed_and_long_enough_to_be_an_area() -> None:
    for feature in country_outlines()["features"]:
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                assert len(ring) >= 4, feature["properties"]["name"]
                assert ring[0] == ring[-1], feature["properties"]["name"]
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_iraq_outline_lies_where_iraq_is() -> None:
    min_lon, min_lat, max_lon, max_lat = _bounds(_feature_named("Iraq")["geometry"])
    assert 38 <= min_lon < max_lon <= 49
    assert 29 <= min_lat < max_lat <= 38
    # Not a sliver: it spans most of that box.
    assert max_lon - min_lon > 8 and max_lat - min_lat > 6


def test_capitals_fall_inside_their_own_country_only() -> None:
    syria = _feature_named("Syria")["geometry"]
    iraq = _feature_named("Iraq")["geometry"]
    assert _geometry_contains(syria, *DAMASCUS)
    assert not _geometry_contains(iraq, *DAMASCUS)
    assert _geometry_contains(iraq, *BAGHDAD)
    assert not _geometry_contains(syria, *BAGHDAD)


def test_result_is_cached_per_process() -> None:
    assert country_outlines() is country_outlines()


def test_decoder_applies_transform_deltas_and_reversed_arcs() -> None:
    # Two squares sharing the edge x=1: arc 0 is that shared edge, walked backwards (~0) by the right one.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 2.0], "translate": [10.0, -4.0]},
        "arcs": [
            [[2, 0], [0, 2]],  # (1,0) -> (1,2) in grid units, delta-encoded
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (1,2) -> (0,2) -> (0,0) -> (1,0)
            [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (1,0) -> (2,0) -> (2,2) -> (1,2)
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Left"}},
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[2, ~0]]],
                        "properties": {"name": "Right"},
                    },
                    {"type": None, "properties": {"name": "Nothing"}},
                ],
            }
        },
    }
    collection = topology_to_country_features(topology)
    left, right = collection["features"]
    assert left["properties"] == {"name": "Left", "id": "001"}
    assert left["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[11.0, -4.0], [11.0, 0.0], [10.0, 0.0], [10.0, -4.0], [11.0, -4.0]]],
    }
    assert right["properties"] == {"name": "Right", "id": None}
    assert right["geometry"] == {
        "type": "MultiPolygon",
        "coordinates": [[[[11.0, -4.0], [12.0, -4.0], [12.0, 0.0], [11.0, 0.0], [11.0, -4.0]]]],
    }


def test_decoder_reads_unquantized_topology_as_absolute_coordinates() -> None:
    topology = {
        "type": "Topology",
        "arcs": [[[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [0.0, 0.0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "T"}}],
            }
        },
    }
    ring = topology_to_country_features(topology)["features"][0]["geometry"]["coordinates"][0]
    assert ring == [[0.0, 0.0], [3.0, 0.0], [3.0, 3.0], [0.0, 0.0]]


@pytest.fixture
def outlines_file_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Point the module at a file that does not exist, with a cold cache before and after."""
    monkeypatch.setattr(outlines, "_outlines_resource", lambda: tmp_path / "countries-110m.json")
    country_outlines.cache_clear()
    yield
    country_outlines.cache_clear()


def test_missing_assets_raise_an_error_that_says_how_to_build_them(outlines_file_absent: None) -> None:
    with pytest.raises(WebAssetsMissing, match=r"npm ci --prefix web") as raised:
        country_outlines()
    assert isinstance(raised.value, RuntimeError)
