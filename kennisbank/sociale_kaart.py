"""The sociale kaart: which diensten work in a gemeente, and the facts its filters and map use.

Plain Python, no templates and no MkDocs: ``render`` turns these views into pages.
Every value here comes from the data; what the data does not say is "onbekend",
never a guess.
"""

from __future__ import annotations

import posixpath
import re
import sys
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import pagecache, render
from .checker import Entry, Kennisbank
from .model import Dienst, Gemeente, Ligging, Organisatie, Werkgebied

# Ages a parent picks for the child, as month ranges [from, to); the last one is open-ended.
AGE_CHOICES = (
    (0, 12, "Jonger dan 1 jaar"),
    (12, 24, "1 jaar"),
    (24, 36, "2 jaar"),
    (36, 48, "3 jaar"),
    (48, 60, "4 jaar"),
    (60, 72, "5 jaar"),
    (72, 84, "6 jaar"),
    (84, 217, "7 jaar of ouder"),
)
ACCESS = {
    "zelf": "Zelf naartoe of zelf aanmelden",
    "verwijzing": "Via een verwijzing of aanmelding",
    "onbekend": "Niet bekend",
}
COSTS = {
    "gratis": "Gratis",
    "met-kosten": "Met kosten voor ouders",
    "onbekend": "Niet bekend",
}
# kosten_voor_ouders texts that say the service is free.
_FREE = re.compile(r"^\s*(gratis|kosteloos|geen kosten|geen eigen bijdrage)\b", re.IGNORECASE)
# Financing that means parents pay part themselves.
_PAID_BY_PARENTS = {"ouderbijdrage", "kinderopvangtoeslag"}


@dataclass(frozen=True)
class Punt:
    """A place on the map and how precise it is, in words for the visitor."""

    id: str
    breedtegraad: float
    lengtegraad: float
    precisie: str
    label: str


@dataclass(frozen=True)
class KaartDienst:
    """One dienst of one organisation, as a card on the sociale kaart."""

    key: str
    organisatie: Entry
    dienst: Dienst
    werkgebied: list[Werkgebied]

    @property
    def org(self) -> Organisatie:
        return self.organisatie.record


def key(org_id: str, dienst_id: str) -> str:
    """A dienst's id across the site: ids are slugs, which never contain '--'."""
    return f"{org_id}--{dienst_id}"


def werkgebied(org: Organisatie, dienst: Dienst) -> list[Werkgebied]:
    """A dienst without its own werkgebied works where its organisation works."""
    return list(dienst.werkgebied or org.werkgebied)


def all_diensten(kb: Kennisbank) -> list[KaartDienst]:
    """Every dienst, ordered by organisation name and then as the organisation lists them."""
    result = []
    for entry in sorted(kb.all("organisaties"), key=lambda e: e.record.naam.casefold()):
        for dienst in entry.record.diensten:
            area = werkgebied(entry.record, dienst)
            result.append(KaartDienst(key(entry.id, dienst.id), entry, dienst, area))
    return result


def diensten_in(kb: Kennisbank, gemeente_id: str) -> list[KaartDienst]:
    """The diensten in one gemeente, in the order of ``all_diensten``. Only organisations that
    name the gemeente can have one (the back-links): not every dienst for every gemeente."""
    orgs = kb.linked_from("gemeenten", gemeente_id, "organisaties")
    result = []
    for entry in sorted(orgs, key=lambda e: e.record.naam.casefold()):
        for dienst in entry.record.diensten:
            area = werkgebied(entry.record, dienst)
            if any(w.gemeente == gemeente_id for w in area):
                result.append(KaartDienst(key(entry.id, dienst.id), entry, dienst, area))
    return result


def without_area(kb: Kennisbank) -> list[KaartDienst]:
    """Diensten whose werkgebied nobody filled in: they are on no gemeente's kaart."""
    return [d for d in all_diensten(kb) if not d.werkgebied]


