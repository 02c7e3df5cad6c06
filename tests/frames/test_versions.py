"""Tables under a contract with amendments (frames/_versions.py): `evaluate`, `replay` and
`compliance` judge each ticket by the terms in force at its report, as `Incident` does; `what_if`.

The example contract's amendment (补充协议第3条): a P1's response is 30 minutes on the 7×24 hotline
for faults reported before 2026-07-01 00:00 Beijing time, 15 minutes from then on.
"""

from __future__ import annotations

import attrs
import pandas as pd
import polars as pl
import pytest

from servicelevel import Amendment, BusinessCalendar, Incident, InvalidTableError, Target
from tests.conftest import CONTRACT

TZ = "Asia/Shanghai"
# reported 23:50 (old terms: due 00:20) and 00:10 (new terms: due 00:25); responded 00:18 and 00:28
TICKETS = pd.DataFrame(
    {
        "level": ["P1", "P1", "P2"],
        "reported_at": ["2026-06-30T23:50", "2026-07-01T00:10", "2026-07-01T00:10"],
        "responded_at": ["2026-07-01T00:18", "2026-07-01T00:28", "2026-07-01T00:30"],
    }
)
AT = "2026-07-01T01:00"


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ)


class TestEvaluate:
    def test_each_row_under_the_terms_of_its_report(self) -> None:
        """Due 00:20 (23:50 + 30 min) met at 00:18; due 00:25 (00:10 + 15 min) breached at 00:28; P2 unchanged (00:10 + 30 min on desk, 7×24 since March)."""
        frame = CONTRACT.evaluate(TICKETS, at=AT)
        assert list(frame["response_due"]) == [
            _ts("2026-07-01 00:20"),
            _ts("2026-07-01 00:25"),
            _ts("2026-07-01 00:40"),
        ]
        assert list(frame["response_state"]) == ["met", "breached", "met"]
        # margin: 2 min to spare; 3 min over (00:28 - 00:25)
        assert list(frame["response_margin"][:2]) == [pd.Timedelta(minutes=2), pd.Timedelta(minutes=-3)]

    def test_equals_incident_row_by_row(self) -> None:
        """Every row equals `Incident.status` of the same ticket (both paths pick the version by the report)."""
        frame = CONTRACT.evaluate(TICKETS, at=AT)
        for i, row in TICKETS.iterrows():
            inc = Incident.open(CONTRACT, level=row["level"], reported_at=row["reported_at"]).responded(
                row["responded_at"]
            )
            for metric, st in inc.status(AT).items():
                assert frame.at[i, f"{metric}_state"] == st.state, (i, metric)
                due = frame.at[i, f"{metric}_due"]
                assert (pd.isna(due) and st.due is None) or due == pd.Timestamp(st.due), (i, metric)

    def test_polars_and_row_order(self) -> None:
        """A polars table, rows shuffled across the date: the same answers in the table's order."""
        order = [2, 0, 1]
        frame = CONTRACT.evaluate(pl.from_pandas(TICKETS.iloc[order].reset_index(drop=True)), at=AT)
        assert frame["response_state"].to_list() == ["met", "met", "breached"]

    def test_penalty_by_the_rule_of_the_report(self) -> None:
        """A penalty added from 2026-07-01 to P1's response (500 per breach): the 00:10 ticket owes 500, the 23:50 one none."""
        fined = Target(within="15分钟", calendar="hotline", penalty={"fixed": "500"})
        c = attrs.evolve(
            CONTRACT, amendments=[Amendment(from_="2026-07-01", levels={"P1": {"response": fined}})]
        )
        frame = c.evaluate(TICKETS.iloc[:2], at=AT)
        assert frame["response_penalty"].isna().tolist() == [True, False]
        assert str(frame["response_penalty"].iloc[1]) == "500.00"


class TestReplay:
    def test_a_log_on_both_sides_of_the_date(self) -> None:
        """`replay` of two P1 tickets (New, then Active = responded): met at 00:18 (due 00:20), breached at 00:28 (due 00:25)."""
        log = pd.DataFrame(
            {
                "ticket": ["A", "A", "B", "B"],
                "time": ["2026-06-30T23:50", "2026-07-01T00:18", "2026-07-01T00:10", "2026-07-01T00:28"],
                "status": ["New", "Active", "New", "Active"],
                "level": ["1 - Critical"] * 4,
            }
        )
        frame = CONTRACT.replay(log, ticket="ticket", time="time", status="status", level="level", at=AT)
        assert frame.loc[["A", "B"], "response_state"].tolist() == ["met", "breached"]
        assert frame.loc[["A", "B"], "response_due"].tolist() == [
            _ts("2026-07-01 00:20"),
            _ts("2026-07-01 00:25"),
        ]
        for ticket, rows in log.groupby("ticket"):
            inc = Incident.from_log(
                CONTRACT, list(zip(rows["time"], rows["status"], rows["level"], strict=True))
            )
            assert frame.at[ticket, "response_state"] == inc.status(AT)["response"].state

    def test_paused_on_the_calendar_of_the_report(self) -> None:
        """Support extended to 7×24 from 2026-07-01: A (reported Tue 30 Jun) and B (Wed 1 Jul), each
        waiting on the user 17:00-19:00; A's pause counts on 08:30-17:30 (17:00-17:30: 30 min), B's on
        7×24 (2 h) — in ``paused`` as in ``resolution_paused``."""
        support = BusinessCalendar.parse("7x24", tz=TZ, country="CN")
        c = attrs.evolve(
            CONTRACT, amendments=[attrs.evolve(CONTRACT.amendments[0], calendars={"support": support})]
        )
        day = {"A": "2026-06-30", "B": "2026-07-01"}
        steps = [("16:00", "New"), ("16:10", "Active"), ("17:00", "Awaiting User Info"), ("19:00", "Active"),
                 ("20:00", "Resolved")]  # fmt: skip
        log = pd.DataFrame(
            [(t, f"{day[t]}T{hm}", status, "1 - Critical") for t in day for hm, status in steps],
            columns=["ticket", "time", "status", "level"],
        )
        frame = c.replay(
            log, ticket="ticket", time="time", status="status", level="level", at="2026-07-02T00:00"
        )
        assert frame.loc[["A", "B"], "paused"].tolist() == [pd.Timedelta(minutes=30), pd.Timedelta(hours=2)]
        assert frame.loc[["A", "B"], "resolution_paused"].tolist() == frame.loc[["A", "B"], "paused"].tolist()


