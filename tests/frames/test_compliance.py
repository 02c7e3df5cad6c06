"""`Contract.compliance`: counts and goals by hand, and its edges: grouping by ``level`` itself,
missing group values, bad ``by``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicelevel import ContractError, IncidentError, InvalidOptionError, load_contract
from servicelevel.frames import compliance

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract("examples/contract.toml")

# Five tickets as `evaluate` would return them (only the columns compliance reads): by hand,
# P1: two met, one breached (met_rate 2/3); P2: one met; one ticket without a level, breached.
FRAME = pd.DataFrame(
    {
        "level": ["P1", "P1", "P1", "P2", None],
        "region": ["北京", None, "北京", "上海", "上海"],
        "response_state": pd.Categorical(["met", "met", "breached", "met", "breached"]),
    }
)


def _rows(table: pd.DataFrame, *keys: str) -> dict[tuple[object, ...], list[int]]:
    return {
        tuple(row[k] for k in keys): [row["tickets"], row["met"], row["breached"]]
        for _, row in table.iterrows()
    }


class TestGroupByLevel:
    """Grouping by ``level`` itself, alone or among other columns."""

    def test_by_level_is_the_default_grouping(self) -> None:
        """by=["level"] used to raise pandas' "cannot insert level, already exists"."""
        expected = {("P1",): [3, 2, 1], ("P2",): [1, 1, 0], ("(missing)",): [1, 0, 1]}
        for by in (["level"], "level", (), ["level", "level"]):
            table = CONTRACT.compliance(FRAME, by=by)
            assert list(table.columns[:2]) == ["level", "metric"]
            assert expected == _rows(table, "level")

    def test_level_may_come_first_or_after_other_columns(self) -> None:
        """A column named twice, or level named among others, is grouped by once, in the order given."""
        table = CONTRACT.compliance(FRAME, by=["level", "region", "region"])
        assert list(table.columns[:3]) == ["level", "region", "metric"]
        assert _rows(table, "level", "region")[("P1", "北京")] == [2, 1, 1]


class TestMissingGroups:
    """Tickets whose group value is missing are counted under "(missing)", not dropped."""

    def test_missing_values_are_counted_not_dropped(self) -> None:
        """pd.crosstab drops missing keys: the ticket without a region and the one without a level
        used to vanish from the report."""
        table = CONTRACT.compliance(FRAME, by="region")
        rows = _rows(table, "region", "level")
        assert rows == {
            ("上海", "P2"): [1, 1, 0],
            ("上海", "(missing)"): [1, 0, 1],
            ("北京", "P1"): [2, 1, 1],
            ("(missing)", "P1"): [1, 1, 0],
        }
        assert 5 == table["tickets"].sum()  # every ticket, once
        assert "(missing)" == table["region"].iloc[-1]  # missing groups sort last

    def test_missing_in_numeric_and_categorical_columns(self) -> None:
        """Missing values in numeric and categorical group columns are counted under "(missing)" too."""
        frame = FRAME.assign(
            month=[1.0, float("nan"), 1.0, 2.0, 2.0], region=FRAME["region"].astype("category")
        )
        table = CONTRACT.compliance(frame, by=["month", "region"])
        rows = _rows(table, "month", "region", "level")
        assert rows[("(missing)", "(missing)", "P1")] == [1, 1, 0]
        assert rows[(1.0, "北京", "P1")] == [2, 1, 1]
        assert 5 == table["tickets"].sum()

    def test_without_missing_values_the_group_keeps_its_type(self) -> None:
        """Without missing values, an integer group column stays integer."""
        table = compliance(FRAME.dropna().assign(month=[3, 3, 4]), ["month"])
        assert table["month"].tolist() == [3, 4]
        assert pd.api.types.is_integer_dtype(table["month"])


class TestBadBy:
    """``by`` values that are not columns of the frame are refused by name."""

    @pytest.mark.parametrize("by", [5, None, b"level", [["level"]], [1], {"level": 1}])
    def test_not_column_names(self, by: object) -> None:
        """A number, None, bytes or nested lists raised TypeError from list() or pandas."""
        with pytest.raises(InvalidOptionError, match=r"by: expected (a column name|column names)"):
            CONTRACT.compliance(FRAME, by=by)  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", ["met", "metric", "running"])
    def test_a_column_named_like_the_result_is_refused(self, name: str) -> None:
        """Grouping by a column named like one of the result's own columns is refused."""
        frame = FRAME.assign(**{name: "x"})
        with pytest.raises(IncidentError, match=f"by: a column named '{name}' would be confused"):
            CONTRACT.compliance(frame, by=name)

    def test_unknown_column_is_named(self) -> None:
        """A ``by`` column the frame lacks is named, with the columns it has."""
        with pytest.raises(IncidentError, match="by: no column 'month' in the frame; it has level, region"):
            CONTRACT.compliance(FRAME, by="month")


