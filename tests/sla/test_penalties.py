"""Penalties (`sla._penalties`): the rule `charge`, its values, and `Incident.penalties`, worked by hand.

The clause: "每超时1小时扣罚500元, 不足1小时按1小时计, 单次最高5000元, 每月累计不超过月服务费的10%"
(500 per started hour late, at most 5000 per ticket, at most 10 % of the monthly fee a month).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import ContractError, Incident, PenaltyRule, PenaltyTerms
from servicelevel.sla.engine import SCALAR, charge, month_payable
from tests.conftest import CONTRACT

H = 3_600_000_000  # µs in an hour
M = 60_000_000
CLAUSE = PenaltyRule(per="1h", amount="500", cap="5000")


@pytest.mark.parametrize(
    ("late", "units", "fen", "before_cap"),
    [(0, 1, 50_000, 50_000),  # a breach by zero business time is one started hour
     (H, 1, 50_000, 50_000), (H + 1, 2, 100_000, 100_000),  # a µs past the hour starts the next
     (20 * H, 20, 500_000, 1_000_000)],  # 20 × 500 = 10000, cut to the 5000 cap
)  # fmt: skip
def test_started_hours_by_the_clause(late: int, units: int, fen: int, before_cap: int) -> None:
    """不足1小时按1小时计: every started hour costs 500 (in fen: 50,000), at most 5000 a ticket."""
    assert charge(SCALAR, CLAUSE.minor(2), late, True) == (units, fen, before_cap)
    assert charge(SCALAR, CLAUSE.minor(2), late, False) == (0, 0, 0)


def test_whole_prorata_and_fixed_by_hand() -> None:
    """Whole units only; pro rata to the fen, half up; a fixed sum per breach beside the hourly one."""
    whole = PenaltyRule(per="1h", amount="500", rounding="whole").minor(2)
    assert charge(SCALAR, whole, 2 * H - 1, True)[:2] == (1, 50_000)  # 1 h 59 min 59.999999 s: one hour
    assert charge(SCALAR, whole, 59 * M, True)[:2] == (0, 0)  # under an hour costs nothing
    prorata = PenaltyRule(per="1h", amount="500", rounding="prorata").minor(2)
    assert charge(SCALAR, prorata, 90 * M, True)[1] == 75_000  # 1.5 h × 500 = 750.00
    assert charge(SCALAR, prorata, 20 * M, True)[1] == 16_667  # 500 / 3 = 166.666… → 166.67
    both = PenaltyRule(fixed="1000", per="1h", amount="500").minor(2)
    assert charge(SCALAR, both, 2 * H, True)[1] == 200_000  # 1000 + 2 × 500
    fixed = PenaltyRule(fixed="1000").minor(2)
    assert charge(SCALAR, fixed, 30 * H, True) == (0, 100_000, 100_000)


rules = st.builds(
    PenaltyRule,
    per=st.sampled_from(["1h", "30min", "4h"]),
    amount=st.sampled_from(["500", "0.01", "12.50", "90000000000000"]),  # the last one forces Python ints
    fixed=st.sampled_from([None, "1000"]),
    cap=st.sampled_from([None, "5000", "1"]),
    rounding=st.sampled_from(["started", "whole", "prorata"]),
)


@given(rules, st.lists(st.tuples(st.integers(0, 10**13), st.booleans()), min_size=1, max_size=20))
def test_a_column_costs_what_each_row_costs(rule: PenaltyRule, rows: list[tuple[int, bool]]) -> None:
    """`charge` over numpy columns gives each row what it gives that row alone (the tables' path)."""
    minor = rule.minor(2)
    late = np.array([r[0] for r in rows], dtype=np.int64)
    breached = np.array([r[1] for r in rows])
    wide = late.astype(object) if minor.amount > 10**12 else late  # as the tables do past 2**62
    got = charge(np, minor, wide, breached)
    for i, (u, b) in enumerate(rows):
        assert tuple(int(g[i]) for g in got) == charge(SCALAR, minor, u, b)


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"per": "1h"}, r"amount: a penalty with per needs amount too"),
     ({"amount": "500"}, r"per: a penalty with amount needs per too"),
     ({}, r"penalty: expected fixed \(per breach\), or per and amount"),
     ({"per": "1个工作日", "amount": "500"}, r"per: expected business time such as '1h'.*write '8h'"),
     ({"fixed": 100.0}, r"fixed: expected an amount of money .*a float"),
     ({"fixed": "-1"}, r"fixed: expected an amount of money"),
     ({"fixed": "1", "rounding": "up"}, r"rounding: expected one of started, whole, prorata, got 'up'")],
)  # fmt: skip
def test_bad_rules_name_the_field(fields: dict[str, object], message: str) -> None:
    """A rule missing its pair, a day as the unit, floats, negatives and unknown roundings are refused."""
    with pytest.raises(ContractError, match=message):
        PenaltyRule(**fields)  # type: ignore[arg-type]


