"""The labelled letters themselves: well-formed labels, so that a score measures the reader and not a typo."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from servicelevel import parse_term
from tests.letters.scoring import KINDS, expected

HERE = Path(__file__).resolve().parent
REAL = sorted((HERE / "real").glob("*.txt"))
HELDOUT = sorted((HERE / "heldout").glob("*.txt"))


def test_the_real_corpus_has_at_least_ten_letters_each_with_its_source() -> None:
    """Issue #25: the real corpus has ten letters or more, each (held-out ones too) named in SOURCES.md."""
    assert len(REAL) >= 10
    for folder, paths in (("real", REAL), ("heldout", HELDOUT)):
        sources = (HERE / folder / "SOURCES.md").read_text(encoding="utf-8")
        for path in paths:
            assert path.name in sources, path.name


@pytest.mark.parametrize("path", REAL + HELDOUT, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_label_quotes_its_letter_and_reads(path: Path) -> None:
    """Every label's quote occurs in its letter and every term in it parses."""
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))
    for label in data.get("promise", []):
        assert label["kind"] in KINDS, label
        assert label["quote"] in text, label["quote"]
        if not label.get("optional"):
            expected(label)  # every term of a scored label parses
    for grade in data.get("grade", []):
        assert grade["quote"] in text, grade["quote"]
        assert isinstance(grade["rank"], int)
    for label in data.get("promise", []):
        for key in ("within", "after", "extension", "for"):
            if key in label and not label.get("optional") and label["kind"] != "schedule":
                parse_term(label[key])
