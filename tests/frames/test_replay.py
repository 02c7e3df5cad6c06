"""`Contract.replay` over a status log equals `Incident.from_log` ticket by ticket; tickets that
cannot be replayed are named together. ``examples/contract.toml`` carries a ServiceNow-style
``[workflow]``."""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import Contract, Incident, IncidentError, InvalidRowsError, load_contract
from tests.frames.logs import KW, LOG
from tests.frames.test_updates import assert_update_row

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
TZ = "Asia/Shanghai"
STATUSES = ["New", "Active", "Awaiting User Info", "Awaiting Vendor", "Resolved", "Closed", "Work notes"]
PRIORITIES = ["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"]
_M = 60_000_000


FIELDS = ["state", "priority", "work_notes", "comments"]
# issue #29 §3: the example's update rows marked by sys_audit's fieldname instead of a status
AUDIT = attrs.evolve(
    CONTRACT,
    workflow=attrs.evolve(CONTRACT.workflow, updates=["work_notes", "comments"], update_column="fieldname"),
)


@st.composite
def ticket_log(draw: st.DrawFn, name: str, column: bool = False) -> list[dict]:
    """One ticket's audit rows: a walk through the statuses (same-minute rows ordered by a counter),
    reopenings, priority changes, pauses left open into the resolution; never past Closed. With
    ``column``, no "Work notes" status but a ``fieldname`` on every row, which may mark any row
    (one that changes the status too) as an update."""
    lo = int(pd.Timestamp("2026-01-05", tz=TZ).value // 1000)
    t = draw(st.integers(lo, lo + 200 * 24 * 60 * _M))
    t -= t % _M  # whole minutes, as exports show them: ties are common
    priority = draw(st.sampled_from(PRIORITIES))
    # 乌鲁木齐: P1's visit on its own calendar, Xinjiang time (issue #29 §1); "" is no region
    region = draw(st.sampled_from(["", "北京", "上海", "乌鲁木齐"]))
    rows = [{"number": name, "time": t, "status": "New", "priority": priority, "count": 0, "region": region}]
    for i in range(draw(st.integers(0, 7))):
        t += draw(st.sampled_from([0, 0, 1, 5, 30, 120, 600, 3000])) * _M
        status = draw(st.sampled_from(STATUSES[:-1] if column else STATUSES))
        if draw(st.integers(0, 5)) == 0:
            priority = draw(st.sampled_from(PRIORITIES))
        rows.append(
            {
                "number": name,
                "time": t,
                "status": status,
                "priority": priority,
                "count": i + 1,
                "region": region,
            }
        )
        if status == "Closed":
            break
    if column:
        for row in rows:
            row["fieldname"] = draw(st.sampled_from(FIELDS))
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    log = pd.DataFrame(rows)
    log["sys_updated_at"] = pd.to_datetime(log.pop("time"), unit="us", utc=True).dt.tz_convert(TZ)
    return log


def _one(log: pd.DataFrame, number: str, contract: Contract = CONTRACT) -> Incident:
    part = log[log["number"] == number].sort_values(["sys_updated_at", "count"], kind="stable")
    cells = zip(part["sys_updated_at"], part["status"], part["priority"], strict=True)
    rows: list[tuple[object, ...]] = [(t.to_pydatetime(), s, p) for t, s, p in cells]
    if "fieldname" in part.columns:  # the workflow's update_column, fourth
        rows = [(*row, f) for row, f in zip(rows, part["fieldname"], strict=True)]
    region = part["region"].iloc[0] if "region" in part.columns else ""
    return Incident.from_log(contract, rows, region=region or None)  # type: ignore[arg-type]


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.booleans().flatmap(lambda column: st.lists(st.integers(0, 10**6), min_size=1, max_size=10, unique=True)
    .flatmap(lambda ids: st.tuples(*[ticket_log(f"INC{i:07d}", column) for i in ids]))), st.integers(0, 260 * 24))  # fmt: skip
