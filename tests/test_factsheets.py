"""Factsheets: PDF text and facts, page count, PDF/UA tagging, co-branding, charts,
caching (a change re-renders only the factsheets it touches) and a page-image check."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, VALID
from PIL import Image, ImageChops
from pypdf import PdfReader

from kennisbank import charts, factsheets, parallel
from kennisbank.checker import Kennisbank, check
from kennisbank.factsheets import Builder, FactsheetError, Report, Sheet
from kennisbank.model import Kerncijfer

APM = "interventies/ambulant-pedagogisch-medewerker"
GOLDEN = ROOT / "tests" / "golden"
BRAND = "#5b2a86"  # the fixture's fake huisstijl (tests/data/valid/gemeenten/nijmegen.yaml)


def norm(text: str) -> str:
    """Text without whitespace and hyphens, case-folded: immune to line breaks and
    hyphenation, and to the upper case the CSS gives headings."""
    return re.sub(r"[\s\-\u00ad]+", "", text).casefold()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def kb_of(data: Path) -> Kennisbank:
    result = check(data)
    assert result.ok, [str(p) for p in result.problems]
    return result.kennisbank


class Built:
    def __init__(self, data: Path, cache: Path) -> None:
        self.kb = kb_of(data)
        self.builder = Builder(self.kb, cache=cache, site_url="https://kennisbank-jonge-kind.nl/")
        self.sheets = self.builder.sheets()
        self.report: Report = self.builder.pdfs(self.sheets)

    def pdf(self, name: str) -> Path:
        return self.report.pdfs[name]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


@pytest.fixture(scope="session")
def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(VALID, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def real_pdfs() -> Built:
    """All factsheets of the real data/, cached where the site build caches them."""
    return Built(ROOT / "data", ROOT / factsheets.DEFAULT_CACHE)


# --- content ---------------------------------------------------------------------------


def test_apm_factsheet_has_the_sections_and_facts_of_the_model(fixture_pdfs: Built) -> None:
    text = norm(pdf_text(fixture_pdfs.pdf(APM)))
    for expected in [
        "Factsheet · Ambulant pedagogisch medewerker",  # running header
        "Kennisbank Jonge Kind",
        "Factsheet aanpak · Nijmegen",
        "Ambulant pedagogisch medewerker",
        "In gewone taal",
        "Heeft je peuter wat extra hulp nodig?",
        "Voor wie?",
        "Kinderen met lichte ondersteuningsvragen die in drie maanden geholpen kunnen worden.",
        "Voor wie niet?",
        "Kinderen met een zware ondersteuningsbehoefte.",
        "Hoe werkt het?",
        "1 De pedagogisch coach bespreekt de aanvraag.",
        "2 De APM'er gaat twee keer 2 uur per week met het kind aan de slag.",
        "Wat gaat goed?",
        "Aanmeldprocedure is helder, kort en efficiënt",
        "Waar wordt nog aan gewerkt?",
        "Het betrekken van de ouders",
        "Wat zeggen betrokkenen?",
        "“Het zelfvertrouwen van de kinderen neemt gedurende de begeleiding toe”",
        "Kerncijfers",
        "€ 106.177",
        "1,5 fte",
        "Financiering en kosten",
        "subsidie van de gemeente",
        "Hoe kom je eraan?",
        "Wie doen het?",
        "KION",
        "Bronnen",
        "De inzet van de ambulant pedagogisch medewerker (factsheet, Gemeente Nijmegen en KION, 2024)",
        "Laatst gecontroleerd: 23 november 2026",
        "kennisbank-jonge-kind.nl/interventies/ambulant-pedagogisch-medewerker/",
        "pagina 1 van 1",
    ]:
        assert norm(expected) in text, expected


def test_real_apm_factsheet_carries_every_key_fact(real_pdfs: Built) -> None:
    r = real_pdfs.kb.get("interventies", "ambulant-pedagogisch-medewerker")
    text = norm(pdf_text(real_pdfs.pdf(APM)))
    must = [r.naam, r.doelgroep.omschrijving, r.voor_wie_niet, r.duur, r.intensiteit]
    must += [f"{i} {stap.tekst}" for i, stap in enumerate(r.werkwijze, 1)]
    must += r.wat_gaat_goed + r.aandachtspunten + [c.tekst for c in r.citaten]
    must += [charts.format_value(k) for k in r.kerncijfers]
    must += [real_pdfs.kb.get("bronnen", b.bron).titel for b in r.bronnen]
    must += ["Wat gaat goed?", "Waar wordt nog aan gewerkt?", "Financiering en kosten", "Bronnen"]
    must += ["106.177", "1,5 fte", "Laatst gecontroleerd", "pagina 2 van 2"]
    missing = [m for m in must if norm(m) not in text]
    assert not missing


def test_every_factsheet_has_one_or_two_a4_pages(fixture_pdfs: Built, real_pdfs: Built) -> None:
    for built in (fixture_pdfs, real_pdfs):
        assert len(built.report.pdfs) == len(built.sheets)
        for name, path in built.report.pdfs.items():
            pages = PdfReader(path).pages
            assert 1 <= len(pages) <= 2, f"{name}: {len(pages)} pagina's"
            width, height = (float(v) for v in pages[0].mediabox.upper_right)
            assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297), name


def test_a_factsheet_for_every_intervention_example_and_gemeente(real_pdfs: Built) -> None:
    kb = real_pdfs.kb
    expected = {f"{t}/{e.id}" for t in factsheets.TYPES for e in kb.all(t)}
    assert set(real_pdfs.report.pdfs) == expected


def test_pdf_is_tagged_for_screen_readers(fixture_pdfs: Built) -> None:
    reader = PdfReader(fixture_pdfs.pdf(APM))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Factsheet Ambulant pedagogisch medewerker"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_only_the_shipped_fonts_are_embedded(fixture_pdfs: Built) -> None:
    for path in fixture_pdfs.report.pdfs.values():
        for page in PdfReader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                assert "+Source-Sans-3" in str(font.get_object()["/BaseFont"]), path


def test_dutch_hyphenation(fixture_pdfs: Built) -> None:
    html = fixture_pdfs.builder.document(fixture_pdfs.sheet(APM))
    assert '<html lang="nl">' in html
    assert "hyphens: auto" in (factsheets.TEMPLATES / "factsheet.css").read_text()
    text = pdf_text(fixture_pdfs.pdf(APM))
    words = set(re.findall(r"\w+", (VALID / f"{APM}.yaml").read_text(encoding="utf-8")))
    broken = re.findall(r"(\w+)-\n(\w+)", text)
    assert any(a + b in words for a, b in broken), broken


# --- co-branding ---------------------------------------------------------------------------


def _colours(path: Path) -> set[tuple[float, ...]]:
    found = set()
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data):
            found.add((float(r), float(g), float(b)))
    return found


def _has_colour(path: Path, colour: str) -> bool:
    want = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return any(
        all(abs(a - b) < 0.003 for a, b in zip(c, want, strict=True)) for c in _colours(path)
    )


def test_gemeente_set_carries_its_colour_and_logo(tmp_path: Path) -> None:
    kb = kb_of(VALID)
    written = factsheets.make_set(kb, tmp_path / "out", "nijmegen", cache=tmp_path / "cache")
    assert sorted(p.name for p in written) == [
        "aanpak-ambulant-pedagogisch-medewerker.pdf",
        "gemeente-nijmegen.pdf",
        "praktijkvoorbeeld-nijmegen-apm.pdf",
    ]
    for pdf in written:
        assert _has_colour(pdf, BRAND), pdf.name
        text = norm(pdf_text(pdf))
        assert norm("TESTLOGO geen echt logo") in text, pdf.name  # the logo, drawn from its SVG
        assert norm("Gemeente Nijmegen · Kennisbank Jonge Kind") in text, pdf.name
    builder = Builder(kb, cache=tmp_path / "cache")
    sheet = builder.sheets("nijmegen", factsheets.style_for(kb, "nijmegen"))[0]
    html = builder.document(sheet)
    assert 'alt="Logo gemeente Nijmegen"' in html
    assert (ROOT / "tests/data/huisstijl/testlogo.svg").as_uri() in html
    assert f"--kb-fs-primair: {BRAND};" in html


def test_neutral_factsheets_carry_no_gemeente_branding(fixture_pdfs: Built) -> None:
    pdf = fixture_pdfs.pdf(APM)
    assert not _has_colour(pdf, BRAND)
    assert _has_colour(pdf, factsheets.neutral_style().primary)
    assert norm("TESTLOGO") not in norm(pdf_text(pdf))


def test_neutral_style_comes_from_the_site_css() -> None:
    css = factsheets.SITE_CSS.read_text(encoding="utf-8")
    style = factsheets.neutral_style()
    assert f"--kb-primair: {style.primary};" in css
    assert f"--kb-accent: {style.accent};" in css


def test_a_missing_logo_is_reported_in_dutch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    record = data / "gemeenten" / "nijmegen.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("testlogo.svg", "weg.svg"), encoding="utf-8"
    )
    with pytest.raises(FactsheetError, match=r"huisstijl: logo '.*weg\.svg' bestaat niet"):
        factsheets.style_for(kb_of(data), "nijmegen")


def test_cli_writes_a_gemeente_set_and_names_unknown_gemeenten(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "build.py", "factsheets", "--data", str(VALID), *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)

    done = run("--gemeente", "nijmegen", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("*.pdf"))) == 3
    wrong = run("--gemeente", "nijmgen", "--out", str(tmp_path / "x"))
    assert wrong.returncode == 1
    assert "gemeente 'nijmgen' bestaat niet (bedoelde je 'nijmegen'?)" in wrong.stderr


# --- caching -------------------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_change_rerenders_only_the_factsheets_it_touches(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(VALID, data)

    def rendered() -> list[str]:
        builder = Builder(kb_of(data), cache=cache)
        return sorted(builder.pdfs(builder.sheets()).rendered)

    assert len(rendered()) == 3
    assert rendered() == []
    _edit(data / f"{APM}.yaml", "Het betrekken van de ouders", "Ouders meer betrekken")
    assert rendered() == [APM]
    _edit(data / "rollen/pedagogisch-coach.yaml", "naam: Pedagogisch coach", "naam: Coach")
    assert rendered() == [APM]  # its steps, quote and access name the role
    _edit(data / "organisaties/kion.yaml", "samenvatting: Kinderopvang", "samenvatting: Kinder")
    assert rendered() == []  # no factsheet shows an organisation's summary
    _edit(data / "gemeenten/nijmegen.yaml", "naam: Nijmegen", "naam: Nijmegen-Noord")
    assert rendered() == sorted([APM, "gemeenten/nijmegen", "praktijkvoorbeelden/nijmegen-apm"])


def test_the_url_fetcher_loads_only_listed_local_files(tmp_path: Path) -> None:
    listed, other = tmp_path / "a.css", tmp_path / "b.css"
    listed.write_text("p {}")
    other.write_text("p {}")
    fetcher = factsheets._local_fetcher([str(listed)])
    assert fetcher.fetch(listed.as_uri()).read() == b"p {}"
    for url in ("https://example.org/x.png", other.as_uri(), "data:text/css,p{}"):
        with pytest.raises(FactsheetError, match="alleen bestanden uit de repository"):
            fetcher.fetch(url)


# --- charts --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chart_data(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture with a figure series for Nijmegen: waiting time per wijk."""
    data = tmp_path_factory.mktemp("charts") / "data"
    shutil.copytree(VALID, data)
    figures = "kerncijfers:\n" + "".join(
        f"  - omschrijving: Wachttijd aanmelding wijkteam, {wijk}\n"
        f"    waarde: {weken}\n    eenheid: weken\n    jaar: 2019\n"
        "    reeks: Wachttijd per wijk\n    bron: {bron: factsheet-apm}\n"
        for wijk, weken in (("Dukenburg", 5.5), ("Lindenholt", 3.3))
    )
    _edit(data / "gemeenten/nijmegen.yaml", "bronnen:\n", figures + "bronnen:\n")
    return Built(data, tmp_path_factory.mktemp("chart-cache"))


