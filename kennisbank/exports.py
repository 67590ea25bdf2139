"""Open data: the sociale kaart as Open Referral HSDS 3.0 JSON, CSV and GeoJSON.

Plain Python, no MkDocs: ``exports`` returns the files (site path and bytes); the
MkDocs hook adds them to the site and ``build.py export`` writes them to a directory.
The same kennisbank gives byte-identical files: identifiers are UUID v5 of the record
path, the order follows the ids, and nothing depends on the clock. A field the data
leaves empty is left out, never filled with a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import labels, pagecache
from .checker import Entry, Kennisbank
from .model import Adres, Dienst, Gemeente, Ligging, Organisatie, Werkgebied, Wijk
from .render import format_age, one_line

# Fixed for good: every exported identifier derives from it, so a new namespace
# would give every organization and service a new id for the people who link to them.
NAMESPACE = uuid.UUID("0c146b50-c24a-59ab-ad86-10ed647c2d8c")
_NAMESPACE_BYTES = NAMESPACE.bytes
HSDS_VERSION = "3.0"
DIR = "open-data"
HSDS_DIR = f"{DIR}/hsds"
CSV_PATH = f"{DIR}/sociale-kaart.csv"
GEOJSON_PATH = f"{DIR}/sociale-kaart.geojson"
LICENCE = {
    "name": "CC BY-SA 4.0",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
}
HSDS_ATTRIBUTION = (
    "Human Services Data Specification: an Open Referral resource (https://openreferral.org/)"
)
PRECISIONS = {
    "adres": ("Adres", "Het bezoekadres van de organisatie."),
    "wijk": ("Midden van de wijk", "Een punt midden in de wijk waar de dienst wordt gegeven."),
    "gemeente": (
        "Midden van de gemeente",
        "Een punt midden in de gemeente: de dienst heeft geen adres of punt in de wijk.",
    ),
}
ACCESS = {
    "vrij-toegankelijk": (
        "Vrij toegankelijk",
        "Ouders kunnen er zonder verwijzing of aanmelding door een professional terecht.",
    ),
    "via-professional": (
        "Via een professional",
        "Een professional signaleert, meldt aan of verwijst; ouders melden niet zelf aan.",
    ),
}
TAXONOMIES = {
    "ondersteuningsbehoefte": (
        "Ondersteuningsbehoefte",
        "Waarbij een dienst het jonge kind of het gezin helpt (Kennisbank Jonge Kind).",
    ),
    "toegang": ("Toegang", "Hoe een gezin de dienst krijgt (Kennisbank Jonge Kind)."),
    "aanpak": (
        "Aanpak",
        "De aanpak die een dienst uitvoert; elke aanpak heeft een pagina in de kennisbank.",
    ),
    "organisatiesoort": ("Soort organisatie", "Soort organisatie (Kennisbank Jonge Kind)."),
    "precisie-ligging": (
        "Precisie van de ligging",
        "Hoe precies het punt op de kaart is: adres, midden van de wijk of van de gemeente.",
    ),
}
CSV_COLUMNS = [
    "organisatie",
    "organisatie_id",
    "dienst",
    "dienst_id",
    "aanpak",
    "gemeenten",
    "wijken",
    "leeftijd",
    "leeftijd_van_maanden",
    "leeftijd_tot_maanden",
    "ondersteuningsbehoefte",
    "vrij_toegankelijk",
    "toegang",
    "financiering",
    "kosten_voor_ouders",
    "website",
    "telefoon",
    "email",
    "adres",
    "laatst_gecontroleerd",
    "pagina",
    "hsds_service_id",
]
_STATUS = {"beeindigd": "defunct", "voorstel": "inactive"}


@dataclass(frozen=True)
class ExportFile:
    path: str
    content: bytes


@dataclass(frozen=True)
class Point:
    """Where a dienst goes on the map, and how precise that is."""

    key: str
    precisie: str
    naam: str
    ligging: Ligging
    gemeente: str = ""
    wijken: tuple[str, ...] = ()
    plaats: str = ""


@dataclass
class _Context:
    kb: Kennisbank
    site_url: str
    changed: Mapping[str, dt.date]
    places: Places
    terms: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def exports(
    kb: Kennisbank,
    site_url: str = "",
    changed: Mapping[str, dt.date] | None = None,
    memo: pagecache.Memo | None = None,
) -> list[ExportFile]:
    """Every open-data file; ``changed`` maps a record's path to its last commit date (git).
    With ``memo``, an organisation whose record and neighbours did not change since it
    was kept is taken from it instead of being made again (``build`` keeps one)."""
    ctx = _Context(kb, site_url, changed or {}, Places(kb))
    ctx.terms = _terms(ctx)
    parts = _organizations(ctx, memo or pagecache.Memo(None))
    services = [service for part in parts for service in part.services]
    hsds = {
        "organizations.json": [part.organization for part in parts],
        "services.json": services,
        "taxonomies.json": [_json_item(_taxonomy(name)) for name in TAXONOMIES],
        "taxonomy_terms.json": [_json_item(term) for term in ctx.terms.values()],
    }
    files = [ExportFile(f"{HSDS_DIR}/{name}", _json_array(items)) for name, items in hsds.items()]
    counts = {name: len(items) for name, items in hsds.items()}
    files.append(ExportFile(f"{HSDS_DIR}/index.json", _json(_index(ctx, counts), indent=2)))
    files.append(ExportFile(CSV_PATH, _csv_header() + b"".join(part.csv for part in parts)))
    # A FeatureCollection (RFC 7946, WGS84 [lon, lat]): one point per dienst per place.
    features = [feature for part in parts for feature in part.features]
    collection = b'{"type":"FeatureCollection","features":' + _join(features) + b"}\n"
    files.append(ExportFile(GEOJSON_PATH, collection))
    return files


@dataclass(frozen=True)
class _Part:
    """One organisation's share of every file, serialised (UTF-8): a rebuild joins the kept
    parts instead of encoding 5,000 organisations again. The files' JSON is compact, so a
    list of items encoded one by one, joined with commas, is what encoding the list gives."""

    organization: bytes
    services: tuple[bytes, ...]
    csv: bytes
    features: tuple[bytes, ...]


def _organizations(ctx: _Context, memo: pagecache.Memo) -> list[_Part]:
    # An organisation's export shows itself and its neighbours (gemeenten, aanpakken),
    # plus the province of its address's place, looked up among all gemeenten.
    salt = pagecache.code_key("export", ctx.site_url, sorted(ctx.places.provinces.items()))
    return [
        memo.near(
            f"export:{entry.id}",
            ctx.kb,
            entry,
            (salt, ctx.changed.get(entry.path)),
            lambda entry=entry: _part(ctx, entry),
        )
        for entry in ctx.kb.all("organisaties")
    ]


def _part(ctx: _Context, entry: Entry) -> _Part:
    org = _organization(ctx, entry)
    rows = [
        _csv_row(ctx.kb, ctx.places, ctx.site_url, entry, dienst)
        for dienst in entry.record.diensten
    ]
    features = [
        _json_item(_feature(ctx.site_url, entry, dienst, point))
        for dienst in entry.record.diensten
        for point in ctx.places.points(entry, dienst)
    ]
    return _Part(
        _json_item(org),
        tuple(_json_item(service) for service in _standalone(org)),
        _csv_lines(rows).encode("utf-8"),
        tuple(features),
    )


def write(
    kb: Kennisbank, out: Path, site_url: str = "", changed: Mapping[str, dt.date] | None = None
) -> list[Path]:
    """Write every export into ``out`` as on the site under open-data/; returns the paths."""
    written = []
    for export in exports(kb, site_url, changed):
        path = out / export.path.removeprefix(f"{DIR}/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(export.content)
        written.append(path)
    return written


def site_url_from(config: Path) -> str:
    """``site_url`` of the MkDocs config, read as text (no MkDocs needed for an export)."""
    match = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else ""


def diensten(kb: Kennisbank) -> Iterator[tuple[Entry, Dienst]]:
    """Every dienst with its organisation, in a fixed order (organisation id, then file order)."""
    for entry in kb.all("organisaties"):
        for dienst in entry.record.diensten:
            yield entry, dienst


def werkgebied(org: Organisatie, dienst: Dienst) -> list[Werkgebied]:
    """A dienst without its own werkgebied works where its organisation works."""
    return list(dienst.werkgebied or org.werkgebied)


def page_url(site_url: str, type_: str, id_: str, anchor: str = "") -> str:
    return f"{site_url}{type_}/{id_}/" + (f"#{anchor}" if anchor else "")


def dienst_url(site_url: str, org_id: str, dienst: Dienst) -> str:
    return page_url(site_url, "organisaties", org_id, f"dienst-{dienst.id}")


class Places:
    """Where diensten are: their points and areas, with the lookups built once per export."""

    def __init__(self, kb: Kennisbank) -> None:
        self.gemeenten: dict[str, Gemeente] = {e.id: e.record for e in kb.all("gemeenten")}
        self.wijken: dict[str, dict[str, Wijk]] = {
            id_: {w.id: w for w in g.wijken} for id_, g in self.gemeenten.items()
        }
        self.provinces = {g.naam.casefold(): g.provincie for g in self.gemeenten.values()}
        self._points: dict[tuple[str, str], list[Point]] = {}

    def points(self, entry: Entry, dienst: Dienst) -> list[Point]:
        key = (entry.id, dienst.id)
        if key not in self._points:
            self._points[key] = self._find(entry.record, dienst)
        return self._points[key]

    def _find(self, org: Organisatie, dienst: Dienst) -> list[Point]:
        """The most precise points known: the address, else per wijk, else the gemeente.

        The address counts for a gemeente of the werkgebied it lies in (the same rule as
        the sociale kaart's map). Wijken without a point of their own fall back to their
        gemeente's point, once per gemeente, which then lists those wijken (none: the
        whole gemeente). A gemeente without a point gives none.
        """
        address = _address_point(org)
        areas = werkgebied(org, dienst)
        if address and not areas:
            return [address]
        found: dict[str, Point] = {}
        whole: set[str] = set()
        for area in areas:
            gemeente = self.gemeenten[area.gemeente]
            if address and _address_in(org, address.plaats, area.gemeente, gemeente):
                found.setdefault(address.key, replace(address, gemeente=gemeente.naam))
                continue
            key = f"gemeente/{area.gemeente}"
            for wijk in (self.wijken[area.gemeente][w] for w in area.wijken):
                if wijk.ligging:
                    wkey = f"{key}/wijk/{wijk.id}"
                    naam = f"{wijk.naam}, {gemeente.naam}"
                    found[wkey] = Point(
                        wkey, "wijk", naam, wijk.ligging, gemeente.naam, (wijk.naam,)
                    )
                elif gemeente.ligging:
                    known = found.get(key) or _gemeente_point(key, gemeente, gemeente.ligging)
                    found[key] = replace(known, wijken=(*known.wijken, wijk.naam))
            if not area.wijken and gemeente.ligging:
                whole.add(key)
                found[key] = _gemeente_point(key, gemeente, gemeente.ligging)
        return [replace(p, wijken=()) if p.key in whole else p for p in found.values()]

    def wijk_names(self, areas: list[Werkgebied]) -> list[str]:
        return [self.wijken[a.gemeente][w].naam for a in areas for w in a.wijken]


def _address_point(org: Organisatie) -> Point | None:
    adres = org.contact.adres
    if adres is None or adres.ligging is None:
        return None
    return Point(
        "adres", "adres", address_line(adres) or org.naam, adres.ligging, plaats=adres.plaats
    )


def _address_in(org: Organisatie, plaats: str, gemeente_id: str, gemeente: Gemeente) -> bool:
    """As far as the data tells: the city is the gemeente, or the organisation works only there."""
    if plaats.strip().casefold() == gemeente.naam.casefold():
        return True
    return {w.gemeente for w in org.werkgebied} == {gemeente_id}


def _gemeente_point(key: str, gemeente: Gemeente, ligging: Ligging) -> Point:
    return Point(key, "gemeente", gemeente.naam, ligging, gemeente.naam)


def address_line(adres: Adres) -> str:
    place = " ".join(part for part in (adres.postcode, adres.plaats) if part)
    return ", ".join(part for part in (adres.straat, place) if part)


# --- HSDS 3.0 --------------------------------------------------------------------------


def _id(*parts: str) -> str:
    """uuid.uuid5(NAMESPACE, "/".join(parts)) as text, without building UUID objects (2x faster)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the data leaves empty: HSDS fields are optional unless required."""
    return {k: v for k, v in obj.items() if v not in ("", None, [], {})}


def _organization(ctx: _Context, entry: Entry) -> dict[str, Any]:
    org: Organisatie = entry.record
    path = f"organisaties/{entry.id}"
    org_id = _id(path)
    phones = []
    if org.contact.telefoon:
        phones.append(
            {"id": _id(path, "telefoon"), "organization_id": org_id, "number": org.contact.telefoon}
        )
    services = [_service(ctx, entry, dienst) for dienst in org.diensten]
    return _compact(
        {
            "id": org_id,
            "name": org.naam,
            "description": one_line(org.samenvatting),
            "email": org.contact.email,
            "website": org.contact.website,
            "phones": phones,
            "locations": _org_locations(ctx, entry),
            "attributes": [
                _attribute(ctx, path, org_id, "organization", "organisatiesoort", org.soort)
            ],
            "services": services,
        }
    )


def _service(ctx: _Context, entry: Entry, dienst: Dienst) -> dict[str, Any]:
    org: Organisatie = entry.record
    path = f"organisaties/{entry.id}/diensten/{dienst.id}"
    service_id = _id(path)
    leeftijd = dienst.leeftijd
    changed = ctx.changed.get(entry.path)
    return _compact(
        {
            "id": service_id,
            "organization_id": _id(f"organisaties/{entry.id}"),
            "name": dienst.naam,
            "description": one_line(dienst.omschrijving),
            "status": _status(ctx.kb, dienst),
            "application_process": one_line(dienst.toegang.toelichting) if dienst.toegang else "",
            "fees_description": one_line(dienst.kosten_voor_ouders),
            "eligibility_description": _eligibility(dienst),
            "minimum_age": _years(leeftijd.van_maanden) if leeftijd else None,
            "maximum_age": _maximum_age(leeftijd.tot_maanden) if leeftijd else None,
            "assured_date": org.laatst_gecontroleerd.isoformat(),
            "last_modified": f"{changed.isoformat()}T00:00:00Z" if changed else "",
            "service_areas": _service_areas(ctx.places, path, service_id, org, dienst),
            "service_at_locations": _service_at_locations(ctx, entry, dienst, path, service_id),
            "funding": [
                {
                    "id": _id(path, "financiering", f),
                    "service_id": service_id,
                    "source": labels.FINANCIERING[f],
                }
                for f in dienst.financiering
            ],
            "attributes": _service_attributes(ctx, path, service_id, dienst),
        }
    )


def _standalone(org: dict[str, Any]) -> list[dict[str, Any]]:
    """The services on their own (services.json): each with its organisation and full locations."""
    locations = {loc["id"]: loc for loc in org.get("locations", [])}
    summary = {k: v for k, v in org.items() if k not in ("services", "locations")}
    result = []
    for service in org.get("services", []):
        links = [
            {**link, "location": locations[link["location_id"]]}
            for link in service.get("service_at_locations", [])
        ]
        standalone = {**service, "organization": summary}
        if links:
            standalone["service_at_locations"] = links
        result.append(standalone)
    return result


def _status(kb: Kennisbank, dienst: Dienst) -> str:
    if dienst.interventie is None:
        return "active"
    return _STATUS.get(kb.get("interventies", dienst.interventie).status, "active")


def _years(months: int) -> int | float:
    return months // 12 if months % 12 == 0 else round(months / 12, 2)


def _maximum_age(tot_maanden: int) -> int | float:
    """HSDS counts whole years and includes the maximum: 'tot 4 jaar' (48 months) is 3.

    A limit that is not a whole year stays a fraction ('tot 30 maanden' is 2.5); the
    exact limits in months are in the eligibility description and the CSV.
    """
    return tot_maanden // 12 - 1 if tot_maanden % 12 == 0 else round(tot_maanden / 12, 2)


def _eligibility(dienst: Dienst) -> str:
    if dienst.leeftijd is None:
        return ""
    age = dienst.leeftijd
    return (
        f"Kinderen van {format_age(age)} "
        f"(vanaf {age.van_maanden} tot {age.tot_maanden} maanden, de bovengrens niet meegerekend)."
    )


def _area_name(gemeente: Gemeente, wijk: str | None) -> str:
    return f"{wijk} ({gemeente.naam})" if wijk else gemeente.naam


def _service_areas(
    places: Places, path: str, service_id: str, org: Organisatie, dienst: Dienst
) -> list[dict[str, Any]]:
    areas = []
    for area in werkgebied(org, dienst):
        gemeente = places.gemeenten[area.gemeente]
        names = {w: places.wijken[area.gemeente][w].naam for w in area.wijken}
        if not area.wijken:
            areas.append(
                (f"werkgebied/{area.gemeente}", gemeente.naam, f"De hele gemeente {gemeente.naam}.")
            )
        for wijk in area.wijken:
            areas.append(
                (
                    f"werkgebied/{area.gemeente}/{wijk}",
                    _area_name(gemeente, names[wijk]),
                    f"De wijk {names[wijk]} in de gemeente {gemeente.naam}.",
                )
            )
    return [
        {"id": _id(path, key), "service_id": service_id, "name": name, "description": text}
        for key, name, text in areas
    ]


def _location(ctx: _Context, org_path: str, point: Point) -> dict[str, Any]:
    location_id = _id(org_path, "locaties", point.key)
    description = " ".join(filter(None, [PRECISIONS[point.precisie][1], point.ligging.toelichting]))
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": _id(org_path),
            "name": point.naam,
            "description": description,
            "latitude": point.ligging.breedtegraad,
            "longitude": point.ligging.lengtegraad,
            "attributes": [
                _attribute(
                    ctx,
                    f"{org_path}/locaties/{point.key}",
                    location_id,
                    "location",
                    "precisie-ligging",
                    point.precisie,
                )
            ],
        }
    )


def _org_locations(ctx: _Context, entry: Entry) -> list[dict[str, Any]]:
    """The address (with or without a point), then every area point its diensten use."""
    org: Organisatie = entry.record
    path = f"organisaties/{entry.id}"
    found: dict[str, dict[str, Any]] = {}
    if org.contact.adres:
        found["adres"] = _address_location(ctx, path, org, org.contact.adres)
    for dienst in org.diensten:
        for point in ctx.places.points(entry, dienst):
            if point.key not in found:
                found[point.key] = _location(ctx, path, point)
    return list(found.values())


def _address_location(
    ctx: _Context, org_path: str, org: Organisatie, adres: Adres
) -> dict[str, Any]:
    point = _address_point(org)
    location = (
        _location(ctx, org_path, point)
        if point
        else {
            "id": _id(org_path, "locaties", "adres"),
            "location_type": "physical",
            "organization_id": _id(org_path),
            "name": address_line(adres) or org.naam,
            "description": PRECISIONS["adres"][1],
        }
    )
    return _compact(
        {**location, "addresses": _addresses(ctx.places, org_path, location["id"], adres)}
    )


def _addresses(
    places: Places, org_path: str, location_id: str, adres: Adres
) -> list[dict[str, Any]]:
    """HSDS requires street, city, province and postcode: an incomplete address is left out.

    Dutch addresses carry no province; it comes from the gemeente of that name, else stays empty.
    """
    if not (adres.straat and adres.postcode and adres.plaats):
        return []
    return [
        {
            "id": _id(org_path, "adres"),
            "location_id": location_id,
            "address_1": adres.straat,
            "city": adres.plaats,
            "state_province": places.provinces.get(adres.plaats.casefold(), ""),
            "postal_code": adres.postcode,
            "country": "NL",
            "address_type": "physical",
        }
    ]


def _service_at_locations(
    ctx: _Context, entry: Entry, dienst: Dienst, path: str, service_id: str
) -> list[dict[str, Any]]:
    org_path = f"organisaties/{entry.id}"
    return [
        {
            "id": _id(path, "locaties", point.key),
            "service_id": service_id,
            "location_id": _id(org_path, "locaties", point.key),
        }
        for point in ctx.places.points(entry, dienst)
    ]


def _service_attributes(
    ctx: _Context, path: str, service_id: str, dienst: Dienst
) -> list[dict[str, Any]]:
    pairs = [("ondersteuningsbehoefte", b) for b in dienst.ondersteuningsbehoefte]
    if dienst.toegang:
        pairs.append(
            (
                "toegang",
                "vrij-toegankelijk" if dienst.toegang.vrij_toegankelijk else "via-professional",
            )
        )
    if dienst.interventie:
        pairs.append(("aanpak", dienst.interventie))
    return [
        _attribute(ctx, path, service_id, "service", taxonomy, code) for taxonomy, code in pairs
    ]


def _attribute(
    ctx: _Context, path: str, link_id: str, entity: str, taxonomy: str, code: str
) -> dict[str, Any]:
    term = ctx.terms[(taxonomy, code)]
    return {
        "id": _id(path, "kenmerken", taxonomy, code),
        "link_id": link_id,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _taxonomy(name: str) -> dict[str, Any]:
    title, description = TAXONOMIES[name]
    return {"id": _id("taxonomieen", name), "name": title, "description": description}


def _terms(ctx: _Context) -> dict[tuple[str, str], dict[str, Any]]:
    """Every term of the kennisbank's own taxonomies (their codes are the model's values)."""
    behoeften = {
        code: (label[:1].upper() + label[1:], f"Helpt bij {label}.")
        for code, label in labels.BEHOEFTEN.items()
    }
    soorten = {
        code: (label, f"Soort organisatie: {label}.")
        for code, label in labels.ORGANISATIESOORTEN.items()
    }
    aanpakken = {
        e.id: (e.record.naam, one_line(e.record.samenvatting)) for e in ctx.kb.all("interventies")
    }
    sets: dict[str, Mapping[str, tuple[str, str]]] = {
        "ondersteuningsbehoefte": behoeften,
        "toegang": ACCESS,
        "aanpak": aanpakken,
        "organisatiesoort": soorten,
        "precisie-ligging": PRECISIONS,
    }
    terms = {}
    for taxonomy, values in sets.items():
        for code, (name, description) in values.items():
            uri = (
                page_url(ctx.site_url, "interventies", code)
                if taxonomy == "aanpak" and ctx.site_url
                else ""
            )
            terms[(taxonomy, code)] = _compact(
                {
                    "id": _id("taxonomieen", taxonomy, code),
                    "code": code,
                    "name": name,
                    "description": description,
                    "taxonomy": TAXONOMIES[taxonomy][0],
                    "taxonomy_id": _id("taxonomieen", taxonomy),
                    "language": "nl",
                    "term_uri": uri,
                }
            )
    return terms


def _index(ctx: _Context, counts: Mapping[str, int]) -> dict[str, Any]:
    """What the download holds, like the root of an HSDS API plus a list of the files."""
    described = {
        "organizations.json": (
            "organization",
            "Organisaties met hun diensten, locaties en kenmerken.",
        ),
        "services.json": ("service", "Diensten, elk met de organisatie en de locaties."),
        "taxonomies.json": ("taxonomy", "De indelingen van de kenmerken."),
        "taxonomy_terms.json": ("taxonomy_term", "De waarden van die indelingen."),
    }
    return _compact(
        {
            "version": HSDS_VERSION,
            "title": "Kennisbank Jonge Kind: sociale kaart",
            "description": "Organisaties en diensten voor jonge kinderen (0-4 jaar) die extra ondersteuning nodig hebben, volgens de Human Services Data Specification 3.0.",
            "site": ctx.site_url,
            "license": LICENCE,
            "attribution": HSDS_ATTRIBUTION,
            "language": "nl",
            "files": [
                {"path": name, "hsds_object": obj, "description": text, "count": counts[name]}
                for name, (obj, text) in described.items()
            ],
        }
    )


# --- CSV and GeoJSON ----------------------------------------------------------------------


def csv_rows(
    kb: Kennisbank, site_url: str = "", places: Places | None = None
) -> list[dict[str, str]]:
    """One row per dienst, with Dutch labels, for people with a spreadsheet."""
    places = places or Places(kb)
    return [_csv_row(kb, places, site_url, entry, dienst) for entry, dienst in diensten(kb)]


def _csv_row(
    kb: Kennisbank, places: Places, site_url: str, entry: Entry, dienst: Dienst
) -> dict[str, str]:
    org: Organisatie = entry.record
    areas = werkgebied(org, dienst)
    age, toegang = dienst.leeftijd, dienst.toegang
    return {
        "organisatie": org.naam,
        "organisatie_id": entry.id,
        "dienst": dienst.naam,
        "dienst_id": dienst.id,
        "aanpak": kb.get("interventies", dienst.interventie).naam if dienst.interventie else "",
        "gemeenten": ", ".join(places.gemeenten[a.gemeente].naam for a in areas),
        "wijken": ", ".join(places.wijk_names(areas)),
        "leeftijd": format_age(age) if age else "",
        "leeftijd_van_maanden": str(age.van_maanden) if age else "",
        "leeftijd_tot_maanden": str(age.tot_maanden) if age else "",
        "ondersteuningsbehoefte": ", ".join(
            labels.BEHOEFTEN[b] for b in dienst.ondersteuningsbehoefte
        ),
        "vrij_toegankelijk": ("ja" if toegang.vrij_toegankelijk else "nee") if toegang else "",
        "toegang": one_line(toegang.toelichting) if toegang else "",
        "financiering": ", ".join(labels.FINANCIERING[f] for f in dienst.financiering),
        "kosten_voor_ouders": one_line(dienst.kosten_voor_ouders),
        "website": org.contact.website,
        "telefoon": org.contact.telefoon,
        "email": org.contact.email,
        "adres": address_line(org.contact.adres) if org.contact.adres else "",
        "laatst_gecontroleerd": org.laatst_gecontroleerd.isoformat(),
        "pagina": dienst_url(site_url, entry.id, dienst),
        "hsds_service_id": _id(f"organisaties/{entry.id}/diensten/{dienst.id}"),
    }


def _csv(rows: list[dict[str, str]]) -> bytes:
    """Semicolons and a byte-order mark: Dutch Excel opens it in columns, with ë and € intact."""
    return _csv_text(_csv_lines(rows))


def _csv_text(lines: str) -> bytes:
    return _csv_header() + lines.encode("utf-8")


def _csv_header() -> bytes:
    """The byte order mark (spreadsheets read the file as UTF-8) and the column names."""
    buffer = io.StringIO(newline="")
    _csv_writer(buffer).writeheader()
    return buffer.getvalue().encode("utf-8-sig")


def _csv_lines(rows: list[dict[str, str]]) -> str:
    """The rows without the header (a writer keeps no state from one row to the next)."""
    buffer = io.StringIO(newline="")
    _csv_writer(buffer).writerows({k: _no_formula(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _csv_writer(buffer: io.StringIO) -> csv.DictWriter:
    return csv.DictWriter(buffer, CSV_COLUMNS, delimiter=";", lineterminator="\r\n")


# A cell that starts with one of these is a formula to Excel and LibreOffice
# (CSV injection): an editor's text must never run as one in a reader's spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _no_formula(value: str) -> str:
    """Text that would start a formula gets a leading apostrophe, as OWASP advises."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _feature(site_url: str, entry: Entry, dienst: Dienst, point: Point) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{entry.id}/{dienst.id}/{point.key}",
        "geometry": {
            "type": "Point",
            "coordinates": [point.ligging.lengtegraad, point.ligging.breedtegraad],
        },
        "properties": {
            "dienst": dienst.naam,
            "dienst_id": dienst.id,
            "organisatie": entry.record.naam,
            "organisatie_id": entry.id,
            "precisie": point.precisie,
            "plaats": point.naam,
            "gemeente": point.gemeente,
            "wijken": list(point.wijken),
            "toelichting": point.ligging.toelichting,
            "pagina": dienst_url(site_url, entry.id, dienst),
            "hsds_service_id": _id(f"organisaties/{entry.id}/diensten/{dienst.id}"),
        },
    }


def _json_text(data: Any) -> str:
    """One item as the files hold it: compact (see ``_json``)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json_item(data: Any) -> bytes:
    return _json_text(data).encode("utf-8")


def _join(items: list[bytes]) -> bytes:
    return b"[" + b",".join(items) + b"]"


def _json_array(items: list[bytes]) -> bytes:
    """A file holding a list: ``_json`` of the list, made of its items' ``_json_item``."""
    return _join(items) + b"\n"


def _json(data: Any, indent: int | None = None) -> bytes:
    """Compact by default: Python's fast C encoder only runs without indent, and at national
    scale (5000 organisations) indenting makes the export several times slower and larger."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return (text + "\n").encode("utf-8")
