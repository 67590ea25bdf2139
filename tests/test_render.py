from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE_DOCS, FIXTURE_NAV, ROOT, VALID
from golden_html import article, assert_matches_golden

from kennisbank.checker import check, in_repository
from kennisbank.model import Leeftijd
from kennisbank.render import format_age, format_number, generate
from kennisbank.site import build_site

EDIT = "https://github.com/o/r/edit/main/"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_intervention_page_matches_golden(fixture_site: Path) -> None:
    html = (fixture_site / "interventies/ambulant-pedagogisch-medewerker/index.html").read_text(
        encoding="utf-8"
    )
    assert_matches_golden("interventie-ambulant-pedagogisch-medewerker.html", article(html))


def test_pages_link_both_ways(fixture_site: Path) -> None:
    def hrefs(path: str) -> set[str]:
        return {a["href"] for a in page(fixture_site, path).select("article a[href]")}

    assert "../../rollen/pedagogisch-coach/" in hrefs(
        "interventies/ambulant-pedagogisch-medewerker"
    )
    assert "../../interventies/ambulant-pedagogisch-medewerker/" in hrefs(
        "rollen/pedagogisch-coach"
    )
    gemeente = hrefs("gemeenten/nijmegen")
    assert {
        "../../interventies/ambulant-pedagogisch-medewerker/",
        "../../organisaties/kion/",
        "../../praktijkvoorbeelden/nijmegen-apm/",
    } <= gemeente
    assert "../../praktijkvoorbeelden/nijmegen-apm/" in hrefs("bronnen/factsheet-apm")


def test_edit_link_points_to_the_yaml_record(fixture_site: Path) -> None:
    link = page(fixture_site, "organisaties/kion").select_one('a[title="Wijzig deze pagina"]')
    assert link is not None
    assert link["href"].endswith("/edit/main/tests/data/valid/organisaties/kion.yaml")
    assert "/docs/" not in link["href"]


def test_missing_contact_invites_editors(fixture_site: Path) -> None:
    text = " ".join(
        page(fixture_site, "organisaties/kion").select_one("article").get_text(" ").split()
    )
    assert text.count("nog niet bekend – vul aan") == 4


def test_abbreviations_are_explained_on_every_page(fixture_site: Path) -> None:
    abbr = page(fixture_site, "praktijkvoorbeelden/nijmegen-apm").select_one("abbr")
    assert abbr is not None and abbr["title"] == "Ambulant pedagogisch medewerker"


def test_html_and_markdown_in_plain_fields_stay_text(tmp_path: Path) -> None:
    """The check refuses HTML in any field (tests/data/invalid/); the renderer still
    shows it as text when a record skips the check (model_copy does not validate)."""
    kb = check(VALID).kennisbank
    entry = kb.entries["interventies"]["ambulant-pedagogisch-medewerker"]
    entry.record = entry.record.model_copy(
        update={"voor_wie_niet": "<script>alert(1)</script> *ster* [klik](https://example.org)"}
    )
    out = tmp_path / "site"
    settings = {"docs_dir": str(FIXTURE_DOCS), "nav": FIXTURE_NAV}
    build_site(kb, out, config=ROOT / "mkdocs.yml", **settings)
    art = page(out, "interventies/ambulant-pedagogisch-medewerker").select_one("article")
    assert art.find("script") is None
    assert "<script>alert(1)</script> *ster* [klik](https://example.org)" in art.get_text()


def test_dutch_formatting() -> None:
    assert format_number(106177) == "106.177"
    assert format_number(3.5) == "3,5"
    assert format_number(1234567.25) == "1.234.567,25"
    assert format_age(Leeftijd(van_maanden=18, tot_maanden=30)) == "1,5 tot 2,5 jaar"
    assert format_age(Leeftijd(van_maanden=24, tot_maanden=48)) == "2 tot 4 jaar"
    assert format_age(Leeftijd(van_maanden=0, tot_maanden=9)) == "0 tot 9 maanden"


