"""Files: contracts as TOML in and out.

The readers and writers load `tomllib`, cattrs and tomli-w on first use, so
``import servicelevel`` stays fast.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = ["contract_from_toml", "contract_to_toml", "dates_to_ics", "deadlines_to_ics", "load_contract"]

from servicelevel.io._ics import dates_to_ics, deadlines_to_ics


def load_contract(path: str | os.PathLike[str]) -> Contract:
    """Read a contract from a TOML file (see ``examples/contract.toml`` for the shape)."""
    from servicelevel.io._toml import load_contract as load

    return load(path)


def contract_from_toml(text: str, base_dir: str | os.PathLike[str] | None = None) -> Contract:
    """Read a contract from TOML text; shared schedule files are relative to ``base_dir`` (or the cwd)."""
    from servicelevel.io._toml import contract_from_toml as read

    return read(text, base_dir)


def contract_to_toml(contract: Contract) -> str:
    """The contract as TOML text that `contract_from_toml` reads back to an equal contract."""
    from servicelevel.io._write import contract_to_toml as write

    return write(contract)
