"""The error tree (src/servicelevel/errors.py): groups, builtins, and errors as data (field, restated)."""

from __future__ import annotations

import pickle

import pytest

import servicelevel
from servicelevel import errors
from servicelevel.errors import (
    CalendarError,
    ContractError,
    InvalidRowsError,
    InvalidTermError,
    ServiceLevelError,
    TableError,
    UnknownLevelError,
    WarrantyError,
)


def test_every_error_is_a_service_level_error_and_a_builtin() -> None:
    """Callers may catch the library's root or the builtin each error refines."""
    for name in errors.__all__:
        cls = getattr(errors, name)
        if issubclass(cls, Warning):
            assert issubclass(cls, errors.ServiceLevelWarning)
            continue
        assert issubclass(cls, ServiceLevelError), name
        if cls is not ServiceLevelError:
            assert issubclass(cls, ValueError | TypeError), name


@pytest.mark.parametrize(
    ("group", "members"),
    [
        (CalendarError, ("UnknownTimezoneError", "UnknownCountryError", "InvalidHoursError", "InvalidWeekError",
                         "UnknownNotationError", "CalendarNeverOpenError", "HorizonExceededError",
                         "InvalidScheduleError")),
        (TableError, ("InvalidRowsError", "MismatchedColumnsError", "InvalidTableError")),
    ],
)  # fmt: skip
def test_groups_gather_their_members(group: type[ServiceLevelError], members: tuple[str, ...]) -> None:
    """CalendarError and TableError are the parents of the errors the docs list under them."""
    for name in members:
        assert issubclass(getattr(errors, name), group), name
    assert issubclass(group, ValueError)


def test_a_calendar_error_is_caught_by_its_group() -> None:
    """A real calendar failure (an unknown notation) is a CalendarError."""
    with pytest.raises(CalendarError):
        servicelevel.BusinessCalendar.preset("8x25", tz="Asia/Shanghai")


def test_the_warranty_error_lives_in_the_tree_and_keeps_its_old_home() -> None:
    """WarrantyError is defined in errors.py; servicelevel.warranty and servicelevel still give it."""
    from servicelevel.warranty import WarrantyError as old_home

    assert old_home is WarrantyError is servicelevel.WarrantyError
    assert WarrantyError.__module__ == "servicelevel.errors"


def test_field_is_read_from_the_message_or_given() -> None:
    """``field`` is the message's leading name, or what the raiser passes; None when there is none."""
    assert ContractError("levels[0].key: expected a str, got 3").field == "levels[0].key"
    assert ContractError("events[2].at: missing").field == "events[2].at"
    assert ContractError("the contract has no levels").field is None
    assert ContractError("a sentence with spaces: not a field").field is None
    assert ContractError("no field here", field="levels").field == "levels"


def test_restated_names_another_field_and_keeps_class_and_attributes() -> None:
    """The command line and incidents rename a field without editing message text themselves."""
    e = UnknownLevelError("level: unknown level 'P9'; the contract defines P1, P2")
    r = e.restated("--level")
    assert type(r) is UnknownLevelError
    assert str(r) == "--level: unknown level 'P9'; the contract defines P1, P2"
    assert (r.field, r.detail) == ("--level", "unknown level 'P9'; the contract defines P1, P2")
    assert str(e) == "level: unknown level 'P9'; the contract defines P1, P2"  # the original is unchanged
    rows = InvalidRowsError(
        "tickets: 2 rows cannot be evaluated", {0: "bad", 3: "worse"}, entries=[(1, 0, "bad")]
    )
    moved = rows.restated("log")
    assert (str(moved), moved.rows, moved.entries) == (
        "log: 2 rows cannot be evaluated",
        {0: "bad", 3: "worse"},
        [(1, 0, "bad")],
    )


def test_restated_without_a_field_prefixes_the_whole_message() -> None:
    """An error that named no field gains one."""
    r = InvalidTermError("cannot read 'soon'").restated("--within")
    assert str(r) == "--within: cannot read 'soon'"


def test_errors_survive_pickling_with_their_field() -> None:
    """Errors cross process boundaries (Dask, Spark workers) with their data."""
    e = pickle.loads(pickle.dumps(ContractError("x", field="levels[0]")))
    assert (type(e), str(e), e.field) == (ContractError, "x", "levels[0]")


def test_a_table_set_up_wrong_is_a_table_error_and_still_an_incident_error() -> None:
    """evaluate() on a list is an InvalidTableError: a TableError, and an IncidentError as before 0.2."""
    pytest.importorskip("pandas")
    from pathlib import Path

    from servicelevel import IncidentError, InvalidTableError, load_contract

    contract = load_contract(Path(__file__).resolve().parents[1] / "examples" / "contract.toml")
    with pytest.raises(InvalidTableError, match=r"^tickets: expected a pandas or polars DataFrame") as info:
        contract.evaluate([{"level": "P1"}])
    assert isinstance(info.value, TableError)
    assert isinstance(info.value, IncidentError)
