"""The wegwijzer voor ouders: gemeente, age and worry in, a plain-Dutch answer out.

Static pages, one per step and one per answer, so the wegwijzer works without
JavaScript. This module decides which services match, whom a parent talks to
first and what it costs; the fixed texts (ages, worries, routes with their
sources, words for who pays) are in ``templates/wegwijzer/wegwijzer.yaml`` and
the pages are the templates next to it. Plain Python: no MkDocs.
"""

from __future__ import annotations

import posixpath
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pydantic import Field, ValidationError, field_validator

from . import pagecache, render
from .checker import Entry, Kennisbank, _translate, shown_path
from .loader import LoadError, load_file
from .model import (
    BronVerwijzing,
    Dienst,
    Financieringsbron,
    Leeftijd,
    Ondersteuningsbehoefte,
    RolId,
    Slug,
    Strict,
    Toegang,
    Werkgebied,
)

ROOT = "wegwijzer"
SETTINGS = "wegwijzer/wegwijzer.yaml"
GENERAL = "algemene-ontwikkeling"
# Services of an aanpak that only exists on paper, or no longer, are no help to a parent.
INACTIVE = {"voorstel", "beeindigd"}


class Leeftijdsgroep(Strict):
    id: Slug
    label: str = Field(description="Wat de ouder kiest, bijvoorbeeld '2 jaar'.")
    kind: str = Field(description="In een zin: 'je kind van 2 jaar'.")
    van_maanden: int = Field(ge=0, le=216)
    tot_maanden: int = Field(ge=1, le=216)


class Zorg(Strict):
    id: Slug
    label: str = Field(description="Wat de ouder kiest, bijvoorbeeld 'Praten'.")
    onderwerp: str = Field(description="In een zin: 'hulp bij praten en taal'.")
    uitleg: str = Field(description="Een voorbeeld in gewone woorden.")
    behoeften: list[Ondersteuningsbehoefte] = Field(min_length=1)


class Route(Strict):
    id: Slug
    rollen: list[RolId] = Field(min_length=1, description="De eerste rol krijgt de link.")
    wie: str
    wanneer: str = ""
    uitleg: str
    bronnen: list[BronVerwijzing] = Field(min_length=1)


