"""Open data: HSDS 3.0 JSON validated against Open Referral's schemas, CSV and GeoJSON."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012

from kennisbank import exports
from kennisbank.checker import Kennisbank, check
from kennisbank.history import last_changed
from tests.conftest import ROOT, VALID

# Open Referral's HSDS 3.0 schemas (CC BY-SA 4.0), beside the checkout as in CI.
HSDS = ROOT.parent / "shared" / "hsds-3.0"
SITE_URL = "https://kennisbank-jonge-kind.nl/"
NL_LON, NL_LAT = (3.3, 7.3), (50.7, 53.6)


# --- the validator ---------------------------------------------------------------------
# The schemas declare no $schema; HSDS 3.0's openapi.json is OpenAPI 3.1, whose schema
# dialect is JSON Schema 2020-12. Formats are checked (uuid, email, date, plus uri and
# date-time below, which jsonschema leaves unchecked without extra packages), and so is
# the schemas' own `datapackage_type` (date, datetime, time), which JSON Schema ignores.

_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
_TIME = re.compile(r"\d\d:\d\d(:\d\d)?([Zz]|[+-]\d\d:\d\d)?")


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d\d-\d\d", value) is not None


def _is_date_time(value: str) -> bool:
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return False
    return True


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    scheme_ok = re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme or "") is not None
    needs_host = parts.scheme in ("http", "https")
    return scheme_ok and not re.search(r"\s", value) and (parts.netloc != "" or not needs_host)


FORMATS = FormatChecker()
if "uri" not in FORMATS.checkers:
    FORMATS.checks("uri")(_is_uri)
if "date-time" not in FORMATS.checkers:
    FORMATS.checks("date-time")(_is_date_time)

_DATAPACKAGE_TYPES = {"date": _is_date, "datetime": _is_date_time, "time": _TIME.fullmatch}


def _datapackage_type(
    validator: Any, kind: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    check_ = _DATAPACKAGE_TYPES.get(kind)
    if isinstance(instance, str) and check_ and not check_(instance):
        yield ValidationError(f"{instance!r} is not a valid {kind} (datapackage_type)")


HSDSValidator = validators.extend(Draft202012Validator, {"datapackage_type": _datapackage_type})


def _refuse(uri: str) -> Resource:
    """No schema comes from the network: a reference outside ../shared/hsds-3.0 fails."""
    raise NoSuchResource(ref=uri)


@pytest.fixture(scope="module")
def hsds() -> Path:
    if not (HSDS / "compiled" / "organization.json").is_file():
        pytest.fail(
            f"De HSDS 3.0-schema's ontbreken: verwacht {HSDS}/compiled/organization.json en "
            f"compiled/service.json (Open Referral, CC BY-SA 4.0). Zet de map shared/ naast de "
            f"checkout, zoals in CI."
        )
    return HSDS


@pytest.fixture(scope="module")
def registry(hsds: Path) -> Registry:
    """The modular schemas under their file names, as their $refs name them."""
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        for path in sorted(hsds.glob("*.json"))
        if path.name not in ("openapi.json", "example-base.json")
    ]
    return Registry(retrieve=_refuse).with_resources(resources)  # type: ignore[call-arg]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _validator(schema: Path, registry: Registry) -> Draft202012Validator:
    # No check_schema here: checking the 3.4 MB compiled schemas against the
    # metaschema takes ten seconds each; the small modular ones are checked below.
    return HSDSValidator(_load(schema), registry=registry, format_checker=FORMATS)


@pytest.fixture(scope="module")
def organization_validator(hsds: Path, registry: Registry) -> Draft202012Validator:
    return _validator(hsds / "compiled" / "organization.json", registry)


@pytest.fixture(scope="module")
def service_validator(hsds: Path, registry: Registry) -> Draft202012Validator:
    return _validator(hsds / "compiled" / "service.json", registry)


def test_references_never_leave_the_shared_schemas(registry: Registry) -> None:
    schema = {"$ref": "https://example.org/hsds/service.json"}
    validator = HSDSValidator(schema, registry=registry)
    with pytest.raises(Unresolvable, match=r"example\.org"):
        validator.validate({})


def _problems(validator: Draft202012Validator, items: list[dict[str, Any]]) -> list[str]:
    """Every schema violation of every item, as 'name: /path: message'."""
    return [
        f"{item.get('name', item.get('id'))}: /{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for item in items
        for error in sorted(validator.iter_errors(item), key=lambda e: list(map(str, e.path)))
    ]


# --- the exports -------------------------------------------------------------------------


def _kb(data: Path) -> Kennisbank:
    result = check(data)
    assert result.ok, [str(p) for p in result.problems]
    return result.kennisbank


@pytest.fixture(scope="module")
def real_kb() -> Kennisbank:
    return _kb(ROOT / "data")


@pytest.fixture(scope="module")
def real(real_kb: Kennisbank) -> dict[str, bytes]:
    return {f.path: f.content for f in exports.exports(real_kb, SITE_URL)}


@pytest.fixture(scope="module")
def fixture_kb() -> Kennisbank:
    return _kb(VALID)


@pytest.fixture(scope="module")
def fixture(fixture_kb: Kennisbank) -> dict[str, bytes]:
    return {f.path: f.content for f in exports.exports(fixture_kb, SITE_URL)}


def hsds_file(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[f"{exports.HSDS_DIR}/{name}"])


def dienst_count(kb: Kennisbank) -> int:
    return sum(len(e.record.diensten) for e in kb.all("organisaties"))


# --- HSDS validation -----------------------------------------------------------------------


def test_every_organization_is_valid_hsds(
    real: dict[str, bytes], real_kb: Kennisbank, organization_validator: Draft202012Validator
) -> None:
    organizations = hsds_file(real, "organizations.json")
    assert len(organizations) == len(real_kb.entries["organisaties"])
    assert _problems(organization_validator, organizations) == []


def test_every_service_is_valid_hsds(
    real: dict[str, bytes], real_kb: Kennisbank, service_validator: Draft202012Validator
) -> None:
    services = hsds_file(real, "services.json")
    assert len(services) == dienst_count(real_kb)
    assert _problems(service_validator, services) == []


def test_taxonomies_and_terms_are_valid_hsds(
    real: dict[str, bytes], hsds: Path, registry: Registry
) -> None:
    """The modular schemas, whose $refs resolve from ../shared only."""
    for name, schema in [("taxonomies", "taxonomy"), ("taxonomy_terms", "taxonomy_term")]:
        items = hsds_file(real, f"{name}.json")
        assert items, name
        HSDSValidator.check_schema(_load(hsds / f"{schema}.json"))
        assert _problems(_validator(hsds / f"{schema}.json", registry), items) == []


def _service(real: dict[str, bytes], name: str) -> dict[str, Any]:
    services = hsds_file(real, "services.json")
    return copy.deepcopy(next(s for s in services if s["organization"]["name"] == name))


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda s: s.pop("status"), "", "'status' is a required property"),
        (lambda s: s.__setitem__("status", "open"), "status", "is not one of"),
        (lambda s: s.__setitem__("minimum_age", "twee"), "minimum_age", "is not of type 'number'"),
        (lambda s: s.__setitem__("id", "kion-apm"), "id", "is not a 'uuid'"),
        (lambda s: s.__setitem__("url", "geen adres"), "url", "is not a 'uri'"),
        (
            lambda s: s.__setitem__("last_modified", "2026-11-23"),
            "last_modified",
            "is not a 'date-time'",
        ),
        (lambda s: s.__setitem__("assured_date", "23-11-2026"), "assured_date", "datapackage_type"),
        (
            lambda s: s["service_at_locations"][0]["location"].pop("location_type"),
            "service_at_locations/0/location",
            "'location_type' is a required property",
        ),
        (
            lambda s: s["organization"].pop("description"),
            "organization",
            "'description' is a required property",
        ),
    ],
)
def test_an_invalid_service_fails_validation(
    real: dict[str, bytes],
    service_validator: Draft202012Validator,
    mutate: Any,
    path: str,
    message: str,
) -> None:
    """The validation can fail: each broken copy of a valid service is reported where it breaks."""
    service = _service(real, "KION")
    assert _problems(service_validator, [service]) == []
    mutate(service)
    problems = _problems(service_validator, [service])
    assert any(f": /{path}: " in p and message in p for p in problems), problems


def test_an_invalid_organization_fails_validation(
    real: dict[str, bytes], organization_validator: Draft202012Validator
) -> None:
    organization = copy.deepcopy(hsds_file(real, "organizations.json")[0])
    organization["services"][0].pop("name")
    organization["website"] = "www zonder schema"
    problems = _problems(organization_validator, [organization])
    assert any("/services/0: 'name' is a required property" in p for p in problems), problems
    assert any("/website: " in p and "'uri'" in p for p in problems), problems


def test_identifiers_are_unique_and_references_resolve(real: dict[str, bytes]) -> None:
    organizations = hsds_file(real, "organizations.json")
    terms = {t["id"]: t for t in hsds_file(real, "taxonomy_terms.json")}
    taxonomies = {t["id"] for t in hsds_file(real, "taxonomies.json")}
    seen: dict[str, str] = {}
    for obj in _objects(organizations):
        canonical = json.dumps(obj, sort_keys=True)
        assert seen.setdefault(obj["id"], canonical) == canonical, f"id {obj['id']} twice"
    for org in organizations:
        locations = {loc["id"] for loc in org.get("locations", [])}
        for service in org.get("services", []):
            assert service["organization_id"] == org["id"]
            for link in service.get("service_at_locations", []):
                assert link["service_id"] == service["id"]
                assert link["location_id"] in locations
    attributes = [o for o in _objects(organizations) if "taxonomy_term_id" in o]
    assert attributes
    for attribute in attributes:
        assert terms[attribute["taxonomy_term_id"]] == attribute["taxonomy_term"]
    assert {t["taxonomy_id"] for t in terms.values()} <= taxonomies
    nested = {s["id"] for org in organizations for s in org.get("services", [])}
    assert {s["id"] for s in hsds_file(real, "services.json")} == nested


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object with an id, however deeply nested."""
    if isinstance(value, dict):
        if "id" in value:
            yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def test_the_mapping_of_the_fixture_service(fixture: dict[str, bytes]) -> None:
    (service,) = hsds_file(fixture, "services.json")
    assert service["id"] == str(uuid.uuid5(exports.NAMESPACE, "organisaties/kion/diensten/apm"))
    assert service["name"] == "Ambulant pedagogisch medewerker"
    assert service["status"] == "active"
    assert service["application_process"] == "Vraag de pedagogisch medewerker van de groep."
    assert service["assured_date"] == "2026-11-23"
    assert "minimum_age" not in service  # the fixture dienst has no leeftijd: nothing invented
    assert "fees_description" not in service
    assert [a["name"] for a in service["service_areas"]] == [
        "Dukenburg (Nijmegen)",
        "Lindenholt (Nijmegen)",
    ]
    codes = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]
    }
    assert codes == {
        ("Ondersteuningsbehoefte", "taal-spraak"),
        ("Ondersteuningsbehoefte", "gedrag"),
        ("Toegang", "via-professional"),
        ("Aanpak", "ambulant-pedagogisch-medewerker"),
    }
    precision = {
        link["location"]["name"]: link["location"]["attributes"][0]["taxonomy_term"]["code"]
        for link in service["service_at_locations"]
    }
    assert precision == {"Dukenburg, Nijmegen": "wijk", "Nijmegen": "gemeente"}
    organization = service["organization"]
    assert set(organization) >= {"id", "name", "description"}
    assert "email" not in organization and "phones" not in organization  # empty stays absent


