"""hypothesis' entry point: ``st.from_type`` for servicelevel's values.

Hypothesis runs this hook while it is itself being imported, which may be because
`servicelevel.strategies` is being imported: so this module imports no strategies. It
registers deferred ones, and `servicelevel.strategies` is loaded the first time one is drawn.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup() -> None:
    """Register strategies for `BusinessCalendar`, `Contract` and `Incident` (each loaded on first use)."""
    from hypothesis import strategies as st

    from servicelevel import BusinessCalendar, Contract, Incident

    def calendars() -> st.SearchStrategy[Any]:
        from servicelevel import strategies

        return strategies.calendars()

    def contracts() -> st.SearchStrategy[Any]:
        from servicelevel import strategies

        return strategies.contracts()

    def incidents() -> st.SearchStrategy[Any]:
        from servicelevel import strategies

        return strategies.contracts().flatmap(strategies.incidents)

    st.register_type_strategy(BusinessCalendar, st.deferred(calendars))
    st.register_type_strategy(Contract, st.deferred(contracts))
    st.register_type_strategy(Incident, st.deferred(incidents))
