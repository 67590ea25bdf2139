"""The editing screen at /admin/: Decap CMS configured from the model, served from the site."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from conftest import ROOT, VALID, BrowserPage, serve_directory
from mkdocs.config import load_config

from kennisbank import decap, headers
from kennisbank.checker import check
from kennisbank.cli import main
from kennisbank.loader import parse
from kennisbank.model import RECORD_TYPES
from kennisbank.scaffold import SINGULAR

SCHEMAS = ROOT / "schemas"
VENDOR = ROOT / "docs" / "assets" / "vendor" / "decap-cms"
DECAP_SHA256 = "7c1efd6b616b4786e279aeef194dd21649a72058d3bc8d1f78901b574610dfb8"


@functools.cache
def settings() -> decap.Settings:
    """The settings the real build uses, read from mkdocs.yml by MkDocs itself."""
    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return decap.settings_from_mkdocs(cfg.edit_uri, cfg.site_url, cfg.extra)


@functools.cache
def generated() -> dict[str, Any]:
    """The configuration exactly as the site serves it: parsed from its YAML text (read only)."""
    return yaml.load(decap.config_yaml(settings()), Loader=yaml.CSafeLoader)


@functools.cache
def collections() -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in generated()["collections"]}


# --- The configuration against the model --------------------------------------
# The model is walked through the committed JSON Schemas (test_schemas.py keeps them
# current), not through decap.py's own code path.


def test_the_screen_makes_pull_requests_in_dutch_on_the_repository_of_edit_uri() -> None:
    config = generated()
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "nl"
    backend = config["backend"]
    assert backend["name"] == "github"
    edit_uri = load_config(str(ROOT / "mkdocs.yml")).edit_uri
    assert edit_uri == f"https://github.com/{backend['repo']}/edit/{backend['branch']}/docs/"
    assert config["site_url"] == load_config(str(ROOT / "mkdocs.yml")).site_url


def test_a_collection_per_record_type_in_its_data_folder() -> None:
    found = collections()
    assert list(found) == list(RECORD_TYPES)
    for type_, coll in found.items():
        schema = _schema(type_)
        assert coll["folder"] == f"data/{type_}"
        assert (coll["extension"], coll["format"], coll["create"]) == ("yaml", "yaml", True)
        title = coll["identifier_field"]
        assert title in schema["required"] and title in ("naam", "titel", "term")
        assert coll["slug"] == "{{" + title + "}}"
        # Deleting a published entry would commit straight to the branch, past the checks.
        assert coll["delete"] is False


@pytest.mark.parametrize("type_", list(RECORD_TYPES))
def test_every_model_field_and_no_other_is_in_the_screen(type_: str) -> None:
    schema = _schema(type_)
    _compare(schema, schema, collections()[type_]["fields"], type_, optional_parent=False)


def test_relations_point_at_the_collection_the_model_refers_to() -> None:
    found = {
        (type_, path): spec["collection"]
        for type_, coll in collections().items()
        for path, spec in _walk(coll["fields"], type_)
        if spec["widget"] == "relation"
    }
    assert found[("organisaties", "organisaties.diensten.interventie")] == "interventies"
    assert found[("interventies", "interventies.rollen")] == "rollen"
    assert found[("begrippen", "begrippen.zie_ook")] == "begrippen"
    assert len(found) >= 15
    titles = {name: c["identifier_field"] for name, c in collections().items()}
    for (type_, path), target in found.items():
        spec = dict(_walk(collections()[type_]["fields"], type_))[path]
        assert spec["value_field"] == "{{slug}}", path
        assert titles[target] in spec["search_fields"], path


def test_select_options_are_the_model_values_with_dutch_labels() -> None:
    soort = next(f for f in collections()["organisaties"]["fields"] if f["name"] == "soort")
    values = [o["value"] for o in soort["options"]]
    assert values == _schema("organisaties")["properties"]["soort"]["enum"]
    labels = {o["value"]: o["label"] for o in soort["options"]}
    assert labels["kinderopvang"] == "Kinderopvang en peuteropvang"


def test_markdown_widgets_are_the_fields_the_templates_render_as_markdown() -> None:
    rendered = set()
    for singular, type_ in SINGULAR.items():
        template = (ROOT / "templates" / "pages" / f"{singular}.md.j2").read_text(encoding="utf-8")
        rendered |= {(type_, name) for name in re.findall(r"r\.(\w+)\s*\|\s*md\b", template)}
    editors = {
        (type_, f["name"])
        for type_, coll in collections().items()
        for f in coll["fields"]
        if f["widget"] == "markdown"
    }
    assert rendered and editors == rendered


def test_dates_are_stored_as_dates_without_time() -> None:
    spec = next(
        f for f in collections()["bronnen"]["fields"] if f["name"] == "laatst_gecontroleerd"
    )
    assert spec["widget"] == "datetime"
    assert spec["format"] == "YYYY-MM-DD" and spec["time_format"] is False


def test_the_first_field_writes_the_schema_line() -> None:
    for type_, coll in collections().items():
        first = coll["fields"][0]
        assert first["name"] == coll["identifier_field"]
        assert "# " + first["comment"] == headers.schema_line(type_)


def _schema(type_: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{type_}.schema.json").read_text(encoding="utf-8"))


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The node behind $ref and Optional (anyOf with null), keeping the outer description."""
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if options:
        (inner,) = options
        return _resolve(root, {**inner, **{k: v for k, v in node.items() if k != "anyOf"}})
    if "$ref" in node:
        target = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _compare(
    root: dict[str, Any],
    schema: dict[str, Any],
    fields: list[dict[str, Any]],
    where: str,
    optional_parent: bool,
) -> None:
    props = schema["properties"]
    assert len(fields) == len(props), f"{where}: a field twice"
    assert {f["name"] for f in fields} == set(props), f"{where}: fields differ from the model"
    for spec in fields:
        name = spec["name"]
        node = _resolve(root, props[name])
        required = name in schema.get("required", [])
        # Inside an optional object nothing is required in the screen (the checker asks).
        assert spec.get("required", True) == (required and not optional_parent), f"{where}.{name}"
        assert spec["hint"].startswith(node["description"]), f"{where}.{name}"
        _compare_widget(root, node, spec, f"{where}.{name}", optional_parent or not required)