@pytest.mark.parametrize(
    ("van", "tot", "minimum", "maximum"),
    [(24, 48, 2, 3), (0, 216, 0, 17), (18, 84, 1.5, 6), (12, 30, 1, 2.5)],
)
def test_ages_in_years_with_an_inclusive_maximum(
    van: int, tot: int, minimum: float, maximum: float
) -> None:
    assert exports._years(van) == minimum
    assert exports._maximum_age(tot) == maximum


# --- CSV -------------------------------------------------------------------------------------


def _csv(files: dict[str, bytes]) -> tuple[list[str], list[dict[str, str]]]:
    content = files[exports.CSV_PATH]
    assert content.startswith(b"\xef\xbb\xbf"), "zonder BOM leest Excel geen UTF-8"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    return list(reader.fieldnames or []), list(reader)


def test_csv_has_a_row_per_dienst_that_reads_back(
    real: dict[str, bytes], real_kb: Kennisbank
) -> None:
    header, rows = _csv(real)
    assert header == exports.CSV_COLUMNS
    assert len(rows) == dienst_count(real_kb)
    # Quoting survives semicolons, quotes and line ends in the texts.
    assert rows == exports.csv_rows(real_kb, SITE_URL)
    assert any(";" in row["toegang"] for row in rows)
    assert real[exports.CSV_PATH].count(b"\r\n") == len(rows) + 1


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1"])
def test_csv_cells_never_start_a_formula(text: str) -> None:
    row = dict.fromkeys(exports.CSV_COLUMNS, "")
    row["dienst"] = text
    content = exports._csv([row]).decode("utf-8-sig")
    (read,) = csv.DictReader(io.StringIO(content, newline=""), delimiter=";")
    assert read["dienst"] == "'" + text


