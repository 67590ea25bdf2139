"""The data model of the kennisbank: one pydantic class per record type.

Field names are Dutch because editors write them; every field carries a Dutch
help text (``description``), which becomes the editors' field reference.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from . import safety
from .result import shorten

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Ref:
    """Marks a string field as the id of a record of another type."""

    target: str


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(
            f"'{shorten(value)}' is geen geldige id: gebruik alleen kleine letters, cijfers en streepjes"
        )
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"datum {value.isoformat()} ligt in de toekomst")
    return value


_SLUG_SCHEMA = {"pattern": SLUG.pattern}
WebUrl = Annotated[
    str, AfterValidator(safety.web_url), Field(json_schema_extra={"pattern": r"^(https?://\S+)?$"})
]
Email = Annotated[str, AfterValidator(safety.email_address)]
Telefoon = Annotated[str, AfterValidator(safety.phone_number)]
RepoPad = Annotated[str, AfterValidator(safety.repo_path)]
Bestandsnaam = Annotated[str, AfterValidator(safety.file_name)]
Slug = Annotated[str, AfterValidator(_slug), Field(json_schema_extra=_SLUG_SCHEMA)]
BronId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("bronnen"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "bronnen"}),
]
RolId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("rollen"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "rollen"}),
]
OrganisatieId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("organisaties"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "organisaties"}),
]
InterventieId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("interventies"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "interventies"}),
]
GemeenteId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("gemeenten"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "gemeenten"}),
]
BegripId = Annotated[
    str,
    AfterValidator(_slug),
    Ref("begrippen"),
    Field(json_schema_extra={**_SLUG_SCHEMA, "x-verwijst-naar": "begrippen"}),
]

Ondersteuningsbehoefte = Literal[
    "taal-spraak",
    "gedrag",
    "sociaal-emotioneel",
    "motoriek",
    "cognitief",
    "spel",
    "zintuiglijk",
    "lichamelijk",
    "verstandelijke-beperking",
    "algemene-ontwikkeling",
    "opvoeding",
    "gezin",
]
Niveau = Literal["basis", "op-de-groep", "buiten-de-groep", "buiten-reguliere-opvang"]
Financieringsbron = Literal[
    "oab",
    "jeugdwet",
    "zvw",
    "wlz",
    "gemeentelijk-budget",
    "rijksmiddelen-vve",
    "subsidie-gemeente",
    "samenwerkingsverband",
    "eigen-middelen-aanbieder",
    "kinderopvangtoeslag",
    "ouderbijdrage",
    "overig",
]
Status = Literal["voorstel", "pilot", "structureel", "beeindigd", "onbekend"]
Erkenningsniveau = Literal[
    "goed-onderbouwd",
    "effectief-eerste-aanwijzingen",
    "effectief-goede-aanwijzingen",
    "effectief-sterke-aanwijzingen",
    "niet-erkend",
    "niet-van-toepassing",
    "onbekend",
]
Bronsoort = Literal[
    "raadsvoorstel", "factsheet", "presentatie", "verslag", "rapport", "website", "overig"
]
Organisatiesoort = Literal[
    "kinderopvang",
    "jeugdgezondheidszorg",
    "jeugdhulp",
    "sociaal-wijkteam",
    "welzijn",
    "onderwijs",
    "samenwerkingsverband",
    "zorg",
    "gemeente",
    "onderzoek-advies",
    "landelijk",
    "netwerk",
    "overig",
]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BronVerwijzing(Strict):
    bron: BronId = Field(description="Id van de bron (een bestand in data/bronnen/).")
    vindplaats: str = Field(
        "",
        description="Waar in de bron het staat: hoofdstuk, kopje, dia of pagina.",
    )


class Leeftijd(Strict):
    van_maanden: int = Field(ge=0, le=216, description="Vanaf welke leeftijd, in maanden.")
    tot_maanden: int = Field(
        ge=0, le=216, description="Tot welke leeftijd, in maanden (niet inbegrepen)."
    )

    @field_validator("tot_maanden")
    @classmethod
    def _after_start(cls, value: int, info: ValidationInfo) -> int:
        start = info.data.get("van_maanden")
        if start is not None and value <= start:
            raise ValueError(f"moet groter zijn dan van_maanden ({start})")
        return value


class Doelgroep(Strict):
    omschrijving: str = Field(description="Voor wie de aanpak bedoeld is, in een paar zinnen.")
    leeftijd: Leeftijd | None = Field(None, description="Leeftijdsbereik van de kinderen.")
    ondersteuningsbehoefte: list[Ondersteuningsbehoefte] = Field(
        default_factory=list,
        description="Waar het kind hulp bij nodig heeft, bijvoorbeeld taal-spraak of gedrag.",
    )


class Toegang(Strict):
    vrij_toegankelijk: bool = Field(
        description="Ja als ouders er zonder verwijzing of aanmelding door een professional terecht kunnen."
    )
    via_rollen: list[RolId] = Field(
        default_factory=list,
        description="Welke rollen toegang geven: signaleren, aanmelden of verwijzen.",
    )
    toelichting: str = Field("", description="Hoe je er komt, in gewone woorden.")


class Periode(Strict):
    van: int | None = Field(None, ge=1900, le=2100, description="Startjaar.")
    tot: int | None = Field(None, ge=1900, le=2100, description="Eindjaar, leeg als het doorloopt.")
    toelichting: str = Field("", description="De periode zoals de bron die noemt.")

    @field_validator("tot")
    @classmethod
    def _not_before_start(cls, value: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("van")
        if value is not None and start is not None and value < start:
            raise ValueError(f"eindjaar {value} ligt voor het startjaar ({start})")
        return value


class Erkenning(Strict):
    niveau: Erkenningsniveau = Field(
        description="Beoordeling in de Databank Effectieve Jeugdinterventies (NJi)."
    )
    toelichting: str = Field("", description="Toelichting, zoals de bron het zegt.")
    bron: BronVerwijzing = Field(description="Waar deze beoordeling vandaan komt.")


class Stap(Strict):
    tekst: str = Field(description="Wat er in deze stap gebeurt.")
    rollen: list[RolId] = Field(default_factory=list, description="Wie deze stap uitvoert.")


class Citaat(Strict):
    tekst: str = Field(description="Het citaat, letterlijk uit de bron.")
    rol: RolId = Field(description="De rol van wie het zei; nooit een naam van een persoon.")
    bron: BronVerwijzing = Field(description="Waar het citaat staat.")


class Kerncijfer(Strict):
    omschrijving: str = Field(description="Wat het cijfer telt of meet.")
    eenheid: str = Field(
        "", description="Eenheid, bijvoorbeeld '%', 'euro', 'fte', 'kinderen', 'uur per week'."
    )
    waarde: float = Field(allow_inf_nan=False, description="Het getal zelf, zonder eenheid.")
    jaar: int | None = Field(None, ge=1900, le=2100, description="Jaar waarop het cijfer slaat.")
    reeks: str = Field(
        "",
        description="Naam van een reeks; cijfers met dezelfde reeks worden samen als grafiek getoond.",
    )
    bron: BronVerwijzing = Field(description="Waar het cijfer staat.")

    @field_validator("waarde")
    @classmethod
    def _percentage(cls, value: float, info: ValidationInfo) -> float:
        if info.data.get("eenheid") == "%" and not 0 <= value <= 100:
            raise ValueError(f"een percentage ligt tussen 0 en 100, niet {value:g}")
        return value


class Werkgebied(Strict):
    gemeente: GemeenteId = Field(description="Id van de gemeente.")
    wijken: list[Slug] = Field(
        default_factory=list,
        description="Ids van wijken binnen die gemeente; leeg betekent de hele gemeente.",
    )


class Ligging(Strict):
    """A point on the map (WGS84), used for markers and the GeoJSON export."""

    breedtegraad: float = Field(
        ge=50.7, le=53.6, description="Breedtegraad in graden (WGS84), binnen Nederland: 50,7–53,6."
    )
    lengtegraad: float = Field(
        ge=3.3, le=7.3, description="Lengtegraad in graden (WGS84), binnen Nederland: 3,3–7,3."
    )
    toelichting: str = Field(
        "", description="Wat het punt is, bijvoorbeeld 'midden van de stad' of 'bezoekadres'."
    )


class Adres(Strict):
    straat: str = Field("", description="Straat en huisnummer.")
    postcode: str = Field("", description="Postcode.")
    plaats: str = Field("", description="Plaats.")
    ligging: Ligging | None = Field(
        None, description="Punt op de kaart van dit adres; alleen invullen als het adres bekend is."
    )


class Contact(Strict):
    website: WebUrl = Field("", description="Website (https://…), alleen als een bron die noemt.")
    telefoon: Telefoon = Field("", description="Algemeen telefoonnummer van de organisatie.")
    email: Email = Field(
        "", description="Algemeen e-mailadres van de organisatie; nooit van een persoon."
    )
    adres: Adres | None = Field(None, description="Bezoekadres.")


class Record(Strict):
    """Fields every record type has."""

    bronnen: list[BronVerwijzing] = Field(
        default_factory=list, description="De bronnen waarop deze tekst steunt, met vindplaats."
    )
    laatst_gecontroleerd: dt.date = Field(
        description="Datum (JJJJ-MM-DD) waarop een redacteur de gegevens het laatst controleerde."
    )
    trefwoorden: list[str] = Field(
        default_factory=list, description="Extra zoekwoorden, bijvoorbeeld andere namen."
    )

    @field_validator("laatst_gecontroleerd")
    @classmethod
    def _not_in_future(cls, value: dt.date) -> dt.date:
        return _not_future(value)


class Interventie(Record):
    naam: str = Field(description="Naam van de aanpak zoals die in de praktijk heet.")
    samenvatting: str = Field(description="Eén of twee zinnen: wat is het en wat levert het op.")
    in_gewone_taal: str = Field(
        description="Uitleg voor ouders op B1-niveau: kort, geen vakwoorden."
    )
    beschrijving: str = Field("", description="Uitgebreide beschrijving (Markdown).")
    doelgroep: Doelgroep = Field(description="Voor wie de aanpak bedoeld is.")
    voor_wie_niet: str = Field("", description="Voor wie de aanpak niet bedoeld is.")
    niveau: list[Niveau] = Field(
        default_factory=list,
        description="Niveau van ondersteuning: basis, op-de-groep, buiten-de-groep of buiten-reguliere-opvang.",
    )
    werkwijze: list[Stap] = Field(default_factory=list, description="De stappen, in volgorde.")
    duur: str = Field("", description="Hoe lang de inzet duurt.")
    intensiteit: str = Field("", description="Hoe vaak en hoeveel uur.")
    toegang: Toegang | None = Field(None, description="Hoe een kind of gezin de hulp krijgt.")
    financiering: list[Financieringsbron] = Field(
        default_factory=list, description="Uit welke geldstromen het betaald wordt."
    )
    financiering_toelichting: str = Field("", description="Toelichting op de financiering.")
    kosten: str = Field("", description="Wat het kost, zoals de bron het noemt.")
    kosten_voor_ouders: str = Field(
        "", description="Wat ouders betalen, alleen als een bron dat zegt."
    )
    status: Status = Field(description="voorstel, pilot, structureel, beeindigd of onbekend.")
    periode: Periode | None = Field(None, description="Looptijd.")
    erkenning: Erkenning | None = Field(
        None, description="Erkenning in de Databank Effectieve Jeugdinterventies, als bekend."
    )
    wat_gaat_goed: list[str] = Field(default_factory=list, description="Wat goed werkt.")
    aandachtspunten: list[str] = Field(
        default_factory=list, description="Waar nog aan gewerkt wordt of wat lastig is."
    )
    citaten: list[Citaat] = Field(default_factory=list, description="Citaten van betrokkenen.")
    kerncijfers: list[Kerncijfer] = Field(default_factory=list, description="Cijfers met bron.")
    rollen: list[RolId] = Field(default_factory=list, description="Rollen die de aanpak uitvoeren.")
    organisaties: list[OrganisatieId] = Field(
        default_factory=list, description="Organisaties die de aanpak aanbieden of organiseren."
    )
    gemeenten: list[GemeenteId] = Field(
        default_factory=list, description="Gemeenten waar de aanpak loopt."
    )


class Rol(Record):
    naam: str = Field(description="Naam van de functie of rol.")
    afkorting: str = Field("", description="Gangbare afkorting, bijvoorbeeld APM'er.")
    samenvatting: str = Field(description="Wat deze rol doet, in één of twee zinnen.")
    in_gewone_taal: str = Field(description="Uitleg voor ouders op B1-niveau.")
    beschrijving: str = Field("", description="Uitgebreide beschrijving (Markdown).")
    taken: list[str] = Field(default_factory=list, description="De belangrijkste taken.")
    werkplek: str = Field("", description="Waar deze rol werkt, bijvoorbeeld op de peutergroep.")
    bereikbaar: str = Field("", description="Hoe ouders of professionals deze rol bereiken.")
    organisaties: list[OrganisatieId] = Field(
        default_factory=list, description="Organisaties waar deze rol werkt."
    )
    gemeenten: list[GemeenteId] = Field(
        default_factory=list, description="Gemeenten waar de bronnen deze rol beschrijven."
    )


class Dienst(Strict):
    id: Slug = Field(description="Korte id van de dienst, uniek binnen de organisatie.")
    naam: str = Field(description="Naam van de dienst.")
    omschrijving: str = Field(description="Wat de dienst biedt.")
    in_gewone_taal: str = Field(description="Uitleg voor ouders op B1-niveau.")
    interventie: InterventieId | None = Field(
        None, description="De aanpak die deze dienst uitvoert, als die een eigen record heeft."
    )
    leeftijd: Leeftijd | None = Field(None, description="Voor welke leeftijd.")
    ondersteuningsbehoefte: list[Ondersteuningsbehoefte] = Field(
        default_factory=list, description="Waarbij de dienst helpt."
    )
    toegang: Toegang | None = Field(None, description="Hoe je de dienst krijgt.")
    financiering: list[Financieringsbron] = Field(
        default_factory=list, description="Hoe de dienst betaald wordt."
    )
    kosten_voor_ouders: str = Field(
        "", description="Wat ouders betalen, alleen als een bron dat zegt."
    )
    werkgebied: list[Werkgebied] = Field(
        default_factory=list,
        description="Waar de dienst wordt gegeven; leeg betekent het werkgebied van de organisatie.",
    )
    bronnen: list[BronVerwijzing] = Field(default_factory=list, description="Bronnen.")


class Organisatie(Record):
    naam: str = Field(description="Naam van de organisatie.")
    soort: Organisatiesoort = Field(description="Soort organisatie.")
    samenvatting: str = Field(description="Wat de organisatie doet voor jonge kinderen.")
    in_gewone_taal: str = Field(description="Uitleg voor ouders op B1-niveau.")
    beschrijving: str = Field("", description="Uitgebreide beschrijving (Markdown).")
    contact: Contact = Field(
        default_factory=Contact,
        description="Contactgegevens; alleen invullen als een bron ze noemt, nooit raden.",
    )
    werkgebied: list[Werkgebied] = Field(
        default_factory=list, description="Gemeenten en wijken waar de organisatie werkt."
    )
    diensten: list[Dienst] = Field(default_factory=list, description="Wat de organisatie aanbiedt.")
    partners: list[OrganisatieId] = Field(
        default_factory=list, description="Organisaties waarmee ze samenwerkt."
    )


class Praktijkvoorbeeld(Record):
    titel: str = Field(description="Titel van het praktijkvoorbeeld.")
    gemeente: GemeenteId = Field(description="De gemeente van dit voorbeeld.")
    samenvatting: str = Field(description="Waar het voorbeeld over gaat, in twee zinnen.")
    in_gewone_taal: str = Field(description="Uitleg voor ouders op B1-niveau.")
    context: str = Field(description="De situatie in de gemeente (Markdown).")
    aanpak: str = Field(description="Wat de gemeente en partners doen (Markdown).")
    financiering: str = Field("", description="Hoe het betaald wordt (Markdown).")
    wat_werkt: list[str] = Field(default_factory=list, description="Wat goed werkt.")
    open_vragen: list[str] = Field(default_factory=list, description="Vragen die nog open liggen.")
    kerncijfers: list[Kerncijfer] = Field(default_factory=list, description="Cijfers met bron.")
    citaten: list[Citaat] = Field(default_factory=list, description="Citaten van betrokkenen.")
    interventies: list[InterventieId] = Field(default_factory=list, description="Aanpakken.")
    organisaties: list[OrganisatieId] = Field(
        default_factory=list, description="Betrokken organisaties."
    )
    rollen: list[RolId] = Field(default_factory=list, description="Betrokken rollen.")


class Wijk(Strict):
    id: Slug = Field(description="Id van de wijk of het stadsdeel, uniek binnen de gemeente.")
    naam: str = Field(description="Naam van de wijk of het stadsdeel.")
    omschrijving: str = Field("", description="Wat de bronnen over deze wijk zeggen.")
    ligging: Ligging | None = Field(
        None, description="Midden van de wijk op de kaart; diensten in deze wijk krijgen dit punt."
    )


class Huisstijl(Strict):
    logo: RepoPad = Field("", description="Pad naar een logobestand in docs/assets/huisstijl/.")
    primaire_kleur: str = Field("", description="Hoofdkleur als #rrggbb.")
    accentkleur: str = Field("", description="Accentkleur als #rrggbb.")
    lettertypen: list[RepoPad] = Field(
        default_factory=list, description="Paden naar lettertypebestanden in de repository."
    )

    @field_validator("primaire_kleur", "accentkleur")
    @classmethod
    def _colour(cls, value: str) -> str:
        if value and not HEX_COLOUR.fullmatch(value):
            raise ValueError(f"'{value}' is geen kleur in de vorm #rrggbb")
        return value


class Gemeente(Record):
    naam: str = Field(description="Officiële naam van de gemeente.")
    provincie: str = Field("", description="Provincie.")
    samenvatting: str = Field(description="Wat de kennisbank over deze gemeente weet, kort.")
    ligging: Ligging | None = Field(
        None,
        description="Midden van de gemeente op de kaart; voor diensten zonder adres of wijkpunt.",
    )
    wijken: list[Wijk] = Field(default_factory=list, description="Wijken of stadsdelen.")
    kerncijfers: list[Kerncijfer] = Field(default_factory=list, description="Cijfers met bron.")
    huisstijl: Huisstijl | None = Field(None, description="Huisstijl voor factsheets.")


class Bron(Strict):
    titel: str = Field(description="Titel van het document.")
    soort: Bronsoort = Field(description="Soort document.")
    uitgever: str = Field(description="Organisatie die het document uitgaf.")
    jaar: int = Field(ge=1900, le=2100, description="Jaar van verschijnen.")
    datum: dt.date | None = Field(None, description="Precieze datum, als bekend.")
    beschrijving: str = Field(description="Waar het document over gaat.")
    url: WebUrl = Field("", description="Vindplaats online (https://…), alleen als die bekend is.")
    bestand: Bestandsnaam = Field("", description="Bestandsnaam van de tekst in shared/seeds/.")
    laatst_gecontroleerd: Annotated[dt.date, AfterValidator(_not_future)] = Field(
        description="Datum (JJJJ-MM-DD) van de laatste controle."
    )


class Begrip(Strict):
    term: str = Field(description="Het begrip of de afkorting zoals die in teksten staat.")
    voluit: str = Field("", description="Voluit geschreven, als het een afkorting is.")
    uitleg: str = Field(description="Wat het betekent, in gewone woorden.")
    zie_ook: list[BegripId] = Field(default_factory=list, description="Verwante begrippen.")
    bronnen: list[BronVerwijzing] = Field(default_factory=list, description="Bronnen.")
    laatst_gecontroleerd: Annotated[dt.date, AfterValidator(_not_future)] = Field(
        description="Datum (JJJJ-MM-DD) van de laatste controle."
    )


RECORD_TYPES: dict[str, type[Strict]] = {
    "interventies": Interventie,
    "rollen": Rol,
    "organisaties": Organisatie,
    "praktijkvoorbeelden": Praktijkvoorbeeld,
    "gemeenten": Gemeente,
    "bronnen": Bron,
    "begrippen": Begrip,
}
