"""Synthetic national data: every record type at the scale of all Dutch gemeenten.

For benchmarks and scale tests only. Everything is made up from word lists with
``random.Random(seed)``: the same arguments give byte-identical files. Names are
Dutch-looking but invented; there are no names of persons, contact details use the
reserved ``.example`` domain (RFC 2606) and no telephone numbers are written.
Every file says it is synthetic, and the directory gets a LEESMIJ.md saying so.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .labels import BEHOEFTEN, FINANCIERING, ORGANISATIESOORTEN
from .model import RECORD_TYPES

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - the C dumper ships with PyYAML wheels
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

MARKER = "LEESMIJ.md"
MARKER_TEXT = "Synthetische gegevens van kennisbank/synth.py"
# A fixed date, so the output does not depend on the day it is made; records are
# checked in the year before it, a few of them longer ago (stale).
PEILDATUM = dt.date(2026, 11, 1)

# A rough outline of the Netherlands (longitude, latitude), for points on land.
_NL = (
    (3.40, 51.38), (3.85, 51.22), (4.28, 51.37), (4.75, 51.44), (5.05, 51.47),
    (5.54, 51.28), (5.84, 51.16), (5.66, 50.86), (5.76, 50.77), (6.01, 50.76),
    (6.07, 50.93), (6.16, 51.16), (6.21, 51.40), (6.01, 51.80), (6.40, 51.85),
    (6.82, 51.97), (6.70, 52.13), (7.05, 52.24), (7.04, 52.63), (7.20, 53.24),
    (6.90, 53.44), (5.90, 53.40), (5.20, 53.30), (4.75, 52.96), (4.57, 52.45),
    (4.25, 52.12), (3.95, 51.85), (3.55, 51.58),
)  # fmt: skip
_PROVINCES = {
    "Groningen": (53.22, 6.74),
    "Fryslân": (53.11, 5.85),
    "Drenthe": (52.86, 6.62),
    "Overijssel": (52.44, 6.45),
    "Flevoland": (52.53, 5.60),
    "Gelderland": (52.06, 5.95),
    "Utrecht": (52.08, 5.18),
    "Noord-Holland": (52.58, 4.87),
    "Zuid-Holland": (51.99, 4.49),
    "Zeeland": (51.45, 3.84),
    "Noord-Brabant": (51.56, 5.18),
    "Limburg": (51.21, 5.93),
}

_PLACE_START = (
    "Bree", "Dal", "Veen", "Mark", "Ooster", "Wester", "Noorder", "Zuider", "Hoog", "Laag",
    "Hol", "Ber", "Ros", "Wil", "Elst", "Leer", "Hee", "Vel", "Sted", "Ham", "Hel", "Lin",
    "Ek", "Mol", "Bor", "Dron", "Goor", "Hen", "Kam", "Lek", "Nun", "Rijs", "Wou", "Aal",
    "Bus", "Eem", "Gras", "Lin", "Maar", "Ouden", "Riet", "Stein", "Vlier", "Wad", "Zand",
)  # fmt: skip
_PLACE_END = (
    "dam", "dijk", "veen", "wijk", "hoven", "horst", "loo", "rade", "beek", "broek", "dorp",
    "hem", "ingen", "erveen", "wold", "zijl", "kerk", "burg", "berg", "meer", "hout", "sum",
    "werd", "endaal", "stede", "schoten", "voorde", "lage", "mond", "gouw",
)  # fmt: skip
_PLACE_PREFIX = ("Oud-", "Nieuw-", "Groot-", "Sint-", "Klein-")
_WIJK_PARTS = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "De Hoven", "Het Hof", "De Akkers",
    "De Weide", "Molenkwartier", "Stationsbuurt", "Oude Dorp", "De Bongerd", "Kerkbuurt",
    "Rivierenwijk", "Bloemenbuurt", "Vogelwijk", "De Esch", "Het Veld", "De Kamp",
)  # fmt: skip
_NOUNS = (
    "De Zonnebloem", "Het Klavertje", "De Vlindertuin", "Dribbel", "Hummeltje", "De Speelhoek",
    "Het Boomhuis", "De Kleine Reus", "Zonnestraal", "De Regenboog", "Het Nest", "De Kikker",
    "De Boomgaard", "Het Kompas", "De Ster", "Het Anker", "De Brug", "De Molen", "Het Bolwerk",
    "De Linde", "De Eik", "Het Palet", "De Sprong", "Kleine Stapjes", "Het Speelpaleis",
    "De Wereldboom", "Het Kabouterhuis", "De Duinroos", "De Uil", "Het Vogelnest",
)  # fmt: skip
_SOORT_NAMES = {
    "kinderopvang": ("Kinderopvang {n}", "Kinderdagverblijf {n}", "Peuteropvang {n}"),
    "jeugdgezondheidszorg": ("JGZ {g}", "Consultatiebureau {w}"),
    "jeugdhulp": ("Jeugdhulp {n}", "Gezinshuis {n}", "Behandelcentrum {n}"),
    "sociaal-wijkteam": ("Wijkteam {w}", "Sociaal team {w}"),
    "welzijn": ("Welzijn {g}", "Stichting Welzijn {n}", "Buurtwerk {w}"),
    "onderwijs": ("Basisschool {n}", "Kindcentrum {n}", "IKC {n}"),
    "samenwerkingsverband": ("Samenwerkingsverband Passend Onderwijs {g}",),
    "zorg": ("Kinderfysiotherapie {n}", "Logopedie {n}", "Kinderpraktijk {n}"),
    "gemeente": ("Team Jeugd gemeente {g}",),
    "onderzoek-advies": ("Adviesbureau {n}",),
    "landelijk": ("Landelijk Steunpunt {n}",),
    "netwerk": ("Netwerk Jonge Kind {g}", "Kernteam Jonge Kind {w}"),
    "overig": ("Stichting {n}",),
}
_SOORT_WEIGHTS = {
    "kinderopvang": 34, "jeugdgezondheidszorg": 4, "jeugdhulp": 12, "sociaal-wijkteam": 8,
    "welzijn": 8, "onderwijs": 16, "samenwerkingsverband": 1, "zorg": 10, "gemeente": 1,
    "onderzoek-advies": 1, "landelijk": 1, "netwerk": 2, "overig": 2,
}  # fmt: skip
_SERVICES = {
    "kinderopvang": (
        "Peuteropvang met voorschoolse educatie",
        "Extra ondersteuning op de groep",
        "Inclusieve opvang",
        "Ouderbijeenkomsten",
        "Taalgroep voor peuters",
        "Speel-o-theek",
    ),
    "jeugdgezondheidszorg": (
        "Consultatiebureau",
        "Extra contactmoment taal",
        "Huisbezoek na de geboorte",
        "Opvoedspreekuur",
        "Ontwikkelingsonderzoek",
    ),
    "jeugdhulp": (
        "Ambulante gezinsbegeleiding",
        "Behandelgroep voor peuters",
        "Ontwikkelingsonderzoek",
        "Ouder-kindbegeleiding",
        "Praktische gezinsondersteuning",
    ),
    "sociaal-wijkteam": ("Gezinscoach", "Inloopspreekuur", "Ondersteuning bij opvoeden"),
    "welzijn": (
        "Voorleesproject thuis",
        "Peuter-ouderactiviteit",
        "Opvoedspreekuur",
        "Ontmoetingsgroep voor ouders",
        "Spelinloop",
    ),
    "onderwijs": ("Voorschool", "Kleutergroep met extra taal", "Ouderkamer"),
    "zorg": ("Kinderfysiotherapie", "Logopedie voor peuters", "Spelbegeleiding"),
}
_SERVICES_DEFAULT = ("Advies en verwijzing", "Netwerkoverleg", "Informatie voor ouders")
_INTERVENTIE_A = (
    "Peuter", "Samen", "Taal", "Speel", "Groei", "Kleine", "Sterk", "Thuis", "Wijs", "Stap",
    "Spring", "Maatjes", "Ouder", "Klein", "Vroeg", "Dicht", "Mee", "Op", "Goed", "Eigen",
)  # fmt: skip
_INTERVENTIE_B = (
    "Plus", "Start", "Spel", "Stap", "Kracht", "Kring", "Maatje", "Hulp", "Coach", "Punt",
    "Lijn", "Basis", "Tijd", "Kompas", "Brug", "Route", "Kamer", "Wijzer", "Team", "Net",
)  # fmt: skip
_INTERVENTIE_C = ("", "", "", " Thuis", " op de groep", " in de wijk", " Extra", " Jong")
_ROLE_NAMES = (
    "Pedagogisch medewerker", "Pedagogisch coach", "Jeugdverpleegkundige", "Jeugdarts",
    "Logopedist", "Kinderfysiotherapeut", "Orthopedagoog", "GZ-psycholoog", "Gezinscoach",
    "Wijkcoach", "Intern begeleider", "VVE-coördinator", "Kindcoach", "Opvoedadviseur",
    "Ambulant begeleider", "Zorgcoördinator", "Huisarts", "Consulent passend onderwijs",
    "Jeugdconsulent", "Casusregisseur", "Kinder- en jeugdpsychiater", "Speltherapeut",
    "Ouderconsulent", "Taalcoach", "Beleidsadviseur jeugd", "Trajectbegeleider",
)  # fmt: skip
_ROLE_QUALIFIERS = ("", " jonge kind", " voorschoolse periode", " wijk", " zorg", " gezin")
_TERM_WORDS = (
    "Regionaal", "Overleg", "Jonge", "Kind", "Ondersteuning", "Plan", "Peuter", "Zorg",
    "Team", "Advies", "Netwerk", "Ouder", "Signalering", "Integraal", "Vroeg", "Hulp",
    "Traject", "Monitor", "Basis", "Aanpak", "Taal", "Ontwikkeling", "Wijk", "Gezin",
)  # fmt: skip
_PLAIN_TERMS = (
    "Warme overdracht", "Thuisnabij", "Doorgaande lijn", "Schakelklas", "Ketenpartner",
    "Zorgroute", "Signaleringsinstrument", "Wijkgericht werken", "Voorliggend veld",
    "Ouderbetrokkenheid", "Kindgesprek", "Groepsplan", "Verwijsindex", "Ontwikkelvolg-systeem",
)  # fmt: skip
_STEPS = (
    "Het team op de groep ziet dat een kind extra aandacht nodig heeft.",
    "De ouders en de medewerker bespreken wat ze zien.",
    "Een coach kijkt mee op de groep en maakt een plan.",
    "Het kind krijgt een aantal weken extra begeleiding.",
    "De begeleiding vindt plaats in de eigen groep, met de andere kinderen erbij.",
    "Na zes weken bespreken ouders en begeleiders hoe het gaat.",
    "Als het nodig is, wordt het kind aangemeld bij specialistische hulp.",
    "De medewerkers krijgen tips om het kind ook zelf te ondersteunen.",
    "Het plan wordt afgesloten met een gesprek met de ouders.",
    "De gegevens gaan met toestemming van de ouders mee naar de basisschool.",
)  # fmt: skip
_GOOD = (
    "Ouders voelen zich gehoord en doen actief mee.",
    "De lijnen tussen opvang en jeugdgezondheidszorg zijn kort.",
    "Kinderen kunnen in hun eigen groep blijven.",
    "Medewerkers voelen zich sterker in het omgaan met extra zorg.",
    "Het aanmelden is eenvoudig en snel.",
)  # fmt: skip
_ATTENTION = (
    "Het bereiken van ouders die de taal niet goed spreken.",
    "De financiering na de pilotperiode.",
    "Wachttijden bij specialistische hulp.",
    "Genoeg tijd voor overleg tussen de partners.",
    "Het vasthouden van goed opgeleide medewerkers.",
)  # fmt: skip
_QUOTES = (
    "We zien kinderen groeien in hun eigen groep.",
    "Ouders weten ons nu sneller te vinden.",
    "Door het overleg hoeven we minder vaak door te verwijzen.",
    "Het helpt dat we samen naar het kind kijken.",
    "De drempel is laag, en dat maakt het verschil.",
)  # fmt: skip
_B1_OPENINGS = (
    "Maak je je zorgen over de ontwikkeling van je kind?",
    "Heeft je kind wat extra hulp nodig?",
    "Wil je weten hoe het gaat met je kind?",
    "Vind je opvoeden soms lastig?",
    "Praat of speelt je kind nog niet zoals andere kinderen?",
)  # fmt: skip
_B1_OFFERS = (
    "Hier kun je terecht met je vragen.",
    "Een begeleider kijkt samen met jou wat je kind nodig heeft.",
    "Je kind krijgt extra aandacht in de eigen groep.",
    "Je praat met iemand die veel weet over jonge kinderen.",
    "Samen maak je een plan dat past bij jouw gezin.",
)  # fmt: skip
_B1_ACCESS = (
    "Je kunt zelf bellen of langskomen.",
    "Vraag het aan de medewerker van de groep.",
    "Het consultatiebureau kan je doorverwijzen.",
    "Je hebt geen verwijzing nodig.",
)  # fmt: skip
_ABOUT = (
    "werkt samen met de kinderopvang, de jeugdgezondheidszorg en de scholen in de buurt",
    "biedt ondersteuning dicht bij huis, zodat kinderen niet ver hoeven te reizen",
    "let vroeg op signalen, zodat een kind snel de juiste hulp krijgt",
    "betrekt ouders bij elke stap en legt uit wat er gebeurt",
    "werkt met een vast team van medewerkers die de kinderen en gezinnen kennen",
    "maakt afspraken met partners over wie wat doet, zodat er geen dubbel werk is",
)  # fmt: skip
_STREETS = (
    "Lindelaan", "Schoolstraat", "Kerkplein", "Molenweg", "Dorpsstraat", "Stationsweg",
    "Beukenlaan", "Nieuwe Gracht", "Havenkade", "Marktstraat", "Julianapark", "Esdoornhof",
)  # fmt: skip


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Counts:
    gemeenten: int = 342
    organisaties: int = 5000

    @property
    def interventies(self) -> int:
        return max(5, round(self.organisaties * 0.06))

    @property
    def rollen(self) -> int:
        return min(len(_ROLE_NAMES) * len(_ROLE_QUALIFIERS), max(8, self.organisaties // 80))

    @property
    def begrippen(self) -> int:
        return max(10, min(150, self.organisaties // 30))

    @property
    def landelijke_bronnen(self) -> int:
        return max(3, min(60, self.organisaties // 100))


@dataclass
class _Gemeente:
    id: str
    naam: str
    lat: float
    lon: float
    weight: float
    wijken: list[tuple[str, str]] = field(default_factory=list)
    organisaties: list[str] = field(default_factory=list)
    bron: str = ""


class Synth:
    """Builds the records in memory, then writes them out; one instance per run."""

    def __init__(
        self, counts: Counts, seed: int, peildatum: dt.date, taken: dict[str, set[str]]
    ) -> None:
        self.counts = counts
        self.taken = taken  # ids of the real records copied in from the base directory
        self.requested = Counts(
            counts.gemeenten + len(taken["gemeenten"]),
            counts.organisaties + len(taken["organisaties"]),
        )
        self.rnd = random.Random(seed)
        self.seed = seed
        self.peildatum = peildatum
        self.records: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in RECORD_TYPES}
        self.gemeenten: list[_Gemeente] = []
        self.rollen: list[str] = []
        self.national: list[str] = []
        self.interventies_by_gemeente: dict[str, list[str]] = {}

    # --- helpers ---

    def checked(self) -> dt.date:
        """A date in the year before the peildatum; one in twelve older (stale)."""
        days = (
            self.rnd.randint(400, 800) if self.rnd.random() < 1 / 12 else self.rnd.randint(0, 330)
        )
        return self.peildatum - dt.timedelta(days=days)

    def unique(self, type_: str, name: str) -> str:
        base = slug(name)
        candidate, n = base, 2
        while candidate in self.records[type_] or candidate in self.taken[type_]:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def pick(self, seq: Sequence[Any], k: int) -> list[Any]:
        return self.rnd.sample(list(seq), min(k, len(seq)))

    def bron(self, bron_id: str, vindplaats: str = "") -> dict[str, str]:
        return {"bron": bron_id, "vindplaats": vindplaats} if vindplaats else {"bron": bron_id}

    def b1(self) -> str:
        return " ".join(
            (
                self.rnd.choice(_B1_OPENINGS),
                self.rnd.choice(_B1_OFFERS),
                self.rnd.choice(_B1_ACCESS),
            )
        )

    def about(self, naam: str, n: int = 2) -> str:
        parts = self.pick(_ABOUT, n)
        return " ".join(f"{naam} {p}." for p in parts)

    def point(self, lat: float, lon: float, spread: float) -> dict[str, Any]:
        lat = min(53.55, max(50.75, lat + self.rnd.uniform(-spread, spread)))
        lon = min(7.25, max(3.35, lon + self.rnd.uniform(-spread, spread)))
        return {"breedtegraad": round(lat, 4), "lengtegraad": round(lon, 4)}

    def age(self) -> dict[str, int]:
        start = self.rnd.choice((0, 0, 12, 18, 24, 30))
        return {"van_maanden": start, "tot_maanden": self.rnd.choice((48, 48, 72, start + 24))}

    # --- record types ---

    def make(self) -> None:
        self.make_bronnen_national()
        self.make_gemeenten()
        self.make_begrippen()
        self.make_organisaties()
        self.make_rollen()
        self.make_interventies()
        self.link_organisaties()
        self.make_praktijkvoorbeelden()

    def make_bronnen_national(self) -> None:
        topics = (
            "bereik van voorschoolse educatie", "extra ondersteuning op de peutergroep",
            "samenwerking in de keten jonge kind", "wachttijden in de jeugdhulp",
            "inclusieve kinderopvang", "ouderbetrokkenheid", "vroegsignalering",
        )  # fmt: skip
        for i in range(self.counts.landelijke_bronnen):
            topic = topics[i % len(topics)]
            jaar = 2018 + self.rnd.randint(0, 7)
            titel = f"Landelijke verkenning {topic} {jaar} ({i + 1})"
            bron_id = self.unique("bronnen", titel)
            self.records["bronnen"][bron_id] = {
                "titel": titel,
                "soort": self.rnd.choice(("rapport", "factsheet", "presentatie", "verslag")),
                "uitgever": f"Voorbeeldinstituut {self.rnd.choice(_NOUNS).split()[-1]} (synthetisch)",
                "jaar": jaar,
                "beschrijving": f"Synthetische bron over {topic}, voor tests en benchmarks.",
                "laatst_gecontroleerd": self.checked(),
            }
            self.national.append(bron_id)

    def make_gemeenten(self) -> None:
        names = self.place_names(self.counts.gemeenten)
        ranks = list(range(1, len(names) + 1))
        self.rnd.shuffle(ranks)
        for naam, rank in zip(names, ranks, strict=True):
            lon, lat = self.on_land()
            g = _Gemeente(slug(naam), naam, lat, lon, 1 / rank**0.8)
            self.gemeenten.append(g)
        total = sum(g.weight for g in self.gemeenten)
        for g in self.gemeenten:
            share = g.weight / total
            g.wijken = self.wijken(g, 2 + min(12, int(share * 400)))
            g.bron = self.gemeente_bron(g)
            self.records["gemeenten"][g.id] = self.gemeente_record(g, share)

    def place_names(self, n: int) -> list[str]:
        names: dict[str, None] = {}
        slugs = set(self.taken["gemeenten"])
        while len(names) < n:
            name = self.rnd.choice(_PLACE_START) + self.rnd.choice(_PLACE_END)
            if self.rnd.random() < 0.12:
                name = self.rnd.choice(_PLACE_PREFIX) + name
            if slug(name) not in slugs:
                names[name] = None
                slugs.add(slug(name))
        return sorted(names)

    def on_land(self) -> tuple[float, float]:
        while True:
            lon, lat = self.rnd.uniform(3.4, 7.2), self.rnd.uniform(50.77, 53.45)
            if _inside(lon, lat, _NL):
                return round(lon, 4), round(lat, 4)

    def wijken(self, g: _Gemeente, n: int) -> list[tuple[str, str]]:
        names = self.pick(_WIJK_PARTS, n)
        return [(slug(f"{g.naam} {w}"), f"{g.naam}-{w}") for w in sorted(names)]

    def gemeente_bron(self, g: _Gemeente) -> str:
        jaar = 2019 + self.rnd.randint(0, 6)
        titel = f"Raadsvoorstel jonge kind {g.naam} {jaar}"
        bron_id = self.unique("bronnen", titel)
        self.records["bronnen"][bron_id] = {
            "titel": titel,
            "soort": "raadsvoorstel",
            "uitgever": f"Gemeente {g.naam}",
            "jaar": jaar,
            "beschrijving": (
                f"Synthetisch raadsvoorstel van de gemeente {g.naam} over de ondersteuning "
                "van jonge kinderen en de sociale kaart."
            ),
            "laatst_gecontroleerd": self.checked(),
        }
        return bron_id

    def gemeente_record(self, g: _Gemeente, share: float) -> dict[str, Any]:
        province = min(_PROVINCES, key=lambda p: _distance((g.lat, g.lon), _PROVINCES[p]))
        children = max(150, int(share * 850_000 * self.rnd.uniform(0.8, 1.2)))
        figures = [
            {
                "omschrijving": "Kinderen van 0 tot 4 jaar",
                "eenheid": "kinderen",
                "waarde": children,
                "jaar": 2024,
                "bron": self.bron(g.bron, "bijlage cijfers"),
            }
        ]
        if self.rnd.random() < 0.35:
            base = self.rnd.randint(8, 25)
            for jaar in (2022, 2023, 2024):
                figures.append(
                    {
                        "omschrijving": f"Doelgroeppeuters {jaar}",
                        "eenheid": "%",
                        "waarde": float(min(100, base + self.rnd.randint(-2, 3))),
                        "jaar": jaar,
                        "reeks": "Aandeel doelgroeppeuters",
                        "bron": self.bron(g.bron, "bijlage cijfers"),
                    }
                )
        record: dict[str, Any] = {
            "naam": g.naam,
            "provincie": province,
            "samenvatting": (
                f"{g.naam} is een synthetische gemeente in {province} met ongeveer "
                f"{children} kinderen van 0 tot 4 jaar. De gemeente werkt met kinderopvang, "
                "jeugdgezondheidszorg en wijkteams samen aan vroege ondersteuning."
            ),
            "ligging": {
                "breedtegraad": g.lat,
                "lengtegraad": g.lon,
                "toelichting": "Synthetisch punt op land, geen echte plaats.",
            },
            "wijken": [
                {
                    "id": wid,
                    "naam": wnaam,
                    "omschrijving": f"Synthetische wijk van {g.naam}.",
                    "ligging": self.point(g.lat, g.lon, 0.02),
                }
                for wid, wnaam in g.wijken
            ],
            "kerncijfers": figures,
            "bronnen": [self.bron(g.bron)],
            "laatst_gecontroleerd": self.checked(),
        }
        if self.rnd.random() < 0.1:
            record["huisstijl"] = {
                "primaire_kleur": f"#{self.rnd.randint(0, 0x60):02x}{self.rnd.randint(0, 0x60):02x}{self.rnd.randint(0x40, 0x90):02x}",
                "accentkleur": f"#{self.rnd.randint(0, 0x40):02x}{self.rnd.randint(0x60, 0x90):02x}{self.rnd.randint(0, 0x40):02x}",
            }
        return record

    def make_begrippen(self) -> None:
        made: list[str] = []
        for i in range(self.counts.begrippen):
            if i % 5 == 4:
                term = f"{self.rnd.choice(_PLAIN_TERMS)} {i // 5 + 1}"
                voluit = ""
            else:
                term = ""
                while not term or slug(term) in self.records["begrippen"]:
                    words = self.pick(_TERM_WORDS, self.rnd.randint(3, 5))
                    voluit = " ".join(w if j == 0 else w.lower() for j, w in enumerate(words))
                    term = "".join(w[0] for w in words).upper()
            begrip_id = self.unique("begrippen", term)
            self.records["begrippen"][begrip_id] = {
                "term": term,
                "voluit": voluit,
                "uitleg": "Synthetisch begrip voor tests: "
                + (
                    f"de afkorting van {voluit.lower()}."
                    if voluit
                    else "een woord uit de praktijk."
                ),
                "zie_ook": self.pick(made, self.rnd.randint(0, 2)),
                "bronnen": [self.bron(self.rnd.choice(self.national))],
                "laatst_gecontroleerd": self.checked(),
            }
            made.append(begrip_id)

    def make_organisaties(self) -> None:
        weights = [g.weight for g in self.gemeenten]
        soorten = list(_SOORT_WEIGHTS)
        soort_weights = list(_SOORT_WEIGHTS.values())
        for _ in range(self.counts.organisaties):
            g = self.rnd.choices(self.gemeenten, weights)[0]
            soort = self.rnd.choices(soorten, soort_weights)[0]
            wijk_id, wijk_naam = self.rnd.choice(g.wijken)
            pattern = self.rnd.choice(_SOORT_NAMES[soort])
            naam = pattern.format(n=self.rnd.choice(_NOUNS), g=g.naam, w=wijk_naam)
            if "{g}" not in pattern and "{w}" not in pattern:
                naam += f" {g.naam}"
            if slug(naam) in self.records["organisaties"] and "{w}" not in pattern:
                naam += f" {wijk_naam.removeprefix(g.naam + '-')}"
            org_id = self.unique("organisaties", naam)
            if org_id != slug(naam):
                naam += f" {org_id.rsplit('-', 1)[-1]}"
            g.organisaties.append(org_id)
            self.records["organisaties"][org_id] = self.organisatie(org_id, naam, soort, g, wijk_id)

    def organisatie(
        self, org_id: str, naam: str, soort: str, g: _Gemeente, wijk_id: str
    ) -> dict[str, Any]:
        n = len(self.records["organisaties"]) + 1
        werkgebied: list[dict[str, Any]] = [{"gemeente": g.id}]
        if soort in ("sociaal-wijkteam", "kinderopvang") and self.rnd.random() < 0.6:
            werkgebied = [{"gemeente": g.id, "wijken": [wijk_id]}]
        if self.rnd.random() < 0.15:
            other = self.rnd.choice(self.gemeenten)
            if other.id != g.id:
                werkgebied.append({"gemeente": other.id})
        contact: dict[str, Any] = {}
        if self.rnd.random() < 0.8:
            contact["website"] = f"https://voorbeeld-{n}.example/"
            contact["email"] = f"info@voorbeeld-{n}.example"
        if self.rnd.random() < 0.5:
            wid = dict(g.wijken)[wijk_id]
            contact["adres"] = {
                "straat": f"{self.rnd.choice(_STREETS)} {self.rnd.randint(1, 120)}",
                "postcode": f"{self.rnd.randint(1000, 9999)} {chr(65 + self.rnd.randint(0, 25))}{chr(65 + self.rnd.randint(0, 25))}",
                "plaats": g.naam,
                "ligging": {
                    **self.point(g.lat, g.lon, 0.02),
                    "toelichting": f"Synthetisch punt in {wid}.",
                },
            }
        return {
            "naam": naam,
            "soort": soort,
            "samenvatting": (
                f"{naam} is een synthetische organisatie ({ORGANISATIESOORTEN[soort].lower()}) "
                f"in {g.naam} voor jonge kinderen en hun ouders."
            ),
            "in_gewone_taal": self.b1(),
            "beschrijving": self.about(naam, 3)
            + "\n\n"
            + f"Deze organisatie is verzonnen voor de schaaltest van de kennisbank; ze bestaat niet echt in {g.naam}.",
            "contact": contact,
            "werkgebied": werkgebied,
            "diensten": [],  # filled in once the interventies and rollen exist
            "partners": [],
            "bronnen": [self.bron(g.bron, "overzicht sociale kaart")],
            "laatst_gecontroleerd": self.checked(),
            "trefwoorden": [ORGANISATIESOORTEN[soort].split()[0].lower()],
        }

    def make_rollen(self) -> None:
        names = [n + q for q in _ROLE_QUALIFIERS for n in _ROLE_NAMES][: self.counts.rollen]
        for naam in names:
            rol_id = self.unique("rollen", naam)
            gemeenten = self.pick(self.gemeenten, self.rnd.randint(1, 4))
            orgs = [o for g in gemeenten for o in g.organisaties[:2]]
            self.records["rollen"][rol_id] = {
                "naam": naam,
                "samenvatting": f"De {naam.lower()} ondersteunt jonge kinderen en hun ouders (synthetische rol).",
                "in_gewone_taal": self.b1(),
                "beschrijving": self.about(f"De {naam.lower()}", 2),
                "taken": self.pick(_STEPS, 3),
                "werkplek": self.rnd.choice(
                    (
                        "Op de peutergroep.",
                        "Op het consultatiebureau.",
                        "In de wijk en bij gezinnen thuis.",
                    )
                ),
                "organisaties": sorted(set(orgs)),
                "gemeenten": sorted(g.id for g in gemeenten),
                "bronnen": [self.bron(self.rnd.choice(self.national))],
                "laatst_gecontroleerd": self.checked(),
            }
            self.rollen.append(rol_id)

    def make_interventies(self) -> None:
        names: dict[str, None] = {}
        while len(names) < self.counts.interventies:
            a, b = self.rnd.choice(_INTERVENTIE_A), self.rnd.choice(_INTERVENTIE_B)
            if a != b:
                names[
                    f"{a}{b.lower() if self.rnd.random() < 0.5 else ' ' + b}{self.rnd.choice(_INTERVENTIE_C)}"
                ] = None
        for naam in names:
            interventie_id = self.unique("interventies", naam)
            reach = max(1, min(len(self.gemeenten), int(self.rnd.paretovariate(1.2))))
            gemeenten = sorted(self.pick(self.gemeenten, reach), key=lambda g: g.id)
            for g in gemeenten:
                self.interventies_by_gemeente.setdefault(g.id, []).append(interventie_id)
            orgs = [o for g in gemeenten[:10] for o in self.pick(g.organisaties, 1)]
            self.records["interventies"][interventie_id] = self.interventie(naam, gemeenten, orgs)

    def interventie(self, naam: str, gemeenten: list[_Gemeente], orgs: list[str]) -> dict[str, Any]:
        bron = self.rnd.choice(self.national)
        steps = sorted(self.pick(range(len(_STEPS)), self.rnd.randint(2, 6)))
        figures = [
            {
                "omschrijving": "Kinderen bereikt",
                "eenheid": "kinderen",
                "waarde": self.rnd.randint(10, 900),
                "jaar": 2024,
                "bron": self.bron(bron),
            },
            {
                "omschrijving": "Inzet",
                "eenheid": "fte",
                "waarde": round(self.rnd.uniform(0.2, 6), 1),
                "bron": self.bron(bron),
            },
        ]
        if self.rnd.random() < 0.3:
            figures += [
                {
                    "omschrijving": f"Kinderen bereikt in {jaar}",
                    "eenheid": "kinderen",
                    "waarde": self.rnd.randint(10, 400),
                    "jaar": jaar,
                    "reeks": "Bereik per jaar",
                    "bron": self.bron(bron),
                }
                for jaar in (2021, 2022, 2023)
            ]
        start = self.rnd.randint(2015, 2024)
        status = self.rnd.choice(("pilot", "structureel", "structureel", "voorstel", "beeindigd"))
        return {
            "naam": naam,
            "samenvatting": f"{naam} is een synthetische aanpak die jonge kinderen met een extra ondersteuningsbehoefte vroeg en dicht bij huis helpt.",
            "in_gewone_taal": self.b1(),
            "beschrijving": self.about(naam, 3)
            + "\n\n"
            + "**Let op:** deze aanpak is verzonnen voor de schaaltest van de kennisbank.",
            "doelgroep": {
                "omschrijving": "Kinderen van 0 tot 4 jaar bij wie de ontwikkeling extra aandacht vraagt, en hun ouders.",
                "leeftijd": self.age(),
                "ondersteuningsbehoefte": self.pick(list(BEHOEFTEN), self.rnd.randint(1, 3)),
            },
            "voor_wie_niet": "Kinderen die zware of langdurige specialistische zorg nodig hebben.",
            "niveau": self.pick(
                ("basis", "op-de-groep", "buiten-de-groep", "buiten-reguliere-opvang"),
                self.rnd.randint(1, 2),
            ),
            "werkwijze": [
                {"tekst": _STEPS[s], "rollen": self.pick(self.rollen, self.rnd.randint(0, 2))}
                for s in steps
            ],
            "duur": self.rnd.choice(("3 maanden", "6 maanden", "een jaar", "zolang het nodig is")),
            "intensiteit": self.rnd.choice(
                ("twee keer per week", "een dagdeel per week", "elke maand een gesprek")
            ),
            "toegang": {
                "vrij_toegankelijk": self.rnd.random() < 0.4,
                "via_rollen": self.pick(self.rollen, self.rnd.randint(0, 3)),
                "toelichting": self.rnd.choice(_B1_ACCESS),
            },
            "financiering": self.pick(list(FINANCIERING), self.rnd.randint(1, 3)),
            "status": status,
            "periode": {"van": start, "tot": start + 2}
            if status == "beeindigd"
            else {"van": start},
            "erkenning": {
                "niveau": self.rnd.choice(("niet-erkend", "goed-onderbouwd", "onbekend")),
                "bron": self.bron(bron),
            },
            "wat_gaat_goed": self.pick(_GOOD, self.rnd.randint(1, 3)),
            "aandachtspunten": self.pick(_ATTENTION, self.rnd.randint(1, 3)),
            "citaten": [
                {"tekst": q, "rol": self.rnd.choice(self.rollen), "bron": self.bron(bron)}
                for q in self.pick(_QUOTES, self.rnd.randint(0, 2))
            ],
            "kerncijfers": figures,
            "rollen": sorted(self.pick(self.rollen, self.rnd.randint(1, 3))),
            "organisaties": sorted(set(orgs)),
            "gemeenten": [g.id for g in gemeenten],
            "bronnen": [self.bron(bron, "hele document")],
            "laatst_gecontroleerd": self.checked(),
            "trefwoorden": ["synthetisch"],
        }

    def link_organisaties(self) -> None:
        """Diensten (about four per organisation) and partners, now that every id exists."""
        for g in self.gemeenten:
            for org_id in g.organisaties:
                record = self.records["organisaties"][org_id]
                record["diensten"] = self.diensten(record, g)
                others = [o for o in g.organisaties if o != org_id]
                record["partners"] = sorted(self.pick(others, self.rnd.choice((0, 0, 1, 2, 3))))

    def diensten(self, org: dict[str, Any], g: _Gemeente) -> list[dict[str, Any]]:
        names = _SERVICES.get(org["soort"], _SERVICES_DEFAULT)
        count = max(1, min(len(names), round(self.rnd.gauss(4, 1.2))))
        interventies = self.interventies_by_gemeente.get(g.id, [])
        result = []
        for naam in self.pick(names, count):
            dienst: dict[str, Any] = {
                "id": slug(naam),
                "naam": naam,
                "omschrijving": f"{naam} van {org['naam']} voor kinderen van 0 tot 4 jaar en hun ouders (synthetisch).",
                "in_gewone_taal": self.b1(),
                "leeftijd": self.age(),
                "ondersteuningsbehoefte": self.pick(list(BEHOEFTEN), self.rnd.randint(1, 3)),
                "toegang": {
                    "vrij_toegankelijk": self.rnd.random() < 0.5,
                    "via_rollen": self.pick(self.rollen, self.rnd.randint(0, 2)),
                    "toelichting": self.rnd.choice(_B1_ACCESS),
                },
                "financiering": self.pick(list(FINANCIERING), self.rnd.randint(1, 2)),
                "werkgebied": [
                    {
                        "gemeente": g.id,
                        "wijken": [w for w, _ in self.pick(g.wijken, self.rnd.randint(0, 2))],
                    }
                ],
                "bronnen": [self.bron(g.bron, "overzicht sociale kaart")],
            }
            if interventies and self.rnd.random() < 0.3:
                dienst["interventie"] = self.rnd.choice(interventies)
            result.append(dienst)
        return result

    def make_praktijkvoorbeelden(self) -> None:
        for g in self.gemeenten:
            for i in range(self.rnd.choice((0, 1, 1, 1, 2))):
                interventies = self.interventies_by_gemeente.get(g.id, [])
                titel = f"Jonge kind in {g.naam}" + (f": deel {i + 1}" if i else "")
                pv_id = self.unique("praktijkvoorbeelden", titel)
                self.records["praktijkvoorbeelden"][pv_id] = {
                    "titel": titel,
                    "gemeente": g.id,
                    "samenvatting": f"Hoe {g.naam} kinderopvang, jeugdgezondheidszorg en wijkteams laat samenwerken (synthetisch voorbeeld).",
                    "in_gewone_taal": self.b1(),
                    "context": self.about(f"De gemeente {g.naam}", 2),
                    "aanpak": self.about("Het netwerk", 3),
                    "wat_werkt": self.pick(_GOOD, 2),
                    "open_vragen": self.pick(_ATTENTION, 2),
                    "kerncijfers": [
                        {
                            "omschrijving": "Kinderen met extra ondersteuning",
                            "eenheid": "kinderen",
                            "waarde": self.rnd.randint(5, 300),
                            "jaar": 2024,
                            "bron": self.bron(g.bron),
                        }
                    ],
                    "citaten": [
                        {
                            "tekst": self.rnd.choice(_QUOTES),
                            "rol": self.rnd.choice(self.rollen),
                            "bron": self.bron(g.bron),
                        }
                    ],
                    "interventies": sorted(self.pick(interventies, 3)),
                    "organisaties": sorted(self.pick(g.organisaties, 4)),
                    "rollen": sorted(self.pick(self.rollen, 2)),
                    "bronnen": [self.bron(g.bron)],
                    "laatst_gecontroleerd": self.checked(),
                }

    # --- output ---

    def write(self, out: Path, base: Path | None) -> int:
        header = f"# Synthetisch record (kennisbank/synth.py, seed {self.seed}): verzonnen, geen echte gegevens.\n"
        count = 0
        for type_, records in self.records.items():
            folder = out / type_
            folder.mkdir(parents=True, exist_ok=True)
            for record_id, data in records.items():
                body = yaml.dump(
                    _clean(data), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100
                )
                (folder / f"{record_id}.yaml").write_text(header + body, encoding="utf-8")
                count += 1
        (out / MARKER).write_text(self.readme(base), encoding="utf-8")
        return count

    def readme(self, base: Path | None) -> str:
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.records.items())
        diensten = sum(len(o["diensten"]) for o in self.records["organisaties"].values())
        copied = sum(len(ids) for ids in self.taken.values())
        real = (
            f"Daarnaast staan hier {copied} echte records, ongewijzigd gekopieerd uit {base}/, "
            "zodat de handgeschreven pagina's die ernaar linken kloppen; hun bestanden beginnen "
            "niet met de regel 'Synthetisch record'.\n"
            if copied
            else ""
        )
        return (
            f"# {MARKER_TEXT}\n\n"
            "De synthetische records in deze map zijn verzonnen voor schaaltests en benchmarks:\n"
            "die gemeenten, wijken, organisaties, aanpakken en cijfers bestaan niet echt. Gemaakt met\n"
            f"`python build.py synth --gemeenten {self.requested.gemeenten} --organisaties "
            f"{self.requested.organisaties} --seed {self.seed}`.\n\n"
            f"Synthetisch: {counts}; {diensten} diensten.\n{real}"
        )


def _clean(value: Any) -> Any:
    """Without empty strings and lists, as an editor would write the record."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in ("", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _inside(x: float, y: float, polygon: Sequence[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(52)))


