"""One rule at the horizon: what `Contract.deadlines` answers, `explain`, the views, `Incident.status`
and `evaluate` can explain, show and judge; what they could not, `deadlines` refuses."""

from __future__ import annotations

import pandas as pd
import pendulum
import pytest

from servicelevel import BusinessCalendar, Contract, FaultLevel, HorizonExceededError, Incident, Target

pytestmark = pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")

SH = "Asia/Shanghai"
CALENDARS = {
    "support": BusinessCalendar.preset("5x8", tz=SH, country="CN"),
    "hotline": BusinessCalendar.preset("7x24", tz=SH),
}
AT = "2026-03-02T10:00"


def _contract(term: str, calendar: str) -> Contract:
    target = Target(within=term, calendar=calendar)
    return Contract(
        id="x", calendars=CALENDARS, levels=[FaultLevel(key="P1", targets={"resolution": target})]
    )


@pytest.mark.parametrize("term", ["36525天", "100年", "1200个月"])
@pytest.mark.parametrize("calendar", ["support", "hotline"])
def test_terms_at_the_limit_are_refused_by_deadlines(term: str, calendar: str) -> None:
    """These were answered (due Mon 2126-03-04 17:00 on 5×8, 36,526 days 7 hours after the report),
    and then explain(), the views, status and evaluate raised HorizonExceededError."""
    contract = _contract(term, calendar)
    with pytest.raises(
        HorizonExceededError, match=r"term: .* counted from 2026-03-0\d falls due .* more than 100 years"
    ):
        contract.deadlines("P1", reported_at=AT)
    with pytest.raises(HorizonExceededError):
        Incident.open(contract, level="P1", reported_at=AT).status(AT)


@pytest.mark.parametrize(
    ("term", "calendar", "due"),
    [
        # 36,523 days from Mon 2026-03-02: Fri 2126-03-01, at close (17:00 on 5×8)
        ("36523天", "support", pendulum.datetime(2126, 3, 1, 17, tz=SH)),
        # 1199 months: Sat 2126-02-02 rolls to Mon 4 February
        ("1199个月", "support", pendulum.datetime(2126, 2, 4, 17, tz=SH)),
        # 99 years: Fri 2125-03-02
        ("99年", "support", pendulum.datetime(2125, 3, 2, 17, tz=SH)),
        # 36,523 days on 7×24: Fri 2126-03-01, to midnight
        ("36523天", "hotline", pendulum.datetime(2126, 3, 2, tz=SH)),
    ],
)
def test_what_deadlines_answers_is_explained_shown_and_judged(
    term: str, calendar: str, due: pendulum.DateTime
) -> None:
    contract = _contract(term, calendar)
    d = contract.deadlines("P1", reported_at=AT)["resolution"]
    assert due == d.due
    explained = d.explain()
    assert explained.windows[-1][1] == due
    assert explained.days[-1].date == due.date() or due.time() == pendulum.time(0)
    assert "data-due" in d._repr_html_()
    incident = Incident.open(contract, level="P1", reported_at=AT)
    assert incident.status(AT)["resolution"].state == "running"
    assert incident.status(due)["resolution"].state == "running"  # [start, due): due is the last instant
    late = due.add(minutes=1)
    assert incident.status(late)["resolution"].state == "breached"
    assert "resolution" in incident.view(at=late)._repr_html_()
    frame = contract.evaluate(pd.DataFrame({"level": ["P1"], "reported_at": [AT]}), at=late)
    assert frame["resolution_due"].iloc[0] == due
    assert frame["resolution_state"].iloc[0] == "breached"
