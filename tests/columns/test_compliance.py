"""`Contract.compliance` at its edges: grouping by ``level`` itself, missing group values, bad ``by``."""

from __future__ import annotations

import pandas as pd
import pytest

from servicelevel import IncidentError, InvalidOptionError, load_contract
from servicelevel.frames import compliance

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
        frame = FRAME.assign(
            month=[1.0, float("nan"), 1.0, 2.0, 2.0], region=FRAME["region"].astype("category")
        )
        table = CONTRACT.compliance(frame, by=["month", "region"])
        rows = _rows(table, "month", "region", "level")
        assert rows[("(missing)", "(missing)", "P1")] == [1, 1, 0]
        assert rows[(1.0, "北京", "P1")] == [2, 1, 1]
        assert 5 == table["tickets"].sum()

    def test_without_missing_values_the_group_keeps_its_type(self) -> None:
        table = compliance(FRAME.dropna().assign(month=[3, 3, 4]), ["month"])
        assert table["month"].tolist() == [3, 4]
        assert pd.api.types.is_integer_dtype(table["month"])


class TestBadBy:
    @pytest.mark.parametrize("by", [5, None, b"level", [["level"]], [1], {"level": 1}])
    def test_not_column_names(self, by: object) -> None:
        """A number, None, bytes or nested lists raised TypeError from list() or pandas."""
        with pytest.raises(InvalidOptionError, match=r"by: expected (a column name|column names)"):
            CONTRACT.compliance(FRAME, by=by)  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", ["met", "metric", "running"])
    def test_a_column_named_like_the_result_is_refused(self, name: str) -> None:
        frame = FRAME.assign(**{name: "x"})
        with pytest.raises(IncidentError, match=f"by: a column named '{name}' would be confused"):
            CONTRACT.compliance(frame, by=name)

    def test_unknown_column_is_named(self) -> None:
        with pytest.raises(IncidentError, match="by: no column 'month' in the frame; it has level, region"):
            CONTRACT.compliance(FRAME, by="month")
