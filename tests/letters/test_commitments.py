"""`read_commitments` and `read_commitments_file` (`_commitments`): bad input named, files and
their encodings, the size limit, JSON and the notebook view.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from servicelevel import (
    InvalidOptionError,
    LetterError,
    ServiceLevelError,
    read_commitments,
    read_commitments_file,
)
from tests.letters.helpers import M


def test_bad_input_is_named() -> None:
    """Input that is not a letter's text or path raises an error naming the argument and the problem."""
    with pytest.raises(InvalidOptionError, match="text: expected the letter as a str, got bytes"):
        read_commitments(b"abc")  # type: ignore[arg-type]
    with pytest.raises(LetterError, match="does not exist"):
        read_commitments_file("no/such/letter.txt")
    with pytest.raises(InvalidOptionError, match="path: expected a file path"):
        read_commitments_file(3)  # type: ignore[arg-type]


def test_files_gbk_and_not_text(tmp_path: pytest.TempPathFactory) -> None:
    """Files in GB18030 or with a BOM read with the encoding given or detected; bad ones are named."""
    letter = tmp_path / "gbk.txt"  # type: ignore[operator]
    letter.write_bytes("对于重大故障,30分钟内响应。".encode("gb18030"))
    with pytest.raises(LetterError, match=r"is not utf-8 text: byte 0 cannot be decoded.*gb18030"):
        read_commitments_file(letter)
    found = read_commitments_file(letter, encoding="gb18030")
    assert (found.name, found[0].within) == ("gbk.txt", 30 * M)
    assert read_commitments_file(letter, encoding="auto")[0].within == 30 * M  # not UTF-8: GB18030
    utf8 = tmp_path / "utf8.txt"  # type: ignore[operator]
    utf8.write_bytes("\ufeff一级故障:1小时内响应。".encode())
    assert read_commitments_file(utf8, encoding="auto")[0].level == "一级故障"
    with pytest.raises(InvalidOptionError, match="encoding: 'klingon' is not a codec"):
        read_commitments_file(letter, encoding="klingon")
    with pytest.raises(LetterError, match="is not a regular file"):
        read_commitments_file(tmp_path)  # type: ignore[arg-type]
    assert issubclass(LetterError, ServiceLevelError)
    assert issubclass(LetterError, ValueError)


@pytest.mark.parametrize("encoding", ["undefined", "utf\x00"])
def test_a_codec_that_decodes_nothing_is_named(tmp_path: Path, encoding: str) -> None:
    """Issue #25: an encoding that decodes no text is named as such."""
    letter = tmp_path / "a.txt"
    letter.write_text("一级故障30分钟内响应", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="is no text encoding"):
        read_commitments_file(letter, encoding=encoding)


def test_to_dict_round_trips_through_json() -> None:
    """A letter's promises round-trip through JSON with their fields, quote, span and line."""
    import json

    found = read_commitments("对于重大故障,30分钟内响应。", name="a.txt")
    data = json.loads(found.to_json())
    assert data["name"] == "a.txt"
    # the quote is the clause: "对于重大故障," is 7 characters, "30分钟内响应" the next 7
    assert data["promises"][0] == {
        "kind": "target", "metric": "response", "level": "重大故障", "within": "30m",
        "quote": "30分钟内响应", "span": [7, 14], "line": 1,
    }  # fmt: skip


def test_the_notebook_view_of_a_letter() -> None:
    """A letter's notebook view is well-formed HTML listing its promises and unclear items."""
    found = read_commitments("对于重大故障,30分钟内响应。工程师会在第一时间赶赴现场。", name="a.txt")
    html = found._repr_html_()
    ET.fromstring(html)
    assert "a.txt: 1 promise<" in html
    assert "<td>重大故障</td><td>response</td><td>30分钟</td>" in html
    assert "promises on_site without a definite term (第一时间)" in html


def test_a_letter_larger_than_the_limit_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    """A letter file larger than MAX_LETTER_BYTES is refused, with both sizes in the message."""
    from servicelevel.letters import MAX_LETTER_BYTES

    big = tmp_path / "big.txt"  # type: ignore[operator]
    with big.open("wb") as f:
        f.truncate(MAX_LETTER_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(LetterError, match=r"is 8,388,609 bytes; a letter is read up to 8,388,608 bytes"):
        read_commitments_file(big)
