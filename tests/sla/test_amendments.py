"""`Amendment` and a contract's versions (sla/_amendments.py): terms replaced from a date, picked by
each ticket's report instant in `deadlines` and `Incident`; `at`; the refusals.

The hand-worked case is the issue's (#29 §4) and the example contract's ``[[amendments]]``:
"自2026年7月1日起, 一级故障响应时间调整为15分钟" — a P1's response, 30 minutes on the 7×24 hotline
before, 15 minutes for faults reported from 2026-07-01 00:00 Beijing time (UTC+8) on.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import (
    Amendment,
    BusinessCalendar,
    Contract,
    ContractError,
    FaultLevel,
    Incident,
    Target,
    load_contract,
)
from servicelevel.errors import InvalidInstantError, InvalidOptionError, NaiveDatetimeError
from servicelevel.strategies import contracts
from tests.conftest import CONTRACT, EXAMPLE_TEXT

TZ = "Asia/Shanghai"
NEW_P1 = {"P1": {"response": Target(within="15分钟", calendar="hotline")}}


def _amended(*amendments: Amendment) -> object:
    return attrs.evolve(CONTRACT, amendments=amendments)


class TestVersionAtTheReport:
    def test_deadlines_either_side_of_midnight(self) -> None:
        """A P1 reported 23:50 on 30 June is due 30 min later (00:20); one at 00:10 on 1 July 15 min later (00:25)."""
        before = CONTRACT.deadlines("P1", reported_at="2026-06-30T23:50")["response"]
        after = CONTRACT.deadlines("P1", reported_at="2026-07-01T00:10")["response"]
        assert before.due == pendulum.datetime(2026, 7, 1, 0, 20, tz=TZ)  # 23:50 + 30 min, 7×24
        assert after.due == pendulum.datetime(2026, 7, 1, 0, 25, tz=TZ)  # 00:10 + 15 min
        assert (before.terms, after.terms) == ("", "amendment 补充协议第3条, from 2026-07-01")

    def test_the_amendments_instant_is_midnight_in_the_home_zone(self) -> None:
        """2026-06-30T16:00Z is 2026-07-01 00:00 in Beijing: the new term; a microsecond before, the old one."""
        at = CONTRACT.deadlines("P1", reported_at="2026-06-30T16:00:00+00:00")["response"]
        just_before = CONTRACT.deadlines("P1", reported_at="2026-06-30T15:59:59.999999+00:00")["response"]
        assert at.due == pendulum.datetime(2026, 7, 1, 0, 15, tz=TZ)  # 00:00 + 15 min
        assert just_before.due == pendulum.datetime(2026, 7, 1, 0, 29, 59, 999999, tz=TZ)  # + 30 min

    def test_incident_keeps_the_terms_of_its_report(self) -> None:
        """Incident: responded at 00:18 is met for the 23:50 report (due 00:20); at 00:28 breached for the 00:10 one (due 00:25)."""
        old = Incident.open(CONTRACT, level="P1", reported_at="2026-06-30T23:50").responded(
            "2026-07-01T00:18"
        )
        new = Incident.open(CONTRACT, level="P1", reported_at="2026-07-01T00:10").responded(
            "2026-07-01T00:28"
        )
        at = "2026-07-01T01:00"
        assert old.status(at)["response"].state == "met"
        assert old.status(at)["response"].due == pendulum.datetime(2026, 7, 1, 0, 20, tz=TZ)
        assert new.status(at)["response"].state == "breached"
        assert new.status(at)["response"].due == pendulum.datetime(2026, 7, 1, 0, 25, tz=TZ)

    def test_other_targets_are_unchanged(self) -> None:
        """The amendment names P1's response only: P1's resolution and P2's response stay as signed."""
        assert CONTRACT.at("2026-07-01").level("P2") == CONTRACT.level("P2")
        assert CONTRACT.at("2026-07-01").level("P1").target("resolution") == CONTRACT.level("P1").target(
            "resolution"
        )

    def test_the_explanation_names_the_version(self) -> None:
        """`Deadline.explain` notes whose terms set the due."""
        d = CONTRACT.deadlines("P1", reported_at="2026-07-01T00:10")["response"]
        assert "terms of amendment 补充协议第3条, from 2026-07-01" in str(d.explain())


