"""A calendar per region (sla/_regions.py, issue #29 §1): a region's entry is a term or a table with
its own calendar and rule; the dues, `Incident`, `evaluate` and `replay` count on it alike.

The hand-worked cases use ``examples/contract.toml``: P1's visit is due in 24 h on the 7×24
hotline, in 2 h in 北京, and in 4 h in 乌鲁木齐 on ``xinjiang`` — 08:00-17:00 on China's working
days in Asia/Urumqi (UTC+6), i.e. 10:00-19:00 Beijing time: the working day two hours later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelevel import (
    INCLUSIVE,
    BusinessCalendar,
    Contract,
    ContractError,
    FaultLevel,
    Incident,
    RegionTarget,
    Target,
)
from servicelevel.io import contract_from_toml, contract_to_toml
from servicelevel.strategies import contracts, incidents
from tests.conftest import CONTRACT, EXAMPLE_TEXT
from tests.conftest import at as wall

URUMQI = "Asia/Urumqi"


class TestTarget:
    def test_the_target_in_force_per_region(self) -> None:
        """A region's table gives its term and calendar, a plain term keeps the target's calendar,
        an unlisted region (or none) the target's own; goal and penalty are inherited."""
        t = Target(within="24h", calendar="hotline", goal="95%", penalty={"fixed": "1000"},
                   regions={"北京": "2h", "乌鲁木齐": {"within": "4h", "calendar": "xinjiang"}})  # fmt: skip
        urumqi, beijing, other = t.for_region("乌鲁木齐"), t.for_region("北京"), t.for_region("上海")
        assert (urumqi.within, urumqi.calendar, urumqi.regions) == (dt.timedelta(hours=4), "xinjiang", ())
        assert (beijing.within, beijing.calendar) == (dt.timedelta(hours=2), "hotline")
        assert (other.within, other.calendar) == (dt.timedelta(hours=24), "hotline")
        assert t.for_region(None) == other
        assert urumqi.goal == 0.95
        assert urumqi.penalty == t.penalty
        assert [t.calendar_for(r) for r in ("乌鲁木齐", "北京", None)] == ["xinjiang", "hotline", "hotline"]
        assert t.term_for("乌鲁木齐") == dt.timedelta(hours=4)  # term_for still gives the term

    def test_a_region_may_have_its_own_rule(self) -> None:
        """A region's rule replaces the target's; without one it inherits the target's."""
        t = Target(within="3个工作日", calendar="support", rule=INCLUSIVE,
                   regions={"乌鲁木齐": {"within": "5个工作日", "calendar": "xinjiang"},
                            "拉萨": RegionTarget(within="5个工作日", rule=None, calendar="tibet")})  # fmt: skip
        assert t.for_region("乌鲁木齐").rule == INCLUSIVE
        own = Target(within="3个工作日", calendar="support", regions={"拉萨": {"within": "5 working days",
                                                                              "rule": INCLUSIVE}})  # fmt: skip
        assert (own.for_region("拉萨").rule, own.for_region("拉萨").calendar) == (INCLUSIVE, "support")
        assert own.for_region(None).rule is None

    def test_a_table_with_only_a_term_is_the_term(self) -> None:
        """``{within = "2h"}`` is the same promise as ``"2h"``: equal targets, equal files."""
        assert Target(within="24h", calendar="x", regions={"北京": {"within": "2h"}}) == Target(
            within="24h", calendar="x", regions={"北京": "2小时"}
        )

    def test_the_repr_rebuilds_and_shows_the_calendar(self) -> None:
        """The repr names a region's calendar, as a table the constructor takes back."""
        t = Target(
            within="24h",
            calendar="hotline",
            regions={"乌鲁木齐": RegionTarget(within="4h", calendar="xinjiang")},
        )
        assert repr(t) == (
            "Target(within='24h', calendar='hotline', regions={'乌鲁木齐': {'within': '4h', 'calendar': 'xinjiang'}})"
        )
        assert eval(repr(t), {"Target": Target}) == t

    @pytest.mark.parametrize(
        ("entry", "message"),
        [
            ({"within": "4h", "goal": 0.9}, r"regions\['乌鲁木齐'\]: unknown key 'goal'; a region's table accepts "
             r"within, calendar, rule"),
            ({"calendar": "xinjiang"}, r"regions\['乌鲁木齐'\]\.within: required"),
            ({"within": "4x"}, r"regions\['乌鲁木齐'\]\.within: cannot read '4x' as a term"),
            ({"within": "4h", "calendar": ""}, r"regions\['乌鲁木齐'\]\.calendar: expected the name of a calendar"),
            ({"within": "4h", "rule": "inclusive"}, r"regions\['乌鲁木齐'\]\.rule: expected a CountingRule"),
        ],
    )  # fmt: skip
    def test_bad_region_tables(self, entry: object, message: str) -> None:
        """A region's table says only within, calendar and rule, each of its kind; errors name the field."""
        with pytest.raises(ContractError, match=message):
            Target(within="24h", calendar="hotline", regions={"乌鲁木齐": entry})

    def test_an_unknown_region_calendar(self) -> None:
        """A region's calendar the contract does not define: the path, the name and the known ones."""
        level = FaultLevel(key="P1", targets={"on_site": Target(
            within="24h", calendar="hotline", regions={"乌鲁木齐": {"within": "4h", "calendar": "xj"}})})  # fmt: skip
        with pytest.raises(ContractError) as e:
            Contract(id="c", calendars={"hotline": BusinessCalendar.preset("7x24", tz="UTC")}, levels=[level])
        assert e.value.field == "levels[0].on_site.regions['乌鲁木齐'].calendar"
        assert "unknown calendar 'xj'; the contract defines hotline" in str(e.value)


