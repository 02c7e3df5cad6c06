"""Tables in: instant columns (the fast readers: tests/frames/test_times.py), the long tables of
pauses and reclassifications, bad rows named together, polars in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from servicelevel import (
    Incident,
    IncidentError,
    InvalidRowsError,
    NaiveDatetimeError,
    load_contract,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
TZ = "Asia/Shanghai"


def test_bad_rows_are_reported_together_with_their_labels() -> None:
    """Unknown or missing levels, unreadable instants and events before the report are named together."""
    tickets = pd.DataFrame(
        {
            "level": ["P1", "P9", None, "P2", "P2"],
            "reported_at": [
                "2026-03-02T10:00",
                "2026-03-02T10:00",
                "2026-03-02T10:00",
                "next week",
                "2026-03-02T10:00",
            ],
            "responded_at": [None, None, None, None, "2026-03-01T10:00"],
        },
        index=[10, 11, 12, 13, 14],
    )
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00")
    assert set(info.value.rows) == {11, 12, 13, 14}
    assert "unknown level 'P9'" in info.value.rows[11]
    assert "missing" in info.value.rows[12]
    assert "reported_at: 'next week' is not an ISO 8601" in info.value.rows[13]
    assert "before reported_at" in info.value.rows[14]
    assert str(info.value).startswith("4 ticket rows cannot be evaluated: row 11:")
    assert isinstance(info.value, ValueError)


def test_open_metrics_need_at_and_naive_columns_are_refused() -> None:
    """Clocks still running need ``at``; naive datetime columns are refused, naming the fix."""
    tickets = pd.DataFrame({"level": ["P3"], "reported_at": ["2026-03-02T10:00"]})
    with pytest.raises(IncidentError, match="pass at="):
        CONTRACT.evaluate(tickets)
    naive = pd.DataFrame({"level": ["P3"], "reported_at": pd.to_datetime(["2026-03-02T10:00"])})
    with pytest.raises(NaiveDatetimeError, match="tz_localize"):
        CONTRACT.evaluate(naive, at="2026-03-03T00:00")


def test_one_pause_at_a_time() -> None:
    """A pause that starts inside another pause of its ticket is refused, as `Incident` refuses it."""
    # a second pause inside a pause is refused, as Incident refuses it
    tickets = pd.DataFrame({"level": ["P3"], "reported_at": ["2026-03-02T10:00"]})
    pauses = pd.DataFrame(
        {
            "ticket": [0, 0],
            "start": ["2026-03-02T11:00", "2026-03-02T11:30"],
            "end": ["2026-03-02T12:00", None],
        },
        index=["p1", "p2"],
    )
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00", pauses=pauses)
    assert info.value.rows == {
        "p2": "start: the pause overlaps the pause of pause row 'p1'; one pause at a time"
    }
    with pytest.raises(IncidentError, match="already paused"):
        Incident.open(CONTRACT, level="P3", reported_at="2026-03-02T10:00").paused("2026-03-02T11:00").paused(
            "2026-03-02T11:30"
        )


def test_an_open_pause_is_paused_at_the_instant_asked() -> None:
    """An open pause leaves a ticket paused at ``at``, its due moved; the resolution ends it."""
    # P3 resolution: 3 working days on support from Mon 2 Mar 10:00 → Thu 5 Mar 17:30 unpaused.
    # Paused from Tue 3 Mar 08:30, still open at Wed 4 Mar 12:00: state paused.
    tickets = pd.DataFrame(
        {"level": ["P3"], "reported_at": ["2026-03-02T10:00"], "responded_at": ["2026-03-02T10:05"]}
    )
    pauses = pd.DataFrame({"ticket": [0], "start": ["2026-03-03T08:30"], "end": [None]})
    frame = CONTRACT.evaluate(tickets, at="2026-03-04T12:00", pauses=pauses)
    assert frame.at[0, "resolution_state"] == "paused"
    # budget: Mon 7 h 30 + Tue 9 h + Wed 9 h + Thu 9 h = 34 h 30 of support time, spent around the
    # pause (Tue 08:30 → Wed 12:00 so far): Mon 7 h 30, Wed 5 h 30, Thu 9 h, Fri 9 h, Mon 9 Mar 3 h 30
    # → Mon 9 Mar 12:00
    assert frame.at[0, "resolution_due"] == pd.Timestamp("2026-03-09T12:00", tz=TZ)
    # resolved Thu 5 Mar 10:00: the resolution ends the open pause, so no at= is needed; the budget
    # ran Mon 7 h 30 before the pause and nothing after it: 7 h 30 used, 27 h left → margin 27 h
    done = CONTRACT.evaluate(tickets.assign(resolved_at=["2026-03-05T10:00"]), pauses=pauses)
    assert done.at[0, "resolution_state"] == "met"
    assert done.at[0, "resolution_margin"] == pd.Timedelta(hours=27)
    with pytest.raises(InvalidRowsError, match="still open; pass at="):
        CONTRACT.evaluate(tickets.assign(responded_at=[None]), pauses=pauses)


def test_reclassifications_as_a_long_table() -> None:
    """Reclassifications as a long table give `Incident`'s dues under both rules; bad rows are named."""
    # P3 reported Mon 2 Mar 10:00, found critical at 10:20, answered 10:40. P1's response is 30
    # minutes on the 7×24 hotline. From the original start (the default rule) it was due 10:30:
    # 10 min late. With reclassify = "restart" the running clock counts afresh from 10:20: due
    # 10:50, 10 min to spare. Incident answers the same.
    from attrs import evolve

    tickets = pd.DataFrame(
        {"level": ["P3"], "reported_at": ["2026-03-02T10:00"], "responded_at": ["2026-03-02T10:40"]},
        index=["T1"],
    )
    changes = pd.DataFrame({"ticket": ["T1"], "at": ["2026-03-02T10:20"], "level": ["P1"]})
    for contract, due, margin in (
        (CONTRACT, "2026-03-02T10:30", -pd.Timedelta(minutes=10)),
        (evolve(CONTRACT, reclassify="restart"), "2026-03-02T10:50", pd.Timedelta(minutes=10)),
    ):
        frame = contract.evaluate(tickets, at="2026-03-02T11:00", reclassifications=changes)
        assert frame.at["T1", "response_due"] == pd.Timestamp(due, tz=TZ)
        assert frame.at["T1", "response_margin"] == margin
        inc = Incident.open(contract, level="P3", reported_at="2026-03-02T10:00")
        inc = inc.reclassified("2026-03-02T10:20", "P1").responded("2026-03-02T10:40")
        status = inc.status(at="2026-03-02T11:00")["response"]
        assert (pd.Timestamp(status.due), status.remaining) == (frame.at["T1", "response_due"], margin)
    # before the reclassification, the P3 targets apply (desk, 7×24 from 1 March: due 10:30)
    early = CONTRACT.evaluate(
        tickets.assign(responded_at=[None]), at="2026-03-02T10:10", reclassifications=changes
    )
    assert early.at["T1", "response_state"] == "running"
    bad = pd.DataFrame(
        {"ticket": ["T1", "T9", "T1"], "at": ["2026-03-02T09:00", "2026-03-02T11:00", "2026-03-02T11:00"],
         "level": ["P1", "P1", "P7"]}
    )  # fmt: skip
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-02T11:00", reclassifications=bad)
    assert info.value.rows == {
        0: "at: the reclassification is before the ticket was reported",
        1: "ticket: 'T9' is not a ticket in the table; expected a value of the ticket column (the tickets' index: 'T1')",
        2: "level: unknown level 'P7'; the contract defines P1, P2, P3",
    }
    same = pd.DataFrame({"ticket": ["T1"], "at": ["2026-03-02T10:20"], "level": ["P3"]})
    with pytest.raises(InvalidRowsError, match="already of level 'P3'"):
        CONTRACT.evaluate(tickets, at="2026-03-02T11:00", reclassifications=same)


