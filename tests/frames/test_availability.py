"""`Contract.availability` over tables of outages (frames/_availability.py): hand-worked, and equal to
`AvailabilityTarget.measure` period by period on generated outages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Amendment, AvailabilityTarget, BusinessCalendar, Contract, CreditBand
from servicelevel.errors import ContractError, InvalidRowsError, InvalidTableError
from tests.conftest import CN_5X8, HOTLINE
from tests.conftest import CONTRACT as EXAMPLE

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
    @given(outage_tables(), st.none() | st.dates(dt.date(2025, 11, 21), dt.date(2026, 7, 1)))
    def test_table_equals_measure_period_by_period(
        self, drawn: tuple[pd.DataFrame, pd.Timestamp | None], amended: dt.date | None
    ) -> None:
        """Every row equals AvailabilityTarget.measure over its period (to at) — of the version in force
        on the period's first day where an amendment changes his and ris —, and the rows are every
        service's periods from the first outage to the last end (or at)."""
        frame, at = drawn
        contract = CONTRACT
        if amended is not None:  # his raised (its planned work counted), ris onto 5×8 (zone kept)
            his, ris = CONTRACT.availability_target("his"), CONTRACT.availability_target("ris")
            changed = {"his": attrs.evolve(his, target="99.95%", exclude=[], credits=[]),
                       "ris": attrs.evolve(ris, calendar=BusinessCalendar.preset("5x8", tz="America/New_York"))}  # fmt: skip
            contract = attrs.evolve(
                CONTRACT, amendments=[Amendment(from_=amended, availability_targets=changed)]
            )
        out = rows(contract.availability(frame, at=at))
        for row in out:
            assert (amended is not None) == ("terms" in row)
            row.pop("terms", None)
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
                a = (
                    contract.at(p.first)
                    .availability_target(service)
                    .measure(outages, p.start, p.end, at=when)
                )
                expected.append(
                    {"service": service, "period": p.first, "scheduled": a.scheduled, "down": a.down,
                     "availability": a.availability, "target": a.target, "met": a.met, "credit": a.credit,
                     "credit_amount": a.credit_amount, "outages": a.outages}
                )  # fmt: skip
        assert expected == out


# The example contract with 补充协议第3条 raising his from 99.9 % to 99.95 % from 2026-07-01, with a
# 2 % credit band below 99.95 % in front of the signed ones (5 %, 10 %, 25 %).
def _raised(day: str = "2026-07-01", **changes: Any) -> Contract:
    his = EXAMPLE.availability_target("his")
    credits = [CreditBand(below="99.95%", credit="2%"), *his.credits]
    raised = Amendment(
        from_=day,
        reason="可用率",
        availability_targets={"his": attrs.evolve(his, target="99.95%", credits=credits, **changes)},
    )
    if day == "2026-07-01":  # one amendment of that day: the example's, with his raised too
        raised = attrs.evolve(EXAMPLE.amendments[0], availability_targets=raised.availability_targets)
        return attrs.evolve(EXAMPLE, amendments=[raised])
    return attrs.evolve(EXAMPLE, amendments=[*EXAMPLE.amendments, raised])


# one outage across midnight of 1 July (Beijing): 30 min in June, 30 min in July
ACROSS = pd.DataFrame(
    {"service": ["his"], "start": ["2026-06-30T23:30"], "end": ["2026-07-01T00:30"], "kind": ["unplanned"]}
)


