"""hypothesis' entry point for servicelevel, kept outside the package on purpose.

Hypothesis runs its plugins while ``import hypothesis`` runs. Importing anything inside the
``servicelevel`` package would import the package itself (its calendar, pendulum, holidays…)
into every program that imports hypothesis. This module imports nothing of servicelevel: it
registers each strategy (`servicelevel._hypothesis.register`) once the module defining its class
has been imported, for until then no program can hold that class to ask ``st.from_type`` about.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

__all__ = ["setup"]

# the modules that define the classes st.from_type knows, each registered once it is imported
WATCHED = ("servicelevel.calendar._business", "servicelevel.sla._contract", "servicelevel.sla._incident")


def _register(module: str) -> None:
    from servicelevel._hypothesis import register

    register(module)


class _Loader(importlib.abc.Loader):
    """The real loader, then the registration of the module's strategies."""

    def __init__(self, loader: importlib.abc.Loader, name: str) -> None:
        self.loader, self.name = loader, name

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _register(self.name)

    def __getattr__(self, attr: str) -> Any:  # get_source, is_package…: the real loader's
        return getattr(self.loader, attr)


class _Watch(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps the loader of a watched module as the other finders find it."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in WATCHED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: Any = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, name)
                return spec  # type: ignore[no-any-return]
        return None


def setup() -> None:
    """Register servicelevel's strategies: now for what is already imported, the rest on import."""
    for name in WATCHED:
        if name in sys.modules:
            _register(name)
    if not any(isinstance(f, _Watch) for f in sys.meta_path):
        sys.meta_path.insert(0, _Watch())
