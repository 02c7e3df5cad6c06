"""Files: contracts as TOML in and out."""

from servicelevel.io._toml import contract_from_toml, contract_to_toml, load_contract

__all__ = ["contract_from_toml", "contract_to_toml", "load_contract"]
