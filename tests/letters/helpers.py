"""Values and readings shared by the tests of the letter reader's modules."""

from __future__ import annotations

import datetime as dt

from servicelevel import read_commitments

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def described(text: str) -> list[str]:
    """The promises read from ``text``, each as `Promise.describe` words it."""
    return [p.describe() for p in read_commitments(text)]


def targets(text: str) -> list[tuple[str | None, object, str | None, str | None]]:
    """The targets read from ``text``, each as (metric, within, level, region)."""
    return [(p.metric, p.within, p.level, p.region) for p in read_commitments(text).of_kind("target")]
