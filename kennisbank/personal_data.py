"""Contact details that look like a person's: warnings for review in `build.py check`.

The content rules forbid names and contact details of private persons. Whether an
address or number is a person's cannot be known for sure, so these are warnings,
not errors: the check still passes, the editor and the reviewer look again (in a
pull request the warning sits on the YAML line). Every text of every record is
scanned, the contact fields and free text alike.

- An e-mail address whose local part looks like a name: ``jan.jansen@``,
  ``j.jansen@``, ``p.van.dam@``, ``janjansen@``, ``jvandam@``. A part that is a
  generic word (``info``, ``secretariaat``, ``jgz``, ``aanmelden``…) makes it an
  organisation's address. "Looks like a name" is a list of common first names,
  initials and tussenvoegsels, so it is a heuristic: it misses rare names and now
  and then flags a word.
- A Dutch mobile number (06-…, +31 6…, 0031 6…): organisations have landlines or
  0800/088 numbers; a 06 number is usually an employee's own phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .result import Problem
from .safety import strings

if TYPE_CHECKING:
    from .loader import Document

EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,})")
MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)31[\s.-]*(?:\(0\)[\s.-]*)?|\(?0)6\)?(?:[\s.-]*\d){8}(?!\d)"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that make an address an organisation's, whatever else is in it.
GENERIC = _words(
    """
    info informatie contact secretariaat secretariat administratie aanmelden aanmelding
    aanmeldingen inschrijven inschrijving intake jgz cjg ggd jgt vve receptie post postbus
    mail email e-mail service servicedesk klantenservice klantcontact vragen vraag helpdesk
    support privacy communicatie pers team teams office kantoor planning noreply no-reply
    gemeente wijkteam wijkteams loket zorgloket jeugd jeugdhulp jeugdzorg frontoffice
    backoffice zorg hr financien facturen factuur facturatie debiteuren crediteuren
    webmaster redactie kennisbank peuteropvang kinderopvang opvang bestuur directie algemeen
    onderwijs school ouders welkom bureau centrale coordinatie zorgcoordinatie
    consultatiebureau logopedie praktijk spreekuur advies meldpunt klachten vacatures
    werkenbij nieuwsbrief marketing locatie buurtteam sociaalteam toegang veiligthuis
    """
)
TUSSENVOEGSELS = _words("van de der den ter ten te vd v d da di du le la")
# Common first names in the Netherlands (men and women, several generations).
FIRST_NAMES = _words(
    """
    jan piet kees henk klaas johan peter mark marco martin marcel jeroen bas tim tom thomas
    daan sem lucas luuk jesse thijs stijn ruben rick sander dennis patrick robert richard
    erik eric frank hans willem wim gert gerrit hendrik bert arjan bram niels joost maarten
    michiel wouter remco ronald rene paul jos koen vincent jasper lars mike kevin
    edwin sjoerd jelle gijs hugo max noah finn levi milan mohammed mohamed ahmed ali yusuf
    anna anne annemarie marieke maria marie emma julia sophie sanne lisa laura linda petra
    monique ingrid karin sandra esther inge mirjam nicole anja wendy els ellen marloes femke
    fleur eva lotte iris sara sarah saskia suzanne yvonne jolanda ria hanneke ilse judith
    marjolein manon maaike mieke nina noa tess zoe fatima ayse fatma samira naima kim
    """
)
_EMAIL_TIP = (
    "gebruik een algemeen adres van de organisatie, zoals info@… of secretariaat@…; "
    "contactgegevens van personen horen niet in de kennisbank"
)
_MOBILE_TIP = (
    "gebruik het algemene telefoonnummer van de organisatie; een 06-nummer hoort er "
    "alleen in als het het officiële nummer van de organisatie is"
)


def looks_personal(local: str) -> bool:
    """Whether the part of an e-mail address before the @ looks like a person's name."""
    parts = [p for p in re.split(r"[._-]+", local.split("+")[0].lower()) if p]
    if not parts or any(_generic(p) for p in parts) or not all(p.isalpha() for p in parts):
        return False
    if len(parts) >= 2:
        first, rest = parts[0], parts[1:]
        return len(first) <= 2 or first in FIRST_NAMES or any(p in TUSSENVOEGSELS for p in rest)
    word = parts[0]
    if re.fullmatch(r"[a-z](?:van|vd|vander|vanden|vande|ter|ten)[a-z]{3,}", word):
        return True  # jvandam, pvdberg
    return any(
        word.startswith(name) and len(word) - len(name) >= 3 and not _generic(word[len(name) :])
        for name in FIRST_NAMES
        if len(name) >= 3
    )


def _generic(part: str) -> bool:
    return part in GENERIC or any(word in part for word in GENERIC if len(word) >= 5)


def warnings(doc: Document) -> Iterator[Problem]:
    """A warning for every personal-looking e-mail address and mobile number in ``doc``."""
    for loc, text in strings(doc.data):
        line = doc.line_of(loc)
        for found in EMAIL.finditer(text):
            if looks_personal(found[1]):
                message = f"'{found[0]}' lijkt het e-mailadres van een persoon"
                yield Problem(doc.path, line, loc, message, hint=_EMAIL_TIP, warning=True)
        for found in MOBILE.finditer(text):
            message = f"'{found[0].strip()}' lijkt een mobiel nummer (06) van een persoon"
            yield Problem(doc.path, line, loc, message, hint=_MOBILE_TIP, warning=True)
