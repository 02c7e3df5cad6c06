"""Contract files (io/_toml.py): every error names the path, the value and what is accepted; the
statutory schedules, the warranty and the reopening rule read from their tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from servicelevel import (
    Contract,
    ContractError,
    ServiceLevelError,
    UpdateTarget,
    WarningPoint,
    load_contract,
)
from tests.conftest import CONTRACT, EXAMPLE_TEXT

BASE = """
[contract]
id = "T-1"

[calendars.hotline]
coverage = "7x24"
tz = "Asia/Shanghai"

[calendars.support]
coverage = "5x8 08:30-17:30"
tz = "Asia/Shanghai"
country = "CN"

[[levels]]
key = "P1"
response = { within = "30分钟", calendar = "hotline" }
resolution = { within = "1个工作日", calendar = "support" }
"""


def with_(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (with_('within = "30分钟"', 'within = "soon"'),
             r"levels\[0\]\.response\.within: cannot read 'soon' as a term \(e\.g\. '6h', '6小时', '2 working days'\)"),
            (with_('calendar = "hotline" }', 'calendar = "hotlin" }'),
             r"levels\[0\]\.response\.calendar: unknown calendar 'hotlin'; the contract defines hotline, support"),
            (BASE + '\n[[levels]]\nkey = "P1"\n', r"levels\[1\]\.key: 'P1' is defined twice"),
            (with_("response =", "respons ="), r"levels\[0\]\.respons: unknown metric 'respons'; expected one of response"),
            (with_('id = "T-1"', ""), r"contract\.id: required field missing"),
            (with_('id = "T-1"', "id = 5"), r"contract\.id: expected a string, got int 5"),
            (with_('tz = "Asia/Shanghai"', 'tz = "Mars/Base"'), r"calendars\.hotline\.tz: 'Mars/Base' is not an IANA"),
            (with_('country = "CN"', 'country = "XX"'), r"calendars\.support\.country: 'XX' is not a country"),
            (with_('coverage = "7x24"', 'coverage = "8x25"'), r"calendars\.hotline\.coverage: '8x25' is not a coverage"),
            (with_('coverage = "7x24"\n', 'coverage = "7x24"\nhours = 5\n'), r"calendars\.hotline: extra fields found \(hours\)"),
            (with_('key = "P1"', 'key = "P1"\nrank = "high"'), r"levels\[0\]\.rank: expected a whole number, got 'high'"),
            (with_('within = "30分钟", calendar = "hotline"', 'within = "30分钟"'),
             r"levels\[0\]\.response\.calendar: required field missing"),
            (with_("[contract]", "[contract]\nwarnings = [1.5]"), r"contract\.warnings\[0\]: expected a share of the budget between 0 and 1"),
            (with_("[contract]", "[contract]\nvalid_from = \"2026-01-01\""), r"contract\.valid_from: expected a date such as 2026-01-01"),
            ("[contract\nid = 1", r"TOML: .*line 1, column 10"),
            ("", r"contract: required field missing"),
        ],
    )  # fmt: skip
    def test_message(self, text: str, message: str) -> None:
        """Each malformed file is refused with the path in the file, the value and what is accepted."""
        with pytest.raises(ContractError, match=message) as info:
            Contract.from_toml(text)
        assert isinstance(info.value, ServiceLevelError)
        assert isinstance(info.value, ValueError)

    def test_escalation_unknown_level(self) -> None:
        """An escalation step naming an unknown level is refused."""
        text = BASE + '\n[[escalation]]\nlevel = "P7"\nafter = "30m"\nto = "engineer"\ncalendar = "hotline"\n'
        with pytest.raises(ContractError, match=r"escalation\[0\]\.level: unknown level 'P7'"):
            Contract.from_toml(text)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing contract file is named with the system's reason."""
        with pytest.raises(ContractError, match=r"path: cannot read .*nope\.toml.*No such file"):
            load_contract(tmp_path / "nope.toml")


