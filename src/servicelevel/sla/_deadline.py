"""When a promise falls due, and why: the pause rule, stated once, and `Deadline.explain`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pendulum
from attrs import evolve, field, frozen

from servicelevel._notebook import Notebook
from servicelevel.calendar import BusinessCalendar, DayInfo, PausesSince
from servicelevel.sla._clocks import SCALAR, Ops
from servicelevel.sla._metrics import Metric
from servicelevel.terms import CIVIL_CODE, CountingRule, Days, Months, Term, WorkingDays, Years, format_term

if TYPE_CHECKING:
    from servicelevel.sla._amendments import Amendment
    from servicelevel.sla._levels import Target

__all__ = ["Deadline", "Explanation", "deadline", "due_with_pauses", "time_spent"]

Span = tuple[pendulum.DateTime, pendulum.DateTime]
_ZERO = dt.timedelta(0)


def due_with_pauses(
    calendar: BusinessCalendar,
    start: Any,
    term: Term,
    rule: CountingRule,
    paused: Any,
    ops: Ops = SCALAR,
) -> Any:
    """The due instant of ``term`` from ``start`` with the clock stopped during ``paused``.

    The one pause rule: business time of the metric's calendar spent paused does
    not count. For business time (a `timedelta`) the due instant is the
    calendar's `add` with the pauses excluded. For a calendar period (working
    days, days…) the unpaused due moves later by the business time paused before
    it: the budget is the open time from the start to the unpaused due, spent
    with the pauses excluded — and never earlier than the unpaused due.

    One instant with its pauses as ``(start, end)`` spans and ``ops=SCALAR`` (`Incident`), or a
    column of instants with `servicelevel.calendar.Pauses` and ``ops=numpy`` (the tables): the
    calendar answers both, so the two paths apply the rule in one place.
    """
    if isinstance(term, dt.timedelta):
        return calendar.add(start, term, exclude=paused) if paused else calendar.due(start, term, rule)
    unpaused = calendar.due(start, term, rule)
    if not paused:
        return unpaused
    budget = calendar.elapsed(start, unpaused)
    counted = calendar.elapsed(start, unpaused, exclude=paused)
    moved = calendar.add(start, budget, exclude=paused)
    return ops.where(counted == budget, unpaused, ops.maximum(moved, unpaused))


def time_spent(
    calendar: BusinessCalendar, start: Any, end: Any, due: Any, paused: Any
) -> tuple[Any, Any, Any]:
    """``(elapsed, held, budget)`` of a clock from ``start`` to ``end``, due at ``due``: the business
    time counted (pauses excluded), the business time it stood still, and the budget to the due
    (pauses excluded) — for one clock (spans) or a column of them (`Pauses`), as
    `due_with_pauses` takes them. ``end`` is the stop, the cancelling event or the instant asked."""
    raw = calendar.elapsed(start, end)
    if not paused:
        return raw, raw - raw, calendar.elapsed(start, due)
    elapsed = calendar.elapsed(start, end, exclude=paused)
    return elapsed, raw - elapsed, calendar.elapsed(start, due, exclude=paused)


@frozen
class Explanation(Notebook):
    """Why a deadline is where it is: the data a view draws, and a readable table as ``str``.

    ``days`` are the calendar's days from the start to the due instant with their
    hours and the reason for them; ``windows`` the open spans the term counts
    (for a period such as working days with the start day not counted, from the
    next day on); ``uncounted`` the open time between the start and the first
    counted day, which the rule leaves out; ``notes`` the rules applied (Civil
    Code start day and roll-forward, pauses…).
    """

    metric: str
    term: str
    calendar: str
    rule: str
    start: pendulum.DateTime | None
    due: pendulum.DateTime | None
    days: tuple[DayInfo, ...]
    windows: tuple[Span, ...]
    paused: tuple[Span, ...]
    notes: tuple[str, ...]
    uncounted: tuple[Span, ...] = ()

    def __str__(self) -> str:
        lines = [
            f"{self.metric}: {self.term} on calendar {self.calendar!r} ({self.rule})",
            f"  start  {_fmt(self.start)}",
            f"  due    {_fmt(self.due)}",
        ]
        if self.days:
            lines.append("  day                hours                 why")
            for info in self.days:
                why = {
                    "weekly": "",
                    "holiday": f"holiday: {info.holiday}",
                    "make-up": "make-up working day (调休上班)",
                    "closed": "closed",
                    "special": "special hours",
                }[info.reason]
                part = f" [coverage part {info.part}]" if info.part else ""
                lines.append(
                    f"  {info.date:%a %Y-%m-%d}     {str(info.hours) or 'closed':<21} {why}{part}".rstrip()
                )
        if self.windows:
            spans = ", ".join(
                f"{a.format('ddd MM-DD HH:mm')}-{b.format('HH:mm')}" for a, b in self.windows[:12]
            )
            more = f" and {len(self.windows) - 12} more" if len(self.windows) > 12 else ""
            lines.append(f"  open time counted: {spans}{more}")
        for a, b in self.uncounted:
            lines.append(f"  not counted (start day): {a.format('ddd MM-DD HH:mm')}-{b.format('HH:mm')}")
        for a, b in self.paused:
            lines.append(f"  paused {_fmt(a)} → {_fmt(b)}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def _fmt(t: pendulum.DateTime | None) -> str:
    return "— (its start event has not happened)" if t is None else t.format("ddd YYYY-MM-DD HH:mm:ss Z")


@frozen(kw_only=True)
class Deadline(Notebook):
    """When one promise falls due: ``due`` is None while the metric's start event has not happened."""

    metric: str
    level: str
    term: Term
    calendar: str
    region: str | None
    rule: CountingRule
    start: pendulum.DateTime | None
    due: pendulum.DateTime | None
    paused: tuple[Span, ...] = ()
    out_of_term: bool = False
    terms: str = ""  # the amendment whose terms set it ("" : the terms signed)
    _cal: BusinessCalendar | None = field(default=None, repr=False, eq=False)

    def __repr__(self) -> str:
        due = self.due.isoformat() if self.due is not None else None
        start = self.start.isoformat() if self.start is not None else None
        extra = f", region={self.region!r}" if self.region else ""
        extra += ", out_of_term=True" if self.out_of_term else ""
        return (
            f"Deadline(metric={self.metric!r}, level={self.level!r}, term={format_term(self.term)!r}, "
            f"calendar={self.calendar!r}, start={start!r}, due={due!r}{extra})"
        )

    def explain(self) -> Explanation:
        """The windows, holidays, make-up days and pauses the budget ran through, and the rule applied."""
        notes: list[str] = []
        rule_name = "PRC Civil Code arts. 200-204" if self.rule == CIVIL_CODE else repr(self.rule)
        if isinstance(self.term, dt.timedelta):
            rule_name = "business time from the moment (Civil Code art. 201 ¶2)"
        if self.out_of_term:
            notes.append("reported outside the contract's term: computed anyway, on request")
        if self.terms:
            notes.append(f"terms of {self.terms}")
        cal = self._cal
        if cal is None or self.start is None or self.due is None:
            return Explanation(
                self.metric, format_term(self.term), self.calendar, rule_name, self.start, self.due,
                (), (), self.paused, tuple(notes),
            )  # fmt: skip
        if isinstance(self.term, Days | Months | Years) and self.rule.roll_forward:
            plain = cal.period_end(self.start.date(), self.term, evolve(self.rule, roll_forward=False))
            rolled = cal.period_end(self.start.date(), self.term, self.rule)
            if rolled != plain:
                notes.append(
                    f"the period's last day {plain:%a %Y-%m-%d} is a statutory rest day, so it ends "
                    f"on the next working day {rolled:%a %Y-%m-%d} (Civil Code art. 203); for "
                    "round-the-clock hours write business time such as '48小时'"
                )
        if isinstance(self.term, WorkingDays | Days | Months | Years) and self.rule.ends_at == "close":
            notes.append(
                "the last day ends when coverage closes that day (art. 203 ¶2), "
                "at 24:00 if it runs to midnight"
            )
        if self.paused:
            total = sum((cal.elapsed(a, b) for a, b in self.paused), _ZERO)
            notes.append(f"the clock stood still for {total} of business time while paused")
        days = tuple(cal.days(self.start.date(), self.due.date() + dt.timedelta(days=1)))
        counted_from = self.start
        if not isinstance(self.term, dt.timedelta) and self.due == cal.due(self.start, self.term, self.rule):
            # a period counted in days: what counts is whole days, not the open time after the start
            local = self.start.in_timezone(cal.tz)
            first = local.add(days=1).start_of("day")
            counted = [i for i in days if i.date > local.date()]
            if isinstance(self.term, WorkingDays):
                counted = [i for i in counted if i.working_day]
            if not self.rule.start_day_counts:
                counted_from = min(first, self.due)
                notes.append(
                    f"the start day {local:%a %Y-%m-%d} is not counted (Civil Code art. 201): counting "
                    f"begins on {first:%a %Y-%m-%d}, and the open time left on the start day is not used"
                )
            elif not isinstance(self.term, WorkingDays) or cal.is_working_day(local.date()):
                counted.insert(0, next(i for i in days if i.date == local.date()))
                notes.append(f"the start day {local:%a %Y-%m-%d} counts as the first day (start_day_counts)")
            if isinstance(self.term, WorkingDays) and counted:
                listed = ", ".join(f"{i.date:%a %m-%d}" for i in counted[:10])
                more = f" and {len(counted) - 10} more" if len(counted) > 10 else ""
                notes.append(f"working days counted: {listed}{more}")
        elif not isinstance(self.term, dt.timedelta):
            notes.append(
                "the pauses moved the due: the budget is the open time from the start to the due without "
                "pauses, spent with the paused time left out"
            )
        windows = tuple(cal.windows(counted_from, self.due))
        uncounted = tuple(cal.windows(self.start, counted_from)) if counted_from > self.start else ()
        return Explanation(
            self.metric, format_term(self.term), self.calendar, rule_name, self.start, self.due,
            days, windows, self.paused, tuple(notes), uncounted,
        )  # fmt: skip


def deadline(
    *,
    metric: Metric,
    target: Target,
    calendar: BusinessCalendar,
    start: pendulum.DateTime | None,
    region: str | None,
    level: str,
    paused: Sequence[Span] | PausesSince,
    out_of_term: bool,
    terms: Amendment | None = None,
) -> Deadline:
    """The `Deadline` of one metric for one start instant (None: not started yet). Pauses given as
    a `PausesSince` (epoch µs, as `Reading` folds cycles) count in ``due`` but are not listed in
    the value's ``paused``: such a deadline stays inside `Reading`."""
    target = target.for_region(region)  # the region's term, calendar and rule
    term = target.within
    rule = target.rule or CIVIL_CODE
    due = None if start is None else due_with_pauses(calendar, start, term, rule, paused)
    return Deadline(
        metric=metric.name,
        level=level,
        term=term,
        calendar=target.calendar,
        region=region,
        rule=rule,
        start=start,
        due=due,
        paused=() if isinstance(paused, PausesSince) else tuple(paused),
        out_of_term=out_of_term,
        terms="" if terms is None else terms.label,
        cal=calendar,
    )
