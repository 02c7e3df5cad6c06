"""`Contract` at its edges: one value where one is expected, text where text is expected."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from servicelevel import (
    BusinessCalendar,
    Contract,
    ContractError,
    FaultLevel,
    Incident,
    InvalidInstantError,
    Target,
    UnknownLevelError,
    load_contract,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
AT = "2026-03-02T10:00"
LEVELS = pd.Series(["P1", "P2"])
INSTANTS = pd.Series(pd.to_datetime(["2026-03-02T10:00+08:00", "2026-03-03T10:00+08:00"]))


class TestAColumnWhereOneValueIsExpected:
    """A Series (or array) given for one level or instant: pandas' "truth value is ambiguous" or
    "'Series' object has no attribute 'date'" before; now an error pointing to the column API."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda: CONTRACT.deadlines(level=LEVELS, reported_at=AT),  # type: ignore[arg-type]
            lambda: Incident.open(CONTRACT, level=LEVELS, reported_at=AT),  # type: ignore[arg-type]
            lambda: CONTRACT.level(np.array(["P1"])),  # type: ignore[arg-type]
        ],
        ids=["deadlines", "Incident.open", "numpy"],
    )
    def test_level(self, call: Callable[[], Any]) -> None:
        with pytest.raises(UnknownLevelError, match=r"level: got a column \((pandas Series|numpy ndarray)"):
            call()

    def test_a_one_row_array_is_not_taken_for_its_value(self) -> None:
        """np.array(["P1"]) == "P1" is array([True]), which is truthy: the lookup used to answer P1."""
        with pytest.raises(UnknownLevelError, match=r"shape \(1,\)\) where one level key such as 'P1'"):
            CONTRACT.level(np.array(["P1"]))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "call",
        [
            lambda: CONTRACT.deadlines("P1", reported_at=INSTANTS),  # type: ignore[arg-type]
            lambda: CONTRACT.deadlines("P1", reported_at=INSTANTS.to_numpy()),  # type: ignore[arg-type]
            lambda: Incident.open(CONTRACT, level="P1", reported_at=INSTANTS),  # type: ignore[arg-type]
            lambda: Incident.open(CONTRACT, level="P1", reported_at=AT).status(INSTANTS),  # type: ignore[arg-type]
            lambda: CONTRACT.instant(INSTANTS),  # type: ignore[arg-type]
        ],
        ids=["deadlines", "numpy", "Incident.open", "status", "instant"],
    )
    def test_instant(self, call: Callable[[], Any]) -> None:
        with pytest.raises(InvalidInstantError, match="where one instant is expected; for a table of tickets "
                           r"use contract.evaluate\(tickets, at=...\)"):  # fmt: skip
            call()

    @pytest.mark.parametrize("lookup", ["calendar", "metric", "schedule"])
    def test_other_lookups(self, lookup: str) -> None:
        with pytest.raises(ContractError, match=f"{lookup}: got a column"):
            getattr(CONTRACT, lookup)(LEVELS)

    def test_region(self) -> None:
        with pytest.raises(ContractError, match="region: got a column"):
            CONTRACT.deadlines("P1", reported_at=AT, region=pd.Series(["北京"]))  # type: ignore[arg-type]

    def test_scalars_of_the_libraries_still_answer(self) -> None:
        """A pandas Timestamp, a numpy string: one value each, read as before."""
        t = pd.Timestamp("2026-03-02T10:00+08:00")
        assert CONTRACT.deadlines(np.str_("P1"), reported_at=t)["response"].start == t


def _contract(**fields: Any) -> Contract:
    cal = BusinessCalendar.preset("7x24", tz="Asia/Shanghai")
    levels = [FaultLevel(key="P1", targets={"response": Target(within="30m", calendar="c")})]
    return Contract(id="x", calendars={"c": cal}, levels=levels, **fields)


class TestTextFields:
    @pytest.mark.parametrize("field", ["customer", "vendor"])
    @pytest.mark.parametrize("value", [b"x", 5, None, ["a"]])
    def test_customer_and_vendor_are_text(self, field: str, value: object) -> None:
        """Contract(customer=b"x") was accepted, and to_toml() then raised TypeError."""
        with pytest.raises(
            ContractError, match=re.escape(f"{field}: expected text such as 'ACME Ltd', got {value!r}")
        ):
            _contract(**{field: value})

    def test_id_is_text(self) -> None:
        with pytest.raises(ContractError, match="id: expected a non-empty string"):
            Contract(id=b"x", calendars=_contract().calendars, levels=_contract().levels)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("field", "value"), [("name", b"x"), ("description", 3), ("rank", "1"), ("rank", True)]
    )
    def test_level_fields(self, field: str, value: object) -> None:
        kwargs: dict[str, Any] = {field: value}
        with pytest.raises(ContractError, match=f"{field}: expected"):
            FaultLevel(key="P1", **kwargs)

    def test_text_round_trips(self) -> None:
        c = _contract(customer="客户 ACME", vendor="")
        assert Contract.from_toml(c.to_toml()).customer == "客户 ACME"