def test_a_series_becomes_one_chart_in_html_and_pdf(chart_data: Built) -> None:
    sheet = chart_data.sheet("gemeenten/nijmegen")
    [(chart, svg)] = sheet.charts
    assert chart.labels == ["Dukenburg", "Lindenholt"]
    page = BeautifulSoup(chart_data.builder.site_page(sheet), "html.parser")
    img = page.select_one("figure.kb-fs-chart img")
    assert img["src"] == f"../../grafieken/{svg.name}"
    assert "Dukenburg: 5,5 weken; Lindenholt: 3,3 weken" in img["alt"]
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in page.select("tbody tr")]
    assert ["Wachttijd aanmelding wijkteam, Dukenburg", "5,5 weken"] in rows
    document = chart_data.builder.document(sheet)
    assert f'src="{svg.as_uri()}"' in document  # the same SVG file in the PDF
    pdf = PdfReader(chart_data.pdf("gemeenten/nijmegen"))
    alts = [str(n.get("/Alt", "")) for n in _struct_nodes(pdf.trailer["/Root"]["/StructTreeRoot"])]
    assert any("Dukenburg: 5,5 weken" in alt for alt in alts), "the figure has its numbers as alt"


def _struct_nodes(node: object) -> list[dict]:
    node = node.get_object() if hasattr(node, "get_object") else node
    found = [node] if isinstance(node, dict) else []
    kids = node.get("/K", []) if isinstance(node, dict) else node
    if isinstance(kids, list):
        for kid in kids:
            found += _struct_nodes(kid)
    elif hasattr(kids, "get_object") and isinstance(kids.get_object(), dict):
        found += _struct_nodes(kids)
    return found