class TestShape:
    def test_example_reads(self) -> None:
        """The example file reads its levels, calendar changes, escalation matrix and warnings."""
        c = Contract.from_toml(EXAMPLE_TEXT)
        assert [lv.key for lv in c.levels] == ["P1", "P2", "P3"]
        assert c.calendar("desk").changes[0][0].isoformat() == "2026-03-01"
        assert len(c.escalation) == 12
        assert c.warnings == (WarningPoint(0.5), WarningPoint(0.75))

    def test_special_hours_closed_and_rules(self) -> None:
        """Closed days, special hours and counting rules read from the file and round-trip."""
        text = with_(
            'country = "CN"',
            'country = "CN"\nclosed = [2026-12-31]\nspecial_hours = { 2026-02-13 = "09:00-12:00" }',
        ).replace('calendar = "support" }', 'calendar = "support", rule = "inclusive" }')
        c = Contract.from_toml(text)
        support = c.calendar("support")
        assert str(support.day("2026-02-13").hours) == "09:00-12:00"
        assert support.day("2026-12-31").reason == "closed"
        assert Contract.from_toml(c.to_toml()) == c


class TestWarrantySection:
    WARRANTY = '\n[warranty]\nstarts = "acceptance"\nterm = "3年"\ncalendar = "support"\n'

    def test_reads_and_round_trips(self) -> None:
        """A warranty and its charge bands read, round-trip, and date from the acceptance event."""
        c = Contract.from_toml(BASE + self.WARRANTY + '\n[[charges]]\nwithin = "3年"\ncap = "2%"\n')
        assert c.warranty is not None
        assert c.warranty.starts == "acceptance"
        assert Contract.from_toml(c.to_toml()) == c
        dated = c.with_event("acceptance", "2023-06-15")
        assert dated.warranty is not None
        assert dated.warranty.last_day.isoformat() == "2026-06-15"

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (BASE + WARRANTY.replace('"support"', '"nowhere"'), r"warranty\.calendar: unknown calendar 'nowhere'"),
            (BASE + WARRANTY.replace('"3年"', '"soon"'), r"warranty\.term: cannot read 'soon'"),
            (BASE + WARRANTY.replace('"acceptance"', '"someday"'), r"warranty\.starts: expected a date such as 2023-06-15 or one of acceptance"),
            (BASE + WARRANTY + '\n[[charges]]\nwithin = "3年"\ncap = "two percent"\n', r"charges\[0\]\.cap: expected a percentage such as '10%'"),
            (BASE + '\n[[charges]]\nwithin = "3年"\ncap = "2%"\n', r"charges: the bands count from the warranty's last day"),
        ],
    )  # fmt: skip
    def test_errors(self, text: str, message: str) -> None:
        """A malformed warranty or charge band is refused with its path."""
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(text)


class TestReopening:
    def test_the_reopen_rule_in_toml(self) -> None:
        """The reopening rule reads from [contract], is written only when not the default, and is checked."""
        text = EXAMPLE_TEXT
        head = '[contract]\nreopen = "restart"\nreopen_closed = true\n'
        c = Contract.from_toml(text.replace("[contract]\n", head, 1))
        assert (c.reopen, c.reopen_closed) == ("restart", True)
        assert Contract.from_toml(c.to_toml()) == c
        assert "reopen" not in CONTRACT.to_toml()  # the defaults are not written
        with pytest.raises(ContractError, match=r"contract\.reopen: expected 'resume' .* got 'again'"):
            Contract.from_toml(text.replace("[contract]\n", '[contract]\nreopen = "again"\n', 1))
        with pytest.raises(ContractError, match=r"stop: expected an event name or a list of them"):
            Contract.from_toml(text.replace("[[levels]]", "[metrics.on_site]\nstop = 5\n\n[[levels]]", 1))


