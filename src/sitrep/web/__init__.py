"""sitrep's web UI: static assets (world map) and, later, the pieces that serve them."""
