"""What the command line writes: tables and lines through rich, JSON, and ``--ics`` files.

What a contract says reaches the terminal only as text: its control characters (an ``ESC``
that would retitle or clear the terminal, a ``BEL``, C1 codes, bidirectional overrides) are
written escaped (``\\x1b``), in tables, messages and JSON alike. rich is imported on first use.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from servicelevel.errors import InvalidOptionError
from servicelevel.io import write_atomically

__all__ = ["Console", "add_row", "escape", "json_line", "make_table", "print_json", "write_ics"]

# Control characters as rich escapes them (\a, \r…), and every other one as \xNN or \uNNNN:
# C0 (ESC starts the sequences that retitle or clear a terminal), DEL, C1 (\x9b is a CSI on
# its own) and the bidirectional overrides that reorder what is shown.
_CONTROLS = (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES: dict[bool, dict[int, str]] = {}


def escape(text: str, newlines: bool = False) -> str:
    """``text`` with its control characters escaped by rich's ``escape_control_codes``.

    ``newlines=True`` keeps line breaks, for text rich lays out in lines (a table cell).
    """
    from rich.control import CONTROL_ESCAPE, escape_control_codes

    if newlines not in _ESCAPES:
        table = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROLS}
        table.update(CONTROL_ESCAPE)
        if newlines:
            del table[ord("\n")]
        _ESCAPES[newlines] = table
    return escape_control_codes(text, _ESCAPES[newlines])


def json_line(what: str, kind: str, message: str) -> str:
    """``{"error": {"type": …, "message": …}}`` on one line, control characters escaped."""
    text = json.dumps({what: {"type": kind, "message": message}}, ensure_ascii=False)
    return text.translate({c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x20})


def print_json(data: Any) -> None:
    """JSON on standard output; C1 controls, which JSON leaves raw, written as ``\\u00NN``."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(text.translate({c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x20}))  # json did the rest


class _Plain:
    """A renderable shown with every control character in its text escaped.

    Rich keeps text and styles apart until it writes: the colours it adds are not in the
    segments' text, so what is escaped here is only what came from data.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control:  # rich's own cursor moves; data never makes these
                yield segment
            else:
                yield Segment(escape(segment.text, newlines=True), segment.style)


class Console:
    """rich's Console (colours in a terminal, plain text when piped), printing only escaped text."""

    def __init__(self) -> None:
        from rich.console import Console as RichConsole

        self.console = RichConsole(highlight=False, soft_wrap=True, markup=False)

    def print(self, *objects: Any) -> None:
        """Print strings as plain text (not rich markup) and renderables, all escaped."""
        self.console.print(*(_Plain(_text(o) if isinstance(o, str) else o) for o in objects))


def _text(value: str) -> Any:
    """Plain text, control characters escaped: contract text such as "[P1]" is not rich markup."""
    from rich.text import Text

    return Text(escape(value, newlines=True))


def add_row(table: Any, *cells: str) -> None:
    """Add a row of plain text."""
    table.add_row(*(_text(c) for c in cells))


def make_table(title: str, columns: Sequence[str]) -> Any:
    """A rich table with a plain-text title, left-aligned, one header rule, these columns."""
    from rich import box
    from rich.table import Table

    table = Table(title=_text(title), box=box.SIMPLE_HEAD, title_justify="left")
    for c in columns:
        table.add_column(c)
    return table


def write_ics(target: str, data: bytes, force: bool) -> bool:
    """Write ``data`` to ``target``; True if that was standard output (``-``), which then says no more.

    A file is written whole or not at all (`write_atomically`); an existing ``target`` (a
    link included, which is never followed) is replaced only with ``--force``.
    """
    if target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    write_file("--ics", target, data, force, hint=", or --ics - for standard output")
    return False


def write_file(option: str, target: str, data: bytes, force: bool, hint: str = "") -> None:
    """Write ``data`` to the file ``target`` named by ``option``, whole or not at all; an existing
    file (or link) is replaced only with ``--force``, and never a device, FIFO or folder."""
    suffix = "." + option.lstrip("-") + ".tmp"
    try:
        write_atomically(target, data, replace=force, suffix=suffix)
    except FileExistsError:
        raise InvalidOptionError(f"{option}: {target!r} exists; pass --force to replace it{hint}") from None
    except OSError as e:
        raise InvalidOptionError(f"{option}: cannot write {target!r}: {e.strerror}") from None
