"""Letters side by side: the comparison a tender evaluation writes by hand.

One column per letter; one row per (grade rank, metric) — grades are matched by
their rank within each letter (its most severe grade is rank 1), since bidders
name them differently (一级故障, 重大故障) — then service hours, warranty and
schedules. A promise for every fault is its own row ("all faults").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import InvalidOptionError
from servicelevel.letters._commitments import Commitments
from servicelevel.letters._promise import Promise
from servicelevel.terms import describe_term

__all__ = ["Comparison", "compare"]

_METRIC_ORDER = (
    "response",
    "phone_contact",
    "solution",
    "depart",
    "on_site",
    "spare_part",
    "restore",
    "resolution",
    "report",
)


@frozen
class Cell:
    """What one letter says for one row: the terms as text, and the promises they come from."""

    text: str
    promises: tuple[Promise, ...]


@frozen
class Comparison(Notebook):
    """A table: ``rows`` (labels), ``letters`` (names) and ``cells[row][letter]``.

    Examples:
        >>> from servicelevel import read_commitments
        >>> a = read_commitments("对于重大故障,30分钟内响应,2小时内到达现场。7×24小时热线。", name="A")
        >>> b = read_commitments("一级故障:1小时内响应。5×8热线服务。质保期:验收之日起3年。", name="B")
        >>> c = compare([a, b])
        >>> c.rows
        ('rank 1 · response', 'rank 1 · on_site', 'service hours', 'warranty')
        >>> [cell.text for cell in c.cells[0]], [cell.text for cell in c.cells[1]]
        (['30分钟 (重大故障)', '1小时 (一级故障)'], ['2小时 (重大故障)', '—'])
    """

    letters: tuple[str, ...]
    rows: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"letters": [...], "rows": [{"row": label, "cells": [{"text", "quotes"}...]}]}``."""
        return {
            "letters": list(self.letters),
            "rows": [
                {
                    "row": row,
                    "cells": [{"text": c.text, "quotes": [p.quote for p in c.promises]} for c in cells],
                }
                for row, cells in zip(self.rows, self.cells, strict=True)
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _row_key(p: Promise, ranks: dict[str, int]) -> tuple[int, int, str] | None:
    if p.kind == "target":
        metric = p.metric or ""
        order = _METRIC_ORDER.index(metric) if metric in _METRIC_ORDER else len(_METRIC_ORDER)
        region = f" · {p.region}" if p.region else ""
        if p.level is None:
            return (0, order, f"all faults · {metric}{region}")
        rank = ranks[p.level]
        return (rank, order, f"rank {rank} · {metric}{region}")
    group = {"coverage": (90, "service hours"), "warranty": (91, "warranty"), "charge": (93, "charges")}
    if p.kind == "schedule":
        return (92, 0, "schedules")
    rank, label = group[p.kind]
    return (rank, 0, label)


def _text(p: Promise) -> str:
    if p.kind == "target":
        assert p.within is not None
        return describe_term(p.within, "zh") + (f" ({p.level})" if p.level else "")
    if p.kind == "coverage":
        return p.coverage or ""
    return p.describe("zh")


def compare(letters: Iterable[Commitments]) -> Comparison:
    """The letters' promises side by side (see the module docstring); ``—`` where a letter is silent."""
    found = list(letters)
    if not found or not all(isinstance(c, Commitments) for c in found):
        raise InvalidOptionError(
            "letters: expected one or more results of read_commitments(...) or read_commitments_file(...)"
        )
    names: list[str] = []
    for i, c in enumerate(found):
        name = base = c.name or f"letter {i + 1}"
        copies = 1
        while name in names:  # two letters called letter.txt, from two folders
            copies += 1
            name = f"{base} ({copies})"
        names.append(name)
    table: dict[tuple[int, int, str], list[list[Promise]]] = {}
    for i, c in enumerate(found):
        grades = [g for g in c.severity_order() if any(p.level == g for p in c)]
        ranks = {g: r + 1 for r, g in enumerate(grades)}
        for p in c:
            key = _row_key(p, ranks)
            if key is None:
                continue
            table.setdefault(key, [[] for _ in found])[i].append(p)
    rows = sorted(table)
    cells = []
    for key in rows:
        line = []
        for promises in table[key]:
            texts = list(dict.fromkeys(_text(p) for p in promises))
            line.append(Cell("; ".join(texts) if texts else "—", tuple(promises)))
        cells.append(tuple(line))
    return Comparison(tuple(names), tuple(label for *_, label in rows), tuple(cells))