def test_polars_frames_in_and_out() -> None:
    """A polars table in gives a polars table out, for `evaluate` and `compliance`."""
    pl = pytest.importorskip("polars")
    tickets = pl.DataFrame(
        {"level": ["P3"], "reported_at": ["2026-03-02T10:00"], "responded_at": ["2026-03-02T10:10"]}
    )
    frame = CONTRACT.evaluate(tickets, at="2026-03-02T11:00")
    assert isinstance(frame, pl.DataFrame)
    assert frame["response_state"].to_list() == ["met"]
    table = CONTRACT.compliance(frame)
    assert isinstance(table, pl.DataFrame)


def test_polars_pauses_name_their_ticket_by_position_or_by_the_ticket_column() -> None:
    """Issue #27: a polars table has no index: its pauses name a ticket by its row position, or by
    its value in the column ``ticket=`` names; a pause naming no ticket says which was expected."""
    pl = pytest.importorskip("polars")
    # P3 resolution, 3 working days on support (08:30-17:30) from Mon 2 Mar 10:00 → Thu 5 Mar 17:30;
    # paused Mon 11:00-12:00 (an hour of support time) → due Thu 5 Mar 17:30 + 1 h → Fri 6 Mar 09:30
    tickets = pl.DataFrame(
        {"id": ["A", "B"], "level": ["P3", "P3"], "reported_at": ["2026-03-02T10:00"] * 2,
         "responded_at": ["2026-03-02T10:05"] * 2}
    )  # fmt: skip
    by_position = pl.DataFrame({"ticket": [1], "start": ["2026-03-02T11:00"], "end": ["2026-03-02T12:00"]})
    frame = CONTRACT.evaluate(tickets, at="2026-03-03T12:00", pauses=by_position)
    assert frame["resolution_paused"].to_list() == [dt.timedelta(0), dt.timedelta(hours=1)]
    # by the id column: the result is a polars table with the id kept as a column
    by_id = pl.DataFrame({"ticket": ["B"], "start": ["2026-03-02T11:00"], "end": ["2026-03-02T12:00"]})
    named = CONTRACT.evaluate(tickets, at="2026-03-03T12:00", pauses=by_id, ticket="id")
    assert named["id"].to_list() == ["A", "B"]
    assert named["resolution_paused"].to_list() == [dt.timedelta(0), dt.timedelta(hours=1)]
    assert named["resolution_due"].to_list() == frame["resolution_due"].to_list()
    # a name where a position was expected, and the other way round: each told what was expected
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-03T12:00", pauses=by_id)
    assert info.value.rows == {
        0: "ticket: 'B' is not a ticket in the table; expected a row position of the tickets, 0 to 1: a "
        "table without an index (a polars table) names its tickets by position, unless "
        "evaluate(ticket='<column>') names the column whose values the pauses use"
    }
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-03T12:00", pauses=by_position, ticket="id")
    assert info.value.rows == {
        0: "ticket: 1 is not a ticket in the table; expected a value of the ticket column 'id' (the "
        "tickets' index: 'A', 'B')"
    }


