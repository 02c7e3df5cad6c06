"""``servicelevel read`` and ``servicelevel compare`` (`servicelevel.cli._letters`): one letter's
promises as JSON or a draft contract, letters side by side, and letters that cannot be read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from servicelevel.io import contract_from_toml
from tests.cli.helpers import run, spawn

TEXTS = Path(__file__).resolve().parents[1] / "letters" / "texts"
LETTER_004 = TEXTS / "004_67ec828858506454.txt"
LETTER_000 = TEXTS / "000_cbc00d7f364d7fa9.txt"


def test_cli_read_and_compare_json() -> None:
    """read --json keeps a letter's warranty; compare --json matches grades by rank; read --toml loads."""
    r = spawn("read", str(LETTER_004), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"kind": "warranty", "starts": "acceptance", "within": "3 years"}.items() <= data["promises"][
        8
    ].items()
    r = spawn("compare", str(LETTER_004), str(LETTER_000), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["letters"] == [LETTER_004.name, LETTER_000.name]
    row = next(x for x in data["rows"] if x["row"] == "rank 1 · on_site · 北京市")
    assert row["cells"][0]["text"] == "2小时 (一级故障)"
    r = spawn("read", str(LETTER_004), "--toml")
    assert r.returncode == 0
    contract_from_toml(r.stdout)


@pytest.mark.parametrize("args", [("read", "no-such.txt"), ("compare", "no-such.txt", "--json")])
def test_cli_errors(args: tuple[str, ...]) -> None:
    """A letter that does not exist: status 1, the message naming the file."""
    r = spawn(*args)
    assert r.returncode == 1
    assert "no-such.txt' does not exist" in r.stderr


@pytest.mark.parametrize("width", [40, 80, 200])
def test_cli_read_wraps_quotes_and_prints_line_numbers(
    width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every quote is shown whole (wrapped, never cut with …) at any width, beside its line number."""
    from rich.cells import cell_len

    from servicelevel import read_commitments_file

    monkeypatch.setenv("COLUMNS", str(width))
    status, out, _ = run(capsys, "read", str(LETTER_004))
    assert status == 0
    assert all(cell_len(line) <= width for line in out.splitlines())
    assert "…" not in out
    flat = re.sub(r"\s+", "", out)
    found = read_commitments_file(LETTER_004)
    for item in (*found, *found.unclear):
        assert re.sub(r"\s+", "", item.quote) in flat
    rows = [line.split() for line in out.splitlines() if re.match(r"\s+\d+\s+\S", line)]
    grades = {g.name: g.line for g in found.grades}
    in_order = [grades[n] for n in found.severity_order() if n in grades]
    assert [int(r[0]) for r in rows] == [p.line for p in found] + in_order + [u.line for u in found.unclear]


def test_cli_read_escapes_a_letters_name_and_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ESC, BEL and U+202E in a letter's file name and in its quotes reach the terminal escaped."""
    monkeypatch.setenv("COLUMNS", "80")
    path = tmp_path / "evil\x1b]0;x\x07\u202etxt.exe"
    path.write_text("重大故障\x1b[2J:30分钟内\x07响应。\n工程师\u202e第一时间赶赴现场。\n", encoding="utf-8")
    status, out, _ = run(capsys, "read", str(path))
    assert status == 0
    assert not any(c in out for c in "\x1b\x07\u202e")
    assert "evil\\x1b]0;x\\x07\\u202etxt.exe" in out
    assert "\\x07响应" in out
    assert "工程师\\u202e第一时间" in out
