"""Incidents as JSON types (io/_json.py): stored between requests, and rebuilt through the same checks."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import Incident, IncidentError
from servicelevel.strategies import contracts, incidents
from tests.conftest import CONTRACT, p1

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestStorage:
    def history(self) -> Incident:
        inc = p1("北京").responded("2026-03-02T10:10").paused("2026-03-02T10:20", reason="等待用户")
        inc = inc.resumed("2026-03-02T11:00").reclassified("2026-03-02T11:30", "P2")
        return inc.resolved("2026-03-02T15:00").reopened("2026-03-03T09:00")

    def test_round_trip(self) -> None:
        """An incident's dict holds JSON types only and rebuilds an equal incident, as does its JSON."""
        inc = self.history()
        data = inc.to_dict()
        assert json.loads(json.dumps(data)) == data  # JSON types only
        assert data["reported_at"] == "2026-03-02T10:00:00+08:00"
        assert data["events"][1] == {
            "kind": "paused",
            "at": "2026-03-02T10:20:00+08:00",
            "detail": "等待用户",
        }
        assert Incident.from_dict(CONTRACT, data) == inc
        assert Incident.from_json(CONTRACT, inc.to_json()) == inc

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d.update(contract="OTHER"), r"contract: the incident is under contract 'OTHER'"),
            (lambda d: d.update(level="P9"), r"level: unknown level 'P9'"),
            (lambda d: d["events"][0].update(kind="teleported"), r"events\[0\]: unknown event kind"),
            (lambda d: d["events"][2].update(at="yesterday"), r"events\[2\]\.at: "),
            (lambda d: d["events"][1].update(at="2026-03-02T09:00+08:00"), r"before the fault was reported"),
            (lambda d: d["events"].append({"kind": "resolved"}), r"events\[6\]\.at: expected text"),
            (lambda d: d.update(colour="red"), r"colour: unknown field"),
            (lambda d: d["events"][3].update(detail="P9"), r"events\[3\]\.detail: unknown level 'P9'"),
            (lambda d: d["events"][0].update(kind="Responded"), r"events\[0\]\.kind: expected an event name"),
        ],
    )
    def test_bad_fields_are_named(self, change: object, message: str) -> None:
        """A stored incident with a bad field is refused, naming the field."""
        assert self.history().events[3].kind == "reclassified"
        data = self.history().to_dict()
        change(data)  # type: ignore[operator]
        with pytest.raises(IncidentError, match=message):
            Incident.from_dict(CONTRACT, data)

    def test_sqlite_one_row_per_event(self) -> None:
        """The docs' recipe stores an incident as one row plus one row per event, and rebuilds it (docs/sla.md)."""
        # The docs' recipe (docs/sla.md, "Storing incidents"): one row per incident, one per event.
        db = sqlite3.connect(":memory:")
        db.execute("create table incident (id text primary key, level text, reported_at text, region text)")
        db.execute("create table event (incident text, kind text, at text, detail text)")
        inc = self.history()
        db.execute(
            "insert into incident values (?, ?, ?, ?)",
            ("T1", inc.level0, inc.reported_at.isoformat(), inc.region),
        )
        db.executemany(
            "insert into event values (?, ?, ?, ?)",
            [("T1", e.kind, e.at.isoformat(), e.detail) for e in reversed(inc.events)],  # any order
        )
        level, reported_at, region = db.execute(
            "select level, reported_at, region from incident where id = 'T1'"
        ).fetchone()
        rows = db.execute("select kind, at, detail from event where incident = 'T1'").fetchall()
        back = Incident.from_events(
            CONTRACT, level=level, reported_at=reported_at, region=region, events=rows
        )
        assert back == inc
        assert back.status(at="2026-03-03T10:00") == inc.status(at="2026-03-03T10:00")

    @PROPS
    @given(st.data())
    def test_storage_round_trip(self, data: st.DataObject) -> None:
        """Any drawn incident round-trips through its dict and its JSON."""
        contract = data.draw(contracts(), label="contract")
        inc = data.draw(incidents(contract), label="incident")
        assert Incident.from_dict(contract, inc.to_dict()) == inc
        assert Incident.from_json(contract, inc.to_json()) == inc
