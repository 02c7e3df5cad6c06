"""Availability targets and the scalar rule (sla/_availability.py), worked by hand.

Calendars: ``HOTLINE`` is 7×24 in Asia/Shanghai (every hour counts), ``CN_5X8`` 09:00-17:00 on
China's working days. March 2026 starts on a Sunday and has no statutory day off in China: 22
working days (2-6, 9-13, 16-20, 23-27, 30, 31), 176 h on 5×8; 31 × 24 = 744 h on 7×24; April 720 h.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from servicelevel import (
    Availability,
    AvailabilityTarget,
    BusinessCalendar,
    Contract,
    CreditBand,
    FaultLevel,
    Target,
)
from servicelevel.errors import ContractError
from tests.conftest import CN_5X8, HOTLINE

H = dt.timedelta(hours=1)
BANDS = [
    CreditBand(below="99.9%", credit="5%"),
    CreditBand(below="99.5%", credit="10%"),
    CreditBand(below="99%", credit="25%"),
]
HIS = AvailabilityTarget(target="99.9%", calendar=HOTLINE, exclude=["planned"], credits=BANDS, fee="200000")
MARCH = ("2026-03-01", "2026-04-01")


def march(
    cal: BusinessCalendar, *outages: tuple[str, str | None] | tuple[str, str | None, str]
) -> Availability:
    return AvailabilityTarget(target="99%", calendar=cal, exclude=["planned"]).measure(outages, *MARCH)


class TestValues:
    def test_target_and_bands_read_as_exact_shares(self) -> None:
        """'99.9%', 0.999 (as a TOML float) and Decimal('0.999') are one target; bands likewise."""
        for given in ("99.9%", 0.999, Decimal("0.999")):
            assert Decimal("0.999") == AvailabilityTarget(target=given, calendar=HOTLINE).target
        assert (Decimal("0.995"), Decimal("0.1")) == (BANDS[1].below, BANDS[1].credit)

    def test_defaults(self) -> None:
        """By default: monthly, nothing excluded, kinds unplanned and planned, no bands, no fee."""
        t = AvailabilityTarget(target="99%", calendar=HOTLINE)
        assert ("month", (), ("unplanned", "planned"), (), None) == (
            t.period,
            t.exclude,
            t.kinds,
            t.credits,
            t.fee,
        )

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"target": "100.1%"}, r"^target: expected a percentage such as .* \(0 to 100 %\)"),
            ({"target": "0%"}, r"^target: expected a share above 0 %"),
            ({"target": "99.9"}, r"^target: expected a percentage"),
            ({"target": Decimal("0.9999999999999")}, r"^target: expected at most 12 decimal places"),
            ({"period": "week"}, r"^period: expected 'month', 'quarter' or 'year'"),
            ({"calendar": "hotline"}, r"^calendar: expected a BusinessCalendar"),
            ({"exclude": ["maintenance"]}, r"^exclude: unknown outage kind 'maintenance'"),
            ({"exclude": "planned"}, r"^exclude: expected a list of outage kinds"),
            ({"kinds": ["a", "a"]}, r"^kinds: a kind is named twice"),
            ({"fee": "-1"}, r"^fee: expected an amount from 0"),
            ({"fee": 200000.0}, r"^fee: expected an exact amount .* \(never a float\)"),
            ({"fee": "lots"}, r"^fee: expected an amount such as '200000'"),
            (
                {"credits": [BANDS[1], BANDS[0]]},
                r"^credits\[1\]\.below: 99\.9% is not below the floor before it",
            ),
            ({"credits": [BANDS[0], BANDS[0]]}, r"^credits\[1\]\.below: 99\.9% is not below"),
            (
                {"credits": [BANDS[0], CreditBand(below="99%", credit="5%")]},
                r"^credits\[1\]\.credit: 5% is not more than the credit above it",
            ),
            (
                {"credits": [CreditBand(below="99.95%", credit="5%")]},
                r"^credits\[0\]\.below: 99\.95% is above",
            ),
            ({"credits": [{"below": "99%", "credit": "5%"}]}, r"^credits\[0\]: expected a CreditBand"),
        ],
    )
    def test_bad_input_names_the_field(self, options: dict[str, object], message: str) -> None:
        """A target over 100 %, bands out of order or overlapping, a negative or float fee: refused."""
        given: dict[str, object] = {"target": "99.9%", "calendar": HOTLINE, **options}
        with pytest.raises(ContractError, match=message):
            AvailabilityTarget(**given)  # type: ignore[arg-type]

    def test_negative_credit_is_refused(self) -> None:
        """A credit band's share is a percentage from 0 to 100."""
        with pytest.raises(ContractError, match=r"^credit: expected a percentage"):
            CreditBand(below="99%", credit="-5%")