def test_csv_row_of_the_fixture_apm_dienst(fixture: dict[str, bytes]) -> None:
    _, rows = _csv(fixture)
    (row,) = rows
    assert row == {
        "organisatie": "KION",
        "organisatie_id": "kion",
        "dienst": "Ambulant pedagogisch medewerker",
        "dienst_id": "apm",
        "aanpak": "Ambulant pedagogisch medewerker",
        "gemeenten": "Nijmegen",
        "wijken": "Dukenburg, Lindenholt",
        "leeftijd": "",
        "leeftijd_van_maanden": "",
        "leeftijd_tot_maanden": "",
        "ondersteuningsbehoefte": "praten en taal, gedrag",
        "vrij_toegankelijk": "nee",
        "toegang": "Vraag de pedagogisch medewerker van de groep.",
        "financiering": "",
        "kosten_voor_ouders": "",
        "website": "",
        "telefoon": "",
        "email": "",
        "adres": "",
        "laatst_gecontroleerd": "2026-11-23",
        "pagina": f"{SITE_URL}organisaties/kion/#dienst-apm",
        "hsds_service_id": str(uuid.uuid5(exports.NAMESPACE, "organisaties/kion/diensten/apm")),
    }


# --- GeoJSON ---------------------------------------------------------------------------------


