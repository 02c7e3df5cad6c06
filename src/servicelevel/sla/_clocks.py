"""The one rule that judges a clock: met, breached, settled, running, paused or pending.

`Incident.status` applies it to one incident and `Contract.evaluate` to a
column of tickets, through the same function: instants are epoch µs
integers (numpy int64 arrays for a column), an event that has not happened
is `NEVER`, and the caller passes the few operations it needs (`SCALAR` for
plain integers, numpy itself for columns), so the two paths cannot disagree.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["NEVER", "NO_AT", "SCALAR", "Ops", "clock_end", "verdict"]

NEVER = 1 << 62
"""Epoch µs standing for an event that has not happened (later than any instant)."""

NO_AT = NEVER - 1
"""Epoch µs standing for "no instant asked about": after every event, before `NEVER`."""


class Ops(Protocol):
    """What the rule needs of the values it works on: numpy, or `SCALAR` for plain integers."""

    def where(self, condition: Any, yes: Any, no: Any, /) -> Any: ...

    def minimum(self, a: Any, b: Any, /) -> Any: ...


class _Scalar:
    @staticmethod
    def where(condition: Any, yes: Any, no: Any, /) -> Any:
        return yes if condition else no

    @staticmethod
    def minimum(a: Any, b: Any, /) -> Any:
        return a if a <= b else b


SCALAR: Ops = _Scalar()
"""`Ops` over plain Python integers and booleans."""


def verdict(ops: Ops, *, start: Any, due: Any, stop: Any, cancel: Any, at: Any, paused: Any) -> Any:
    """The state of a clock at ``at``, from its start, due, first stop and first cancelling event.

    In this order: ``pending`` before its start; ``met`` / ``breached`` when a
    stop event came (by ``at``, and not after a cancelling one) by / after the
    due instant; a cancelling event (the resolution, for an on-site visit)
    settles a clock still running — ``not_applicable`` when it came by the due
    instant, ``breached`` when after; a running clock past its due is
    ``breached``; ``paused`` while a pause is open; else ``running``.

    Examples:
        >>> h = 3_600_000_000
        >>> verdict(SCALAR, start=0, due=2 * h, stop=NEVER, cancel=h, at=5 * h, paused=False)
        'not_applicable'
        >>> verdict(SCALAR, start=0, due=2 * h, stop=NEVER, cancel=3 * h, at=5 * h, paused=False)
        'breached'
        >>> verdict(SCALAR, start=0, due=2 * h, stop=h, cancel=NEVER, at=h, paused=False)
        'met'
    """
    stopped = (stop <= at) & (stop <= cancel)
    cancelled = cancel <= at
    return ops.where(
        (start >= NEVER) | (start > at),
        "pending",
        ops.where(
            stopped,
            ops.where(stop <= due, "met", "breached"),
            ops.where(
                cancelled,
                ops.where(cancel <= due, "not_applicable", "breached"),
                ops.where(at > due, "breached", ops.where(paused, "paused", "running")),
            ),
        ),
    )


def clock_end(ops: Ops, *, stop: Any, cancel: Any, at: Any) -> Any:
    """Where the clock's elapsed time ends: its stop, its cancelling event, or ``at``, the first."""
    return ops.minimum(ops.minimum(stop, cancel), at)
