"""`Contract.report`: a month of service from tables, worked by hand on the example contract.

The month's tickets are those of `tests.frames.test_penalties` (T1–T3 P1 and T4 P2 reported Mon 2
Mar 2026 10:00, T5 P1 on 30 Apr), judged at the month's end (Wed 1 Apr 00:00, +08:00). A promise
counts in the month its due falls in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from servicelevel import InvalidOptionError
from tests.conftest import CONTRACT, ROOT
from tests.frames.test_penalties import _tickets


def test_a_month_by_hand() -> None:
    """March, by hand. Response (30 min on the hotline, P2 on the desk — 7×24 from 1 Mar): all four
    answered at 10:10, due 10:30: met. P1 on site (T1 13:00 > 12:00; T2 11:00; T3 none, settled by
    the resolution after its 24 h): 1 met, 2 breached. P1 resolution (due Tue 3 Mar 17:30: T1 Wed
    10:00, T2 Tue 11:00, T3 Tue 10 Mar): 1 met, 2 breached. P1 report (48 h on the hotline from
    the resolution; none was sent): due 6, 5 and 12 Mar, all 3 breached. T4 (P2, still open on 1
    Apr): on site 2 h in 北京, due 12:00, and resolution 2 working days, due Wed 4 Mar 17:30, both
    breached; its report has not started (no due). T5's promises fall due in April. Penalties:
    T1 1000 + 1000, T3 1000 + 5000 = 8000 (P2 carries none), under the 20000 cap."""
    r = CONTRACT.report("2026-03", tickets=_tickets())
    assert r.month == dt.date(2026, 3, 1)
    assert r.at.isoformat() == "2026-04-01T00:00:00+08:00"
    assert r.tickets == 4
    got = {(x.level, x.metric): (x.due, x.met, x.breached, x.open) for x in r.levels}
    assert got == {
        ("P1", "response"): (3, 3, 0, 0), ("P1", "on_site"): (3, 1, 2, 0), ("P1", "resolution"): (3, 1, 2, 0),
        ("P1", "report"): (3, 0, 3, 0), ("P2", "response"): (1, 1, 0, 0), ("P2", "on_site"): (1, 0, 1, 0),
        ("P2", "resolution"): (1, 0, 1, 0),
    }  # fmt: skip
    assert [x.met_rate for x in r.levels if x.level == "P1"] == [
        1.0,
        pytest.approx(1 / 3),
        pytest.approx(1 / 3),
        0.0,
    ]
    assert len(r.breaches) == 2 + 2 + 3 + 2
    first = r.breaches[0]  # the earliest due: T1's visit at 12:00 on 2 Mar
    assert (first.ticket, first.metric, first.late, first.penalty) == (
        "T1",
        "on_site",
        dt.timedelta(hours=1),
        Decimal("1000.00"),
    )
    t4 = [b for b in r.breaches if b.ticket == "T4"]
    assert [(b.metric, b.penalty) for b in t4] == [("on_site", None), ("resolution", None)]
    assert (r.penalties_raw, r.penalties_cap, r.penalties_payable, r.penalties_cut) == (
        Decimal("8000.00"), Decimal("20000.00"), Decimal("8000.00"), Decimal("0.00"))  # fmt: skip
    assert r.credits == Decimal("0.00")
    assert r.services == ()
    assert dict(r.terms)["contract"] == "BJ-2026-017"


def test_april_counts_the_due_not_the_report() -> None:
    """April: T5 reported 30 Apr 10:00; its visit (北京, 2 h, due 12:00) came at 13:00: 1000. T4's
    promises were due in March and are not April's; judged at a given instant instead of the end."""
    r = CONTRACT.report("2026-04", tickets=_tickets(), at="2026-04-30T18:00")
    assert r.tickets == 1
    assert {b.ticket for b in r.breaches} == {"T5"}
    assert r.penalties_payable == Decimal("1000.00")
    assert r.at.isoformat() == "2026-04-30T18:00:00+08:00"


