"""The sociale kaart pages: which cards a gemeente shows, what a card says, map points."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import ROOT, VALID, build_fixture
from golden_html import assert_matches_golden

from kennisbank import sociale_kaart as sk
from kennisbank.checker import Kennisbank, check
from kennisbank.model import Contact, Dienst, Toegang
from kennisbank.render import generate

EDIT = "https://example.org/repo/edit/main/"
APM = "kion--ambulant-pedagogisch-medewerker"
# The extensions mkdocs.yml uses for what the cards contain.
EXTENSIONS = ["md_in_html", "attr_list", "abbr", "tables", "toc"]


@pytest.fixture(scope="module")
def real() -> Kennisbank:
    return check(ROOT / "data").kennisbank


@pytest.fixture(scope="module")
def real_pages(real: Kennisbank) -> dict[str, str]:
    return {p.path: p.markdown for p in generate(real, edit_base=EDIT).pages}


def html_of(page_markdown: str) -> BeautifulSoup:
    body = page_markdown.split("\n---\n", 1)[1]
    return BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser")


def card(page: BeautifulSoup, key: str) -> Tag:
    found = page.select_one(f'article.kb-dienst[data-dienst="{key}"]')
    assert found is not None, f"no card {key}"
    return found


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def test_every_dienst_is_on_the_pages_of_its_gemeenten_and_no_other(
    real: Kennisbank, real_pages: dict[str, str]
) -> None:
    expected: dict[str, set[str]] = {g.id: set() for g in real.all("gemeenten")}
    for entry in real.all("organisaties"):
        for dienst in entry.record.diensten:
            for area in dienst.werkgebied or entry.record.werkgebied:
                expected[area.gemeente].add(f"{entry.id}--{dienst.id}")
    for gemeente, keys in expected.items():
        shown = re.findall(
            r'<article class="kb-dienst" markdown data-dienst="([^"]+)"',
            real_pages[f"sociale-kaart/{gemeente}.md"],
        )
        assert len(shown) == len(set(shown)), f"{gemeente}: a dienst shown twice"
        assert set(shown) == keys, gemeente
    assert sum(map(len, expected.values())) > 70


def test_a_dienst_without_werkgebied_inherits_its_organisation(tmp_path: Path) -> None:
    kb = check(VALID).kennisbank
    kion = kb.get("organisaties", "kion")
    assert kion.diensten[0].werkgebied == [], "the fixture's APM dienst has no werkgebied"
    assert sk.werkgebied(kion, kion.diensten[0]) == kion.werkgebied
    page = html_of(
        next(p.markdown for p in generate(kb).pages if p.path == "sociale-kaart/nijmegen.md")
    )
    apm = card(page, "kion--apm")
    assert apm["data-wijken"] == "dukenburg lindenholt"
    # The fixture's Nijmegen has just these two wijken.
    assert "Waar: In alle wijken van Nijmegen" in text(apm)


def test_diensten_without_any_werkgebied_are_listed_on_the_index(
    real: Kennisbank, real_pages: dict[str, str]
) -> None:
    lost = sk.without_area(real)
    index = real_pages["sociale-kaart/index.md"]
    for item in lost:
        assert f"../organisaties/{item.organisatie.id}.md" in index
    for gemeente in real.all("gemeenten"):
        assert f"[{gemeente.record.naam.replace(chr(39), '&#39;')}]({gemeente.id}.md)" in index


def test_the_apm_card_in_nijmegen(real_pages: dict[str, str]) -> None:
    apm = card(html_of(real_pages["sociale-kaart/nijmegen.md"]), APM)
    words = text(apm)
    assert apm.h3["id"] == APM
    assert "Voor wie: kinderen van 2 tot 4 jaar" in words
    assert "Helpt bij: praten en taal, gedrag en spelen" in words
    assert "Waar: In Dukenburg en Lindenholt" in words
    assert (
        "Je hebt een verwijzing of aanmelding nodig. Vraag ernaar bij de pedagogisch medewerker"
        in words
    )
    roles = [a["href"] for a in apm.select("li a[href^='../rollen/']")]
    assert roles[0] == "../rollen/pedagogisch-medewerker.md"
    assert "Kosten voor ouders: Niet bekend. Betaald uit: subsidie van de gemeente." in words
    assert "Laatst gecontroleerd: 23 november 2026" in words
    assert apm.select_one("a[href='../organisaties/kion.md']").get_text() == "KION"
    assert apm["data-leeftijd"] == "24-48"
    assert apm["data-behoeften"] == "taal-spraak gedrag spel"
    assert (apm["data-toegang"], apm["data-kosten"]) == ("verwijzing", "onbekend")
    actions = apm.select_one(".kb-dienst__acties")
    assert actions.has_attr("hidden") and actions["data-pagefind-ignore"] == "all"
    assert actions.button["aria-pressed"] == "false"


def test_every_bewaar_button_names_the_gemeente_page_that_holds_its_card(
    real: Kennisbank, real_pages: dict[str, str]
) -> None:
    """Mijn lijstje stores <gemeente>/<dienst> and fetches the card from that gemeente's page."""
    total = 0
    for gemeente in real.all("gemeenten"):
        page = html_of(real_pages[f"sociale-kaart/{gemeente.id}.md"])
        for article in page.select("article.kb-dienst"):
            button = article.select_one("button.kb-bewaar")
            assert button is not None, f"{gemeente.id}: {article['data-dienst']} has no Bewaar"
            assert button["data-dienst"] == article["data-dienst"] == article.h3["id"]
            assert button["data-gemeente"] == gemeente.id
            total += 1
    assert total > 70