def test_money_terms() -> None:
    """The monthly cap as a share of the fee (10 % of 200000 = 20000.00) or an amount; checked."""
    assert PenaltyTerms(monthly_fee="200000", monthly_cap="10%").cap_of_month() == Decimal("20000.00")
    assert PenaltyTerms(currency="JPY", monthly_cap="30000").cap_of_month() == Decimal("30000")
    assert PenaltyTerms().cap_of_month() is None
    with pytest.raises(
        ContractError, match=r"monthly_cap: '10%' is a share of the monthly fee; give monthly_fee"
    ):
        PenaltyTerms(monthly_cap="10%")
    with pytest.raises(
        ContractError, match=r"monthly_fee: '200000.5' has 1 decimal places; the currency has 0"
    ):
        PenaltyTerms(currency="JPY", monthly_fee="200000.5")
    with pytest.raises(ContractError, match=r"currency: 'RMB' is no ISO 4217 currency code.*'CNY'"):
        PenaltyTerms(currency="RMB")


def test_a_months_cap_cuts_and_says_so() -> None:
    """23500 owed against a 20000 cap: 20000 payable, 3500 cut; under the cap nothing is cut."""
    assert month_payable(Decimal("23500.00"), Decimal("20000.00")) == (
        Decimal("20000.00"),
        Decimal("3500.00"),
    )
    assert month_payable(Decimal("8000.00"), Decimal("20000.00")) == (Decimal("8000.00"), Decimal("0.00"))
    assert month_payable(Decimal("8000.00"), None) == (Decimal("8000.00"), Decimal("0"))


def test_amounts_finer_than_the_contracts_currency_are_named_by_path() -> None:
    """A penalty of 500.5 in a contract paid in yen is refused at its place in the contract."""
    level = CONTRACT.levels[0]
    target = attrs.evolve(level.targets["resolution"], penalty={"per": "1h", "amount": "500.5"})
    levels = (attrs.evolve(level, targets={**level.targets, "resolution": target}), *CONTRACT.levels[1:])
    with pytest.raises(
        ContractError, match=r"^levels\[0\]\.resolution\.penalty\.amount: '500.5' has 1 decimal"
    ):
        attrs.evolve(CONTRACT, levels=levels, penalty_terms=PenaltyTerms(currency="JPY"))


def test_an_incidents_penalties_by_hand() -> None:
    """P1 in 北京, reported Mon 2 Mar 2026 10:00 (the example contract: on site 2 h on the 7×24
    hotline, 1000 per late visit; resolution 1 working day on support 08:30-17:30, 500 per started
    hour, at most 5000). On site 13:00, due 12:00: 1 h late, 1000. Resolution due Tue 3 Mar 17:30
    (start day not counted); resolved Wed 4 Mar 10:00: late 08:30-10:00 = 1 h 30 min, two started
    hours, 1000. Resolved Tue 10 Mar 17:00 instead: Wed-Fri and Mon 9 h each (36 h) and Tue
    08:30-17:00 (8 h 30 min) = 44 h 30 min late, 45 hours = 22500, cut to 5000."""
    opened = Incident.open(CONTRACT, level="P1", reported_at="2026-03-02T10:00", region="北京")
    inc = opened.responded("2026-03-02T10:10").arrived("2026-03-02T13:00")
    owed = {p.metric: p for p in inc.resolved("2026-03-04T10:00").penalties("2026-03-31T00:00")}
    assert set(owed) == {"on_site", "resolution"}
    assert (owed["on_site"].late, owed["on_site"].amount) == (dt.timedelta(hours=1), Decimal("1000.00"))
    r = owed["resolution"]
    assert (r.late, r.units, r.amount, r.capped) == (
        dt.timedelta(hours=1, minutes=30),
        2,
        Decimal("1000.00"),
        False,
    )
    assert r.due.isoformat() == "2026-03-03T17:30:00+08:00"
    later = {p.metric: p for p in inc.resolved("2026-03-10T17:00").penalties("2026-03-31T00:00")}
    r = later["resolution"]
    assert (r.late, r.units, r.amount, r.capped) == (
        dt.timedelta(hours=44, minutes=30),
        45,
        Decimal("5000.00"),
        True,
    )
    # on time: nothing owed; P2 carries no penalty at all
    assert (
        opened.responded("2026-03-02T10:10")
        .arrived("2026-03-02T11:00")
        .resolved("2026-03-03T11:00")
        .penalties("2026-03-31T00:00")
        == []
    )
    p2 = Incident.open(CONTRACT, level="P2", reported_at="2026-03-02T10:00", region="北京")
    assert p2.penalties("2026-03-31T00:00") == []


def test_rounding_needs_units_and_prorata_says_so() -> None:
    """A rounding on a penalty with no unit is refused; a pro rata rule says it is pro rata."""
    with pytest.raises(ContractError, match=r"^rounding: 'prorata' counts units of lateness"):
        PenaltyRule(fixed="1000", rounding="prorata")
    assert PenaltyRule(per="1h", amount="500", rounding="prorata").describe() == "500 per 1h late, pro rata"


def test_an_availability_fee_finer_than_the_currency_is_refused() -> None:
    """A service's fee of 200000.5 in a contract paid in yen is refused at its place."""
    his = CONTRACT.availability_target("his")
    services = {**CONTRACT.availability_targets, "his": attrs.evolve(his, fee="200000.5")}
    terms = PenaltyTerms(currency="JPY")
    with pytest.raises(ContractError, match=r"^availability\.his\.fee: '200000.5' has 1 decimal places"):
        attrs.evolve(
            CONTRACT, availability_targets=services, penalty_terms=terms, levels=_without_penalties()
        )


def _without_penalties() -> list[object]:
    return [
        attrs.evolve(lv, targets={m: attrs.evolve(t, penalty=None) for m, t in lv.targets.items()})
        for lv in CONTRACT.levels
    ]