def wijken(item: KaartDienst, gemeente: Gemeente, gemeente_id: str) -> list[str]:
    """The wijk ids the dienst works in within the gemeente; empty means the whole gemeente."""
    entries = [w for w in item.werkgebied if w.gemeente == gemeente_id]
    if any(not w.wijken for w in entries):
        return []
    found = {wijk for w in entries for wijk in w.wijken}
    return [w.id for w in gemeente.wijken if w.id in found]


def access(dienst: Dienst) -> str:
    if dienst.toegang is None:
        return "onbekend"
    return "zelf" if dienst.toegang.vrij_toegankelijk else "verwijzing"


def costs(dienst: Dienst) -> str:
    """gratis / met-kosten only when the data says so; everything else is onbekend."""
    text = dienst.kosten_voor_ouders.strip()
    if text and _FREE.match(text):
        return "gratis"
    if text or _PAID_BY_PARENTS & set(dienst.financiering):
        return "met-kosten"
    return "onbekend"


def age_range(dienst: Dienst) -> str:
    """'24-48' (months, end excluded) for the filter; empty when the age is unknown."""
    if dienst.leeftijd is None:
        return ""
    return f"{dienst.leeftijd.van_maanden}-{dienst.leeftijd.tot_maanden}"


@dataclass(frozen=True)
class Opties:
    """The filter values that occur among a gemeente's diensten (a filter offers only those)."""

    wijken: set[str]
    behoeften: set[str]
    toegang: set[str]
    kosten: set[str]


def options(items: list[KaartDienst], gemeente: Gemeente, gemeente_id: str) -> Opties:
    return Opties(
        wijken={w for item in items for w in wijken(item, gemeente, gemeente_id)},
        behoeften={b for item in items for b in item.dienst.ondersteuningsbehoefte},
        toegang={access(item.dienst) for item in items},
        kosten={costs(item.dienst) for item in items},
    )


def role_name(naam: str) -> str:
    """'Jeugdverpleegkundige (GGD / JGZ)' → 'jeugdverpleegkundige': short, for a sentence."""
    short = naam.split(" (", 1)[0].strip()
    first = short.split()[0] if short else ""
    return short[:1].lower() + short[1:] if first[1:].islower() else short


class Kaart:
    """The map points of one gemeente's page, shared by diensten at the same place."""

    def __init__(self, kb: Kennisbank, gemeente_id: str) -> None:
        self.kb = kb
        self.gemeente_id = gemeente_id
        self.gemeente: Gemeente = kb.get("gemeenten", gemeente_id)
        self._points: dict[tuple, Punt] = {}

    @property
    def punten(self) -> list[Punt]:
        return list(self._points.values())

    def points_of(self, item: KaartDienst) -> list[Punt]:
        """The most precise places the data has: address, else wijk centres, else gemeente centre."""
        adres = item.org.contact.adres
        if adres and adres.ligging and self._address_here(item, adres.plaats):
            label = ", ".join(p for p in (adres.straat, adres.plaats) if p)
            where = f"adres van {item.org.naam}" + (f": {label}" if label else "")
            return [self._point(("adres", item.organisatie.id), adres.ligging, "adres", where)]
        points = []
        names = {w.id: w for w in self.gemeente.wijken}
        for wijk_id in wijken(item, self.gemeente, self.gemeente_id):
            wijk = names[wijk_id]
            if wijk.ligging:
                where = f"midden van de wijk {wijk.naam} (geen adres bekend)"
                points.append(self._point(("wijk", wijk_id), wijk.ligging, "wijk", where))
            else:
                points.append(self._centre())
        if not points:
            points.append(self._centre())
        return list(dict.fromkeys(p for p in points if p is not None))

    def _address_here(self, item: KaartDienst, plaats: str) -> bool:
        """An address counts for this gemeente's map if it lies there, as far as the data tells."""
        if plaats.strip().casefold() == self.gemeente.naam.casefold():
            return True
        return {w.gemeente for w in item.org.werkgebied} == {self.gemeente_id}

    def _centre(self) -> Punt | None:
        if self.gemeente.ligging is None:
            return None
        where = f"midden van de gemeente {self.gemeente.naam} (geen adres bekend)"
        return self._point(("gemeente",), self.gemeente.ligging, "gemeente", where)

    def _point(self, ident: tuple, ligging: Ligging, precisie: str, label: str) -> Punt:
        if ident not in self._points:
            self._points[ident] = Punt(
                f"p{len(self._points) + 1}",
                ligging.breedtegraad,
                ligging.lengtegraad,
                precisie,
                label,
            )
        return self._points[ident]