def test_generator_is_independent_of_mkdocs() -> None:
    site = generate(check(VALID).kennisbank, edit_base="https://example.org/edit/")
    paths = {p.path for p in site.pages}
    assert "interventies/ambulant-pedagogisch-medewerker.md" in paths
    assert "interventies/index.md" in paths
    sources = {p.path: p.source for p in site.pages}
    assert sources["rollen/pedagogisch-coach.md"].endswith("valid/rollen/pedagogisch-coach.yaml")
    assert site.abbreviations == "*[APM]: Ambulant pedagogisch medewerker"


def test_records_outside_the_repository_get_no_edit_or_report_link(tmp_path: Path) -> None:
    """``build --data /tmp/…`` (synthetic data): no link to a file the repository lacks."""
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    kb = check(data).kennisbank
    assert not in_repository(kb.entries["organisaties"]["kion"].path)
    site = generate(kb, edit_base=EDIT)
    kion = {p.path: p for p in site.pages}["organisaties/kion.md"]
    assert "/edit/main/" not in kion.markdown and "/issues/new" not in kion.markdown
    assert "vul aan" in kion.markdown  # the invitation stays, without a link
    inside = {p.path: p for p in generate(check(VALID).kennisbank, edit_base=EDIT).pages}
    assert "/edit/main/tests/data/valid/organisaties/kion.yaml" in inside[kion.path].markdown
    assert "/issues/new" in inside[kion.path].markdown


def test_many_organisations_are_listed_per_beginning_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ALPHABET_FROM organisations, "Alle organisaties" links a page per beginning
    letter, each listing its organisations per soort; every organisation is on exactly
    one, every link works (a strict build), and search indexes none of these lists."""
    from kennisbank import pagecache, render, synth

    monkeypatch.chdir(tmp_path)
    synth.generate(tmp_path / "data", gemeenten=2, organisaties=12, seed=5, base=VALID)
    kb = check(tmp_path / "data").kennisbank
    monkeypatch.setattr(render, "ALPHABET_FROM", 2)
    names = {e.id: render.title_of(e) for e in kb.all("organisaties")}
    pages = {p.path: p for p in generate(kb).pages}
    letters = sorted(p for p in pages if p.startswith("organisaties/alfabet/"))
    assert len(letters) >= 2
    assert all(not pages[p].indexed for p in [*letters, "organisaties/index.md"])
    index = pages["organisaties/index.md"].markdown
    for path in letters:
        assert f"(alfabet/{path.rsplit('/', 1)[1]})" in index
    listed = [
        id_
        for path in letters
        for id_ in names
        if f"(../../organisaties/{id_}.md)" in pages[path].markdown
    ]
    assert sorted(listed) == sorted(names)
    for id_, name in names.items():
        letter = render._letter(name)[0]
        assert (
            f"(../../organisaties/{id_}.md)" in pages[f"organisaties/alfabet/{letter}.md"].markdown
        )
    assert "(../../organisaties/" not in index

    memo = pagecache.Memo(None)
    generate(kb, memo=memo)
    letter_units = f"overzicht:{render.ALPHABET_DIR}/"
    assert sum(u.startswith(letter_units) for u in memo.made) == len(letters)
    kept = pagecache.Memo(None)
    kept.kept = memo.used
    generate(kb, memo=kept)
    assert not [u for u in kept.made if u.startswith("overzicht:")]  # nor the overviews

    out = tmp_path / "site"
    build_site(
        kb, out, config=ROOT / "mkdocs.yml", docs_dir=str(FIXTURE_DOCS), nav=FIXTURE_NAV, pdf=False
    )
    assert (
        out
        / "organisaties/alfabet"
        / letters[0].rsplit("/", 1)[1].removesuffix(".md")
        / "index.html"
    ).is_file()


def test_a_title_s_beginning_letter() -> None:
    from kennisbank.render import OTHER_LETTERS, _letter

    assert _letter("Élan kinderopvang") == ("e", "E")
    assert _letter("'t Kinderhuis") == ("t", "T")
    assert _letter("2Samen") == OTHER_LETTERS
    assert _letter("") == OTHER_LETTERS
