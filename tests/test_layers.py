"""The import rules of the package, read from the source's syntax tree (``../shared/architecture.md``).

Layers, lowest first: ``errors`` → ``terms`` → ``calendar`` → ``warranty`` / ``letters`` → ``sla`` →
``io`` / ``views`` / ``frames`` → ``cli``. A module imports only its own layer and those below it,
with one door upward: the model (terms, calendar, warranty, letters, sla) reaches io, views and
frames only through ``servicelevel._lazy``. No module imports another package's private module.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "servicelevel"

# The rank of each layer; the same rank may import each other only within one package.
RANK = {
    "errors": 0,
    "_frozen": 0,
    "_notebook": 0,
    "terms": 1,
    "calendar": 2,
    "warranty": 3,
    "letters": 3,
    "sla": 4,
    "io": 5,
    "views": 5,
    "frames": 5,
    "strategies": 6,
    "_drawn": 6,  # parts of contracts that strategies draws (kept apart for size)
    "_hypothesis": 6,
    "cli": 7,
    "__main__": 7,
}
MODEL = {"terms", "calendar", "warranty", "letters", "sla"}
UPPER = {"io", "views", "frames", "cli"}
# Layers of one rank that may use each other, each pair stated once (the reason beside it).
ALLOWED_SIDEWAYS = {
    ("views", "io"),  # the views show a contract's file form
    ("frames", "io"),  # tables read contract files' statutory extras through io
    ("letters", "warranty"),  # the draft maps exclusions to the warranty's cause codes
    ("__main__", "cli"),  # python -m servicelevel runs the command line
    ("strategies", "_drawn"),  # parts strategies.contracts draws, a module of their own for size
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out.append((".".join(("servicelevel", *parts)), path))
    return out


def _imports(path: Path, name: str) -> list[tuple[int, str]]:
    """Every servicelevel module the file imports (absolute, or relative resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if any(a.name[:1] != "_" or a.name[:2] == "__" for a in node.names):
                found.append((node.lineno, base))
            found += [
                (node.lineno, f"{base}.{a.name}")
                for a in node.names
                if a.name[:1] == "_" and a.name[:2] != "__"
            ]
    return [(line, m) for line, m in found if m == "servicelevel" or m.startswith("servicelevel.")]


def _is_module(dotted: str) -> bool:
    path = SRC.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _private_names() -> list[str]:
    """Private names (``_x``) imported from another module: a shared name has no underscore."""
    bad = []
    for name, path in _modules():
        for line, target in _imports(path, name):
            head, _, last = target.rpartition(".")
            if last.startswith("_") and not last.startswith("__") and not _is_module(target):
                bad.append(f"{path.relative_to(SRC.parent)}:{line} imports {last} from {head}")
    return bad


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _violations() -> list[str]:
    bad = []
    for name, path in _modules():
        here = _layer(name)
        if here in ("__init__", "_lazy"):
            continue  # the public face and the door list the layers by design
        for line, target in _imports(path, name):
            there = _layer(target)
            where = f"{path.relative_to(SRC.parent)}:{line} imports {target}"
            if there == "__init__":
                if RANK[here] >= RANK["strategies"]:
                    continue  # the top layers use the public face like any user
                bad.append(f"{where}: the package's public face (import the layer's own module)")
                continue
            if there == here:
                continue
            if there == "_lazy":
                if here not in MODEL and here != "_notebook":
                    bad.append(f"{where}: only the model goes through _lazy")
                continue
            if here in MODEL and there in UPPER:
                bad.append(f"{where}: the model reaches {there} only through servicelevel._lazy")
                continue
            if RANK[there] > RANK[here]:
                bad.append(f"{where}: {here} sits below {there}")
            elif RANK[there] == RANK[here] and (here, there) not in ALLOWED_SIDEWAYS:
                bad.append(f"{where}: {here} and {there} are one layer; say why in ALLOWED_SIDEWAYS")
            # another package's private module: servicelevel.<pkg>._<module>
            parts = target.split(".")
            if len(parts) > 2 and parts[2].startswith("_") and there != here:
                bad.append(f"{where}: a private module of {there}; use its public names")
    return bad


def test_every_module_has_a_layer() -> None:
    """Every top-level module and package of servicelevel is placed in the layer table."""
    top = {_layer(name) for name, _ in _modules()} - {"__init__", "_lazy"}
    assert top <= set(RANK), sorted(top - set(RANK))


def test_imports_flow_one_way() -> None:
    """No import goes against the layer order, and the model reaches upward only through _lazy."""
    assert _violations() == []


def test_no_private_name_is_shared() -> None:
    """A helper used by two modules loses its underscore; a private one stays in its module."""
    assert _private_names() == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """A model file importing views directly, or a private module of another package, is reported."""
    fake = tmp_path / "servicelevel"
    (fake / "sla").mkdir(parents=True)
    (fake / "sla" / "_bad.py").write_text(
        "from servicelevel.views import html\nfrom servicelevel.calendar._engine import x\n", encoding="utf-8"
    )
    global SRC
    SRC, saved = fake, SRC
    try:
        found = _violations()
    finally:
        SRC = saved
    assert any("only through servicelevel._lazy" in v for v in found), found
    assert any("a private module of calendar" in v for v in found), found
