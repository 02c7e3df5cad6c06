"""Files: contracts as TOML in and out.

The readers and writers load `tomllib`, cattrs and tomli-w on first use, so
``import servicelevel`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicelevel.sla import Contract

__all__ = [
    "contract_from_toml",
    "contract_to_toml",
    "dates_to_ics",
    "deadlines_to_ics",
    "schedules_to_ics",
    "incident_from_dict",
    "incident_from_json",
    "incident_to_dict",
    "incident_to_json",
    "report_xlsx",
    "load_contract",
]

# Besides `__all__`, for servicelevel's own command line (not in the API reference): the
# whole-or-nothing file write behind ``--ics``, and the shapes ``--json`` prints.
from servicelevel.io._files import write_atomically as write_atomically
from servicelevel.io._ics import dates_to_ics, deadlines_to_ics, schedules_to_ics
from servicelevel.io._json import contract_json as contract_json
from servicelevel.io._json import day_json as day_json
from servicelevel.io._json import deadline_json as deadline_json
from servicelevel.io._json import incident_from_dict, incident_from_json, incident_to_dict, incident_to_json
from servicelevel.io._xlsx import report_xlsx


def load_contract(path: str | os.PathLike[str], base_dir: str | os.PathLike[str] | None = None) -> Contract:
    """Read a contract from a TOML file (see ``examples/contract.toml`` for the shape).

    Shared schedule files it names are read from its own folder, or from ``base_dir``; see
    `contract_from_toml` for what is read and what is refused.
    """
    from servicelevel.io._toml import load_contract as load

    return load(path, base_dir)


def contract_from_toml(
    text: str,
    base_dir: str | os.PathLike[str] | None = None,
    *,
    files: Mapping[str, str] | None = None,
) -> Contract:
    """Read a contract from TOML text.

    Text reads no file: shared schedule files (``[contract] statutory = [...]``) come from
    ``files`` (their names as the contract writes them, mapped to their text) or, when the
    caller passes ``base_dir``, from that folder: relative paths without ``..``, regular files
    of at most 1 MiB, never through a link that leads out of the folder. Anything else is a
    `ContractError` naming the path as the contract writes it.
    """
    from servicelevel.io._toml import contract_from_toml as read

    return read(text, base_dir, files=files)


def contract_to_toml(contract: Contract) -> str:
    """The contract as TOML text that `contract_from_toml` reads back to an equal contract."""
    from servicelevel.io._write import contract_to_toml as write

    return write(contract)
