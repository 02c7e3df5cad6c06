"""Writing a contract as TOML (io/_write.py) that the reader turns back into an equal contract."""

from __future__ import annotations

from hypothesis import given, settings

from servicelevel import Contract
from servicelevel.strategies import contracts
from tests.conftest import EXAMPLE_TEXT


class TestRoundTrip:
    def test_example_round_trips(self) -> None:
        """The example contract reads back equal from what it writes."""
        c = Contract.from_toml(EXAMPLE_TEXT)
        assert Contract.from_toml(c.to_toml()) == c

    @settings(max_examples=60, deadline=None)
    @given(contracts())
    def test_round_trip(self, contract: Contract) -> None:
        """Any drawn contract reads back equal from what it writes."""
        # Contract.from_toml(c.to_toml()) == c.
        assert Contract.from_toml(contract.to_toml()) == contract

    @settings(max_examples=40, deadline=None)
    @given(contracts(availability=True, warranty=False))
    def test_round_trip_with_availability(self, contract: Contract) -> None:
        """A contract with availability targets (credit bands, fees, periods) reads back equal."""
        text = contract.to_toml()
        assert "[availability." in text
        assert Contract.from_toml(text) == contract

    @settings(max_examples=40, deadline=None)
    @given(contracts(warnings=True, amendments=True))
    def test_round_trip_with_warnings_and_amendments(self, contract: Contract) -> None:
        """Warnings before the due, escalation steps before it and an amendment read back equal, with no diff."""
        back = Contract.from_toml(contract.to_toml())
        assert back == contract
        assert not contract.diff(back)
        assert back.versions == contract.versions
