"""The strategies shipped to users (servicelevel/strategies.py), and their registration through
hypothesis' entry point (issue 18 §1)."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from servicelevel import BusinessCalendar, Contract, Days, Incident, Term, WorkingDays
from servicelevel import strategies as shipped
from servicelevel.strategies import calendars, contracts, incidents, instants, terms

SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# `find` shrinks what it finds to the simplest example by default, which took 20 s here; any example
# that meets the condition will do, so take the first one drawn (found within a few dozen: the cap
# only keeps a rare unlucky run from giving up)
FIRST = settings(phases=[Phase.generate], database=None, max_examples=1000)


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter, with hypothesis' plugins (the entry point) enabled."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, env=env
    )


class TestEntryPoint:
    """Through hypothesis' entry point, st.from_type works without importing the strategies (#18 §1)."""

    def test_from_type_without_importing_the_module(self) -> None:
        """In a fresh interpreter st.from_type works, the entry point having loaded servicelevel.strategies."""
        code = (
            "import sys\n"
            "from hypothesis import strategies as st\n"
            "from servicelevel import BusinessCalendar, Contract\n"
            "print(type(st.from_type(BusinessCalendar).example()).__name__, type(st.from_type(Contract).example()).__name__)\n"
        )
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
        )
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["BusinessCalendar", "Contract"]

    def test_import_servicelevel_does_not_import_hypothesis(self) -> None:
        """import servicelevel imports neither hypothesis, cattrs nor rich."""
        code = "import sys, servicelevel; print('hypothesis' in sys.modules, 'cattrs' in sys.modules, 'rich' in sys.modules)"
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
        assert r.stdout.split() == ["False", "False", "False"]

    def test_import_hypothesis_imports_nothing_of_servicelevel(self) -> None:
        """import hypothesis runs the installed entry point, which imports neither servicelevel nor
        pendulum (issue #27 §5): the strategies are registered once servicelevel is imported."""
        from importlib.metadata import entry_points

        ours = [e.value for e in entry_points(group="hypothesis") if e.value.endswith("hypothesis:setup")]
        # an install made before the change still names servicelevel._hypothesis: reinstall (make test)
        assert ours == ["_servicelevel_hypothesis:setup"]
        code = (
            "import sys, hypothesis\n"
            "print('pendulum' in sys.modules, sorted(m for m in sys.modules if 'servicelevel' in m))\n"
        )
        r = _fresh(code)
        assert r.returncode == 0, r.stderr
        assert r.stdout.split(maxsplit=1) == ["False", "['_servicelevel_hypothesis']\n"]

    def test_the_strategies_without_hypothesis_name_the_extra(self) -> None:
        """Without hypothesis, importing servicelevel.strategies is an ImportError naming the extra."""
        code = (
            "import sys\n"
            "sys.modules['hypothesis'] = None  # as if it were not installed\n"
            "try:\n"
            "    import servicelevel.strategies\n"
            "except ImportError as exc:\n"
            "    print(type(exc).__name__, exc.name, '|', exc)\n"
        )
        r = _fresh(code)
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == (
            "ImportError hypothesis | servicelevel.strategies needs hypothesis, which is not installed: "
            "pip install 'servicelevel[hypothesis]'"
        )

    def test_importing_the_strategies_first(self) -> None:
        """Importing servicelevel.strategies before hypothesis does not meet a half-made module (#18 §1)."""
        # Importing servicelevel.strategies before hypothesis: hypothesis' import runs the entry
        # point while the module is half made, which must not need anything from it.
        r = _fresh("from servicelevel.strategies import contracts\nprint(type(contracts()).__name__)")
        assert r.returncode == 0, r.stderr
        assert "partially initialized" not in r.stderr

    def test_from_type_incident_in_a_fresh_interpreter(self) -> None:
        """st.from_type(Incident) is registered, and loads the strategies on first use (#18 §1)."""
        code = (
            "import sys\n"
            "from hypothesis import strategies as st\n"
            "from servicelevel import Incident\n"
            "print('servicelevel.strategies' in sys.modules)\n"
            "print(type(st.from_type(Incident).example()).__name__, 'servicelevel.strategies' in sys.modules)\n"
        )
        r = _fresh(code)
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["False", "Incident", "True"]


class TestRegistered:
    @given(st.from_type(BusinessCalendar))
    def test_registered_calendars(self, cal: BusinessCalendar) -> None:
        """st.from_type(BusinessCalendar) draws calendars."""
        assert isinstance(cal, BusinessCalendar)

    @SOME
    @given(st.from_type(Contract))
    def test_registered_contracts(self, contract: Contract) -> None:
        """st.from_type(Contract) draws contracts with levels."""
        assert contract.levels

    @pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # a sparse week runs into 2027
    @SOME
    @given(calendars().flatmap(lambda c: st.tuples(st.just(c), instants(c), terms(periods=False))))
    def test_elapsed_after_add(self, case: tuple[BusinessCalendar, object, object]) -> None:
        """On the shipped strategies elapsed inverts add, the invariant the docs show."""
        # The invariant the docs show, on user-facing strategies: elapsed(t, add(t, d)) == d.
        cal, t, d = case
        assert cal.elapsed(t, cal.add(t, d)) == d  # type: ignore[arg-type]


def _at_most(a: Term, b: Term) -> bool:
    """``a`` no looser than ``b``, compared as durations of one kind (business time, working days,
    calendar days); terms of different kinds are not comparable, and fail."""
    if isinstance(a, dt.timedelta) and isinstance(b, dt.timedelta):
        return a <= b
    if isinstance(a, WorkingDays) and isinstance(b, WorkingDays):
        return a.n <= b.n
    if isinstance(a, Days) and isinstance(b, Days):
        return a.n <= b.n
    raise AssertionError(f"{a!r} and {b!r} are not comparable")


