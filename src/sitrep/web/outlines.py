"""Country outlines for the offline world map, read from the bundled TopoJSON.

The package ships ``static/gen/countries-110m.json``: Natural Earth's 1:110m
admin-0 countries (public domain) as packaged in TopoJSON by the npm package
world-atlas 2.0.2 (ISC licence, see ``static/gen/world-atlas-LICENSE``). It is
generated at build time by setup.py, so a source checkout that was never built
lacks it; :class:`WebAssetsMissing` then says how to make it.

TopoJSON stores every shared border once, as an "arc", and each polygon ring as
a list of arc indexes. Here the arcs are decoded into longitude/latitude
points and the rings stitched back together into plain GeoJSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

OUTLINES_PACKAGE = "sitrep.web"
OUTLINES_PATH_PARTS = ("static", "gen", "countries-110m.json")
COUNTRIES_OBJECT_NAME = "countries"
# 4 decimals is about 11 m, far finer than the 1:110m data (about 0.0036 degrees per step).
COORDINATE_DECIMALS = 4

Position = list[float]
Ring = list[Position]


class WebAssetsMissing(RuntimeError):
    """The generated web assets (world outlines) are not in the installed package."""


def _outlines_resource() -> resources.abc.Traversable:
    """Return the bundled TopoJSON file's location inside the sitrep.web package."""
    resource = resources.files(OUTLINES_PACKAGE)
    for part in OUTLINES_PATH_PARTS:
        resource = resource / part
    return resource


def _read_topology() -> dict[str, Any]:
    """Load the bundled TopoJSON topology, or raise WebAssetsMissing if it was never built."""
    resource = _outlines_resource()
    if not resource.is_file():
        raise WebAssetsMissing(
            "The world outlines for the web map are missing "
            f"({'/'.join(OUTLINES_PATH_PARTS)} in package {OUTLINES_PACKAGE}). They are made when "
            "the package is built: from a source checkout with Node.js/npm installed, run "
            "`pip install -e .` (or `pip install .`) again; setup.py then runs "
            "`npm ci --prefix web` and copies them into src/sitrep/web/static/gen/."
        )
    return json.loads(resource.read_text(encoding="utf-8"))


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Turn the topology's arcs into absolute (longitude, latitude) points.

    A quantized topology (one with a ``transform``) stores each arc's first
    point as integers and every later point as the integer step from the
    previous one; ``scale`` and ``translate`` map integers back to degrees.
    Without a transform the arcs already hold absolute coordinates.
    """
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    scale_x, scale_y = transform["scale"]
    translate_x, translate_y = transform["translate"]
    decoded_arcs = []
    for arc in topology["arcs"]:
        quantized_x = quantized_y = 0
        points = []
        for step_x, step_y, *_ in arc:
            quantized_x += step_x
            quantized_y += step_y
            points.append((quantized_x * scale_x + translate_x, quantized_y * scale_y + translate_y))
        decoded_arcs.append(points)
    return decoded_arcs


def _stitch_ring(
    arc_indexes: list[int], arcs: list[list[tuple[float, float]]]
) -> Ring:
    """Join a ring's arcs into one closed GeoJSON ring.

    A negative index ``~i`` means arc ``i`` walked backwards. Consecutive arcs
    share their joining point, so each arc after the first drops its first point.
    """
    ring: Ring = []
    for arc_index in arc_indexes:
        points = arcs[arc_index] if arc_index >= 0 else arcs[~arc_index][::-1]
        start = 1 if ring else 0
        ring.extend(
            [round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)]
            for lon, lat in points[start:]
        )
    if ring and ring[0] != ring[-1]:
        # TopoJSON rings close by construction; this only guards a malformed file.
        ring.append(list(ring[0]))
    return ring


def _geometry(
    topology_geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]
) -> dict[str, Any] | None:
    """Convert one TopoJSON Polygon or MultiPolygon into GeoJSON; None for anything else."""
    geometry_type = topology_geometry.get("type")
    if geometry_type == "Polygon":
        rings = [_stitch_ring(ring, arcs) for ring in topology_geometry["arcs"]]
        return {"type": "Polygon", "coordinates": rings}
    if geometry_type == "MultiPolygon":
        polygons = [
            [_stitch_ring(ring, arcs) for ring in polygon] for polygon in topology_geometry["arcs"]
        ]
        return {"type": "MultiPolygon", "coordinates": polygons}
    return None


def topology_to_country_features(topology: dict[str, Any]) -> dict[str, Any]:
    """Convert the topology's ``countries`` object into a GeoJSON FeatureCollection.

    Each feature's properties are ``name`` (Natural Earth's short name) and
    ``id`` (ISO 3166-1 numeric code as a string, or None for the few places
    without one, such as Kosovo or N. Cyprus).
    """
    arcs = _decode_arcs(topology)
    features = []
    for topology_geometry in topology["objects"][COUNTRIES_OBJECT_NAME]["geometries"]:
        geometry = _geometry(topology_geometry, arcs)
        if geometry is None:
            continue
        properties = topology_geometry.get("properties") or {}
        features.append(
            {
                "type": "Feature",
                "properties": {"name": properties.get("name"), "id": topology_geometry.get("id")},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def country_outlines() -> dict[str, Any]:
    """Return every country outline as a GeoJSON FeatureCollection (lon/lat, WGS 84).

    The result is decoded once per process and shared between callers, so
    treat it as read-only (serialise it, don't edit it).

    Rings are as Natural Earth draws them on the sphere: a few (Fiji, Russia's
    Chukotka, Antarctica) step across the 180th meridian rather than being cut
    there, so a flat map must unwrap them (map.js does).

    Raises:
        WebAssetsMissing: the package was installed without its generated
            web assets; the message tells how to build them.
    """
    return topology_to_country_features(_read_topology())
