"""Warranties and the charge caps after them (`_warranty`).

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import pytest

from servicelevel import Months, Years, read_commitments
from servicelevel.io import contract_from_toml
from tests.letters.helpers import described


def test_warranty_term_start_and_extension() -> None:
    """A warranty's term, start and extension are read, in digits or in words (一年半)."""
    found = read_commitments("质保期:验收之日起3年,保修期内再延长半年。")
    (w,) = found
    assert (w.kind, w.within, w.starts, w.extension) == ("warranty", Years(3), "acceptance", Months(6))
    (w,) = read_commitments("自到货之日起提供为期一年半的免费保修。")
    assert (w.within, w.starts) == (Months(18), "delivery")


def test_warranty_that_cannot_be_read_is_unclear() -> None:
    """A blanked-out warranty term, or an extension with no base term, is unclear with its reason."""
    found = read_commitments("本工程为终身维护,**年免费保修。本项目按照国家标准保修再延长半年。")
    assert list(found) == []
    assert [u.reason for u in found.unclear] == [
        "the warranty term is blanked out",
        "extends the warranty, but its base term is not stated",
    ]


def test_support_and_upgrade_terms_are_not_warranties() -> None:
    """Free technical-support and upgrade periods are not warranties."""
    assert list(read_commitments("自交付之日起,提供三年期免费技术支持。提供三年软件免费升级服务。")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("系统终验合格后第一年为免费维护期。", "warranty 1 year from acceptance"),
        ("设备自验收合格之日起免维护费两年。", "warranty 2 years from acceptance"),
        ("产品自签收之日起一年内免费保修。", "warranty 1 year from delivery"),
        ("安装调试完毕之日起提供三年免费上门维修。", "warranty 3 years from installation"),
        ("免费维保期为终验后十八个月。", "warranty 18 months from acceptance"),
    ],
)  # fmt: skip
def test_free_maintenance_is_a_warranty_with_its_start(text: str, expected: str) -> None:
    """Issue #25: free maintenance in its many words (免费维护期, 免维护费, 免费维保) is a warranty with its start."""
    assert described(text) == [expected]


def test_a_warranty_column_copied_one_cell_per_line() -> None:
    """Issue #25: a warranty column copied one cell per line gives a warranty per row, starting as noted."""
    text = "型号\n质保期\n方式\n甲型\n18个月\n送修\n乙型\n3年\n上门\n\n1、保修起始日期以发货日期为准。\n"
    found = read_commitments(text)
    assert [(p.within, p.starts) for p in found] == [(Months(18), "delivery"), (Years(3), "delivery")]


def test_a_warranty_start_said_in_a_sentence_of_its_own() -> None:
    """Issue #25: a warranty takes its start from a sentence of its own before it."""
    found = read_commitments("自购买之日起,正常使用下出现的故障均予处理。\n产品一年保修。")
    assert [(p.within, p.starts) for p in found] == [(Years(1), "sale")]


def test_charge_caps() -> None:
    """A cap on repair charges after the warranty reads as a share of the contract total with its years."""
    (c,) = read_commitments("保修期满后3年内,维修费用每年不超过合同总额的2%。")
    assert (c.kind, c.cap, c.within) == ("charge", "2%", Years(3))


def test_charge_bands_each_described_by_its_own_years() -> None:
    """Issue #25: each band of charges after the warranty takes its own years."""
    found = read_commitments("质保期满后2年内维修费用不超过合同总额的1%,第3至5年不超过合同总额的3%。")
    assert [(p.cap, p.within) for p in found] == [("1%", Years(2)), ("3%", Years(3))]


def test_a_charge_stated_as_a_price() -> None:
    """Issue #25: a charge stated as a price (收费标准为合同额的8%) is a cap."""
    (p,) = read_commitments("续保服务按年收费,收费标准为合同额的8%。")
    assert p.cap == "8%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质保期满后第1-3年每年维修费用不超过合同总价的2%,第4-6年每年不超过合同总价的5%。",
         ["charges capped at 2% for 3 years", "charges capped at 5% for 3 years"]),
        ("保修期满后第一年至第二年收费不超过合同总额的1.5%;第三年至第五年收费不超过合同总额的3%。",
         ["charges capped at 1.5% for 2 years", "charges capped at 3% for 3 years"]),
        # a band from a year on has no length of its own: never the band before it, never "4 years"
        ("质保期满后第一年至第三年的维护费不超过合同总价的3%;第四年起每年不超过合同总价的5%。",
         ["charges capped at 3% for 3 years", "charges capped at 5%"]),
    ],
)  # fmt: skip
def test_charge_bands_by_their_own_years(text: str, expected: list[str]) -> None:
    """Issue #25: charge bands by years (第1-3年, 第四年起) take their own lengths and draft as [[charges]]."""
    found = read_commitments("免费保修三年。" + text)
    assert [p.describe() for p in found.of_kind("charge")] == expected
    draft = found.to_toml()
    contract_from_toml(draft)
    assert draft.count("[[charges]]") == sum(" for " in e for e in expected)
