"""numpy, pandas and polars are optional: the scalar API never needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_loads_no_column_library() -> None:
    """`import servicelevel` loads none of numpy, pandas and polars."""
    code = "import sys, servicelevel; print([m for m in ('numpy', 'pandas', 'polars') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scalar_api_works_without_numpy_pandas_and_polars() -> None:
    """With numpy, pandas and polars blocked the scalar API works, and `evaluate` says what to install."""
    # the column libraries are optional: blocked, the scalar API still works and tables say what to install
    code = """
import sys
for name in ("numpy", "pandas", "polars"):
    sys.modules[name] = None
import datetime as dt
from servicelevel import BusinessCalendar, load_contract
cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
print(cal.add("2026-02-13T16:00", dt.timedelta(hours=2)).isoformat(), cal.working_days("2026-02-09", "2026-03-02"))
c = load_contract("examples/contract.toml")
print(c.deadlines("P1", reported_at="2026-03-02T10:00")["response"].due.isoformat())
try:
    c.evaluate(object())
except ImportError as e:
    print(e)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    lines = out.splitlines()
    assert (
        lines[0] == "2026-02-14T10:00:00+08:00 11"
    )  # README's make-up Saturday; 11 working days (docstring)
    assert lines[1] == "2026-03-02T10:30:00+08:00"
    assert "pip install 'servicelevel[columns]'" in lines[2]
