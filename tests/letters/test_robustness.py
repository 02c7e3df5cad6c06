"""What an adversarial probe found (issue #25 §3): time linear in the text, names escaped,
drafts that always load, codecs that decode nothing. Each case by hand, then a property."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelevel import InvalidOptionError, read_commitments, read_commitments_file
from servicelevel.io import contract_from_toml
from servicelevel.letters import visible

HERE = Path(__file__).resolve().parent
CORPUS = sorted((HERE / "texts").glob("*.txt")) + sorted((HERE / "real").glob("*.txt"))
CORPUS += sorted((HERE / "unseen").glob("*.txt"))


def _ms_per_kb(text: str) -> float:
    t0 = time.perf_counter()
    read_commitments(text).to_toml()
    return (time.perf_counter() - t0) * 1000 / (len(text.encode()) / 1000)


def _best(text: str) -> float:
    return min(_ms_per_kb(text) for _ in range(3))


def _growth(shape: str) -> float:
    """How much the time per kB grows from a 2 kB letter of one shape to one twelve times larger
    (linear: about 1, whatever the machine's load; quadratic: up to 12). The large one is read
    first, so that the small one's figure holds no first-call cost."""
    n = max(1, 2_000 // len(shape.encode()))
    large = _best(shape * n * 12)
    return large / max(_best(shape * n), 0.05)


@pytest.mark.parametrize(
    "shape",
    [
        "北京、",  # a region list that never ends: the list pattern backtracked (146 s at 100 kB)
        "一级故障北京地区2小时内到场,",  # grade, region, term without a full stop (110 s at 1 MB)
        "24小时服务",
        "2小时内,",
        "每月",
        "保修期满后3年内不超过合同总额的2%",
        "质保期3年,延长1年",
        "一级故障、",
    ],
)
def test_time_per_kb_stays_bounded_on_repeated_shapes(shape: str) -> None:
    assert _growth(shape) < 5.0


PIECES = ["北京、", "天津地区", "一级故障", "2小时内", "到达现场", ",", "每月", "巡检", "质保", "3年",
          "不超过合同总额的2%", "升级", "总经理", "|", "\n", " ", "第一时间", "7×24"]  # fmt: skip


@settings(max_examples=10, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_time_per_kb_is_bounded_for_generated_shapes(shape: str) -> None:
    assert _growth(shape) < 5.0


def test_the_letters_name_cannot_write_toml_or_drive_a_terminal() -> None:
    name = 'a.txt\n[[levels]]\nkey = "X"\r\x1b[2J\x07\u202etxt.exe'
    draft = read_commitments("一级故障30分钟内响应。", name=name).to_toml()
    contract = contract_from_toml(draft)
    assert [lv.key for lv in contract.levels] == ["P1"]  # no level injected
    for hidden in ("\r", "\x1b", "\x07", "\u202e"):
        assert hidden not in draft
    assert "a.txt\\x0a[[levels]]\\x0akey" in draft
    assert visible("\u202e") == "\\u202e"


def test_bidi_controls_in_a_quote_are_shown_not_obeyed() -> None:
    draft = read_commitments("一级故障\u202e30分钟内响应。").to_toml()
    assert "\u202e" not in draft
    contract_from_toml(draft)


def test_a_charge_cap_without_a_warranty_is_not_placed_and_the_draft_loads() -> None:
    draft = read_commitments("保修期满后3年内,维修费用不超过合同总额的2%。").to_toml()
    contract = contract_from_toml(draft)
    assert contract.charges == () or list(contract.charges) == []
    assert "charge cap 2% after a warranty the draft does not state" in draft


def test_a_warranty_no_date_can_hold_is_not_placed_and_the_draft_loads() -> None:
    draft = read_commitments("质保期99999年,再延长半年。").to_toml()
    assert contract_from_toml(draft).warranty is None
    assert "a warranty the contract model refuses" in draft


@pytest.mark.parametrize("encoding", ["undefined", "utf\x00"])
def test_a_codec_that_decodes_nothing_is_named(tmp_path: Path, encoding: str) -> None:
    letter = tmp_path / "a.txt"
    letter.write_text("一级故障30分钟内响应", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="is no text encoding"):
        read_commitments_file(letter, encoding=encoding)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_corpus_letter_drafts_a_contract_that_loads_and_quotes_its_spans(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = read_commitments(text, name=path.name)
    for p in found:
        assert text[p.span[0] : p.span[1]] == p.quote
        assert p.line == text.count("\n", 0, p.span[0]) + 1
    for u in found.unclear:
        assert text[u.span[0] : u.span[1]] == u.quote
    contract_from_toml(found.to_toml())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_promise_is_placed_in_the_draft_or_listed_with_why(path: Path) -> None:
    """Nothing is dropped silently: each promise's quote stands in the draft, as the comment of a
    value placed or under "not placed"."""
    import re

    from servicelevel.letters import visible

    found = read_commitments(path.read_text(encoding="utf-8"))
    draft = found.to_toml()
    comments = [line for line in draft.splitlines() if "#" in line]
    for p in found:
        start = "“" + visible(re.sub(r"\s+", " ", p.quote).strip())[:40]  # comments cut long quotes
        at = f"(offset {p.span[0]})"
        assert any(start in line and at in line for line in comments), (p.describe(), start, at)
