"""``servicelevel read`` (the promises one commitment letter makes, with their quotes) and
``servicelevel compare`` (letters side by side, as a tender evaluation compares them)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from servicelevel.cli._options import options
from servicelevel.cli._terminal import Console, add_row, make_table, print_json
from servicelevel.letters import visible

__all__ = ["run_compare", "run_read"]

_LETTER = {"path": "LETTER", "encoding": "--encoding"}


def run_read(args: argparse.Namespace) -> int:
    """One letter's promises as a table (and what could not be read), JSON, or a draft TOML."""
    from servicelevel.letters import read_commitments_file

    with options(_LETTER):
        found = read_commitments_file(args.letter, encoding=args.encoding)
    if args.toml:
        sys.stdout.write(found.to_toml())
        return 0
    if args.json:
        print_json(found.to_dict())
        return 0
    name = visible(found.name)
    # Each promise on its own rows: where it stands (the letter's line), what it promises, and its
    # quote in full — wrapped at the terminal's width (folded: Chinese has no spaces), never cut.
    table = make_table(f"{name}: {_count(len(found), 'promise')}", ["line", "promise"])
    _wrapping(table)
    for p in found:
        detail = []
        if p.starts is None and p.kind == "warranty":
            detail.append("start not stated")
        if p.exclusions:
            detail.append("excluding " + ", ".join(p.exclusions))
        what = f"{p.kind}: {p.describe()}" + (f" [{'; '.join(detail)}]" if detail else "")
        add_row(table, str(p.line), f"{visible(what)}\n“{_shown(p.quote)}”")
    console = Console()
    console.print(table)
    if found.grades:
        # the one order of severity (the draft's and compare's): the letter's own when it gives one
        order = found.severity_order()
        defined = {g.name: g for g in found.grades}
        grades = make_table("grades, most severe first", ["line", "grade and its definition"])
        _wrapping(grades)
        for name in (n for n in order if n in defined):
            g = defined[name]
            add_row(grades, str(g.line), f"{visible(g.name)}: {_shown(g.description)}")
        console.print(grades)
    if found.unclear:
        n = len(found.unclear)
        title = f"{_count(n, 'sentence')} {'looks' if n == 1 else 'look'} like promises but could not be read"
        unclear = make_table(title, ["line", "why, and the quote"])
        _wrapping(unclear)
        for u in found.unclear:
            add_row(unclear, str(u.line), f"{visible(u.reason)}\n“{_shown(u.quote)}”")
        console.print(unclear)
    return 0


def _shown(quote: str) -> str:
    """A quote as the terminal shows it: its line breaks as spaces, hidden characters escaped."""
    return visible(re.sub(r"\s+", " ", quote).strip())


def _wrapping(table: Any) -> None:
    """Line numbers right-aligned and never wrapped; the title and the text column folded at any
    width (the console does not wrap what it prints on its own: the title must say it does)."""
    table.title.no_wrap, table.title.overflow = False, "fold"
    line, text = table.columns
    line.justify, line.no_wrap = "right", True
    text.overflow = "fold"


def _count(n: int, noun: str) -> str:
    """``1 letter``, ``2 letters``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_compare(args: argparse.Namespace) -> int:
    """Letters side by side, a row per grade rank, metric and region; or JSON."""
    from servicelevel.letters import compare, read_commitments_file

    with options(_LETTER):
        found = [read_commitments_file(path, encoding=args.encoding) for path in args.letters]
    comparison = compare(found)
    if args.json:
        print_json(comparison.to_dict())
        return 0
    table = make_table(f"{_count(len(found), 'letter')} compared", ["", *map(visible, comparison.letters)])
    for row, cells in zip(comparison.rows, comparison.cells, strict=True):
        add_row(table, visible(row), *(visible(c.text) for c in cells))
    Console().print(table)
    return 0
