"""The installed wheel, used as a user would with no extras: `make wheel-check` runs this with the
venv's Python from outside the source tree, so the package comes from site-packages."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import servicelevel
from servicelevel import BusinessCalendar

where = Path(servicelevel.__file__).resolve()
assert "site-packages" in where.parts, f"servicelevel imported from {where}, not the installed wheel"
assert servicelevel.__version__ == importlib.metadata.version("servicelevel"), servicelevel.__version__
for optional in ("numpy", "pandas", "polars", "hypothesis"):  # no extras: none of them is needed
    assert optional not in sys.modules, f"import servicelevel imported {optional}"

# By hand: Fri 2026-02-13 16:00 + 2 h on China's 5x8: 1 h to the 17:00 close, then Sat 14 Feb is
# a make-up working day (调休) opening at 09:00: due Sat 10:00.
cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
due = cal.add("2026-02-13T16:00", dt.timedelta(hours=2))
assert due.isoformat() == "2026-02-14T10:00:00+08:00", due

script = Path(sys.executable).with_name("servicelevel")
version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True).stdout
assert version.strip() == f"servicelevel {servicelevel.__version__}", version
# python -m servicelevel: the same command line (no command given: said on stderr, exit 2)
bare = subprocess.run([sys.executable, "-m", "servicelevel"], capture_output=True, text=True)
assert bare.returncode == 2, (bare.returncode, bare.stderr)
assert "servicelevel: error: the following arguments are required: command" in bare.stderr, bare.stderr
shown = subprocess.run([sys.executable, "-m", "servicelevel", "--version"], capture_output=True, text=True)
assert shown.stdout == version, shown.stdout
print(f"smoke: servicelevel {servicelevel.__version__} on Python {sys.version.split()[0]}: ok")

if sys.argv[1:] == ["hypothesis"]:  # the wheel installed again with its hypothesis extra
    code = (
        "import sys, hypothesis\n"
        "assert 'pendulum' not in sys.modules, 'import hypothesis imported pendulum'\n"
        "assert not any(m.startswith('servicelevel') for m in sys.modules), sorted(sys.modules)\n"
        "from hypothesis import strategies as st\n"
        "from servicelevel import BusinessCalendar, Incident\n"
        "assert 'servicelevel.strategies' not in sys.modules\n"
        "print(type(st.from_type(BusinessCalendar).example()).__name__,"
        " type(st.from_type(Incident).example()).__name__)\n"
    )
    drawn = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.split() == ["BusinessCalendar", "Incident"], drawn.stdout
    print("smoke: servicelevel[hypothesis]: import hypothesis imports no servicelevel; from_type draws: ok")
