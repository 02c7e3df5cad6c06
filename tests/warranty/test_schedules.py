"""Service schedules (warranty/_schedules.py, domain.md §6): phases, rolls to working days, visits
per period, and a lazy walk that stays bounded over a century.

China's 2026 schedule (the published notice, as the holidays package has it): Spring Festival
15-23 February off; Qingming 4-6 April off; Labour Day 1-5 May off.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import ContractError
from servicelevel.warranty import Schedule, WarrantyError
from tests.conftest import CN_5X8, CONTRACT, PLAIN_5X8


class TestBiweeklyThenMonthly:
    """Every 2 weeks for the first 3 months from Mon 2026-01-05, then monthly, rolled to working days."""

    S = Schedule(
        name="inspection",
        starts="2026-01-05",
        phases=[{"every": "2周", "for": "3个月"}, {"every": "1个月"}],
        roll="next_working_day",
        calendar=CN_5X8,
    )

    def test_across_the_spring_festival(self) -> None:
        """Biweekly visits roll past the festival, and the monthly phase counts from the phase's end."""
        # Phase 1 (to 2026-04-05): 5 Jan + 14 k = 19 Jan, 2 Feb, 16 Feb (festival → Tue 24 Feb), 2 Mar,
        # 16 Mar, 30 Mar; 13 Apr is past the phase. Phase 2 counts from 5 Apr: 5 May (Labour Day → Wed
        # 6 May), 5 Jun. The phase boundary itself (Sun 5 Apr) is not an occurrence and is not rolled.
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
        """A monthly schedule from the 31st falls on the last day of shorter months."""
        # Monthly from 31 January: the month's last day when it has no 31st (28 Feb, 30 Apr), else the 31st.
        s = Schedule(name="m", starts="2026-01-31", phases=[{"every": "1个月"}])
        assert [d.isoformat() for d in s.occurrences("2026-02-01", "2026-05-31")] == [
            "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31",
        ]  # fmt: skip


class TestTimesPerPeriod:
    def test_three_times_a_quarter(self) -> None:
        """Three visits a quarter fall at thirds of each quarter's days."""
        # From 2026-01-01, quarters of 90 days (1 Jan - 1 Apr): visits at +30, +60, +90 days:
        # 31 Jan, 2 Mar, 1 Apr; the next quarter (1 Apr - 1 Jul, 91 days) at +30, +61, +91: 1 May, 1 Jun, 1
        # Jul.
        s = Schedule(name="visit", starts="2026-01-01", phases=[{"every": "3个月", "times": 3}])
        assert [d.isoformat() for d in s.occurrences("2026-01-01", "2026-07-01")] == [
            "2026-01-31", "2026-03-02", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01",
        ]  # fmt: skip

    def test_twice_a_month(self) -> None:
        """Two visits a month fall at halves of each month, rounded half to even."""
        # January has 31 days: +15.5 rounds to 16 (half to even) → 17 Jan, then 1 Feb; February: 15 Feb, 1
        # Mar.
        s = Schedule(name="visit", starts="2026-01-01", phases=[{"every": "1个月", "times": 2}])
        assert [d.isoformat() for d in s.occurrences("2026-01-01", "2026-03-01")] == [
            "2026-01-17", "2026-02-01", "2026-02-15", "2026-03-01",
        ]  # fmt: skip

    def test_a_window_ending_early_in_a_long_period(self) -> None:
        """A window ending early in a long period still gets that period's visits."""
        # The first quarter (1 Jan - 1 Apr, 90 days) has a visit at +30 days, 31 Jan. A window ending
        # 15 Feb used to miss it: periods ending more than 31 days after the window were not visited.
        s = Schedule(name="visit", starts="2026-01-01", phases=[{"every": "3个月", "times": 3}])
        assert [d.isoformat() for d in s.occurrences("2026-01-01", "2026-02-15")] == ["2026-01-31"]

    def test_times_must_be_whole(self) -> None:
        """The number of visits must be whole."""
        with pytest.raises(WarrantyError, match=r"^times: expected a whole number of visits"):
            Schedule(name="s", starts="2026-01-05", phases=[{"every": "1个月", "times": 2.5}])


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
            (
                {"phases": [{"every": "1个月"}], "roll": "sideways", "calendar": CN_5X8},
                r"^roll: expected 'none'",
            ),
        ],
    )
    def test_message(self, kwargs: dict[str, object], message: str) -> None:
        """Each malformed schedule is refused with the field named."""
        with pytest.raises(WarrantyError, match=message):
            Schedule(name="s", starts="2026-01-05", **kwargs)  # type: ignore[arg-type]

    def test_start_from_an_event(self) -> None:
        """A schedule starting from an event needs the event's date before it has occurrences."""
        s = Schedule(name="s", starts="acceptance", phases=[{"every": "1个月"}])
        with pytest.raises(WarrantyError, match="'acceptance', whose date is not known yet"):
            s.occurrences("2026-01-01", "2026-12-31")
        assert s.with_event("acceptance", "2026-01-05").occurrences("2026-02-01", "2026-02-28") == [
            dt.date(2026, 2, 5)
        ]


class TestContract:
    def test_example_contract(self) -> None:
        """The example contract's inspection schedule rolls past the festival, and an unknown schedule is named."""
        c = CONTRACT
        assert c.schedule("inspection").occurrences("2026-02-10", "2026-02-28") == [dt.date(2026, 2, 24)]
        with pytest.raises(
            ContractError,
            match="unknown schedule 'audit'; the contract defines inspection, site-visit, call-back",
        ):
            c.schedule("audit")


