"""The strategies shipped to users, and their registration through hypothesis' entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, Contract
from servicelevel.strategies import calendars, instants, terms


def test_from_type_without_importing_the_module() -> None:
    """In a fresh interpreter, st.from_type works and servicelevel.strategies was loaded by the entry point."""
    code = (
        "import sys\n"
        "from hypothesis import strategies as st\n"
        "from servicelevel import BusinessCalendar, Contract\n"
        "print(type(st.from_type(BusinessCalendar).example()).__name__, type(st.from_type(Contract).example()).__name__)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["BusinessCalendar", "Contract"]


def test_import_servicelevel_does_not_import_hypothesis() -> None:
    code = "import sys, servicelevel; print('hypothesis' in sys.modules, 'cattrs' in sys.modules, 'rich' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert r.stdout.split() == ["False", "False", "False"]


@given(st.from_type(BusinessCalendar))
def test_registered_calendars(cal: BusinessCalendar) -> None:
    assert isinstance(cal, BusinessCalendar)


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # a sparse week runs into 2027
@given(calendars().flatmap(lambda c: st.tuples(st.just(c), instants(c), terms(periods=False))))
def test_elapsed_after_add(case: tuple[BusinessCalendar, object, object]) -> None:
    """The invariant the docs show, on user-facing strategies: elapsed(t, add(t, d)) == d."""
    cal, t, d = case
    assert cal.elapsed(t, cal.add(t, d)) == d  # type: ignore[arg-type]


@given(st.from_type(Contract))
def test_registered_contracts(contract: Contract) -> None:
    assert contract.levels