def test_the_list_page_has_no_cards_and_points_to_the_gemeente_pages(
    fixture_site: Path, real_pages: dict[str, str]
) -> None:
    """The list page fetches the saved cards, so its size does not grow with the diensten."""
    folder = fixture_site / "sociale-kaart" / "mijn-lijstje"
    page = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("article.kb-dienst, button.kb-bewaar") == []
    assert page.select_one("#kb-lijstje-diensten") is not None
    kaart = (folder / page.select_one("#kb-lijstje")["data-basis"]).resolve()
    assert kaart == (fixture_site / "sociale-kaart").resolve()
    assert (kaart / "nijmegen" / "index.html").is_file()
    few = {p.path: p.markdown for p in generate(check(VALID).kennisbank).pages}
    assert few[sk.LIST_PAGE] == real_pages[sk.LIST_PAGE], (
        "the same page for few diensten as for many"
    )


def test_missing_contact_invites_editors_and_known_contact_is_clickable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    # The copy stands in for the repository: only a record inside it has an edit link.
    monkeypatch.chdir(tmp_path)
    kb = check(data).kennisbank

    def contact_item() -> Tag:
        md = next(
            p.markdown
            for p in generate(kb, edit_base=EDIT).pages
            if p.path == "sociale-kaart/nijmegen.md"
        )
        items = card(html_of(md), "kion--apm").select("li")
        return next(li for li in items if li.get_text().startswith("Contact:"))

    empty = contact_item()
    assert text(empty) == "Contact: Contactgegevens nog niet bekend – vul aan"
    assert empty.a["href"].startswith(EDIT)
    assert empty.a["href"].endswith("organisaties/kion.yaml")

    record = data / "organisaties" / "kion.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "werkgebied:",
            "contact:\n  website: https://www.example.org/\n  telefoon: 024 123 45 67\n"
            "  email: info@example.org\nwerkgebied:",
            1,
        ),
        encoding="utf-8",
    )
    kb = check(data).kennisbank
    links = {a.get_text(): a["href"] for a in contact_item().select("a")}
    assert links == {
        "Website: www.example.org": "https://www.example.org/",
        "Bel 024 123 45 67": "tel:0241234567",
        "Mail info@example.org": "mailto:info@example.org",
    }


def test_a_website_that_is_no_web_address_is_not_linked() -> None:
    """The checker refuses such a website; the card does not rely on that alone."""
    kb = check(VALID).kennisbank
    entry = kb.entries["organisaties"]["kion"]
    hostile = Contact.model_construct(website="javascript:alert(1)", telefoon="", email="")
    entry.record = entry.record.model_copy(update={"contact": hostile})
    md = next(p.markdown for p in generate(kb).pages if p.path == "sociale-kaart/nijmegen.md")
    assert "javascript:" not in md
    assert "Contactgegevens nog niet bekend" in md


def test_costs_and_access_say_only_what_the_data_says() -> None:
    def dienst(**fields: object) -> Dienst:
        return Dienst(id="d", naam="D", omschrijving="o", in_gewone_taal="t", **fields)

    assert sk.costs(dienst()) == "onbekend"
    assert sk.costs(dienst(financiering=["jeugdwet"])) == "onbekend", "no guessing from the payer"
    assert sk.costs(dienst(kosten_voor_ouders="Gratis voor alle ouders.")) == "gratis"
    assert sk.costs(dienst(kosten_voor_ouders="Geen kosten.")) == "gratis"
    assert sk.costs(dienst(kosten_voor_ouders="Een inkomensafhankelijke bijdrage.")) == "met-kosten"
    assert sk.costs(dienst(financiering=["ouderbijdrage"])) == "met-kosten"
    assert sk.access(dienst()) == "onbekend"
    assert sk.access(dienst(toegang=Toegang(vrij_toegankelijk=True))) == "zelf"
    assert sk.access(dienst(toegang=Toegang(vrij_toegankelijk=False))) == "verwijzing"
    assert sk.role_name("Jeugdverpleegkundige (GGD / JGZ)") == "jeugdverpleegkundige"
    assert sk.role_name("KoK-zorgcoördinator (Kijk op Kleintjes)") == "KoK-zorgcoördinator"
    assert sk.role_name("IVH-casemanager") == "IVH-casemanager"


