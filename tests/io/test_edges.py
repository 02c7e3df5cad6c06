"""Trust at the edges (issue 17): what a contract file may make the reader do, and what its errors say.

A contract is data from anyone: reading it must not read the rest of the machine, and its
errors must not quote files that are not statutory schedules.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from servicelevel import (
    Contract,
    ContractError,
    HorizonExceededError,
    InvalidInstantError,
    InvalidOptionError,
    ServiceLevelError,
    load_contract,
)
from servicelevel.io import dates_to_ics, deadlines_to_ics, schedules_to_ics

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
        """Old code resolved the name against the cwd and read the file."""
        (tmp_path / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ContractError, match=r"contract\.statutory\[0\]: 'cn\.toml': a contract read from text reads no files"):  # fmt: skip
            Contract.from_toml(naming("cn.toml"))

    def test_files_mapping_supplies_the_text(self, folder: Path) -> None:
        (folder / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        from_files = Contract.from_toml(naming("cn.toml"), files={"cn.toml": SCHEDULE})
        from_folder = load_contract(write_contract(folder, "cn.toml"))
        assert from_folder == from_files
        assert dict(from_files.calendar("support").extra_holidays) == {dt.date(2027, 3, 1): "site closed"}

    def test_a_name_missing_from_files(self) -> None:
        with pytest.raises(ContractError, match=r"'other\.toml': .*not among the files= given"):
            Contract.from_toml(naming("other.toml"), files={"cn.toml": SCHEDULE})

    def test_files_must_be_a_mapping_of_text(self) -> None:
        with pytest.raises(InvalidOptionError, match=r"files: expected a mapping of file names to TOML text"):
            Contract.from_toml(naming("cn.toml"), files=["cn.toml"])  # type: ignore[arg-type]


class TestFolderPolicy:
    def test_relative_path_inside_the_folder_reads(self, folder: Path) -> None:
        (folder / "schedules").mkdir()
        (folder / "schedules" / "cn.toml").write_text(SCHEDULE, encoding="utf-8")
        c = load_contract(write_contract(folder, "schedules/cn.toml"))
        assert c.calendar("support").extra_workdays == frozenset({dt.date(2027, 2, 20)})

    def test_absolute_path_is_refused_unread(self, folder: Path, secret_dir: Path) -> None:
        written = str(secret_dir / "secrets.toml")
        message = refusal(write_contract(folder, written))
        shown = repr(written) if len(repr(written)) <= 80 else repr(written)[:79] + "…"  # values are cut
        assert (
            f"contract.statutory[0]: {shown} is not a relative path inside the contract's folder" in message
        )
        assert_quotes_nothing(message)

    def test_absolute_path_of_a_missing_file_says_the_same(self, folder: Path, secret_dir: Path) -> None:
        """Whether a file exists outside the folder is not told."""
        there = refusal(write_contract(folder, str(secret_dir / "secrets.toml")))
        missing = refusal(write_contract(folder, str(secret_dir / "nothing.toml")))
        assert there.replace("secrets", "X") == missing.replace("nothing", "X")

    def test_dot_dot_is_refused(self, folder: Path) -> None:
        message = refusal(write_contract(folder, "../outside/secrets.toml"))
        assert "'../outside/secrets.toml' is not a relative path inside the contract's folder" in message

    def test_link_out_of_the_folder_is_refused(self, folder: Path, secret_dir: Path) -> None:
        (folder / "cn.toml").symlink_to(secret_dir / "cn.toml")
        message = refusal(write_contract(folder, "cn.toml"))
        assert "contract.statutory[0]: 'cn.toml' leads outside the contract's folder" in message

    def test_linked_folder_out_of_the_folder_is_refused(self, folder: Path, secret_dir: Path) -> None:
        (folder / "shared").symlink_to(secret_dir, target_is_directory=True)
        message = refusal(write_contract(folder, "shared/secrets.toml"))
        assert "'shared/secrets.toml' leads outside the contract's folder" in message
        assert_quotes_nothing(message)

    def test_link_inside_the_folder_reads(self, folder: Path) -> None:
        (folder / "cn-2027.toml").write_text(SCHEDULE, encoding="utf-8")
        (folder / "cn.toml").symlink_to(folder / "cn-2027.toml")
        assert load_contract(write_contract(folder, "cn.toml")) == load_contract(
            write_contract(folder, "cn-2027.toml")
        )

    def test_base_dir_names_another_folder(self, folder: Path, secret_dir: Path) -> None:
        c = load_contract(write_contract(folder, "cn.toml"), base_dir=secret_dir)
        assert c == Contract.from_toml(naming("cn.toml"), files={"cn.toml": SCHEDULE})

    @pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
    def test_device_is_refused(self, folder: Path) -> None:
        """``/dev/zero`` behind a name exhausted memory; run where a relapse cannot take the machine."""
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
        """Old code: IsADirectoryError's words; new: the same refusal as for any non-regular file."""
        (folder / "schedules").mkdir()
        assert refusal(write_contract(folder, "schedules")) == (
            "contract.statutory[0]: 'schedules' is not a regular file; shared files are TOML files"
        )

    def test_links_in_a_circle(self, folder: Path) -> None:
        (folder / "a.toml").symlink_to(folder / "b.toml")
        (folder / "b.toml").symlink_to(folder / "a.toml")
        assert refusal(write_contract(folder, "a.toml")) == (
            "contract.statutory[0]: cannot read 'a.toml': its links lead in a circle"
        )

    def test_size_is_capped(self, folder: Path) -> None:
        (folder / "big.toml").write_text(SCHEDULE + "#" * (1 << 20), encoding="utf-8")
        message = refusal(write_contract(folder, "big.toml"))
        assert "contract.statutory[0]: 'big.toml' is larger than 1 MiB" in message

    def test_a_file_that_is_not_a_schedule_is_not_quoted(self, folder: Path) -> None:
        """Old messages listed the file's keys (``extra fields found (API_KEY, DB_PASSWORD)``)."""
        (folder / "app.toml").write_text(SECRET, encoding="utf-8")
        message = refusal(write_contract(folder, "app.toml"))
        assert "contract.statutory[0]: 'app.toml' is not a statutory schedule file" in message
        assert_quotes_nothing(message)

    def test_values_of_a_near_schedule_are_not_quoted(self, folder: Path) -> None:
        """``statutory = "secret"`` beside other keys is still not a schedule: no value echoed."""
        (folder / "app.toml").write_text('statutory = "sk-live-SECRET456"\n', encoding="utf-8")
        message = refusal(write_contract(folder, "app.toml"))
        assert "is not a statutory schedule file" in message
        assert_quotes_nothing(message)

    def test_text_that_is_not_toml_is_not_quoted(self, folder: Path) -> None:
        (folder / "env.toml").write_text("export API_KEY=sk-live-SECRET456\n", encoding="utf-8")
        message = refusal(write_contract(folder, "env.toml"))
        assert "'env.toml' is not a statutory schedule file (a file of [statutory.XX] tables only): invalid TOML at line 1" in message  # fmt: skip
        assert_quotes_nothing(message)

    def test_errors_inside_a_schedule_name_file_and_path(self, folder: Path) -> None:
        (folder / "cn.toml").write_text('[statutory.CN]\nholidays = { tomorrow = "x" }\n', encoding="utf-8")
        message = refusal(write_contract(folder, "cn.toml"))
        assert message == (
            "contract.statutory[0]: in 'cn.toml': statutory.CN.holidays: "
            "'tomorrow' is not a date such as 2027-02-06"
        )

    def test_example_contract_still_reads(self) -> None:
        root = Path(__file__).resolve().parents[2]
        assert load_contract(root / "examples" / "contract.toml").id == "BJ-2026-017"


