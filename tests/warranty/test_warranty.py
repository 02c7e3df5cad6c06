"""Warranty validity and claims (warranty/_warranty.py, domain.md §4), with the arithmetic written down.

``CN_5X8`` is 5×8 in Asia/Shanghai with China's statutory days; ``PLAIN_5X8`` has no country
(Mon-Fri working days) for years whose Chinese schedule is not published yet. 2026 National Day
(from the published notice, as the holidays package has it): 1-7 October off, Sun 20 September and
Sat 10 October worked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicelevel import (
    INCLUSIVE,
    BusinessCalendar,
    CountingRule,
    FaultLevel,
    HolidayDataWarning,
    ServiceLevelError,
    Target,
)
from servicelevel.warranty import Claim, Warranty, WarrantyError
from tests.conftest import CN_5X8, CONTRACT, PLAIN_5X8

W = Warranty(
    starts="2023-06-15", term="3年", calendar=CN_5X8, components={"disk": "5年"}, consumables=["toner"]
)


class TestTerm:
    def test_term_and_extension_are_one_period(self) -> None:
        """A term and its extension are counted as one period to the corresponding day."""
        # 3年 + 6个月 from 2023-06-15: 42 months, the corresponding day Tue 2026-12-15 (art. 202).
        w = Warranty(starts="2023-06-15", term="3年", extension="6个月", calendar=CN_5X8)
        assert w.last_day == dt.date(2026, 12, 15)

    def test_acceptance_on_a_leap_day(self) -> None:
        """From a leap day the term ends on the month's last day, rolled to a working day unless inclusive."""
        # From Thu 2024-02-29, 3 years: 2027 has no 29 February, so the month's last day, Sun 2027-02-28
        # (art. 202); a rest day, so the Civil Code ends it on Mon 2027-03-01 (art. 203). Inclusively,
        # 2027-02-28 itself (no roll).
        assert Warranty(starts="2024-02-29", term="3年", calendar=PLAIN_5X8).last_day == dt.date(2027, 3, 1)
        inclusive = Warranty(starts="2024-02-29", term="3年", calendar=PLAIN_5X8, rule=INCLUSIVE)
        assert inclusive.last_day == dt.date(2027, 2, 28)

    def test_last_day_inside_a_public_holiday(self) -> None:
        """A last day on a public holiday rolls to the first working day after it, unless inclusive."""
        # From 2023-10-01, 3 years end on 2026-10-01, National Day: rolled to Thu 8 October, the first
        # working day after the holiday. Inclusively the day before the corresponding day, Wed 30 September.
        assert Warranty(starts="2023-10-01", term="3年", calendar=CN_5X8).last_day == dt.date(2026, 10, 8)
        assert Warranty(starts="2023-10-01", term="3年", calendar=CN_5X8, rule=INCLUSIVE).last_day == dt.date(
            2026, 9, 30
        )

    def test_component_outlives_the_system(self) -> None:
        """A component's own term outlives the system's, and the assumed 2028 schedule is warned about."""
        # The disk's maker gives 5 years: 2028-06-15 (a Thursday); the system's 3 years end Mon 2026-06-15.
        #
        # China's 2028 schedule is not published yet: the answer says what it assumed.
        fresh = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
        w = Warranty(starts="2023-06-15", term="3年", components={"disk": "5年"}, calendar=fresh)
        assert w.last_day == dt.date(2026, 6, 15)
        with pytest.warns(HolidayDataWarning, match="CN 2028"):
            assert w.last_day_of("disk") == dt.date(2028, 6, 15)
        d = w.assess(Claim(on="2027-01-04", component="disk"))
        assert (d.covered, d.until, [r.code for r in d.reasons]) == (
            True,
            dt.date(2028, 6, 15),
            ["component_term"],
        )
        assert not w.assess(Claim(on="2027-01-04", component="board")).covered

    def test_start_from_a_contract_event(self) -> None:
        """A warranty starting from an event needs the event's date before it has a last day."""
        w = Warranty(starts="acceptance", term="3年", calendar=CN_5X8)
        with pytest.raises(WarrantyError, match=r"starts: .*'acceptance', whose date is not known yet"):
            _ = w.last_day
        assert w.with_event("acceptance", "2023-06-15").last_day == dt.date(2026, 6, 15)

    def test_start_from_installation(self) -> None:
        """A warranty may start from the end of installation (安装调试完毕之日起), as letters date them."""
        w = Warranty(starts="installation", term="3年", calendar=CN_5X8)
        assert w.with_event("installation", "2023-06-15").last_day == dt.date(2026, 6, 15)

    @given(
        st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)),
        st.sampled_from(["1年", "3年", "18个月", "90天"]),
    )
    def test_valid_from_start_to_last_day(self, start: dt.date, term: str) -> None:
        """A warranty is valid from its start to its last day, and not a day outside them."""
        # is_valid holds on the start and the last day, and not the day after or the day before.
        w = Warranty(starts=start, term=term, calendar=PLAIN_5X8)
        assert w.is_valid(start)
        assert w.is_valid(w.last_day)
        assert not w.is_valid(w.last_day + dt.timedelta(days=1))
        assert not w.is_valid(start - dt.timedelta(days=1))

    def test_is_valid_reads_an_instant_in_the_calendars_zone(self) -> None:
        """An instant is read as a day in the calendar's zone: evening in New York is the next day in Shanghai."""
        # 2026-06-15T20:00 in New York is already 16 June in Shanghai: past the last day.
        from zoneinfo import ZoneInfo

        late = dt.datetime(2026, 6, 15, 20, tzinfo=ZoneInfo("America/New_York"))
        assert not W.is_valid(late)
        assert W.is_valid(dt.datetime(2026, 6, 15, 20, tzinfo=ZoneInfo("Asia/Shanghai")))


