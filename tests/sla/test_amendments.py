"""`Amendment` and a contract's versions (sla/_amendments.py): terms replaced from a date, picked by
each ticket's report instant in `deadlines` and `Incident`; `at`; the refusals.

The hand-worked case is the issue's (#29 §4) and the example contract's ``[[amendments]]``:
"自2026年7月1日起, 一级故障响应时间调整为15分钟" — a P1's response, 30 minutes on the 7×24 hotline
before, 15 minutes for faults reported from 2026-07-01 00:00 Beijing time (UTC+8) on.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import Amendment, ContractError, Incident, Target, load_contract
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


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # dues late in 2026 reach 2027
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