@pytest.mark.parametrize("month", ["2026-13", "March", "2026/03", 202603])
def test_a_bad_month_is_named(month: object) -> None:
    """A month that is not one is refused, naming the option."""
    with pytest.raises(InvalidOptionError, match=r"^month: expected a month such as '2026-03'"):
        CONTRACT.report(month, tickets=_tickets())  # type: ignore[arg-type]


def test_availability_and_credits_in_the_month() -> None:
    """With examples/outages.csv (worked by hand on docs/availability.md): his, 7×24, 744 h in March
    less 4 h planned = 740 h scheduled, 3 h 30 min down (two overlapping rows are one outage, and
    March's hour of the outage across midnight), 736.5 / 740 = 0.99527… — under 99.9 %, not under
    99.5 %: 5 % of the 200000 fee = 10000.00 back. lis, 5×8 08:30-17:30 (22 working days × 9 h =
    198 h), 3 h down: 195 / 198, not met, no credit bands. Credits owed: 10000.00."""
    import pandas as pd

    outages = pd.read_csv(ROOT / "examples" / "outages.csv")
    r = CONTRACT.report("2026-03", tickets=_tickets(), outages=outages)
    his, lis = r.services
    assert (his.service, his.scheduled, his.down, his.met) == (
        "his",
        dt.timedelta(hours=740),
        dt.timedelta(hours=3, minutes=30),
        False,
    )
    assert his.availability == Decimal("0.995270270270")
    assert (his.credit, his.credit_amount) == (Decimal("0.05"), Decimal("10000.00"))
    assert (lis.service, lis.scheduled, lis.down, lis.met) == (
        "lis",
        dt.timedelta(hours=198),
        dt.timedelta(hours=3),
        False,
    )
    assert lis.credit_amount is None
    assert r.credits == Decimal("10000.00")


def test_the_march_file_holds_these_tickets() -> None:
    """examples/march.csv (the demo's tickets) holds the tickets of `_tickets`, read back equal."""
    import pandas as pd

    read = pd.read_csv(ROOT / "examples" / "march.csv", index_col="ticket", dtype=str)
    assert read.fillna("").to_dict() == _tickets().fillna("").to_dict()


