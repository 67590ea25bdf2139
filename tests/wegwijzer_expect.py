"""What the wegwijzer should answer, worked out straight from the YAML files.

Deliberately independent of ``kennisbank/wegwijzer.py``: plain dictionaries from
``yaml.safe_load``, the rules written out again, so a mistake in the module does
not repeat itself in the expectation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml
from conftest import ROOT

SETTINGS = ROOT / "templates" / "wegwijzer" / "wegwijzer.yaml"


@functools.cache
def settings() -> dict[str, Any]:
    return yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))


@functools.cache
def records(type_: str) -> dict[str, dict[str, Any]]:
    folder = ROOT / "data" / type_
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yaml")}


def choice(kind: str, id_: str) -> dict[str, Any]:
    return next(item for item in settings()[kind] if item["id"] == id_)


@dataclass
class Service:
    organisatie: str
    org_naam: str
    naam: str
    toegang: dict[str, Any]
    kosten_voor_ouders: str
    financiering: list[str]

    @property
    def label(self) -> str:
        return f"{self.naam} van {self.org_naam}"


@dataclass
class Expected:
    specific: list[Service] = field(default_factory=list)
    general: list[Service] = field(default_factory=list)

    @property
    def services(self) -> list[Service]:
        return self.specific + self.general


def expected(gemeente: str, leeftijd: str, zorg: str) -> Expected:
    age, worry = choice("leeftijden", leeftijd), choice("zorgen", zorg)
    low, high = age["van_maanden"], age["tot_maanden"]
    needs = set(worry["behoeften"])
    interventies = records("interventies")
    result = Expected()
    for org_id, org in sorted(records("organisaties").items()):
        for dienst in org.get("diensten", []):
            area = dienst.get("werkgebied") or org.get("werkgebied") or []
            if gemeente not in {w["gemeente"] for w in area}:
                continue
            aanpak = interventies.get(dienst.get("interventie") or "", {})
            if aanpak.get("status") in ("voorstel", "beeindigd"):
                continue
            doelgroep = aanpak.get("doelgroep", {})
            ages = dienst.get("leeftijd") or doelgroep.get("leeftijd")
            if ages and not (ages["van_maanden"] < high and ages["tot_maanden"] > low):
                continue
            helps = set(
                dienst.get("ondersteuningsbehoefte")
                or doelgroep.get("ondersteuningsbehoefte")
                or []
            )
            service = Service(
                org_id,
                org["naam"],
                dienst["naam"],
                dienst.get("toegang") or aanpak.get("toegang") or {},
                dienst.get("kosten_voor_ouders") or aanpak.get("kosten_voor_ouders") or "",
                dienst.get("financiering") or aanpak.get("financiering") or [],
            )
            if helps & needs:
                result.specific.append(service)
            elif "algemene-ontwikkeling" in helps:
                result.general.append(service)
    return result


def first_role(services: list[Service]) -> str:
    """The route whose roles open the most of these services; the file's order on a tie."""
    best, best_count = None, -1
    for route in settings()["routes"]:
        count = sum(
            1 for s in services if set(s.toegang.get("via_rollen", [])) & set(route["rollen"])
        )
        if count > best_count:
            best, best_count = route, count
    assert best is not None
    return next(r for r in best["rollen"] if r in records("rollen"))