def _compare_widget(
    root: dict[str, Any], node: dict[str, Any], spec: dict[str, Any], where: str, optional: bool
) -> None:
    widget = spec["widget"]
    if "x-verwijst-naar" in node:
        assert (widget, spec["collection"]) == ("relation", node["x-verwijst-naar"]), where
    elif "enum" in node:
        assert widget == "select" and not spec.get("multiple"), where
        assert [o["value"] for o in spec["options"]] == node["enum"], where
    elif node.get("type") == "array":
        _compare_list(root, _resolve(root, node["items"]), spec, where)
    elif "properties" in node:
        assert widget == "object", where
        _compare(root, node, spec["fields"], where, optional)
    elif node.get("type") == "boolean":
        assert widget == "boolean", where
    elif node.get("type") in ("integer", "number"):
        kind = "int" if node["type"] == "integer" else "float"
        assert (widget, spec["value_type"]) == ("number", kind), where
        assert (spec.get("min"), spec.get("max")) == (node.get("minimum"), node.get("maximum"))
    elif node.get("format") == "date":
        assert widget == "datetime", where
    else:
        assert node["type"] == "string" and widget in ("string", "text", "markdown"), where
        if "pattern" in node:
            assert spec["pattern"][0] == node["pattern"], where


def _compare_list(
    root: dict[str, Any], items: dict[str, Any], spec: dict[str, Any], where: str
) -> None:
    if "x-verwijst-naar" in items:
        assert spec["widget"] == "relation" and spec["multiple"] is True, where
        assert spec["collection"] == items["x-verwijst-naar"], where
    elif "enum" in items:
        assert spec["widget"] == "select" and spec["multiple"] is True, where
        assert [o["value"] for o in spec["options"]] == items["enum"], where
    elif "properties" in items:
        # A list item exists only once added: its own required fields are required again.
        assert spec["widget"] == "list", where
        _compare(root, items, spec["fields"], where + "[]", optional_parent=False)
    else:
        assert spec["widget"] == "list" and "fields" not in spec, where
        _compare_widget(root, items, spec["field"], where + "[]", optional=False)


def _walk(fields: list[dict[str, Any]], prefix: str):
    for spec in fields:
        path = f"{prefix}.{spec['name']}"
        yield path, spec
        yield from _walk(spec.get("fields", []), path)


# --- Settings ------------------------------------------------------------------


def test_the_login_service_is_a_setting_in_mkdocs_yml() -> None:
    edit = "https://github.com/gemeente-x/kennisbank/edit/productie/docs/"
    own = decap.settings_from_mkdocs(
        edit,
        "https://example.org/",
        {"invoerscherm": {"oauth_url": "https://login.example.org/", "open_authoring": True}},
    )
    backend = decap.config(own)["backend"]
    assert (backend["repo"], backend["branch"]) == ("gemeente-x/kennisbank", "productie")
    assert backend["base_url"] == "https://login.example.org"
    assert backend["open_authoring"] is True
    assert "base_url" not in decap.config(settings())["backend"]