class TestRule:
    def test_five_by_eight_month(self) -> None:
        """March on 5×8: 176 h open, 1 h planned → 175 h scheduled; 4 h down → 1 - 4/175."""
        a = march(
            CN_5X8,
            ("2026-03-02T09:00", "2026-03-02T13:00"),  # Mon 09:00-13:00: 4 h
            ("2026-03-03T12:00", "2026-03-03T13:00", "planned"),  # 1 h planned
        )
        assert (175 * H, 4 * H, 1) == (a.scheduled, a.down, a.outages)
        # 171/175 = 0.977142857142857…, rounded down to 12 places
        assert Decimal("0.977142857142") == a.availability
        assert a.met is False

    def test_night_outage_does_not_count_on_five_by_eight(self) -> None:
        """An outage from 20:00 to 08:00 is outside 5×8's hours: no down time, no outage counted."""
        a = march(CN_5X8, ("2026-03-02T20:00", "2026-03-03T08:00"))
        assert (176 * H, dt.timedelta(0), 0, Decimal(1)) == (a.scheduled, a.down, a.outages, a.availability)

    def test_night_outage_counts_on_seven_by_twenty_four(self) -> None:
        """The same 12 h on 7×24 are down: 732/744 = 61/62 = 0.983870967741935…"""
        a = march(HOTLINE, ("2026-03-02T20:00", "2026-03-03T08:00"))
        assert (744 * H, 12 * H, 1) == (a.scheduled, a.down, a.outages)
        assert Decimal("0.983870967741") == a.availability

    def test_overlapping_duplicate_and_touching_outages_merge(self) -> None:
        """10-12, 11-13, 10-12 again and 13-14 are one outage of 4 h: 740/744 = 0.994623655913978…"""
        a = march(
            HOTLINE,
            ("2026-03-02T10:00", "2026-03-02T12:00"),
            ("2026-03-02T11:00", "2026-03-02T13:00"),
            ("2026-03-02T10:00", "2026-03-02T12:00"),
            ("2026-03-02T13:00", "2026-03-02T14:00"),
        )
        assert (4 * H, 1) == (a.down, a.outages)
        assert Decimal("0.994623655913") == a.availability

    def test_planned_time_is_neither_scheduled_nor_down(self) -> None:
        """Unplanned 10-14 under planned 12-16: scheduled 744 - 4 = 740 h, down 4 - 2 = 2 h."""
        a = march(
            HOTLINE,
            ("2026-03-02T10:00", "2026-03-02T14:00", "unplanned"),
            ("2026-03-02T12:00", "2026-03-02T16:00", "planned"),
        )
        assert (740 * H, 2 * H, 1) == (a.scheduled, a.down, a.outages)
        assert Decimal("0.997297297297") == a.availability  # 738/740 = 0.9972972…

    def test_outage_inside_planned_time_counts_nothing(self) -> None:
        """An unplanned outage wholly inside a planned window has no down time and is not counted."""
        a = march(
            HOTLINE,
            ("2026-03-02T11:00", "2026-03-02T12:00"),
            ("2026-03-02T10:00", "2026-03-02T14:00", "planned"),
        )
        assert (740 * H, dt.timedelta(0), 0) == (a.scheduled, a.down, a.outages)

    def test_outage_across_a_period_boundary_is_split(self) -> None:
        """31 Mar 22:00 - 1 Apr 02:00: 2 h in March (742/744), 2 h in April (718/720)."""
        outage = [("2026-03-31T22:00", "2026-04-01T02:00")]
        periods = HIS.periods("2026-03-31T22:00", "2026-04-01T02:00")
        assert [dt.date(2026, 3, 1), dt.date(2026, 4, 1)] == [p.first for p in periods]
        got = [HIS.measure(outage, p.start, p.end) for p in periods]
        assert [2 * H, 2 * H] == [a.down for a in got]
        assert [Decimal("0.997311827956"), Decimal("0.997222222222")] == [a.availability for a in got]

    def test_open_outage_needs_at_which_ends_the_window(self) -> None:
        """An outage open since 2 Mar 10:00, measured at 12:00: the window is 1 Mar 00:00 - 2 Mar 12:00
        (36 h), 2 h of it down: 34/36."""
        with pytest.raises(ContractError, match=r"^outages\[0\]\.end: the outage is still open"):
            HIS.measure([("2026-03-02T10:00", None)], *MARCH)
        a = HIS.measure([("2026-03-02T10:00", None)], *MARCH, at="2026-03-02T12:00")
        assert (36 * H, 2 * H) == (a.scheduled, a.down)
        assert Decimal("0.944444444444") == a.availability
        assert HOTLINE.instant("2026-03-02T12:00") == a.end

    def test_nothing_scheduled_is_full_availability_and_says_so(self) -> None:
        """A weekend on 5×8 schedules nothing: availability 1, met, and the note says why."""
        t = AvailabilityTarget(target="99.9%", calendar=CN_5X8)
        a = t.measure([("2026-03-07T10:00", "2026-03-07T12:00")], "2026-03-07", "2026-03-09")
        assert (dt.timedelta(0), Decimal(1), True) == (a.scheduled, a.availability, a.met)
        assert "nothing was scheduled" in a.note
        assert "" == HIS.measure([], *MARCH).note

    @pytest.mark.parametrize(
        ("down", "availability", "met", "credit", "amount"),
        [
            # April on 7×24: 720 h = 43,200 min; 0.1 % of it is 43.2 min
            (dt.timedelta(minutes=36), "0.999166666666", True, "0", "0.00"),
            (dt.timedelta(minutes=43.2), "0.999", True, "0", "0.00"),  # exactly the target: met
            (dt.timedelta(minutes=43.2, microseconds=1), "0.998999999999", False, "0.05", "10000.00"),
            (dt.timedelta(hours=3), "0.995833333333", False, "0.05", "10000.00"),  # 1 - 180/43200
            (dt.timedelta(hours=3, minutes=36), "0.995", False, "0.05", "10000.00"),  # not below 99.5 %
            (dt.timedelta(hours=4), "0.994444444444", False, "0.1", "20000.00"),  # 1 - 240/43200
            (dt.timedelta(hours=8), "0.988888888888", False, "0.25", "50000.00"),  # 1 - 480/43200
        ],
    )
    def test_credit_band_with_the_lowest_floor_the_result_is_below(
        self, down: dt.timedelta, availability: str, met: bool, credit: str, amount: str
    ) -> None:
        """Bands 99.9 % → 5 %, 99.5 % → 10 %, 99 % → 25 % of a 200,000 fee, decided on the exact ratio."""
        start = HOTLINE.instant("2026-04-10T00:00")
        a = HIS.measure([(start, start + down)], "2026-04-01", "2026-05-01")
        assert (Decimal(availability), met) == (a.availability, a.met)
        assert (Decimal(credit), Decimal(amount)) == (a.credit, a.credit_amount)

    def test_without_a_fee_no_amount(self) -> None:
        """Without a fee the credit stays a share and credit_amount is None."""
        t = AvailabilityTarget(target="99.9%", calendar=HOTLINE, credits=BANDS)
        a = t.measure([("2026-04-10T00:00", "2026-04-10T08:00")], "2026-04-01", "2026-05-01")
        assert (Decimal("0.25"), None) == (a.credit, a.credit_amount)

    def test_periods_start_at_local_midnight_of_the_first(self) -> None:
        """Months, quarters and years begin at 00:00 in the calendar's zone: November 2026 in New York
        has 721 h (summer time ends on Sunday 1 November), 2026-Q1 begins 1 January."""
        ny = BusinessCalendar.preset("7x24", tz="America/New_York")
        t = AvailabilityTarget(target="99%", calendar=ny)
        (nov,) = t.periods("2026-11-15T00:00", "2026-11-16T00:00")
        assert (dt.date(2026, 11, 1), "2026-11-01T00:00:00-04:00", "2026-12-01T00:00:00-05:00") == (
            nov.first, nov.start.isoformat(), nov.end.isoformat())  # fmt: skip
        assert 721 * H == t.measure([], nov.start, nov.end).scheduled
        q = AvailabilityTarget(target="99%", calendar=HOTLINE, period="quarter")
        assert [dt.date(2026, 1, 1), dt.date(2026, 4, 1)] == [
            p.first for p in q.periods("2026-03-31T00:00", "2026-04-02T00:00")
        ]
        y = AvailabilityTarget(target="99%", calendar=HOTLINE, period="year")
        assert [dt.date(2026, 1, 1)] == [p.first for p in y.periods("2026-06-01", "2026-06-01")]

    @pytest.mark.parametrize(
        ("outages", "message"),
        [
            (
                [("2026-03-02T12:00", "2026-03-02T10:00")],
                r"^outages\[0\]\.end: the outage ends before it starts",
            ),
            (
                [("2026-03-02T10:00", "2026-03-02T12:00", "planed")],
                r"^outages\[0\]\.kind: unknown outage kind 'planed'",
            ),
            ([("2026-03-02T10:00",)], r"^outages\[0\]: expected \(start, end\) or \(start, end, kind\)"),
            ([("soon", "2026-03-02T10:00")], r"^outages\[0\]\.start: "),
            ("2026-03-02T10:00", r"^outages: expected"),
        ],
    )
    def test_bad_outages_name_the_outage(self, outages: object, message: str) -> None:
        """An outage ending before it starts, of an unknown kind, or malformed: refused, named."""
        with pytest.raises(ContractError, match=message):
            HIS.measure(outages, *MARCH)  # type: ignore[arg-type]

    def test_window_ending_before_it_starts(self) -> None:
        """A window whose end is before its start is refused."""
        with pytest.raises(ContractError, match=r"^end: "):
            HIS.measure([], "2026-04-01", "2026-03-01")


