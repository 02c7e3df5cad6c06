"""The shape of a contract file, and the one cattrs converter that reads it with strict types.

Errors come out with their path in the file (`servicelevel.io._paths.cattrs_problems`), values cut.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args, get_origin

from attrs import Factory, field, frozen, has

from servicelevel.errors import show


@frozen(kw_only=True)
class CoverageSpec:
    """What a calendar and each of its dated changes say about coverage."""

    coverage: str | None = None
    week: dict[str, str] | None = None
    country: str | None = None
    subdiv: str | None = None
    closed: list[dt.date] = Factory(list)
    special_hours: dict[str, str] = Factory(dict)
    makeup_hours: str | None = None
    observe_holidays: bool | None = None
    extra_holidays: dict[str, str] = Factory(dict)
    extra_workdays: list[dt.date] = Factory(list)


@frozen(kw_only=True)
class StatutorySpec:
    """A statutory schedule the user supplies for one country: days off and working days."""

    holidays: dict[str, str] = Factory(dict)
    workdays: list[dt.date] = Factory(list)


@frozen(kw_only=True)
class ScheduleFileSpec:
    statutory: dict[str, StatutorySpec]


@frozen(kw_only=True)
class ChangeSpec(CoverageSpec):
    from_: dt.date


@frozen(kw_only=True)
class CalendarSpec(CoverageSpec):
    tz: str
    changes: list[ChangeSpec] = Factory(list)


@frozen(kw_only=True)
class RuleSpec:
    start_day_counts: bool = False
    roll_forward: bool = True
    ends_at: str = "close"


@frozen(kw_only=True)
class PenaltySpec:
    per: str | None = None
    amount: str | int | None = None
    fixed: str | int | None = None
    cap: str | int | None = None
    rounding: str = "started"


@frozen(kw_only=True)
class RegionSpec:
    """A region's own table: its term, and its own calendar and rule if it has them."""

    within: str
    calendar: str | None = None
    rule: str | RuleSpec | None = None


@frozen(kw_only=True)
class TargetSpec:
    within: str
    calendar: str
    regions: dict[str, str | RegionSpec] = Factory(dict)
    rule: str | RuleSpec | None = None
    goal: float | str | None = None  # 0.95 or "95%"
    penalty: PenaltySpec | None = None
    warnings: list[float | str] | None = None  # its own warnings before the due: [0.5, "1h before"]


@frozen(kw_only=True)
class UpdateSpec:
    every: str
    calendar: str
    starts: str | list[str] = "responded"
    stop: str | list[str] = "resolved"


@frozen(kw_only=True)
class PenaltiesSpec:
    currency: str | None = None
    monthly_fee: str | int | None = None
    monthly_cap: str | int | None = None


@frozen(kw_only=True)
class MetricSpec:
    stop: str | list[str]
    start: str | list[str] = "reported"
    cancel: str | list[str] | None = None  # None: resolution, unless the metric starts or stops with it
    pausable: bool = True


@frozen(kw_only=True)
class EscalationSpec:
    level: str
    to: str
    after: str | None = None
    before: str | None = None  # business time before `metric`'s due (resolution unless named)
    metric: str | None = None
    calendar: str = ""  # a 'before' step counts on its metric's calendar


@frozen(kw_only=True)
class ContractSpec:
    id: str
    customer: str = ""
    vendor: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    warnings: list[float | str] = Factory(list)  # 0.5 (a share of the budget) or "1h before"
    reclassify: str = "original"
    reopen: str = "resume"
    reopen_closed: bool = False
    regions: list[str] = Factory(list)
    statutory: list[str] = Factory(list)  # shared schedule files, relative to the contract file


@frozen(kw_only=True)
class CauseSpec:
    code: str
    en: str
    zh: str
    force_majeure: bool = False


@frozen(kw_only=True)
class VoidingSpec:
    code: str
    en: str
    zh: str


@frozen(kw_only=True)
class WarrantySpec:
    starts: dt.date | str
    term: str
    calendar: str
    extension: str | None = None
    rule: str | RuleSpec | None = None
    components: dict[str, str] = Factory(dict)
    consumables: list[str] = Factory(list)
    consumer: bool = False
    dates: dict[str, dt.date] = Factory(dict)
    causes: list[CauseSpec] = Factory(list)
    voiding: list[VoidingSpec] = Factory(list)


@frozen(kw_only=True)
class PhaseSpec:
    every: str
    for_: str | None = None
    times: int = 1


@frozen(kw_only=True)
class ScheduleSpec:
    name: str
    starts: dt.date | str
    phases: list[PhaseSpec]
    roll: str = "none"
    calendar: str | None = None


@frozen(kw_only=True)
class ChargeSpec:
    within: str
    cap: str


