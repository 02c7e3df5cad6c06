"""``servicelevel warranty`` (`servicelevel.cli._warranty`): whether a claim is covered and why,
the charge cap's line agreeing with the decision, in English and Chinese, and bad input.
"""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import EXAMPLE, lines, run, spawn


def test_warranty_json() -> None:
    """Example contract: accepted 2023-06-15, 3年 + 6个月 → last day Tue 2026-12-15; lightning is excluded."""
    r = spawn("warranty", EXAMPLE, "--on", "2026-06-16", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "covered": True,
        "until": "2026-12-15",
        "reasons": [{"code": "in_term", "text": "covered: within the warranty until 2026-12-15"}],
    }
    r = spawn(
        "warranty",
        EXAMPLE,
        "--on",
        "2026-06-16",
        "--cause",
        "lightning",
        "--event",
        "upgrade@2026-01-05",
        "--json",
    )
    out = json.loads(r.stdout)
    assert out["covered"] is False
    assert [x["text"] for x in out["reasons"]] == [
        "cause 'lightning' is excluded (force majeure)",
        "voided on 2026-01-05 by a performance upgrade or change of original characteristics",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "2026-06-16", "--cause", "meteor"), "unknown cause 'meteor'; expected one of misuse"),
        (("--on", "2026-06-16", "--event", "upgrade"), "--event: expected KIND@DATE"),
        (("--on", "someday"), "on: expected a date"),
        (("--on", "2026-06-16", "--total", "1.5e3x"), "total: '1.5e3x' is not an amount"),
    ],
)
def test_warranty_bad_input(args: tuple[str, ...], message: str) -> None:
    """An unknown cause, an --event without @DATE, a bad --on or --total: status 1, no traceback."""
    r = spawn("warranty", EXAMPLE, *args)
    assert r.returncode == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_warranty_total_too_large(capsys: pytest.CaptureFixture[str]) -> None:
    """A --total of 1e30 is refused: amounts stay below 10**24 (issue 17)."""
    status, _, err = run(capsys, "warranty", EXAMPLE, "--on", "2027-01-01", "--total", "1e30")
    assert status == 1
    assert "total: expected an amount below 10**24" in err


class TestWarrantyLines:
    """The example: accepted 2023-06-15, 3年 + 6个月 → last day Tue 2026-12-15; disk 5年 → Thu
    2028-06-15; band 1 (2%) from 2026-12-16 for 3年: 2029-12-15 is a Saturday → Mon 2029-12-17."""

    def test_a_claim_not_covered_has_no_free_repair(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A claim not covered within the term: no cap applies, and no free repair (issue 18 §4)."""
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2026-06-16", "--cause", "lightning", "--total", "1200000"
        )
        assert status == 0
        assert lines(out) == [
            "claim on 2026-06-16: not covered",
            "  - cause 'lightning' is excluded (force majeure)",
            "  charge cap: does not apply (the claim is not covered by the warranty)",
        ]
        assert "free" not in out

    def test_not_covered_in_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A claim not covered: its charge_cap is null in JSON (issue 18 §4)."""
        args = (
            "warranty",
            EXAMPLE,
            "--on",
            "2026-06-16",
            "--cause",
            "lightning",
            "--total",
            "1200000",
            "--json",
        )
        status, out, _ = run(capsys, *args)
        assert status == 0
        answer = json.loads(out)
        assert answer["covered"] is False
        assert answer["charge_cap"] is None

    def test_a_covered_claim_is_repaired_free(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A covered claim's charge line: 0.00, repairs free until the warranty's last day (issue 18 §4)."""
        status, out, _ = run(capsys, "warranty", EXAMPLE, "--on", "2026-06-16", "--total", "1200000")
        assert status == 0
        assert (
            lines(out)[-1] == "  charge cap: 0.00 (within the warranty (until 2026-12-15): repairs are free)"
        )

    def test_a_component_under_its_own_term_is_repaired_free(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The system's warranty is over on 2027-06-16 (band 1 would cap at 24,000.00), the disk's is not
        (issue 18 §4)."""
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--component", "disk", "--total", "1200000"
        )
        assert status == 0
        assert lines(out) == [
            "claim on 2027-06-16 for disk: covered",
            "  - component 'disk' is under its own term until 2028-06-15",
            "  charge cap: 0.00 (covered until 2028-06-15: repairs are free)",
        ]

    def test_every_line_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang zh: the verdict, the reason and the charge line in Chinese (issue 18 §4)."""
        args = ("warranty", EXAMPLE, "--on", "2026-06-16", "--cause", "lightning", "--total", "1200000")
        status, out, _ = run(capsys, *args, "--lang", "zh")
        assert status == 0
        assert lines(out) == [
            "2026-06-16的报修：不在保修范围内",
            "  - 因雷击造成的损坏不在保修范围内（不可抗力）",
            "  收费上限：不适用（该报修不在保修范围内）",
        ]

    @pytest.mark.filterwarnings("ignore::servicelevel.HolidayDataWarning")  # band 1 ends in 2029
    def test_a_band_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2% of 1,200,000.00 = 24,000.00 (issue 18 §4)."""
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--total", "1200000", "--lang", "zh"
        )
        assert status == 0
        assert lines(out) == [
            "2027-06-16的报修：不在保修范围内",
            "  - 保修期已于2026-12-15届满",
            "  收费上限：24000.00（第1档：2026-12-16至2029-12-17，不超过合同总额的2%）",
        ]
        status, out, _ = run(
            capsys, "warranty", EXAMPLE, "--on", "2027-06-16", "--component", "disk", "--lang", "zh"
        )
        assert lines(out)[0] == "2027-06-16的报修（部件“disk”）：在保修范围内"