class TestAt:
    def test_versions_accumulate_in_date_order(self) -> None:
        """Two amendments: 15 min from 1 July, then 10 min from 1 October; each date gets its own term."""
        c = _amended(
            Amendment(from_="2026-07-01", levels=NEW_P1),
            Amendment(
                from_="2026-10-01", levels={"P1": {"response": Target(within="10m", calendar="hotline")}}
            ),
        )
        minutes = [
            c.at(day).level("P1").target("response").within
            for day in ("2026-06-30", "2026-07-01", "2026-09-30", "2026-10-01")
        ]  # type: ignore[attr-defined]
        assert minutes == [dt.timedelta(minutes=m) for m in (30, 15, 15, 10)]

    def test_a_version_has_no_amendments_left(self) -> None:
        """`at` gives a contract without amendments, equal for two days of one version."""
        v = CONTRACT.at("2026-08-15")
        assert v.amendments == ()
        assert v == CONTRACT.at(dt.date(2026, 7, 1))
        assert v.at("2020-01-01") is v  # nothing more to pick

    def test_an_instant_picks_like_a_report(self) -> None:
        """An instant is read as a report instant: 2026-07-01T00:00+08:00 is under the amendment."""
        assert CONTRACT.at("2026-07-01T00:00+08:00") == CONTRACT.at("2026-07-01")
        assert CONTRACT.at("2026-06-30T23:59:59+08:00") == CONTRACT.at("2026-06-30")

    def test_a_calendar_replaced(self) -> None:
        """The desk calendar made 7×24 from 2026-07-01: a P3 response reported Sat 4 July 10:00 is due 10:30, not on Monday."""
        c = CONTRACT
        seven = c.calendar("hotline")  # 7×24 Asia/Shanghai CN, as the amendment writes it
        amended = attrs.evolve(c, amendments=[Amendment(from_="2026-07-01", calendars={"desk": seven})])
        d = amended.deadlines("P3", reported_at="2026-07-04T10:00")["response"]
        assert d.due == pendulum.datetime(2026, 7, 4, 10, 30, tz=TZ)


class TestRefused:
    @pytest.mark.parametrize(
        ("amendments", "message"),
        [
            ([Amendment(from_="2026-08-01", levels=NEW_P1), Amendment(from_="2026-07-01", levels=NEW_P1)],
             r"amendments\[1\]\.from: 2026-07-01 is before the one before \(2026-08-01\)"),
            ([Amendment(from_="2026-07-01", levels=NEW_P1),
              Amendment(from_="2026-07-01", levels={"P1": {"response": Target(within="10m", calendar="hotline")}})],
             r"amendments\[1\]\.from: 2026-07-01 is the date of the one before too: .* overlap"),
            ([Amendment(from_="2025-12-31", levels=NEW_P1)],
             r"amendments\[0\]\.from: 2025-12-31 is outside the contract's term \(2026-01-01 to 2028-12-31\)"),
            ([Amendment(from_="2029-01-01", levels=NEW_P1)], r"amendments\[0\]\.from: 2029-01-01 is outside"),
            ([Amendment(from_="2026-07-01", levels={"P9": NEW_P1["P1"]})],
             r"amendments\[0\]\.levels\.P9: unknown level 'P9'; the contract defines P1, P2, P3"),
            ([Amendment(from_="2026-07-01", levels={"P3": {"on_site": Target(within="4h", calendar="hotline")}})],
             r"amendments\[0\]\.levels\.P3\.on_site: level P3 has no 'on_site' target"),
            ([Amendment(from_="2026-07-01", levels={"P1": {"response": Target(within="15m", calendar="night")}})],
             r"amendments\[0\]\.levels\.P1\.response\.calendar: unknown calendar 'night'"),
            ([Amendment(from_="2026-07-01", levels={"P1": {"response": Target(within="30m", calendar="hotline")}})],
             r"amendments\[0\]: the amendment from 2026-07-01 changes nothing"),
            ([Amendment(from_="2026-07-01")], r"amendments\[0\]: the amendment from 2026-07-01 changes nothing"),
        ],
    )  # fmt: skip
    def test_bad_amendments(self, amendments: list[Amendment], message: str) -> None:
        """Out of order, two of one date, outside the term, unknown names, changing nothing: each named."""
        with pytest.raises(ContractError, match=message):
            attrs.evolve(CONTRACT, amendments=amendments)

    def test_in_the_file_the_path_is_named(self) -> None:
        """A file's amendment naming an unknown level is refused with its path in the file."""
        text = EXAMPLE_TEXT.replace('levels = [{ key = "P1", response', 'levels = [{ key = "P7", response')
        with pytest.raises(ContractError, match=r"amendments\[0\]\.levels\.P7: unknown level 'P7'"):
            type(CONTRACT).from_toml(text)

    def test_a_bad_date(self) -> None:
        """``from_`` must be a date."""
        with pytest.raises(ContractError, match=r"from: expected a date such as 2026-07-01, got '1 July'"):
            Amendment(from_="1 July", levels=NEW_P1)