@frozen(kw_only=True)
class UpdateRowsSpec:
    """``updates = { column = "fieldname", values = ["work_notes", "comments"] }``: the log's rows
    whose value in ``column`` is one of ``values`` tell the customer (issue #29 §3)."""

    column: str
    values: list[str]


@frozen(kw_only=True)
class WorkflowSpec:
    statuses: dict[str, str]
    levels: dict[str, str] = Factory(dict)
    unknown: str | None = None
    # statuses that mark an update to the customer, or a column's values that do
    updates: list[str] | UpdateRowsSpec = Factory(list)


@frozen(kw_only=True)
class CreditSpec:
    below: str | float
    credit: str | float


@frozen(kw_only=True)
class AvailabilitySpec:
    target: str | float
    calendar: str
    name: str = ""
    period: str = "month"
    exclude: list[str] = Factory(list)
    kinds: list[str] | None = None
    credits: list[CreditSpec] = Factory(list)
    fee: str | int | None = None


@frozen(kw_only=True)
class AmendmentSpec:
    """``[[amendments]]``: from a date, the targets, calendars and services it replaces."""

    from_: dt.date
    reason: str = ""
    levels: list[dict[str, Any]] = Factory(list)
    calendars: dict[str, CalendarSpec] = Factory(dict)
    availability: dict[str, AvailabilitySpec] = Factory(dict)


@frozen(kw_only=True)
class FileSpec:
    contract: ContractSpec
    calendars: dict[str, CalendarSpec]
    levels: list[dict[str, Any]]
    metrics: dict[str, MetricSpec] = Factory(dict)
    escalation: list[EscalationSpec] = field(factory=list)
    statutory: dict[str, StatutorySpec] = Factory(dict)
    warranty: WarrantySpec | None = None
    charges: list[ChargeSpec] = Factory(list)
    schedules: list[ScheduleSpec] = Factory(list)
    workflow: WorkflowSpec | None = None
    availability: dict[str, AvailabilitySpec] = Factory(dict)
    penalties: PenaltiesSpec | None = None
    amendments: list[AmendmentSpec] = Factory(list)


# ---------------------------------------------------------------------------- the converter
def _converter() -> Any:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, override

    conv = cattrs.Converter(forbid_extra_keys=True)

    def exact(kind: type, what: str) -> Any:
        def hook(value: Any, _: Any) -> Any:
            if type(value) is not kind and not (kind is float and type(value) is int):
                raise TypeError(f"expected {what}, got {type(value).__name__} {show(value)}")
            return value

        return hook

    conv.register_structure_hook_func(_collection, lambda v, t: _items(conv, v, t))
    conv.register_structure_hook(str, exact(str, "a string"))
    conv.register_structure_hook(int, exact(int, "a whole number"))
    conv.register_structure_hook(float, exact(float, "a number"))
    conv.register_structure_hook(bool, exact(bool, "true or false"))
    conv.register_structure_hook(dt.date, _date_hook)
    conv.register_structure_hook(str | list[str], _str_or_list)
    conv.register_structure_hook(
        str | list[str] | None, lambda v, t: None if v is None else _str_or_list(v, t)
    )
    conv.register_structure_hook(dt.date | str, _date_or_str)
    conv.register_structure_hook(str | float, _share)
    conv.register_structure_hook(float | str, _warning)
    conv.register_structure_hook(str | int | None, _money)
    # the table itself checked, whichever way a cattrs version spells the optional field
    penalty_table = make_dict_structure_fn(PenaltySpec, conv, _cattrs_forbid_extra_keys=True)
    conv.register_structure_hook(PenaltySpec, lambda v, _: _penalty_spec(penalty_table, v))
    conv.register_structure_hook(str | RuleSpec | None, lambda v, _: _rule_spec(conv, v))
    conv.register_structure_hook(float | str | None, _share)
    rows_table = make_dict_structure_fn(UpdateRowsSpec, conv, _cattrs_forbid_extra_keys=True)
    conv.register_structure_hook(list[str] | UpdateRowsSpec, lambda v, _: _update_rows(conv, rows_table, v))
    region_table = make_dict_structure_fn(RegionSpec, conv, _cattrs_forbid_extra_keys=True)
    conv.register_structure_hook(str | RegionSpec, lambda v, _: _region_spec(region_table, v))
    conv.register_structure_hook(
        PhaseSpec,
        make_dict_structure_fn(PhaseSpec, conv, _cattrs_forbid_extra_keys=True, for_=override(rename="for")),
    )
    conv.register_structure_hook(
        ChangeSpec,
        make_dict_structure_fn(
            ChangeSpec, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from")
        ),
    )
    conv.register_structure_hook(
        AmendmentSpec,
        make_dict_structure_fn(
            AmendmentSpec, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from")
        ),
    )
    return conv


def _collection(kind: Any) -> bool:
    origin: object = get_origin(kind)
    return origin is list or origin is dict


