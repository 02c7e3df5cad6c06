"""`read_commitments`: the promises a commitment letter makes, and what it leaves unclear."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, overload

from attrs import field, frozen

from servicelevel._notebook import Notebook
from servicelevel.errors import InvalidOptionError, LetterError
from servicelevel.letters._grades import Grade, order_grades, ranks_of
from servicelevel.letters._promise import Promise, Unclear
from servicelevel.letters._read import read

__all__ = ["MAX_LETTER_BYTES", "Commitments", "read_commitments", "read_commitments_file"]

MAX_LETTER_BYTES = 8 << 20  # 8 MiB: a long tender's service chapter is a few hundred kB


@frozen
class Commitments(Notebook):
    """The promises found in one letter, in text order, and the sentences left unclear.

    Iterate it (or index it) for `Promise` values; ``unclear`` holds `Unclear`
    ones, each with the reason; ``grades`` the fault grades the letter defines (`Grade`,
    with their definitions). ``to_toml()`` drafts a contract file from it.

    Examples:
        >>> found = read_commitments("7×24小时热线服务。对于重大故障,30分钟内响应,2小时内到达现场。")
        >>> [p.describe() for p in found]
        ['service hours 7x24', 'response within 30m (重大故障)', 'on_site within 2h (重大故障)']
        >>> found.kinds()
        {'coverage': 1, 'target': 2}
    """

    promises: tuple[Promise, ...]
    unclear: tuple[Unclear, ...]
    text: str = field(repr=False)
    name: str = ""
    grades: tuple[Grade, ...] = ()  # the grades the letter defines, in its order (see `Grade`)

    def __iter__(self) -> Iterator[Promise]:
        return iter(self.promises)

    def __len__(self) -> int:
        return len(self.promises)

    @overload
    def __getitem__(self, i: int) -> Promise: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Promise, ...]: ...
    def __getitem__(self, i: int | slice) -> Promise | tuple[Promise, ...]:
        return self.promises[i]

    def of_kind(self, kind: str) -> tuple[Promise, ...]:
        """The promises of one kind (``"target"``, ``"coverage"``…), in text order."""
        return tuple(p for p in self.promises if p.kind == kind)

    def kinds(self) -> dict[str, int]:
        """How many promises of each kind were found."""
        out: dict[str, int] = {}
        for p in self.promises:
            out[p.kind] = out.get(p.kind, 0) + 1
        return out

    def severity_order(self) -> list[str]:
        """The grades of this letter, most severe first: the one order of the draft, `compare` and
        ``servicelevel read`` — the letter's own when it defines its grades in order, else the
        numbers in their names, else the vocabulary order (see docs/letters.md).

        Examples:
            >>> read_commitments("重大故障:系统瘫痪。次要故障:影响运行。一般故障:其它。"
            ...                  "一般故障4小时响应;次要故障2小时响应;重大故障1小时响应。").severity_order()
            ['重大故障', '次要故障', '一般故障']
        """
        names = [*(g.name for g in self.grades), *(p.level for p in self.promises)]
        return order_grades(names, ranks_of(self.grades))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``{"name", "promises": [...], "unclear": [...], "grades": [...]}``."""
        return {
            "name": self.name,
            "promises": [p.to_dict() for p in self.promises],
            "unclear": [u.to_dict() for u in self.unclear],
            "grades": [g.to_dict() for g in self.grades],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_toml(self) -> str:
        """A draft contract file (the TOML `load_contract` reads), each value commented with its quote.

        Values the letter does not state are marked ``CHECK``; what cannot be placed
        is listed in comments at the end. See docs/letters.md.
        """
        from servicelevel.letters._draft import draft

        return draft(self)


def read_commitments(text: str, *, name: str = "") -> Commitments:
    """Read the promises a commitment letter (售后服务承诺) makes, each with its quote.

    Rule-based and honest: a promise is reported only when its metric, term and
    (where the sentence names one) grade are all read from the text; a sentence
    that looks like a promise but cannot be read goes to ``unclear`` with why.

    Examples:
        >>> found = read_commitments("对于重大故障,在接到用户报障后,30分钟作出响应,6小时内到达现场,"
        ...                          "1个\\n工作日内解决问题。24小时在线,随时为您服务。")
        >>> [(p.kind, p.metric, str(p.within), p.level) for p in found]  # doctest: +NORMALIZE_WHITESPACE
        [('target', 'response', '0:30:00', '重大故障'), ('target', 'on_site', '6:00:00', '重大故障'),
         ('target', 'resolution', '1 working day', '重大故障'), ('coverage', None, 'None', None)]
        >>> found[3].coverage, found[2].quote
        ('7x24', '1个\\n工作日内解决问题')
    """
    if not isinstance(text, str):
        raise InvalidOptionError(
            f"text: expected the letter as a str, got {type(text).__name__}; "
            "for a file use read_commitments_file(path)"
        )
    if not isinstance(name, str):
        raise InvalidOptionError(f"name: expected a str, got {type(name).__name__}")
    promises, unclear, grades = read(text)
    return Commitments(tuple(promises), tuple(unclear), text, name, tuple(grades))


def read_commitments_file(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Commitments:
    """`read_commitments` on a text file (a regular file of at most 8 MiB), named after the file.

    ``encoding``: many Chinese letters are GBK; pass ``encoding="gb18030"`` for them, or
    ``encoding="auto"``: UTF-8 when the bytes are valid UTF-8 (a BOM allowed), else
    GB18030 (which GBK and GB2312 are part of) — a fixed rule, for folders of mixed
    letters. Text that does not decode is a `LetterError` naming the file and the byte
    offset.

    Examples:
        >>> read_commitments_file("no/such/letter.txt")
        Traceback (most recent call last):
        ...
        servicelevel.errors.LetterError: path: 'no/such/letter.txt' does not exist
    """
    if isinstance(path, bool | int) or not isinstance(path, str | os.PathLike):
        raise InvalidOptionError(f"path: expected a file path (str or os.PathLike), got {path!r}")
    if not isinstance(encoding, str):
        raise InvalidOptionError(
            f"encoding: expected a codec name such as 'utf-8' or 'gb18030', got {encoding!r}"
        )
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise LetterError(f"path: {str(path)!r} does not exist") from None
    except OSError as e:
        raise LetterError(f"path: {str(path)!r} cannot be read ({e.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise LetterError(f"path: {str(path)!r} is not a regular file")
    if info.st_size > MAX_LETTER_BYTES:
        raise LetterError(
            f"path: {str(path)!r} is {info.st_size:,} bytes; "
            f"a letter is read up to {MAX_LETTER_BYTES:,} bytes"
        )
    try:
        with p.open("rb") as f:
            data = f.read(MAX_LETTER_BYTES + 1)
    except OSError as e:
        raise LetterError(f"path: {str(path)!r} cannot be read ({e.strerror})") from None
    try:
        if encoding == "auto":
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
        else:
            text = data.decode(encoding)
    except LookupError:
        raise InvalidOptionError(
            f"encoding: {encoding!r} is not a codec Python knows; try 'utf-8', 'gb18030' or 'auto'"
        ) from None
    except UnicodeDecodeError as e:
        hint = (
            " (GBK letters: encoding='gb18030'; mixed folders: encoding='auto')"
            if encoding.lower().replace("-", "") in ("utf8", "utf8sig")
            else ""
        )
        raise LetterError(
            f"path: {str(path)!r} is not {encoding} text: byte {e.start} cannot be decoded{hint}"
        ) from None
    except (
        UnicodeError,
        ValueError,
        TypeError,
    ):  # a codec that decodes nothing ("undefined"), a NUL in its name
        raise InvalidOptionError(
            f"encoding: {encoding!r} is no text encoding; try 'utf-8', 'gb18030' or 'auto'"
        ) from None
    if not isinstance(text, str):  # pragma: no cover - bytes.decode returns str for every text codec
        raise InvalidOptionError(f"encoding: {encoding!r} is no text encoding")
    return read_commitments(text.removeprefix("\ufeff"), name=p.name)
