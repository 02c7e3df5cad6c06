"""``st.from_type`` for servicelevel's values, registered by hypothesis' entry point.

The entry point (the top-level module ``_servicelevel_hypothesis``) calls `register` once the
module defining a class is imported, so ``import hypothesis`` alone imports nothing of
servicelevel. The strategies are made on first use: `servicelevel.strategies` is loaded the
first time ``st.from_type`` asks for one.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["register", "setup"]


def _calendars() -> Any:
    from servicelevel import strategies

    return strategies.calendars()


def _contracts() -> Any:
    from servicelevel import strategies

    return strategies.contracts()


def _incidents() -> Any:
    from servicelevel import strategies

    return strategies.contracts().flatmap(strategies.incidents)


# the module that defines each class, its name, and what draws it
_STRATEGIES = {
    "servicelevel.calendar._business": ("BusinessCalendar", _calendars),
    "servicelevel.sla._contract": ("Contract", _contracts),
    "servicelevel.sla._incident": ("Incident", _incidents),
}


def register(module: str) -> None:
    """Register the deferred strategy for the class ``module`` defines (imported by now)."""
    from hypothesis import strategies as st

    name, draw = _STRATEGIES[module]
    # a function of the type, called when st.from_type resolves it: hypothesis looks into a
    # strategy object as it is registered, which may be while this very class's package is still
    # being imported
    st.register_type_strategy(getattr(importlib.import_module(module), name), lambda _t: draw())


def setup() -> None:
    """Every strategy registered now: the entry point of installs made before the top-level module
    took it over (their metadata still names this function until reinstalled)."""
    for module in _STRATEGIES:
        register(module)
