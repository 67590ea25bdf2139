"""The editing screen at /admin/: a Decap CMS configuration generated from the model.

Every record type becomes a folder collection and every model field a Decap field,
so the screen can never offer a field the checker refuses or miss one it knows.
Nothing here is written by hand into the site: the MkDocs hook adds
``admin/index.html`` and ``admin/config.yml`` from this module on every build.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import labels
from .model import RECORD_TYPES, SLUG, Ref
from .render import TYPE_LABELS

ADMIN_DIR = "admin"
DECAP_VERSION = "3.16.3"
DECAP_SCRIPT = "assets/vendor/decap-cms/decap-cms.js"
ADMIN_SCRIPT = "assets/js/invoerscherm.js"
ADMIN_STYLE = "assets/css/invoerscherm.css"
SCHEMA_LINE = "yaml-language-server: $schema=../../schemas/{type}.schema.json"
TITLE_FIELDS = ("naam", "titel", "term")
# Fields (or list items) that hold a paragraph rather than a line: a text area, not one line.
PROSE_FIELDS = frozenset(
    {
        "aandachtspunten",
        "aanpak",
        "bereikbaar",
        "beschrijving",
        "context",
        "financiering_toelichting",
        "in_gewone_taal",
        "kosten",
        "kosten_voor_ouders",
        "omschrijving",
        "open_vragen",
        "samenvatting",
        "taken",
        "tekst",
        "toelichting",
        "uitleg",
        "voor_wie_niet",
        "wat_gaat_goed",
        "wat_werkt",
    }
)
# render.py shows exactly the fields whose help text says "(Markdown)" as Markdown (a test checks it).
MARKDOWN_MARK = "(Markdown)"
_EXTRA_SEARCH_FIELDS = ("afkorting", "voluit")
_SLUG_MESSAGE = "Alleen kleine letters, cijfers en streepjes, bijvoorbeeld peuteropvang-de-vlinder."
_PATTERN_MESSAGE = "Dit heeft niet de goede vorm: zie de uitleg onder het veld."


class SettingsError(ValueError):
    """The settings in mkdocs.yml do not describe a GitHub repository the screen can use."""


@dataclass(frozen=True)
class Settings:
    """Where the editing screen reads and writes: one repository, one branch, one login service."""

    repo: str
    branch: str
    site_url: str = ""
    oauth_url: str = ""
    auth_endpoint: str = ""
    open_authoring: bool = False


def settings_from_mkdocs(edit_uri: str, site_url: str, extra: dict[str, Any]) -> Settings:
    """Repository and branch come from ``edit_uri``; the login service from ``extra.invoerscherm``."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)/edit/([^/]+)/.*", edit_uri or "")
    if not match:
        raise SettingsError(
            f"edit_uri '{edit_uri}' in mkdocs.yml is geen bewerkadres op GitHub "
            "(https://github.com/<eigenaar>/<repository>/edit/<branch>/docs/); "
            "het invoerscherm leest daaruit de repository en de branch"
        )
    own = (extra or {}).get("invoerscherm") or {}
    unknown = set(own) - {"oauth_url", "auth_endpoint", "open_authoring"}
    if unknown:
        raise SettingsError(
            f"extra.invoerscherm in mkdocs.yml kent {', '.join(sorted(unknown))} niet; "
            "gebruik oauth_url, auth_endpoint of open_authoring"
        )
    oauth_url = str(own.get("oauth_url") or "").rstrip("/")
    parts = urlsplit(oauth_url)
    if oauth_url and (parts.scheme != "https" or not parts.netloc or parts.path):
        raise SettingsError(
            f"extra.invoerscherm.oauth_url '{oauth_url}' moet een https-adres zonder pad zijn, "
            "bijvoorbeeld https://login.voorbeeld.nl (het pad hoort in auth_endpoint)"
        )
    return Settings(
        repo=match.group(1),
        branch=match.group(2),
        site_url=site_url or "",
        oauth_url=oauth_url,
        auth_endpoint=str(own.get("auth_endpoint") or "").strip("/"),
        open_authoring=bool(own.get("open_authoring", False)),
    )


