"""The licence the package metadata names is the one shipped beside it."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_license_file_matches_the_metadata() -> None:
    """The package metadata says MIT, and LICENSE is the MIT text of the servicelevel authors."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"  # an SPDX expression (PEP 639)
    assert meta["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "MIT License"
    assert "Copyright (c) 2026 the servicelevel authors" in text
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