class TestWhatIf:
    def test_last_quarter_under_the_new_terms(self) -> None:
        """May's P1s under 15 min instead of 30: due 10:15, not 10:30; responded 10:20 turns breached, 10:10 stays met."""
        tickets = pd.DataFrame(
            {
                "level": ["P1", "P1"],
                "reported_at": ["2026-05-11T10:00", "2026-05-12T10:00"],
                "responded_at": ["2026-05-11T10:20", "2026-05-12T10:10"],
            }
        )
        out = CONTRACT.what_if(CONTRACT.at("2026-07-01"), tickets, at="2026-06-01T00:00")
        response = out[out["metric"] == "response"]
        assert response["ticket"].tolist() == [0, 1]
        assert response["state"].tolist() == ["met", "met"]
        assert response["other_state"].tolist() == ["breached", "met"]
        assert response["due"].tolist() == [_ts("2026-05-11 10:30"), _ts("2026-05-12 10:30")]
        assert response["other_due"].tolist() == [_ts("2026-05-11 10:15"), _ts("2026-05-12 10:15")]
        assert set(out["metric"]) == {"response"}  # nothing else changed

    def test_nothing_changes_under_the_same_terms(self) -> None:
        """Under itself, no ticket changes: an empty table with the columns."""
        out = CONTRACT.what_if(CONTRACT, TICKETS, at=AT)
        assert list(out.columns) == ["ticket", "metric", "state", "due", "other_state", "other_due"]
        assert len(out) == 0

    def test_no_change_keeps_the_column_types(self) -> None:
        """An empty answer (no change, or no tickets) has the types of one with changes, in pandas and polars."""
        # with changes: ticket int64 (the default index), dues in the home zone; they were object / str
        changed = CONTRACT.what_if(CONTRACT.at("2026-07-01"), TICKETS, at=AT)
        assert len(changed) > 0
        for tickets in (TICKETS, TICKETS.iloc[:0]):
            empty = CONTRACT.what_if(CONTRACT, tickets, at=AT)
            assert len(empty) == 0
            assert empty.dtypes.to_dict() == changed.dtypes.to_dict()
        lazy = CONTRACT.what_if(CONTRACT, pl.from_pandas(TICKETS).head(0), at=AT)
        assert lazy.schema == pl.from_pandas(changed).schema


class TestCompliance:
    def _contract(self) -> object:
        raised = Target(within="15分钟", calendar="hotline", goal=0.99)
        lowered = attrs.evolve(CONTRACT.level("P1").target("response"), goal=0.9)
        base = attrs.evolve(
            CONTRACT,
            amendments=(),
            levels=[attrs.evolve(CONTRACT.level("P1"), targets={**CONTRACT.level("P1").targets, "response": lowered}),
                    *CONTRACT.levels[1:]],
        )  # fmt: skip
        return attrs.evolve(
            base, amendments=[Amendment(from_="2026-07-01", levels={"P1": {"response": raised}})]
        )

    def test_goals_by_the_terms_of_each_report(self) -> None:
        """Goal 90 % before, 99 % from 2026-07-01: the P1 response counted under a ``terms`` column per version."""
        c = self._contract()
        frame = c.evaluate(TICKETS.iloc[:2], at=AT)  # type: ignore[attr-defined]
        table = c.compliance(frame)  # type: ignore[attr-defined]
        p1 = table[(table["level"] == "P1") & (table["metric"] == "response")]
        assert p1["terms"].tolist() == ["terms signed", "amendment from 2026-07-01"]
        assert p1["goal"].tolist() == [0.9, 0.99]
        assert p1["met"].tolist() == [1, 0]  # 23:50 met under 30 min; 00:10 breached (00:28 > 00:25)

    def test_without_the_report_column(self) -> None:
        """Goals that change by date need ``reported_at`` in the frame: said so."""
        c = self._contract()
        frame = c.evaluate(TICKETS.iloc[:2], at=AT).drop(columns=["reported_at"])  # type: ignore[attr-defined]
        with pytest.raises(
            InvalidTableError, match="no column 'reported_at'; the contract's amendments change goals"
        ):
            c.compliance(frame)  # type: ignore[attr-defined]
