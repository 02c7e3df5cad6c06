"""`Contract.evaluate` over a table equals `Incident.status` row by row; the result keeps the
input's columns, attrs and order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import (
    Contract,
    Incident,
    IncidentError,
    InvalidRowsError,
    ServiceLevelError,
    UpdateTarget,
    load_contract,
)
from tests.frames.test_updates import assert_update_row

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
TZ = "Asia/Shanghai"
EVENTS = ("responded", "arrived", "restored", "resolved")
_H = 3_600_000_000


def _ts(u: int) -> pd.Timestamp:
    return pd.Timestamp(u, unit="us", tz="UTC").tz_convert(TZ)


@st.composite
def ticket(draw: st.DrawFn) -> dict:
    """One ticket: events at distinct µs after the report, pauses before resolution."""
    lo = int(pd.Timestamp("2026-01-05", tz=TZ).value // 1000)
    hi = int(pd.Timestamp("2026-10-20", tz=TZ).value // 1000)
    r = draw(st.integers(lo, hi))
    row: dict = {
        "level": draw(st.sampled_from(["P1", "P2", "P3"])),
        # 乌鲁木齐: P1's visit on its own calendar, Xinjiang time (issue #29 §1)
        "region": draw(st.sampled_from([None, "北京", "上海", "乌鲁木齐"])),
        "reported_at": r,
    }
    for e in EVENTS:
        row[e] = draw(st.one_of(st.none(), st.integers(r + 1, r + 120 * _H)))
    if row["restored"] is not None and row["resolved"] is not None:  # no restoration after resolution
        row["restored"] = min(row["restored"], row["resolved"])
    back = row["restored"] or row["resolved"]
    row["reported_back"] = (
        draw(st.one_of(st.none(), st.integers(back + 1, back + 100 * _H))) if back else None
    )
    pauses = []
    cursor = r
    limit = row["resolved"] or r + 150 * _H
    for _ in range(draw(st.integers(0, 2))):
        if cursor + 2 >= limit:
            break
        s = draw(st.integers(cursor + 1, limit - 1))
        e = draw(st.one_of(st.none(), st.integers(s + 1, limit)))  # open: ends with the resolution
        pauses.append((s, e))
        if e is None:
            break
        cursor = e
    row["pauses"] = pauses
    # updates to the customer, any time after the report (P1 owes one every 2 h from the response)
    row["updates"] = sorted(draw(st.lists(st.integers(r, r + 130 * _H), max_size=5)))
    return row


def _frame(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = pd.Index([f"T{i:03d}" for i in range(len(rows))], name="ticket_id")
    data = {
        "level": [r["level"] for r in rows],
        "region": [r["region"] for r in rows],
        "reported_at": [_ts(r["reported_at"]) for r in rows],
    }
    for e in (*EVENTS, "reported_back"):
        data[f"{e}_at"] = [pd.NaT if r[e] is None else _ts(r[e]) for r in rows]
    tickets = pd.DataFrame(data, index=index)
    for c in tickets.columns:
        if c.endswith("_at"):
            tickets[c] = pd.to_datetime(tickets[c], utc=True).dt.tz_convert(TZ)
    pauses = pd.DataFrame(
        [
            {"ticket": index[i], "start": _ts(s), "end": pd.NaT if e is None else _ts(e)}
            for i, r in enumerate(rows)
            for s, e in r["pauses"]
        ],
        columns=["ticket", "start", "end"],
    )
    for c in ("start", "end"):
        pauses[c] = pd.to_datetime(pauses[c], utc=True)
    return tickets, pauses


def _incident(row: dict, contract: Contract = CONTRACT) -> Incident:
    inc = Incident.open(
        contract,
        level=row["level"],
        reported_at=_ts(row["reported_at"]).to_pydatetime(),
        region=row["region"],
    )
    timeline = [(row[e], e) for e in (*EVENTS, "reported_back") if row[e] is not None]
    timeline += [(u, "updated") for u in row["updates"]]
    for s, e in row["pauses"]:
        timeline.append((s, "paused"))
        if e is not None:
            timeline.append((e, "resumed"))
    rank = {"resumed": 1, "paused": 2, "resolved": 3, "reported_back": 4}  # at one instant, as it happens
    for u, kind in sorted(timeline, key=lambda p: (p[0], rank.get(p[1], 0))):
        t = _ts(u).to_pydatetime()
        inc = inc.record(kind, t) if kind in (*EVENTS, "reported_back") else getattr(inc, kind)(t)
    return inc


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # 2027 dues for late tickets
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(ticket(), min_size=1, max_size=12), st.integers(0, 300 * 24))
def test_evaluate_equals_incident_status_row_by_row(rows: list[dict], at_hours: int) -> None:
    """`evaluate` with pauses equals `Incident.status` in every row: due, state, margin and time spent;
    with updates, `Incident.updates` (issue #29 §3)."""
    tickets, pauses = _frame(rows)
    at = pd.Timestamp("2026-01-05", tz=TZ) + pd.Timedelta(hours=at_hours)
    updates = pd.DataFrame(
        [
            {"ticket": label, "at": _ts(u)}
            for label, r in zip(tickets.index, rows, strict=True)
            for u in r["updates"]
        ],
        columns=["ticket", "at"],
    )
    frame = CONTRACT.evaluate(tickets, at=at.to_pydatetime(), pauses=pauses, updates=updates)
    assert frame.index.equals(tickets.index)
    for label, row in zip(tickets.index, rows, strict=True):
        status = _incident(row).status(at.to_pydatetime())
        warnings = _incident(row).warnings(at.to_pydatetime())
        assert_update_row(frame, label, _incident(row).updates(at.to_pydatetime()))  # issue #29 §3
        for metric, _ in CONTRACT.metrics.items():
            if f"{metric}_state" not in frame.columns:  # no level of the contract promises it
                assert metric not in status
                continue
            got_state = frame.at[label, f"{metric}_state"]
            if metric not in status:
                assert got_state == "not_applicable"
                continue
            want = status[metric]
            assert got_state == want.state, (label, metric)
            due = frame.at[label, f"{metric}_due"]
            if want.due is None:
                assert pd.isna(due)
            else:
                assert due == pd.Timestamp(want.due), (label, metric)
            margin = frame.at[label, f"{metric}_margin"]
            if want.remaining is None:
                assert pd.isna(margin)
            else:
                assert margin.to_pytimedelta() == want.remaining, (label, metric)
            # the time spent, as MetricStatus counts it
            assert frame.at[label, f"{metric}_elapsed"].to_pytimedelta() == want.elapsed, (label, metric)
            assert frame.at[label, f"{metric}_paused"].to_pytimedelta() == want.paused, (label, metric)
            overdue = frame.at[label, f"{metric}_overdue"].to_pytimedelta()
            assert overdue == want.overdue, (label, metric)
            # issue #27: late by the wall clock exactly where breached, whatever the business margin
            assert (overdue > dt.timedelta(0)) == (want.state == "breached"), (label, metric)
            used = frame.at[label, f"{metric}_used"]
            assert (np.isnan(used) and want.used is None) or used == pytest.approx(want.used), (label, metric)
            # issue #29 §2: the last warning passed, as Incident.warnings lists them
            passed = [w.label for w in warnings if w.metric == metric and not w.planned]
            warned = frame.at[label, f"{metric}_warned"]
            assert (pd.isna(warned) and not passed) or warned == passed[-1], (label, metric, passed)
        # what the breaches cost, as Incident.penalties counts it (the example puts penalties on P1's
        # on_site and resolution only: other levels' cells are missing)
        owed = {p.metric: p.amount for p in _incident(row).penalties(at.to_pydatetime())}
        for metric in ("on_site", "resolution"):
            cell = frame.at[label, f"{metric}_penalty"]
            if row["level"] == "P1":
                assert Decimal(cell) == owed.get(metric, Decimal(0)), (label, metric)
            else:
                assert pd.isna(cell), (label, metric)
                assert metric not in owed, (label, metric)


def test_example_b_and_c_by_hand() -> None:
    """Examples B and C by hand: P1 response in 30 min; on site in 2 h in 北京, 24 h elsewhere."""
    # Example C: on site in 2 h in 北京 (7×24 hotline), 24 h elsewhere; Example B: P1 response 30 min.
    tickets = pd.DataFrame(
        {
            "level": ["P1", "P1"],
            "region": ["北京", "上海"],
            "reported_at": ["2026-03-02T10:00", "2026-03-02T10:00"],
            "responded_at": ["2026-03-02T10:20", "2026-03-02T10:45"],
            "arrived_at": ["2026-03-02T12:30", "2026-03-03T09:00"],
        },
        index=["bj", "sh"],
    )
    frame = CONTRACT.evaluate(tickets, at="2026-03-03T10:00")
    assert list(frame["response_state"]) == ["met", "breached"]
    assert list(frame["response_margin"]) == [pd.Timedelta(minutes=10), pd.Timedelta(minutes=-15)]
    assert frame.at["bj", "on_site_due"] == pd.Timestamp("2026-03-02T12:00", tz=TZ)
    assert frame.at["bj", "on_site_state"] == "breached"
    assert frame.at["sh", "on_site_due"] == pd.Timestamp("2026-03-03T10:00", tz=TZ)
    assert frame.at["sh", "on_site_state"] == "met"
    assert frame.at["sh", "on_site_margin"] == pd.Timedelta(hours=1)
    # resolution: 1 working day on the 8:30-17:30 support calendar: due Tue 3 Mar 17:30, still running
    assert frame.at["bj", "resolution_due"] == pd.Timestamp("2026-03-03T17:30", tz=TZ)
    assert frame.at["bj", "resolution_state"] == "running"
    assert frame.at["bj", "report_state"] == "pending"


def test_margins_of_a_due_before_the_start_equal_incident() -> None:
    """Where the start day counts, a one-working-day period reported after the close ends at that
    day's close, before its start; the table takes the margin as the difference of the business
    times counted from the start, which holds there too. By hand, support 08:30-17:30:
    reported Mon 2 Mar 2026 20:00, due 17:30 that day; resolved Tue 3 Mar 10:00 is breached by
    the open time 17:30 → 10:00 = 1 h 30 min (Tue 08:30-10:00); resolved Mon 21:00 breached by 0."""
    text = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")
    old = ('resolution = { within = "1个工作日", calendar = "support", penalty = { per = "1h", amount = "500", '
           'cap = "5000" }, warnings = [0.5, 0.75, "1h before"] }')  # fmt: skip
    assert old in text
    contract = type(CONTRACT).from_toml(
        text.replace(old, old[:-2] + ', rule = { start_day_counts = true, ends_at = "close" } }'),
        base_dir=ROOT / "examples",
    )
    tickets = pd.DataFrame(
        {"level": ["P1", "P1", "P1"],
         "reported_at": ["2026-03-02T20:00", "2026-03-02T20:00", "2026-03-02T09:00"],
         "resolved_at": ["2026-03-03T10:00", "2026-03-02T21:00", "2026-03-02T16:00"]},
        index=["late", "same evening", "in hours"],
    )  # fmt: skip
    frame = contract.evaluate(tickets, at="2026-03-05T00:00")
    assert frame.at["late", "resolution_due"] == pd.Timestamp("2026-03-02T17:30", tz=TZ)
    assert frame.at["late", "resolution_margin"] == -pd.Timedelta(hours=1, minutes=30)
    assert frame.at["same evening", "resolution_margin"] == pd.Timedelta(0)
    assert frame.at["in hours", "resolution_margin"] == pd.Timedelta(hours=1, minutes=30)
    for label, row in tickets.iterrows():
        inc = Incident.from_events(
            contract, level="P1", reported_at=row["reported_at"], events=[("resolved", row["resolved_at"])]
        )
        want = inc.status("2026-03-05T00:00")["resolution"]
        assert frame.at[label, "resolution_state"] == want.state
        assert frame.at[label, "resolution_margin"].to_pytimedelta() == want.remaining
        assert frame.at[label, "resolution_elapsed"].to_pytimedelta() == want.elapsed


# every level owing updates: two terms on the 7×24 hotline, and the desk, 5×8 until it switches to
# 7×24 on 1 March 2026
_TOLD = attrs.evolve(
    CONTRACT,
    levels=[
        attrs.evolve(lv, update=UpdateTarget(every=every, calendar=calendar))
        for lv, (every, calendar) in zip(
            CONTRACT.levels, [("2h", "hotline"), ("3h", "hotline"), ("1h", "desk")], strict=True
        )
    ],
)


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # 2027 dues for late tickets
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    st.lists(ticket(), min_size=1, max_size=12),
    st.integers(0, 150),
    st.randoms(use_true_random=False),
    st.sampled_from([1, 3, 1 << 17]),
    st.sampled_from([62, 30]),
)
def test_updates_in_any_order_and_by_stretches_equal_incident(
    rows: list[dict], after: int, shuffle: Any, stretch: int, bits: int
) -> None:
    """Every level owing updates (terms differing on one calendar, a calendar switching to 7×24):
    the update table in any row order, judged a few rows at a time, sorted by one key or (updates
    too long after the start for it) by two, gives `Incident.updates` in every row."""
    import servicelevel.frames._updates as judged

    tickets, pauses = _frame(rows)
    # asked after the last report, so that most clocks have run
    at = _ts(max(r["reported_at"] for r in rows)) + pd.Timedelta(hours=after)
    told = [(label, _ts(u)) for label, r in zip(tickets.index, rows, strict=True) for u in r["updates"]]
    shuffle.shuffle(told)
    updates = pd.DataFrame(told, columns=["ticket", "at"])
    # a stretch of 1 or 3 rows, and a 30-bit key (26 bits of time: 67 s) for the two-key sort
    with patch.object(judged, "_CHUNK", stretch), patch.object(judged, "_KEY_BITS", bits):
        frame = _TOLD.evaluate(tickets, at=at.to_pydatetime(), pauses=pauses, updates=updates)
    for label, row in zip(tickets.index, rows, strict=True):
        assert_update_row(frame, label, _incident(row, _TOLD).updates(at.to_pydatetime()))


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
def test_judging_in_chunks_gives_the_same_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows of a calendar are judged in chunks (to bound the working columns of a million
    tickets): chunks of two rows give the table one chunk gives, horizon errors included."""
    import servicelevel.frames._judge as judge

    tickets = pd.read_csv(ROOT / "examples" / "tickets.csv", index_col="ticket")
    pauses = pd.read_csv(ROOT / "examples" / "pauses.csv")
    tickets, pauses = tickets[tickets["level"].isin(["P1", "P2", "P3"])], pauses
    pauses = pauses[pauses["ticket"].isin(tickets.index)]
    try:
        whole = CONTRACT.evaluate(tickets, at="2026-03-31T00:00", pauses=pauses)
    except InvalidRowsError as exc:  # the example has bad rows on purpose: leave them out
        good = tickets.index.difference(list(exc.rows))
        tickets, pauses = tickets.loc[good], pauses[pauses["ticket"].isin(good)]
        whole = CONTRACT.evaluate(tickets, at="2026-03-31T00:00", pauses=pauses)
    assert len(whole) > 4
    monkeypatch.setattr(judge, "_CHUNK", 2)
    pd.testing.assert_frame_equal(CONTRACT.evaluate(tickets, at="2026-03-31T00:00", pauses=pauses), whole)
    late = pd.DataFrame({"level": ["P3"] * 3, "reported_at": ["2026-03-02T10:00"] * 3,
                         "resolved_at": [None, "2026-03-02T12:00", None]}, index=["a", "b", "c"])  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(late, at="2126-12-01T10:00")
    assert set(info.value.rows) == {"a", "c"}


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
def test_rows_past_the_horizon_are_collected_with_the_others() -> None:
    """Rows whose margins run past the 100-year horizon are each named; a resolved row alone is answered."""
    # asked in December 2126, the open tickets' margins span more than 100 years: each is named,
    # and the resolved ticket alone would have been answered
    tickets = pd.DataFrame(
        {"level": ["P3", "P3", "P3"], "reported_at": ["2026-03-02T10:00", "2026-03-03T10:00", "2026-03-04T10:00"],
         "resolved_at": [None, None, "2026-03-04T12:00"]},
        index=["a", "b", "c"],
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2126-12-01T10:00")
    assert set(info.value.rows) == {"a", "b"}
    assert all("more than 100 years" in m for m in info.value.rows.values())
    assert CONTRACT.evaluate(tickets.loc[["c"]], at="2126-12-01T10:00").at["c", "resolution_state"] == "met"


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
def test_rows_past_the_horizon_are_listed_in_the_tables_order() -> None:
    """Rows past the horizon are named in the table's order, though judged a calendar at a time."""
    # P3 and P2 respond on the desk calendar, P1 on the hotline: judged a calendar at a time, the
    # rows are still named in the table's order
    tickets = pd.DataFrame(
        {"level": ["P3", "P2", "P1"], "reported_at": ["2026-03-02T10:00"] * 3}, index=["x", "y", "z"]
    )
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2126-12-01T10:00")
    assert list(info.value.rows) == ["x", "y", "z"]
    assert str(info.value).startswith("3 ticket rows cannot be evaluated: row 'x': ")


