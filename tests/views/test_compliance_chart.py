"""`ComplianceChart` refuses what is not a compliance table with a ServiceLevelError, at construction."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from servicelevel import IncidentError, InvalidOptionError
from servicelevel.views import ComplianceChart

TABLE = pd.DataFrame(
    {
        "month": ["2026-01", "2026-01", "(missing)"],
        "level": ["P1", "P1", "P2"],
        "metric": ["response", "resolution", "response"],
        "met": [3, 1, 0],
        "breached": [1, 1, 2],
    }
)


@pytest.mark.parametrize("table", [None, [1, 2], {"month": []}, TABLE["met"], "table"])
def test_not_a_table(table: object) -> None:
    """None, a list, a dict or a Series raised AttributeError or KeyError from pandas."""
    with pytest.raises(InvalidOptionError, match=r"table: expected the DataFrame that contract.compliance"):
        ComplianceChart(table)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"by": 3}, InvalidOptionError, "by: expected the column the compliance table is grouped by"),
        (
            {"by": "week"},
            IncidentError,
            "table: no column 'week'; it has month, level, metric, met, breached",
        ),
        ({"metric": 3}, InvalidOptionError, "metric: expected a metric name"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        ComplianceChart(TABLE, **kwargs)


def test_missing_columns_and_bad_counts() -> None:
    with pytest.raises(IncidentError, match="table: no column 'level'"):
        ComplianceChart(TABLE.drop(columns="level"))
    with pytest.raises(IncidentError, match="'met' and 'breached' must be counts"):
        ComplianceChart(TABLE.assign(met=["x", 1, 0]))._repr_html_()
    with pytest.raises(
        IncidentError, match="metric: no rows for 'on_site' in the table; it has resolution, response"
    ):
        ComplianceChart(TABLE, metric="on_site")._repr_html_()


def test_the_missing_group_is_drawn() -> None:
    """By hand: January P1 over both metrics 4 of 6 met; the (missing) month's P2 0 of 2."""
    html = ComplianceChart(TABLE)._repr_html_()
    assert "data-period='2026-01' data-level='P1' data-rate='0.666667'" in html
    assert "data-period='(missing)' data-level='P2' data-rate='0.000000'" in html
