"""``servicelevel read`` (the promises one commitment letter makes, with their quotes) and
``servicelevel compare`` (letters side by side, as a tender evaluation compares them)."""

from __future__ import annotations

import argparse
import sys

from servicelevel.cli._options import options
from servicelevel.cli._terminal import Console, add_row, make_table, print_json
from servicelevel.terms import describe_term

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
    table = make_table(
        f"{found.name}: {_count(len(found), 'promise')}",
        ["kind", "grade", "region", "what", "term", "detail", "quote"],
    )
    for p in found:
        what = p.metric or p.coverage or p.activity or (p.cap and f"cap {p.cap}") or ""
        term = p.within if p.within is not None else p.every
        detail = []
        if p.starts:
            detail.append(f"from {p.starts}")
        if p.extension is not None:
            detail.append(f"+{describe_term(p.extension, 'zh')}")
        if p.times and p.times > 1:
            detail.append(f"{p.times} times")
        if p.lasting is not None:
            detail.append(f"first {describe_term(p.lasting, 'zh')}")
        add_row(
            table,
            p.kind,
            p.level or "—",
            p.region or "—",
            what,
            describe_term(term, "zh") if term is not None else "—",
            ", ".join(detail) or "—",
            p.quote,
        )
    console = Console()
    console.print(table)
    if found.unclear:
        n = len(found.unclear)
        title = f"{_count(n, 'sentence')} {'looks' if n == 1 else 'look'} like promises but could not be read"
        unclear = make_table(title, ["why", "quote"])
        for u in found.unclear:
            add_row(unclear, u.reason, u.quote)
        console.print(unclear)
    return 0


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
    table = make_table(f"{_count(len(found), 'letter')} compared", ["", *comparison.letters])
    for row, cells in zip(comparison.rows, comparison.cells, strict=True):
        add_row(table, row, *(c.text for c in cells))
    Console().print(table)
    return 0