def test_the_ticket_option_is_checked() -> None:
    """``ticket=`` names a column of the tickets: a misspelt one is refused with a suggestion."""
    from servicelevel import InvalidOptionError, InvalidTableError

    tickets = pd.DataFrame({"id": ["A"], "level": ["P3"], "reported_at": ["2026-03-02T10:00"]})
    with pytest.raises(
        InvalidTableError, match=r"^ticket: no column 'ids' in the tickets \(did you mean 'id'\?\)"
    ):
        CONTRACT.evaluate(tickets, at="2026-03-03T12:00", ticket="ids")
    with pytest.raises(InvalidOptionError, match=r"^ticket: expected the name of the column"):
        CONTRACT.evaluate(tickets, at="2026-03-03T12:00", ticket=3)  # type: ignore[arg-type]
    frame = CONTRACT.evaluate(tickets, at="2026-03-03T12:00", ticket="id")
    assert list(frame.index) == ["A"]  # pandas: the column becomes the index


def test_a_numpy_label_in_a_message_reads_as_the_number() -> None:
    """Issue #27 §4: a pause table indexed by numpy integers names pause row 5, not np.int64(5)."""
    import numpy as np

    from servicelevel import InvalidRowsError

    pauses = pd.DataFrame(
        {"ticket": np.array([0, 0]), "start": ["2026-03-02T10:00", "2026-03-02T10:10"],
         "end": ["2026-03-02T11:00", "2026-03-02T11:10"]},
        index=pd.Index(np.array([5, 7])),
    )  # fmt: skip
    tickets = pd.DataFrame({"level": ["P1"], "reported_at": ["2026-03-02T09:00"]})
    with pytest.raises(InvalidRowsError, match=r"overlaps the pause of pause row 5; one pause at a time"):
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00", pauses=pauses)