def test_the_report_without_pyarrow_is_the_same() -> None:
    """Where pyarrow is not installed (as `make demo` installs the report), amounts come back as
    Decimal objects with the same figures: 8000.00 payable, 10000.00 credits in March."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "import pandas as pd\n"
        "from servicelevel import load_contract\n"
        "c = load_contract('examples/contract.toml')\n"
        "t = pd.read_csv('examples/march.csv', index_col='ticket')\n"  # the tickets of `_tickets`, as a file
        "r = c.report('2026-03', tickets=t, outages=pd.read_csv('examples/outages.csv'))\n"
        "print(r.penalties_payable, r.credits, len(r.breaches))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    assert out.stdout.split() == ["8000.00", "10000.00", "9"]


def test_labels_from_a_ticket_column_and_polars() -> None:
    """``ticket=`` names the label column (a polars table has no index): breaches name T1, T3…"""
    import polars as pl

    table = pl.read_csv(ROOT / "examples" / "march.csv")
    r = CONTRACT.report("2026-03", tickets=table, ticket="ticket")
    assert [b.ticket for b in r.breaches][:3] == ["T1", "T4", "T3"]  # visits due 12:00, 12:00, Tue 10:00
    assert r.penalties_payable == Decimal("8000.00")


def test_judged_before_the_months_end() -> None:
    """At Mon 2 Mar 11:00 only the four tickets of 10:00 exist (T5 of 30 April is not counted), the
    responses (10:10 ≤ 10:30) are met, the P1 visits due 12:00 run on; every promise due in March is
    met, breached or open (due = met + breached + open). Before 1 March: refused."""
    r = CONTRACT.report("2026-03", tickets=_tickets(), at="2026-03-02T11:00")
    assert r.tickets == 4
    for line in r.levels:
        assert line.due == line.met + line.breached + line.open, line
    got = {(x.level, x.metric): (x.met, x.breached, x.open) for x in r.levels}
    assert got[("P1", "response")] == (3, 0, 0)
    assert got[("P1", "on_site")] == (1, 0, 2)  # T2 came at 11:00; T1 and T3 still running
    with pytest.raises(InvalidOptionError, match=r"^at: 2026-02-28T00:00:00\+08:00 is before 2026-03 begins"):
        CONTRACT.report("2026-03", tickets=_tickets(), at="2026-02-28T00:00")


# ---------------------------------------------------------------------------- updates
# P1 promises an update every 2 h on the 7×24 hotline, from the response (10:10 for T1-T3) to the
# resolution; P2 promises none. T2 was told at 12:00 and 14:00 on 2 March.
TOLD = pd.DataFrame({"ticket": ["T2", "T2"], "at": ["2026-03-02T12:00", "2026-03-02T14:00"]})
H = dt.timedelta(hours=1)


class TestUpdates:
    """`Report.updates`: the update promise per level, over the tickets whose update clock stopped in
    the month, or runs at ``at`` when ``at`` is in the month or ends it."""

    def test_march_by_hand(self) -> None:
        """Stopped in March, judged at its end. Silent from 10:10 Mon 2 Mar, T1 to Wed 4 10:00 (47 h 50:
        23 updates missed, the 24th due at 10:10 comes after the stop), T2 to Tue 3 11:00 (24 h 50: 12),
        T3 to Tue 10 17:00 (8 days 6 h 50 = 198 h 50: 99): 134 missed, all three breached, the longest
        198 h 50. T2 told at 12:00 and 14:00: 1 h 50, 2 h (in time), then 21 h to Tue 11:00 (10 missed):
        132. T4 (P2) promises none: no P2 line; T5, reported in April, is not there."""
        silent = CONTRACT.report("2026-03", tickets=_tickets()).updates
        assert [(u.level, u.every, u.calendar) for u in silent] == [("P1", 2 * H, "hotline")]
        u = silent[0]
        assert (u.tickets, u.met, u.breached, u.open, u.missed) == (3, 0, 3, 0, 134)
        assert u.longest == 198 * H + 50 * dt.timedelta(minutes=1)
        told = CONTRACT.report("2026-03", tickets=_tickets(), updates=TOLD).updates[0]
        assert (told.tickets, told.breached, told.missed, told.longest) == (3, 3, 132, u.longest)

    def test_running_at_an_instant_in_the_month(self) -> None:
        """At Mon 2 Mar 13:00 the three P1 clocks run: T1 and T3 silent 2 h 50 (the update due 12:10
        missed: breached, and it stays so), T2 told at 12:00 (1 h 50, then 1 h: open). 2 missed, the
        longest silence 2 h 50."""
        u = CONTRACT.report("2026-03", tickets=_tickets(), updates=TOLD, at="2026-03-02T13:00").updates[0]
        assert (u.tickets, u.met, u.breached, u.open, u.missed) == (3, 0, 2, 1, 2)
        assert u.longest == 2 * H + 50 * dt.timedelta(minutes=1)

    def test_the_month_of_the_stop_or_of_at(self) -> None:
        """April, judged at its end (Fri 1 May 00:00): T1-T3 stopped in March, not April's; T5 (reported
        30 Apr 10:00, answered 10:10, open) runs: 13 h 50 of silence, 6 missed (12:10 … 22:10). March
        judged as late as 1 May still counts its three stopped clocks, not T5's, which runs in May."""
        april = CONTRACT.report("2026-04", tickets=_tickets()).updates[0]
        assert (april.tickets, april.met, april.breached, april.open, april.missed) == (1, 0, 1, 0, 6)
        assert april.longest == 13 * H + 50 * dt.timedelta(minutes=1)
        march = CONTRACT.report("2026-03", tickets=_tickets(), at="2026-05-01T00:00").updates[0]
        assert (march.tickets, march.missed) == (3, 134)

    def test_to_dict(self) -> None:
        """JSON-ready: the term and the longest silence in seconds (2 h: 7200; 198 h 50: 715800)."""
        data = CONTRACT.report("2026-03", tickets=_tickets()).to_dict()
        assert data["updates"] == [
            {"level": "P1", "every": 7200.0, "calendar": "hotline", "tickets": 3, "met": 0, "breached": 3,
             "open": 0, "missed": 134, "longest": 715800.0}
        ]  # fmt: skip