class TestClaims:
    def test_covered_says_why_and_until(self) -> None:
        """A covered claim says why and until when, in English and Chinese."""
        d = W.assess(Claim(on="2026-06-15"))
        assert (d.covered, d.until) == (True, dt.date(2026, 6, 15))
        assert d.texts() == ["covered: within the warranty until 2026-06-15"]
        assert d.texts("zh") == ["在保修期内，保修至2026-06-15"]

    def test_expired(self) -> None:
        """A claim the day after the last day is expired, in English and Chinese."""
        d = W.assess(Claim(on="2026-06-16"))
        assert (d.covered, d.until) == (False, None)
        assert d.texts() == ["expired on 2026-06-15, its last covered day"]
        assert d.texts("zh") == ["保修期已于2026-06-15届满"]

    def test_not_started(self) -> None:
        """A claim before the start says the warranty had not started."""
        assert W.assess(Claim(on="2023-06-14")).texts() == [
            "the warranty starts on 2023-06-15; the claim on 2023-06-14 is before it"
        ]

    def test_the_day_before_and_the_day_of_a_voiding_event(self) -> None:
        """A voiding event voids claims from its own day on, not the day before."""
        history = [("self_disassembly", "2025-03-02")]
        before = W.assess(Claim(on="2025-03-01", events=history))
        after = W.assess(Claim(on="2025-03-02", events=history))
        assert before.covered
        assert not after.covered
        assert after.texts() == ["voided on 2025-03-02 by self-disassembly"]
        assert after.texts("zh") == ["因自行拆机，保修自2025-03-02起失效"]

    def test_consumable(self) -> None:
        """A consumable is not covered."""
        d = W.assess(Claim(on="2024-01-02", component="toner"))
        assert not d.covered
        assert [r.code for r in d.reasons] == ["consumable"]

    def test_every_reason_is_reported(self) -> None:
        """Every reason against a claim is reported, in the order of checking."""
        # Two excluded causes and an expiry: three reasons, in that order of checking.
        d = W.assess(Claim(on="2026-07-01", causes=["lightning", "rodents"]))
        assert [r.code for r in d.reasons] == ["expired", "excluded_cause", "excluded_cause"]
        assert d.texts()[1:] == [
            "cause 'lightning' is excluded (force majeure)",
            "cause 'rodents' is excluded",
        ]
        assert d.texts("zh")[1] == "因雷击造成的损坏不在保修范围内（不可抗力）"

    def test_unknown_cause_lists_the_known_ones(self) -> None:
        """An unknown cause is refused, listing the known ones."""
        with pytest.raises(
            WarrantyError, match=r"causes: unknown cause 'meteor'; expected one of misuse, environment"
        ) as e:
            W.assess(Claim(on="2024-01-02", causes=["meteor"]))
        assert isinstance(e.value, ServiceLevelError)

    def test_unknown_event_lists_the_known_ones(self) -> None:
        """An unknown voiding event is refused, listing the known ones."""
        with pytest.raises(
            WarrantyError,
            match=r"events: unknown event 'repainted'; expected one of upgrade, self_disassembly",
        ):
            W.assess(Claim(on="2024-01-02", events=[("repainted", "2023-12-01")]))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"on": "someday"}, r"^on: expected a date"),
            ({"on": dt.datetime(2024, 1, 2, 10)}, r"^on: .* naive datetime"),
            ({"on": "2024-01-02", "events": [("upgrade",)]}, r"^events: expected \(kind, date\) pairs"),
            ({"on": "2024-01-02", "causes": [5]}, r"^causes: expected cause codes"),
        ],
    )
    def test_bad_claims(self, kwargs: dict[str, object], message: str) -> None:
        """Each malformed claim is refused with the field named."""
        with pytest.raises(WarrantyError, match=message):
            Claim(**kwargs)  # type: ignore[arg-type]

    @given(
        st.dates(dt.date(2023, 6, 15), dt.date(2026, 6, 15)),
        st.lists(st.sampled_from(["misuse", "fire", "liquid", "virus"]), max_size=2),
        st.lists(
            st.tuples(
                st.sampled_from(["upgrade", "self_disassembly"]),
                st.dates(dt.date(2023, 1, 1), dt.date(2027, 1, 1)),
            ),
            max_size=2,
        ),
    )
    def test_excluded_cause_or_earlier_voiding_means_not_covered(
        self, on: dt.date, causes: list[str], events: list[tuple[str, dt.date]]
    ) -> None:
        """A claim is covered exactly when it has no excluded cause and no earlier voiding event."""
        d = W.assess(Claim(on=on, causes=causes, events=events))
        voided = any(day <= on for _, day in events)
        assert d.covered == (not causes and not voided)


