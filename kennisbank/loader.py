"""Read one YAML file into plain Python data plus a map from field path to line.

Only safe YAML: plain mappings, sequences and scalars. Aliases, Python and other
tags, duplicate keys, deep nesting, too many values, control characters and
oversized files are refused before any value is built, so a hostile file costs
little time and memory: at most MAX_BYTES are read, and one streaming pass over
the parser's events checks depth, size and aliases before the document is
composed (libyaml's composer recurses once per level and crashes the process on
a file of a million opening brackets; a wide file costs memory per value).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .result import Loc, Problem, shorten

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - the C loader ships with PyYAML wheels
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_NODES = 50_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_ALIAS = "ankers en verwijzingen (& en *) zijn niet toegestaan"
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


class _Loader(SafeLoader):  # type: ignore[misc,valid-type]
    """The C loader, resolving a short plain scalar's tag once per distinct value: field
    names and fixed values repeat in every file, and resolving is a Python call per scalar."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 40:
            return _resolve_plain(value)
        return super().resolve(kind, value, implicit)


@functools.lru_cache(maxsize=16384)
def _resolve_plain(value: str) -> str:
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


@dataclass
class Document:
    """A parsed YAML file: its data and the line of every field path."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest parent that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


class KeptDocument:
    """A ``Document`` kept in the load cache without its data and lines: its file has not
    changed since (the cache checks), so they are read again only when a message needs a
    line (``line_of``, all that is asked of a cached record's document). Loading them for
    all records took most of a rebuild's reading of the cache."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._document: Document | None = None

    def line_of(self, loc: Loc) -> int:
        return self._full().line_of(loc)

    def _full(self) -> Document:
        if self._document is None:
            self._document = load_file(Path(self.path), self.path)
        return self._document


class LoadError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_file(path: Path, shown_as: str) -> Document:
    size = path.stat().st_size
    if size <= MAX_BYTES:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)  # never more, whatever the file claims
        size = len(raw)
    if size > MAX_BYTES:
        raise LoadError(
            Problem(
                shown_as,
                1,
                (),
                f"bestand is te groot ({_dutch(size)} bytes, maximaal {_dutch(MAX_BYTES)})",
                hint="een record hoort kort te zijn; zet lange teksten niet in één bestand",
            )
        )
    return parse(decode(raw, shown_as), shown_as)


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def decode(raw: bytes, shown_as: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            Problem(
                shown_as,
                line,
                (),
                f"geen geldige UTF-8-tekst (byte {raw[exc.start]:#x})",
                hint="sla het bestand op als UTF-8",
            )
        ) from None


def parse(text: str, shown_as: str) -> Document:
    loader = _Loader(text)
    try:
        _scan(loader, shown_as)
        loader.dispose()
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        hint = _yaml_hint(text, line)
        if "another document" in str(exc.problem):
            hint = "één record per bestand: haal de regel met --- en alles erna weg"
        raise LoadError(Problem(shown_as, line, (), _yaml_message(exc, text), hint=hint)) from None
    except yaml.reader.ReaderError as exc:
        raise LoadError(_control_character(exc, text, shown_as)) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError(Problem(shown_as, 1, (), "bestand is leeg"))
    if not isinstance(node, yaml.MappingNode):
        raise LoadError(
            Problem(
                shown_as,
                node.start_mark.line + 1,
                (),
                "het bestand moet een lijst van velden zijn (veld: waarde), geen losse waarde of lijst",
            )
        )
    doc = Document(shown_as, None)
    doc.data = _Builder(doc).build(node, (), 0)
    return doc


def _scan(loader: SafeLoader, shown_as: str) -> None:
    """Stream the events once, tracking each value's field path, and stop at the first
    alias, the first value deeper than MAX_DEPTH or beyond MAX_NODES: nothing is built,
    and a hostile file is refused after reading only as far as the problem."""
    open_: list[list[Any]] = []  # per open collection: [loc, is_mapping, key or index, at_key]
    count = 0
    while not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            open_.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1
        parent = open_[-1] if open_ else None
        if parent and parent[1] and parent[3]:  # a field name
            if not isinstance(event, yaml.ScalarEvent):
                raise LoadError(Problem(shown_as, line, parent[0], "een veldnaam moet tekst zijn"))
            parent[2], parent[3] = event.value, False
            continue
        if parent is None:
            loc: Loc = ()
        elif parent[1]:
            loc, parent[3] = (*parent[0], parent[2]), True
        else:
            loc, parent[2] = (*parent[0], parent[2]), parent[2] + 1
        count += 1
        if isinstance(event, yaml.AliasEvent):
            raise LoadError(Problem(shown_as, line, loc, _ALIAS, hint="schrijf de waarde uit"))
        if len(open_) > MAX_DEPTH:
            raise LoadError(
                Problem(shown_as, line, loc, f"te diep genest (meer dan {MAX_DEPTH} niveaus)")
            )
        if count > MAX_NODES:
            raise LoadError(
                Problem(
                    shown_as, line, loc, f"te veel waarden in één bestand (meer dan {MAX_NODES})"
                )
            )
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append([loc, isinstance(event, yaml.MappingStartEvent), 0, True])


