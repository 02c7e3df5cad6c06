"""The reader measured on hand-labelled letters: the two seed letters (tests/letters/labels) and the
sixteen real ones (tests/letters/real), labelled blind; the unseen A–E reported and gated apart.

The labels were written by people reading the letters, apart from the reader's rules; they are
never produced by the reader. Gates: on each seed letter, recall and precision ≥ 0.9 for targets,
coverage and warranties; pooled over seed + real, the figures of `POOLED_GATES`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from servicelevel import read_commitments
from tests.letters.conftest import SCORES
from tests.letters.scoring import GATED, load, score

NAMES = ("000_cbc00d7f364d7fa9", "004_67ec828858506454")


@pytest.mark.parametrize("name", NAMES)
def test_recall_and_precision_on_a_labelled_letter(name: str) -> None:
    """Recall and precision on each seed letter reach 0.9 for targets, service hours and warranties."""
    text, labels = load(name)
    found = list(read_commitments(text))
    report = score(text, labels, found)
    SCORES.append((name, report))
    for kind in GATED:
        r = report[kind]
        assert r["recall"] >= 0.9, f"{kind} recall {r['recall']:.2f}; missed {r['missed']}"
        assert r["precision"] >= 0.9, f"{kind} precision {r['precision']:.2f}; extra {r['extra']}"


def test_every_quote_is_the_text_at_its_span() -> None:
    """Every quote found in the seed letters is the text at its span."""
    for name in NAMES:
        text, _ = load(name)
        found = read_commitments(text)
        for p in found:
            assert text[p.span[0] : p.span[1]] == p.quote
        for u in found.unclear:
            assert text[u.span[0] : u.span[1]] == u.quote


def test_the_scorer_can_fail() -> None:
    """A reader that drops the on-site promises or shifts a term is caught by the scorer."""
    text, labels = load("004_67ec828858506454")
    found = list(read_commitments(text))
    dropped = [p for p in found if p.metric != "on_site"]
    assert score(text, labels, dropped)["target"]["recall"] < 0.9
    import attrs

    from servicelevel import parse_term

    shifted = [attrs.evolve(p, within=parse_term("3小时")) if p.kind == "target" else p for p in found]
    assert score(text, labels, shifted)["target"]["precision"] == 0.0


UNSEEN = Path(__file__).resolve().parent / "unseen"


def test_letters_written_apart_from_the_rules() -> None:
    """The unseen letters A–E pool at 0.8 recall and precision for targets and warranties."""
    # Five letters written for testing by people who had not seen the rules (see unseen/README.md),
    # reported beside the example letters. Known misses: B's on-site cells take their region (杭州)
    # from a note under the table, and two of its promises their grade from the paragraph's heading;
    # B's 7×12 service hours are no notation servicelevel knows (reported as unclear, not guessed).
    pooled = {k: [0, 0, 0] for k in GATED}
    for name in ("A", "B", "C", "D", "E"):
        text = (UNSEEN / f"{name}.txt").read_text(encoding="utf-8")
        labels = tomllib.loads((UNSEEN / f"{name}.toml").read_text(encoding="utf-8")).get("promise", [])
        report = score(text, labels, list(read_commitments(text)))
        SCORES.append((f"unseen {name}", report))
        for kind in GATED:
            pooled[kind][0] += report[kind]["labelled"]
            pooled[kind][1] += report[kind]["found"]
            pooled[kind][2] += report[kind]["matched"]
    for kind in ("target", "warranty"):
        labelled, found, matched = pooled[kind]
        assert matched / labelled >= 0.8, (kind, pooled[kind])
        assert matched / found >= 0.8, (kind, pooled[kind])


REAL = Path(__file__).resolve().parent / "real"
# Pooled over the seed and the real letters: issue #25 asks recall ≥ 0.9 and precision ≥ 0.95 for
# each kind. Each gate stands at what the reader reaches, rounded down (see the README), at or
# above the issue's figures.
POOLED_GATES = {"target": (0.90, 0.99), "coverage": (1.00, 0.97), "warranty": (1.00, 1.00)}
ISSUE_GATES = (0.90, 0.95)


def test_pooled_recall_and_precision_over_the_seed_and_real_letters() -> None:
    """Pooled over the seed and real letters, recall and precision reach the POOLED_GATES."""
    pooled = {k: [0, 0, 0] for k in POOLED_GATES}
    letters = [load(name) for name in NAMES]
    for path in sorted(REAL.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        labels = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8")).get("promise", [])
        report = score(text, labels, list(read_commitments(text)))
        SCORES.append((path.stem, report))
        letters.append((text, labels))
    for text, labels in letters:
        report = score(text, labels, list(read_commitments(text)))
        for kind in POOLED_GATES:
            for j, key in enumerate(("labelled", "found", "matched")):
                pooled[kind][j] += report[kind][key]
    failed = []
    assert all(r >= ISSUE_GATES[0] and p >= ISSUE_GATES[1] for r, p in POOLED_GATES.values())
    for kind, (recall_gate, precision_gate) in POOLED_GATES.items():
        labelled, found, matched = pooled[kind]
        recall, precision = matched / labelled, matched / found if found else 1.0
        SCORES.append((f"POOLED {kind}", {kind: {"labelled": labelled, "found": found, "matched": matched,
                                                  "recall": recall, "precision": precision}}))  # fmt: skip
        if recall < recall_gate or precision < precision_gate:
            failed.append(f"{kind}: recall {recall:.2f} (gate {recall_gate}), precision {precision:.2f} "
                          f"(gate {precision_gate})")  # fmt: skip
    assert not failed, "; ".join(failed)


def test_the_drafts_service_hours_are_those_a_person_expects() -> None:
    """The drafts' service hours are those the labels' ``[expect] coverage`` gives, on nine letters or more."""
    # [expect] coverage: the service hours a person reading the letter expects its draft to take
    # (the project's over the company's, the widest of those said alike)
    from servicelevel.io import contract_from_toml

    agree, differ = [], []
    for path in sorted(REAL.glob("*.txt")) + sorted((Path(__file__).parent / "texts").glob("*.txt")):
        folder = path.parent if path.parent == REAL else path.parents[1] / "labels"
        expect = tomllib.loads((folder / f"{path.stem}.toml").read_text(encoding="utf-8")).get("expect", {})
        if "coverage" not in expect:
            continue
        draft = read_commitments(path.read_text(encoding="utf-8")).to_toml()
        contract_from_toml(draft)  # it loads
        notation = tomllib.loads(draft)["calendars"]["service"]["coverage"].split()[0]
        (agree if notation == expect["coverage"] else differ).append(
            (path.stem, notation, expect["coverage"])
        )
    SCORES.append(("EXPECTED hours", {"coverage": {"labelled": len(agree) + len(differ), "found": len(agree) + len(differ),
                                                   "matched": len(agree), "recall": len(agree) / (len(agree) + len(differ)),
                                                   "precision": len(agree) / (len(agree) + len(differ))}}))  # fmt: skip
    assert len(agree) >= 9
    assert not differ, differ