def test_replay_equals_incident_from_log(tickets: tuple[list[dict], ...], at_hours: int) -> None:
    """`replay` equals `Incident.from_log` ticket by ticket, whatever the order of the log's rows; the
    update columns equal `Incident.updates`, the update rows statuses or marked by a column."""
    rows = [r for t in tickets for r in t]
    contract = AUDIT if "fieldname" in rows[0] else CONTRACT
    log = _frame(rows).sample(frac=1, random_state=at_hours)  # any row order in the file
    at = (pd.Timestamp("2026-01-05", tz=TZ) + pd.Timedelta(hours=at_hours)).to_pydatetime()
    frame = contract.replay(
        log, ticket="number", time="sys_updated_at", status="status", level="priority", order="count", at=at,
        region="region",
    )  # fmt: skip
    assert sorted(frame.index) == sorted({r["number"] for r in rows})
    for number in frame.index:
        inc = _one(log, number, contract)
        assert frame.at[number, "level"] == inc.level  # after every row of the log
        assert frame.at[number, "reopened"] == sum(e.kind == "reopened" for e in inc.events)
        status = inc.status(at)
        assert_update_row(frame, number, inc.updates(at))  # issue #29 §3: "Work notes" rows (R10)
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
            overdue = frame.at[number, f"{metric}_overdue"].to_pytimedelta()
            assert overdue == want.overdue, (number, metric)
            # issue #27: late by the wall clock exactly where breached, whatever the business margin
            assert (overdue > dt.timedelta(0)) == (want.state == "breached"), (number, metric)
            used = frame.at[number, f"{metric}_used"]
            assert (np.isnan(used) and want.used is None) or used == pytest.approx(want.used), (
                number,
                metric,
            )
        # what the breaches cost, as Incident.penalties counts it (P1's on_site and resolution only)
        owed = {p.metric: p.amount for p in inc.penalties(at)}
        for metric in ("on_site", "resolution"):
            cell = frame.at[number, f"{metric}_penalty"]
            if inc.level_at(at) == "P1":
                assert Decimal(cell) == owed.get(metric, Decimal(0)), (number, metric)
            else:
                assert pd.isna(cell), (number, metric)
                assert metric not in owed, (number, metric)


def test_two_tickets_by_hand() -> None:
    """Two tickets by hand: A paused and resolved in one cycle, B reopened and resolved late."""
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


def test_paused_time_on_the_regions_calendar() -> None:
    """Issue #29 §1: a ticket's paused time is counted on its resolution target's calendar in its
    region. P1 resolution given 乌鲁木齐 its own ``xinjiang`` calendar (08:00-17:00 Asia/Urumqi);
    paused Fri 6 Mar 2026 16:00-18:30 Beijing time, which is 14:00-16:30 in Ürümqi: 2 h 30 min
    paused there; in 上海, on support (08:30-17:30 Beijing), 16:00-17:30: 1 h 30 min."""
    text = (
        (ROOT / "examples" / "contract.toml")
        .read_text(encoding="utf-8")
        .replace(
            'resolution = { within = "1个工作日", calendar = "support",',
            'resolution = { within = "1个工作日", calendar = "support", '
            'regions = { "乌鲁木齐" = { within = "1个工作日", calendar = "xinjiang" } },',
            1,
        )
    )
    contract = CONTRACT.from_toml(text, base_dir=ROOT / "examples")
    rows = [
        ("2026-03-06T15:00", "New"),
        ("2026-03-06T16:00", "Awaiting User Info"),
        ("2026-03-06T18:30", "Active"),
    ]
    log = pd.DataFrame(
        [{"id": f"T-{r}", "at": t, "st": s, "p": "1 - Critical", "where": r} for r in ("乌鲁木齐", "上海")
         for t, s in rows]
    )  # fmt: skip
    f = contract.replay(
        log, ticket="id", time="at", status="st", level="p", region="where", at="2026-03-07T00:00"
    )
    assert f.loc["T-乌鲁木齐", "paused"] == pd.Timedelta(hours=2, minutes=30)
    assert f.loc["T-上海", "paused"] == pd.Timedelta(hours=1, minutes=30)
    # the resolution clock's own paused time agrees: Incident counts it on the same calendars
    assert f.loc["T-乌鲁木齐", "resolution_paused"] == pd.Timedelta(hours=2, minutes=30)
    assert f.loc["T-上海", "resolution_paused"] == pd.Timedelta(hours=1, minutes=30)


def test_generated_example_log_replays() -> None:
    """The example ServiceNow log replays: one row per ticket, some reopened, every resolution judged."""
    log = pd.read_csv(ROOT / "examples" / "servicenow_log.csv")
    frame = CONTRACT.replay(log, **KW, order="sys_mod_count", at="2026-09-30T00:00")
    assert len(frame) == log["number"].nunique()
    assert (frame["reopened"] > 0).any()
    assert np.isin(frame["resolution_state"].astype(str), ["met", "breached", "running", "paused"]).all()


def test_a_closed_ticket_reopened_against_the_contract() -> None:
    """A closed ticket reopened where the contract does not allow it is refused by name."""
    log = pd.DataFrame(
        {"number": ["C"] * 3, "sys_updated_at": ["2026-03-02T10:00", "2026-03-02T11:00", "2026-03-02T12:00"],
         "incident_state": ["New", "Closed", "Active"], "priority": ["2 - High"] * 3}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError, match=r"ticket 'C': reopened at .*reopen_closed = true"):
        CONTRACT.replay(log, **KW, at="2026-03-03T00:00")


def test_tickets_outside_the_contracts_term() -> None:
    """Tickets reported outside the term are named together whichever path reads them; or flagged."""
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
    """Misspelt regions are refused in every ticket with a suggestion; so are misspelt column names."""
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