def test_charts_are_deterministic_svg(chart_data: Built, tmp_path: Path) -> None:
    [(chart, svg)] = chart_data.sheet("gemeenten/nijmegen").charts
    palette = charts.Palette(bar="#1d5c63", highlight="#b34700")
    fonts = factsheets.chart_fonts(tmp_path)
    first, second = charts.draw(chart, palette, fonts), charts.draw(chart, palette, fonts)
    assert first == second
    assert "<dc:date>" not in first and "<text" not in first  # no date; text drawn as paths
    assert svg.read_text(encoding="utf-8") == charts.draw(
        chart, charts.Palette(bar="#1d5c63", highlight="#b34700"), fonts
    )


def test_years_become_columns_and_other_series_bars() -> None:
    kb = kb_of(VALID)
    bron = kb.get("interventies", "ambulant-pedagogisch-medewerker").kerncijfers[0].bron
    kc = Kerncijfer
    per_year = [
        kc(omschrijving=f"Kinderen in {y}", waarde=v, jaar=y, reeks="a", bron=bron)
        for y, v in ((2015, 12.0), (2016, 20.0))
    ]
    assert charts.charts_for(per_year)[0].by_year
    mixed = [
        kc(omschrijving="x", waarde=1.0, eenheid="%", reeks="b", bron=bron),
        kc(omschrijving="y", waarde=2.0, eenheid="uur", reeks="b", bron=bron),
    ]
    assert charts.charts_for(mixed) == []  # different units make no chart
    assert charts.charts_for(per_year[:1]) == []  # one figure is no series