class TestAmendments:
    def test_june_by_the_terms_signed_july_by_the_amendment(self) -> None:
        """June 720 h, July 744 h on 7×24, 30 min down in each. June 719.5/720 = 0.99930555… ≥ 99.9 %: met,
        no credit. July 743.5/744 = 1487/1488 = 0.99932795698924… < 99.95 % (≥ 99.9 %): not met, the new
        2 % band: 2 % of 200,000 = 4,000.00."""
        c = _raised()
        out = rows(c.availability(ACROSS, service="his", at="2026-08-01T00:00"))
        got = [(r["terms"], r["period"], r["scheduled"], r["down"], r["availability"], r["target"],
                r["met"], r["credit"], r["credit_amount"]) for r in out]  # fmt: skip
        assert got == [
            ("terms signed", dt.date(2026, 6, 1), 720 * H, H / 2, Decimal("0.999305555555"), Decimal("0.999"),
             True, Decimal(0), Decimal("0.00")),
            ("amendment 补充协议第3条, from 2026-07-01", dt.date(2026, 7, 1), 744 * H, H / 2,
             Decimal("0.999327956989"), Decimal("0.9995"), False, Decimal("0.02"), Decimal("4000.00")),
        ]  # fmt: skip

    def test_equals_measure_of_the_version_in_force(self) -> None:
        """Each row equals `availability_target("his").measure` of ``contract.at(period's first day)``."""
        c = _raised()
        outages = [("2026-06-30T23:30", "2026-07-01T00:30", "unplanned")]
        out = rows(c.availability(ACROSS, service="his", at="2026-08-01T00:00"))
        for row, (lo, hi) in zip(
            out, [("2026-06-01", "2026-07-01"), ("2026-07-01", "2026-08-01")], strict=True
        ):
            a = c.at(lo).availability_target("his").measure(outages, lo, hi)
            assert (a.availability, a.target, a.met, a.credit, a.credit_amount) == (
                row["availability"], row["target"], row["met"], row["credit"], row["credit_amount"])  # fmt: skip

    def test_an_amendment_inside_a_period(self) -> None:
        """Raised from 15 July: July keeps the 99.9 % in force on its first day (743.5/744 ≥ 99.9 %: met);
        August (744 h, the 30 min of 3 Aug down: 743.5/744) takes 99.95 %: not met, 2 %."""
        c = _raised("2026-07-15")
        frame = pd.DataFrame(
            {"service": ["his", "his"], "start": ["2026-07-20T10:00", "2026-08-03T10:00"],
             "end": ["2026-07-20T10:30", "2026-08-03T10:30"]}
        )  # fmt: skip
        out = rows(c.availability(frame, service="his", at="2026-09-01T00:00"))
        assert [(r["terms"], r["period"], r["target"], r["met"], r["credit"]) for r in out] == [
            ("amendment 补充协议第3条, from 2026-07-01", dt.date(2026, 7, 1), Decimal("0.999"), True, Decimal(0)),
            ("amendment 可用率, from 2026-07-15", dt.date(2026, 8, 1), Decimal("0.9995"), False, Decimal("0.02")),
        ]  # fmt: skip

    def test_a_month_becomes_a_quarter(self) -> None:
        """From 1 August his is measured per quarter: July is a month (744 h), 1 Aug-1 Oct the rest of
        Q3 (61 days: 1,464 h), then Q4 to at 15 Oct (14 days: 336 h); no period overlaps or is skipped."""
        c = _raised("2026-08-01", period="quarter")
        frame = pd.DataFrame({"service": ["his"], "start": ["2026-07-20T10:00"], "end": ["2026-07-20T10:30"]})
        out = rows(c.availability(frame, service="his", at="2026-10-15T00:00"))
        assert [(r["period"], r["scheduled"]) for r in out] == [
            (dt.date(2026, 7, 1), 744 * H), (dt.date(2026, 8, 1), 1464 * H), (dt.date(2026, 10, 1), 336 * H)
        ]  # fmt: skip

    def test_no_terms_column_where_no_promise_changes(self) -> None:
        """The example's own amendment changes no availability promise: the columns as without one."""
        out = EXAMPLE.availability(ACROSS, service="his", at="2026-08-01T00:00")
        assert "terms" not in out.columns
        assert out["target"].tolist() == [Decimal("0.999"), Decimal("0.999")]

    def test_a_kind_known_from_the_amendment_on(self) -> None:
        """A ``network`` kind (excluded) added from 1 July: refused in June, taken out of July's
        scheduled time after it (744 h - 1 h = 743 h, nothing down)."""
        his = EXAMPLE.availability_target("his")
        network = attrs.evolve(his, kinds=["unplanned", "planned", "network"], exclude=["planned", "network"])
        c = attrs.evolve(
            EXAMPLE, amendments=[attrs.evolve(EXAMPLE.amendments[0], availability_targets={"his": network})]
        )
        frame = pd.DataFrame(
            {"service": ["his", "his"], "start": ["2026-06-20T10:00", "2026-07-05T10:00"],
             "end": ["2026-06-20T11:00", "2026-07-05T11:00"], "kind": ["network", "network"]}
        )  # fmt: skip
        with pytest.raises(InvalidRowsError, match=r"outage row 0: kind: unknown outage kind 'network'") as e:
            c.availability(frame, service="his", at="2026-08-01T00:00")
        assert "row 1" not in str(e.value)
        (july,) = rows(c.availability(frame.iloc[1:], service="his", at="2026-08-01T00:00"))
        assert (july["period"], july["scheduled"], july["down"]) == (dt.date(2026, 7, 1), 743 * H, 0 * H)
