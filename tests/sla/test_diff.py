"""`Contract.diff` (sla/_diff.py): what changed between two contracts or versions, path by path;
`servicelevel check`, `diff` and the contract view list the example's amendment."""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest

from servicelevel import Change, Contract, ContractError, Escalation
from tests.conftest import CONTRACT, EXAMPLE_PATH


def test_the_amendment_changes_one_term() -> None:
    """Before and after 补充协议第3条: P1's response 30m → 15m, nothing else."""
    changes = CONTRACT.at("2026-06-30").diff(CONTRACT.at("2026-07-01"))
    assert list(changes) == [Change("levels.P1.response.within", "30m", "15m")]
    assert str(changes) == "levels.P1.response.within: 30m → 15m"


def test_added_and_removed_paths() -> None:
    """A region term added and a goal removed show as (none) on the side without them."""
    p1 = CONTRACT.level("P1")
    response = attrs.evolve(p1.target("response"), regions={"北京": "20m"}, goal=0.95)
    richer = attrs.evolve(
        CONTRACT, amendments=(), levels=[attrs.evolve(p1, targets={**p1.targets, "response": response}),
                                         *CONTRACT.levels[1:]],
    )  # fmt: skip
    changes = {c.path: (c.old, c.new) for c in CONTRACT.at("2026-01-01").diff(richer)}
    assert changes == {
        "levels.P1.response.regions.北京": (None, "20m"),
        "levels.P1.response.goal": (None, "0.95"),
    }
    assert not CONTRACT.diff(CONTRACT)
    assert str(CONTRACT.diff(CONTRACT)) == "no changes"


def test_the_views_and_commands_list_the_amendment() -> None:
    """The contract view and `servicelevel check` list 补充协议第3条 with its change; `diff --at` compares versions."""
    assert "levels.P1.response.within: 30m → 15m" in CONTRACT._repr_html_()
    run = [sys.executable, "-m", "servicelevel"]
    checked = subprocess.run([*run, "check", str(EXAMPLE_PATH)], capture_output=True, text=True, check=True)
    assert "补充协议第3条" in checked.stdout
    assert "levels.P1.response.within: 30m → 15m" in checked.stdout
    same = subprocess.run(
        [*run, "diff", str(EXAMPLE_PATH), str(EXAMPLE_PATH), "--at", "2026-07-01", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert same.stdout.strip() == "[]"


def test_warnings_and_escalation_before_the_due() -> None:
    """A target's own warnings, the contract's, and an escalation step's 'before' or metric are changes (they were 'no changes')."""
    p1 = CONTRACT.at("2026-01-01").level("P1")
    resolution = attrs.evolve(p1.target("resolution"), warnings=["2h before"])
    base = attrs.evolve(
        CONTRACT, amendments=(), escalation=[Escalation(level="P1", before="30m", to="manager")]
    )
    own = attrs.evolve(base, levels=[attrs.evolve(p1, targets={**p1.targets, "resolution": resolution}),
                                     *base.levels[1:]])  # fmt: skip
    # examples/contract.toml: P1 resolution warns at [0.5, 0.75, "1h before"]; the contract at [0.5, 0.75]
    assert [str(c) for c in base.diff(own)] == [
        "levels.P1.resolution.warnings: [50%, 75%, 1h before] → [2h before]"
    ]
    later = attrs.evolve(base, escalation=[Escalation(level="P1", before="45m", to="manager")])
    other = attrs.evolve(
        base, escalation=[Escalation(level="P1", before="10m", metric="response", to="manager")]
    )
    assert [str(c) for c in base.diff(later)] == [
        "escalation[0]: P1 30m before the resolution due to manager → P1 45m before the resolution due to manager"
    ]
    assert [str(c) for c in base.diff(other)] == [
        "escalation[0]: P1 30m before the resolution due to manager → P1 10m before the response due to manager"
    ]
    assert [str(c) for c in base.diff(attrs.evolve(base, warnings=[0.5, "5m before"]))] == [
        "contract.warnings: [50%, 75%] → [50%, 5m before]"
    ]


def test_update_promise_and_region_clock_changes_are_listed() -> None:
    """P1's update every 2h (the example) → 1h, and 乌鲁木齐's visit 4h on xinjiang → 3h on hotline:
    each changed field on its own path, written as the file writes it (not a repr)."""
    p1 = CONTRACT.level("P1")
    assert p1.update is not None
    on_site = attrs.evolve(
        p1.target("on_site"), regions={"北京": "2h", "乌鲁木齐": {"within": "3h", "calendar": "hotline"}}
    )
    other = attrs.evolve(
        CONTRACT, amendments=(), levels=[attrs.evolve(p1, update=attrs.evolve(p1.update, every="1h"),
                                                      targets={**p1.targets, "on_site": on_site}),
                                         *CONTRACT.levels[1:]],
    )  # fmt: skip
    changes = {c.path: (c.old, c.new) for c in CONTRACT.at("2026-01-01").diff(other)}
    assert changes == {
        "levels.P1.update.every": ("2h", "1h"),
        "levels.P1.on_site.regions.乌鲁木齐": ("4h", "3h"),
        "levels.P1.on_site.regions.乌鲁木齐.calendar": ("xinjiang", "hotline"),
    }


def test_an_amendment_of_the_update_promise_is_refused_by_name() -> None:
    """An amendment replaces targets; a level's update promise in it is refused naming the path,
    not taken as "changes nothing"."""
    text = EXAMPLE_PATH.read_text(encoding="utf-8") + (
        '\n[[amendments]]\nfrom = 2026-09-01\nlevels = [{ key = "P1", update = { every = "1小时", '
        'calendar = "hotline" } }]\n'
    )
    with pytest.raises(ContractError, match=r"amendments\[1\]\.levels\[0\]\.update: .*update promise"):
        Contract.from_toml(text, base_dir=EXAMPLE_PATH.parent)