class TestPathArgument:
    def test_file_descriptor_is_refused_unread(self, tmp_path: Path) -> None:
        """Old code read the descriptor, closed it, then failed with a bare TypeError."""
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
        """``open(True)`` is fd 1: old code read and closed standard output."""
        with pytest.raises(InvalidOptionError, match=r"path: expected a file path .*got bool True") as info:
            load_contract(True)  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, ServiceLevelError)
        os.fstat(1)  # raises OSError if fd 1 was closed

    def test_bytes_are_refused(self) -> None:
        with pytest.raises(InvalidOptionError, match=r"got bytes b'c\.toml'"):
            load_contract(b"c.toml")  # type: ignore[arg-type]


BASE = """
[contract]
id = "T-1"
{head}
[calendars.zeta]
coverage = "7x24"
tz = "Asia/Shanghai"

[calendars.alpha]
coverage = "7x24"
tz = "Asia/Shanghai"
{tables}
[[levels]]
key = "P1"
response = {{ within = "30分钟", calendar = "zeta"{target} }}
{tail}"""


def message_of(head: str = "", tables: str = "", target: str = "", tail: str = "") -> str:
    with pytest.raises(ContractError) as info:
        Contract.from_toml(BASE.format(head=head, tables=tables, target=target, tail=tail))
    return str(info.value)


