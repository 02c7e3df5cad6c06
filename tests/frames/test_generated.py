"""`evaluate` equals `Incident` under drawn contracts that use every clock of issue #29 at once: a
region counted on its own calendar, warnings counted back from the due, an update promise, and an
amendment from a date — so that users' contracts, not only the example's, meet the one-rule
guarantee (both paths through the same functions)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from servicelevel import Incident
from servicelevel.strategies import contracts, incidents
from tests.frames.test_updates import assert_update_row

_KINDS = ("responded", "arrived", "restored", "resolved", "reported_back")


def _ts(t: pendulum.DateTime) -> pd.Timestamp:
    return pd.Timestamp(t.in_timezone("UTC").isoformat())


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # dues reaching 2027
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.data())
def test_evaluate_equals_incident_under_drawn_contracts_with_every_clock(data: st.DataObject) -> None:
    """Per metric due, state, margin and the last warning passed (``*_warned``), and the update
    columns, equal `Incident.status`, `.warnings` and `.updates` for a drawn ticket under a drawn
    contract with region calendars, before-warnings, updates and an amendment."""
    contract = data.draw(
        contracts(region_calendars=True, warnings=True, updates=True, amendments=True), label="contract"
    )
    opened = data.draw(incidents(contract, max_events=0), label="reported")
    t = opened.reported_at
    events: list[tuple[str, pendulum.DateTime]] = []
    for kind in _KINDS:
        minutes = data.draw(st.one_of(st.none(), st.integers(1, 3 * 24 * 60)), label=kind)
        back = kind != "reported_back" or any(k in ("restored", "resolved") for k, _ in events)
        if minutes is not None and back:  # a written report follows a restoration or resolution
            t = t + dt.timedelta(minutes=minutes)
            events.append((kind, t))
    told = sorted(data.draw(st.lists(st.integers(1, 3 * 24 * 60), max_size=3, unique=True), label="updates"))
    updates = [opened.reported_at + dt.timedelta(minutes=m) for m in told]
    inc = Incident.from_events(
        contract, level=opened.level0, reported_at=opened.reported_at, region=opened.region, events=events
    )
    for u in updates:
        inc = inc.updated(u)
    at = inc.reported_at + dt.timedelta(minutes=data.draw(st.integers(0, 4 * 24 * 60), label="at"))

    row = {"level": inc.level0, "region": inc.region, "reported_at": _ts(inc.reported_at)}
    row |= {f"{kind}_at": _ts(when) for kind, when in events}
    table = pd.DataFrame([row], index=["T1"])
    told_table = pd.DataFrame({"ticket": ["T1"] * len(updates), "at": [_ts(u) for u in updates]})
    out = contract.evaluate(table, at=at, updates=told_table)

    warnings = inc.warnings(at)
    # what the draw reached (pytest --hypothesis-show-statistics): each clock is met often enough
    event(
        f"terms: version {contract.versions.index(contract.at(inc.reported_at))} of {len(contract.versions)}"
    )
    targets = contract.level(inc.level0).targets.values()
    event(f"region's own calendar: {any(t.calendar_for(inc.region) != t.calendar for t in targets)}")
    event(f"warned: {any(not w.planned for w in warnings)}")
    event(f"update: {out.at['T1', 'update_state'] if 'update_state' in out.columns else None}")
    for metric, s in inc.status(at).items():
        assert out.at["T1", f"{metric}_state"] == s.state, (metric, inc.region)
        due = out.at["T1", f"{metric}_due"]
        assert (pd.isna(due) and s.due is None) or due == pd.Timestamp(s.due), (metric, inc.region)
        margin = out.at["T1", f"{metric}_margin"]
        assert (pd.isna(margin) and s.remaining is None) or margin == pd.Timedelta(s.remaining), metric
        if f"{metric}_warned" in out.columns:
            passed = [w.label for w in warnings if w.metric == metric and not w.planned]
            warned = out.at["T1", f"{metric}_warned"]
            assert (pd.isna(warned) and not passed) or warned == passed[-1], (metric, passed)
        else:  # no level of the contract warns on it
            assert not [w for w in warnings if w.metric == metric], metric
    if "update_state" in out.columns:
        assert_update_row(out, "T1", inc.updates(at))
    else:
        assert inc.updates(at) is None