class TestFile:
    def test_the_example_round_trips(self) -> None:
        """The example's region table is read, written and read back to an equal contract."""
        on_site = CONTRACT.level("P1").target("on_site")
        assert on_site is not None
        assert dict(on_site.regions)["乌鲁木齐"] == RegionTarget(within="4小时", calendar="xinjiang")
        text = contract_to_toml(CONTRACT)
        assert '[levels.on_site.regions."乌鲁木齐"]' in text
        assert contract_from_toml(text) == CONTRACT

    def test_a_region_rule_round_trips(self) -> None:
        """A region's own rule is written as a rule table and read back."""
        text = EXAMPLE_TEXT.replace(
            '"乌鲁木齐" = { within = "4小时", calendar = "xinjiang" }',
            '"乌鲁木齐" = { within = "2个工作日", calendar = "xinjiang", rule = "inclusive" }',
        )
        c = contract_from_toml(text, base_dir="examples")
        on_site = c.level("P1").target("on_site")
        assert on_site is not None
        assert on_site.for_region("乌鲁木齐").rule == INCLUSIVE
        assert contract_from_toml(contract_to_toml(c)) == c

    @pytest.mark.parametrize(
        ("entry", "message"),
        [
            ('{ within = "4h", calendar = "xj" }', r'levels\[0\]\.on_site\.regions\."乌鲁木齐"\.calendar: '
             r"unknown calendar 'xj'; the contract defines hotline, desk, support, xinjiang"),
            ('{ within = "4h", goal = 0.9 }', r'regions\."乌鲁木齐": extra fields found \(goal\); a region\'s '
             r"table accepts within, calendar, rule"),
            ("4", r'regions\."乌鲁木齐": expected a term such as "2h" or a table'),
            ('{ calendar = "xinjiang" }', r'regions\."乌鲁木齐"\.within: required field missing'),
            ('{ within = "4h", rule = "nope" }', r'regions\."乌鲁木齐"\.rule: expected \'civil_code\', \'inclusive\''),
        ],
    )  # fmt: skip
    def test_bad_region_tables_in_a_file(self, entry: str, message: str) -> None:
        """A file's bad region table is a ContractError naming its path in the file."""
        text = EXAMPLE_TEXT.replace('{ within = "4小时", calendar = "xinjiang" }', entry)
        with pytest.raises(ContractError, match=message):
            contract_from_toml(text, base_dir="examples")


@dataclass
class Case:
    """A P1 fault reported Fri 6 Mar 2026 18:00 Beijing time, and its visit worked out by hand."""

    name: str
    region: str | None
    pause: tuple[str, str] | None  # Beijing time
    arrived: str | None
    at: str
    due: str  # Beijing time
    state: str
    margin: int | None  # minutes of business time to spare (negative: late)