class TestMessages:
    @pytest.mark.parametrize(
        ("parts", "expected"),
        [
            ({"tables": '[metrics.cb]\nstop = "reported"\n'}, "metrics.cb: stop 'reported' is also a start event"),
            ({"target": ", foo = 1"}, "levels[0].response: extra fields found (foo)"),
            ({"head": "warnings = [1.5]"}, "contract.warnings: expected fractions of a budget between 0 and 1 such as [0.5, 0.75], got [1.5]"),
            ({"head": 'reclassify = "later"'}, "contract.reclassify: expected 'original' or 'restart', got 'later'"),
            ({"head": "valid_from = 2026-01-01\nvalid_until = 2025-01-01"}, "contract.valid_until: 2025-01-01 is before valid_from 2026-01-01"),
            ({"target": ', rule = { ends_at = "noon" }'}, "levels[0].response.rule.ends_at: expected 'close' or 'midnight', got 'noon'"),
            ({"tail": '[warranty]\nstarts = 2023-06-15\nterm = "soon"\ncalendar = "alpha"\n'}, "warranty.term: cannot read 'soon'"),
            ({"tail": '[warranty]\nstarts = 2023-06-15\nterm = "3年"\ncalendar = "beta"\n'}, "warranty.calendar: unknown calendar 'beta'; the contract defines alpha, zeta"),
            ({"tail": '[[schedules]]\nname = "i"\nstarts = 2026-01-01\nphases = [{ every = "1个月" }]\ncalendar = "beta"\n'}, "schedules[0].calendar: unknown calendar 'beta'; the contract defines alpha, zeta"),
            ({"tables": 'changes = [{ from = 2026-03-01, coverage = "5x8", for = 1 }]\n'}, "calendars.alpha.changes[0]: extra fields found (for)"),
            ({"tables": 'changes = [{ from = 2026-03-01, coverage = "9x9" }]\n'}, "calendars.alpha.changes[0].coverage: '9x9' is not a coverage notation"),
        ],
    )  # fmt: skip
    def test_one_full_path(self, parts: dict[str, str], expected: str) -> None:
        """Each message starts with one path from the top of the file, no part twice."""
        assert message_of(**parts).startswith(expected)

    def test_long_values_are_cut(self) -> None:
        value = "y" * 200
        message = message_of(target=f', rule = "{value}"')
        assert message == (
            "levels[0].response.rule: expected 'civil_code', 'inclusive' or a table of options, got "
            + repr(value)[:79]
            + "…"
        )

    def test_long_values_from_the_model_are_cut(self) -> None:
        """A term the parser cannot read is echoed by the terms package; the reader cuts it."""
        message = message_of(target=', regions = { A = "' + "y" * 300 + '" }')
        assert message.startswith("levels[0].response.regions.A: cannot read '" + "y" * 78 + "… as a term")
        assert "y" * 80 not in message

    def test_long_extra_keys_are_cut(self) -> None:
        message = message_of(target=", " + "k" * 300 + " = 1")
        assert message == "levels[0].response: extra fields found ('" + "k" * 78 + "…)"

    def test_long_values_from_the_converter_are_cut(self) -> None:
        message = message_of(head=f"customer = {'1' * 300}")
        assert message == "contract.customer: expected a string, got int " + ("1" * 79) + "…"


