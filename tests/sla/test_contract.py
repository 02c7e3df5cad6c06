"""`Contract` (sla/_contract.py): its lookups, its regions, its read-only mappings, its term of
validity, its text fields and reprs, and how it unstructures.

``CONTRACT`` is ``examples/contract.toml`` (see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import subprocess
import sys
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
import numpy as np
import pandas as pd
import pytest

import servicelevel
import servicelevel.warranty
from servicelevel import (
    BusinessCalendar,
    Contract,
    ContractError,
    FaultLevel,
    Incident,
    IncidentError,
    InvalidInstantError,
    OutOfTermError,
    ServiceLevelError,
    Target,
    UnknownLevelError,
    UnknownRegionError,
    load_contract,
)
from tests.conftest import CONTRACT, EXAMPLE_PATH, ROOT, sh

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
        """A column given for one level is refused, pointing to the column API."""
        with pytest.raises(UnknownLevelError, match=r"level: got a column \((pandas Series|numpy ndarray)"):
            call()

    def test_a_one_row_array_is_not_taken_for_its_value(self) -> None:
        """A one-row array is not taken for the level it holds."""
        # np.array(["P1"]) == "P1" is array([True]), which is truthy: the lookup used to answer P1.
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
        """A column given for one instant is refused, pointing to evaluate."""
        with pytest.raises(InvalidInstantError, match="where one instant is expected; for a table of tickets "
                           r"use contract.evaluate\(tickets, at=...\)"):  # fmt: skip
            call()

    @pytest.mark.parametrize("lookup", ["calendar", "metric", "schedule"])
    def test_other_lookups(self, lookup: str) -> None:
        """A column given to the calendar, metric or schedule lookup is refused."""
        with pytest.raises(ContractError, match=f"{lookup}: got a column"):
            getattr(CONTRACT, lookup)(LEVELS)

    def test_region(self) -> None:
        """A column given for one region is refused."""
        with pytest.raises(ContractError, match="region: got a column"):
            CONTRACT.deadlines("P1", reported_at=AT, region=pd.Series(["北京"]))  # type: ignore[arg-type]

    def test_scalars_of_the_libraries_still_answer(self) -> None:
        """A pandas Timestamp and a numpy string are one value each, read as before."""
        t = pd.Timestamp("2026-03-02T10:00+08:00")
        assert CONTRACT.deadlines(np.str_("P1"), reported_at=t)["response"].start == t


class TestLookups:
    def test_unknown_metric_and_pauses_not_in_a_table(self) -> None:
        """An unknown metric is named with the known ones, and pauses given as a list are refused."""
        with pytest.raises(
            ContractError, match=r"metric: unknown metric 'uptime'; the contract knows on_site, report"
        ):
            CONTRACT.metric("uptime")
        pd = pytest.importorskip("pandas")
        tickets = pd.DataFrame({"level": ["P3"], "reported_at": ["2026-03-02T10:00"]})
        with pytest.raises(IncidentError, match=r"pauses: expected a pandas or polars DataFrame .* got list"):
            CONTRACT.evaluate(tickets, at="2026-03-02T12:00", pauses=[("0", "2026-03-02T11:00", None)])


def _contract(**fields: Any) -> Contract:
    cal = BusinessCalendar.preset("7x24", tz="Asia/Shanghai")
    levels = [FaultLevel(key="P1", targets={"response": Target(within="30m", calendar="c")})]
    return Contract(id="x", calendars={"c": cal}, levels=levels, **fields)


class TestTextFields:
    @pytest.mark.parametrize("field", ["customer", "vendor"])
    @pytest.mark.parametrize("value", [b"x", 5, None, ["a"]])
    def test_customer_and_vendor_are_text(self, field: str, value: object) -> None:
        """Customer and vendor must be text: bytes, numbers, None and lists are refused."""
        # Contract(customer=b"x") was accepted, and to_toml() then raised TypeError.
        with pytest.raises(
            ContractError, match=re.escape(f"{field}: expected text such as 'ACME Ltd', got {value!r}")
        ):
            _contract(**{field: value})

    def test_id_is_text(self) -> None:
        """The contract id must be a non-empty string."""
        with pytest.raises(ContractError, match="id: expected a non-empty string"):
            Contract(id=b"x", calendars=_contract().calendars, levels=_contract().levels)  # type: ignore[arg-type]

    def test_text_round_trips(self) -> None:
        """Chinese and empty text fields survive a TOML round trip."""
        c = _contract(customer="客户 ACME", vendor="")
        assert Contract.from_toml(c.to_toml()).customer == "客户 ACME"


MESSAGE = (
    r"region: unknown region '北京市' \(did you mean '北京'\?\); the contract names 上海, 乌鲁木齐, 北京"
)


class TestRegions:
    """Regions are checked: a region the contract does not name is an error with a did-you-mean, in
    calls, incidents, tables and the command line — never a silent fall-back to the default target
    (北京市 would otherwise get 24 h on site instead of 北京's 2 h)."""

    def test_the_contract_names_its_regions(self) -> None:
        """The example names its regions from its on-site terms and its regions list, and round-trips them."""
        # 北京 and 乌鲁木齐 from the on-site terms (乌鲁木齐 with its own calendar, issue #29),
        # 上海 from `regions = ["北京", "上海", "乌鲁木齐"]`; sorted by code point
        assert CONTRACT.known_regions == ("上海", "乌鲁木齐", "北京")
        assert Contract.from_toml(CONTRACT.to_toml(), base_dir=ROOT / "examples") == CONTRACT

    def test_an_unknown_region_is_refused_everywhere(self) -> None:
        """An unknown region is refused with a did-you-mean by deadlines, incidents, evaluate and the command line."""
        with pytest.raises(UnknownRegionError, match=MESSAGE):
            CONTRACT.deadlines("P1", reported_at="2026-03-02T10:00", region="北京市")
        with pytest.raises(UnknownRegionError, match=MESSAGE):
            Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京市")
        pd = pytest.importorskip("pandas")
        tickets = pd.DataFrame(
            {"level": ["P1", "P1"], "region": ["北京市", "上海"], "reported_at": ["2026-03-02T10:00"] * 2},
            index=["bad", "good"],
        )
        from servicelevel import InvalidRowsError

        with pytest.raises(InvalidRowsError) as info:
            CONTRACT.evaluate(tickets, at="2026-03-03T00:00")
        assert list(info.value.rows) == ["bad"]
        cli = subprocess.run(
            [sys.executable, "-m", "servicelevel.cli", "due", str(EXAMPLE_PATH), "--level", "P1",
             "--at", "2026-03-02T10:00", "--region", "北京市"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert cli.returncode == 1
        assert "--region: unknown region '北京市' (did you mean '北京'?)" in cli.stderr

    def test_a_contract_without_regions_takes_none(self) -> None:
        """A contract that names no regions refuses any region and says where to list them."""
        text = EXAMPLE_PATH.read_text(encoding="utf-8").replace('regions = ["北京", "上海", "乌鲁木齐"]', "")
        text = text.replace(', regions = { "北京" = "2小时" }', "")
        text = text.replace(
            ', regions = { "北京" = "2小时", "乌鲁木齐" = { within = "4小时", calendar = "xinjiang" } }', ""
        )
        bare = Contract.from_toml(text, base_dir=ROOT / "examples")
        assert bare.known_regions == ()
        assert bare.deadlines("P1", reported_at="2026-03-02T10:00")["on_site"].region is None
        with pytest.raises(UnknownRegionError, match=r"the contract names none \(list them under"):
            bare.deadlines("P1", reported_at="2026-03-02T10:00", region="上海")


class TestMappings:
    """`level.targets`, `contract.calendars` and `contract.metrics` are read-only mappings (issue 18 §7)."""

    def test_targets_and_calendars_read_as_mappings(self) -> None:
        """Targets, calendars and metrics read as ordered mappings."""
        contract = load_contract(EXAMPLE_PATH)
        p1 = contract.level("P1")
        # examples/contract.toml: P1 responds within 30分钟 on the hotline calendar
        assert p1.targets["response"].within == dt.timedelta(minutes=30)
        assert list(p1.targets) == ["response", "on_site", "resolution", "report"]
        assert p1.targets.get("depart") is None
        assert list(contract.calendars) == ["hotline", "desk", "support", "xinjiang"]
        assert contract.calendars["support"].tz == "Asia/Shanghai"
        assert {"response", "on_site", "restore", "resolution", "report"} <= set(contract.metrics)
        assert [name for name, _ in contract.calendars.items()] == ["hotline", "desk", "support", "xinjiang"]

    def test_they_cannot_be_changed_and_stay_hashable(self) -> None:
        """The mappings refuse changes, and the contract stays hashable and picklable."""
        contract = load_contract(EXAMPLE_PATH)
        with pytest.raises(TypeError):
            contract.calendars["new"] = contract.calendars["desk"]  # type: ignore[index]
        with pytest.raises(TypeError):
            del contract.level("P1").targets["response"]  # type: ignore[attr-defined]
        assert hash(contract) == hash(load_contract(EXAMPLE_PATH))
        assert pickle.loads(pickle.dumps(contract)) == contract

    def test_evolve_and_pairs_still_build_them(self) -> None:
        """attrs.evolve with a tuple of pairs still builds an equal level."""
        contract = load_contract(EXAMPLE_PATH)
        level = contract.level("P3")
        same = attrs.evolve(level, targets=tuple(level.targets.items()))  # pairs, as before
        assert same == level
        assert same.targets == dict(level.targets)


class TestContractTerm:
    def test_outside_the_term(self) -> None:
        """A report outside the contract's term is refused unless out_of_term=True, which marks the deadline."""
        with pytest.raises(OutOfTermError, match=r"reported_at: 2025-12-31.*2026-01-01 to 2028-12-31"):
            CONTRACT.deadlines("P1", reported_at="2025-12-31T10:00")
        d = CONTRACT.deadlines("P1", reported_at="2025-12-31T10:00", out_of_term=True)
        assert d["response"].out_of_term
        assert d["response"].due == sh(2025, 12, 31, 10, 30)
        with pytest.raises(OutOfTermError):
            Incident.open(CONTRACT, level="P1", reported_at="2029-01-01T10:00")


class TestRepr:
    def test_example_reprs(self) -> None:
        """The example's level, contract, deadline and incident have compact, exact reprs."""
        assert repr(CONTRACT.level("P3")) == (
            "FaultLevel(key='P3', name='一般故障', rank=3, description='不影响系统正常运行', targets={"
            "'response': Target(within='30m', calendar='desk'), "
            "'resolution': Target(within='3 working days', calendar='support')})"
        )
        assert repr(CONTRACT).startswith(
            "Contract(id='BJ-2026-017', valid=2026-01-01..2028-12-31, "
            "calendars=['hotline', 'desk', 'support', 'xinjiang']"
        )
        d = CONTRACT.deadlines("P1", reported_at="2026-02-13T16:30+08:00", region="北京")["on_site"]
        assert repr(d) == (
            "Deadline(metric='on_site', level='P1', term='2h', calendar='hotline', "
            "start='2026-02-13T16:30:00+08:00', due='2026-02-13T18:30:00+08:00', region='北京')"
        )
        inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00").responded(
            "2026-03-02T10:10"
        )
        assert repr(inc) == (
            "Incident(contract='BJ-2026-017', level='P1', reported_at='2026-03-02T10:00:00+08:00', "
            "events=[('responded', '2026-03-02T10:10:00+08:00')])"
        )


PUBLIC = sorted(
    {
        getattr(module, name)
        for module in (servicelevel, servicelevel.warranty)
        for name in module.__all__
        if isinstance(getattr(module, name), type) and attrs.has(getattr(module, name))
    },
    key=lambda cls: cls.__qualname__,
)


class TestTypeHints:
    """The public values' field annotations resolve at run time: cattrs and `typing.get_type_hints` see them."""

    @pytest.mark.parametrize("cls", PUBLIC, ids=lambda cls: cls.__qualname__)
    def test_field_annotations_resolve(self, cls: type) -> None:
        """Every public attrs class's field annotations resolve with typing.get_type_hints."""
        # No NameError for a name imported only for the type checker (Contract.warranty: 'Warranty').
        hints = typing.get_type_hints(cls)
        assert {f.name for f in attrs.fields(cls)} <= set(hints)

    def test_unstructure_a_contract(self) -> None:
        """cattrs unstructures the example contract, its warranty terms included."""
        # The example's warranty: 3年 (Years(3)) extended by 6个月 (Months(6)) from acceptance on 2023-06-15.
        data = cattrs.unstructure(CONTRACT)
        assert data["id"] == "BJ-2026-017"
        assert data["warranty"]["starts"] == "acceptance"
        assert data["warranty"]["term"] == {"n": 3}
        assert data["warranty"]["extension"] == {"n": 6}
        assert [s["name"] for s in data["schedules"]] == ["inspection", "site-visit", "call-back"]


class TestLongArguments:
    """Issue #27 §3: a 100,000-character argument is echoed cut to 80 characters, as file values are."""

    @pytest.mark.parametrize(
        ("call", "error"),
        [
            (lambda s: CONTRACT.level(s), "UnknownLevelError"),
            (lambda s: CONTRACT.metric(s), "ContractError"),
            (lambda s: CONTRACT.calendar(s), "ContractError"),
            (
                lambda s: CONTRACT.deadlines("P1", reported_at="2026-03-02T10:00", region=s),
                "UnknownRegionError",
            ),
        ],
    )
    def test_the_name_is_cut(self, call: Callable[[str], object], error: str) -> None:
        """The message quotes at most 80 characters of the name (the last one an ellipsis)."""
        with pytest.raises(ServiceLevelError) as info:
            call("x" * 100_000)
        assert type(info.value).__name__ == error
        assert "'" + "x" * 78 + "…" in str(info.value)
        assert len(str(info.value)) < 300
