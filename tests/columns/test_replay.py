"""`Contract.replay` over a status log equals `Incident.from_log` ticket by ticket; bad rows are
named together. ``examples/contract.toml`` carries a ServiceNow-style ``[workflow]``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import Incident, IncidentError, InvalidRowsError, ServiceLevelError, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
TZ = "Asia/Shanghai"
STATUSES = ["New", "Active", "Awaiting User Info", "Awaiting Vendor", "Resolved", "Closed"]
PRIORITIES = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]
_M = 60_000_000


@st.composite
def ticket_log(draw: st.DrawFn, name: str) -> list[dict]:
    """One ticket's audit rows: a walk through the statuses (same-minute rows ordered by a counter),
    reopenings, priority changes, pauses left open into the resolution; never past Closed."""
    lo = int(pd.Timestamp("2026-01-05", tz=TZ).value // 1000)
    t = draw(st.integers(lo, lo + 200 * 24 * 60 * _M))
    t -= t % _M  # whole minutes, as exports show them: ties are common
    priority = draw(st.sampled_from(PRIORITIES))
    rows = [{"number": name, "time": t, "status": "New", "priority": priority, "count": 0}]
    for i in range(draw(st.integers(0, 7))):
        t += draw(st.sampled_from([0, 0, 1, 5, 30, 120, 600, 3000])) * _M
        status = draw(st.sampled_from(STATUSES))
        if draw(st.integers(0, 5)) == 0:
            priority = draw(st.sampled_from(PRIORITIES))
        rows.append({"number": name, "time": t, "status": status, "priority": priority, "count": i + 1})
        if status == "Closed":
            break
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    log = pd.DataFrame(rows)
    log["sys_updated_at"] = pd.to_datetime(log.pop("time"), unit="us", utc=True).dt.tz_convert(TZ)
    return log


def _one(log: pd.DataFrame, number: str) -> Incident:
    part = log[log["number"] == number].sort_values(["sys_updated_at", "count"], kind="stable")
    cells = zip(part["sys_updated_at"], part["status"], part["priority"], strict=True)
    rows = [(t.to_pydatetime(), s, p) for t, s, p in cells]
    return Incident.from_log(CONTRACT, rows)


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=10, unique=True).flatmap(
    lambda ids: st.tuples(*[ticket_log(f"INC{i:07d}") for i in ids])), st.integers(0, 260 * 24))  # fmt: skip
def test_replay_equals_incident_from_log(tickets: tuple[list[dict], ...], at_hours: int) -> None:
    rows = [r for t in tickets for r in t]
    log = _frame(rows).sample(frac=1, random_state=at_hours)  # any row order in the file
    at = (pd.Timestamp("2026-01-05", tz=TZ) + pd.Timedelta(hours=at_hours)).to_pydatetime()
    frame = CONTRACT.replay(
        log, ticket="number", time="sys_updated_at", status="status", level="priority", order="count", at=at
    )
    assert sorted(frame.index) == sorted({r["number"] for r in rows})
    for number in frame.index:
        inc = _one(log, number)
        assert frame.at[number, "level"] == inc.level  # after every row of the log
        assert frame.at[number, "reopened"] == sum(e.kind == "reopened" for e in inc.events)
        status = inc.status(at)
        for metric, _ in CONTRACT.metrics.items():
            if f"{metric}_state" not in frame.columns:
                continue
            got = frame.at[number, f"{metric}_state"]
            if metric not in status:
                assert got == "not_applicable", (number, metric)
                continue
            want = status[metric]
            assert got == want.state, (number, metric, got, want.state)
            due = frame.at[number, f"{metric}_due"]
            assert (pd.isna(due) and want.due is None) or due == pd.Timestamp(want.due), (number, metric)
            margin = frame.at[number, f"{metric}_margin"]
            if want.state == "pending" or want.remaining is None:
                assert pd.isna(margin), (number, metric)
            else:
                assert margin.to_pytimedelta() == want.remaining, (number, metric)
            assert frame.at[number, f"{metric}_elapsed"].to_pytimedelta() == want.elapsed, (number, metric)
            assert frame.at[number, f"{metric}_paused"].to_pytimedelta() == want.paused, (number, metric)
            used = frame.at[number, f"{metric}_used"]
            assert (np.isnan(used) and want.used is None) or used == pytest.approx(want.used), (
                number,
                metric,
            )


LOG = pd.DataFrame(
    {
        "number": ["A", "A", "A", "A", "B", "B", "B", "B", "B"],
        "sys_updated_at": [
            "2026-03-02T10:00", "2026-03-02T10:20", "2026-03-02T11:00", "2026-03-02T15:00",
            "2026-03-05T10:00", "2026-03-05T10:05", "2026-03-06T11:00", "2026-03-09T10:00", "2026-03-12T10:00",
        ],
        "incident_state": ["New", "Active", "Awaiting User Info", "Resolved",
                           "New", "Active", "Resolved", "Active", "Resolved"],
        "priority": ["1 - Critical"] * 4 + ["3 - Moderate"] * 5,
    }
)  # fmt: skip
KW = {"ticket": "number", "time": "sys_updated_at", "status": "incident_state", "level": "priority"}


def test_two_tickets_by_hand() -> None:
    # A, P1, reported Mon 2 Mar 10:00, taken up 10:20 (response due 10:30: met, 10 min to spare),
    # waiting for the user 11:00-15:00 (4 h on every calendar here), resolved 15:00.
    # Resolution, 1 working day on 08:30-17:30: unpaused Tue 17:30; budget 7 h 30 + 9 h = 16 h 30,
    # spent around the pause: Mon 1 h + 2 h 30, Tue 9 h, Wed 4 h → Wed 4 Mar 12:30; used 10:00-11:00
    # = 1 h, so 15 h 30 to spare. The report (48 h from the resolution: Wed 15:00) never came.
    # B, P3: resolved Fri 11:00, reopened Mon 10:00 (resume): due Wed 11 Mar 16:30 (docs/sla.md),
    # resolved Thu 12 Mar 10:00: 2 h 30 late.
    f = CONTRACT.replay(LOG, **KW, at="2026-03-20T00:00")
    a, b = f.loc["A"], f.loc["B"]
    assert (a["response_state"], a["response_margin"]) == ("met", pd.Timedelta(minutes=10))
    assert a["resolution_due"] == pd.Timestamp("2026-03-04T12:30", tz=TZ)
    assert a["resolution_margin"] == pd.Timedelta(hours=15, minutes=30)
    assert (a["report_due"], a["report_state"]) == (pd.Timestamp("2026-03-04T15:00", tz=TZ), "breached")
    assert a["paused"] == pd.Timedelta(hours=4)
    assert (b["reopened"], b["cycles"]) == (1, 2)
    assert b["resolution_due"] == pd.Timestamp("2026-03-11T16:30", tz=TZ)
    assert (b["resolution_state"], b["resolution_margin"]) == ("breached", -pd.Timedelta(hours=2, minutes=30))


def test_polars_and_time_formats() -> None:
    pl = pytest.importorskip("polars")
    text = LOG.assign(
        sys_updated_at=pd.to_datetime(LOG["sys_updated_at"]).dt.strftime("%d/%m/%Y %H:%M").str.lstrip("0")
    )
    assert text["sys_updated_at"].iloc[0] == "2/03/2026 10:00"
    want = CONTRACT.replay(LOG, **KW, at="2026-03-20T00:00")
    got = CONTRACT.replay(text, **KW, at="2026-03-20T00:00", time_format="%d/%m/%Y %H:%M")
    pd.testing.assert_frame_equal(got, want)
    out = CONTRACT.replay(pl.from_pandas(LOG), **KW, at="2026-03-20T00:00")
    assert isinstance(out, pl.DataFrame)
    assert out["resolution_state"].to_list() == ["met", "breached"]


def test_iso_text_with_offsets_reads_as_the_same_instants() -> None:
    """The same log with its times as ISO text in other offsets (Z, +05:30, with and without
    seconds and fractions) replays to the same table; an impossible date is a named row."""
    shown = pd.to_datetime(LOG["sys_updated_at"]).dt.tz_localize(TZ)
    layouts = [
        lambda t: t.tz_convert("UTC").strftime("%Y-%m-%dT%H:%MZ"),
        lambda t: t.tz_convert("Asia/Kolkata").strftime("%Y-%m-%d %H:%M:%S.000000+05:30"),
        lambda t: t.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
    ]
    text = LOG.assign(sys_updated_at=[layouts[i % 3](t) for i, t in enumerate(shown)])
    assert text["sys_updated_at"].iloc[0] == "2026-03-02T02:00Z"
    assert text["sys_updated_at"].iloc[1] == "2026-03-02 07:50:00.000000+05:30"
    want = CONTRACT.replay(LOG.assign(sys_updated_at=shown), **KW, at="2026-03-20T00:00")
    pd.testing.assert_frame_equal(CONTRACT.replay(text, **KW, at="2026-03-20T00:00"), want)
    text.loc[3, "sys_updated_at"] = "2026-02-30T15:00+08:00"
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(text, **KW, at="2026-03-20T00:00")
    assert [(t, row) for t, row, _ in info.value.entries] == [("A", 3)]
    assert "'2026-02-30T15:00+08:00'" in info.value.entries[0][2]


def test_bad_rows_are_named_all_at_once() -> None:
    log = LOG.copy()
    log.loc[1, "incident_state"] = "Pending"
    log.loc[2, "priority"] = "0 - Apocalyptic"
    log.loc[5, "sys_updated_at"] = "yesterday"
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, at="2026-03-20T00:00")
    entries = {(t, row): m for t, row, m in info.value.entries}
    assert set(entries) == {("A", 1), ("A", 2), ("B", 5)}
    assert entries[("A", 1)].startswith("incident_state: unknown status 'Pending'; the workflow knows 'New'")
    assert "priority: unknown level '0 - Apocalyptic'; the workflow maps '1 - Critical'" in entries[("A", 2)]
    assert entries[("B", 5)] == (
        "sys_updated_at: 'yesterday' is not ISO 8601 text such as '2026-03-02T10:00+08:00'; for another "
        "layout pass time_format= (e.g. '%d/%m/%Y %H:%M')"
    )
    with pytest.raises(
        IncidentError, match=r"time: no column 'sys_updated' in the log \(did you mean 'sys_updated_at'\?\)"
    ):
        CONTRACT.replay(LOG, **{**KW, "time": "sys_updated"}, at="2026-03-20T00:00")
    with pytest.raises(IncidentError, match="pass at="):
        CONTRACT.replay(LOG.iloc[:2], **KW)


def test_a_report_column_after_the_first_update_is_named() -> None:
    log = pd.DataFrame(
        {"number": ["A", "A"], "sys_updated_at": ["2026-03-02T10:00", "2026-03-02T11:00"],
         "incident_state": ["New", "Resolved"], "priority": ["2 - High"] * 2,
         "opened_at": ["2026-03-02T11:30", "2026-03-02T11:30"]}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, reported="opened_at", at="2026-03-03T00:00")
    assert info.value.rows == {"A": "responded_at: before reported_at"}
    with pytest.raises(ServiceLevelError, match=r"^at: '2026-03-03' is not an ISO 8601"):
        CONTRACT.replay(log, **KW, at="2026-03-03")


def test_a_closed_ticket_reopened_against_the_contract() -> None:
    log = pd.DataFrame(
        {"number": ["C"] * 3, "sys_updated_at": ["2026-03-02T10:00", "2026-03-02T11:00", "2026-03-02T12:00"],
         "incident_state": ["New", "Closed", "Active"], "priority": ["2 - High"] * 3}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError, match=r"ticket 'C': reopened at .*reopen_closed = true"):
        CONTRACT.replay(log, **KW, at="2026-03-03T00:00")


def test_duplicate_labels_in_evaluate_are_named() -> None:
    tickets = pd.DataFrame(
        {"level": ["P3", "P3"], "reported_at": ["2026-03-02T10:00", "2026-03-02T11:00"]}, index=["T1", "T1"]
    )
    with pytest.raises(IncidentError, match=r"tickets: the ticket label 'T1' is used 2 times"):
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00")


def test_generated_example_log_replays() -> None:
    log = pd.read_csv(ROOT / "examples" / "servicenow_log.csv")
    frame = CONTRACT.replay(log, **KW, order="sys_mod_count", at="2026-09-30T00:00")
    assert len(frame) == log["number"].nunique()
    assert (frame["reopened"] > 0).any()
    assert np.isin(frame["resolution_state"].astype(str), ["met", "breached", "running", "paused"]).all()


def test_tickets_outside_the_contracts_term() -> None:
    # the contract runs from 2026-01-01: a ticket reported on 30 December 2025 is out of its term,
    # whether it goes through the table (D) or reopens and is folded one by one (E)
    log = pd.DataFrame(
        {"number": ["D", "D", "E", "E", "E", "E"],
         "sys_updated_at": ["2025-12-30T10:00", "2025-12-30T11:00", "2025-12-30T10:00", "2025-12-30T11:00",
                            "2026-01-05T09:00", "2026-01-05T10:00"],
         "incident_state": ["New", "Resolved", "New", "Resolved", "Active", "Resolved"],
         "priority": ["3 - Moderate"] * 6}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, at="2026-02-01T00:00")
    assert set(info.value.rows) == {"D", "E"}  # named together, whichever path reads them
    assert all("outside the contract's term" in m for m in info.value.rows.values())
    with pytest.raises(InvalidRowsError, match=r"ticket 'E': reported_at: .* outside the contract's term"):
        CONTRACT.replay(log[log["number"] == "E"], **KW, at="2026-02-01T00:00")
    frame = CONTRACT.replay(log, **KW, at="2026-02-01T00:00", out_of_term=True)
    assert frame["out_of_term"].tolist() == [True, True]
    assert frame.loc["E", "reopened"] == 1


def test_regions_are_checked_in_every_ticket_and_names_get_a_suggestion() -> None:
    # a P1 ticket in a misspelt 北京 that reopens (folded one by one) and one that does not (the
    # table): both named, neither given the default 24 h on site instead of 北京's 2 h
    log = pd.DataFrame(
        {"number": ["R", "R", "R", "R", "S", "S"],
         "sys_updated_at": ["2026-03-05T10:00", "2026-03-06T10:00", "2026-03-09T10:00", "2026-03-10T10:00",
                            "2026-03-05T10:00", "2026-03-05T11:00"],
         "incident_state": ["New", "Resolved", "Active", "Resolved", "New", "Resolved"],
         "priority": ["1 - Critical"] * 6, "reg": ["北亰"] * 4 + ["上悔"] * 2}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, region="reg", at="2026-03-20T00:00")
    assert set(info.value.rows) == {"R", "S"}
    assert "did you mean '北京'?" in info.value.rows["R"]
    assert "did you mean '上海'?" in info.value.rows["S"]
    assert [(t, row) for t, row, _ in info.value.entries] == [("R", None), ("S", None)] or [
        (t, row) for t, row, _ in info.value.entries
    ] == [("S", None), ("R", None)]
    fixed = CONTRACT.replay(
        log.assign(reg=["北京"] * 4 + ["上海"] * 2), **KW, region="reg", at="2026-03-20T00:00"
    )
    # R in 北京: on site 2 h from Thu 5 Mar 10:00 → 12:00 (7×24), settled by the resolution at 10:00 Fri: late
    assert fixed.loc["R", "on_site_due"] == pd.Timestamp("2026-03-05T12:00", tz=TZ)
    with pytest.raises(
        IncidentError, match=r"status: no column 'State' in the log \(did you mean 'incident_state'\?\)"
    ):
        CONTRACT.replay(log, **{**KW, "status": "State"}, at="2026-03-20T00:00")
    with pytest.raises(
        IncidentError, match=r"ticket: no column 'NUMBER' in the log \(did you mean 'number'\?\)"
    ):
        CONTRACT.replay(log, **{**KW, "ticket": "NUMBER"}, at="2026-03-20T00:00")


_FRAGMENTS = ["2026", "-", "01", "05", "T", " ", "10", ":", "00", "30", ".", "5", "123456", "1234567",
              "+08:00", "-05:30", "Z", "+0800", "+08", ",", "t"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 28), st.integers(0, 2), st.sampled_from(_FRAGMENTS)), max_size=3))
def test_arrow_reads_only_the_iso_layouts_and_the_same_instants(edits: list[tuple[int, int, str]]) -> None:
    """The fast reader of ISO text (pyarrow's parser and a check of the layout on the bytes) takes
    a cell only where the layout `_ISO` + `_OFFSET` describes it, and reads the instant pandas
    reads; any other cell sends the column to the slower readers."""
    import re

    from servicelevel.frames._input import _ISO, _OFFSET, _arrow_utc

    text = list("2026-01-05T10:00:30.123+08:00")
    for where, how, piece in edits:  # delete, insert or replace a fragment
        k = min(where, len(text) - 1)
        if how == 0 and text:
            del text[k]
        elif how == 1:
            text.insert(where, piece)
        elif text:
            text[k] = piece
    cell = "".join(text)
    got = _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", cell], dtype="str"))
    if got is None:
        return
    assert re.fullmatch(_ISO + _OFFSET, cell), cell
    want = pd.to_datetime(cell, format="ISO8601", utc=True).tz_localize(None).to_datetime64()
    assert got[1] == want


def test_arrow_refuses_layouts_the_regex_does_not_describe() -> None:
    """Layouts pyarrow reads but `_ISO` + `_OFFSET` does not describe: hour only, offsets without a
    colon or minutes; text without an offset (arrow would read it as UTC)."""
    from servicelevel.frames._input import _arrow_utc

    for cell in ["2026-01-05T10+08:00", "2026-01-05T10:00+0800", "2026-01-05T10:00+08", "2026-01-05T10:00"]:
        assert _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", cell], dtype="str")) is None, cell
    assert _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", None], dtype="str")) is None  # caller drops gaps
    got = _arrow_utc(pd.Series(["2026-03-02T10:00+08:00", "2026-03-02 02:00:00.5Z"], dtype="str"))
    assert got is not None
    assert got.tolist() == [dt.datetime(2026, 3, 2, 2), dt.datetime(2026, 3, 2, 2, 0, 0, 500_000)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6), st.integers(0, 3)), max_size=40),
    st.sampled_from(["as given", "by ticket", "by time"]),
)
def test_rows_are_ordered_as_a_stable_three_key_sort(rows: list[tuple[int, int, int]], layout: str) -> None:
    """`_order` (a sort by ticket, checked, and the full sort only where needed) orders the rows as
    numpy's stable three-key sort does, for logs grouped by ticket, in time order, or shuffled."""
    from servicelevel.frames._log import _order

    if layout == "by ticket":
        rows = sorted(rows, key=lambda r: r[0])
    elif layout == "by time":
        rows = sorted(rows, key=lambda r: r[1])
    codes = np.array([r[0] for r in rows], dtype=np.intp)
    stamps = np.array([r[1] for r in rows], dtype=np.int64)
    tie = np.array([r[2] for r in rows], dtype=np.int64)
    assert _order(codes, stamps, tie).tolist() == np.lexsort((tie, stamps, codes)).tolist()


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
def test_tickets_past_the_horizon_are_named_whichever_path_judged_them() -> None:
    """Asked in December 2126, an open ticket's margin spans more than 100 years: the one judged off
    the table (F) and the one that reopened and was folded one by one (G) are both named by their
    ticket, and the resolved one (H) alone is answered."""
    log = pd.DataFrame(
        {"number": ["F", "F", "G", "G", "G", "G", "H", "H", "H"],
         "sys_updated_at": ["2026-03-02T10:00", "2026-03-02T10:10", "2026-03-02T10:00", "2026-03-02T11:00",
                            "2026-03-02T12:00", "2026-03-02T12:10", "2026-03-04T10:00", "2026-03-04T10:05",
                            "2026-03-04T12:00"],
         "incident_state": ["New", "Active", "New", "Resolved", "Active", "Active", "New", "Active", "Resolved"],
         "priority": ["3 - Moderate"] * 9}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, at="2126-12-01T10:00")
    assert set(info.value.rows) == {"F", "G"}
    assert all("more than 100 years" in m for m in info.value.rows.values())
    frame = CONTRACT.replay(log[log["number"] == "H"], **KW, at="2126-12-01T10:00")
    assert frame.at["H", "resolution_state"] == "met"


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
def test_every_refused_ticket_is_named_together() -> None:
    """A ticket resolved 101 years after its report (past the horizon), one closed and reopened
    (which the example contract refuses) and one paused for 101 years: one InvalidRowsError
    names all three, in the log's order."""
    log = pd.DataFrame(
        [("A", "2026-03-02T09:00+08:00", "New"), ("A", "2127-03-02T09:00+08:00", "Resolved"),
         ("B", "2026-03-02T09:00+08:00", "New"), ("B", "2026-03-02T10:00+08:00", "Closed"),
         ("B", "2026-03-02T11:00+08:00", "Active"),
         ("C", "2026-03-02T09:00+08:00", "New"), ("C", "2026-03-02T10:00+08:00", "Awaiting User Info")],
        columns=["number", "sys_updated_at", "incident_state"],
    ).assign(priority="3 - Moderate")  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.replay(log, **KW, at="2127-04-01T00:00")
    assert list(info.value.rows) == ["A", "B", "C"]
    assert str(info.value).startswith("3 tickets: tickets cannot be replayed: ticket 'A': ")
    assert "more than 100 years" in info.value.rows["A"]
    assert "does not allow reopening" in info.value.rows["B"]
    assert "more than 100 years" in info.value.rows["C"]
    with pytest.raises(InvalidRowsError, match=r"^1 ticket: tickets cannot be evaluated: ticket 'C': "):
        CONTRACT.replay(log[log["number"] == "C"], **KW, at="2127-04-01T00:00")


@pytest.mark.parametrize(
    "seq",
    [
        [1.0, np.nan, 2.0],
        pd.array([1, None, 2], dtype="Int64"),
        np.array(["a", None, "b"], dtype=object),
        pd.array(["a", None, "b"], dtype="string"),
    ],
)
def test_a_missing_order_value_sorts_last_whatever_the_rows_order(seq: object) -> None:
    """Three updates in the same minute ordered by ``seq``, one without a value: it is taken last
    (New, Active, then Resolved: no reopening), however the log's rows are laid out."""
    log = pd.DataFrame(
        {"number": ["A"] * 3, "sys_updated_at": ["2026-03-02T10:00+08:00"] * 3,
         "incident_state": ["New", "Resolved", "Active"], "priority": ["3 - Moderate"] * 3, "seq": seq}
    )  # fmt: skip
    kw = {**KW, "order": "seq"}
    for rows in ([0, 1, 2], [2, 0, 1], [1, 2, 0]):
        frame = CONTRACT.replay(log.iloc[rows], **kw, at="2026-03-20T00:00")
        assert frame.loc["A", "reopened"] == 0
        assert frame.loc["A", "resolution_state"] == "met"


def test_an_order_column_of_values_that_do_not_compare_is_named() -> None:
    log = pd.DataFrame(
        {"number": ["A"] * 2, "sys_updated_at": ["2026-03-02T10:00+08:00"] * 2,
         "incident_state": ["New", "Active"], "priority": ["3 - Moderate"] * 2,
         "seq": np.array([1, "two"], dtype=object)}
    )  # fmt: skip
    with pytest.raises(
        IncidentError, match=r"^seq: the order column mixes values that do not compare \(int, str\)"
    ):
        CONTRACT.replay(log, **{**KW, "order": "seq"}, at="2026-03-20T00:00")
