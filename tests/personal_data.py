"""Names of private persons in the seed documents, read at test time so the repository never holds them.

The seeds list interviewees (004, Bijlage 2), the civil servant who drafted 000 and its alderman,
and authors of notes cited in footnotes. None of them may appear in the kennisbank.
"""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
_WORD = r"[A-Z][a-zé]+"
_PARTICLE = r"(?: (?:van der|van den|van|ten|de|den|der))?"


def personal_names() -> set[str]:
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    interviews, body = _split_interviews(texts["004"])
    rest = body + "\n".join(t for k, t in texts.items() if k != "004")
    known_words = set(re.findall(_WORD, rest))
    names = {
        pair
        for pair in re.findall(rf"\b({_WORD}{_PARTICLE} {_WORD})\b", interviews)
        if not {pair.split()[0], pair.split()[-1]} & known_words
    }
    names |= set(re.findall(r"Opsteller (\w+ \w+) Behandeldatum", texts["000"]))
    names |= set(re.findall(r"Portefeuillehouder (\w\. \w+)", texts["000"]))
    names |= set(re.findall(rf"^\s*\d+ ({_WORD} {_WORD}), 20\d\d\.", texts["004"], re.M))
    return names


def _split_interviews(text: str) -> tuple[str, str]:
    start = re.search(r"Bijlage 2\s+Overzicht interviews", text)
    end = re.search(r"Bijlage 3\s+Wachttijden", text)
    assert start and end, "interview list not found in 004"
    return text[start.start() : end.start()], text[: start.start()] + text[end.start() :]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
