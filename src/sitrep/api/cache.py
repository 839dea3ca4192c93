"""A small per-app cache for aggregates (facets, timeline, map clusters, actor ranking): an
analyst moving around the map or back and forth between views asks for the same ones again.
Entries are keyed by the store's data version, so any change to events, corrections or
merges makes them stale at once; nothing is ever served out of date."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sitrep.store import Store, browse


class AggregateCache:
    def __init__(self, store: Store, size: int = 256) -> None:
        self._store, self._size = store, size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[Any], Any]) -> Any:
        """The value of ``compute(conn)`` for ``key`` at the current data version."""
        with self._store.reading() as conn:
            full_key = (key, browse.data_version(conn))
            with self._lock:
                if full_key in self._items:
                    self._items.move_to_end(full_key)
                    return self._items[full_key]
            value = compute(conn)
        with self._lock:
            self._items[full_key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
