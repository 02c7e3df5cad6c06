"""Files (io/_files.py): what a contract file may make the reader do (issue 17) — a contract is data
from anyone, so reading it must not read the rest of the machine, and its errors must not quote files
that are not statutory schedules — and `write_atomically`, which writes a file whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from servicelevel import (
    Contract,
    ContractError,
    InvalidOptionError,
    ServiceLevelError,
    load_contract,
)
from servicelevel.io import write_atomically
from tests.conftest import EXAMPLE_PATH

HEAD = """
[contract]
id = "E-1"
{extra}
[calendars.support]
coverage = "5x8"
tz = "Asia/Shanghai"
country = "CN"

[[levels]]
key = "P1"
resolution = {{ within = "1个工作日", calendar = "support" }}
"""
# Illustrative days (not a real notice): Sat 2027-02-20 worked, Mon 2027-03-01 off.
SCHEDULE = '[statutory.CN]\nholidays = { 2027-03-01 = "site closed" }\nworkdays = [2027-02-20]\n'
SECRET = 'API_KEY = "sk-live-SECRET456"\nDB_PASSWORD = "hunter2-SECRET"\n'


def naming(*names: str) -> str:
    """A contract whose [contract] table names the shared files ``names``."""
    listed = ", ".join(f'"{n}"' for n in names)
    return HEAD.format(extra=f"statutory = [{listed}]")


def write_contract(folder: Path, *names: str) -> Path:
    path = folder / "contract.toml"
    path.write_text(naming(*names), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ContractError) as info:
        load_contract(path)
    return str(info.value)


def assert_quotes_nothing(message: str) -> None:
    for word in ("API_KEY", "DB_PASSWORD", "sk-live", "SECRET", "hunter2"):
        assert word not in message


@pytest.fixture
def secret_dir(tmp_path: Path) -> Path:
    """A folder next to the contract's, holding a file the contract must not read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secrets.toml").write_text(SECRET, encoding="utf-8")
    (outside / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
    return outside


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inside = tmp_path / "contract"
    inside.mkdir()
    return inside


class TestTextReadsNoFiles:
    def test_from_toml_does_not_read_the_current_directory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A contract read from text does not read a shared file from the current directory (#17)."""
        # Old code resolved the name against the cwd and read the file.
        (tmp_path / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ContractError, match=r"contract\.statutory\[0\]: 'cn\.toml': a contract read from text reads no files"):  # fmt: skip
            Contract.from_toml(naming("cn.toml"))

    def test_files_mapping_supplies_the_text(self, folder: Path) -> None:
        """The files= mapping supplies a shared file's text, equal to reading it from the folder (#17)."""
        (folder / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        from_files = Contract.from_toml(naming("cn.toml"), files={"cn.toml": SCHEDULE})
        from_folder = load_contract(write_contract(folder, "cn.toml"))
        assert from_folder == from_files
        assert dict(from_files.calendar("support").extra_holidays) == {dt.date(2027, 3, 1): "site closed"}

    def test_a_name_missing_from_files(self) -> None:
        """A shared file missing from files= is named as missing from them (#17)."""
        with pytest.raises(ContractError, match=r"'other\.toml': .*not among the files= given"):
            Contract.from_toml(naming("other.toml"), files={"cn.toml": SCHEDULE})

    def test_files_must_be_a_mapping_of_text(self) -> None:
        """files= must be a mapping of names to TOML text (#17)."""
        with pytest.raises(InvalidOptionError, match=r"files: expected a mapping of file names to TOML text"):
            Contract.from_toml(naming("cn.toml"), files=["cn.toml"])  # type: ignore[arg-type]


class TestFolderPolicy:
    """A shared file is read only by a relative path inside the contract's folder, as a small regular file."""

    def test_relative_path_inside_the_folder_reads(self, folder: Path) -> None:
        """A relative path inside the contract's folder is read (#17)."""
        (folder / "schedules").mkdir()
        (folder / "schedules" / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        c = load_contract(write_contract(folder, "schedules/cn.toml"))
        assert c.calendar("support").extra_workdays == frozenset({dt.date(2027, 2, 20)})

    def test_absolute_path_is_refused_unread(self, folder: Path, secret_dir: Path) -> None:
        """An absolute path is refused without reading it or quoting it (#17)."""
        written = str(secret_dir / "secrets.toml")
        message = refusal(write_contract(folder, written))
        shown = repr(written) if len(repr(written)) <= 80 else repr(written)[:79] + "…"  # values are cut
        assert (
            f"contract.statutory[0]: {shown} is not a relative path inside the contract's folder" in message
        )
        assert_quotes_nothing(message)

    def test_absolute_path_of_a_missing_file_says_the_same(self, folder: Path, secret_dir: Path) -> None:
        """An absolute path gets the same refusal whether the file exists or not (#17)."""
        # Whether a file exists outside the folder is not told.
        there = refusal(write_contract(folder, str(secret_dir / "secrets.toml")))
        missing = refusal(write_contract(folder, str(secret_dir / "nothing.toml")))
        assert there.replace("secrets", "X") == missing.replace("nothing", "X")

    def test_dot_dot_is_refused(self, folder: Path) -> None:
        """A path climbing out with .. is refused (#17)."""
        message = refusal(write_contract(folder, "../outside/secrets.toml"))
        assert "'../outside/secrets.toml' is not a relative path inside the contract's folder" in message

    def test_link_out_of_the_folder_is_refused(self, folder: Path, secret_dir: Path) -> None:
        """A link leading out of the folder is refused (#17)."""
        (folder / "cn.toml").symlink_to(secret_dir / "cn.toml")
        message = refusal(write_contract(folder, "cn.toml"))
        assert "contract.statutory[0]: 'cn.toml' leads outside the contract's folder" in message

    def test_linked_folder_out_of_the_folder_is_refused(self, folder: Path, secret_dir: Path) -> None:
        """A linked folder leading out of the folder is refused, quoting nothing (#17)."""
        (folder / "shared").symlink_to(secret_dir, target_is_directory=True)
        message = refusal(write_contract(folder, "shared/secrets.toml"))
        assert "'shared/secrets.toml' leads outside the contract's folder" in message
        assert_quotes_nothing(message)

    def test_link_inside_the_folder_reads(self, folder: Path) -> None:
        """A link to a file inside the folder is read like the file (#17)."""
        (folder / "cn-2027.toml").write_text(SCHEDULE, encoding="utf-8")
        (folder / "cn.toml").symlink_to(folder / "cn-2027.toml")
        assert load_contract(write_contract(folder, "cn.toml")) == load_contract(
            write_contract(folder, "cn-2027.toml")
        )

    def test_base_dir_names_another_folder(self, folder: Path, secret_dir: Path) -> None:
        """base_dir= names the folder shared files are read from (#17)."""
        c = load_contract(write_contract(folder, "cn.toml"), base_dir=secret_dir)
        assert c == Contract.from_toml(naming("cn.toml"), files={"cn.toml": SCHEDULE})

    @pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
    def test_device_is_refused(self, folder: Path) -> None:
        """A device such as /dev/zero behind a name is refused, in a process with a memory limit (#17)."""
        # ``/dev/zero`` behind a name exhausted memory; run where a relapse cannot take the machine.
        (folder / "zero.toml").symlink_to("/dev/zero")
        path = write_contract(folder, "zero.toml")
        script = (
            "import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))\n"
            "from servicelevel import ContractError, load_contract\n"
            "try:\n    load_contract(sys.argv[1])\n"
            "except ContractError as e:\n    print(e)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-500:]
        assert "contract.statutory[0]: 'zero.toml' leads outside the contract's folder" in done.stdout

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
    def test_fifo_is_refused_without_waiting(self, folder: Path) -> None:
        """A FIFO is refused as not a regular file, without waiting for a writer (#17)."""
        os.mkfifo(folder / "pipe.toml")
        path = write_contract(folder, "pipe.toml")
        outcome: list[BaseException | None] = []

        def read() -> None:
            try:
                load_contract(path)
                outcome.append(None)
            except BaseException as e:  # handed to the test thread
                outcome.append(e)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout=10)
        if reader.is_alive():  # let the old, blocking reader go before failing
            fd = os.open(folder / "pipe.toml", os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
            pytest.fail("reading a contract that names a FIFO hung")
        assert isinstance(outcome[0], ContractError)
        assert "contract.statutory[0]: 'pipe.toml' is not a regular file" in str(outcome[0])

    def test_a_folder_is_refused(self, folder: Path) -> None:
        """A folder is refused like any file that is not regular (#17)."""
        # Old code: IsADirectoryError's words; new: the same refusal as for any non-regular file.
        (folder / "schedules").mkdir()
        assert refusal(write_contract(folder, "schedules")) == (
            "contract.statutory[0]: 'schedules' is not a regular file; shared files are TOML files"
        )

    def test_links_in_a_circle(self, folder: Path) -> None:
        """Links in a circle are refused as such (#17)."""
        (folder / "a.toml").symlink_to(folder / "b.toml")
        (folder / "b.toml").symlink_to(folder / "a.toml")
        assert refusal(write_contract(folder, "a.toml")) == (
            "contract.statutory[0]: cannot read 'a.toml': its links lead in a circle"
        )

    def test_size_is_capped(self, folder: Path) -> None:
        """A shared file larger than 1 MiB is refused (#17)."""
        (folder / "big.toml").write_text(SCHEDULE + "#" * (1 << 20), encoding="utf-8")
        message = refusal(write_contract(folder, "big.toml"))
        assert "contract.statutory[0]: 'big.toml' is larger than 1 MiB" in message

    def test_a_file_that_is_not_a_schedule_is_not_quoted(self, folder: Path) -> None:
        """A file that is not a statutory schedule is refused without listing its keys (#17)."""
        # Old messages listed the file's keys (``extra fields found (API_KEY, DB_PASSWORD)``).
        (folder / "app.toml").write_text(SECRET, encoding="utf-8")
        message = refusal(write_contract(folder, "app.toml"))
        assert "contract.statutory[0]: 'app.toml' is not a statutory schedule file" in message
        assert_quotes_nothing(message)

    def test_values_of_a_near_schedule_are_not_quoted(self, folder: Path) -> None:
        """A near-schedule file is refused without echoing its values (#17)."""
        # ``statutory = "secret"`` beside other keys is still not a schedule: no value echoed.
        (folder / "app.toml").write_text('statutory = "sk-live-SECRET456"\n', encoding="utf-8")
        message = refusal(write_contract(folder, "app.toml"))
        assert "is not a statutory schedule file" in message
        assert_quotes_nothing(message)

    def test_text_that_is_not_toml_is_not_quoted(self, folder: Path) -> None:
        """A file that is not TOML is refused with the line of the error, not its text (#17)."""
        (folder / "env.toml").write_text("export API_KEY=sk-live-SECRET456\n", encoding="utf-8")
        message = refusal(write_contract(folder, "env.toml"))
        assert "'env.toml' is not a statutory schedule file (a file of [statutory.XX] tables only): invalid TOML at line 1" in message  # fmt: skip
        assert_quotes_nothing(message)

    def test_errors_inside_a_schedule_name_file_and_path(self, folder: Path) -> None:
        """An error inside a schedule names the file and the path within it (#17)."""
        (folder / "cn.toml").write_text('[statutory.CN]\nholidays = { tomorrow = "x" }\n', encoding="utf-8")
        message = refusal(write_contract(folder, "cn.toml"))
        assert message == (
            "contract.statutory[0]: in 'cn.toml': statutory.CN.holidays: "
            "'tomorrow' is not a date such as 2027-02-06"
        )

    def test_example_contract_still_reads(self) -> None:
        """The example contract still reads under the policy (#17)."""
        assert load_contract(EXAMPLE_PATH).id == "BJ-2026-017"


class TestPathArgument:
    def test_file_descriptor_is_refused_unread(self, tmp_path: Path) -> None:
        """A file descriptor is refused without reading or closing it (#17)."""
        # Old code read the descriptor, closed it, then failed with a bare TypeError.
        path = tmp_path / "c.toml"
        path.write_text(naming(), encoding="utf-8")
        fd = os.open(path, os.O_RDONLY)
        try:
            with pytest.raises(InvalidOptionError, match=r"path: expected a file path \(str or os\.PathLike"):
                load_contract(fd)  # type: ignore[arg-type]
            assert os.lseek(fd, 0, os.SEEK_CUR) == 0  # still open, nothing read
        finally:
            os.close(fd)

    def test_true_is_refused_and_stdout_stays_open(self) -> None:
        """True is refused as a path, and standard output stays open (#17)."""
        # ``open(True)`` is fd 1: old code read and closed standard output.
        with pytest.raises(InvalidOptionError, match=r"path: expected a file path .*got bool True") as info:
            load_contract(True)  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, ServiceLevelError)
        os.fstat(1)  # raises OSError if fd 1 was closed

    def test_bytes_are_refused(self) -> None:
        """A path given as bytes is refused (#17)."""
        with pytest.raises(InvalidOptionError, match=r"got bytes b'c\.toml'"):
            load_contract(b"c.toml")  # type: ignore[arg-type]


class TestWriteAtomically:
    """A file servicelevel writes is written whole or not at all, never over an existing file (or
    through a link) unless asked to replace it."""

    def test_writes_a_new_file_with_opens_mode(self, tmp_path: Path) -> None:
        """The bytes land whole, with the mode ``open`` gives (not mkstemp's 0600), no temporary left."""
        target = tmp_path / "out.ics"
        write_atomically(target, b"BEGIN:VCALENDAR\r\n", suffix=".ics.tmp")
        assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
        assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]

    def test_an_existing_file_is_refused_unless_replaced(self, tmp_path: Path) -> None:
        """Without ``replace`` an existing file is a FileExistsError and stays as it was."""
        target = tmp_path / "notes.txt"
        target.write_text("mine", encoding="utf-8")
        with pytest.raises(FileExistsError):
            write_atomically(str(target), b"new")
        assert target.read_text(encoding="utf-8") == "mine"
        write_atomically(str(target), b"new", replace=True)
        assert target.read_bytes() == b"new"
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_a_link_is_replaced_never_followed(self, tmp_path: Path) -> None:
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

    def test_a_missing_folder_is_the_systems_oserror(self, tmp_path: Path) -> None:
        """What the system refuses is its OSError, with its strerror (the command line quotes it)."""
        with pytest.raises(OSError, match="No such file or directory") as info:
            write_atomically(tmp_path / "nowhere" / "out.ics", b"data")
        assert not isinstance(info.value, FileExistsError)


class TestTheContractsOwnPath:
    """Issue #27 §4: load_contract's own path follows the rules of shared files."""

    def test_a_fifo_is_refused_without_waiting(self, tmp_path: Path) -> None:
        """A FIFO named as the contract is refused at once (it used to hang)."""
        fifo = tmp_path / "contract.toml"
        os.mkfifo(fifo)
        with pytest.raises(
            ContractError, match=r"^path: .* is not a regular file; a contract is a TOML file"
        ):
            load_contract(fifo)

    def test_a_device_is_refused(self) -> None:
        """/dev/zero is refused before anything is read (it used to exhaust memory)."""
        with pytest.raises(ContractError, match="is not a regular file"):
            load_contract("/dev/zero")

    def test_a_huge_file_is_refused_after_one_mebibyte(self, tmp_path: Path) -> None:
        """A 100 MB sparse file is refused after reading one byte past 1 MiB."""
        big = tmp_path / "contract.toml"
        with big.open("wb") as f:
            f.truncate(100_000_000)
        with pytest.raises(ContractError, match="is larger than 1 MiB; a contract file is a few kB"):
            load_contract(big)


class TestReplaceOnlyFiles:
    """Issue #27 §4: --ics FILE --force replaced whatever FILE was, a device node included."""

    def test_a_device_is_never_replaced(self, tmp_path: Path) -> None:
        """replace=True refuses a FIFO (standing in for a device such as /dev/null) and /dev/null itself,
        and leaves them as they were."""
        fifo = tmp_path / "out.ics"
        os.mkfifo(fifo)
        with pytest.raises(OSError, match="not a regular file"):
            write_atomically(fifo, b"x", replace=True)
        assert fifo.is_fifo()
        assert list(tmp_path.iterdir()) == [fifo]  # no temporary file left behind
        with pytest.raises(OSError, match="not a regular file"):
            write_atomically("/dev/null", b"x", replace=True)
        assert Path("/dev/null").is_char_device()

    def test_a_regular_file_is_still_replaced(self, tmp_path: Path) -> None:
        """An existing file is replaced whole with replace=True, as before."""
        target = tmp_path / "out.ics"
        target.write_bytes(b"old")
        write_atomically(target, b"new", replace=True)
        assert target.read_bytes() == b"new"