class TestOptions:
    """replay's keywords are listed once (`ReplayOptions`) and checked, as a signature would be."""

    def test_a_misspelt_keyword_is_named_with_the_one_meant(self) -> None:
        """``tikcet=`` is refused naming ``ticket``, not silently ignored."""
        from servicelevel import InvalidOptionError

        options = {**KW, "tikcet": KW["ticket"]}
        with pytest.raises(
            InvalidOptionError, match=r"^tikcet: replay takes no such keyword \(did you mean 'ticket'\?\)"
        ):
            CONTRACT.replay(LOG, **options)

    def test_a_missing_column_name_is_named(self) -> None:
        """Without ``status=`` replay says which column names it needs."""
        from servicelevel import InvalidOptionError

        options = {k: v for k, v in KW.items() if k != "status"}
        with pytest.raises(InvalidOptionError, match=r"^status: replay needs the log's status column"):
            CONTRACT.replay(LOG, **options)

    def test_the_options_type_lists_what_replay_takes(self) -> None:
        """`ReplayOptions` holds the four required column names and the optional ones."""
        from servicelevel.sla import ReplayOptions

        assert ReplayOptions.__required_keys__ == {"ticket", "time", "status", "level"}
        assert ReplayOptions.__optional_keys__ == {
            "order",
            "reported",
            "region",
            "at",
            "time_format",
            "out_of_term",
        }


def _held_as(log: pd.DataFrame, kind: str) -> object:
    """The log's text columns held as pandas users hold them (issue #30)."""
    text = [c for c in log.columns if log[c].dtype == object]
    # pandas before 2.3 has no NaN-backed str (its astype("str") writes 'None'): objects stand in
    old = "na_value" not in inspect.signature(pd.StringDtype).parameters
    held = {
        "str": object if old else "str",  # pandas 3's default: pyarrow-backed when pyarrow is installed
        "str without pyarrow": object if old else pd.StringDtype("python", na_value=np.nan),
        "string[pyarrow]": pd.StringDtype("pyarrow"),
        "object": object,
        "category": "category",
    }
    if kind == "polars":  # from the text as pandas holds it by default
        return pytest.importorskip("polars").from_pandas(log.astype(dict.fromkeys(text, held["str"])))
    return log.astype(dict.fromkeys(text, held[kind]))


def _outcome(log: object, **options: object) -> object:
    """The replayed table as pandas, or the bad rows it was refused for."""
    try:
        out = CONTRACT.replay(log, **options)  # type: ignore[arg-type]
    except InvalidRowsError as exc:
        return exc.entries
    return out.to_pandas().set_index("number") if not isinstance(out, pd.DataFrame) else out


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True).flatmap(
        lambda ids: st.tuples(*[ticket_log(f"INC{i:07d}") for i in ids])
    ),
    st.sampled_from(["iso", "layout"]),
    st.lists(st.sampled_from(["北京", "上海", "", None]), min_size=1, max_size=4),
    st.sampled_from([None, None, None, "30/2/2026 10:00", "Pending"]),
)
def test_every_string_dtype_replays_alike(
    tickets: tuple[list[dict], ...], times: str, regions: list[str | None], spoil: str | None
) -> None:
    """The same log held as pandas str (with and without pyarrow), string[pyarrow], object,
    category or polars replays to the same table, or is refused for the same rows (issue #30)."""
    rows = [r for t in tickets for r in t]
    log = _frame(rows)
    local = log["sys_updated_at"]
    if times == "iso":
        log["sys_updated_at"] = local.dt.strftime("%Y-%m-%dT%H:%M+08:00").astype(object)
    else:  # ServiceNow's export layout, day and month unpadded
        log["sys_updated_at"] = [f"{t.day}/{t.month}/{t.year} {t:%H:%M}" for t in local]
    log["region"] = [regions[i % len(regions)] for i in range(len(log))]
    if spoil is not None:  # one bad cell: the same row named whatever holds the text
        log.loc[len(log) // 2, "sys_updated_at" if "/" in spoil else "status"] = spoil
    options = {"ticket": "number", "time": "sys_updated_at", "status": "status", "level": "priority",
               "order": "count", "region": "region", "at": "2026-09-30T00:00"}  # fmt: skip
    if times == "layout":
        options["time_format"] = "%d/%m/%Y %H:%M"
    want = _outcome(_held_as(log, "str"), **options)
    for kind in ("str without pyarrow", "string[pyarrow]", "object", "category", "polars"):
        got = _outcome(_held_as(log, kind), **options)
        if isinstance(want, pd.DataFrame):
            assert isinstance(got, pd.DataFrame), kind
            # the labels the same, whatever dtype holds them (object, str; polars' own text)
            assert got.index.tolist() == want.index.tolist(), kind
            if kind == "category":  # the labels as the values they are: no CategoricalIndex
                assert got.index.dtype == want.index.dtype
            if kind == "polars":  # polars' table has no categoricals nor index: compare as it comes back
                want_pl = pytest.importorskip("polars").from_pandas(want.reset_index()).to_pandas()
                pd.testing.assert_frame_equal(got.reset_index(), want_pl, check_index_type=False)
            else:
                pd.testing.assert_frame_equal(got, want, check_index_type=False)
        else:
            assert got == want, kind