# --- the site ------------------------------------------------------------------------------


def test_site_has_factsheet_pages_and_pdfs_linked_from_the_records(fixture_site: Path) -> None:
    for name in (APM, "praktijkvoorbeelden/nijmegen-apm", "gemeenten/nijmegen"):
        pdf = fixture_site / "factsheets" / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        record = BeautifulSoup((fixture_site / name / "index.html").read_text(), "html.parser")
        download = record.find("a", string="Download factsheet (PDF)")
        assert download is not None, name
        assert (fixture_site / name / download["href"]).resolve() == pdf.resolve()
        view = record.find("a", string="Bekijk de factsheet")
        assert (fixture_site / name / view["href"] / "index.html").is_file()
        page = fixture_site / "factsheets" / name / "index.html"
        sheet = BeautifulSoup(page.read_text(), "html.parser")
        assert sheet.select_one("article .kb-factsheet h1") is not None
        link = sheet.find("a", string="Download factsheet (PDF)")
        assert (page.parent / link["href"]).resolve() == pdf.resolve()


def test_factsheet_pages_link_only_to_existing_files(fixture_site: Path) -> None:
    for page in (fixture_site / "factsheets").rglob("index.html"):
        article = BeautifulSoup(page.read_text(), "html.parser").select_one("article")
        for tag in article.select("a[href], img[src]"):
            url = tag.get("href") or tag.get("src")
            if url.startswith(("http", "#", "mailto:", "tel:")):
                continue
            target = (page.parent / url.split("#")[0]).resolve()
            assert target.is_file() or (target / "index.html").is_file(), f"{page}: {url}"


