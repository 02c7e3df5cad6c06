"""`Notebook`: the mixin that shows a model value in a notebook, through `servicelevel._lazy`.

Kept apart from ``_lazy`` so the model's classes can subclass it without the type checker
following ``_lazy``'s view imports back into the model while the classes are being defined.
"""

from __future__ import annotations

__all__ = ["Notebook"]


class Notebook:
    """Mixin: ``_repr_html_``, the value's notebook view (see `servicelevel.views`)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The notebook view (see `servicelevel.views`)."""
        from servicelevel._lazy import html_view

        return html_view(self)