def test_filters_offer_only_values_that_occur(real_pages: dict[str, str]) -> None:
    page = html_of(real_pages["sociale-kaart/nijmegen.md"])
    form = page.select_one("form#kb-filters")
    assert form.has_attr("hidden") and form["data-pagefind-ignore"] == "all"
    for select in form.select("select"):
        label = form.select_one(f'label[for="{select["id"]}"]')
        assert label is not None and label.get_text().strip(), select["id"]
    costs = [o["value"] for o in form.select("#kb-filter-kosten option")]
    shown = {c["data-kosten"] for c in page.select("article.kb-dienst")}
    assert costs == ["", *[c for c in sk.COSTS if c in shown]]
    needs = {o["value"] for o in form.select("#kb-filter-behoefte option")} - {""}
    assert needs == {
        b for c in page.select("article.kb-dienst") for b in c["data-behoeften"].split()
    }


def test_map_points_are_as_precise_as_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    gemeente = data / "gemeenten" / "nijmegen.yaml"
    lines = [
        line
        for line in gemeente.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith(
            ("ligging", "breedtegraad", "lengtegraad", "toelichting: Midden")
        )
    ]
    text_ = "\n".join(lines) + "\n"
    text_ = text_.replace(
        "naam: Nijmegen\n", "naam: Nijmegen\nligging: {breedtegraad: 51.84, lengtegraad: 5.85}\n"
    )
    text_ = text_.replace(
        "    naam: Dukenburg\n",
        "    naam: Dukenburg\n    ligging: {breedtegraad: 51.82, lengtegraad: 5.79}\n",
    )
    gemeente.write_text(text_, encoding="utf-8")
    kb = check(data).kennisbank
    item = sk.diensten_in(kb, "nijmegen")[0]
    kaart = sk.Kaart(kb, "nijmegen")
    points = kaart.points_of(item)
    assert [(p.precisie, p.label) for p in points] == [
        ("wijk", "midden van de wijk Dukenburg (geen adres bekend)"),
        ("gemeente", "midden van de gemeente Nijmegen (geen adres bekend)"),
    ], "Lindenholt has no point of its own, so it falls back to the gemeente"
    assert kaart.points_of(item) == points and len(kaart.punten) == 2, "points are shared"

    record = data / "organisaties" / "kion.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "werkgebied:",
            "contact:\n  adres:\n    straat: Teststraat 1\n    plaats: Nijmegen\n"
            "    ligging: {breedtegraad: 51.83, lengtegraad: 5.86}\nwerkgebied:",
            1,
        ),
        encoding="utf-8",
    )
    kb = check(data).kennisbank
    (point,) = sk.Kaart(kb, "nijmegen").points_of(sk.diensten_in(kb, "nijmegen")[0])
    assert (point.precisie, point.label) == ("adres", "adres van KION: Teststraat 1, Nijmegen")


def test_scripts_are_external_and_relative_to_the_page() -> None:
    assert sk.asset_url("sociale-kaart/index.md", "assets/js/a.js") == "../assets/js/a.js"
    assert sk.asset_url("sociale-kaart/nijmegen.md", "assets/js/a.js") == "../../assets/js/a.js"
    assert sk.asset_url("sociale-kaart/windex.md", "assets/js/a.js") == "../../assets/js/a.js"


def test_built_page_escapes_data_and_has_only_deferred_external_scripts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    record = data / "organisaties" / "kion.yaml"
    # The checker refuses HTML in records; what it lets through must still stay text.
    nasty = 'Tom & Jerry "quote" <3 a < b *ster* _x_ [y]'
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "naam: Ambulant pedagogisch medewerker", f"naam: '{nasty}'"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build_fixture(out, data)
    page = BeautifulSoup(
        (out / "sociale-kaart/nijmegen/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    apm = page.select_one('article[data-dienst="kion--apm"]')
    assert apm.find("script") is None
    assert apm.h3.get_text().startswith(nasty)
    assert apm.select_one(".kb-sr-only").get_text() == f" {nasty}"
    scripts = page.select("article.md-content__inner script")
    assert [s["src"] for s in scripts] == [
        "../../assets/js/lijstje.js",
        "../../assets/js/sociale-kaart.js",
    ]
    assert all(s.has_attr("defer") and not s.get_text().strip() for s in scripts)


def test_card_matches_golden(fixture_site: Path) -> None:
    html = (fixture_site / "sociale-kaart/nijmegen/index.html").read_text(encoding="utf-8")
    node = BeautifulSoup(html, "html.parser").select_one('article[data-dienst="kion--apm"]')
    assert node is not None
    # The map points depend on the fixture's ligging; test_map_points_are_as_precise_as_the_data covers them.
    del node["data-punten"]
    assert_matches_golden("sociale-kaart-kaartje.html", node.prettify())
