"""Whose promise it is (`_scope`): the draft takes the project's over the company's.

Each case is a short made-up text of the shape the rule reads, never a phrase copied from the
corpus (scored in test_quality.py); expected values are worked out by hand.
"""

from __future__ import annotations

import tomllib

import pytest

from servicelevel import read_commitments
from servicelevel.io import contract_from_toml
from tests.letters.helpers import H


def _coverage_of(draft: str) -> str:
    contract_from_toml(draft)  # it loads
    hours: str = tomllib.loads(draft)["calendars"]["service"]["coverage"]
    return hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # a company-wide claim, then the project's own promise (by the sentence's words)
        ("我公司一贯为广大用户提供365×8服务。针对本项目,我们提供7×24服务。", "7x24"),
        ("我公司提供5×8服务。贵单位的系统享受7×24小时技术支持。", "7x24"),
        # by the heading of the section the promise stands in
        ("一、公司简介\n我公司为所有客户提供7×24服务。\n二、本次项目售后服务承诺\n1. 提供5×8热线。\n", "5x8"),
        # stated alike: the widest hours (on site in working hours, a hotline outside them)
        ("(1)在5×8小时工作时间内现场值守;(2)在非工作时间设置7×24小时热线。", "7x24"),
        # hours raised on request are never the default
        ("本项目目前提供5×8热线服务,将根据用户的要求延长至7×24热线服务。", "5x8"),
    ],
)  # fmt: skip
def test_the_draft_takes_the_projects_service_hours(text: str, hours: str) -> None:
    """Issue #25: the draft takes the project's service hours over the company's, listing the others."""
    draft = read_commitments(text).to_toml()
    assert _coverage_of(draft).split()[0] == hours
    assert "not placed" in draft  # the others it saw are listed, with why
    assert "# chosen: " in draft or "on a condition: 服务时间 7x24" in draft


def test_the_draft_takes_the_projects_target_over_the_companys() -> None:
    """Issue #25: of two targets for one slot, by section, the draft takes the project's, not the company's."""
    # a company-wide claim never fills a term the project's section leaves open
    text = "一、公司简介\n我公司承诺对所有客户4小时内到达现场。\n二、本项目服务承诺\n1. 接到报修后2小时内到达现场。\n"
    found = read_commitments(text)
    assert [(p.scope, str(p.within)) for p in found] == [("company", "4:00:00"), ("project", "2:00:00")]
    draft = found.to_toml()
    level = contract_from_toml(draft).levels[0]
    assert level.targets["on_site"].within == 2 * H
    assert "chosen (about this project)" in draft
    assert "4小时 (about the company in general)" in draft


def test_of_two_terms_for_one_slot_the_projects_is_chosen_and_the_comment_says_so() -> None:
    """Issue #25: of two terms for one slot, by sentence, the project's is chosen and the comment says so."""
    text = "我公司承诺对所有客户4小时内到达现场。针对本项目,2小时内到达现场。"
    draft = read_commitments(text).to_toml()
    assert contract_from_toml(draft).levels[0].targets["on_site"].within == 2 * H
    assert "chosen (about this project)" in draft
    assert "4小时 (about the company in general)" in draft