class TestContractsLookSigned:
    @SOME
    @given(contracts())
    def test_terms_never_loosen_with_severity(self, contract: Contract) -> None:
        """For each metric and region, a more severe level's term is at most a less severe one's."""
        levels = sorted(contract.levels, key=lambda lv: lv.rank)
        assert [lv.rank for lv in levels] == list(range(1, len(levels) + 1))
        for i, strict in enumerate(levels):
            for loose in levels[i + 1 :]:
                for metric in set(strict.metrics) & set(loose.metrics):
                    a, b = strict.target(metric), loose.target(metric)
                    assert a is not None
                    assert b is not None
                    for region in {None, *(r for r, _ in a.regions), *(r for r, _ in b.regions)}:
                        assert _at_most(a.term_for(region), b.term_for(region)), (metric, region, a, b)

    @SOME
    @given(st.data())
    def test_a_more_severe_fault_is_never_due_later(self, data: st.DataObject) -> None:
        """The same report at every level is due no later for a more severe level."""
        # The same report at every level: each metric's due is no later for P1 than for P2, P3.
        # (Business time on a wider calendar accrues at least as fast: 7×24 ⊇ 7×18 ⊇ 5×8.)
        contract = data.draw(contracts(), label="contract")
        reported = data.draw(incidents(contract, max_events=0), label="incident").reported_at
        region = data.draw(st.sampled_from([None, *contract.known_regions]), label="region")
        levels = sorted(contract.levels, key=lambda lv: lv.rank)
        dues = [contract.deadlines(lv.key, reported_at=reported, region=region) for lv in levels]
        for i, strict in enumerate(dues):
            for loose in dues[i + 1 :]:
                for metric in set(strict) & set(loose):
                    a, b = strict[metric].due, loose[metric].due
                    if a is not None and b is not None:
                        assert a <= b, (metric, region, strict[metric], loose[metric])

    # the first contract found may carry a CN warranty ending in a year whose schedule is unpublished
    @pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")
    def test_some_have_a_term_and_a_warranty_some_neither(self) -> None:
        """Some drawn contracts have a term of validity and a warranty, some neither."""
        signed = find(
            contracts(), lambda c: c.valid_from is not None and c.warranty is not None, settings=FIRST
        )
        assert signed.valid_until is not None
        assert signed.valid_from < signed.valid_until
        assert signed.warranty is not None
        assert signed.warranty.last_day > signed.warranty.start_day
        bare = find(contracts(), lambda c: c.valid_from is None and c.warranty is None, settings=FIRST)
        assert bare.valid_until is None

    @SOME
    @given(contracts(validity=True, warranty=True, max_levels=1, regions=False, escalation=False))
    def test_knobs_force(self, contract: Contract) -> None:
        """validity and warranty set to True always give them; max_levels=1 gives one level, regions and escalation off give none."""
        assert contract.valid_from is not None
        assert contract.valid_until is not None
        assert contract.warranty is not None
        assert len(contract.levels) == 1
        assert contract.escalation == ()
        assert all(t.regions == () for _, t in contract.levels[0].targets.items())

    @SOME
    @given(contracts(validity=False, warranty=False))
    def test_knobs_forbid(self, contract: Contract) -> None:
        """validity and warranty set to False never give them."""
        assert (contract.valid_from, contract.valid_until, contract.warranty) == (None, None, None)

    @SOME
    @given(contracts(availability=True))
    def test_availability_knob_forces_targets(self, contract: Contract) -> None:
        """availability=True always gives availability targets on the contract's own calendars,
        credit bands from the target down, highest floor first."""
        assert 1 <= len(contract.availability_targets) <= 2
        for _, t in contract.availability_targets.items():
            assert t.calendar in list(contract.calendars.values())
            floors = [band.below for band in t.credits]
            assert floors == sorted(floors, reverse=True)
            assert all(f <= t.target for f in floors)

    @SOME
    @given(contracts(availability=False))
    def test_availability_knob_forbids_targets(self, contract: Contract) -> None:
        """availability=False never gives availability targets."""
        assert len(contract.availability_targets) == 0

    @SOME
    @given(contracts(penalties=True))
    def test_penalties_knob_gives_money_terms_that_round_trip(self, contract: Contract) -> None:
        """penalties=True gives money terms (CNY, USD or JPY) whose amounts fit the currency, and
        the contract reads back equal from its own TOML."""
        assert contract.penalty_terms is not None
        assert contract.penalty_terms.currency in ("CNY", "USD", "JPY")
        assert Contract.from_toml(contract.to_toml()) == contract

    @SOME
    @given(contracts(penalties=False))
    def test_penalties_knob_forbids_them(self, contract: Contract) -> None:
        """penalties=False gives no money terms and no target with a penalty."""
        assert contract.penalty_terms is None
        assert all(t.penalty is None for lv in contract.levels for t in lv.targets.values())

    @SOME
    @given(st.from_type(Incident))
    def test_registered_incidents_lie_in_the_contracts_term(self, inc: Incident) -> None:
        """A registered incident is reported within its contract's term."""
        assert isinstance(inc, Incident)
        assert inc.contract.check_term(inc.reported_at) is False
        assert not inc.out_of_term


@pytest.mark.parametrize("name", shipped.__all__)
def test_each_knob_is_documented(name: str) -> None:
    """Every keyword a strategy takes is named in its docstring's Knobs section."""
    strategy = getattr(shipped, name)
    doc = inspect.getdoc(strategy) or ""
    params = [p for p in inspect.signature(strategy).parameters if p != "draw"]
    if params:
        assert "Knobs:" in doc, name
        knobs = doc.split("Knobs:", 1)[1]
        for p in params:
            assert f"{p}:" in knobs, (name, p)
