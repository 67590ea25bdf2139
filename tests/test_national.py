"""National scale (issue 8): synthetic data, builds without PDFs, incremental builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_DOCS, FIXTURE_NAV, ROOT, VALID, build_fixture

from kennisbank import engine, factsheets, pagecache, search, site, synth
from kennisbank.checker import check
from kennisbank.model import RECORD_TYPES


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_synth_is_deterministic_and_the_seed_matters(tmp_path: Path) -> None:
    synth.generate(tmp_path / "a", gemeenten=4, organisaties=25, seed=7)
    synth.generate(tmp_path / "b", gemeenten=4, organisaties=25, seed=7)
    synth.generate(tmp_path / "c", gemeenten=4, organisaties=25, seed=8)
    a, b, c = (_tree(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c
    assert len([k for k in a if k.startswith("organisaties/")]) == 25


def test_synth_writes_every_type_valid_and_says_it_is_synthetic(tmp_path: Path) -> None:
    counts = synth.generate(tmp_path / "d", gemeenten=6, organisaties=60, seed=1, base=VALID)
    result = check(tmp_path / "d")
    assert result.ok, [p.with_hint() for p in result.problems]
    kb = result.kennisbank
    assert counts["gemeenten"] == 6 and counts["organisaties"] == 60
    assert all(kb.entries[t] for t in RECORD_TYPES), {t: len(kb.entries[t]) for t in RECORD_TYPES}
    diensten = [d for e in kb.all("organisaties") for d in e.record.diensten]
    assert 2.5 <= len(diensten) / len(kb.entries["organisaties"]) <= 6
    for entry in kb.all("gemeenten"):
        if entry.id != "nijmegen":  # the fixture's own, copied from the base
            assert entry.record.wijken and entry.record.ligging
    made = [p for p in (tmp_path / "d").rglob("*.yaml") if "kion" not in p.name]
    synthetic = [p for p in made if p.read_text(encoding="utf-8").startswith("# Synthetisch")]
    assert len(synthetic) == len(made) - (len(list(VALID.rglob("*.yaml"))) - 1)
    text = "\n".join(p.read_text(encoding="utf-8") for p in synthetic)
    assert "telefoon" not in text
    emails = {line.split(": ", 1)[1] for line in text.splitlines() if "email:" in line}
    assert emails and all(e.endswith(".example") and e.startswith("info@") for e in emails)
    assert "verzonnen" in (tmp_path / "d" / synth.MARKER).read_text(encoding="utf-8")


def test_synth_refuses_a_directory_that_is_not_synthetic(tmp_path: Path) -> None:
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "notities.txt").write_text("van mij", encoding="utf-8")
    with pytest.raises(synth.SynthError):
        synth.generate(tmp_path / "eigen", gemeenten=2, organisaties=3)
    assert (tmp_path / "eigen" / "notities.txt").exists()


def test_build_without_pdfs_keeps_the_factsheet_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_fixture(out, pdf=False)
    assert not list(out.rglob("*.pdf"))
    page = out / "factsheets" / "interventies" / "ambulant-pedagogisch-medewerker" / "index.html"
    assert "kb-factsheet" in page.read_text(encoding="utf-8")
    for html in out.rglob("*.html"):
        assert ".pdf" not in html.read_text(encoding="utf-8"), html


def _change(data: Path) -> None:
    """An editor changes one organisation's summary."""
    record = data / "organisaties" / "kion.yaml"
    text = record.read_text(encoding="utf-8")
    old = "samenvatting: Kinderopvangorganisatie in Nijmegen"
    assert old in text
    record.write_text(text.replace(old, "samenvatting: Kinderopvang in Nijmegen"), encoding="utf-8")


def _pages(root: Path) -> dict[str, bytes]:
    """Every file of a site except the search index: its filter file's order varies upstream,
    and a rebuild adds a supplement where a full build indexes everything (the two are
    compared in the browser in test_search_supplement.py)."""
    index = (f"{search.BUNDLE}/", f"{search.SUPPLEMENT}/")
    return {k: v for k, v in _tree(root).items() if not k.startswith(index)}