REPORTED = "2026-03-06T18:00"
CASES = [
    # 18:00 Beijing is 16:00 in Ürümqi: 16:00-17:00 on xinjiang (1 h), then Mon 9 Mar 08:00-11:00
    # (3 h) → due Mon 11:00 +06:00 = 13:00 Beijing. Arrived 12:30 Beijing (10:30 there): 30 min spare.
    Case("乌鲁木齐", "乌鲁木齐", None, "2026-03-09T12:30", "2026-03-09T14:00", "2026-03-09T13:00", "met", 30),
    # 北京: 2 h on the 7×24 hotline → Fri 20:00; arrived Mon 12:30: 64 h 30 min late.
    Case("北京", "北京", None, "2026-03-09T12:30", "2026-03-09T14:00", "2026-03-06T20:00", "breached", -3870),
    # 上海 (no entry): 24 h on the hotline → Sat 7 Mar 18:00; at Sat 12:00 it runs, 6 h to spare.
    Case("上海", "上海", None, None, "2026-03-07T12:00", "2026-03-07T18:00", "running", None),
    # Paused 18:30 Fri to 09:00 Mon Beijing (16:30 Fri to 07:00 Mon there): xinjiang is open 16:30-17:00
    # of it, so 30 min paused → due Mon 11:30 +06:00 = 13:30 Beijing; arrived 12:30: 1 h spare.
    Case("乌鲁木齐, paused", "乌鲁木齐", ("2026-03-06T18:30", "2026-03-09T09:00"), "2026-03-09T12:30",
         "2026-03-09T14:00", "2026-03-09T13:30", "met", 60),
    # The same pause in 北京 stops the 7×24 clock for 62 h 30 min: 30 min used before it, 1 h 30 min
    # left from Mon 09:00 → due 10:30; arrived 12:30: 2 h late.
    Case("北京, paused", "北京", ("2026-03-06T18:30", "2026-03-09T09:00"), "2026-03-09T12:30",
         "2026-03-09T14:00", "2026-03-09T10:30", "breached", -120),
    # Before the arrival, at Mon 12:00 Beijing (10:00 there): paused as above, due 13:30: running.
    Case("乌鲁木齐, paused, running", "乌鲁木齐", ("2026-03-06T18:30", "2026-03-09T09:00"), None,
         "2026-03-09T12:00", "2026-03-09T13:30", "running", None),
    Case("北京, paused, late", "北京", ("2026-03-06T18:30", "2026-03-09T09:00"), None,
         "2026-03-09T12:00", "2026-03-09T10:30", "breached", None),
]  # fmt: skip
IDS = [c.name for c in CASES]


def _incident(c: Case) -> Incident:
    events = [("paused", c.pause[0]), ("resumed", c.pause[1])] if c.pause else []
    events += [("arrived", c.arrived)] if c.arrived else []
    return Incident.from_events(CONTRACT, level="P1", reported_at=REPORTED, region=c.region, events=events)


def _check(due: object, state: object, margin: object, c: Case) -> None:
    assert pd.Timestamp(due) == pd.Timestamp(wall(c.due)), c.name
    assert state == c.state, c.name
    if c.margin is not None:
        assert pd.Timedelta(margin) == pd.Timedelta(minutes=c.margin), c.name


