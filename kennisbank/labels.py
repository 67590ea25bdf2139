"""Dutch display labels for the fixed values of the model (one place for site, filters and exports)."""

from __future__ import annotations

NIVEAUS = {
    "basis": "Basis (voorschoolse educatie)",
    "op-de-groep": "Nabij of op de groep",
    "buiten-de-groep": "Buiten de groep of locatie",
    "buiten-reguliere-opvang": "Buiten de reguliere opvang",
}
BEHOEFTEN = {
    "taal-spraak": "praten en taal",
    "gedrag": "gedrag",
    "sociaal-emotioneel": "omgaan met anderen en gevoelens",
    "motoriek": "bewegen",
    "cognitief": "leren en denken",
    "spel": "spelen",
    "zintuiglijk": "horen of zien",
    "lichamelijk": "lichamelijke gezondheid",
    "verstandelijke-beperking": "verstandelijke beperking",
    "algemene-ontwikkeling": "ontwikkeling in het algemeen",
    "opvoeding": "opvoeden",
    "gezin": "het gezin",
}
FINANCIERING = {
    "oab": "onderwijsachterstandenbeleid (OAB)",
    "jeugdwet": "Jeugdwet",
    "zvw": "Zorgverzekeringswet (Zvw)",
    "wlz": "Wet langdurige zorg (Wlz)",
    "gemeentelijk-budget": "gemeentelijk budget",
    "rijksmiddelen-vve": "rijksmiddelen VVE",
    "subsidie-gemeente": "subsidie van de gemeente",
    "samenwerkingsverband": "samenwerkingsverband passend onderwijs",
    "eigen-middelen-aanbieder": "eigen middelen van de aanbieder",
    "kinderopvangtoeslag": "kinderopvangtoeslag",
    "ouderbijdrage": "ouderbijdrage",
    "overig": "overig",
}
ERKENNINGEN = {
    "goed-onderbouwd": "Erkend: goed onderbouwd",
    "effectief-eerste-aanwijzingen": "Erkend: effectief volgens eerste aanwijzingen",
    "effectief-goede-aanwijzingen": "Erkend: effectief volgens goede aanwijzingen",
    "effectief-sterke-aanwijzingen": "Erkend: effectief volgens sterke aanwijzingen",
    "niet-erkend": "Niet erkend",
    "niet-van-toepassing": "Niet van toepassing",
    "onbekend": "Onbekend",
}
STATUSSEN = {
    "voorstel": "voorstel",
    "pilot": "pilot",
    "structureel": "structureel",
    "beeindigd": "beëindigd",
    "onbekend": "onbekend",
}
ORGANISATIESOORTEN = {
    "kinderopvang": "Kinderopvang en peuteropvang",
    "jeugdgezondheidszorg": "Jeugdgezondheidszorg (consultatiebureau, GGD)",
    "jeugdhulp": "Jeugdhulp",
    "sociaal-wijkteam": "Sociaal wijkteam",
    "welzijn": "Welzijn",
    "onderwijs": "Onderwijs",
    "samenwerkingsverband": "Samenwerkingsverband",
    "zorg": "Zorg en behandeling",
    "gemeente": "Gemeente",
    "onderzoek-advies": "Onderzoek en advies",
    "landelijk": "Landelijke organisaties",
    "netwerk": "Netwerken en samenwerkingen",
    "overig": "Overig",
}
BRONSOORTEN = {
    "raadsvoorstel": "collegevoorstel",
    "factsheet": "factsheet",
    "presentatie": "presentatie",
    "verslag": "verslag",
    "rapport": "rapport",
    "website": "website",
    "overig": "overig",
}

# The labels as Jinja2 globals, shared by the page and the factsheet templates.
TEMPLATE_GLOBALS = {
    "niveaus": NIVEAUS,
    "behoeften": BEHOEFTEN,
    "financiering": FINANCIERING,
    "erkenningen": ERKENNINGEN,
    "statussen": STATUSSEN,
    "organisatiesoorten": ORGANISATIESOORTEN,
    "bronsoorten": BRONSOORTEN,
}
