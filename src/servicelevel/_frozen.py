"""`FrozenDict`: a read-only, hashable mapping for the fields of frozen values."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar

__all__ = ["FrozenDict"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A mapping that cannot change: ``level.targets["response"]``, ``.items()``, ``.get()``.

    Keeps the order it was given; equal to any mapping with the same items; hashable
    (when its values are), so frozen attrs values holding one stay hashable.

    Examples:
        >>> d = FrozenDict({"hotline": 1, "desk": 2})
        >>> d["desk"], list(d), d == {"desk": 2, "hotline": 1}
        (2, ['hotline', 'desk'], True)
        >>> d["x"] = 3
        Traceback (most recent call last):
        ...
        TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    # The dict's own (read-only) views and lookups: Mapping's generic ones go through
    # ``__iter__`` and ``__getitem__`` item by item, several times slower on hot paths.
    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def get(self, key: K, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (list(self._data.items()),))
