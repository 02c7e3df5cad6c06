"""`Contract.availability` over tables of outages (frames/_availability.py): hand-worked, and equal to
`AvailabilityTarget.measure` period by period on generated outages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import AvailabilityTarget, BusinessCalendar, Contract, CreditBand
from servicelevel.errors import ContractError, InvalidRowsError, InvalidTableError
from tests.conftest import CN_5X8, HOTLINE

H = dt.timedelta(hours=1)
NY = BusinessCalendar.preset("7x24", tz="America/New_York")
BANDS = [CreditBand(below="99.9%", credit="5%"), CreditBand(below="99.5%", credit="10%")]
NY_BANDS = [CreditBand(below="99.5%", credit="3%"), CreditBand(below="98%", credit="10%")]
CONTRACT = Contract(
    id="a",
    calendars={"hotline": HOTLINE, "support": CN_5X8, "ny": NY},
    levels=[],
    availability_targets={
        "his": AvailabilityTarget(
            target="99.9%", calendar=HOTLINE, exclude=["planned"], credits=BANDS, fee="200000"
        ),
        "lis": AvailabilityTarget(target="99%", calendar=CN_5X8),
        "ris": AvailabilityTarget(
            target="99.5%", calendar=NY, period="quarter", exclude=["planned"], credits=NY_BANDS
        ),
    },
)
# March 2026 (see tests/sla/test_availability.py): 744 h on 7×24, 176 h on 5×8
MARCH = pd.DataFrame(
    {
        "service": ["his", "his", "his", "his", "lis", "lis"],
        "start": ["2026-03-03T02:00", "2026-03-03T03:00", "2026-03-15T01:00", "2026-03-31T23:00",
                  "2026-03-04T20:00", "2026-03-10T16:00"],
        "end": ["2026-03-03T03:30", "2026-03-03T04:00", "2026-03-15T05:00", "2026-04-01T01:00",
                "2026-03-05T10:00", "2026-03-10T18:00"],
        "kind": ["unplanned", "unplanned", "planned", "unplanned", "unplanned", "unplanned"],
    }
)  # fmt: skip


def rows(frame: Any) -> list[dict[str, Any]]:
    """The result's rows as Python values (dates, timedeltas, Decimals, None)."""
    if not isinstance(frame, pd.DataFrame):
        return list(frame.to_dicts())  # polars
    return [
        {k: (v.as_py() if hasattr(v, "as_py") else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


class TestHandWorked:
    def test_a_month_of_two_services(self) -> None:
        """his (7×24): 02:00-03:30 and 03:00-04:00 merge (2 h), 4 h planned, 1 h of the outage crossing
        into April (at ends March): scheduled 740 h, down 3 h, 737/740 → below 99.9 %, not 99.5 %: 5 %
        of 200,000. lis (5×8): 20:00-10:00 counts 09:00-10:00, 16:00-18:00 counts 16:00-17:00: 2 h of
        176 h, 174/176."""
        out = CONTRACT.availability(MARCH, at="2026-04-01T00:00")
        got = rows(out)
        assert ["his", "lis", "ris"] == [r["service"] for r in got]
        his, lis, ris = got
        assert dt.date(2026, 3, 1) == his["period"]
        assert (740 * H, 3 * H, 2) == (his["scheduled"], his["down"], his["outages"])
        assert Decimal("0.995945945945") == his["availability"]  # 737/740 = 0.9959459459…
        assert (False, Decimal("0.05"), Decimal("10000.00")) == (
            his["met"],
            his["credit"],
            his["credit_amount"],
        )
        assert (176 * H, 2 * H, 2) == (lis["scheduled"], lis["down"], lis["outages"])
        assert Decimal("0.988636363636") == lis["availability"]  # 174/176 = 0.98863636…
        assert (False, Decimal(0), None) == (lis["met"], lis["credit"], lis["credit_amount"])
        # ris has no outage: its quarter (New York) up to at, nothing down
        assert (dt.date(2026, 1, 1), dt.timedelta(0), Decimal(1), True) == (
            ris["period"], ris["down"], ris["availability"], ris["met"])  # fmt: skip

    def test_without_at_the_last_period_is_whole(self) -> None:
        """Without at, the outage crossing into April makes an April row: 1 h of 720 h, 719/720."""
        got = rows(CONTRACT.availability(MARCH, service="his"))
        assert [dt.date(2026, 3, 1), dt.date(2026, 4, 1)] == [r["period"] for r in got]
        assert (720 * H, H, Decimal("0.998611111111")) == (
            got[1]["scheduled"],
            got[1]["down"],
            got[1]["availability"],
        )

    def test_columns_and_types(self) -> None:
        """The issue's columns in order; durations as timedelta64, shares and money as decimal columns."""
        out = CONTRACT.availability(MARCH, at="2026-04-01T00:00")
        assert ["service", "period", "scheduled", "down", "availability", "target", "met", "credit",
                "credit_amount", "outages"] == list(out.columns)  # fmt: skip
        assert "timedelta64[us]" == str(out["scheduled"].dtype)
        for name in ("availability", "target", "credit", "credit_amount"):
            assert str(out[name].dtype).startswith("decimal128"), name
        assert "bool" == str(out["met"].dtype)

    def test_polars_in_polars_out(self) -> None:
        """A polars table gives a polars table: pl.Decimal and pl.Duration columns, the same figures."""
        pl = pytest.importorskip("polars")
        out = CONTRACT.availability(pl.from_pandas(MARCH), at="2026-04-01T00:00")
        assert isinstance(out, pl.DataFrame)
        assert isinstance(out.schema["availability"], pl.Decimal)
        assert isinstance(out.schema["scheduled"], pl.Duration)
        assert rows(CONTRACT.availability(MARCH, at="2026-04-01T00:00")) == rows(out)

    def test_tickets_columns_and_one_service(self) -> None:
        """Any two instant columns will do (reported_at, restored_at); without a service column every
        row is of service=."""
        tickets = pd.DataFrame(
            {"reported_at": ["2026-03-02T10:00+08:00"], "restored_at": ["2026-03-02T12:00+08:00"]}
        )
        out = CONTRACT.availability(tickets, service="his", start="reported_at", end="restored_at")
        (his,) = rows(out)
        assert (2 * H, 1) == (his["down"], his["outages"])

    def test_open_outage_runs_to_at(self) -> None:
        """An empty end is an outage still open: at= measures it up to then, and ends the period there."""
        frame = pd.DataFrame({"start": ["2026-03-02T10:00"], "end": [None]})
        (his,) = rows(CONTRACT.availability(frame, service="his", at="2026-03-02T12:00"))
        assert (36 * H, 2 * H) == (his["scheduled"], his["down"])  # 1 Mar 00:00 - 2 Mar 12:00

    def test_no_outages(self) -> None:
        """No outages and no at: an empty table; with at, the period of at for each service."""
        empty = pd.DataFrame({"service": [], "start": [], "end": []})
        assert 0 == len(CONTRACT.availability(empty))
        got = rows(CONTRACT.availability(empty, service="lis", at="2026-03-10T09:00"))
        assert [(dt.date(2026, 3, 1), 6 * 8 * H)] == [(r["period"], r["scheduled"]) for r in got]  # 2-9 Mar


class TestBadInput:
    def test_bad_rows_named_together(self) -> None:
        """Ending before starting, unknown services and kinds, empty kinds, open without at: every row."""
        frame = pd.DataFrame(
            {
                "service": ["his", "hiss", "his", "lis", "his", None],
                "start": ["2026-03-02T12:00", "2026-03-02T10:00", "2026-03-02T10:00", "2026-03-02T10:00",
                          "2026-03-02T10:00", "2026-03-02T10:00"],
                "end": ["2026-03-02T10:00", "2026-03-02T11:00", "2026-03-02T11:00", "2026-03-02T11:00", None,
                        "2026-03-02T11:00"],
                "kind": ["unplanned", "unplanned", "planed", None, "unplanned", "unplanned"],
            }
        )  # fmt: skip
        with pytest.raises(InvalidRowsError) as caught:
            CONTRACT.availability(frame)
        bad = caught.value.rows
        assert [0, 1, 2, 3, 4, 5] == sorted(bad)
        assert bad[0].startswith("end: the outage ends before it starts")
        assert bad[1].startswith("service: unknown service 'hiss'")
        assert bad[2].startswith("kind: unknown outage kind 'planed'")
        assert bad[3].startswith("kind: empty")
        assert bad[4].startswith("end: the outage is still open")
        assert bad[5].startswith("service: empty")

    def test_table_set_up_wrong(self) -> None:
        """A missing column, several services without a service column, not a table: InvalidTableError."""
        with pytest.raises(InvalidTableError, match=r"^outages: no column 'end'"):
            CONTRACT.availability(pd.DataFrame({"start": []}))
        with pytest.raises(InvalidTableError, match=r"^outages: no column 'service', .* his, lis, ris"):
            CONTRACT.availability(MARCH.drop(columns="service"))
        with pytest.raises(InvalidTableError, match=r"^outages: expected a pandas or polars DataFrame"):
            CONTRACT.availability([("2026-03-02T10:00", "2026-03-02T11:00")])  # type: ignore[type-var]

    def test_unknown_service_option(self) -> None:
        """service= names a service of the contract."""
        with pytest.raises(ContractError, match=r"^service: unknown service 'pacs'"):
            CONTRACT.availability(MARCH, service="pacs")

    def test_contract_without_availability(self) -> None:
        """A contract that promises no availability says so."""
        bare = Contract(id="b", calendars={"h": HOTLINE}, levels=[])
        with pytest.raises(ContractError, match=r"^availability: the contract promises no availability"):
            bare.availability(MARCH)


# ---------------------------------------------------------------------------- table == scalar
_FIRST = pd.Timestamp("2025-11-20T00:00", tz="UTC")  # New York's summer time ends 2 Nov 2025, 1 Nov 2026
_KINDS = ("unplanned", "planned", None)


@st.composite
def outage_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Up to 25 outages of three services over about eight months, some open, of every kind."""
    n = draw(st.integers(0, 25))
    rows = []
    for _ in range(n):
        start = _FIRST + pd.Timedelta(minutes=draw(st.integers(0, 240 * 24 * 60)))
        length = draw(st.one_of(st.integers(0, 3 * 24 * 60), st.integers(0, 40 * 24 * 60), st.none()))
        kind = draw(st.sampled_from(_KINDS))
        end = (
            None
            if length is None
            else start + pd.Timedelta(minutes=length, microseconds=draw(st.integers(0, 9)))
        )
        rows.append((draw(st.sampled_from(["his", "lis", "ris"])), start, end, kind or "unplanned"))
    opened = any(r[2] is None for r in rows)
    at = None
    if opened or draw(st.booleans()):
        at = _FIRST + pd.Timedelta(minutes=draw(st.integers(1, 250 * 24 * 60)))
    frame = pd.DataFrame(rows, columns=["service", "start", "end", "kind"])
    for c in ("start", "end"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame, at


class TestEqualsScalar:
    @settings(max_examples=60, deadline=None)
    @given(outage_tables())
    def test_table_equals_measure_period_by_period(
        self, drawn: tuple[pd.DataFrame, pd.Timestamp | None]
    ) -> None:
        """Every row equals AvailabilityTarget.measure over its period (to at), and the rows are every
        service's periods from the first outage to the last end (or at)."""
        frame, at = drawn
        out = rows(CONTRACT.availability(frame, at=at))
        started = frame["start"] if at is None else frame["start"][frame["start"] < at]
        if not len(started) and at is None:
            assert [] == out
            return
        lo = started.min() if len(started) else at - pd.Timedelta(microseconds=1)
        hi = at if at is not None else frame["end"].max()
        expected = []
        for service, target in CONTRACT.availability_targets.items():
            mine = frame[frame["service"] == service]
            outages = [
                (s.to_pydatetime(), None if pd.isna(e) else e.to_pydatetime(), k)
                for s, e, k in zip(mine["start"], mine["end"], mine["kind"], strict=True)
            ]
            when = None if at is None else at.to_pydatetime()
            for p in target.periods(lo.to_pydatetime(), hi.to_pydatetime()):
                a = target.measure(outages, p.start, p.end, at=when)
                expected.append(
                    {"service": service, "period": p.first, "scheduled": a.scheduled, "down": a.down,
                     "availability": a.availability, "target": a.target, "met": a.met, "credit": a.credit,
                     "credit_amount": a.credit_amount, "outages": a.outages}
                )  # fmt: skip
        assert expected == out