def test_compliance_counts_by_hand() -> None:
    """Met, breached and open counts and met rates per customer and level, by hand, at two instants."""
    tickets = pd.DataFrame(
        {
            "level": ["P3", "P3", "P3", "P2"],
            "customer": ["a", "a", "b", "a"],
            "reported_at": ["2026-03-02T10:00"] * 4,
            # P3 response: 30 min on the desk calendar (7×24 from 1 March): due 10:30
            "responded_at": ["2026-03-02T10:10", "2026-03-02T10:40", None, "2026-03-02T10:29"],
        }
    )
    frame = CONTRACT.evaluate(tickets, at="2026-03-02T10:20", keep=["customer"])
    assert "customer" not in CONTRACT.evaluate(tickets, at="2026-03-02T10:20").columns  # only if kept
    table = CONTRACT.compliance(frame, by="customer")
    resp = table[table["metric"] == "response"].set_index(["customer", "level"])
    # at 10:20 the 10:40 answer has not happened yet: open; customer b's ticket is open too
    assert resp.loc[("a", "P3"), ["tickets", "met", "breached", "open"]].tolist() == [2, 1, 0, 1]
    assert resp.loc[("a", "P3"), "met_rate"] == 1.0
    assert resp.loc[("b", "P3"), ["met", "open"]].tolist() == [0, 1]
    assert np.isnan(resp.loc[("b", "P3"), "met_rate"])
    later = CONTRACT.compliance(CONTRACT.evaluate(tickets, at="2026-03-02T11:00"))
    p3 = later[(later["metric"] == "response") & (later["level"] == "P3")].iloc[0]
    assert (p3["met"], p3["breached"], p3["met_rate"]) == (1, 2, 1 / 3)


def test_goals_in_the_contract_and_in_compliance() -> None:
    """A target's ``goal`` round-trips through TOML, is set beside the met rate, and is refused outside (0, 1]."""
    # "95 % of P1 faults on site within 2 h" is written `goal = 0.95` on the target
    text = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")
    text = text.replace(
        'response   = { within = "30分钟", calendar = "desk" }\nresolution = { within = "3个工作日"',
        'response   = { within = "30分钟", calendar = "desk", goal = 0.5 }\nresolution = { within = "3个工作日"',
    )
    contract = type(CONTRACT).from_toml(text, base_dir=ROOT / "examples")
    target = contract.level("P3").target("response")
    assert target is not None
    assert target.goal == 0.5
    assert type(CONTRACT).from_toml(contract.to_toml(), base_dir=ROOT / "examples") == contract
    # P3 response 30 min on the desk (7×24 from 1 March): 10:10 met, 10:40 and 10:50 breached → 1/3
    tickets = pd.DataFrame(
        {"level": ["P3"] * 3, "reported_at": ["2026-03-02T10:00"] * 3,
         "responded_at": ["2026-03-02T10:10", "2026-03-02T10:40", "2026-03-02T10:50"]}
    )  # fmt: skip
    table = contract.compliance(contract.evaluate(tickets, at="2026-03-02T11:00"))
    row = table[(table["level"] == "P3") & (table["metric"] == "response")].iloc[0]
    assert (row["met_rate"], row["goal"], bool(row["goal_met"])) == (1 / 3, 0.5, False)
    other = table[(table["level"] == "P3") & (table["metric"] == "resolution")].iloc[0]
    assert np.isnan(other["goal"])
    assert pd.isna(other["goal_met"])
    with pytest.raises(ContractError, match=r"goal: expected .* \(0, 1\] such as 0.95 or a percentage"):
        type(CONTRACT).from_toml(text.replace("goal = 0.5", "goal = 95"), base_dir=ROOT / "examples")
    # issue #27: `goal = "50%"` is read as the charge caps' "2%" are, and is the same contract
    percent = type(CONTRACT).from_toml(text.replace("goal = 0.5", 'goal = "50%"'), base_dir=ROOT / "examples")
    assert percent == contract
    with pytest.raises(ContractError, match=r"goal: expected .* a percentage such as '95%', got 'half'"):
        type(CONTRACT).from_toml(text.replace("goal = 0.5", 'goal = "half"'), base_dir=ROOT / "examples")


def test_a_metric_all_not_applicable_shows_with_no_tickets() -> None:
    """A metric whose every ticket was settled as not_applicable is a row with tickets = 0, not dropped;
    a level without that promise (P3 has no on-site target) still has no row for it."""
    # P1 in 北京: on site due 2 h after the 10:00 report (12:00); both faults were resolved remotely
    # at 11:00, before that due, so the visit was no longer needed: not_applicable for both tickets.
    # The P3 ticket's on_site is not_applicable too, with no due: P3 promises no visit.
    tickets = pd.DataFrame(
        {
            "level": ["P1", "P1", "P3"],
            "region": ["北京", "北京", "北京"],
            "reported_at": ["2026-03-02T10:00"] * 3,
            "responded_at": ["2026-03-02T10:10"] * 3,
            "resolved_at": ["2026-03-02T11:00"] * 3,
        }
    )
    frame = CONTRACT.evaluate(tickets, at="2026-03-02T18:00")
    assert frame["on_site_state"].tolist() == ["not_applicable"] * 3
    table = CONTRACT.compliance(frame).set_index(["level", "metric"])
    assert ("P1", "on_site") in table.index
    assert ("P3", "on_site") not in table.index
    row = table.loc[("P1", "on_site")]
    assert [row["tickets"], row["met"], row["breached"], row["open"], row["pending"]] == [0, 0, 0, 0, 0]
    assert np.isnan(row["met_rate"])
    # the response (10:10, due 10:30) stays counted as before: met for each level's tickets
    assert table.loc[("P1", "response"), ["tickets", "met"]].tolist() == [2, 2]
    assert table.loc[("P3", "response"), ["tickets", "met"]].tolist() == [1, 1]