class TestBothPaths:
    @pytest.mark.parametrize("c", CASES, ids=IDS)
    def test_incident(self, c: Case) -> None:
        """`Incident.status` counts the visit on the region's calendar."""
        s = _incident(c).status(at=c.at)["on_site"]
        _check(s.due, s.state, s.remaining, c)

    @pytest.mark.parametrize("c", CASES, ids=IDS)
    def test_evaluate(self, c: Case) -> None:
        """`Contract.evaluate` (a region column, pauses as a long table) gives the same answers."""
        row = {"level": "P1", "region": c.region, "reported_at": REPORTED, "arrived_at": c.arrived}
        pauses = pd.DataFrame([{"ticket": 0, "start": c.pause[0], "end": c.pause[1]}] if c.pause else [],
                              columns=["ticket", "start", "end"])  # fmt: skip
        out = CONTRACT.evaluate(pd.DataFrame([row]), at=c.at, pauses=pauses)
        _check(out["on_site_due"].iloc[0], out["on_site_state"].iloc[0], out["on_site_margin"].iloc[0], c)

    @pytest.mark.parametrize("c", [c for c in CASES if c.arrived is None], ids=lambda c: c.name)
    def test_replay_and_from_log(self, c: Case) -> None:
        """`Contract.replay` of a status log with a region column, and `Incident.from_log` of it."""
        rows = [(REPORTED, "New")]
        if c.pause:
            rows += [(c.pause[0], "Awaiting User Info"), (c.pause[1], "Active")]
        log = pd.DataFrame(
            [{"id": "T1", "at": t, "st": s, "p": "1 - Critical", "where": c.region} for t, s in rows]
        )
        out = CONTRACT.replay(log, ticket="id", time="at", status="st", level="p", region="where", at=c.at)
        _check(out["on_site_due"].iloc[0], out["on_site_state"].iloc[0], None, c)
        s = Incident.from_log(CONTRACT, [(t, st, "1 - Critical") for t, st in rows], region=c.region)
        _check(s.status(at=c.at)["on_site"].due, s.status(at=c.at)["on_site"].state, None, c)


class TestIncident:
    def test_warnings_and_breaches_on_the_regions_calendar(self) -> None:
        """The example warns at 50 % and 75 % of each budget: of 乌鲁木齐's 4 h on xinjiang, 2 h is
        reached Mon 09:00 there (1 h Fri 16:00-17:00, 1 h Mon 08:00-09:00) and 3 h at 10:00 there.
        Arrived Mon 19:30 Beijing (17:30 there), due 11:00 there: breached by the site's open time
        between, 11:00-17:00 = 6 h (round the clock it would be 6 h 30 min)."""
        inc = Incident.open(CONTRACT, level="P1", reported_at=REPORTED, region="乌鲁木齐")
        warned = [(w.at, w.threshold) for w in inc.warnings(at="2026-03-09T11:30") if w.metric == "on_site"]
        assert warned == [
            (pendulum.datetime(2026, 3, 9, 9, tz=URUMQI), 0.5),
            (pendulum.datetime(2026, 3, 9, 10, tz=URUMQI), 0.75),
        ]
        late = inc.arrived("2026-03-09T19:30")
        [breach] = [b for b in late.breaches(at="2026-03-09T20:00") if b.metric == "on_site"]
        assert (breach.due, breach.by) == (
            pendulum.datetime(2026, 3, 9, 11, tz=URUMQI),
            dt.timedelta(hours=6),
        )

    def test_a_warning_at_the_arrival_is_not_passed_on_either_path(self) -> None:
        """Arrived Mon 12:00 Beijing, 10:00 in Ürümqi: the instant 75 % of the 4 h on xinjiang is
        reached (3 h: Fri 16:00-17:00 and Mon 08:00-10:00), so not before the stop; 50 % (Mon 09:00
        there) is the last warning passed — in `Incident.warnings` and in evaluate's ``on_site_warned``
        (counted round the clock, 75 % would fall Fri 21:00 Beijing, long before the arrival)."""
        inc = Incident.open(CONTRACT, level="P1", reported_at=REPORTED, region="乌鲁木齐").arrived(
            "2026-03-09T12:00"
        )
        warned = [w for w in inc.warnings(at="2026-03-09T14:00") if w.metric == "on_site"]
        assert [(w.at, w.threshold, w.planned) for w in warned] == [
            (pendulum.datetime(2026, 3, 9, 9, tz=URUMQI), 0.5, False)
        ]
        row = {"level": "P1", "region": "乌鲁木齐", "reported_at": REPORTED, "arrived_at": "2026-03-09T12:00"}
        out = CONTRACT.evaluate(pd.DataFrame([row]), at="2026-03-09T14:00")
        assert out["on_site_warned"].iloc[0] == "50%"


