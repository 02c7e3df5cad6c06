"""One-line delegations from the model to the layers below it, imported only when used."""

from __future__ import annotations

__all__ = ["html_view"]


def html_view(value: object) -> str:
    """The notebook view of a servicelevel value (``_repr_html_``): see `servicelevel.views`."""
    from servicelevel.views import html

    return html(value)