HEAD = """
[contract]
id = "S-1"
{extra}
[calendars.support]
coverage = "5x8"
tz = "Asia/Shanghai"
country = "CN"

[calendars.berlin]
coverage = "5x8"
tz = "Europe/Berlin"
country = "DE"

[[levels]]
key = "P1"
resolution = {{ within = "1个工作日", calendar = "support" }}
"""
# Illustrative days (not the real 2027 notice): Sat 2027-02-20 worked, Mon 2027-03-01 off.
TABLE = """
[statutory.CN]
holidays = { 2027-03-01 = "site closed" }
workdays = [2027-02-20]
"""


def contract(extra: str = "", tail: str = "", base: Path | None = None) -> Contract:
    return Contract.from_toml(HEAD.format(extra=extra) + tail, base)


class TestStatutoryTable:
    """Statutory schedules in contract files: a [statutory.CN] table, or a shared schedule file."""

    def test_applies_to_calendars_of_that_country(self) -> None:
        """A [statutory.CN] table applies to the calendars of that country only."""
        c = contract(tail=TABLE)
        support, berlin = c.calendar("support"), c.calendar("berlin")
        assert support.extra_workdays == frozenset({dt.date(2027, 2, 20)})
        assert dict(support.extra_holidays) == {dt.date(2027, 3, 1): "site closed"}
        assert berlin.extra_workdays == frozenset()
        # 1 working day from Fri 2027-02-19 10:00: the supplied make-up Saturday, at 17:00 close
        due = c.deadlines("P1", reported_at="2027-02-19T10:00")["resolution"].due
        assert due is not None
        assert due.isoformat() == "2027-02-20T17:00:00+08:00"

    def test_shared_file_gives_equal_calendars(self, tmp_path: Path) -> None:
        """A shared schedule file gives the same calendars as the table."""
        (tmp_path / "schedules").mkdir()
        (tmp_path / "schedules" / "cn-2027.toml").write_text(TABLE, encoding="utf-8")
        path = tmp_path / "contract.toml"
        path.write_text(HEAD.format(extra='statutory = ["schedules/cn-2027.toml"]'), encoding="utf-8")
        shared = load_contract(path)
        assert shared.calendar("support") == contract(tail=TABLE).calendar("support")

    def test_round_trip(self) -> None:
        """A contract with a statutory table round-trips."""
        c = contract(tail=TABLE)
        assert Contract.from_toml(c.to_toml()) == c


class TestStatutoryErrors:
    @pytest.mark.parametrize(
        ("tail", "message"),
        [
            ("\n[statutory.CN]\nholidays = { 2027-02-20 = \"x\" }\nworkdays = [2027-02-20]\n",
             r"statutory\.CN: 2027-02-20 is both a day off and a working day"),
            ("\n[statutory.CN]\nholidays = { tomorrow = \"x\" }\n", r"statutory\.CN\.holidays: 'tomorrow' is not a date"),
            ("\n[statutory.CN]\nworkdays = [\"2027-02-20\"]\n", r"statutory\.CN\.workdays\[0\]: expected a date such as 2026-01-01 \(TOML date, no quotes\)"),
            ("\n[statutory.CN]\nholiday = { 2027-03-01 = \"x\" }\n", r"statutory\.CN: extra fields found \(holiday\)"),
        ],
    )  # fmt: skip
    def test_message(self, tail: str, message: str) -> None:
        """A malformed statutory table is refused with its path."""
        with pytest.raises(ContractError, match=message):
            contract(tail=tail)

    def test_missing_shared_file(self, tmp_path: Path) -> None:
        """A missing shared schedule file is named."""
        with pytest.raises(ContractError, match=r"contract\.statutory\[0\]: cannot read .*nope\.toml"):
            contract(extra='statutory = ["nope.toml"]', base=tmp_path)

    def test_shared_file_conflicts_with_the_table(self, tmp_path: Path) -> None:
        """A day named differently by a shared file and the table is refused."""
        (tmp_path / "cn.toml").write_text(
            '[statutory.CN]\nholidays = { 2027-03-01 = "other" }\n', encoding="utf-8"
        )
        with pytest.raises(
            ContractError, match=r"2027-03-01 is named 'other' elsewhere and 'site closed' here"
        ):
            contract(extra='statutory = ["cn.toml"]', tail=TABLE, base=tmp_path)