def test_incremental_build_equals_a_full_build_and_renders_only_what_changed(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, full = tmp_path / "first", tmp_path / "full"
    build_fixture(first, data=data_copy)
    assert not site.last_outcome.reused
    before = tmp_path / "before"
    shutil.copytree(first, before)

    _change(data_copy)
    build_fixture(first, data=data_copy)  # incremental: the previous build is in first/
    incremental = site.last_outcome
    build_fixture(full, data=data_copy, incremental=False)

    assert _pages(first) == _pages(full)  # byte for byte
    assert incremental.reused, "nothing was taken over"
    old, new = _pages(before), _pages(full)
    changed = {k for k, v in new.items() if k.endswith(".html") and old.get(k) != v}
    rendered = {_html_of(src) for src in incremental.rendered}
    nav = {_html_of(src) for src in ("index.md", "interventies/index.md")}
    assert "organisaties/kion/index.html" in changed
    # Only the navigation's pages (always rendered) and pages that really changed.
    assert rendered - nav <= changed
    assert len(incremental.rendered) + len(incremental.reused) == len(incremental.pages)


def _html_of(src_uri: str) -> str:
    stem = src_uri.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def test_the_theme_pages_are_taken_over_only_while_the_pages_stay_the_same(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """404.html and the sitemap list the navigation and every page: a rebuild takes them
    over while those did not change, and makes them again when a page is added."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out, full = tmp_path / "site", tmp_path / "full"
    build_fixture(out, data=data_copy)
    inodes = {n: (out / n).stat().st_ino for n in ("404.html", "sitemap.xml", "sitemap.xml.gz")}
    _change(data_copy)
    build_fixture(out, data=data_copy)
    assert {n: (out / n).stat().st_ino for n in inodes} == inodes  # linked, not made

    kion = (data_copy / "organisaties" / "kion.yaml").read_text(encoding="utf-8")
    (data_copy / "organisaties" / "kion-twee.yaml").write_text(
        kion.replace("naam: KION", "naam: KION Twee"), encoding="utf-8"
    )
    build_fixture(out, data=data_copy)
    assert "organisaties/kion-twee/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert all((out / n).stat().st_ino != inodes[n] for n in inodes)
    build_fixture(full, data=data_copy, incremental=False)
    assert _pages(out) == _pages(full)


def test_unchanged_static_files_are_taken_over_and_changed_ones_copied(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme's assets, the site's own files and the downloads stay as the previous
    site has them while their source is unchanged; a changed one is copied, a removed one
    goes, and the site equals a full build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, docs)
    own = docs / "assets" / "eigen.txt"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("eerste versie", encoding="utf-8")
    out, full = tmp_path / "site", tmp_path / "full"
    build_fixture(out, data=data_copy, docs_dir=str(docs))
    theme = next((out / "assets" / "javascripts").glob("bundle.*.min.js"))
    names = [theme, out / "open-data" / "hsds" / "taxonomies.json", out / "assets" / "eigen.txt"]
    inodes = [path.stat().st_ino for path in names]

    own.write_text("tweede versie", encoding="utf-8")
    _change(data_copy)
    build_fixture(out, data=data_copy, docs_dir=str(docs))
    assert [path.stat().st_ino for path in names[:2]] == inodes[:2]  # taken over
    assert (out / "assets" / "eigen.txt").read_text(encoding="utf-8") == "tweede versie"
    organizations = out / "open-data" / "hsds" / "organizations.json"
    assert "Kinderopvang in Nijmegen" in organizations.read_text(encoding="utf-8")
    build_fixture(full, data=data_copy, docs_dir=str(docs), incremental=False)
    assert _pages(out) == _pages(full)

    own.unlink()
    build_fixture(out, data=data_copy, docs_dir=str(docs))
    assert not (out / "assets" / "eigen.txt").exists()


def test_incremental_build_never_writes_into_the_previous_site(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "site"
    build_fixture(out, data=data_copy)
    kept = out.with_name("kept")
    os.link(out / "organisaties" / "kion" / "index.html", kept)  # a second name for the old file
    old_text = kept.read_bytes()
    role = out / "rollen" / "pedagogisch-coach" / "index.html"
    role_inode = role.stat().st_ino
    _change(data_copy)
    build_fixture(out, data=data_copy)
    assert kept.read_bytes() == old_text  # the old file is untouched: the new one is new
    assert (out / "organisaties" / "kion" / "index.html").read_bytes() != old_text
    assert "rollen/pedagogisch-coach.md" in site.last_outcome.reused
    assert role.stat().st_ino == role_inode  # taken over, not rendered and written again


def test_a_failed_incremental_build_keeps_the_previous_site_and_its_record(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "site"
    build_fixture(out, data=data_copy)
    before = _pages(out)
    with pytest.raises(site.BuildError):
        build_fixture(out, data=data_copy, nav=[{"Weg": "bestaat-niet.md"}])
    assert _pages(out) == before
    key = site.build_key(ROOT / "mkdocs.yml", {"docs_dir": str(FIXTURE_DOCS), "nav": FIXTURE_NAV})
    assert engine.load_previous(out, key) is not None


def test_the_record_of_a_build_with_other_code_or_settings_is_not_used(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a build keeps for the next is its own code's business: a record written by
    other code or settings (their key differs) is not read, so the next build is full."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "site"
    build_fixture(out, data=data_copy)
    settings = {"docs_dir": str(FIXTURE_DOCS), "nav": FIXTURE_NAV}
    assert engine.load_previous(out, site.build_key(ROOT / "mkdocs.yml", settings)) is not None
    settings["site_url"] = "https://elders.example/"
    assert engine.load_previous(out, site.build_key(ROOT / "mkdocs.yml", settings)) is None
    build_fixture(out, data=data_copy, site_url="https://elders.example/")
    assert site.last_outcome is not None and not site.last_outcome.reused


def test_a_rebuild_regenerates_only_the_changed_records_neighbourhood(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a small synthetic dataset: after one organisation changed, only the pages and
    factsheets of it and its neighbours are generated again, and the site equals a full build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    synth.generate(data, gemeenten=3, organisaties=12, seed=3, base=VALID)
    out, full = tmp_path / "site", tmp_path / "full"
    build_fixture(out, data=data, pdf=False)
    total = len(pagecache.last_made)

    org = next(p for p in sorted((data / "organisaties").glob("*.yaml")) if p.stem != "kion")
    text = org.read_text(encoding="utf-8")
    org.write_text(text.replace("\nsamenvatting: ", "\nsamenvatting: Gewijzigd. ", 1), "utf-8")
    build_fixture(out, data=data, pdf=False)
    made = set(pagecache.last_made)
    build_fixture(full, data=data, pdf=False, incremental=False)
    assert _pages(out) == _pages(full)

    kb = check(data).kennisbank
    entry = kb.entries["organisaties"][org.stem]
    near = {f"{e.type}/{e.id}" for e in pagecache.around(kb, entry)}
    sheets = {n for n in near if n.split("/")[0] in factsheets.TYPES}
    places = {
        g.id
        for g in kb.all("gemeenten")
        if (entry.type, entry.id) in {(e.type, e.id) for e in pagecache.area(kb, g)}
    }
    assert places  # its gemeente's sociale kaart and wegwijzer are made again
    lists = {  # the overviews that list it or a record that names it
        t
        for t in kb.entries
        for e in kb.all(t)
        if e is entry or (entry.type, entry.id) in {(r[1], r[2]) for r in e.outgoing().refs}
    }
    assert made == (
        {f"pagina:{n}" for n in near}
        | {f"factsheet:{n}" for n in sheets}
        | {f"zoekfilters:{n}" for n in near}
        | {f"overzicht:{t}/index.md" for t in lists}
        | {f"{kind}:{g}" for g in places for kind in ("wegwijzer", "sociale-kaart")}
    )
    assert len(made) < total / 2, (len(made), total)


def test_the_parallel_build_makes_what_mkdocs_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """engine.build with two workers against MkDocs's own build of the same site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    synth.generate(data, gemeenten=2, organisaties=8, seed=5, base=VALID)
    ours, plain = tmp_path / "ours", tmp_path / "plain"
    build_fixture(ours, data=data, pdf=False, incremental=False, workers=2)

    result = check(data)
    monkeypatch.setattr(site, "prepared", result.kennisbank)
    monkeypatch.setattr(site, "pdfs", False)
    config = load_config(
        str(ROOT / "mkdocs.yml"),
        strict=True,
        site_dir=str(plain),
        docs_dir=str(FIXTURE_DOCS),
        nav=FIXTURE_NAV,
    )
    build(config)
    assert len([k for k in _pages(plain) if k.endswith(".html")]) > 100
    assert _pages(ours) == _pages(plain)
    # Pagefind read only the folders with indexed pages in ours, every page in plain's:
    # the same pages are in the index (a fragment per page, named by its content).
    assert _fragments(ours) == _fragments(plain)
    assert len(_fragments(ours)) > 20


def _fragments(root: Path) -> set[str]:
    return {p.name for p in (root / "pagefind" / "fragment").iterdir()}


def test_an_incremental_build_is_put_in_place_around_the_files_it_keeps(tmp_path: Path) -> None:
    """New files replace old ones, files neither written nor kept go (with folders left
    empty), kept files and kept folders stay as they are, a file may take a folder's place."""
    out, new = tmp_path / "site", tmp_path / "new"
    old = {
        "a/index.html": "oud a",
        "b/index.html": "oud b",
        "weg/index.html": "weg",
        "idx/x": "x",
        "idx/y": "y",
        "map/oud.txt": "map",
        "bestand": "was een bestand",
    }
    for path, text in old.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
    kept_inode = (out / "b/index.html").stat().st_ino
    for path, text in {
        "a/index.html": "nieuw a",
        "map": "nu een bestand",
        "bestand/c": "c",
    }.items():
        (new / path).parent.mkdir(parents=True, exist_ok=True)
        (new / path).write_text(text)

    now = site._put_in_place(new, out, {"b/index.html", "idx/"}, set(old))

    assert (
        now
        == site._files(out)
        == {"a/index.html", "b/index.html", "idx/x", "idx/y", "map", "bestand/c"}
    )
    assert (out / "a/index.html").read_text() == "nieuw a"
    assert (out / "map").read_text() == "nu een bestand"
    assert (out / "b/index.html").stat().st_ino == kept_inode
    assert not (out / "weg").exists() and not new.exists()
