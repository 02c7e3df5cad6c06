"""`write_atomically`: a file servicelevel writes is written whole or not at all, never over an
existing file (or through a link) unless asked to replace it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from servicelevel.io import write_atomically


def test_writes_a_new_file_with_opens_mode(tmp_path: Path) -> None:
    """The bytes land whole, with the mode ``open`` gives (not mkstemp's 0600), no temporary left."""
    target = tmp_path / "out.ics"
    write_atomically(target, b"BEGIN:VCALENDAR\r\n", suffix=".ics.tmp")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def test_an_existing_file_is_refused_unless_replaced(tmp_path: Path) -> None:
    """Without ``replace`` an existing file is a FileExistsError and stays as it was."""
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomically(str(target), b"new")
    assert target.read_text(encoding="utf-8") == "mine"
    write_atomically(str(target), b"new", replace=True)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_link_is_replaced_never_followed(tmp_path: Path) -> None:
    """A link at the target counts as existing; replacing it leaves the file it points to alone."""
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.ics"
    link.symlink_to(precious)
    with pytest.raises(FileExistsError):
        write_atomically(link, b"data")
    write_atomically(link, b"data", replace=True)
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink()
    assert link.read_bytes() == b"data"


def test_a_missing_folder_is_the_systems_oserror(tmp_path: Path) -> None:
    """What the system refuses is its OSError, with its strerror (the command line quotes it)."""
    with pytest.raises(OSError, match="No such file or directory") as info:
        write_atomically(tmp_path / "nowhere" / "out.ics", b"data")
    assert not isinstance(info.value, FileExistsError)