def test_the_example_round_trips() -> None:
    """The example contract with its amendment is read back equal from the TOML it writes."""
    assert type(CONTRACT).from_toml(CONTRACT.to_toml()) == CONTRACT
    assert load_contract("examples/contract.toml").amendments[0].reason == "补充协议第3条"


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # amendments up to 2029: CN 2027+
@settings(max_examples=30, deadline=None)
@given(contracts(amendments=True), st.data())
def test_generated_amendments_pick_by_report(contract: object, data: st.DataObject) -> None:
    """For a generated amendment, `deadlines` the day before its date equal the version before's, on its date the version after's."""
    from servicelevel import Contract

    assert isinstance(contract, Contract)
    a = contract.amendments[0]
    tz = contract.home_calendar.tz
    level = data.draw(st.sampled_from(sorted(a.levels)))
    for day, version in (
        (a.from_ - dt.timedelta(days=1), contract.versions[0]),
        (a.from_, contract.versions[1]),
    ):
        t = pendulum.datetime(day.year, day.month, day.day, 12, tz=tz)
        got = contract.deadlines(level, reported_at=t, out_of_term=True)
        want = version.deadlines(level, reported_at=t, out_of_term=True)
        assert {m: d.due for m, d in got.items()} == {m: d.due for m, d in want.items()}
    assert type(contract).from_toml(contract.to_toml()) == contract


# ---------------------------------------------------------------------------------- the oracle
# A version is in force from the first instant of its day in the home zone. The oracle finds that
# instant by bisecting UTC microseconds on "is the local date (zoneinfo) on or after the day?", and
# builds each version by hand with attrs.evolve; neither uses servicelevel's own reading of dates.
_ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Havana", "Atlantic/Azores",
          "America/Santiago", "Asia/Beirut", "Australia/Lord_Howe", "UTC"]  # fmt: skip
# 2026's clock changes in those zones, several at midnight (Havana, Azores, Santiago, Beirut)
_CHANGES = [dt.date(2026, 3, 8), dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 11, 1),
            dt.date(2026, 4, 5), dt.date(2026, 9, 6), dt.date(2026, 10, 4), dt.date(2026, 3, 28)]  # fmt: skip
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _first_instant(day: dt.date, zone: str) -> int:
    """Epoch µs of the first instant whose local date in ``zone`` is ``day`` or later."""
    z = ZoneInfo(zone)
    lo = (dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)
    lo, hi = lo - 2 * 86_400_000_000, lo + 2 * 86_400_000_000
    while hi - lo > 1:  # invariant: lo's local date is before the day, hi's is not
        mid = (lo + hi) // 2
        if (_EPOCH + dt.timedelta(microseconds=mid)).astimezone(z).date() >= day:
            hi = mid
        else:
            lo = mid
    return hi


def _by_hand(zone: str, days: list[dt.date]) -> tuple[Contract, list[Contract]]:
    """A contract amended on ``days`` (the P1 response 50, 40, 30 min), and its versions built by hand."""
    base = Contract(
        id="oracle", calendars={"h": BusinessCalendar.preset("7x24", tz=zone),
                                "d": BusinessCalendar.preset("5x8", tz=zone)},
        valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 31),
        levels=[FaultLevel(key="P1", targets={"response": Target(within="60m", calendar="h"),
                                              "resolution": Target(within="4h", calendar="d")})],
    )  # fmt: skip
    amendments, hand = [], [base]
    for i, day in enumerate(days):
        new = Target(within=dt.timedelta(minutes=50 - 10 * i), calendar="h")
        amendments.append(Amendment(from_=day, reason=f"No. {i + 1}", levels={"P1": {"response": new}}))
        lv = hand[-1].levels[0]
        hand.append(
            attrs.evolve(hand[-1], levels=[attrs.evolve(lv, targets={**lv.targets, "response": new})])
        )
    return attrs.evolve(base, amendments=amendments), hand


