"""What people look at: HTML/SVG views for notebooks and rich grids for terminals.

The model classes delegate their ``_repr_html_`` here in one line; nothing here
is imported until a view is drawn. Every view is a self-contained fragment (no
JavaScript), reads in light and dark themes, and labels everything in text.

`html` is the one place that knows which function draws which value; the view
classes' own ``_repr_html_`` (the `Notebook` mixin the model uses too) asks it. The drawing
lives by subject: ``_deadline`` (a deadline's timeline and explanation),
``_incident`` (`IncidentView`), ``_compliance`` (`ComplianceChart`),
``_month`` (`MonthView`, a calendar's summary), ``_values`` (contracts,
decisions, letters, any other value); they share the time axis, ticks,
hatching, legends and label placement of ``_svg`` and the page, escaping and
formats of ``_html``.
"""

from __future__ import annotations

from typing import Any

from servicelevel.views._compliance import ComplianceChart, chart_html
from servicelevel.views._deadline import deadline_html, deadline_svg, explanation_html
from servicelevel.views._incident import IncidentView, incident_html
from servicelevel.views._month import MonthView, calendar_html, month_html
from servicelevel.views._report import report_html, report_page
from servicelevel.views._values import (
    commitments_html,
    comparison_html,
    contract_html,
    decision_html,
    value_html,
)

__all__ = ["ComplianceChart", "IncidentView", "MonthView", "deadline_svg", "html", "report_page"]


def html(value: Any) -> str:
    """The HTML view of any public servicelevel value (what its ``_repr_html_`` returns)."""
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.letters import Commitments, Comparison
    from servicelevel.sla import Contract, Deadline, Explanation, Incident, Report
    from servicelevel.views._html import fragment
    from servicelevel.warranty import Decision

    if isinstance(value, MonthView):
        return month_html(value)
    if isinstance(value, IncidentView):
        return incident_html(value)
    if isinstance(value, ComplianceChart):
        return chart_html(value)
    if isinstance(value, BusinessCalendar):
        return calendar_html(value)
    if isinstance(value, Deadline):
        return deadline_html(value)
    if isinstance(value, Explanation):
        return fragment(deadline_svg(value), explanation_html(value), label=f"{value.metric}: {value.term}")
    if isinstance(value, Contract):
        return contract_html(value)
    if isinstance(value, Report):
        return report_html(value)
    if isinstance(value, Decision):
        return decision_html(value)
    if isinstance(value, Commitments):
        return commitments_html(value)
    if isinstance(value, Comparison):
        return comparison_html(value)
    if isinstance(value, Incident):
        # as of its last event: nothing reads the clock; incident.view(at) for another instant
        last = value.events[-1].at if value.events else value.reported_at
        return incident_html(IncidentView(value, last))
    return value_html(value)