class Instellingen(Strict):
    leeftijden: list[Leeftijdsgroep] = Field(min_length=1)
    zorgen: list[Zorg] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    betalers: dict[Financieringsbron, str]

    @field_validator("betalers")
    @classmethod
    def _every_source(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [f for f in typing.get_args(Financieringsbron) if f not in value]
        if missing:
            raise ValueError("zeg wie betaalt voor: " + ", ".join(missing))
        return value


class WegwijzerError(Exception):
    pass


def load(path: Path) -> Instellingen:
    """The fixed texts; an error names file, line and field like the data checker does."""
    try:
        doc = load_file(path, shown_path(path))
        return Instellingen.model_validate(doc.data)
    except LoadError as exc:
        raise WegwijzerError(exc.problem.with_hint()) from exc
    except ValidationError as exc:
        problems = [_translate(e, doc, Instellingen).with_hint() for e in exc.errors()]
        raise WegwijzerError("\n".join(problems)) from exc


@dataclass(frozen=True)
class Aanbod:
    """One service of one organisation in one gemeente, with what it inherits filled in."""

    organisatie: Entry
    dienst: Dienst
    leeftijd: Leeftijd | None
    behoeften: tuple[str, ...]
    toegang: Toegang | None
    kosten_voor_ouders: str
    betalers: tuple[str, ...]
    wijken: tuple[str, ...]
    bronnen: tuple[BronVerwijzing, ...]

    def for_age(self, groep: Leeftijdsgroep) -> bool:
        """An unknown age excludes nothing; the page says it is unknown."""
        a = self.leeftijd
        return a is None or (
            a.van_maanden < groep.tot_maanden and a.tot_maanden > groep.van_maanden
        )


@dataclass(frozen=True)
class Eerst:
    """A route in the answer: whom to talk to, and which listed services it leads to."""

    route: Route
    rol: str | None
    via: tuple[Aanbod, ...]


@dataclass(frozen=True)
class Antwoord:
    gemeente: Entry
    leeftijd: Leeftijdsgroep
    zorg: Zorg
    specifiek: tuple[Aanbod, ...]
    algemeen: tuple[Aanbod, ...]
    eerst: tuple[Eerst, ...]

    @property
    def aanbod(self) -> tuple[Aanbod, ...]:
        return self.specifiek + self.algemeen

    @property
    def kosten(self) -> list[tuple[str, list[Aanbod]]]:
        """The listed services grouped by what the page says they cost; unknown ('') last."""
        groups: dict[str, list[Aanbod]] = {}
        for a in self.aanbod:
            groups.setdefault(cost(a), []).append(a)
        return sorted(groups.items(), key=lambda item: not item[0])

    @property
    def bronnen(self) -> list[tuple[str, list[str]]]:
        """The sources of the listed services (the routes cite theirs where they stand)."""
        return by_source(b for a in self.aanbod for b in a.bronnen)


def cost(a: Aanbod) -> str:
    """What parents pay as a source says it, else who pays; '' when nothing is known."""
    if a.kosten_voor_ouders:
        return a.kosten_voor_ouders
    if a.betalers:
        return f"Betaald door {and_list(a.betalers)}. Of je zelf iets betaalt, is nog niet bekend."
    return ""


def and_list(items: Iterable[str]) -> str:
    """'a', 'b', 'c' → 'a, b en c'."""
    items = list(items)
    return " en ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def by_source(cited: Iterable[BronVerwijzing]) -> list[tuple[str, list[str]]]:
    """Each source once, with every place in it that is cited, in the order first cited."""
    places: dict[str, list[str]] = {}
    for b in cited:
        found = places.setdefault(b.bron, [])
        if b.vindplaats and b.vindplaats not in found:
            found.append(b.vindplaats)
    return list(places.items())


def offers(kb: Kennisbank, gemeente: str, settings: Instellingen) -> list[Aanbod]:
    """Every active service in ``gemeente`` (a service without werkgebied has its organisation's)."""
    found = []
    # Only organisations that name the gemeente (the back-links) can work there.
    for org in kb.linked_from("gemeenten", gemeente, "organisaties"):
        for dienst in org.record.diensten:
            area = [w for w in dienst.werkgebied or org.record.werkgebied if w.gemeente == gemeente]
            aanpak = kb.get("interventies", dienst.interventie) if dienst.interventie else None
            if not area or (aanpak and aanpak.status in INACTIVE):
                continue
            found.append(_offer(kb, org, dienst, aanpak, area, settings))
    return found


def _offer(
    kb: Kennisbank,
    org: Entry,
    dienst: Dienst,
    aanpak: Any,
    area: list[Werkgebied],
    settings: Instellingen,
) -> Aanbod:
    """A service inherits age, needs, access and parents' costs from the aanpak it carries out."""
    doelgroep = aanpak.doelgroep if aanpak else None
    names = {w.id: w.naam for w in kb.get("gemeenten", area[0].gemeente).wijken}
    wijken = [] if any(not w.wijken for w in area) else [i for w in area for i in w.wijken]
    if names and set(wijken) >= set(names):  # every wijk listed: the whole gemeente
        wijken = []
    words = list(dict.fromkeys(settings.betalers.values()))  # one order on every page
    money = dienst.financiering or (aanpak.financiering if aanpak else [])
    payers = {settings.betalers[f] for f in money}
    return Aanbod(
        organisatie=org,
        dienst=dienst,
        leeftijd=dienst.leeftijd or (doelgroep.leeftijd if doelgroep else None),
        behoeften=tuple(
            dienst.ondersteuningsbehoefte or (doelgroep.ondersteuningsbehoefte if doelgroep else [])
        ),
        toegang=dienst.toegang or (aanpak.toegang if aanpak else None),
        kosten_voor_ouders=dienst.kosten_voor_ouders
        or (aanpak.kosten_voor_ouders if aanpak else ""),
        betalers=tuple(sorted(payers, key=words.index)),
        wijken=tuple(names.get(w, w) for w in wijken),
        bronnen=tuple(dienst.bronnen or org.record.bronnen),
    )


def usable_routes(kb: Kennisbank, settings: Instellingen) -> list[Route]:
    """Routes whose every source is in the kennisbank: an unsourced route is not shown."""
    bronnen = kb.entries["bronnen"]
    return [r for r in settings.routes if all(b.bron in bronnen for b in r.bronnen)]


def answer(
    kb: Kennisbank,
    gemeente: Entry,
    groep: Leeftijdsgroep,
    zorg: Zorg,
    aanbod: Iterable[Aanbod],
    routes: list[Route],
) -> Antwoord:
    fitting = [a for a in aanbod if a.for_age(groep)]
    specifiek = tuple(a for a in fitting if set(a.behoeften) & set(zorg.behoeften))
    algemeen = tuple(
        a for a in fitting if GENERAL in a.behoeften and not set(a.behoeften) & set(zorg.behoeften)
    )
    listed = specifiek + algemeen
    eerst = [_route(kb, route, listed) for route in routes]
    # Most services reached through the route's roles first; ties keep the order of the file.
    eerst.sort(key=lambda e: -len(e.via))
    return Antwoord(gemeente, groep, zorg, specifiek, algemeen, tuple(eerst))


def _route(kb: Kennisbank, route: Route, listed: tuple[Aanbod, ...]) -> Eerst:
    via = tuple(a for a in listed if a.toegang and set(a.toegang.via_rollen) & set(route.rollen))
    rol = next((r for r in route.rollen if r in kb.entries["rollen"]), None)
    return Eerst(route, rol, via)


# --- pages ----------------------------------------------------------------------------


def pages(
    env: jinja2.Environment,
    kb: Kennisbank,
    templates: Path,
    edit_base: str,
    existing: set[str],
    memo: pagecache.Memo | None = None,
    share: tuple[float, float] = (0.0, 1.0),
) -> list[render.Page]:
    """Step 1 (gemeente), step 2 (age), step 3 (worry) and one answer page per combination.
    With ``memo``, a gemeente's pages are made again only when something they show changed.
    ``share`` (from, to) as fractions of the gemeenten: only their pages, so that two
    processes can each make a part (the start page belongs to the part from 0)."""
    settings_path = templates / SETTINGS
    settings = load(settings_path)
    source = shown_path(settings_path)
    routes = usable_routes(kb, settings)
    gemeenten = kb.all("gemeenten")
    context = {
        "instellingen": settings,
        "gemeenten": gemeenten,
        "kaart": _map_pages(existing, gemeenten),
    }
    out = [_page(env, "start.md.j2", f"{ROOT}/index.md", source, context)] if not share[0] else []
    memo = memo or pagecache.Memo(None)
    salt = pagecache.key(
        pagecache.code_key("wegwijzer", edit_base, settings_path.read_bytes()),
        [(g.id, g.record.naam) for g in gemeenten],
        sorted(context["kaart"].items()),
        entries=_route_entries(kb, routes),
    )
    first, last = (round(part * len(gemeenten)) for part in share)
    for gemeente in gemeenten[first:last]:
        out += memo.near(
            f"wegwijzer:{gemeente.id}",
            kb,
            gemeente,
            (salt,),
            lambda gemeente=gemeente: _gemeente_pages(
                env, kb, gemeente, context, settings, routes, source, edit_base
            ),
            reach=pagecache.area,
        )
    return out


def _route_entries(kb: Kennisbank, routes: list[Route]) -> list[Entry]:
    """The rollen and bronnen the routes name (their titles are on the answer pages)."""
    found = [
        kb.entries["rollen"][r]
        for route in routes
        for r in route.rollen
        if r in kb.entries["rollen"]
    ]
    return found + [kb.entries["bronnen"][b.bron] for route in routes for b in route.bronnen]


def _gemeente_pages(
    env: jinja2.Environment,
    kb: Kennisbank,
    gemeente: Entry,
    context: dict,
    settings: Instellingen,
    routes: list[Route],
    source: str,
    edit_base: str,
) -> list[render.Page]:
    out = []
    base = f"{ROOT}/{gemeente.id}"
    here = {**context, "gemeente": gemeente}
    out.append(_page(env, "gemeente.md.j2", f"{base}/index.md", source, here))
    aanbod = offers(kb, gemeente.id, settings)
    for groep in settings.leeftijden:
        step = {**here, "leeftijd": groep}
        out.append(_page(env, "leeftijd.md.j2", f"{base}/{groep.id}/index.md", source, step))
        for zorg in settings.zorgen:
            result = answer(kb, gemeente, groep, zorg, aanbod, routes)
            path = f"{base}/{groep.id}/{zorg.id}/index.md"
            report = _report_url(edit_base, gemeente, groep, zorg)
            extra = {"zorg": zorg, "a": result, "meld_url": report}
            out.append(_page(env, "antwoord.md.j2", path, None, {**step, **extra}))
    return out


def _report_url(edit_base: str, gemeente: Entry, groep: Leeftijdsgroep, zorg: Zorg) -> str:
    """A pre-filled issue for an editor who knows a service the answer misses."""
    naam = gemeente.record.naam
    return render.new_issue_url(
        edit_base,
        f"Wegwijzer: hulp ontbreekt in {naam} ({groep.label}, {zorg.label.lower()})",
        f"Wegwijzer: {naam}, {groep.label}, {zorg.label}\n\n"
        "Welke hulp ontbreekt? Welke organisatie biedt die?\n\nWat is de bron?\n",
    )


def _map_pages(existing: set[str], gemeenten: list[Entry]) -> dict[str, str]:
    """The sociale kaart page of each gemeente, where another part of the site made one."""
    found = {}
    for g in gemeenten:
        for path in (f"sociale-kaart/{g.id}.md", f"sociale-kaart/{g.id}/index.md"):
            if path in existing:
                found[g.id] = path
    return found


def relative(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder)`` for paths inside the site (no '.' or '..'
    parts): the same answer without asking the file system for the current directory,
    which the wegwijzer's tens of thousands of links would."""
    to, start = target.split("/"), folder.split("/") if folder else []
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def _page(
    env: jinja2.Environment, name: str, path: str, source: str | None, context: dict
) -> render.Page:
    here = posixpath.dirname(path)

    def naar(target: str) -> str:
        """A link from this page to ``target`` (a path like 'rollen/huisarts.md')."""
        return relative(target, here)

    template = env.get_template(f"wegwijzer/{name}")
    helpers = {"naar": naar, "pad": path, "per_bron": by_source, "en_lijst": and_list}
    markdown = template.render(**context, **helpers)
    return render.Page(path, render._tidy(markdown), source)