def _features(files: dict[str, bytes]) -> list[dict[str, Any]]:
    collection = json.loads(files[exports.GEOJSON_PATH])
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: always WGS84
    return collection["features"]


def test_geojson_points_are_in_the_netherlands_with_a_precision(
    real: dict[str, bytes], real_kb: Kennisbank
) -> None:
    features = _features(real)
    assert features
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert NL_LON[0] <= lon <= NL_LON[1] and NL_LAT[0] <= lat <= NL_LAT[1], feature["id"]
        assert feature["properties"]["precisie"] in exports.PRECISIONS
        assert feature["properties"]["pagina"].startswith(f"{SITE_URL}organisaties/")
    assert len({f["id"] for f in features}) == len(features)
    # Every dienst with a werkgebied in a gemeente with a point is on the map.
    mapped = {(f["properties"]["organisatie_id"], f["properties"]["dienst_id"]) for f in features}
    for entry, dienst in exports.diensten(real_kb):
        areas = exports.werkgebied(entry.record, dienst)
        placed = any(real_kb.get("gemeenten", a.gemeente).ligging for a in areas)
        assert ((entry.id, dienst.id) in mapped) == placed, (entry.id, dienst.id)


def test_geojson_wijk_point_and_fallback_to_the_gemeente(fixture: dict[str, bytes]) -> None:
    """Dukenburg has its own point; Lindenholt has none and falls back to Nijmegen's."""
    points = {
        f["properties"]["precisie"]: (f["geometry"]["coordinates"], f["properties"]["wijken"])
        for f in _features(fixture)
    }
    assert points == {
        "wijk": ([5.791, 51.818], ["Dukenburg"]),
        "gemeente": ([5.853, 51.843], ["Lindenholt"]),
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_address_with_a_point_wins_and_is_valid_hsds(
    tmp_path: Path, organization_validator: Draft202012Validator
) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    _edit(
        data / "organisaties" / "kion.yaml",
        "werkgebied:",
        "contact:\n  adres:\n    straat: Teststraat 1\n    postcode: 1234 AB\n    plaats: Nijmegen\n"
        "    ligging: {breedtegraad: 51.84, lengtegraad: 5.86}\nwerkgebied:",
    )
    files = {f.path: f.content for f in exports.exports(_kb(data), SITE_URL)}
    (feature,) = _features(files)
    assert feature["properties"]["precisie"] == "adres"
    assert feature["geometry"]["coordinates"] == [5.86, 51.84]
    organizations = hsds_file(files, "organizations.json")
    assert _problems(organization_validator, organizations) == []
    (location,) = organizations[0]["locations"]
    (address,) = location["addresses"]
    assert address["state_province"] == "Gelderland"  # from the gemeente named like the city
    assert address["country"] == "NL"
    _, rows = _csv(files)
    assert rows[0]["adres"] == "Teststraat 1, 1234 AB Nijmegen"


def test_an_address_counts_only_for_the_gemeente_it_lies_in(tmp_path: Path) -> None:
    """Like the sociale kaart's map: elsewhere in the werkgebied the area points stay."""
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "gemeenten" / "arnhem.yaml").write_text(
        "naam: Arnhem\nsamenvatting: Test.\nlaatst_gecontroleerd: 2026-11-23\n"
        "ligging: {breedtegraad: 51.98, lengtegraad: 5.91}\n",
        encoding="utf-8",
    )
    _edit(
        data / "organisaties" / "kion.yaml",
        "werkgebied:",
        "contact:\n  adres:\n    plaats: Arnhem\n"
        "    ligging: {breedtegraad: 51.99, lengtegraad: 5.9}\nwerkgebied:\n  - gemeente: arnhem",
    )
    features = _features({f.path: f.content for f in exports.exports(_kb(data), SITE_URL)})
    found = {(f["properties"]["precisie"], f["properties"]["gemeente"]) for f in features}
    assert found == {("adres", "Arnhem"), ("wijk", "Nijmegen"), ("gemeente", "Nijmegen")}