@given(
    st.sampled_from(_ZONES),
    st.lists(st.one_of(st.sampled_from(_CHANGES), st.dates(dt.date(2026, 1, 2), dt.date(2026, 12, 30))),
             min_size=1, max_size=3, unique=True).map(sorted),
    st.data(),
)  # fmt: skip
def test_versions_equal_contracts_built_by_hand(zone: str, days: list[dt.date], data: st.DataObject) -> None:
    """Near each amendment's first instant (±1 µs, ±1 h) and anywhere, at() and deadlines and evaluate equal the hand-built version."""
    contract, hand = _by_hand(zone, days)
    starts = [_first_instant(day, zone) for day in days]
    assert list(contract.version_starts) == starts
    reports = [s + d for s in starts for d in (-1, 0, 1, -3_600_000_000, 3_600_000_000)]
    reports.append(data.draw(st.integers(starts[0] - 10**13, starts[-1] + 10**13)))
    instants = [pendulum.instance(_EPOCH + dt.timedelta(microseconds=u)).in_tz(zone) for u in reports]
    dues = []
    for u, t in zip(reports, instants, strict=True):
        k = sum(s <= u for s in starts)  # the amendments in force
        assert contract.at(t) == hand[k]
        got = contract.deadlines("P1", reported_at=t, out_of_term=True)
        want = hand[k].deadlines("P1", reported_at=t, out_of_term=True)
        assert {m: d.due for m, d in got.items()} == {m: d.due for m, d in want.items()}
        dues.append(want)
        day = t.date()  # a date picks as a report at its first instant
        assert contract.at(day) == contract.at(day.isoformat()) == hand[sum(d <= day for d in days)]
    tickets = pd.DataFrame({"level": "P1", "reported_at": instants})
    frame = contract.evaluate(tickets, at=instants[0].add(years=2), out_of_term=True)
    for metric in ("response", "resolution"):
        assert frame[f"{metric}_due"].tolist() == [pd.Timestamp(d[metric].due) for d in dues]


def test_a_midnight_the_clock_repeats() -> None:
    """In the Azores the clock goes back from 01:00 to 00:00 on 25 Oct 2026: the amendment holds from the first 00:00."""
    # Atlantic/Azores: UTC+0 in summer, UTC-1 in winter; on Sun 25 Oct 2026 at 01:00 UTC the clock
    # goes from 01:00 back to 00:00, so the day begins at 00:00 (UTC+0) = 00:00 UTC. A report at
    # 00:30 UTC (00:30 local, the first time round) is on 25 Oct: new terms (50 min on 7×24 → 01:20
    # UTC). pendulum.datetime(2026, 10, 25, tz=…) gives the second midnight, 01:00 UTC.
    contract, _ = _by_hand("Atlantic/Azores", [dt.date(2026, 10, 25)])
    assert contract.version_starts == (_us_of(2026, 10, 25, 0, 0),)
    report = pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC")
    due = contract.deadlines("P1", reported_at=report)["response"].due
    assert due.in_tz("UTC") == pendulum.datetime(2026, 10, 25, 1, 20, tz="UTC")


def _us_of(*args: int) -> int:
    """Epoch µs of a UTC wall time."""
    return (dt.datetime(*args, tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)


class TestAtAndDiffArguments:
    @pytest.mark.parametrize(
        ("when", "error"),
        [("2026-13-01", InvalidInstantError), ("bogus", InvalidInstantError),
         (dt.datetime(2026, 7, 1), NaiveDatetimeError), (None, InvalidInstantError)],
    )  # fmt: skip
    def test_at_names_when(self, when: object, error: type[Exception]) -> None:
        """A date or instant at() cannot read is named ``when``, not the amendment's ``from`` nor ``t``."""
        with pytest.raises(error, match=r"^when: "):
            CONTRACT.at(when)  # type: ignore[arg-type]

    def test_diff_refuses_what_is_no_contract(self) -> None:
        """diff with something else than a Contract names ``other``, as what_if does (no AttributeError)."""
        with pytest.raises(InvalidOptionError, match=r"^other: expected a Contract .*got 'x'"):
            CONTRACT.diff("x")  # type: ignore[arg-type]
