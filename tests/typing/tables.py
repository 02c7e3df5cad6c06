"""Checked by ``mypy --strict`` in ``make test`` (not run): the table methods keep the caller's library,
and mypy sees the arguments `Contract` forwards to the table layer (issue #26).

A line ending in ``# type: ignore[...]`` must be rejected: with ``warn_unused_ignores`` an
ignore that mypy does not need is itself an error, so each such line is a test that fails if
the wrong call were accepted.
"""

from __future__ import annotations

from typing import assert_type

import pandas as pd
import polars as pl

from servicelevel import load_contract

contract = load_contract("examples/contract.toml")
frame = pd.DataFrame({"level": ["P1"], "reported_at": ["2026-03-02T10:00"]})
polars_frame = pl.DataFrame({"level": ["P1"], "reported_at": ["2026-03-02T10:00"]})

assert_type(contract.evaluate(frame, at="2026-03-02T12:00"), pd.DataFrame)
assert_type(contract.evaluate(polars_frame, at="2026-03-02T12:00"), pl.DataFrame)
assert_type(contract.compliance(contract.evaluate(frame)), pd.DataFrame)
assert_type(contract.replay(frame, ticket="t", time="at", status="s", level="p"), pd.DataFrame)

# Rejected: a list of rows is no table, a number is no instant, keep names columns, and a
# replay's column names are text.
contract.evaluate([{"level": "P1"}])  # type: ignore[type-var]
contract.evaluate(frame, at=1_700_000_000)  # type: ignore[arg-type]
contract.evaluate(frame, keep=5)  # type: ignore[arg-type]
contract.replay(frame, ticket=0, time="at", status="s", level="p")  # type: ignore[arg-type]