def test_a_bad_at_is_named_as_the_option() -> None:
    """An unreadable ``at`` is named as the ``at`` option."""
    tickets = pd.DataFrame({"level": ["P1"], "reported_at": ["2026-03-02T10:00"]})
    with pytest.raises(ServiceLevelError, match=r"^at: '2026-03-03' is not an ISO 8601 date and time"):
        CONTRACT.evaluate(tickets, at="2026-03-03")


def test_duplicate_labels_in_evaluate_are_named() -> None:
    """A ticket label used twice in the table's index is named."""
    tickets = pd.DataFrame(
        {"level": ["P3", "P3"], "reported_at": ["2026-03-02T10:00", "2026-03-02T11:00"]}, index=["T1", "T1"]
    )
    with pytest.raises(IncidentError, match=r"tickets: the ticket label 'T1' is used 2 times"):
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00")


def test_a_kept_column_named_like_a_result_column_gives_way_to_it() -> None:
    """A kept input column named like a result column gives way to the result, in its place."""
    # P1 response 30 min on the 7×24 hotline: reported 10:00, no response by 11:00 → breached
    tickets = pd.DataFrame(
        {"level": ["P1"], "reported_at": ["2026-03-02T10:00"], "response_state": ["mine"], "note": [1]}
    )
    frame = CONTRACT.evaluate(tickets, at="2026-03-02T11:00", keep=["response_state", "note"])
    assert list(frame.columns).count("response_state") == 1
    assert list(frame.columns)[:4] == ["level", "reported_at", "response_state", "note"]  # in its place
    assert frame["response_state"].tolist() == ["breached"]
    assert frame["note"].tolist() == [1]


def test_the_result_keeps_the_tables_attrs_and_kind_of_column_names() -> None:
    """The result keeps the input's ``attrs`` and the dtype of its column names."""
    tickets = pd.DataFrame({"level": ["P1"], "reported_at": ["2026-03-02T10:00"]})
    tickets.columns = pd.Index(["level", "reported_at"], dtype=object)
    tickets.attrs["source"] = "export of 2026-03-31"
    frame = CONTRACT.evaluate(tickets, at="2026-03-02T11:00")
    assert frame.attrs == {"source": "export of 2026-03-31"}
    assert frame.columns.dtype == object
    assert "response_due" in frame.columns
