"""The examples in README.md run and print what they say."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples() -> None:
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_tickets_page_runs() -> None:
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
    # "Incidents": every rule with an example, worked by hand on the page and in tests/sla
    result = doctest.testfile(
        str(ROOT / "docs" / "sla.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_replay_page_runs() -> None:
    # "Replaying a ticket system's history": the two tickets are worked by hand on the page
    pytest.importorskip("pandas")
    result = doctest.testfile(
        str(ROOT / "docs" / "replay.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_letters_page_runs() -> None:
    # "From a commitment letter to a contract file": the letter and its promises are on the page
    result = doctest.testfile(
        str(ROOT / "docs" / "letters.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert result.attempted > 0
    assert result.failed == 0


def test_errors_page_runs() -> None:
    """The errors page's example of ``field`` and ``restated`` runs as shown."""
    result = doctest.testfile(
        str(ROOT / "docs" / "errors.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 0
    assert result.failed == 0