class TestHostileFiles:
    """Issue #27 §3: contract files built to break the reader give a ContractError, not a raw one."""

    def test_an_integer_past_pythons_digit_limit_names_its_key(self) -> None:
        """A 100,000-digit number is refused naming the key, without echoing the digits."""
        text = (
            EXAMPLE_TEXT
            + "\n[metrics.callback]\nstarts = ['reported']\nstop = ['called_back']\nn = "
            + "7" * 100_000
            + "\n"
        )
        with pytest.raises(ContractError, match=r"^'n': a number with more than 4300 digits") as info:
            Contract.from_toml(text)
        assert len(str(info.value)) < 200

    def test_nesting_thousands_deep_is_a_contract_error(self) -> None:
        """x = [[[…]]] 5,000 deep is refused as nested too deeply (was a raw RecursionError)."""
        with pytest.raises(ContractError, match="nested too deeply"):
            Contract.from_toml("x = " + "[" * 5000 + "]" * 5000)

    def test_an_unknown_top_level_key_lists_the_tables(self) -> None:
        """foo = 1 at the top names foo and the tables a contract file may have."""
        with pytest.raises(
            ContractError,
            match=r"extra fields found \(foo\); a contract file has the tables \[contract\], \[calendars\], \[levels\]",
        ):
            Contract.from_toml("foo = 1\n" + EXAMPLE_TEXT)


class TestPenalties:
    PENALTIES = '\n[penalties]\ncurrency = "CNY"\nmonthly_fee = "200000"\nmonthly_cap = "10%"\n'
    RESOLUTION = 'resolution = { within = "1个工作日", calendar = "support" }'

    def _with(self, penalty: str, terms: str = PENALTIES) -> str:
        assert self.RESOLUTION in BASE
        return BASE.replace(self.RESOLUTION, self.RESOLUTION[:-2] + f", penalty = {penalty} }}", 1) + terms

    def test_reads_and_round_trips(self) -> None:
        """A penalty on a target and the money terms read as written, and round-trip with amounts as text."""
        c = Contract.from_toml(self._with('{ per = "1h", amount = "500", cap = "5000" }'))
        rule = c.levels[0].targets["resolution"].penalty
        assert rule is not None
        assert (rule.per, rule.amount, rule.cap, rule.rounding) == (
            dt.timedelta(hours=1),
            500,
            5000,
            "started",
        )
        assert c.penalty_terms is not None
        assert c.penalty_terms.cap_of_month() == 20000
        text = c.to_toml()
        assert 'amount = "500"' in text
        assert 'monthly_cap = "10%"' in text
        assert Contract.from_toml(text) == c
        whole = Contract.from_toml(
            self._with('{ fixed = 1000, per = "30min", amount = "12.50", rounding = "whole" }')
        )
        assert Contract.from_toml(whole.to_toml()) == whole

    @pytest.mark.parametrize(
        ("penalty", "terms", "message"),
        [('{ per = "1h", amount = 500.5 }', PENALTIES, r"levels\[0\]\.resolution\.penalty\.amount: expected an amount as text"),
         ('{ per = "1h" }', PENALTIES, r"levels\[0\]\.resolution\.penalty\.amount: a penalty with per needs amount"),
         ('{ fixed = "1", rounding = "up" }', PENALTIES, r"levels\[0\]\.resolution\.penalty\.rounding: expected one of"),
         ('{ fixed = "1", every = "1h" }', PENALTIES, r"levels\[0\]\.resolution\.penalty: extra fields found \(every\)"),
         ('{ fixed = "1.5" }', '\n[penalties]\ncurrency = "JPY"\n', r"levels\[0\]\.resolution\.penalty\.fixed: '1.5' has 1 decimal places; the currency has 0"),
         ('{ fixed = "1" }', '\n[penalties]\nmonthly_cap = "10%"\n', r"penalties\.monthly_cap: '10%' is a share of the monthly fee"),
         ('{ fixed = "1" }', '\n[penalties]\ncurrency = "RMB"\n', r"penalties\.currency: 'RMB' is no ISO 4217 currency code.*'CNY'")],
    )  # fmt: skip
    def test_errors(self, penalty: str, terms: str, message: str) -> None:
        """Floats, a half rule, unknown roundings and keys, amounts finer than the currency, a share
        without a fee, an unknown currency: refused with their path in the file."""
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(self._with(penalty, terms))


