"""The model's only door upward: one-line calls into io/, views/ and frames/, imported when used.

The model (terms, calendar, warranty, letters, sla) never imports those layers itself: a method
that leaves the model (``to_toml``, ``evaluate``, ``view``…) is one line calling a
function here. For the type checker the names below *are* the real functions, so mypy checks
every argument the model forwards; at run time each is a small wrapper that imports its layer on
the first call, so ``import servicelevel`` loads neither pandas nor the views.
``tests/test_layers.py`` keeps every other model file from naming io, views or frames.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = [
    "availability",
    "compliance",
    "compliance_by_terms",
    "penalties",
    "contract_from_toml",
    "contract_to_toml",
    "evaluate",
    "html_view",
    "incident_from_dict",
    "incident_from_json",
    "incident_to_dict",
    "incident_to_json",
    "incident_view",
    "month_view",
    "replay",
    "report",
    "report_page",
    "report_xlsx",
    "what_if",
]


def _frames() -> Any:
    """The table layer (pandas, numpy): imported on the first table, with a clear word if missing."""
    try:
        return importlib.import_module("servicelevel.frames")
    except ImportError as exc:
        raise ImportError(
            f"tables of tickets need pandas and numpy ({exc.name} is not installed): "
            "pip install 'servicelevel[columns]'"
        ) from exc


def _later(package: str, name: str) -> Callable[..., Any]:
    """A stand-in for ``package.name`` that imports the package on its first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        module = _frames() if package == "servicelevel.frames" else importlib.import_module(package)
        return getattr(module, name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"`{package}.{name}`, imported on the first call."
    return call


if TYPE_CHECKING:
    from servicelevel.frames import (
        availability,
        compliance,
        compliance_by_terms,
        evaluate,
        penalties,
        replay,
        report,
        what_if,
    )
    from servicelevel.io import (
        contract_from_toml,
        contract_to_toml,
        incident_from_dict,
        incident_from_json,
        incident_to_dict,
        incident_to_json,
        report_xlsx,
    )
    from servicelevel.views import IncidentView as IncidentView
    from servicelevel.views import MonthView as MonthView
    from servicelevel.views import html as html_view
    from servicelevel.views import report_page

    incident_view = IncidentView
    month_view = MonthView
else:
    availability = _later("servicelevel.frames", "availability")
    compliance = _later("servicelevel.frames", "compliance")
    compliance_by_terms = _later("servicelevel.frames", "compliance_by_terms")
    evaluate = _later("servicelevel.frames", "evaluate")
    penalties = _later("servicelevel.frames", "penalties")
    replay = _later("servicelevel.frames", "replay")
    report = _later("servicelevel.frames", "report")
    what_if = _later("servicelevel.frames", "what_if")
    report_xlsx = _later("servicelevel.io", "report_xlsx")
    report_page = _later("servicelevel.views", "report_page")
    contract_from_toml = _later("servicelevel.io", "contract_from_toml")
    contract_to_toml = _later("servicelevel.io", "contract_to_toml")
    incident_from_dict = _later("servicelevel.io", "incident_from_dict")
    incident_from_json = _later("servicelevel.io", "incident_from_json")
    incident_to_dict = _later("servicelevel.io", "incident_to_dict")
    incident_to_json = _later("servicelevel.io", "incident_to_json")
    incident_view = _later("servicelevel.views", "IncidentView")
    month_view = _later("servicelevel.views", "MonthView")
    html_view = _later("servicelevel.views", "html")
