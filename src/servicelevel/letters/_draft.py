"""A draft contract file from a letter's promises: every value commented with its quote.

What the letter states is written as it says; what a contract needs and the letter
does not state is filled with the plain default and marked ``CHECK`` in a comment
(hours counted round the clock when no service hours are named; China's working
days for 工作日; schedules and a warranty without a start counted from acceptance);
what cannot be placed is listed at the end. The draft loads with
`Contract.from_toml` — a starting point to correct, never a signed contract.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from servicelevel.letters._exclusions import EXTRA_CAUSES
from servicelevel.letters._grades import Grade, order_grades, ranks_of, severity
from servicelevel.letters._promise import Promise, visible
from servicelevel.letters._scope import scope_rank, widest_first
from servicelevel.terms import Term, WorkingDays, describe_term

__all__ = ["draft"]

_STOPS = {
    "depart": "departed",
    "phone_contact": "phoned",
    "solution": "solution_given",
    "spare_part": "spare_given",
}


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _term(term: Term) -> str:
    return _s(describe_term(term, "zh"))


def _flat(quote: str, limit: int = 70) -> str:
    """A quote on one line (a comment cannot hold a line break), cut to ``limit`` characters."""
    quote = re.sub(r"[ \t\r\n]+", " ", quote).strip()
    # a TOML comment takes no control character: show them as \xNN (a NUL, an ESC from a PDF)
    quote = visible(quote)
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def _said(p: Promise | Grade) -> str:
    return f"“{_flat(p.quote)}” (offset {p.span[0]})"


def _calendar_for(term: Term, hours: str) -> str:
    return "workdays" if isinstance(term, WorkingDays) else hours


def draft(found: Iterable[Promise], name: str = "") -> str:
    """The TOML text of a draft contract for the promises (see the module docstring)."""
    from servicelevel.letters._commitments import Commitments

    promises = list(found)
    unclear = found.unclear if isinstance(found, Commitments) else ()
    defined_grades = found.grades if isinstance(found, Commitments) else ()
    name = name or (found.name if isinstance(found, Commitments) else "")
    out: list[str] = [
        f"# Draft contract read from the commitment letter {visible(name)[:200] or '(text)'}"
        " by servicelevel.",
        "# Every value below quotes the sentence it was read from. Values marked CHECK are not stated",
        "# in the letter: a plain default was filled in. Read it against the letter before use.",
        "",
        "[contract]",
        'id = "DRAFT"                       # CHECK: the contract number',
        "",
    ]
    leftovers: list[str] = []

    # ---- calendars: the letter's service hours; working days for 工作日
    coverages = [p for p in promises if p.kind == "coverage" and p.condition is None]
    for p in promises:
        if p.kind in ("coverage", "target") and p.condition is not None:
            # "可根据用户要求延长至7×24": never the default; the reader decides whether it applies
            leftovers.append(f"on a condition: {_flat(p.describe('zh'))}: {_said(p)}")
    hours = "service"
    chosen_hours = _choose_hours([p for p in coverages if p.coverage])
    if chosen_hours is not None:
        first, reason = chosen_hours
        notation = first.coverage or ""
        out += [f"[calendars.{hours}]                # {_said(first)}"]
        out += [f"# chosen: {reason}"] if reason else []
        out.append(f"coverage = {_s(notation)}")
        if " " not in notation and notation != "7x24":
            out[-1] += "                 # CHECK: no hours given; the notation's usual ones apply"
        for other in dict.fromkeys(p.coverage for p in coverages if p.coverage and p.coverage != notation):
            said = next(p for p in coverages if p.coverage == other)
            leftovers.append(f"service hours {other} also named{_whose(said)}: {_said(said)}")
    else:
        out += [
            f"[calendars.{hours}]",
            'coverage = "7x24"                 # CHECK: no service hours named; hours count round the clock',
        ]
    out += ['tz = "Asia/Shanghai"              # CHECK: the zone of the sites', 'country = "CN"', ""]
    out += [
        "[calendars.workdays]              # 工作日: China's working days, make-up days included",
        'coverage = "5x8"',
        'tz = "Asia/Shanghai"',
        'country = "CN"',
        "",
    ]

    # ---- levels, from the grades in order of severity
    targets = [p for p in promises if p.kind == "target" and p.condition is None]
    # the letter's own order when it defines its grades in order, else their numbers, else the words
    defined = {g.name: g for g in defined_grades}
    ranks = ranks_of(defined.values())
    grades = order_grades([*defined, *(p.level for p in targets)], ranks)
    numbers = [severity(g, ranks) for g in grades]
    if all(kind == 1 for kind, _ in numbers) and len({n for _, n in numbers}) == len(numbers):
        keys = {g: f"P{n}" for g, (_, n) in zip(grades, numbers, strict=True)}  # the letter's own numbers
    else:
        keys = {g: f"P{i + 1}" for i, g in enumerate(grades)}
    if not grades:
        keys = {"": "P1"}
    metrics_used: set[str] = set()
    project_said = any(p.scope == "project" for p in targets)
    for grade, key in keys.items():
        out += ["[[levels]]", f"key = {_s(key)}", f"name = {_s(grade or '所有故障')}", f"rank = {key[1:]}"]
        if not grade:
            out.append("# the letter names no fault grades: one level for every fault")
        elif grade in defined:
            out += [f"# {_said(defined[grade])}", f"description = {_s(defined[grade].description)}"]
        chosen: dict[str, dict[str | None, Promise]] = {}
        others: set[tuple[str, str | None]] = set()  # slots the letter fills more than once
        for p in sorted(targets, key=lambda p: (scope_rank(p), p.span)):  # the project's first
            if p.level not in (grade or None, None) or (
                p.level is None and grade and _has(targets, grade, p)
            ):
                continue
            slot = chosen.setdefault(p.metric or "", {})
            if p.scope == "company" and project_said and p.region not in slot:
                continue  # a company-wide claim never fills a term the project's section leaves open
            if p.region in slot:
                if p.within != slot[p.region].within:
                    others.add((p.metric or "", p.region))
                    leftovers.append(
                        f"{key + ' ' if p.level else ''}{p.metric}{' in ' + p.region if p.region else ''}: "
                        "the letter also says "
                        f"{describe_term(p.within, 'zh') if p.within else '?'}{_whose(p)}: {_said(p)}"
                    )
                continue
            slot[p.region] = p
        for metric, by_region in chosen.items():
            base = by_region.get(None)
            regional = {r: p for r, p in by_region.items() if r is not None}
            if base is None:
                for r, p in regional.items():
                    leftovers.append(
                        f"{key} {metric} in {r}: {describe_term(p.within, 'zh') if p.within else '?'}, "
                        "but no term "
                        f"for other regions (fill in `within` to place it): {_said(p)}"
                    )
                continue
            assert base.within is not None
            metrics_used.add(metric)
            cal = _calendar_for(base.within, hours)
            line = f"{metric} = {{ within = {_term(base.within)}, calendar = {_s(cal)}"
            if regional:
                parts = ", ".join(f"{_s(r)} = {_term(p.within)}" for r, p in regional.items() if p.within)
                line += f", regions = {{ {parts} }}"
            line += " }"
            out.append(
                f"# {_said(base)}"
                + ("" if grade or base.level else " — for every fault")
                + (f" — chosen{_whose(base) or ' (the first stated)'}" if (metric, None) in others else "")
                + ("  CHECK: hedged in the letter (通常/一般/原则上), not a firm term" if base.hedged else "")
            )
            for r, p in regional.items():
                out.append(f"#   {r}: {_said(p)}")
            out.append(line)
        out.append("")
    regions = sorted({p.region for p in targets if p.region})
    if regions:
        i = out.index("[contract]") + 2
        out.insert(i, f"regions = {json.dumps(regions, ensure_ascii=False)}")

    for metric in sorted(metrics_used & set(_STOPS)):
        out += [
            f"[metrics.{metric}]  # a clock this letter promises beyond the five standard ones",
            f"stop = {_s(_STOPS[metric])}",
            "",
        ]

    # ---- warranty: the first one stated, others listed
    warranties = [p for p in promises if p.kind == "warranty"]
    placed = []
    for p in warranties:
        why = _unwritable(p)
        if why is None:
            placed.append(p)
        else:
            leftovers.append(f"{why}: {_said(p)}")
    if placed:
        # the project's first, then one that says from when, then the first stated
        w = min(placed, key=lambda p: (scope_rank(p), p.starts is None, p.span))
        assert w.within is not None
        out += [f"[warranty]                         # {_said(w)}"]
        if w.starts:
            out.append(f"starts = {_s(w.starts)}")
        else:
            out.append('starts = "acceptance"              # CHECK: the letter does not say from when')
        out += [f"term = {_term(w.within)}", 'calendar = "workdays"']
        if w.extension is not None:
            out.append(f"extension = {_term(w.extension)}")
        out += _exclusions(w)
        out.append("")
        for p in warranties:
            if p is not w and (p.within, p.starts, p.extension) != (w.within, w.starts, w.extension):
                leftovers.append(f"another warranty: {p.describe('zh')}: {_said(p)}")

    # ---- charges
    for p in (p for p in promises if p.kind == "charge"):
        if not placed:
            leftovers.append(
                f"charge cap {p.cap} after a warranty the draft does not state (add [warranty] to place it): "
                f"{_said(p)}"
            )
            continue
        if p.within is None:
            leftovers.append(f"charge cap {p.cap} without the years it covers (fill in `within`): {_said(p)}")
            continue
        out += [
            f"[[charges]]                        # {_said(p)}",
            f"within = {_term(p.within)}",
            f"cap = {_s(p.cap or '')}",
            "",
        ]

    # ---- schedules: "前三个月每周巡检一次,之后每月一次" is one schedule of two phases
    groups: list[list[Promise]] = []
    for p in (p for p in promises if p.kind == "schedule"):
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.activity == p.activity
            and last.lasting is not None
            and p.span[0] - last.span[1] <= 30
        ):
            groups[-1].append(p)
        else:
            groups.append([p])
    seen: set[tuple[object, ...]] = set()
    for group in groups:
        group_key = tuple((p.activity, p.every, p.times, p.lasting) for p in group)
        if group_key in seen:
            continue
        seen.add(group_key)
        phases = []
        for p in group:
            assert p.every is not None
            phase = f"{{ every = {_term(p.every)}"
            if p.lasting is not None:
                phase += f", for = {_term(p.lasting)}"
            if p.times and p.times > 1:
                phase += f", times = {p.times}"
            phases.append(phase + " }")
        out += [f"[[schedules]]                      # {_said(p)}" for p in group[:1]]
        out += [f"#   then: {_said(p)}" for p in group[1:]]
        out += [
            f"name = {_s(f'{group[0].activity}-{len(seen)}')}",
            'starts = "acceptance"              # CHECK: the letter does not date the first visit',
            f"phases = [{', '.join(phases)}]",
            'roll = "next_working_day"',
            'calendar = "workdays"',
            "",
        ]

    # ---- escalation: one step per grade the letter names it for (every level when it names none)
    for p in (p for p in promises if p.kind == "escalation"):
        assert p.after is not None
        for_keys = [keys[p.level]] if p.level in keys else list(keys.values()) if p.level is None else []
        if not for_keys:
            leftovers.append(f"escalation for {p.level}, a grade with no targets here: {_said(p)}")
        for key in for_keys:
            out += [
                f"[[escalation]]                     # {_said(p)}",
                f"level = {_s(key)}",
                f"after = {_term(p.after)}",
                f"to = {_s(p.to or '')}",
                f"calendar = {_s(hours)}",
                "",
            ]

    # nothing is dropped silently: a promise the draft neither placed nor listed is listed, with why
    mentioned = set(re.findall(r"\(offset (\d+)\)", "\n".join(out + leftovers)))
    for p in promises:
        if str(p.span[0]) not in mentioned:
            mentioned.add(str(p.span[0]))
            leftovers.append(f"{_unplaced(p)}: {_flat(p.describe('zh'))}: {_said(p)}")
    if leftovers or unclear:
        out.append("# ---- not placed in the contract above: read and decide")
        out += [f"# - {line}" for line in dict.fromkeys(leftovers)]
        out += [f"# - unclear: {u.reason}: “{_flat(u.quote)}”" for u in unclear]
    return "\n".join(out).rstrip() + "\n"


def _exclusions(w: Promise) -> list[str]:
    """The warranty's exclusions as the draft writes them: the model's own causes (which every
    warranty excludes) in a comment, the others declared as ``causes``, consumables as ``consumables``."""
    from servicelevel.warranty import CAUSES

    own = [c for c in w.exclusions if c in CAUSES]
    extra = [c for c in w.exclusions if c in EXTRA_CAUSES]
    words = [c for c in w.exclusions if c not in CAUSES and c not in EXTRA_CAUSES]
    out = []
    if own:
        out.append(f"# excludes, as the letter says: {', '.join(own)} (causes every warranty excludes)")
    if extra:
        declared = ", ".join(
            f"{{ code = {_s(c)}, en = {_s(EXTRA_CAUSES[c][0])}, zh = {_s(EXTRA_CAUSES[c][1])} }}"
            for c in extra
        )
        out.append(f"causes = [{declared}]  # excluded by the letter beyond the standard causes")
    if words:
        out.append(
            f"consumables = {json.dumps(words, ensure_ascii=False)}  # never covered, as the letter says"
        )
    return out


def _unplaced(p: Promise) -> str:
    """Why a promise has no value of its own in the draft (one holding the same was placed)."""
    if p.scope == "company":
        return "a claim about the company in general; the draft takes the project's own terms"
    if p.kind == "target" and p.level is None:
        return "for every fault, but each level states its own term"
    return "said again: the same as a value placed above"


def _whose(p: Promise) -> str:
    """ " (about this project)" / " (about the company in general)" / "" — for comments."""
    return {"project": " (about this project)", "company": " (about the company in general)"}.get(
        p.scope or "", ""
    )


def _slogan(p: Promise) -> bool:
    """Service hours said as a slogan ("24小时在线,随时为您服务"), with no notation or week in it."""
    return re.search(r"\d\s*[x×X*✕]\s*\d|每周|星期|周一|:\d\d", p.quote) is None


def _choose_hours(coverages: list[Promise]) -> tuple[Promise, str] | None:
    """The service hours the draft takes, and why: those about this project over the company's
    general claims, a notation over a slogan, then the widest (faults may be reported in all the
    hours a letter states alike: "5×8 on site, a 7×24 hotline outside working hours")."""
    if not coverages:
        return None
    best = min(scope_rank(p) for p in coverages)
    pool = [p for p in coverages if scope_rank(p) == best]
    pool = [p for p in pool if not _slogan(p)] or pool
    notations = list(dict.fromkeys(p.coverage or "" for p in pool))
    notation = widest_first(notations)[0]
    first = next(p for p in pool if p.coverage == notation)
    reasons = []
    if best == 0 and any(scope_rank(p) > 0 for p in coverages):
        reasons.append("about this project, over the other hours the letter names")
    elif best == 1 and any(scope_rank(p) == 2 for p in coverages):
        reasons.append("over the company's general claims")
    if len(notations) > 1:
        reasons.append(f"the widest of {', '.join(notations)} stated alike")
    return first, "; ".join(reasons)


def _unwritable(p: Promise) -> str | None:
    """Why a warranty cannot be written as the contract's (a term no date can hold), else None."""
    from servicelevel.calendar import BusinessCalendar
    from servicelevel.errors import ServiceLevelError
    from servicelevel.warranty import Warranty

    try:
        Warranty(
            starts="acceptance",
            term=p.within,
            extension=p.extension,
            calendar=BusinessCalendar.preset("7x24", tz="UTC"),
        )
    except (ServiceLevelError, ValueError) as e:
        return f"a warranty the contract model refuses ({e})"
    return None


def _has(targets: list[Promise], grade: str, p: Promise) -> bool:
    """Whether the grade has its own promise for ``p``'s metric and region (which then wins)."""
    return any(q.level == grade and q.metric == p.metric and q.region == p.region for q in targets)