def test_a_penalty_written_as_a_number_says_what_is_expected() -> None:
    """``penalty = "700"`` is refused naming the keys a penalty table takes."""
    text = EXAMPLE_TEXT.replace('penalty = { fixed = "1000" }', 'penalty = "700"', 1)
    with pytest.raises(
        ContractError, match=r"levels\[0\]\.on_site\.penalty: expected a table such as .*keys: per, amount"
    ):
        Contract.from_toml(text, base_dir=Path(__file__).resolve().parents[2] / "examples")


class TestUpdates:
    """Issue #29 §3: ``update = { every, calendar, starts, stop }`` on a level and ``[workflow]
    updates``, read, written and read back equal; bad ones refused with their path."""

    UPDATE = '\nupdate = { every = "2小时", calendar = "hotline" }\n'
    FLOW = (
        '\n[workflow]\nupdates = ["Work notes"]\n[workflow.statuses]\n"New" = "new"\n"Active" = "working"\n'
    )

    def test_reads_and_round_trips(self) -> None:
        """The update promise and the workflow's update statuses read as written and round-trip."""
        text = BASE + self.UPDATE.lstrip("\n")
        c = Contract.from_toml(text + self.FLOW)
        assert c.level("P1").update == UpdateTarget(every=dt.timedelta(hours=2), calendar="hotline")
        assert c.workflow is not None
        assert c.workflow.updates == ("Work notes",)
        assert Contract.from_toml(c.to_toml()) == c
        custom = Contract.from_toml(
            BASE
            + 'update = { every = "90m", calendar = "support", starts = ["reported"], stop = "resolved" }\n'
        )
        assert custom.level("P1").update == UpdateTarget(every="1h30m", calendar="support", starts="reported")
        assert Contract.from_toml(custom.to_toml()) == custom

    @pytest.mark.parametrize(
        ("update", "message"),
        [('{ every = "2 working days", calendar = "hotline" }', r"levels\[0\]\.update\.every: 2 working days is a period of days.*got .2 working days.$"),
         ('{ every = "2h", calendar = "night" }', r"levels\[0\]\.update\.calendar: unknown calendar 'night'"),
         ('{ every = "2h" }', r"levels\[0\]\.update\.calendar: required field missing"),
         ('{ every = "2h", calendar = "hotline", starts = "arrived" }',
          r"levels\[0\]\.update\.starts: level 'P1' has no metric with the event 'arrived'"),
         ('{ every = "2h", calendar = "hotline", often = true }', r"levels\[0\]\.update: extra fields found \(often\)")],
    )  # fmt: skip
    def test_errors(self, update: str, message: str) -> None:
        """A period of days, an unknown calendar, a missing field, a start no metric of the level names,
        an unknown key: refused with the path in the file."""
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(BASE + f"update = {update}\n")

    COLUMN = (
        '\n[workflow]\nupdates = { column = "fieldname", values = ["work_notes", "comments"] }\n'
        '[workflow.statuses]\n"New" = "new"\n"Active" = "working"\n'
    )

    def test_update_column_reads_and_round_trips(self) -> None:
        """``updates = { column, values }``: the column and its values read as written, and back."""
        c = Contract.from_toml(BASE + self.COLUMN)
        assert c.workflow is not None
        assert (c.workflow.update_column, c.workflow.updates) == ("fieldname", ("work_notes", "comments"))
        assert Contract.from_toml(c.to_toml()) == c
        listed = Contract.from_toml(BASE + self.FLOW)
        assert listed.workflow is not None
        assert listed.workflow.update_column is None

    @pytest.mark.parametrize(
        ("updates", "message"),
        [('{ column = "fieldname", values = [] }', r"^workflow\.updates\.values: empty; list the values of column 'fieldname'"),
         ('{ values = ["work_notes"] }', r"^workflow\.updates\.column: required field missing"),
         ('{ column = "fieldname" }', r"^workflow\.updates\.values: required field missing"),
         ('{ column = "fieldname", values = ["a"], when = 1 }', r"^workflow\.updates: extra fields found \(when\)"),
         ('"Work notes"', r"^workflow\.updates: expected a list of statuses such as \['Work notes'\] or a table")],
    )  # fmt: skip
    def test_update_column_errors(self, updates: str, message: str) -> None:
        """An empty list of values, a table without its column or values, an unknown key, a bare string:
        a `ContractError` naming the path."""
        flow = self.COLUMN.replace('{ column = "fieldname", values = ["work_notes", "comments"] }', updates)
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(BASE + flow)


