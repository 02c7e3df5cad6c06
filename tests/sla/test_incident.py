"""Incident events: impossible ones are refused with a clear error, and nothing is half-applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Contract, Incident, IncidentError, UnknownLevelError, load_contract
from servicelevel.strategies import contracts, incidents

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
OPEN = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00")


class TestOrder:
    """Refusals of impossible histories: see test_history.py (each names both events)."""

    def test_unknown_level(self) -> None:
        with pytest.raises(UnknownLevelError, match="unknown level 'P9'; the contract defines P1, P2, P3"):
            OPEN.reclassified("2026-03-02T11:00", "P9")
        with pytest.raises(UnknownLevelError):
            Incident.open(CONTRACT, level="P9", reported_at="2026-03-02T10:00")

    def test_at_is_required(self) -> None:
        with pytest.raises(IncidentError, match="nothing reads the clock"):
            OPEN.status(at=None)  # type: ignore[arg-type]

    def test_each_step_returns_a_new_incident(self) -> None:
        a = OPEN.responded("2026-03-02T10:10")
        assert OPEN.events == ()
        assert [e.kind for e in a.events] == ["responded"]

    def test_custom_metric(self) -> None:
        text = (ROOT / "examples" / "contract.toml").read_text(encoding="utf-8")
        text = text.replace(
            '[[levels]]\nkey = "P1"',
            '[metrics.callback]\nstart = "resolved"\nstop = "called_back"\n\n[[levels]]\nkey = "P1"\n'
            'callback = { within = "1 working day", calendar = "support" }',
            1,
        )
        c = Contract.from_toml(text)
        inc = Incident.open(c, level="P1", reported_at="2026-03-02T10:00").resolved("2026-03-02T15:00")
        inc = inc.record("called_back", "2026-03-03T09:00")
        st = inc.status(at="2026-03-03T10:00")["callback"]
        assert st.state == "met"
        assert st.due == c.calendar("support").due("2026-03-02T15:00", "1个工作日")


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    return None if t is None else t.astimezone(dt.UTC)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_properties(data: st.DataObject) -> None:
    """A pause never makes a due instant earlier; met iff the stop event is at or before due;
    status is monotone in ``at`` (a met or breached metric stays so)."""
    contract = data.draw(contracts(), label="contract")
    inc = data.draw(incidents(contract), label="incident")
    last = inc.events[-1].at if inc.events else inc.reported_at
    ats = sorted(data.draw(st.lists(st.integers(0, 20 * 24 * 60), min_size=2, max_size=4), label="minutes"))
    order = {"pending": 0, "running": 1, "paused": 1, "met": 2, "breached": 2, "not_applicable": 2}
    previous: dict[str, str] = {}
    for minutes in ats:
        at = inc.reported_at + dt.timedelta(minutes=minutes)
        status = inc.status(at=at)
        for name, s in status.items():
            metric = contract.metric(name)
            stop = inc.when(metric.stop, at)
            if s.state in ("met", "breached") and stop is not None and s.due is not None:
                assert (s.state == "met") == (_utc(stop) <= _utc(s.due))
            # after the last event the level is fixed: states only move forward from there
            # (a reclassification may legitimately turn a breach under the old targets into running)
            if at < last:
                continue
            if name in previous:
                assert order[s.state] >= order[previous[name]], (name, previous[name], s.state)
            previous[name] = s.state
    # pauses never make a due earlier: the same incident without its pauses
    bare = Incident.from_events(
        contract,
        level=inc.level0,
        reported_at=inc.reported_at,
        region=inc.region,
        events=[e for e in inc.events if e.kind not in ("paused", "resumed")],
    )
    at = last + dt.timedelta(days=1)
    with_pauses, without = inc.deadlines(at=at), bare.deadlines(at=at)
    for name, d in with_pauses.items():
        if d.due is not None and without[name].due is not None:
            assert _utc(d.due) >= _utc(without[name].due)
