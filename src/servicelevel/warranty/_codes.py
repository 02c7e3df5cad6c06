"""The stable codes of warranty clauses: excluded causes and voiding events, in English and Chinese.

Taken from domain.md §4 ("Not covered when caused by …", "Voided from the moment of …").
A contract may add its own; an unknown code is an error that lists the known ones.
"""

from __future__ import annotations

from attrs import frozen

__all__ = ["CAUSES", "VOIDING_EVENTS", "Cause", "VoidingEvent"]


@frozen
class Cause:
    """A cause of damage the warranty excludes, with its labels and whether it is force majeure."""

    code: str
    en: str
    zh: str
    force_majeure: bool = False


@frozen
class VoidingEvent:
    """An act that voids the warranty from its date on."""

    code: str
    en: str
    zh: str


CAUSES: dict[str, Cause] = {
    c.code: c
    for c in (
        Cause("misuse", "misuse", "使用不当"),
        Cause("environment", "use in an unsuitable environment", "使用环境不符合要求"),
        Cause("unauthorised_repair", "unauthorised disassembly or repair", "擅自拆卸或维修"),
        Cause("self_made_software", "self-made software", "自行编制的软件"),
        Cause("virus", "a virus let in by lax control", "管理不善导致的病毒"),
        Cause("moved_while_running", "moving the device while it runs", "带电搬动设备"),
        Cause("hot_plug", "hot-plugging cables", "带电插拔线缆"),
        Cause("fire", "fire", "火灾", True),
        Cause("flood", "flood", "水灾", True),
        Cause("lightning", "lightning", "雷击", True),
        Cause("earthquake", "earthquake", "地震", True),
        Cause("force_majeure", "other force majeure", "其他不可抗力", True),
        Cause("transport", "damage in transport before hand-over", "交付前运输损坏"),
        Cause("rodents", "rodents", "鼠害"),
        Cause("liquid", "liquid", "液体侵入"),
    )
}
"""Causes every warranty excludes (domain.md §4)."""

VOIDING_EVENTS: dict[str, VoidingEvent] = {
    e.code: e
    for e in (
        VoidingEvent(
            "upgrade", "a performance upgrade or change of original characteristics", "性能升级或改变原有特性"
        ),
        VoidingEvent("self_disassembly", "self-disassembly", "自行拆机"),
        VoidingEvent("outside_environment", "use outside the specified environment", "超出规定环境使用"),
    )
}
"""Acts that void a warranty from their date on (domain.md §4)."""