# ---------------------------------------------------------------------------- amendments
def _amended(day: str) -> Any:
    """The example contract with P1's response goal 90 % as signed and, from ``day``, 15 min with a
    99 % goal and 500 per breach, and his raised from 99.9 % to 99.95 % (a 2 % band below it)."""
    import attrs

    from servicelevel import Amendment, CreditBand, Target

    p1 = CONTRACT.level("P1")
    signed = attrs.evolve(p1.target("response"), goal=0.9)
    base = attrs.evolve(
        CONTRACT,
        amendments=(),
        levels=[attrs.evolve(p1, targets={**p1.targets, "response": signed}), *CONTRACT.levels[1:]],
    )
    raised = Target(within="15分钟", calendar="hotline", goal=0.99, penalty={"fixed": "500"})
    his = CONTRACT.availability_target("his")
    credits = [CreditBand(below="99.95%", credit="2%"), *his.credits]
    return attrs.evolve(
        base,
        amendments=[
            Amendment(
                from_=day,
                reason="补充协议第3条",
                levels={"P1": {"response": raised}},
                availability_targets={"his": attrs.evolve(his, target="99.95%", credits=credits)},
            )
        ],
    )


def _p1s(*reported: str, responded: tuple[str, ...]) -> Any:
    """P1 tickets reported and responded as given, every other promise kept within minutes."""
    import pandas as pd

    n = len(reported)
    answered = pd.to_datetime(pd.Series(responded)).dt.tz_localize("Asia/Shanghai")
    return pd.DataFrame(
        {
            "level": ["P1"] * n,
            "reported_at": list(reported),
            "responded_at": list(responded),  # on site 10 min later, resolved 20, reported back in 1 h
            "arrived_at": list(answered + pd.Timedelta(minutes=10)),
            "resolved_at": list(answered + pd.Timedelta(minutes=20)),
            "reported_back_at": list(answered + pd.Timedelta(hours=1)),
        },
        index=[f"T{i + 1}" for i in range(n)],
    )