# --- page image ----------------------------------------------------------------------------


def _page_images(pdf: Path, out: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def test_apm_factsheet_looks_like_its_reference_image(fixture_pdfs: Built, tmp_path: Path) -> None:
    """The fixture's APM factsheet, rendered with pdftoppm, against tests/golden/.
    After an intended layout change: UPDATE_GOLDEN=1 pytest tests/test_factsheets.py."""
    images = _page_images(fixture_pdfs.pdf(APM), tmp_path)
    for number, image in enumerate(images, 1):
        golden = GOLDEN / f"factsheet-interventie-ambulant-pedagogisch-medewerker-{number}.png"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            shutil.copyfile(image, golden)
        assert golden.is_file(), f"{golden} ontbreekt: draai UPDATE_GOLDEN=1 pytest"
        assert _difference(Image.open(image), Image.open(golden)) < 0.01, golden.name
    assert len(images) == len(list(GOLDEN.glob("factsheet-interventie-*.png")))


def _difference(actual: Image.Image, expected: Image.Image) -> float:
    """Share of pixels that differ clearly (anti-aliasing noise does not count)."""
    actual, expected = actual.convert("L"), expected.convert("L")
    if actual.size != expected.size:
        return 1.0
    diff = ImageChops.difference(actual, expected).point(lambda v: 255 if v > 48 else 0)
    return sum(diff.histogram()[255:]) / (actual.width * actual.height)


def test_prune_removes_only_long_unused_pdfs(tmp_path: Path) -> None:
    old, recent = tmp_path / "pdf" / "old.pdf", tmp_path / "pdf" / "recent.pdf"
    old.parent.mkdir()
    old.write_bytes(b"%PDF-")
    recent.write_bytes(b"%PDF-")
    os.utime(old, (0, 0))
    Builder(kb_of(VALID), cache=tmp_path).prune(keep_days=30)
    assert not old.exists() and recent.exists()


def test_huisstijl_fonts_are_used_and_loaded_locally(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    font = "docs/assets/fonts/source-sans-3/source-sans-3-latin-600-italic.woff2"
    _edit(
        data / "gemeenten/nijmegen.yaml", "huisstijl:\n", f"huisstijl:\n  lettertypen: [{font}]\n"
    )
    out = tmp_path / "out"
    [pdf, *_] = factsheets.make_set(kb_of(data), out, "nijmegen", cache=tmp_path / "cache")
    names = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(pdf).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("+Huisstijl-0-Semi-Bold-Italic" in n for n in names), names
    assert all("+Huisstijl-0" in n or "+Source-Sans-3" in n for n in names), names


def test_the_same_inputs_give_the_same_pdf(fixture_pdfs: Built, tmp_path: Path) -> None:
    job = fixture_pdfs.builder._job(fixture_pdfs.sheet(APM))
    again = tmp_path / "again.pdf"
    factsheets.render_pdf(dataclasses.replace(job, target=again))
    assert again.read_bytes() == fixture_pdfs.pdf(APM).read_bytes()


def _pool_squares() -> list[int]:
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=factsheets._pool_context()) as pool:
        return list(pool.map(abs, [-1, -2, -3]))


def test_a_forked_process_renders_in_a_pool_after_its_parent_did():
    """The factsheets are made in a forked process; the parent (a process that builds more
    than once) may have started the pool's forkserver before."""
    assert _pool_squares() == [1, 2, 3]
    assert parallel.Forked(_pool_squares).result() == [1, 2, 3]