def _every_period(s: Schedule, start: dt.date, until: dt.date) -> list[dt.date]:
    """The rule of the module docstring, straight: every period of every phase from the schedule's
    start, every visit rolled on its own, then the window (the oracle for the lazy walk)."""
    from servicelevel.terms import Days

    def shift(day: dt.date, term: object, k: int) -> dt.date:
        if isinstance(term, Days):
            return day + dt.timedelta(days=term.n * k)
        months = term.n * (12 if type(term).__name__ == "Years" else 1) * k  # type: ignore[attr-defined]
        year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
        following = dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)
        return dt.date(year, month0 + 1, min(day.day, (following - dt.timedelta(days=1)).day))

    out: set[dt.date] = set()
    phase_start = s.start_day
    for phase in s.phases:
        end = shift(phase_start, phase.for_, 1) if phase.for_ is not None else None
        k = 1
        while end is None or shift(phase_start, phase.every, k) <= end:
            a, b = shift(phase_start, phase.every, k - 1), shift(phase_start, phase.every, k)
            if a > until + dt.timedelta(days=60):  # no roll on CN reaches back this far
                break
            for j in range(1, phase.times + 1):
                day = a + dt.timedelta(days=round(j * (b - a).days / phase.times))
                if s.roll != "none" and s.calendar is not None and not s.calendar.is_working_day(day):
                    day = s.calendar.add_working_days(day, 1 if s.roll == "next_working_day" else -1)
                if start <= day <= until:
                    out.add(day)
            k += 1
        if end is None:
            break
        phase_start = end
    return sorted(out)


class TestLazyAndBounded:
    """`{ every = "1天", times = 366 }` over 100 years took 21 s and 565 MB: every visit of every
    period since the start was made and kept. Only the periods that reach the window are visited now."""

    @pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
    @settings(max_examples=120, deadline=None)
    @given(
        start=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
        phases=st.lists(
            st.tuples(
                st.sampled_from(["1天", "3天", "2周", "1个月", "2个月", "1年"]),
                st.sampled_from(["10天", "2个月", "1年"]),
                st.integers(1, 40),
            ),
            min_size=1,
            max_size=3,
        ),
        open_end=st.booleans(),
        roll=st.sampled_from(["none", "next_working_day", "previous_working_day"]),
        offset=st.integers(-60, 900),
        days=st.integers(0, 400),
    )
    def test_same_days_as_every_period_from_the_start(
        self,
        start: dt.date,
        phases: list[tuple[str, str, int]],
        open_end: bool,
        roll: str,
        offset: int,
        days: int,
    ) -> None:
        """Any schedule's occurrences in a window equal those of every period from the start."""
        spec: list[dict[str, object]] = [{"every": e, "for": f, "times": t} for e, f, t in phases]
        if open_end:
            spec[-1].pop("for")
        s = Schedule(name="s", starts=start, phases=spec, roll=roll, calendar=CN_5X8)  # type: ignore[arg-type]
        a = start + dt.timedelta(days=offset)
        b = a + dt.timedelta(days=days)
        assert _every_period(s, a, b) == s.occurrences(a, b)

    def test_more_than_daily_for_a_hundred_years(self) -> None:
        """A century of 366 visits a day is every day, in under 30 MB (the time was 21 s with 565 MB:
        the memory bound catches that regression without timing a unit test on a shared machine)."""
        # By hand: periods of one day with 366 visits: the visits of [d, d+1] fall on d + round(j/366),
        # that is d (j = 1..183) and d + 1: every day from the start to the last day asked for.
        import tracemalloc

        s = Schedule(name="s", starts="2026-01-01", phases=[{"every": "1天", "times": 366}])
        tracemalloc.start()
        got = s.occurrences("2026-01-01", "2125-12-31")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(got) == (dt.date(2125, 12, 31) - dt.date(2026, 1, 1)).days + 1 == 36_524
        assert got[0] == dt.date(2026, 1, 1)
        assert got[-1] == dt.date(2125, 12, 31)
        assert peak < 30_000_000, peak  # was 565 MB

    def test_a_late_window_visits_only_its_own_periods(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A window a century on rolls only its own days, not the 36,000 before it."""
        # December 2125 of a daily schedule from 2026: 31 days, rolled (5×8 CN) to 21 working days,
        # each rolled once or twice — not the 36,000 days before it.
        s = Schedule(
            name="s",
            starts="2026-01-01",
            phases=[{"every": "1天"}],
            roll="next_working_day",
            calendar=PLAIN_5X8,
        )
        rolled: list[dt.date] = []
        original = Schedule._roll

        def counting(self: Schedule, day: dt.date) -> dt.date:
            rolled.append(day)
            return original(self, day)

        monkeypatch.setattr(Schedule, "_roll", counting)
        got = s.occurrences("2125-12-01", "2125-12-31")
        # December 2125 runs Sat 1st to Mon 31st: 21 weekdays (PLAIN has no holidays); each weekend
        # day rolls to the Monday after it, inside the month; Fri 30 Nov is a working day, so nothing
        # before the 1st rolls in
        assert len(got) == 21
        assert got[0] == dt.date(2125, 12, 3)
        assert got[-1] == dt.date(2125, 12, 31)
        assert len(rolled) <= 40

    def test_lazily(self) -> None:
        """The first day of a century comes without the rest; a bad window is refused before the first."""
        s = Schedule(name="s", starts="2026-01-01", phases=[{"every": "1天", "times": 366}])
        days = s.iter_occurrences("2026-01-01", "2125-12-31")
        assert next(days) == dt.date(2026, 1, 1)
        with pytest.raises(WarrantyError, match="more than 100 years after the schedule starts"):
            s.iter_occurrences("2026-01-01", "2127-01-01")
