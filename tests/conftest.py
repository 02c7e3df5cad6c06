"""Shared test settings: a hypothesis profile per setting, CI by default."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Checked by mypy in `make test` (scalar and column calls keep precise types), not run.
collect_ignore_glob = ["typing/*"]