def test_a_whole_gemeente_takes_in_its_wijken(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    _edit(
        data / "organisaties" / "kion.yaml",
        "    wijken: [dukenburg, lindenholt]\n",
        "    wijken: [lindenholt]\n  - gemeente: nijmegen\n",
    )
    (feature,) = _features({f.path: f.content for f in exports.exports(_kb(data), SITE_URL)})
    assert (feature["properties"]["precisie"], feature["properties"]["wijken"]) == ("gemeente", [])


def test_a_gemeente_without_a_point_gives_none(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    _edit(
        data / "gemeenten" / "nijmegen.yaml",
        "ligging:\n  breedtegraad: 51.843\n  lengtegraad: 5.853\n  toelichting: Midden van de stad (afgerond).\n",
        "",
    )
    files = {f.path: f.content for f in exports.exports(_kb(data), SITE_URL)}
    assert [f["properties"]["precisie"] for f in _features(files)] == ["wijk"]
    (service,) = hsds_file(files, "services.json")
    assert len(service["service_areas"]) == 2  # the werkgebied itself is still there
    assert [s["location"]["name"] for s in service["service_at_locations"]] == [
        "Dukenburg, Nijmegen"
    ]


# --- determinism, CLI and the built site ---------------------------------------------------


def test_the_files_are_json_as_encoded_whole(real: dict[str, bytes]) -> None:
    """The files are joined from each organisation's encoded part: that must give exactly
    what encoding the whole file at once gives (compact, non-ASCII kept)."""
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    for path, content in real.items():
        if path.endswith((".json", ".geojson")) and not path.endswith("index.json"):
            whole = json.dumps(json.loads(content), **compact) + "\n"
            assert content == whole.encode("utf-8"), path
    geojson = json.loads(real[exports.GEOJSON_PATH])
    assert list(geojson) == ["type", "features"] and len(geojson["features"]) > 10


def test_the_same_data_gives_the_same_bytes(real: dict[str, bytes]) -> None:
    again = {f.path: f.content for f in exports.exports(_kb(ROOT / "data"), SITE_URL)}
    assert again == real


def test_cli_writes_the_exports(tmp_path: Path) -> None:
    out = tmp_path / "open-data"
    done = subprocess.run(
        [sys.executable, "build.py", "export", "--data", str(VALID), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(
        f.path.removeprefix("open-data/") for f in exports.exports(_kb(VALID), SITE_URL)
    )
    assert json.loads((out / "hsds" / "index.json").read_text())["site"] == SITE_URL


def test_the_built_site_has_the_exports_and_the_page(real_site: Path, in_root: Path) -> None:
    kb = _kb(ROOT / "data")
    expected = exports.exports(kb, SITE_URL, last_changed(ROOT / "data"))
    for export in expected:
        assert (real_site / export.path).read_bytes() == export.content, export.path
    page = (real_site / "open-data" / "index.html").read_text(encoding="utf-8")
    for export in expected:
        assert f'href="{export.path.removeprefix("open-data/")}"' in page, export.path


def test_kept_organisations_make_the_same_files_and_a_change_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build keeps each organisation's export between builds (pagecache): the files
    must be what an export from scratch makes, also after an organisation changed and
    after a gemeente's name changed (it is the province lookup of every address)."""
    from kennisbank import pagecache, parallel, synth

    data, store = tmp_path / "data", tmp_path / "exports.pickle"
    synth.generate(data, gemeenten=2, organisaties=6, seed=5, base=VALID)

    def kept_export() -> tuple[Kennisbank, dict[str, bytes], list[str]]:
        kb = check(data).kennisbank
        memo = pagecache.Memo(store)
        files = {f.path: f.content for f in exports.exports(kb, SITE_URL, memo=memo)}
        monkeypatch.setattr(parallel, "write_pickle_later", parallel.write_pickle)
        memo.save()  # written at once, not in a background process
        return kb, files, memo.made

    def fresh(kb: Kennisbank) -> dict[str, bytes]:
        return {f.path: f.content for f in exports.exports(kb, SITE_URL)}

    kb, first, made = kept_export()
    assert len(made) == len(kb.entries["organisaties"]) > 5
    _, again, made = kept_export()
    assert again == first and made == []

    org = kb.entries["organisaties"][sorted(kb.entries["organisaties"])[-1]]
    path = Path(org.path)
    path.write_text(path.read_text().replace("samenvatting: ", "samenvatting: Anders. ", 1))
    kb, changed, made = kept_export()
    # The organisation and those that link to it or it links to (their page shows it).
    assert f"export:{org.id}" in made and len(made) < len(kb.entries["organisaties"]) / 2
    assert changed == fresh(kb) and changed != first

    gemeente = Path(kb.all("gemeenten")[-1].path)
    text = gemeente.read_text()
    name = re.search(r"^naam: (.+)$", text, re.M)[1]
    gemeente.write_text(text.replace(f"naam: {name}", f"naam: {name}-Oost", 1))
    kb, renamed, made = kept_export()
    assert renamed == fresh(kb) and renamed != changed
