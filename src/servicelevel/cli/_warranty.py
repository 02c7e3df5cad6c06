"""``servicelevel warranty``: is a claim covered by the contract's warranty, and why; with
``--total``, the cap on what a repair may be charged; in English or Chinese (``--lang``)."""

from __future__ import annotations

import argparse
from typing import Any

from servicelevel.cli._options import options
from servicelevel.cli._terminal import Console, print_json
from servicelevel.errors import ContractError, InvalidOptionError
from servicelevel.io import load_contract

__all__ = ["run_warranty"]

_WARRANTY = {
    "on": "--on",
    "total": "--total",
    "causes": "--cause",
    "events": "--event",
    "component": "--component",
}

# The warranty command's own lines, in each --lang (the reasons come from `Reason.text`).
_SAYS = {
    "en": {
        "claim": "claim on {on}{component}: {verdict}",
        "component": " for {component}",
        "covered": "covered",
        "not covered": "not covered",
        "remedies": "three guarantees (三包): {remedies}",
        "none": "none",
        "return": "return",
        "exchange": "exchange",
        "repair": "repair",
        "cap": "charge cap: {amount} ({clause})",
        "free": "covered until {until}: repairs are free",
        "past": "charge cap: none past every band",
        "not applicable": "charge cap: does not apply (the claim is not covered by the warranty)",
    },
    "zh": {
        "claim": "{on}的报修{component}：{verdict}",
        "component": "（部件“{component}”）",
        "covered": "在保修范围内",
        "not covered": "不在保修范围内",
        "remedies": "三包：{remedies}",
        "none": "无",
        "return": "退货",
        "exchange": "换货",
        "repair": "修理",
        "cap": "收费上限：{amount}（{clause}）",
        "free": "保修至{until}：免费维修",
        "past": "收费上限：无（已过全部收费档）",
        "not applicable": "收费上限：不适用（该报修不在保修范围内）",
    },
}


def run_warranty(args: argparse.Namespace) -> int:
    """Assess one claim (``--on``, ``--component``, ``--cause``, ``--event``) and say why."""
    from servicelevel.warranty import Claim

    contract = load_contract(args.contract)
    if contract.warranty is None:
        raise ContractError(f"contract: {args.contract!r} has no [warranty] section")
    events = []
    for item in args.event:
        kind, sep, day = item.partition("@")
        if not sep:
            raise InvalidOptionError(f"--event: expected KIND@DATE such as upgrade@2025-03-02, got {item!r}")
        events.append((kind, day))
    with options(_WARRANTY):
        decision = contract.warranty.assess(
            Claim(on=args.on, component=args.component, causes=args.cause, events=events)
        )
        cap = contract.charge_cap(args.on, args.total) if args.total is not None else None
    says = _SAYS[args.lang]
    # The charge line agrees with the decision: a covered claim is repaired free (a component
    # under its own, longer term too); one not covered inside the warranty's term has no cap
    # (the free repair is what is refused); after the term, the band's cap.
    charge: tuple[str, str, str] | None = None  # amount, rate, clause
    if args.total is None:
        line = None
    elif decision.covered:
        if cap is not None and cap.band == 0:
            clause = cap.text(args.lang)
        else:  # a component under its own term, past the system's
            clause = says["free"].format(until=decision.until or contract.warranty.last_day)
        charge = ("0.00", "0", clause)
        line = says["cap"].format(amount="0.00", clause=clause)
    elif cap is None:
        line = says["past"]
    elif cap.band == 0:
        line = says["not applicable"]
    else:
        charge = (str(cap.amount), str(cap.rate), cap.text(args.lang))
        line = says["cap"].format(amount=cap.amount, clause=charge[2])
    if args.json:
        out: dict[str, Any] = {
            "covered": decision.covered,
            "until": decision.until.isoformat() if decision.until else None,
            "reasons": [{"code": r.code, "text": r.text(args.lang)} for r in decision.reasons],
        }
        if args.total is not None:
            out["charge_cap"] = (
                None if charge is None else {"amount": charge[0], "rate": charge[1], "clause": charge[2]}
            )
        if contract.warranty.consumer:
            out["remedies"] = sorted(contract.warranty.remedies(args.on))
        print_json(out)
        return 0
    console = Console()
    verdict = says["covered" if decision.covered else "not covered"]
    component = says["component"].format(component=args.component) if args.component else ""
    console.print(says["claim"].format(on=args.on, component=component, verdict=verdict))
    for r in decision.reasons:
        console.print(f"  - {r.text(args.lang)}")
    if contract.warranty.consumer:
        remedies = sorted(contract.warranty.remedies(args.on))
        shown = "、" if args.lang == "zh" else ", "
        console.print(
            "  " + says["remedies"].format(remedies=shown.join(says[r] for r in remedies) or says["none"])
        )
    if line is not None:
        console.print(f"  {line}")
    return 0