def _control_character(exc: yaml.reader.ReaderError, text: str, shown_as: str) -> Problem:
    # libyaml counts the position in UTF-8 bytes
    line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Problem(
        shown_as,
        line,
        (),
        f"onzichtbaar stuurteken (#x{code:04x}) in de tekst",
        hint="verwijder het teken; het komt vaak mee bij kopiëren uit Word of een pdf",
    )


_YAML_MESSAGES = {
    "found character that cannot start any token": "dit teken mag hier niet staan",
    "mapping values are not allowed here": "hier mag geen dubbele punt staan",
    "could not find expected ':'": "er ontbreekt een dubbele punt na de veldnaam",
    "found unexpected end of stream": "het bestand houdt midden in een waarde op",
    "expected <block end>, but found '-'": "een lijstitem staat niet goed ingesprongen",
    "found undefined alias": _ALIAS,
    "but found another document": "er staat meer dan één document (---) in het bestand",
}


def _yaml_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = str(exc.problem or exc)
    for english, dutch in _YAML_MESSAGES.items():
        if problem.startswith(english):
            return f"ongeldige YAML: {dutch}"
    return f"ongeldige YAML ({problem})"


def _yaml_hint(text: str, line: int) -> str:
    lines = text.splitlines()
    if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
        return "gebruik spaties in plaats van tabs om in te springen"
    return "controleer inspringing, dubbele punten en aanhalingstekens op deze regel en de regel ervoor"


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        # A fresh constructor per file: SafeConstructor caches every node it built.
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, loc: Loc, message: str, hint: str | None = None) -> LoadError:
        return LoadError(Problem(self.doc.path, node.start_mark.line + 1, loc, message, hint=hint))

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if id(node) in self.seen:
            # An alias shares its anchor's node, so its own line is that of its parent.
            raise LoadError(
                Problem(
                    self.doc.path,
                    self.doc.line_of(loc[:-1]),
                    loc,
                    "ankers en verwijzingen (& en *) zijn niet toegestaan",
                    hint="schrijf de waarde uit",
                )
            )
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise self.fail(node, loc, f"te veel waarden in één bestand (meer dan {MAX_NODES})")
        if depth > MAX_DEPTH:
            raise self.fail(node, loc, f"te diep genest (meer dan {MAX_DEPTH} niveaus)")
        self.doc.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in (_MAP_TAG, _SEQ_TAG):
            raise self.forbidden_tag(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node, loc)
            if not isinstance(key, str):
                raise self.fail(key_node, loc, f"veldnaam {key!r} moet tekst zijn")
            if key == "<<":
                raise self.fail(key_node, loc, "samenvoegen met << is niet toegestaan")
            if key in result:
                first = self.doc.lines[(*loc, key)]
                raise self.fail(
                    key_node,
                    (*loc, key),
                    f"veld staat twee keer in het bestand (eerder op regel {first})",
                    "houd één van de twee over",
                )
            self.doc.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, loc, "een veldnaam moet tekst zijn")
        if node.tag == _STR_TAG:  # most values: what construct_object would return, faster
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self.forbidden_tag(node, loc)
        try:
            return self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError:
            raise self.forbidden_tag(node, loc) from None
        except (ValueError, OverflowError):  # 2024-13-45, or an integer of 5000 digits
            raise self.unreadable(node, loc) from None

    def unreadable(self, node: yaml.ScalarNode, loc: Loc) -> LoadError:
        value = shorten(node.value)
        if node.tag.endswith(":timestamp"):
            return self.fail(
                node,
                loc,
                f"'{value}' is geen bestaande datum",
                "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01",
            )
        return self.fail(
            node, loc, f"'{value}' is geen bruikbaar getal", "schrijf een kleiner getal"
        )

    def forbidden_tag(self, node: yaml.Node, loc: Loc) -> LoadError:
        return self.fail(
            node,
            loc,
            f"YAML-label {node.tag} is niet toegestaan",
            "gebruik gewone tekst, getallen, datums, lijsten en velden",
        )
