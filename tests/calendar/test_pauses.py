"""Pause arithmetic (src/servicelevel/calendar/_pauses.py): the scalar walk, the column rounds and the
growing line, twins.

Expected values are worked by hand on the CN 5×8 calendar (09:00–17:00 on working days, Asia/
Shanghai); the properties hold the rounds equal to the walk row by row on generated clocks, and
`PauseLine` equal to the walk at every stage of its growth.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, Pauses
from servicelevel.calendar import PauseLine
from servicelevel.errors import InvalidInstantError, MismatchedColumnsError
from tests.conftest import CN_5X8, at
from tests.generators import calendars, durations, instants

CN = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
LUNCH = BusinessCalendar.parse("5x8 08:30-12:00,13:30-17:30", tz="Asia/Shanghai", country="CN")
ALWAYS = BusinessCalendar.preset("7x24", tz="Europe/Berlin")
HOUR = dt.timedelta(hours=1)


def utc(text: str) -> np.datetime64:
    """A local Shanghai wall time as the UTC datetime64 the column methods return."""
    return np.datetime64(
        dt.datetime.fromisoformat(text + "+08:00").astimezone(dt.UTC).replace(tzinfo=None), "us"
    )


class TestByHand:
    """Cases worked on paper; the column route and the scalar route must both give them."""

    def test_a_pause_inside_the_budget_moves_the_due_by_its_open_time(self) -> None:
        """Mon 2 Mar 09:00 + 4 h, paused 10:00–11:00: 1 h before, the pause, 3 h after → 14:00."""
        pause = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert CN.add("2026-03-02T09:00", 4 * HOUR, exclude=pause).hour == 14
        got = CN.add(np.array([utc("2026-03-02T09:00")]), 4 * HOUR, exclude=Pauses.of([pause], CN))
        assert got[0] == utc("2026-03-02T14:00")

    def test_a_pause_over_the_night_costs_only_open_time(self) -> None:
        """Mon 16:00 + 2 h, paused Mon 16:30 – Tue 10:00: 30 min Mon, then 1 h 30 from Tue 10:00 → 11:30."""
        pause = [("2026-03-02T16:30", "2026-03-03T10:00")]
        assert CN.add("2026-03-02T16:00", 2 * HOUR, exclude=pause) == CN.instant("2026-03-03T11:30")
        got = CN.add(np.array([utc("2026-03-02T16:00")]), 2 * HOUR, exclude=Pauses.of([pause], CN))
        assert got[0] == utc("2026-03-03T11:30")

    def test_backward_the_pause_is_skipped_the_other_way(self) -> None:
        """Mon 14:00 − 4 h, paused 10:00–11:00: 3 h back to 11:00, skip the pause, 1 h more → 09:00."""
        pause = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert CN.add("2026-03-02T14:00", -4 * HOUR, exclude=pause).hour == 9
        got = CN.add(np.array([utc("2026-03-02T14:00")]), -4 * HOUR, exclude=Pauses.of([pause], CN))
        assert got[0] == utc("2026-03-02T09:00")

    def test_elapsed_leaves_out_the_open_time_inside_pauses(self) -> None:
        """Mon 09:00 → Tue 12:00 is 8 + 3 = 11 h open; pauses Mon 16:00–Tue 10:00 (1 h + 1 h) → 9 h."""
        pause = [("2026-03-02T16:00", "2026-03-03T10:00")]
        assert CN.elapsed("2026-03-02T09:00", "2026-03-03T12:00", exclude=pause) == 9 * HOUR
        start, end = np.array([utc("2026-03-02T09:00")]), np.array([utc("2026-03-03T12:00")])
        got = CN.elapsed(start, end, exclude=Pauses.of([pause], CN))
        assert got[0] == np.timedelta64(9, "h")

    def test_rows_without_pauses_take_the_plain_route(self) -> None:
        """A row with no pause gets the due without pauses (Mon 09:00 + 4 h → 13:00)."""
        pauses = Pauses.of([[("2026-03-02T10:00", "2026-03-02T11:00")], None, []], CN)
        got = CN.add(np.array([utc("2026-03-02T09:00")] * 3), 4 * HOUR, exclude=pauses)
        assert list(got) == [utc("2026-03-02T14:00"), utc("2026-03-02T13:00"), utc("2026-03-02T13:00")]

    def test_overlapping_pauses_of_a_row_count_once(self) -> None:
        """Pauses 10:00–11:00 and 10:30–11:30 are one pause 10:00–11:30: + 4 h from 09:00 → 14:30."""
        pause = [("2026-03-02T10:30", "2026-03-02T11:30"), ("2026-03-02T10:00", "2026-03-02T11:00")]
        got = CN.add(np.array([utc("2026-03-02T09:00")]), 4 * HOUR, exclude=Pauses.of([pause], CN))
        assert got[0] == utc("2026-03-02T14:30")
        assert CN.add("2026-03-02T09:00", 4 * HOUR, exclude=pause) == CN.instant("2026-03-02T14:30")


class TestPausesValue:
    """Building `Pauses` and handing it to the column methods."""

    def test_from_rounds_equals_of(self) -> None:
        """Rounds of datetime64 columns (NaT: none) say the same as pairs per row."""
        nat = np.datetime64("NaT", "us")
        rounds = Pauses.from_rounds([
            (np.array([utc("2026-03-02T10:00"), nat]), np.array([utc("2026-03-02T11:00"), nat])),
        ])  # fmt: skip
        pairs = Pauses.of([[("2026-03-02T10:00", "2026-03-02T11:00")], []], CN)
        assert rounds.rows() == pairs.rows()
        assert list(rounds.paused_now()) == [True, False]

    def test_a_bad_pair_names_its_row(self) -> None:
        """A pause that ends before it starts is refused, naming the row it came from."""
        with pytest.raises(InvalidInstantError, match=r"^exclude\[1\]: "):
            Pauses.of([[], [("2026-03-02T11:00", "2026-03-02T10:00")]], CN)

    def test_pauses_for_another_length_are_refused(self) -> None:
        """Pauses for two rows with a column of three rows is a MismatchedColumnsError."""
        pauses = Pauses.of([[("2026-03-02T10:00", "2026-03-02T11:00")], []], CN)
        with pytest.raises(MismatchedColumnsError, match="exclude: pauses for 2 rows"):
            CN.add(np.array([utc("2026-03-02T09:00")] * 3), HOUR, exclude=pauses)
        with pytest.raises(MismatchedColumnsError, match=r"rounds\[0\]"):
            Pauses.from_rounds([(np.array([utc("2026-03-02T09:00")]), np.array([]))])


# ---------------------------------------------------------------------------- the twins
BASE = dt.datetime(2026, 2, 9, tzinfo=dt.UTC)  # a week before the Spring Festival: holidays and make-up days
minutes = st.integers(0, 60 * 24 * 40)
pause = st.tuples(minutes, st.integers(0, 60 * 24 * 5))
rows = st.lists(
    st.tuples(minutes, st.integers(-60 * 30, 60 * 30), st.lists(pause, max_size=3)), min_size=1, max_size=12
)


def _at(m: int) -> dt.datetime:
    return BASE + dt.timedelta(minutes=m)


@settings(max_examples=60, deadline=None)
@given(rows=rows, cal=st.sampled_from([CN, LUNCH, ALWAYS]))
def test_the_rounds_equal_the_walk_row_by_row(
    rows: list[tuple[int, int, list[tuple[int, int]]]], cal: BusinessCalendar
) -> None:
    """Column add and elapsed with pauses equal the scalar walk on every row (any sign of budget)."""
    starts = np.array([np.datetime64(_at(m).replace(tzinfo=None), "us") for m, _, _ in rows])
    budgets = np.array([np.timedelta64(d, "m") for _, d, _ in rows])
    spans = [[(_at(a), _at(a + length)) for a, length in ps] for _, _, ps in rows]
    pauses = Pauses.of(spans, cal)
    column_due = cal.add(starts, budgets, exclude=pauses)
    listed_due = cal.add(starts, budgets, exclude=spans)
    ends = starts + np.timedelta64(3, "D")
    column_spent = cal.elapsed(starts, ends, exclude=pauses)
    for i, (m, d, _) in enumerate(rows):
        due = cal.add(_at(m), dt.timedelta(minutes=d), exclude=spans[i])
        want = np.datetime64(due.astimezone(dt.UTC).replace(tzinfo=None), "us")
        assert column_due[i] == want == listed_due[i], (i, rows[i])
        spent = cal.elapsed(_at(m), _at(m) + dt.timedelta(days=3), exclude=spans[i])
        assert column_spent[i] == np.timedelta64(spent, "us"), (i, rows[i])


def _us(t: dt.datetime) -> int:
    return int(t.timestamp()) * 1_000_000 + t.microsecond


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(pause, min_size=1, max_size=14),
    lo=minutes,
    asks=st.lists(st.tuples(minutes, st.integers(-60 * 40, 60 * 40), minutes), min_size=1, max_size=4),
    cal=st.sampled_from([CN, LUNCH, ALWAYS]),
)
def test_the_line_equals_the_walk_as_it_grows(
    spans: list[tuple[int, int]], lo: int, asks: list[tuple[int, int, int]], cal: BusinessCalendar
) -> None:
    """A PauseLine clipped at lo answers add and elapsed as the walk over the same spans does, after
    each span added (in any order, touching, overlapping, empty), asked from anywhere."""
    line = PauseLine()
    given_spans: list[tuple[dt.datetime, dt.datetime]] = []
    for a, length in spans:
        line.insert(_us(_at(a)), _us(_at(a + length)))
        given_spans.append((_at(a), _at(a + length)))
        # the walk's spans: each clipped at lo, as a clock started at lo excludes them
        clipped = [(max(s, _at(lo)), e) for s, e in given_spans if e > _at(lo) and e > s]
        since = line.since(_us(_at(lo)))
        assert bool(since) == bool(clipped)
        for m, d, n in asks:
            t, budget = _at(m), dt.timedelta(minutes=d)
            assert cal.add(t, budget, exclude=since) == cal.add(t, budget, exclude=clipped), (m, d)
            assert cal.elapsed(t, _at(n), exclude=since) == cal.elapsed(t, _at(n), exclude=clipped), (m, n)


# ---------------------------------------------------------------------------- the scalar walk
H = dt.timedelta(hours=1)
UTC = dt.UTC


class TestWalk:
    """A clock pause (e.g. waiting for the customer) does not spend the budget."""

    def test_add_skips_paused_open_time(self, cn: BusinessCalendar) -> None:
        """Paused open time is skipped by add and not counted by elapsed."""
        # Mon 2 Mar 09:00 + 4 h with 10:00-11:00 paused: 09-10 and 11-14 = 4 h, due 14:00.
        paused = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert at("2026-03-02T14:00") == cn.add("2026-03-02T09:00", 4 * H, exclude=paused)
        assert cn.elapsed("2026-03-02T09:00", "2026-03-02T14:00", exclude=paused) == 4 * H

    def test_pause_crossing_into_further_pauses(self, cn: BusinessCalendar) -> None:
        """Pauses given out of order are each skipped."""
        # 09:00 + 2 h, paused 10:00-10:30 and 11:00-16:00: 09-10, 10:30-11, 16-16:30 = 2 h.
        paused = [("2026-03-02T11:00", "2026-03-02T16:00"), ("2026-03-02T10:00", "2026-03-02T10:30")]
        assert at("2026-03-02T16:30") == cn.add("2026-03-02T09:00", 2 * H, exclude=paused)

    def test_pause_outside_coverage_changes_nothing(self, cn: BusinessCalendar) -> None:
        """A pause outside coverage changes nothing."""
        paused = [("2026-02-28T18:00", "2026-03-01T23:00")]
        assert at("2026-03-02T10:00") == cn.add("2026-02-28T16:00", 2 * H, exclude=paused)

    def test_pause_starting_just_before_the_due_time(self, cn: BusinessCalendar) -> None:
        """A pause from 1 µs before the unpaused due, for 2 h, moves the due by 2 h (a regression)."""
        paused = [("2026-03-02T09:59:59.999999", "2026-03-02T11:59:59.999999")]
        assert at("2026-03-02T12:00") == cn.add("2026-03-02T09:00", H, exclude=paused)

    def test_pauses_going_back(self, cn: BusinessCalendar) -> None:
        """A negative duration skips paused open time going back."""
        # Mon 2 Mar 14:00 - 4 h with 10:00-11:00 paused: 14-11 (3 h) and 10-09 (1 h): 09:00.
        paused = [("2026-03-02T10:00", "2026-03-02T11:00")]
        assert at("2026-03-02T09:00") == cn.add("2026-03-02T14:00", -4 * H, exclude=paused)

    @pytest.mark.parametrize(
        "pause",
        [
            ("2026-03-02T09:30", "2026-03-02T10:30"),  # t inside the pause (the probe's case)
            ("2026-03-02T10:00", "2026-03-02T10:30"),  # t at the pause's start
            ("2026-03-02T09:00", "2026-03-02T10:00"),  # t at the pause's end
            ("2026-03-01T09:00", "2026-03-05T10:00"),  # t deep inside a long pause
        ],
    )
    def test_zero_returns_t(self, pause: tuple[str, str]) -> None:
        """Adding zero with pauses returns the instant, wherever the pause lies (#11, item 1)."""
        t = "2026-03-02T10:00"
        assert CN_5X8.add(t, dt.timedelta(0), exclude=[pause]) == dt.datetime(2026, 3, 2, 2, tzinfo=UTC)

    def test_zero_at_a_closed_instant_with_pause(self) -> None:
        """Adding zero at a closed instant inside a pause moves nowhere (#11, item 1)."""
        # Sunday noon stays Sunday noon: zero spends nothing and moves nowhere.
        t = "2026-03-01T12:00"
        pause = [("2026-03-01T11:00", "2026-03-02T11:00")]
        assert CN_5X8.add(t, dt.timedelta(0), exclude=pause) == dt.datetime(2026, 3, 1, 4, tzinfo=UTC)


@given(calendars, instants(), durations(100), st.lists(st.tuples(instants(), durations(50)), max_size=4))
def test_elapsed_inverts_add_with_pauses(
    cal: BusinessCalendar,
    t: pendulum.DateTime,
    d: dt.timedelta,
    pauses: list[tuple[pendulum.DateTime, dt.timedelta]],
) -> None:
    """With pauses, elapsed inverts add both ways, and pauses never make a due earlier."""
    # With pauses, elapsed(t, add(t, d, exclude), exclude) == d; pauses never make it earlier.
    spans = [(s, s + length) for s, length in pauses]
    u = cal.add(t, d, exclude=spans)
    assert d == cal.elapsed(t, u, exclude=spans)
    assert cal.add(t, d) <= u
    v = cal.add(t, -d, exclude=spans)
    assert d == cal.elapsed(v, t, exclude=spans)
    assert v <= cal.add(t, -d)
