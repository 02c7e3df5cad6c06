"""What a warranty excludes (`_exclusions`), read into cause codes.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import read_commitments


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a list the statement opens with a colon, one cause per item
        ("整机免费保修一年。以下情况不在保修范围内:\n(1)人为损坏;\n(2)擅自拆修;\n(3)雷击、水灾等自然灾害。",
         ("misuse", "unauthorised_repair", "lightning", "flood", "force_majeure")),
        # causes said in the sentence, "…除外"
        ("质保期两年,因病毒、运输、使用环境不符及非原装配件造成的损坏除外。",
         ("virus", "transport", "environment", "non_original_parts")),
        # the warranty covers only what is not man-made
        ("保修期内对非人为损坏的部件免费更换,保修期三年。", ("misuse",)),
        # consumables stay in the letter's words
        ("质保期为12个月,易损件不在保修范围内。", ("易损件",)),
        # an exclusion from another promise (an uptime) is none of the warranty's
        ("质保期一年。保证全年运行率99%(不可抗力除外)。", ()),
    ],
)  # fmt: skip
def test_a_warrantys_exclusions_as_cause_codes(text: str, codes: tuple[str, ...]) -> None:
    """Issue #25: what a warranty excludes reads as cause codes, consumables in the letter's words."""
    (w,) = read_commitments(text).of_kind("warranty")
    assert w.exclusions == codes
