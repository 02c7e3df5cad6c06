"""``python -m servicelevel.cli``: the command line, as the ``servicelevel`` script runs it."""

from servicelevel.cli import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