def config(settings: Settings) -> dict[str, Any]:
    """The complete Decap configuration as plain data."""
    backend: dict[str, Any] = {
        "name": "github",
        "repo": settings.repo,
        "branch": settings.branch,
        "commit_messages": {
            "create": "Nieuw in {{collection}}: {{slug}}",
            "update": "Gewijzigd in {{collection}}: {{slug}}",
            "delete": "Verwijderd uit {{collection}}: {{slug}}",
            "uploadMedia": "Bestand toegevoegd: {{path}}",
            "deleteMedia": "Bestand verwijderd: {{path}}",
            "openAuthoring": "{{message}}",
        },
    }
    if settings.oauth_url:
        backend["base_url"] = settings.oauth_url
    if settings.auth_endpoint:
        backend["auth_endpoint"] = settings.auth_endpoint
    if settings.open_authoring:
        backend["open_authoring"] = True
    result: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "locale": "nl",
        "media_folder": "docs/assets/huisstijl",
        "public_folder": "/assets/huisstijl",
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if settings.site_url:
        result["site_url"] = settings.site_url
        result["display_url"] = settings.site_url
    result["collections"] = [collection(type_) for type_ in RECORD_TYPES]
    return result


def config_yaml(settings: Settings) -> str:
    header = (
        "# Generated from kennisbank/model.py by kennisbank/decap.py on every build: do not edit.\n"
    )
    # The C emitter: the same text, ten times faster (the Python one costs every build 0.1 s).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(
        config(settings), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def collection(type_: str) -> dict[str, Any]:
    model = RECORD_TYPES[type_]
    title = title_field(model)
    fields = _fields(model, None)
    # Decap writes a field's `comment` above it; the first field is the file's first line.
    fields[0]["comment"] = SCHEMA_LINE.format(type=type_)
    singular, plural = TYPE_LABELS[type_]
    return {
        "name": type_,
        "label": plural,
        "label_singular": singular,
        "folder": f"data/{type_}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        # Deleting a published record would commit straight to the branch, past the checks.
        "delete": False,
        "slug": "{{" + title + "}}",
        "identifier_field": title,
        "summary": "{{" + title + "}}",
        "sortable_fields": [title, "laatst_gecontroleerd"],
        "editor": {"preview": False},
        "fields": fields,
    }


def title_field(model: type[BaseModel]) -> str:
    return next(name for name in TITLE_FIELDS if name in model.model_fields)


def ordered_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """A record's own fields first (its title on top), then the shared ones, as data files do."""
    own = set(vars(model).get("__annotations__", {}))
    items = list(model.model_fields.items())
    return [item for item in items if item[0] in own] + [
        item for item in items if item[0] not in own
    ]


def _fields(model: type[BaseModel], optional_parent: str | None) -> list[dict[str, Any]]:
    return [field(name, info, optional_parent) for name, info in ordered_fields(model)]


def field(name: str, info: FieldInfo, optional_parent: str | None = None) -> dict[str, Any]:
    """One Decap field. ``optional_parent``: the label of the optional object this field is in.

    Decap checks the required fields of an object even when the editor leaves the whole
    object empty, so inside an optional object nothing is required in the screen; the
    hint says what the checker will ask once the object is filled in.
    """
    label = humanise(name)
    required = info.is_required()
    inner_parent = optional_parent if required else label
    options = _widget(name, info.annotation, list(info.metadata), info, inner_parent)
    spec: dict[str, Any] = {"name": name, "label": label, "widget": options.pop("widget")}
    if not required or optional_parent:
        spec["required"] = False
    hint = info.description or ""
    if required and optional_parent:
        hint = f"{hint} Verplicht zodra je iets invult bij ‘{optional_parent}’.".strip()
    if hint:
        spec["hint"] = hint
    return {**spec, **options}


