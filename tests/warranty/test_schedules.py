"""Service schedules (domain.md §6) and their iCalendar export.

China's 2026 schedule (the published notice, as the holidays package has it): Spring
Festival 15-23 February off; Qingming 4-6 April off; Labour Day 1-5 May off.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, ContractError, load_contract
from servicelevel.io import dates_to_ics
from servicelevel.warranty import Schedule, WarrantyError

CN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
PLAIN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


class TestBiweeklyThenMonthly:
    """Every 2 weeks for the first 3 months from Mon 2026-01-05, then monthly, rolled to working days."""

    S = Schedule(
        name="inspection",
        starts="2026-01-05",
        phases=[{"every": "2周", "for": "3个月"}, {"every": "1个月"}],
        roll="next_working_day",
        calendar=CN,
    )

    def test_across_the_spring_festival(self) -> None:
        """Phase 1 (to 2026-04-05): 5 Jan + 14 k = 19 Jan, 2 Feb, 16 Feb (festival → Tue 24 Feb), 2 Mar,
        16 Mar, 30 Mar; 13 Apr is past the phase. Phase 2 counts from 5 Apr: 5 May (Labour Day → Wed
        6 May), 5 Jun. The phase boundary itself (Sun 5 Apr) is not an occurrence and is not rolled."""
        got = self.S.occurrences("2026-01-01", "2026-06-30")
        assert [d.isoformat() for d in got] == [
            "2026-01-19", "2026-02-02", "2026-02-24", "2026-03-02", "2026-03-16", "2026-03-30",
            "2026-05-06", "2026-06-05",
        ]  # fmt: skip

    def test_rhythm_does_not_drift(self) -> None:
        """Unrolled, every occurrence keeps its place: monthly on the 5th, whatever the rolls before it."""
        plain = Schedule(
            name="x", starts="2026-01-05", phases=[{"every": "2周", "for": "3个月"}, {"every": "1个月"}]
        )
        later = plain.occurrences("2026-04-06", "2026-12-31")
        assert [d.day for d in later] == [5] * 8

    def test_month_ends(self) -> None:
        """Monthly from 31 January: the month's last day when it has no 31st (28 Feb, 30 Apr), else the 31st."""
        s = Schedule(name="m", starts="2026-01-31", phases=[{"every": "1个月"}])
        assert [d.isoformat() for d in s.occurrences("2026-02-01", "2026-05-31")] == [
            "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31",
        ]  # fmt: skip


class TestErrors:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"phases": []}, r"^phases: give at least one phase"),
            (
                {"phases": [{"every": "1个月"}, {"every": "2周"}]},
                r"^phases\[0\]: only the last phase may run without 'for'",
            ),
            ({"phases": [{"every": "soon"}]}, r"^every: term: cannot read 'soon'"),
            ({"phases": [{"every": "1个月", "often": 2}]}, r"^phases\[0\]: expected"),
            (
                {"phases": [{"every": "1个月"}], "roll": "next_working_day"},
                r"^calendar: rolling to working days needs",
            ),
            ({"phases": [{"every": "1个月"}], "roll": "sideways", "calendar": CN}, r"^roll: expected 'none'"),
        ],
    )
    def test_message(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(WarrantyError, match=message):
            Schedule(name="s", starts="2026-01-05", **kwargs)  # type: ignore[arg-type]

    def test_start_from_an_event(self) -> None:
        s = Schedule(name="s", starts="acceptance", phases=[{"every": "1个月"}])
        with pytest.raises(WarrantyError, match="'acceptance', whose date is not known yet"):
            s.occurrences("2026-01-01", "2026-12-31")
        assert s.with_event("acceptance", "2026-01-05").occurrences("2026-02-01", "2026-02-28") == [
            dt.date(2026, 2, 5)
        ]


class TestContract:
    def test_example_contract(self) -> None:
        c = load_contract(ROOT / "examples" / "contract.toml")
        assert c.schedule("inspection").occurrences("2026-02-10", "2026-02-28") == [dt.date(2026, 2, 24)]
        with pytest.raises(
            ContractError,
            match="unknown schedule 'audit'; the contract defines inspection, site-visit, call-back",
        ):
            c.schedule("audit")


@settings(max_examples=60, deadline=None)
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2080, 1, 1)),
    st.sampled_from(["1周", "2周", "1个月", "3个月", "半年"]),
    st.integers(30, 800),
)
def test_ics_parses_back_to_the_same_dates(start: dt.date, every: str, days: int) -> None:
    from icalendar import Calendar

    s = Schedule(name="visit", starts=start, phases=[{"every": every}])
    dates = s.occurrences(start, start + dt.timedelta(days=days))
    parsed = Calendar.from_ical(dates_to_ics("visit", dates))
    back = [e.decoded("dtstart") for e in parsed.walk("VEVENT")]
    assert back == dates
    assert len({str(e["uid"]) for e in parsed.walk("VEVENT")}) == len(dates)


class TestTimesPerPeriod:
    def test_three_times_a_quarter(self) -> None:
        """From 2026-01-01, quarters of 90 days (1 Jan - 1 Apr): visits at +30, +60, +90 days:
        31 Jan, 2 Mar, 1 Apr; the next quarter (1 Apr - 1 Jul, 91 days) at +30, +61, +91: 1 May, 1 Jun, 1 Jul."""
        s = Schedule(name="visit", starts="2026-01-01", phases=[{"every": "3个月", "times": 3}])
        assert [d.isoformat() for d in s.occurrences("2026-01-01", "2026-07-01")] == [
            "2026-01-31", "2026-03-02", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01",
        ]  # fmt: skip

    def test_twice_a_month(self) -> None:
        """January has 31 days: +15.5 rounds to 16 (half to even) → 17 Jan, then 1 Feb; February: 15 Feb, 1 Mar."""
        s = Schedule(name="visit", starts="2026-01-01", phases=[{"every": "1个月", "times": 2}])
        assert [d.isoformat() for d in s.occurrences("2026-01-01", "2026-03-01")] == [
            "2026-01-17", "2026-02-01", "2026-02-15", "2026-03-01",
        ]  # fmt: skip

    def test_times_must_be_whole(self) -> None:
        with pytest.raises(WarrantyError, match=r"^times: expected a whole number of visits"):
            Schedule(name="s", starts="2026-01-05", phases=[{"every": "1个月", "times": 2.5}])