def _items(conv: Any, value: Any, kind: Any) -> Any:
    """A TOML array (``list[X]``) or table (``dict[str, X]``), each item structured with its index
    or key noted. Any other value is refused with what it is: cattrs would iterate a table's keys or
    a string's characters (``warnings = "0.5"``, ``[levels]`` for ``[[levels]]``) and report each as
    a wrong item."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    origin: object = get_origin(kind)
    is_list = origin is list
    args = get_args(kind)
    item = (args[0] if is_list else args[1]) if args else Any
    item_origin: object = get_origin(item)
    tables = has(item) or item_origin is dict
    if is_list and not isinstance(value, list):
        example = "[[tables]], one per item" if tables else "[...]"
        raise TypeError(f"expected a list (a TOML array such as {example}), got {show(value)}")
    if not is_list and not isinstance(value, dict):
        raise TypeError(f"expected a table of names to {'tables' if tables else 'values'}, got {show(value)}")
    pairs = enumerate(value) if is_list else value.items()
    out: dict[Any, Any] = {}
    errors = []
    for key, v in pairs:
        try:
            if not is_list and not isinstance(key, str):  # TOML keys are text; a caller's dict may not be
                raise TypeError(f"expected names as text, got {show(key)}")
            if tables and not isinstance(v, dict):
                raise TypeError(f"expected a table, got {show(v)}")
            out[key] = v if item is Any else conv.structure(v, item)
        except Exception as e:  # each item's error gathered, as cattrs does
            e.__notes__ = [*getattr(e, "__notes__", []), IterableValidationNote(f"@ {key!r}", key, item)]
            errors.append(e)
    if errors:
        raise IterableValidationError(f"While structuring {kind!r}", errors, kind)
    return list(out.values()) if is_list else out


def _date_hook(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"expected a date such as 2026-01-01 (TOML date, no quotes), got {show(value)}")
    return value


def _date_or_str(value: Any, _: Any) -> dt.date | str:
    if isinstance(value, str) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise TypeError(
        f"expected a date such as 2023-06-15 or an event name such as 'acceptance', got {show(value)}"
    )


def _str_or_list(value: Any, _: Any) -> str | list[str]:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise TypeError(f"expected an event name or a list of them, got {show(value)}")


def _money(value: Any, _: Any) -> str | int | None:
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    # a TOML float such as 500.5 is refused: money is exact, and a float may not be what was written
    raise TypeError(
        f"expected an amount as text such as '500' or '12.50', or a whole number, got {show(value)}"
    )


def _share(value: Any, _: Any) -> float | str | None:
    """A share as written: a percentage ("99.9%") or a fraction (0.999), which the model reads."""
    if value is None or isinstance(value, str) or (type(value) in (int, float)):
        return value  # type: ignore[no-any-return]
    raise TypeError(f"expected a percentage such as '99.9%' or a fraction such as 0.999, got {show(value)}")


def _warning(value: Any, _: Any) -> float | str:
    """A warning as written: a fraction (0.75) or text ("75%", "1h before"), which the model reads."""
    if isinstance(value, str) or type(value) in (int, float):
        return value  # type: ignore[no-any-return]
    raise TypeError(
        f"expected a share such as 0.75 or a time before the due such as '1h before', got {show(value)}"
    )


def _penalty_spec(structure: Any, value: Any) -> PenaltySpec:
    if isinstance(value, dict):
        spec: PenaltySpec = structure(value, PenaltySpec)
        return spec
    raise TypeError(
        'expected a table such as { per = "1h", amount = "500", cap = "5000" } or { fixed = "1000" } '
        f"(keys: per, amount, fixed, cap, rounding), got {show(value)}"
    )


def _region_spec(structure: Any, value: Any) -> str | RegionSpec:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        spec: RegionSpec = structure(value, RegionSpec)
        return spec
    raise TypeError(
        'expected a term such as "2h" or a table such as { within = "4h", calendar = "xinjiang" } '
        f"(keys: within, calendar, rule), got {show(value)}"
    )


def _update_rows(conv: Any, structure: Any, value: Any) -> list[str] | UpdateRowsSpec:
    if isinstance(value, list):
        rows: list[str] = conv.structure(value, list[str])
        return rows
    if isinstance(value, dict):
        spec: UpdateRowsSpec = structure(value, UpdateRowsSpec)
        return spec
    raise TypeError(
        "expected a list of statuses such as ['Work notes'] or a table such as "
        f"{{ column = 'fieldname', values = ['work_notes', 'comments'] }}, got {show(value)}"
    )


def _rule_spec(conv: Any, value: Any) -> str | RuleSpec | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        spec: RuleSpec = conv.structure(value, RuleSpec)
        return spec
    raise TypeError(f"expected 'civil_code', 'inclusive' or a table of rule options, got {show(value)}")


_CONVERTER: Any = None


def conv() -> Any:
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _converter()
    return _CONVERTER