class TestIcs:
    """Old code let TypeError, AttributeError and OverflowError out of the iCalendar writers."""

    DAY = dt.date(2026, 3, 2)

    @pytest.mark.parametrize(
        ("args", "kind", "message"),
        [
            (("inspection", ["2026-03-02"]), InvalidInstantError, r"days\[0\]: expected a datetime\.date \(an all-day event\), got str '2026-03-02'"),
            (("inspection", [dt.datetime(2026, 3, 2, 9)]), InvalidInstantError, r"days\[0\]: expected a datetime\.date .*got datetime"),
            (("inspection", 5), InvalidOptionError, r"days: expected an iterable of dates .*got 5"),
            (("inspection", "2026-03-02"), InvalidOptionError, r"days: expected an iterable of dates"),
            ((5, [DAY]), InvalidOptionError, r"name: expected a string such as 'inspection', got 5"),
            (("inspection", [dt.date.max]), HorizonExceededError, r"days\[0\]: 9999-12-31 lies outside the dates servicelevel computes with, 0003-01-01 to 9996-12-31"),
        ],
    )  # fmt: skip
    def test_dates_to_ics(self, args: tuple[object, object], kind: type[Exception], message: str) -> None:
        with pytest.raises(kind, match=message) as info:
            dates_to_ics(*args)  # type: ignore[arg-type]
        assert isinstance(info.value, ServiceLevelError)

    def test_dates_to_ics_scope(self) -> None:
        with pytest.raises(InvalidOptionError, match=r"scope: expected a string .*got None"):
            dates_to_ics("inspection", [self.DAY], scope=None)  # type: ignore[arg-type]

    def test_dates_to_ics_reads_good_input(self) -> None:
        data = dates_to_ics("inspection", iter([self.DAY]), scope="S-1")
        assert b"DTSTART;VALUE=DATE:20260302" in data

    @pytest.mark.parametrize(
        ("title", "deadlines", "message"),
        [
            ("t", [1], r"deadlines: expected a mapping of metric names to Deadline, .*got list \[1\]"),
            ("t", None, r"deadlines: expected a mapping of metric names to Deadline, .*got NoneType None"),
            ("t", {"response": 5}, r"deadlines: expected a mapping .*got the item 'response': int 5"),
            (5, {}, r"title: expected a string such as 'P1 reported 2026-02-13', got 5"),
        ],
    )  # fmt: skip
    def test_deadlines_to_ics(self, title: object, deadlines: object, message: str) -> None:
        with pytest.raises(InvalidOptionError, match=message) as info:
            deadlines_to_ics(title, deadlines)  # type: ignore[arg-type]
        assert isinstance(info.value, ServiceLevelError)

    def test_deadlines_to_ics_refuses_a_non_text_key(self) -> None:
        contract = load_contract(Path(__file__).resolve().parents[2] / "examples" / "contract.toml")
        d = contract.deadlines("P1", reported_at="2026-02-13T16:30+08:00")
        assert deadlines_to_ics("t", d).count(b"BEGIN:VEVENT") == 3
        with pytest.raises(InvalidOptionError, match=r"got the item 5: Deadline"):
            deadlines_to_ics("t", {5: d["response"]})  # type: ignore[dict-item]


def test_schedules_to_ics_is_dates_to_ics_for_one() -> None:
    """schedules_to_ics of one schedule is the file dates_to_ics writes (issue 17 §3)."""
    days = [dt.date(2026, 3, 2), dt.date(2026, 3, 16)]
    assert schedules_to_ics({"visit": days}, scope="X") == dates_to_ics("visit", days, scope="X")