@pytest.mark.parametrize(
    ("edit_uri", "extra", "message"),
    [
        ("https://gitlab.com/x/y/-/edit/main/docs/", {}, "geen bewerkadres op GitHub"),
        (
            "https://github.com/x/y/edit/main/docs/",
            {"invoerscherm": {"oauth_url": "https://login.example.org/auth"}},
            "zonder pad",
        ),
        (
            "https://github.com/x/y/edit/main/docs/",
            {"invoerscherm": {"oauth": "https://login.example.org"}},
            "kent oauth niet",
        ),
    ],
)
def test_wrong_settings_are_refused_in_dutch(edit_uri: str, extra: dict, message: str) -> None:
    with pytest.raises(decap.SettingsError, match=message):
        decap.settings_from_mkdocs(edit_uri, "", extra)


# --- The built site --------------------------------------------------------------


def test_the_built_site_serves_the_generated_screen(real_site: Path) -> None:
    assert (real_site / "admin" / "config.yml").read_text(encoding="utf-8") == decap.config_yaml(
        settings()
    )
    page = (real_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert page == decap.admin_html()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<body data-pagefind-ignore="all">' in page and "data-pagefind-body" not in page
    for asset in re.findall(r'(?:src|href)="\.\./([^"]+)"', page):
        assert (real_site / asset).is_file(), asset
    assert "admin/" not in (real_site / "sitemap.xml").read_text(encoding="utf-8")
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a["href"] for n in home.find_all("nav") for a in n.find_all("a", href=True)]
    assert any("meewerken" in href for href in nav)
    assert not any("admin" in href for href in nav), "the editing screen is not in the nav"