def humanise(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _widget(
    name: str,
    annotation: Any,
    metadata: list[Any],
    info: FieldInfo | None,
    optional_parent: str | None,
) -> dict[str, Any]:
    annotation, metadata = _unwrap(annotation, metadata)
    ref = next((m.target for m in metadata if isinstance(m, Ref)), None)
    if ref:
        return relation(ref)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return _list(name, args[0])
    if origin is typing.Literal:
        return {"widget": "select", "options": _options(args)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        collapsed = optional_parent is not None
        return {
            "widget": "object",
            "collapsed": collapsed,
            "fields": _fields(annotation, optional_parent),
        }
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation in (int, float):
        return _number(annotation, metadata)
    if annotation is dt.date:
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
        }
    if annotation is str:
        return _text(name, info, metadata)
    raise TypeError(f"{name}: no Decap widget for {annotation!r}")


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """Strip Optional[...] and Annotated[...], keeping the metadata (Ref, constraints, pattern)."""
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation, metadata = args[0], [*metadata, *annotation.__metadata__]
        elif args and type(None) in args and origin is not typing.Literal:
            (annotation,) = [a for a in args if a is not type(None)]
        else:
            return annotation, metadata


def relation(target: str) -> dict[str, Any]:
    model = RECORD_TYPES[target]
    title = title_field(model)
    search = [title, *(f for f in _EXTRA_SEARCH_FIELDS if f in model.model_fields)]
    return {
        "widget": "relation",
        "collection": target,
        "value_field": "{{slug}}",
        "search_fields": search,
        "display_fields": [title],
    }


def _list(name: str, item: Any) -> dict[str, Any]:
    """A list. Its items exist only once an editor adds one, so inside them required is required."""
    item_type, metadata = _unwrap(item, [])
    if any(isinstance(m, Ref) for m in metadata) or typing.get_origin(item_type) is typing.Literal:
        return {**_widget(name, item, [], None, None), "multiple": True}
    if isinstance(item_type, type) and issubclass(item_type, BaseModel):
        fields = _fields(item_type, None)
        summary = "{{fields." + fields[0]["name"] + "}}"
        return {"widget": "list", "collapsed": True, "summary": summary, "fields": fields}
    inner = {"name": "item", "label": humanise(name), **_widget(name, item, [], None, None)}
    return {"widget": "list", "field": inner}


def _options(values: tuple[str, ...]) -> list[dict[str, str]]:
    """Select options with the site's Dutch labels (kennisbank/labels.py) where it has them."""
    tables = [t for t in vars(labels).values() if isinstance(t, dict) and set(t) == set(values)]
    known = tables[0] if tables else {}
    result = []
    for value in values:
        label = known.get(value, value.replace("-", " "))
        result.append({"label": label[:1].upper() + label[1:], "value": value})
    return result


def _number(kind: type, metadata: list[Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {"widget": "number", "value_type": "int" if kind is int else "float"}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            spec["min"] = item.ge
        elif isinstance(item, annotated_types.Le):
            spec["max"] = item.le
    if kind is float:
        spec["step"] = 0.000001
    return spec


def _text(name: str, info: FieldInfo | None, metadata: list[Any]) -> dict[str, Any]:
    extras = [info.json_schema_extra] if info and isinstance(info.json_schema_extra, dict) else []
    extras += [m.json_schema_extra for m in metadata if isinstance(m, FieldInfo)]
    pattern = next((e["pattern"] for e in extras if isinstance(e, dict) and "pattern" in e), None)
    if pattern:
        message = _SLUG_MESSAGE if pattern == SLUG.pattern else _PATTERN_MESSAGE
        return {"widget": "string", "pattern": [pattern, message]}
    if info and info.description and MARKDOWN_MARK in info.description:
        # No images or code blocks: the site shows Markdown text, not uploaded media.
        return {"widget": "markdown", "editor_components": []}
    return {"widget": "text" if name in PROSE_FIELDS else "string"}


def admin_files(settings: Settings) -> dict[str, str]:
    """The files of /admin/ in the built site, by path."""
    return {
        f"{ADMIN_DIR}/index.html": admin_html(),
        f"{ADMIN_DIR}/config.yml": config_yaml(settings),
    }


def admin_html() -> str:
    """The page that loads Decap: own files only, nothing from another host before login."""
    return (
        _ADMIN_HTML.replace("{policy}", ADMIN_POLICY)
        .replace("{decap}", f"../{DECAP_SCRIPT}")
        .replace("{own}", f"../{ADMIN_SCRIPT}")
        .replace("{style}", f"../{ADMIN_STYLE}")
        .replace("{version}", DECAP_VERSION)
    )


# After login Decap talks to the GitHub API and shows the editor's GitHub avatar; the
# login itself is a pop-up to the OAuth service, which a policy does not restrict.
# Decap compiles its configuration check at run time (Ajv: 'unsafe-eval') and its components
# set inline styles ('unsafe-inline' for styles); both only on this page.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https://avatars.githubusercontent.com",
        "font-src 'self' data:",
        "connect-src 'self' https://api.github.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
)

_ADMIN_HTML = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Invoerscherm – Kennisbank Jonge Kind</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="{style}" rel="stylesheet">
</head>
<body data-pagefind-ignore="all">
<noscript>Het invoerscherm werkt alleen met JavaScript aan.</noscript>
<!-- Decap CMS {version}, served from this site: docs/assets/vendor/decap-cms/ -->
<script src="{decap}"></script>
<script src="{own}"></script>
</body>
</html>
"""