class TestAmendments:
    def test_july_by_the_terms_in_force_on_its_first_day(self) -> None:
        """Amended from 1 July. T1 reported 30 Jun 23:50 (30 min: due 00:20) answered 00:18: met; T2
        reported 1 Jul 00:10 (15 min: due 00:25) answered 00:28: breached 3 min late, 500 (a penalty only
        the amendment puts on response). July's goal is the amendment's 99 %: 1 of 2 = 50 %, not met.
        his: 30 min down of 744 h (743.5/744 ≥ 99.9 %, < 99.95 %): not met, 2 % of 200,000 = 4,000."""
        import pandas as pd

        c = _amended("2026-07-01")
        tickets = _p1s(
            "2026-06-30T23:50", "2026-07-01T00:10", responded=("2026-07-01T00:18", "2026-07-01T00:28")
        )
        outages = pd.DataFrame(
            {"service": ["his"], "start": ["2026-06-30T23:30"], "end": ["2026-07-01T00:30"], "kind": ["unplanned"]}
        )  # fmt: skip
        r = c.report("2026-07", tickets=tickets, outages=outages)
        (response,) = [x for x in r.levels if (x.level, x.metric) == ("P1", "response")]
        assert (response.due, response.met, response.breached, response.met_rate) == (2, 1, 1, 0.5)
        assert (response.goal, response.goal_met) == (0.99, False)
        assert [(b.ticket, b.metric, b.late, b.penalty) for b in r.breaches] == [
            ("T2", "response", dt.timedelta(minutes=3), Decimal("500.00"))
        ]
        assert (r.penalties_raw, r.penalties_payable) == (Decimal("500.00"), Decimal("500.00"))
        his = r.services[0]
        assert (his.service, his.target, his.met, his.credit_amount) == (
            "his", Decimal("0.9995"), False, Decimal("4000.00"))  # fmt: skip
        assert r.credits == Decimal("4000.00")
        assert dict(r.terms)["terms"] == "amendment 补充协议第3条, from 2026-07-01"

    def test_june_keeps_the_terms_signed(self) -> None:
        """The June report of the same contract: T0 reported 30 Jun 10:00, answered 10:05 (due 10:30): met;
        the goal shown is the signed 90 %; no amendment takes effect within June."""
        c = _amended("2026-07-01")
        r = c.report("2026-06", tickets=_p1s("2026-06-30T10:00", responded=("2026-06-30T10:05",)))
        (response,) = [x for x in r.levels if (x.level, x.metric) == ("P1", "response")]
        assert (response.met, response.goal, response.goal_met) == (1, 0.9, True)
        terms = dict(r.terms)
        assert terms["terms"] == "terms signed"
        assert not [k for k in terms if k.startswith("amendment")]

    def test_an_amendment_within_the_month_is_named(self) -> None:
        """Amended from 15 July: T1 reported 20 Jul 10:00 answered 10:20 is judged by 15 min (due 10:15,
        breached, 500); the goal shown is July 1st's, the signed 90 % (0 of 1: not met); the terms
        section names the amendment of the 15th."""
        c = _amended("2026-07-15")
        r = c.report("2026-07", tickets=_p1s("2026-07-20T10:00", responded=("2026-07-20T10:20",)))
        (response,) = [x for x in r.levels if (x.level, x.metric) == ("P1", "response")]
        assert (response.breached, response.goal, response.goal_met) == (1, 0.9, False)
        assert [(b.ticket, b.late, b.penalty) for b in r.breaches] == [
            ("T1", dt.timedelta(minutes=5), Decimal("500.00"))
        ]
        terms = dict(r.terms)
        assert terms["terms"] == "terms signed"
        assert terms["amendment from 2026-07-15"].startswith(
            "amendment 补充协议第3条, from 2026-07-15: takes effect within the month"
        )


def test_report_times_without_an_offset_are_home_zone_times() -> None:
    """Report times written without an offset (a CSV's text) are Beijing time, as `evaluate` reads
    them: a P3 reported 2026-06-30 23:50 belongs to June (and exists at June's end, 07-01 00:00),
    one reported 07-01 00:10 to July. Read as UTC they were 07-01 07:50 and 08:10 Beijing: the first
    fell out of June's report altogether."""
    t = pd.DataFrame(
        {"level": ["P3", "P3"], "reported_at": ["2026-06-30T23:50", "2026-07-01T00:10"],
         "responded_at": ["2026-07-01T09:00", "2026-07-01T09:00"]},
        index=["late-june", "early-july"],
    )  # fmt: skip
    june, july = CONTRACT.report("2026-06", tickets=t), CONTRACT.report("2026-07", tickets=t)
    assert (june.tickets, july.tickets) == (1, 1)
    # P3 response: 30 min on the desk calendar (7×24 from March): due 07-01 00:20 and 00:40, answered
    # 09:00: both breached, each in the month of its due (July)
    assert sorted((b.ticket, b.metric) for b in july.breaches if b.metric == "response") == [
        ("early-july", "response"),
        ("late-june", "response"),
    ]