class TestDeadline:
    def test_the_due_and_its_explanation_name_the_regions_calendar(self) -> None:
        """The deadline names ``xinjiang`` and is shown in its zone; the explanation lists the open
        time counted there: Fri 16:00-17:00 and Mon 08:00-11:00 Ürümqi time (4 h)."""
        d = CONTRACT.deadlines("P1", reported_at=REPORTED, region="乌鲁木齐")["on_site"]
        assert (d.calendar, d.term) == ("xinjiang", dt.timedelta(hours=4))
        assert d.due == pendulum.datetime(2026, 3, 9, 11, tz=URUMQI)
        exp = d.explain()
        assert exp.calendar == "xinjiang"
        assert [(a.in_timezone(URUMQI).hour, b.in_timezone(URUMQI).hour) for a, b in exp.windows] == [
            (16, 17),
            (8, 11),
        ]
        beijing = CONTRACT.deadlines("P1", reported_at=REPORTED, region="北京")["on_site"]
        assert (beijing.calendar, beijing.due) == ("hotline", wall("2026-03-06T20:00"))

    def test_the_views_show_it(self) -> None:
        """The contract view names the region's calendar; the deadline strip draws the open time
        counted on it (Mon 08:00-11:00 there); the incident view gives the due in its zone."""
        assert "乌鲁木齐: 4h <span class='sl-muted'>(xinjiang)</span>" in CONTRACT._repr_html_()
        strip = CONTRACT.deadlines("P1", reported_at=REPORTED, region="乌鲁木齐")["on_site"]._repr_html_()
        assert ">xinjiang<" in strip
        assert "counted: open Mon 2026-03-09 08:00 to 11:00" in strip
        c = CASES[0]
        assert "on_site due Mon 2026-03-09 11:00 +06:00" in _incident(c).view(at=c.at)._repr_html_()


def _ts(t: pendulum.DateTime) -> pd.Timestamp:
    return pd.Timestamp(t.in_timezone("UTC").isoformat())


@pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.data())
def test_generated_contracts_with_region_calendars(data: st.DataObject) -> None:
    """Under drawn contracts whose regions count on calendars of their own, `evaluate` equals
    `Incident.status` in due, state and margin, for drawn events in any region."""
    contract = data.draw(contracts(region_calendars=True), label="contract")
    inc = data.draw(incidents(contract, max_events=0), label="reported")
    t = inc.reported_at
    events = []
    for kind in ("responded", "arrived", "restored", "resolved", "reported_back"):
        minutes = data.draw(st.one_of(st.none(), st.integers(1, 5 * 24 * 60)), label=kind)
        back = kind != "reported_back" or any(k in ("restored", "resolved") for k, _ in events)
        if minutes is not None and back:  # a written report follows a restoration or resolution
            t = t + dt.timedelta(minutes=minutes)
            events.append((kind, t))
    inc = Incident.from_events(contract, level=inc.level0, reported_at=inc.reported_at, region=inc.region,
                               events=events)  # fmt: skip
    at = inc.reported_at + dt.timedelta(minutes=data.draw(st.integers(0, 8 * 24 * 60), label="at"))
    row = {"level": inc.level0, "region": inc.region, "reported_at": _ts(inc.reported_at)}
    row |= {f"{kind}_at": _ts(when) for kind, when in events}
    out = contract.evaluate(pd.DataFrame([row]), at=at)
    for metric, s in inc.status(at).items():
        assert out[f"{metric}_state"].iloc[0] == s.state, (metric, inc.region)
        due = out[f"{metric}_due"].iloc[0]
        assert (pd.isna(due) and s.due is None) or due == pd.Timestamp(s.due), (metric, inc.region)
        margin = out[f"{metric}_margin"].iloc[0]
        assert (pd.isna(margin) and s.remaining is None) or margin == pd.Timedelta(s.remaining), metric


def test_the_knob_gives_region_calendars() -> None:
    """``contracts(region_calendars=True)`` draws regions counted on a calendar of their own."""
    from hypothesis import find

    found = find(contracts(region_calendars=True),
                 lambda c: any(t.calendar_for(r) == "site" for lv in c.levels for t in lv.targets.values()
                               for r, _ in t.regions))  # fmt: skip
    assert "site" in dict(found.calendars)
    assert next(iter(found.calendars)) != "site"  # the first calendar stays the contract's home