# --- Pages -------------------------------------------------------------------

ROOT = "sociale-kaart"
LIST_PAGE = f"{ROOT}/mijn-lijstje.md"
SCRIPTS = ("assets/js/lijstje.js", "assets/js/sociale-kaart.js")


def paths(kb: Kennisbank) -> list[str]:
    """The paths ``pages`` makes, without making them (render.generate checks they agree)."""
    return [f"{ROOT}/index.md", *(f"{ROOT}/{e.id}.md" for e in kb.all("gemeenten")), LIST_PAGE]


def pages(
    env: jinja2.Environment, kb: Kennisbank, memo: pagecache.Memo | None = None
) -> list[render.Page]:
    """The chooser, one page per gemeente and the shortlist page. With ``memo``, a
    gemeente's page is made again only when something it shows changed."""
    env = _page_environment(env)
    memo = memo or pagecache.Memo(None)
    salt = pagecache.code_key("sociale-kaart")
    gemeenten = kb.all("gemeenten")
    per_gemeente = {g.id: diensten_in(kb, g.id) for g in gemeenten}
    result = [
        _page(
            env,
            ["sociale-kaart/index.md.j2"],
            f"{ROOT}/index.md",
            gemeenten=gemeenten,
            per_gemeente=per_gemeente,
            zonder_werkgebied=without_area(kb),
        )
    ]
    for entry in gemeenten:
        result.append(
            memo.near(
                f"sociale-kaart:{entry.id}",
                kb,
                entry,
                (salt,),
                lambda entry=entry: _gemeente_page(env, kb, entry, per_gemeente[entry.id]),
                reach=pagecache.area,
            )
        )
    # The list page shows no cards of its own (lijstje.js fetches them from the gemeente
    # pages), so it stays the same size whatever the number of diensten.
    kaart_folder = asset_url(LIST_PAGE, ROOT) + "/"
    result.append(_page(env, ["sociale-kaart/mijn-lijstje.md.j2"], LIST_PAGE, basis=kaart_folder))
    return result


def _gemeente_page(
    env: jinja2.Environment, kb: Kennisbank, entry: Entry, diensten: list[KaartDienst]
) -> render.Page:
    kaart = Kaart(kb, entry.id)
    for item in diensten:
        kaart.points_of(item)
    return _page(
        env,
        [f"sociale-kaart/{entry.id}.md.j2", "sociale-kaart/gemeente.md.j2"],
        f"{ROOT}/{entry.id}.md",
        entry=entry,
        g=entry.record,
        diensten=diensten,
        kaart=kaart,
    )


def _page(env: jinja2.Environment, names: list[str], path: str, **context: Any) -> render.Page:
    scripts = [asset_url(path, script) for script in SCRIPTS]
    markdown = env.select_template(names).render(page_path=path, scripts=scripts, **context)
    return render.Page(path, render._tidy(markdown), None)


def asset_url(page_path: str, asset: str) -> str:
    """Relative URL of a site file from a generated page, with MkDocs' directory URLs.

    Raw HTML (a ``<script src>``) is not rewritten by the site engine, so the page
    names the file relative to its own address: ``a/b.md`` is served as ``a/b/``.
    """
    folder, name = posixpath.split(page_path.removesuffix(".md"))
    if name != "index":
        folder = posixpath.join(folder, name)
    return posixpath.relpath(asset, folder or ".")


def _page_environment(env: jinja2.Environment) -> jinja2.Environment:
    page_env = env.overlay()
    page_env.filters = {**env.filters, "html": html_only}
    page_env.globals = {**env.globals, "sk": sys.modules[__name__], "lijst": LIST_PAGE}
    return page_env


def html_only(value: Any) -> Markup:
    """Escape for raw HTML (attributes, form labels), where Markdown is not parsed."""
    return Markup(escape(str(value)))