class SynthError(Exception):
    pass


def generate(
    out: Path,
    gemeenten: int = 342,
    organisaties: int = 5000,
    seed: int = 1,
    peildatum: dt.date = PEILDATUM,
    base: Path | None = None,
) -> dict[str, int]:
    """Write a synthetic data directory into ``out``; returns the number of records per type.

    With ``base`` (normally data/), its records are copied in unchanged first, so the
    hand-written pages that link to them build; the counts are totals, real records
    included. ``out`` must be empty, missing, or an earlier synthetic directory (replaced).
    """
    if not (1 <= gemeenten <= 2000) or organisaties < 1:
        raise SynthError("kies 1 tot 2000 gemeenten en minstens één organisatie")
    _prepare(out)
    taken = _copy_base(base, out) if base else {t: set() for t in RECORD_TYPES}
    counts = Counts(
        max(1, gemeenten - len(taken["gemeenten"])),
        max(1, organisaties - len(taken["organisaties"])),
    )
    synth = Synth(counts, seed, peildatum, taken)
    synth.make()
    synth.write(out, base)
    return {t: len(r) + len(taken[t]) for t, r in synth.records.items()}


def _copy_base(base: Path, out: Path) -> dict[str, set[str]]:
    if not base.is_dir():
        raise SynthError(f"basismap {base} bestaat niet")
    taken: dict[str, set[str]] = {}
    for type_ in RECORD_TYPES:
        (out / type_).mkdir(parents=True, exist_ok=True)
        taken[type_] = set()
        for path in sorted((base / type_).glob("*.yaml")):
            shutil.copyfile(path, out / type_ / path.name)
            taken[type_].add(path.stem)
    return taken


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        marker = out / MARKER
        if not marker.is_file() or MARKER_TEXT not in marker.read_text(encoding="utf-8"):
            raise SynthError(
                f"{out} is niet leeg en is geen synthetische datamap; kies een lege of nieuwe map"
            )
        for child in out.iterdir():
            if child.is_dir() and child.name in RECORD_TYPES:
                shutil.rmtree(child)
    out.mkdir(parents=True, exist_ok=True)
