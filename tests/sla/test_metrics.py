"""Metrics (sla/_metrics.py): named clocks a start event starts, stop events stop and cancelling events settle."""

from __future__ import annotations

from servicelevel import Contract, Incident
from tests.conftest import EXAMPLE_TEXT


class TestCustomMetrics:
    def test_custom_metric(self) -> None:
        """A metric defined in the file (call back within a working day of the resolution) is judged like the built-in ones."""
        text = EXAMPLE_TEXT
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

    def test_a_metric_can_say_otherwise(self) -> None:
        """A metric with no cancelling event stays owed after the resolution."""
        text = EXAMPLE_TEXT
        text = text.replace("[[levels]]", '[metrics.on_site]\nstop = "arrived"\ncancel = []\n\n[[levels]]', 1)
        c = Contract.from_toml(text)
        assert c.metric("on_site").cancel == ()
        assert Contract.from_toml(c.to_toml()) == c
        inc = Incident.open(c, level="P1", reported_at="2026-03-02T10:00", region="上海")
        inc = inc.resolved("2026-03-02T15:00")  # the visit is still owed: due Tue 10:00
        assert inc.status(at="2026-03-03T09:00")["on_site"].state == "running"
        assert inc.status(at="2026-03-03T11:00")["on_site"].state == "breached"
