"""The file-access policy: what a contract file names is read with care, and a file
servicelevel writes is written whole or not at all (`write_atomically`).

A contract is data that may come from anyone; it must not make the machine that reads it
read anything else. So a shared file named in ``[contract] statutory = [...]`` is read only
when the caller said where such files live (``base_dir``, the folder of a contract file
given to `load_contract`), and then only

- by a relative path without ``..`` that stays inside that folder once links are resolved,
- if it is a regular file (not a device such as ``/dev/zero``, not a FIFO that would hang),
- if it is at most `MAX_BYTES` long.

Refusals are `ContractError` s naming the path *as written in the contract*; they never quote
what a refused file contains.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

from servicelevel.errors import ContractError, InvalidOptionError, show

__all__ = ["MAX_BYTES", "Source", "as_path", "read_regular", "read_text", "write_atomically"]

MAX_BYTES = 1 << 20  # 1 MiB: a year's statutory schedule for every country fits in a few kB


def as_path(value: object, what: str) -> str | os.PathLike[str]:
    """``value`` if it is a ``str`` or ``os.PathLike`` of text; `InvalidOptionError` otherwise.

    A file descriptor (an ``int``, or ``True``, which ``open`` takes as fd 1) is refused
    before anything is opened or closed.
    """
    if isinstance(value, str) or (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)):
        return value
    raise InvalidOptionError(
        f"{what}: expected a file path (str or os.PathLike such as pathlib.Path), "
        f"got {type(value).__name__} {show(value)}"
    )


class Source:
    """Where the shared files of one contract come from: a folder, a mapping of texts, or nowhere."""

    def __init__(self, base_dir: str | os.PathLike[str] | None, files: Mapping[str, str] | None) -> None:
        if base_dir is not None:
            base_dir = as_path(base_dir, "base_dir")
        if files is not None and not (
            isinstance(files, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        ):
            raise InvalidOptionError(
                f"files: expected a mapping of file names to TOML text, got {type(files).__name__}"
            )
        self.base_dir = None if base_dir is None else Path(base_dir)
        self.files = None if files is None else dict(files)

    def read(self, name: str, where: str) -> str:
        """The text of the shared file ``name`` (as written in the contract at ``where``)."""
        if self.files is not None and name in self.files:
            return self.files[name]
        if self.base_dir is None:
            given = "" if self.files is None else "; it is not among the files= given"
            raise ContractError(
                f"{where}: {show(name)}: a contract read from text reads no files{given}; "
                "pass base_dir= (the folder of the shared files) or files={name: text}"
            )
        return read_text(self.base_dir, name, where)


def read_text(base_dir: Path, name: str, where: str) -> str:
    """The UTF-8 text of ``base_dir / name`` under the policy above."""
    written = show(name)
    if (
        not name
        or "\x00" in name
        or PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or PureWindowsPath(name).drive
        or ".." in PurePosixPath(name).parts
        or ".." in PureWindowsPath(name).parts
    ):
        raise ContractError(
            f"{where}: {written} is not a relative path inside the contract's folder; "
            "shared files are named relative to it, without '..', e.g. 'schedules/cn-2027.toml'"
        )
    try:
        root = base_dir.resolve(strict=True)
    except OSError as e:
        raise ContractError(
            f"{where}: cannot read {written}: the folder {show(str(base_dir))}: {e.strerror}"
        ) from None
    try:
        target = (root / name).resolve(strict=False)
    except (OSError, RuntimeError):  # links that lead in a circle
        raise ContractError(f"{where}: cannot read {written}: its links lead in a circle") from None
    if not target.is_relative_to(root):
        raise ContractError(
            f"{where}: {written} leads outside the contract's folder (through a link); "
            "shared files must lie inside it"
        )
    raw = read_regular(target, where, written, follow=False, shared=True)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContractError(f"{where}: {written} is not UTF-8 text") from None


def read_regular(
    path: str | os.PathLike[str], where: str, written: str, *, follow: bool = True, shared: bool = False
) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES` (1 MiB), read without waiting: a FIFO,
    a device such as ``/dev/zero`` or a directory is refused before anything is read, a larger
    file after reading one byte past the limit; a link is followed only when ``follow``
    (``shared``: a contract's shared schedule file, named so in the messages)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise ContractError(f"{where}: cannot read {written}: {e.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            kind = "shared files are TOML files" if shared else "a contract is a TOML file"
            raise ContractError(f"{where}: {written} is not a regular file; {kind}")
        raw = b""
        while len(raw) <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - len(raw))):
            raw += chunk
    except OSError as e:
        raise ContractError(f"{where}: cannot read {written}: {e.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        kind = "a statutory schedule" if shared else "a contract file"
        raise ContractError(f"{where}: {written} is larger than 1 MiB; {kind} is a few kB")
    return raw


def write_atomically(
    path: str | os.PathLike[str], data: bytes, *, replace: bool = False, suffix: str = ".tmp"
) -> None:
    """Write ``data`` to ``path`` whole or not at all, so a reader never sees half a file.

    The bytes go to a temporary file (named with ``suffix``) in the same folder, synced, then
    renamed into place; the file gets the mode ``open`` would give it (0o666 less the umask),
    not ``mkstemp``'s 0o600. An existing ``path`` (a link included, which is never followed)
    raises `FileExistsError` unless ``replace``; without ``replace`` a file made meanwhile is
    refused too (a hard link never replaces). With ``replace`` only a regular file or a link is
    replaced (a device, FIFO, socket or folder is an `OSError`). Anything else the system refuses is its
    `OSError`. No temporary file is left behind either way.
    """
    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(path))
    mode = os.lstat(path).st_mode if replace and os.path.lexists(path) else None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        # a file (or a link, itself replaced, never followed): never a device such as /dev/null,
        # a FIFO, a socket or a folder
        raise OSError(errno.EINVAL, "not a regular file, so not replaced", os.fspath(path))
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # never replaces: a file made meanwhile is refused too
            except FileExistsError:
                raise
            except OSError:  # no hard links on this file system
                if os.path.lexists(path):
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(path)) from None
                os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
