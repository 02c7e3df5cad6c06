"""An audit log checked, sorted and read: bad rows named together, time layouts, the order
column and the sort."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import IncidentError, InvalidRowsError, ServiceLevelError, load_contract
from tests.frames.logs import KW, LOG

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
TZ = "Asia/Shanghai"


def test_bad_rows_are_named_all_at_once() -> None:
    """Unknown statuses and levels and unreadable times are named together; so is a misspelt column."""
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
    # issue #27: open tickets without at= are bad rows, every one named in one InvalidRowsError
    with pytest.raises(InvalidRowsError, match="still 'Active' at the ticket's last row; pass at="):
        CONTRACT.replay(LOG.iloc[:2], **KW)


def test_polars_and_time_formats() -> None:
    """Times in a ``time_format`` layout replay as ISO text does; a polars log gives a polars table."""
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


def test_a_report_column_after_the_first_update_is_named() -> None:
    """A report column later than the ticket's response is named, as is an unreadable ``at``."""
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
    """An order column mixing numbers and text is refused, naming the types."""
    log = pd.DataFrame(
        {"number": ["A"] * 2, "sys_updated_at": ["2026-03-02T10:00+08:00"] * 2,
         "incident_state": ["New", "Active"], "priority": ["3 - Moderate"] * 2,
         "seq": np.array([1, "two"], dtype=object)}
    )  # fmt: skip
    with pytest.raises(
        IncidentError, match=r"^seq: the order column mixes values that do not compare \(int, str\)"
    ):
        CONTRACT.replay(log, **{**KW, "order": "seq"}, at="2026-03-20T00:00")


def test_a_list_in_a_label_column_is_a_bad_row() -> None:
    """Issue #27 §4: a list in the level column is named as a bad row (it raised a raw TypeError)."""
    import attrs

    from servicelevel import InvalidRowsError, Workflow, load_contract
    from tests.conftest import EXAMPLE_PATH

    contract = attrs.evolve(
        load_contract(EXAMPLE_PATH),
        workflow=Workflow(statuses={"New": "new", "Resolved": "resolved"}, levels={"1 - Critical": "P1"}),
    )
    log = pd.DataFrame({"id": ["T1", "T1"], "at": ["2026-03-02T10:00", "2026-03-02T11:00"],
                        "st": ["New", "Resolved"], "p": [["1 - Critical"], "1 - Critical"]})  # fmt: skip
    with pytest.raises(
        InvalidRowsError, match=r"p: expected text or a number, got list \['1 - Critical'\]"
    ) as info:
        contract.replay(log, ticket="id", time="at", status="st", level="p", at="2026-03-03")
    assert [(t, r) for t, r, _ in info.value.entries] == [("T1", 0)]


def test_every_open_ticket_is_named_when_at_is_missing() -> None:
    """Issue #27: without at=, a paused ticket and a running one are named together, in the log's
    words (its status column and value), by one InvalidRowsError; a resolved one needs no at=."""
    from tests.conftest import RULES_CONTRACT

    log = pd.DataFrame([
        ("A", "2026-03-02T09:00", "New"), ("A", "2026-03-02T09:10", "Waiting"),
        ("B", "2026-03-02T09:00", "New"), ("B", "2026-03-02T09:10", "Active"),
        ("C", "2026-03-02T09:00", "New"), ("C", "2026-03-02T09:10", "Resolved"),
    ], columns=["id", "at", "st"]).assign(p="2")  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        RULES_CONTRACT.replay(log, ticket="id", time="at", status="st", level="p")
    assert [(t, row) for t, row, _ in info.value.entries] == [("A", 1), ("B", 3)]
    assert (
        info.value.entries[0][2]
        == "st: still 'Waiting' at the ticket's last row; pass at= to judge open tickets"
    )
    done = RULES_CONTRACT.replay(log[log["id"] == "C"], ticket="id", time="at", status="st", level="p")
    assert done.loc["C", "resolution_state"] == "met"


class TestClockChanges:
    """Local times at a clock change read by one rule, whether ISO text or a ``time_format``."""

    BERLIN = """
[contract]
id = "berlin"
[calendars.hotline]
coverage = "7x24"
tz = "Europe/Berlin"
[[levels]]
key = "P1"
response = { within = "30 minutes", calendar = "hotline" }
[workflow.statuses]
"New" = "new"
"Active" = "working"
[workflow.levels]
"1" = "P1"
"""
    KW: ClassVar[dict[str, str]] = {"ticket": "t", "time": "time", "status": "s", "level": "p"}

    def test_time_format_reads_a_fold_and_a_gap_as_iso_text_does(self) -> None:
        """A repeated local time is its first occurrence, a skipped one the end of the gap, both ways."""
        from servicelevel import Contract

        contract = Contract.from_toml(self.BERLIN)
        pattern = pd.DataFrame({"t": ["T1", "T1", "T2", "T2"], "s": ["New", "Active"] * 2, "p": ["1"] * 4,
                                "time": ["25/10/2026 02:30", "25/10/2026 02:50",
                                         "29/03/2026 02:30", "29/03/2026 03:20"]})  # fmt: skip
        iso = pattern.assign(
            time=["2026-10-25T02:30", "2026-10-25T02:50", "2026-03-29T02:30", "2026-03-29T03:20"]
        )
        want = contract.replay(iso, **self.KW, at="2026-11-01T00:00")
        got = contract.replay(pattern, **self.KW, at="2026-11-01T00:00", time_format="%d/%m/%Y %H:%M")
        pd.testing.assert_frame_equal(got, want)
        # By hand. T1: Berlin falls back at 03:00 CEST (01:00 UTC) on Sun 25 Oct 2026; 02:30 first
        # occurs at 02:30 CEST = 00:30 UTC, + 30 min = 01:00 UTC = 02:00 CET; the answer at 02:50
        # CEST (00:50 UTC) is in time (the second 02:50, 01:50 UTC, would be late). T2: Berlin
        # springs forward at 02:00 CET (01:00 UTC) on Sun 29 Mar 2026; 02:30 does not exist and
        # reads as the end of the gap, 03:00 CEST, + 30 min = 03:30 CEST; answered 03:20: in time.
        due = got["response_due"].dt.tz_convert("UTC").tolist()
        assert due == [pd.Timestamp("2026-10-25T01:00Z"), pd.Timestamp("2026-03-29T01:30Z")]
        assert got["response_state"].tolist() == ["met", "met"]
