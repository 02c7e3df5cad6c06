"""``servicelevel read`` and ``servicelevel compare`` (`servicelevel.cli._letters`): one letter's
promises as JSON or a draft contract, letters side by side, and letters that cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicelevel.io import contract_from_toml
from tests.cli.helpers import spawn

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
