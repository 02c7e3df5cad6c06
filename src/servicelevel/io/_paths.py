"""Where in a contract file an error is: one structured path per error, formatted once.

A path is a tuple of table keys (``str``) and array indexes (``int``), e.g.
``("levels", 0, "response", "within")``, printed ``levels[0].response.within``. The reader
builds it from cattrs' validation notes and from the sections it walks; an error raised by a
model class (``"within: cannot read 'soon' …"``) names its field relative to that class, and
`located` joins the two without ever naming a part twice.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from typing import Any

from servicelevel.errors import ContractError, ServiceLevelError, show

__all__ = ["FieldError", "Path", "cattrs_problems", "format_path", "located", "problems_error"]

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
# A leading ``path: `` in a model's message: name, then .name, [0] or ['key'] parts.
_LEAD = re.compile(r"""(?P<path>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\]|\[(?:'[^'\\]*'|"[^"\\]*")\])*): """)
_PART = re.compile(r"""\.?([A-Za-z_]\w*)|\[(\d+)\]|\[('[^'\\]*'|"[^"\\]*")\]""")
# A value a model echoes as Python's repr of a string, too long to show whole.
_LONG_REPR = re.compile(r"'(?:[^'\\\n]|\\.){79,}'" + r'|"(?:[^"\\\n]|\\.){79,}"')
# Names the model uses for what the file calls otherwise.
_RENAMED = {"CountingRule": "rule", "for_": "for", "from_": "from", "text": "coverage"}


class FieldError(Exception):
    """An error at ``path`` of the file; becomes one `ContractError` line."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(path, message)
        self.path = path
        self.message = message


def format_path(path: Path) -> str:
    """``levels[0].response.within``; keys that are not bare TOML keys are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = (
                part if _BARE.fullmatch(part) else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
            )
            out += f".{key}" if out else key
    return out or "(top level)"


def problems_error(problems: list[tuple[Path, str]]) -> ContractError:
    """One `ContractError` with a ``path: message`` line per problem, joined by ``; ``."""
    return ContractError("; ".join(f"{format_path(p)}: {m}" for p, m in problems))


def _parts(text: str) -> Path:
    out: list[str | int] = []
    for name, index, key in _PART.findall(text):
        if name:
            out.append(_RENAMED.get(name, name))
        elif index:
            out.append(int(index))
        else:
            out.append(str(ast.literal_eval(key)))
    return tuple(out)


def _join(base: Path, rel: Path) -> Path:
    """``base + rel`` without repeating the parts where ``rel`` restates the end of ``base``."""
    for k in range(min(len(base), len(rel)), 0, -1):
        if base[-k:] == rel[:k]:
            return base + rel[k:]
    return base + rel


def split(base: Path, message: str) -> tuple[Path, str]:
    """The full path and the rest of a model message raised while building ``base``.

    The first leading ``path:`` of the message is relative to ``base``; further ones are
    dropped while they only restate the path (``"term: term: cannot read …"``).
    """
    message = _LONG_REPR.sub(lambda r: r[0][:79] + "…", message)  # as `show` cuts the reader's own
    m = _LEAD.match(message)
    if m is None:
        return base, message
    path = _join(base, _parts(m["path"]))
    message = message[m.end() :]
    while (m := _LEAD.match(message)) is not None and _join(path, _parts(m["path"])) == path:
        message = message[m.end() :]
    return path, message


def located(base: Path, build: Any, head: frozenset[str] = frozenset()) -> Any:
    """Run ``build``; an error from it becomes a `FieldError` under ``base``.

    ``head`` names fields that a model reports at its top level but the file keeps in the
    ``[contract]`` table (``warnings``, ``valid_from``…).
    """
    try:
        return build()
    except FieldError as e:
        raise FieldError(_join(base, e.path), e.message) from None
    except ServiceLevelError as e:
        path, message = split(base, str(e))
        if not base and path and path[0] in head:
            path = ("contract", *path)
        raise FieldError(path, message) from None


def _walk(
    exc: BaseException, path: Path, kind: Any, say: Callable[[BaseException, Any], str]
) -> Iterator[tuple[Path, str]]:
    from cattrs.errors import ClassValidationError, IterableValidationError

    if isinstance(exc, IterableValidationError):
        indexed, without = exc.group_exceptions()
        for sub, note in indexed:
            yield from _walk(sub, (*path, note.index), note.type, say)
        for sub in without:
            yield path, say(sub, None)
    elif isinstance(exc, ClassValidationError):
        named, others = exc.group_exceptions()
        for sub, field in named:
            yield from _walk(sub, (*path, _RENAMED.get(field.name, field.name)), field.type, say)
        for sub in others:
            yield path, say(sub, None)
    else:
        yield path, say(exc, kind)


def cattrs_problems(exc: BaseException, base: Path = ()) -> list[tuple[Path, str]]:
    """Each error of a cattrs validation error with its full path, in the file's order."""
    from cattrs.errors import ForbiddenExtraKeysError
    from cattrs.v import format_exception

    def say(error: BaseException, kind: Any) -> str:
        if isinstance(error, TypeError) and str(error).startswith("expected"):
            return str(error)  # our own hooks' words name what is accepted
        if isinstance(error, ForbiddenExtraKeysError):
            keys = sorted(error.extra_fields)
            found = f"extra fields found ({', '.join(k if len(k) <= 80 else show(k) for k in keys)})"
            if getattr(error, "cl", None) is not None and error.cl.__name__ == "FileSpec":
                import attrs

                tables = ", ".join(f"[{f.name}]" for f in attrs.fields(error.cl))
                found += f"; a contract file has the tables {tables}"
            if getattr(error, "cl", None) is not None and error.cl.__name__ == "RegionSpec":
                found += "; a region's table accepts within, calendar, rule (the goal, penalty: the target's)"
            return found
        return format_exception(error, kind)

    return list(_walk(exc, base, None, say))
