"""The privacy warning of `build.py check`: personal-looking e-mail addresses and mobile
numbers are flagged for review, on their line, without failing the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from kennisbank.checker import check
from kennisbank.cli import main
from kennisbank.personal_data import MOBILE, looks_personal

PERSONAL = ["jan.jansen", "j.jansen", "jm.de.vries", "p.van.dam", "kees-van-dijk", "anne_bakker"]
PERSONAL += ["janjansen", "sannebakker", "jvandam", "pvdberg", "J.Jansen", "jan.jansen+kb"]
GENERIC = ["info", "secretariaat", "jgz", "aanmelden", "info.nijmegen", "jgz.noord"]
GENERIC += ["aanmelden-vve", "noreply", "wijkteam-oost", "peuteropvang.de.vlinder", "planning"]
GENERIC += ["kinderopvang", "post", "vragen", "cjg", "secretariaat.zorg", "jan2024"]
MOBILES = ["06-12345678", "06 1234 5678", "0612345678", "+31 6 12345678", "+31(0)6-12345678"]
MOBILES += ["0031612345678", "(06) 12345678", "06 - 12 34 56 78"]
NOT_MOBILES = ["024 123 45 67", "0800-1234", "088 123 4567", "106177", "2006 12345678"]
NOT_MOBILES += ["06-nummer", "0612345", "061234567890", "+31 24 123 4567", "14 024"]


@pytest.mark.parametrize("local", PERSONAL)
def test_a_name_in_the_address_looks_personal(local: str) -> None:
    assert looks_personal(local)


@pytest.mark.parametrize("local", GENERIC)
def test_a_generic_address_does_not(local: str) -> None:
    assert not looks_personal(local)


@pytest.mark.parametrize("number", MOBILES)
def test_mobile_numbers_are_found(number: str) -> None:
    assert MOBILE.search(f"Bel {number}.")


@pytest.mark.parametrize("number", NOT_MOBILES)
def test_other_numbers_are_not(number: str) -> None:
    assert not MOBILE.search(f"Bel {number}.")


@pytest.fixture
def personal_record(data_copy: Path) -> Path:
    record = data_copy / "organisaties" / "kion.yaml"
    text = record.read_text(encoding="utf-8").replace(
        "werkgebied:",
        "contact:\n  email: jan.jansen@kion.example\n  telefoon: 06-12345678\n"
        "  website: https://www.kion.example/\nwerkgebied:",
    )
    text = text.replace(
        "omschrijving: Extra ondersteuning op de peutergroep, drie maanden lang.",
        "omschrijving: Extra ondersteuning. Vragen? Mail info@kion.example of bel Sanne "
        "op +31 6 1234 5678.",
    )
    record.write_text(text, encoding="utf-8")
    return record


def test_check_warns_on_the_line_and_passes(
    personal_record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Alles in orde:")
    assert err == (
        "data/organisaties/kion.yaml:6: waarschuwing: contact.email: "
        "'jan.jansen@kion.example' lijkt het e-mailadres van een persoon\n"
        "    Tip: gebruik een algemeen adres van de organisatie, zoals info@… of "
        "secretariaat@…; contactgegevens van personen horen niet in de kennisbank\n"
        "data/organisaties/kion.yaml:7: waarschuwing: contact.telefoon: "
        "'06-12345678' lijkt een mobiel nummer (06) van een persoon\n"
        "    Tip: gebruik het algemene telefoonnummer van de organisatie; een 06-nummer "
        "hoort er alleen in als het het officiële nummer van de organisatie is\n"
        "data/organisaties/kion.yaml:15: waarschuwing: diensten[0].omschrijving: "
        "'+31 6 1234 5678' lijkt een mobiel nummer (06) van een persoon\n"
        "    Tip: gebruik het algemene telefoonnummer van de organisatie; een 06-nummer "
        "hoort er alleen in als het het officiële nummer van de organisatie is\n"
        "\n3 waarschuwingen in 1 bestand: kijk ze na; de controle faalt er niet op.\n"
    )


def test_github_format_annotates_warnings(
    personal_record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--format", "github"]) == 0
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations[0] == (
        "::warning file=data/organisaties/kion.yaml,line=6::contact.email: "
        "'jan.jansen@kion.example' lijkt het e-mailadres van een persoon Tip: gebruik een "
        "algemeen adres van de organisatie, zoals info@… of secretariaat@…; "
        "contactgegevens van personen horen niet in de kennisbank"
    )
    assert len(annotations) == 3


def test_warnings_come_after_errors(
    personal_record: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = data_copy / "rollen" / "x.yaml"
    bad.write_text("naam: [\n", encoding="utf-8")
    assert main(["check"]) == 1
    errors, warnings = capsys.readouterr().err.split("\n\n", 1)[1].split("\n\n", 1)
    assert errors == "1 fout in 1 bestand."
    assert warnings.startswith("data/organisaties/kion.yaml:6: waarschuwing: contact.email:")


def test_other_commands_do_not_repeat_them(
    personal_record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only `check` reports warnings; the data loads for every command."""
    assert check(Path("data")).warnings
    assert main(["report"]) == 0
    assert "waarschuwing" not in capsys.readouterr().err


def test_the_real_data_has_no_personal_contact_details() -> None:
    assert check(ROOT / "data").warnings == []
