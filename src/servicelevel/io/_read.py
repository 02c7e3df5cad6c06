"""Reading a contract file's parts: `structure` (the one converter, errors with their path) and
the statutory schedules of the file and its shared files (``[statutory.XX]``, merged per country).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any, TypeVar

from servicelevel.errors import ContractError, show
from servicelevel.io._files import Source
from servicelevel.io._paths import FieldError, Path, cattrs_problems, format_path, problems_error
from servicelevel.io._spec import FileSpec, ScheduleFileSpec, StatutorySpec, conv

__all__ = ["Schedules", "statutory_schedules", "structure"]

T = TypeVar("T")


def structure(data: Any, kind: type[T], base: Path = ()) -> T:
    """``data`` read into ``kind`` by the one converter, errors named by their path from ``base``."""
    import cattrs

    try:
        out: T = conv().structure(data, kind)
    except cattrs.BaseValidationError as e:
        raise problems_error(cattrs_problems(e, base)) from None
    except (TypeError, ValueError, AttributeError) as e:  # a shape cattrs does not wrap
        raise FieldError(
            base, f"expected a table, got {type(data).__name__} ({e.__class__.__name__})"
        ) from None
    return out


Schedules = dict[str, tuple[dict[str, str], set[dt.date]]]  # country -> (days off, working days)


def _files_of(spec: FileSpec, source: Source) -> list[tuple[Path, dict[str, StatutorySpec]]]:
    """The statutory tables of each shared file, with the path of its name in the contract."""
    out = []
    for i, name in enumerate(spec.contract.statutory):
        where: Path = ("contract", "statutory", i)
        text = source.read(name, format_path(where))
        not_one = f"{show(name)} is not a statutory schedule file (a file of [statutory.XX] tables only)"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:  # say where, never what: the file may be anything
            at = re.search(r"\(at (line \d+, column \d+|end of document)\)", str(e))
            raise FieldError(where, f"{not_one}: invalid TOML{f' at {at[1]}' if at else ''}") from None
        tables = data.get("statutory")
        if set(data) != {"statutory"} or not isinstance(tables, dict):
            raise FieldError(where, not_one)
        if not all(isinstance(t, dict) for t in tables.values()):
            raise FieldError(where, not_one)
        try:
            shared = structure(data, ScheduleFileSpec)
        except ContractError as e:
            raise FieldError(where, f"in {show(name)}: {e}") from None
        out.append((where, shared.statutory))
    return out


def statutory_schedules(spec: FileSpec, source: Source) -> Schedules:
    """The statutory schedules of the file and its shared files, merged per country."""
    merged: Schedules = {}
    sources = [*_files_of(spec, source), ((), spec.statutory)]
    for where, tables in sources:
        for code, table in tables.items():

            def fail(inner: Path, message: str, where: Path = where) -> FieldError:
                if not where:
                    return FieldError(inner, message)
                name = show(spec.contract.statutory[int(where[-1])])
                return FieldError(where, f"in {name}: {format_path(inner)}: {message}")

            days_off, working = merged.setdefault(code.upper(), ({}, set()))
            for key, name in table.holidays.items():
                at = ("statutory", code, "holidays")
                try:
                    day = dt.date.fromisoformat(key)
                except ValueError:
                    raise fail(at, f"{show(key)} is not a date such as 2027-02-06") from None
                iso = day.isoformat()
                if days_off.get(iso, name) != name:
                    raise fail(at, f"{iso} is named {show(days_off[iso])} elsewhere and {show(name)} here")
                days_off[iso] = name
            working.update(table.workdays)
    for code, (days_off, working) in merged.items():
        both = sorted(d for d in working if d.isoformat() in days_off)
        if both:
            raise FieldError(
                ("statutory", code),
                f"{both[0].isoformat()} is both a day off and a working day; name it once",
            )
    return merged
