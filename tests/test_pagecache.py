"""The page cache's ``Memo.near``: a unit's key is worked out only near a changed record,
and the units it keeps are exactly those whose key would be unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank import pagecache, parallel
from kennisbank.checker import Entry, Kennisbank, check


def _pass(data: Path, cache: Path) -> tuple[set[str], set[str], Kennisbank]:
    """One build's worth of units, one per record: those made and those whose key was
    worked out."""
    result = check(data)
    assert result.ok, [str(problem) for problem in result.problems]
    kb = result.kennisbank
    memo = pagecache.Memo(cache)
    reached: set[str] = set()

    def reach(kb: Kennisbank, entry: Entry) -> list[Entry]:
        reached.add(f"{entry.type}/{entry.id}")
        return pagecache.around(kb, entry)

    for type_ in kb.entries:
        for entry in kb.all(type_):
            unit = f"{entry.type}/{entry.id}"
            value = memo.near(unit, kb, entry, ("salt",), lambda unit=unit: unit, reach=reach)
            assert value == unit
    memo.save()
    return set(memo.made), reached, kb


def _keys(kb: Kennisbank) -> dict[str, str]:
    return {
        f"{e.type}/{e.id}": pagecache.key("salt", entries=pagecache.around(kb, e))
        for t in kb.entries
        for e in kb.all(t)
    }


def test_units_are_made_again_exactly_when_their_key_changes(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "write_pickle_later", parallel.write_pickle)
    cache = tmp_path / "memo.pickle"
    bron = data_copy / "bronnen" / "factsheet-apm.yaml"
    (data_copy / "bronnen" / "los.yaml").write_text(
        bron.read_text(encoding="utf-8").replace(
            "titel: De inzet", "titel: Losse bron over de inzet"
        ),
        encoding="utf-8",
    )
    made, _, kb = _pass(data_copy, cache)
    assert made == set(_keys(kb))  # the first time: everything

    made, reached, _ = _pass(data_copy, cache)
    assert made == reached == set()  # nothing changed: not a single key worked out

    rol = data_copy / "rollen" / "pedagogisch-coach.yaml"
    text = rol.read_text(encoding="utf-8")
    steps = [  # a link to the loose bron is added (it gains a neighbour), then removed
        text.replace("bronnen:\n", "bronnen:\n  - bron: los\n"),
        text,
    ]
    for new in steps:
        before = _keys(kb)
        rol.write_text(new, encoding="utf-8")
        made, reached, kb = _pass(data_copy, cache)
        after = _keys(kb)
        assert made == {unit for unit in after if after[unit] != before.get(unit)}
        assert "bronnen/los" in made
        assert "begrippen/apm" not in reached  # not next to the rol: its key not worked out


def test_a_gemeente_s_area_holds_what_its_organisations_name_not_what_its_roles_name(
    tmp_path: Path,
) -> None:
    """The sociale kaart and wegwijzer of a gemeente show its organisations with what they
    name; a rol that works there (and in many other gemeenten) names organisations that
    are not on those pages."""
    from conftest import VALID

    from kennisbank import synth

    data = tmp_path / "data"
    synth.generate(data, gemeenten=4, organisaties=30, seed=2, base=VALID)
    kb = check(data).kennisbank
    left_out = 0
    for gemeente in kb.all("gemeenten"):
        inside = {(e.type, e.id) for e in pagecache.area(kb, gemeente)}
        shown = {(e.type, e.id) for e in pagecache.around(kb, gemeente)}
        for org in kb.linked_from("gemeenten", gemeente.id, "organisaties"):
            shown |= {(target, ref) for _, target, ref in org.outgoing().refs}
        assert inside == shown
        for rol in kb.linked_from("gemeenten", gemeente.id, "rollen"):
            named = {(target, ref) for _, target, ref in rol.outgoing().refs}
            left_out += len(named - inside)
    assert left_out  # the data has roles that name organisations elsewhere