_AMEND = '\n[[amendments]]\nfrom = 2026-07-01\nlevels = [{ key = "P1", response = { within = "15m", calendar = "hotline" } }]\n'


class TestListsAndTablesOfTheWrongShape:
    """cattrs iterated a table's keys or a string's characters and reported each as a wrong item
    ("levels[0]: expected a mapping; levels[1]: …", "unknown error ('str' object has no attribute
    'keys')", ``warnings = "0.5"`` read as '0', '.', '5'); each is now named with what it is."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (BASE.replace("[[levels]]", "[levels]"),
             r"^levels: expected a list \(a TOML array such as \[\[tables\]\], one per item\), got \{'key': 'P1'"),
            (BASE + '\n[escalation]\nlevel = "P1"\nafter = "1h"\nto = "x"\ncalendar = "hotline"\n',
             r"^escalation: expected a list \(a TOML array such as \[\[tables\]\], one per item\), got \{'level'"),
            (BASE + _AMEND.replace("[[amendments]]", "[amendments]"),
             r"^amendments: expected a list \(a TOML array such as \[\[tables\]\], one per item\)"),
            (BASE + _AMEND.replace("levels = [{", "levels = {").replace("} }]", "} }"),
             r"^amendments\[0\]\.levels: expected a list \(a TOML array such as \[\[tables\]\], one per item\)"),
            (BASE.replace('[contract]\nid = "T-1"', 'amendments = ["x"]\n[contract]\nid = "T-1"'),
             r"^amendments\[0\]: expected a table, got 'x'$"),
            (BASE.replace('id = "T-1"', 'id = "T-1"\nwarnings = "0.5"'),
             r"^contract\.warnings: expected a list \(a TOML array such as \[\.\.\.\]\), got '0\.5'$"),
            (BASE.replace('"hotline" }', '"hotline", warnings = "50%" }', 1),
             r"^levels\[0\]\.response\.warnings: expected a list \(a TOML array such as \[\.\.\.\]\), got '50%'$"),
            (BASE + '\n[[amendments]]\nfrom = 2026-07-01\ncalendars = "x"\n',
             r"^amendments\[0\]\.calendars: expected a table of names to tables, got 'x'$"),
        ],
    )  # fmt: skip
    def test_named(self, text: str, message: str) -> None:
        """A list written as a table or a string, a table as text: the path, the value, what is accepted."""
        with pytest.raises(ContractError, match=message):
            Contract.from_toml(text)

    def test_a_level_twice_in_one_amendment(self) -> None:
        """Two tables for P1 in one amendment are refused (the later silently replaced the earlier)."""
        twice = _AMEND.replace(
            "} }]", '} }, { key = "P1", resolution = { within = "2个工作日", calendar = "support" } }]'
        )
        with pytest.raises(
            ContractError, match=r"^amendments\[0\]\.levels\[1\]\.key: level 'P1' is given twice"
        ):
            Contract.from_toml(BASE + twice)