PLAIN_SOLD = Warranty(starts="2026-03-02", term="1年", calendar=PLAIN_5X8, consumer=True)


class TestThreeGuarantees:
    """三包 on a consumer sale on Mon 2026-03-02 (Civil Code counting: the sale day not counted; Mon-Fri)."""

    SOLD = Warranty(starts="2026-03-02", term="1年", calendar=PLAIN_5X8, consumer=True)

    def test_return_exchange_repair(self) -> None:
        """Return, exchange and repair end after 7 days, 15 days and the warranty's term."""
        # 7 days end Mon 9 March; 15 days end Tue 17 March; the 1-year warranty ends Tue 2027-03-02.
        assert self.SOLD.remedies("2026-03-09") == {"return", "exchange", "repair"}
        assert self.SOLD.remedies("2026-03-10") == {"exchange", "repair"}
        assert self.SOLD.remedies("2026-03-18") == {"repair"}

    def test_a_repair_works_for_30_days(self) -> None:
        """A repair is covered for 30 days, even past the warranty's end."""
        # Repaired Sat 2027-02-20: 30 days end Mon 2027-03-22, past the warranty's Tue 2027-03-02.
        assert "repair" not in PLAIN_SOLD.remedies("2027-03-10")
        assert "repair" in PLAIN_SOLD.remedies("2027-03-10", repaired_on="2027-02-20")
        assert "repair" not in PLAIN_SOLD.remedies("2027-03-23", repaired_on="2027-02-20")

    def test_only_for_consumers(self) -> None:
        """The three guarantees apply to consumer sales only."""
        with pytest.raises(WarrantyError, match="consumer=True"):
            W.remedies("2024-01-02")


NAMES = {
    "Target": Target,
    "FaultLevel": FaultLevel,
    "CountingRule": CountingRule,
    "Warranty": Warranty,
    "BusinessCalendar": BusinessCalendar,
}


class TestRepr:
    def test_warranty_rebuilds(self) -> None:
        """The example contract's warranty repr rebuilds an equal warranty."""
        w = CONTRACT.warranty
        assert w is not None
        assert eval(repr(w), NAMES) == w
