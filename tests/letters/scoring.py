"""Recall and precision of the letter reader against hand-labelled letters.

A found promise matches a label when every field the label gives agrees (terms
compared as parsed values) and the two quotes overlap in the letter (a label's
quote may occur several times: repeated documents; each label and each found
promise is matched at most once). A label marked ``optional = true`` (a promise
the labelling rules let a reader report or not) counts neither way: it is left out
of recall, and a found promise that matches it is left out of precision.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from servicelevel import Days, Months, Years, parse_term
from servicelevel.letters import Promise

LETTERS = Path(__file__).resolve().parent / "texts"
LABELS = Path(__file__).resolve().parent / "labels"
GATED = ("target", "coverage", "warranty")
KINDS = ("target", "coverage", "warranty", "schedule", "charge", "escalation")

_PERIODS = {
    "周": Days(7),
    "星期": Days(7),
    "月": Months(1),
    "季度": Months(3),
    "季": Months(3),
    "年": Years(1),
}


def _period(text: str) -> Any:
    """A schedule's period as labelled: "两周", "1个月", "半年", "季度"."""
    if text in _PERIODS:
        return _PERIODS[text]
    term = parse_term(text)
    if isinstance(term, Months) and term.n % 12 == 0:
        return Years(term.n // 12)
    return term


def expected(label: dict[str, Any]) -> dict[str, Any]:
    kind = label["kind"]
    out: dict[str, Any] = {"kind": kind}
    if kind == "target":
        out |= {"metric": label["metric"], "within": parse_term(label["within"]),
                "level": label.get("level"), "region": label.get("region")}  # fmt: skip
    elif kind == "coverage":
        out["coverage"] = label["coverage"]
    elif kind == "warranty":
        out |= {"within": _period(label["within"]), "starts": label.get("starts"),
                "extension": parse_term(label["extension"]) if "extension" in label else None}  # fmt: skip
    elif kind == "schedule":
        out |= {"every": _period(label["every"]), "times": label.get("times", 1),
                "lasting": parse_term(label["for"]) if "for" in label else None}  # fmt: skip
    elif kind == "escalation":
        out |= {"after": parse_term(label["after"]), "to": label["to"], "level": label.get("level")}
    else:
        out["cap"] = label.get("cap")
    return out


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]


def _length(value: Any) -> Any:
    """A period in months and years by its length in months (12个月 = 1年); other values as they are."""
    if isinstance(value, Years):
        return ("months", value.n * 12)
    if isinstance(value, Months):
        return ("months", value.n)
    return value


def _agrees(p: Promise, want: dict[str, Any]) -> bool:
    """Every labelled field agrees; a notation labelled without hours ("5x8") agrees with the
    same notation read with the hours the letter gives beside it ("5x8 09:00-17:00"); periods
    in months and years agree by their length."""
    for k, v in want.items():
        got = getattr(p, k, None)
        if k == "coverage" and isinstance(got, str) and " " not in v:
            got = got.split()[0]
        if _length(got) != _length(v):
            return False
    return True


def _match(text: str, label: dict[str, Any], found: list[Promise], used: set[int]) -> int | None:
    want = expected(label)
    spans = _occurrences(text, label["quote"])
    assert spans, f"label quote not in the letter: {label['quote']!r}"
    return next(
        (
            i
            for i, p in enumerate(found)
            if i not in used and _agrees(p, want) and any(a < p.span[1] and p.span[0] < b for a, b in spans)
        ),
        None,
    )


def score(text: str, labels: list[dict[str, Any]], found: list[Promise]) -> dict[str, dict[str, Any]]:
    """Per kind: labelled, found, matched, recall, precision, and the misses both ways."""
    used: set[int] = set()
    missed: list[dict[str, Any]] = []
    required = [x for x in labels if not x.get("optional")]
    for label in required:
        hit = _match(text, label, found, used)
        if hit is None:
            missed.append(label)
        else:
            used.add(hit)
    allowed: set[int] = set()  # found promises that match an optional label
    for label in labels:
        if label.get("optional"):
            hit = _match(text, label, found, used | allowed)
            if hit is not None:
                allowed.add(hit)
    report: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        n_label = sum(1 for x in required if x["kind"] == kind)
        n_found = sum(1 for i, p in enumerate(found) if p.kind == kind and i not in allowed)
        n_hit = sum(1 for i in used if found[i].kind == kind)
        report[kind] = {
            "labelled": n_label,
            "found": n_found,
            "matched": n_hit,
            "recall": n_hit / n_label if n_label else 1.0,
            "precision": n_hit / n_found if n_found else 1.0,
            "missed": [x for x in missed if x["kind"] == kind],
            "extra": [
                found[i]
                for i in range(len(found))
                if i not in used and i not in allowed and found[i].kind == kind
            ],
        }
    return report


def load(name: str) -> tuple[str, list[dict[str, Any]]]:
    text = (LETTERS / f"{name}.txt").read_text(encoding="utf-8")
    labels = tomllib.loads((LABELS / f"{name}.toml").read_text(encoding="utf-8"))
    return text, labels.get("promise", [])
