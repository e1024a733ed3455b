"""A bounded in-process store: the oldest entries go once the size limit is passed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedStore(Generic[K, V]):
    """Insertion-ordered (FIFO) and thread-safe for writers; reads take no lock.

    ``size_of`` estimates an entry's bytes; the total stays under the ``max_bytes``
    passed to ``put`` (read from settings each time, so tests can change it).
    """

    def __init__(self, size_of: Callable[[V], int]) -> None:
        self._size_of = size_of
        self._items: dict[K, V] = {}
        self._sizes: dict[K, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def put(self, key: K, value: V, max_bytes: int, size: int | None = None) -> None:
        """``size``, when given, is the entry's bytes (key included) instead of
        ``size_of(value)``; it is remembered, so the total stays exact."""
        if size is None:
            size = self._size_of(value)
        if size > max_bytes:
            return
        with self._lock:
            if self._items.pop(key, None) is not None:
                self._bytes -= self._sizes.pop(key)
            self._items[key] = value
            self._sizes[key] = size
            self._bytes += size
            while self._bytes > max_bytes:
                oldest = next(iter(self._items))
                del self._items[oldest]
                self._bytes -= self._sizes.pop(oldest)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