def test_the_vendored_decap_is_the_pinned_release_with_its_licences() -> None:
    script = (VENDOR / "decap-cms.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == DECAP_SHA256
    assert f'console.log("decap-cms {decap.DECAP_VERSION}")'.encode() in script
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert (VENDOR / "decap-cms.js.LICENSE.txt").stat().st_size > 1000


# --- The schema line -------------------------------------------------------------


def test_a_record_saved_without_the_schema_line_is_valid_after_headers(data_copy: Path) -> None:
    """What Decap would write if it dropped the first line: PyYAML's dump, field order kept."""
    for path in data_copy.rglob("*.yaml"):
        record = parse(path.read_text(encoding="utf-8"), path.name).data
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    outdated = data_copy / "bronnen" / "factsheet-apm.yaml"
    outdated.write_text("# yaml-language-server: $schema=oud.json\n" + outdated.read_text("utf-8"))
    assert len(headers.missing(data_copy)) == len(list(data_copy.rglob("*.yaml")))
    assert main(["headers", "--check", "--data", str(data_copy)]) == 1
    assert main(["headers", "--data", str(data_copy)]) == 0
    assert headers.missing(data_copy) == []
    assert main(["headers", "--check", "--data", str(data_copy)]) == 0
    assert outdated.read_text("utf-8").count("yaml-language-server") == 1
    for path in data_copy.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == headers.schema_line(path.parent.name)
    assert check(data_copy).ok


# --- In the browser --------------------------------------------------------------


def test_the_login_screen_is_dutch_accessible_and_asks_no_other_host(
    tab: BrowserPage, real_site_url: str
) -> None:
    errors, failed = _watch(tab)
    tab.page.goto(real_site_url + "admin/")
    tab.page.get_by_role("button", name="Inloggen met GitHub").wait_for(timeout=30_000)
    # Decap's GitHub status question is answered on the page, without a request.
    status = tab.page.evaluate(
        "fetch('https://www.githubstatus.com/api/v2/components.json').then(r => r.json())"
    )
    assert status == {"components": []}
    assert tab.outside == []
    assert failed == [] and errors == []
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    found = Axe().run(tab.page, options=wcag).response["violations"]
    assert [v["id"] for v in found] == []


def test_decap_saves_records_the_checker_accepts(tab: BrowserPage, tmp_path: Path) -> None:
    """Real Decap (its in-browser test backend) edits every fixture record and adds two."""
    url, server = serve_directory(_screen_with_test_backend(tmp_path))
    errors, failed = _watch(tab)
    page = tab.page
    page.add_init_script(f"window.repoFiles = {json.dumps(_repo_files())};")
    saved: dict[str, dict[str, str]] = {}
    try:
        page.goto(url + "admin/")
        page.get_by_role("button", name="Inloggen").click()
        for path in sorted(VALID.rglob("*.yaml")):
            type_, id_ = path.parent.name, path.stem
            _open(page, f"{url}admin/#/collections/{type_}/entries/{id_}")
            title = collections()[type_]["identifier_field"]
            box = page.locator(f"[id^={title}-field]").first
            box.fill(box.input_value() + " (gewijzigd)")
            saved.setdefault(type_, {})[path.name] = _publish(page, type_, path.name)
        saved["organisaties"]["peuteropvang-de-vlinder.yaml"] = _new_organisation(page, url)
        saved["bronnen"]["rapport-gemeente-x.yaml"] = _new_source_with_an_emptied_date(page, url)
    finally:
        server.shutdown()
    data = tmp_path / "data"
    for type_, files in saved.items():
        (data / type_).mkdir(parents=True)
        for name, content in files.items():
            (data / type_ / name).write_text(content, encoding="utf-8")
            assert content.split("\n", 1)[0] == headers.schema_line(type_), name
    assert "datum" not in (data / "bronnen" / "rapport-gemeente-x.yaml").read_text("utf-8")
    result = check(data)
    assert result.ok, [p.with_hint() for p in result.problems]
    assert result.kennisbank.entries["organisaties"]["peuteropvang-de-vlinder"].record.soort == (
        "welzijn"
    )
    assert tab.outside == [] and failed == [] and errors == []


def _watch(tab: BrowserPage) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    failed: list[str] = []
    tab.page.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    return errors, failed


def _screen_with_test_backend(root: Path) -> Path:
    """The shipped page and scripts with Decap's in-memory test backend instead of GitHub."""
    site = root / "site"
    (site / "admin").mkdir(parents=True)
    (site / "admin" / "index.html").write_text(decap.admin_html(), encoding="utf-8")
    config = decap.config(settings())
    config["backend"] = {"name": "test-repo"}
    del config["publish_mode"]  # saving publishes at once: the same path to the file
    (site / "admin" / "config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for script in (decap.DECAP_SCRIPT, decap.ADMIN_SCRIPT, decap.ADMIN_STYLE):
        (site / script).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / script, site / script)
    return site


def _repo_files() -> dict[str, Any]:
    files: dict[str, Any] = {}
    for path in VALID.rglob("*.yaml"):
        folder = files.setdefault("data", {}).setdefault(path.parent.name, {})
        folder[path.name] = {"content": path.read_text(encoding="utf-8")}
    return files


def _open(page, address: str) -> None:
    """A fresh load of the screen (the test backend starts from the fixture again)."""
    page.goto("about:blank")
    page.goto(address)


def _publish(page, type_: str, name: str) -> str:
    """Publish the open entry; the file as Decap wrote it."""
    page.get_by_role("button", name="Publiceer", exact=True).click()
    page.get_by_role("menuitem", name="Publiceer nu").click()
    written = "((window.repoFiles.data[type] || {})[name] || {}).content"
    page.wait_for_function(
        f"([type, name]) => {written}?.startsWith('# yaml-language-server')", arg=[type_, name]
    )
    return page.evaluate(f"([type, name]) => {written}", [type_, name])


def _new_organisation(page, url: str) -> str:
    _open(page, url + "admin/#/collections/organisaties/new")
    page.locator("[id^=naam-field]").first.fill("Peuteropvang De Vlinder")
    page.locator("[id^=soort-field]").first.click()
    page.get_by_text("Welzijn", exact=True).click()
    page.locator("[id^=samenvatting-field]").first.fill("Peuteropvang in Nijmegen-Oost.")
    page.locator("[id^=in_gewone_taal-field]").first.fill("Hier speelt je kind met anderen.")
    page.locator("[id^=laatst_gecontroleerd-field]").first.fill("2026-01-05")
    return _publish(page, "organisaties", "peuteropvang-de-vlinder.yaml")


def _new_source_with_an_emptied_date(page, url: str) -> str:
    _open(page, url + "admin/#/collections/bronnen/new")
    page.locator("[id^=titel-field]").first.fill("Rapport Gemeente X")
    page.locator("[id^=soort-field]").first.click()
    page.get_by_text("Rapport", exact=True).click()
    page.locator("[id^=uitgever-field]").first.fill("Gemeente X")
    page.locator("[id^=jaar-field]").first.fill("2024")
    date = page.locator("[id^=datum-field]").first
    date.fill("2024-03-01")
    date.fill("")  # Decap keeps "" for an emptied date; the screen leaves it out
    page.locator("[id^=beschrijving-field]").first.fill("Een rapport.")
    page.locator("[id^=laatst_gecontroleerd-field]").first.fill("2026-01-05")
    return _publish(page, "bronnen", "rapport-gemeente-x.yaml")
