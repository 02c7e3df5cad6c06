"""The examples in README.md and the documentation pages run and print what they say."""

from __future__ import annotations

import doctest

import pytest

from tests.conftest import ROOT


def test_readme_examples() -> None:
    """The README's examples run as shown."""
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_tickets_page_runs() -> None:
    """The "A year of tickets" page runs as shown."""
    # "A year of tickets": every due shown there is worked out by hand on the page itself
    pytest.importorskip("pandas")
    result = doctest.testfile(
        str(ROOT / "docs" / "tickets.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_sla_page_runs() -> None:
    """The "Incidents" page runs as shown."""
    # "Incidents": every rule with an example, worked by hand on the page and in tests/sla
    result = doctest.testfile(
        str(ROOT / "docs" / "sla.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_replay_page_runs() -> None:
    """The "Replaying a ticket system's history" page runs as shown."""
    # "Replaying a ticket system's history": the two tickets are worked by hand on the page
    pytest.importorskip("pandas")
    result = doctest.testfile(
        str(ROOT / "docs" / "replay.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_letters_page_runs() -> None:
    """The "From a commitment letter to a contract file" page runs as shown."""
    # "From a commitment letter to a contract file": the letter and its promises are on the page
    result = doctest.testfile(
        str(ROOT / "docs" / "letters.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_errors_page_runs() -> None:
    """The errors page's example of field and restated runs as shown."""
    result = doctest.testfile(
        str(ROOT / "docs" / "errors.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_availability_page_runs() -> None:
    """The "Availability and service credits" page runs as shown."""
    # every figure on the page is worked out by hand in the text beside it
    pytest.importorskip("pandas")
    result = doctest.testfile(
        str(ROOT / "docs" / "availability.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_money_page_runs() -> None:
    """The "What do we owe this month?" page runs as shown (issue #28)."""
    # every figure on the page is worked out by hand in the text beside it
    pytest.importorskip("pandas")
    result = doctest.testfile(
        str(ROOT / "docs" / "money.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_doctest_blocks_are_console_sessions() -> None:
    """Issue #27: a docs block holding ``>>>`` is fenced ``pycon`` (prompts and output told apart),
    never ``python``, which highlights the output as if it were code."""
    import re

    python_with_prompts = []
    sessions = 0
    for page in sorted((ROOT / "docs").glob("*.md")):
        for lang, body in re.findall(r"```(\w*)\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
            if re.search(r"^>>> ", body, flags=re.M):
                if lang == "pycon":
                    sessions += 1
                else:
                    python_with_prompts.append(f"{page.name}: ```{lang} {body[:40]!r}")
    assert python_with_prompts == []
    assert sessions >= 30  # tickets, replay, sla, letters, errors: 31 sessions when this was written
