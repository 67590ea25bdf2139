from __future__ import annotations

import shutil
from pathlib import Path

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
