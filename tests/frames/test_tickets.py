"""A table of tickets checked as `Incident` checks one ticket: event columns, the order of
events, the contract's term; every bad row named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from servicelevel import (
    Incident,
    IncidentError,
    InvalidRowsError,
    load_contract,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")


def test_impossible_event_orders_and_pauses_are_named() -> None:
    """Event orders and pauses `Incident` refuses are refused in the table too, each row named."""
    tickets = pd.DataFrame(
        {
            "level": ["P1", "P1", "P1", "P1"],
            "reported_at": ["2026-03-02T10:00"] * 4,
            "restored_at": ["2026-03-02T12:00", None, "2026-03-02T12:00", "2026-03-02T14:00"],
            "resolved_at": ["2026-03-02T13:00", None, "2026-03-02T13:00", "2026-03-02T13:00"],
            "reported_back_at": ["2026-03-02T11:00", "2026-03-03T11:00", "2026-03-03T11:00", None],
        },
        index=["a", "b", "c", "d"],
    )
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets, at="2026-03-04T00:00")
    needs = "reported_back_at: needs one of restored_at, resolved_at at or before it"
    assert info.value.rows == {
        "a": needs,
        "b": needs,
        "d": "restored_at: after resolved_at; a restoration after the resolution needs a reopening "
        "(Incident.reopened)",
    }
    # the same histories, one incident at a time, are refused the same way
    inc = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")
    with pytest.raises(IncidentError, match="needs one of restored, resolved first"):
        inc.restored("2026-03-02T12:00").reported_back("2026-03-02T11:00")
    with pytest.raises(IncidentError, match="a restoration after the resolution needs a reopening"):
        inc.resolved("2026-03-02T13:00").restored("2026-03-02T14:00")
    pauses = pd.DataFrame(
        {
            "ticket": ["c", "c", "x", "c"],
            "start": ["2026-03-02T09:00", "2026-03-02T14:00", "2026-03-02T11:00", "2026-03-02T12:30"],
            "end": ["2026-03-02T10:30", "2026-03-02T15:00", "2026-03-02T12:00", "2026-03-02T13:30"],
        }
    )
    with pytest.raises(InvalidRowsError) as info:
        CONTRACT.evaluate(tickets.loc[["c"]], at="2026-03-04T00:00", pauses=pauses)
    assert info.value.rows == {
        0: "start: the pause starts before the ticket was reported",
        1: "start: the pause starts after the ticket was resolved; nothing is left to pause",
        2: "ticket: 'x' is not a ticket in the table; expected a value of the ticket column (the tickets' "
        "index: 'c')",
        3: "end: the pause ends after the ticket was resolved; the resolution ends a pause",
    }


def test_out_of_term_rows_and_the_flag() -> None:
    """Rows reported outside the contract's term are refused, or flagged with ``out_of_term=True``."""
    tickets = pd.DataFrame(
        {
            "level": ["P3", "P3"],
            "reported_at": ["2025-12-31T23:00", "2026-01-01T00:00"],
            "responded_at": ["2026-01-01T00:10"] * 2,
        }
    )
    with pytest.raises(InvalidRowsError, match="row 0: reported_at: outside the contract's term"):
        CONTRACT.evaluate(tickets)
    frame = CONTRACT.evaluate(tickets, out_of_term=True, at="2026-01-02T00:00")
    assert list(frame["out_of_term"]) == [True, False]


def test_a_misspelt_event_column_is_an_error_and_kept_columns_are_named() -> None:
    """A misspelt event column is an error with a suggestion; ``keep`` keeps and checks the columns named."""
    tickets = pd.DataFrame(
        {
            "level": ["P3"],
            "reported_at": ["2026-03-02T10:00"],
            "resloved_at": ["2026-03-02T12:00"],
            "note": ["x"],
        }
    )
    with pytest.raises(
        IncidentError, match=r"column 'resloved_at' is not an event .*did you mean 'resolved_at'"
    ):
        CONTRACT.evaluate(tickets, at="2026-03-03T00:00")
    ok = tickets.rename(columns={"resloved_at": "resolved_at"})
    assert "note" not in CONTRACT.evaluate(ok, at="2026-03-03T00:00").columns
    assert CONTRACT.evaluate(ok, at="2026-03-03T00:00", keep=["note"])["note"].tolist() == ["x"]
    with pytest.raises(
        IncidentError, match=r"keep: no column 'nte' in the tickets \(did you mean 'note'\?\)"
    ):
        CONTRACT.evaluate(ok, at="2026-03-03T00:00", keep=["nte"])