class TestContract:
    CONTRACT = Contract(
        id="a",
        calendars={"hotline": HOTLINE},
        levels=[FaultLevel(key="P1", targets={"response": Target(within="30m", calendar="hotline")})],
        availability_targets={"his": HIS},
    )

    def test_lookup(self) -> None:
        """contract.availability_target(name) is the service's target; the mapping is read-only."""
        assert HIS == self.CONTRACT.availability_target("his")
        with pytest.raises(TypeError):
            self.CONTRACT.availability_targets["x"] = HIS  # type: ignore[index]

    def test_unknown_service(self) -> None:
        """An unknown service names the ones the contract promises."""
        with pytest.raises(ContractError, match=r"^service: unknown service 'lis'; .* availability of his"):
            self.CONTRACT.availability_target("lis")

    def test_targets_must_be_targets(self) -> None:
        """availability_targets holds AvailabilityTarget values under non-empty keys."""
        with pytest.raises(
            ContractError, match=r"^availability_targets\['his'\]: expected an AvailabilityTarget"
        ):
            Contract(id="a", calendars={"h": HOTLINE}, levels=[], availability_targets={"his": "99%"})  # type: ignore[dict-item]
        with pytest.raises(ContractError, match=r"^availability_targets: service keys are non-empty text"):
            Contract(id="a", calendars={"h": HOTLINE}, levels=[], availability_targets={"": HIS})


def test_a_month_starts_at_its_first_midnight_where_midnight_repeats() -> None:
    """America/Havana leaves summer time on Sunday 1 November 2026 at 01:00, back to 00:00: the
    day has two midnights, 04:00 UTC (-4) and 05:00 UTC (-5). November starts at the first, where
    October ends (744 h = 31 × 24 from 1 October 04:00 UTC); it runs to 1 December 05:00 UTC (-5):
    30 days and the hour repeated, 721 h of a 7×24 service."""
    cal = BusinessCalendar.preset("7x24", tz="America/Havana")
    his = AvailabilityTarget(target="99%", calendar=cal)
    october, november = his.periods("2026-10-15T00:00", "2026-11-15T00:00")
    # as UTC instants: an aware time in a repeated hour never equals another zone's (PEP 495)
    start, end = november.start.timestamp(), november.end.timestamp()
    assert start == dt.datetime(2026, 11, 1, 4, tzinfo=dt.UTC).timestamp() == october.end.timestamp()
    assert october.end.timestamp() - october.start.timestamp() == 744 * 3600
    assert end == dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC).timestamp()
    a = his.measure([], "2026-11-01", "2026-12-01")  # dates: each its first instant
    assert a.scheduled == dt.timedelta(hours=721)
