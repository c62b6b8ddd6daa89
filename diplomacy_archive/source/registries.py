"""The optional registries in data/: directives, speakers and venues, validated like front
matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from diplomacy_archive.problems import Problem, Problems
from diplomacy_archive.source.site_files import outside_link
from diplomacy_archive.source.site_folders import DATA_DIR
from diplomacy_archive.source.yaml_fields import FieldReader
from diplomacy_archive.source.yaml_positions import KeyPath, YamlProblem, load_yaml
from diplomacy_archive.text.citations import TYPE_ABBREVIATIONS, code_key, parse_citation
from diplomacy_archive.text.dates import DateError, EventDate, parse_event_date
from diplomacy_archive.text.vietnamese import name_key

DIRECTIVE_KEYS = ["code", "type", "number", "issuer", "issued", "subject", "supersedes",
                  "superseded_by", "aliases"]
SPEAKER_KEYS = ["name", "aliases", "bio"]
VENUE_KEYS = ["name", "aliases", "province"]
_ALIASES = {"ten": "name", "alias": "aliases", "title": "subject", "trich_yeu": "subject",
            "date": "issued", "ngay": "issued", "co_quan": "issuer", "loai": "type",
            "description": "bio", "tinh": "province", "replaces": "supersedes",
            "replaced_by": "superseded_by"}


@dataclass(frozen=True)
class DirectiveRecord:
    """One document as the registry describes it; ``code`` is written as the registry gives it."""

    code: str
    type: str
    number: int
    issuer: str = ""
    issued: EventDate | None = None
    subject: str = ""
    supersedes: tuple[str, ...] = ()
    superseded_by: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    path: str = ""
    line: int | None = None

    @property
    def key(self) -> tuple[object, ...]:
        return code_key(self.code) or ()


@dataclass(frozen=True)
class SpeakerRecord:
    name: str
    aliases: tuple[str, ...] = ()
    bio: str = ""
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class VenueRecord:
    name: str
    aliases: tuple[str, ...] = ()
    province: str = ""
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Registries:
    directives: tuple[DirectiveRecord, ...] = ()
    speakers: tuple[SpeakerRecord, ...] = ()
    venues: tuple[VenueRecord, ...] = ()


def load_registries(site: Path, zone: ZoneInfo, problems: Problems) -> Registries:
    """Read data/directives.yaml, speakers.yaml and venues.yaml; each is optional."""
    return Registries(
        directives=tuple(_load(site, "directives.yaml", problems,
                               lambda f, w, item: _directive(f, w, item, zone))),
        speakers=tuple(_load(site, "speakers.yaml", problems, _speaker)),
        venues=tuple(_load(site, "venues.yaml", problems, _venue)),
    )


def _load(site: Path, name: str, problems: Problems, read: Any) -> list[Any]:
    path = site / DATA_DIR / name
    if not path.is_file():
        return []
    elsewhere = outside_link(path, site)
    if elsewhere is not None:
        problems.warning(f"{DATA_DIR}/{name}", None, None, f"this is a symbolic link to "
                         f"{elsewhere}, outside the site: it is not read",
                         "put the file itself in the site's data/ folder")
        return []
    shown = f"{DATA_DIR}/{name}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.extend([Problem(shown, None, None, "the file is not UTF-8 text",
                                 "open it in a text editor and save it with the UTF-8 encoding")])
        return []
    try:
        doc = load_yaml(text, shown)
    except YamlProblem as exc:
        problems.extend([exc.problem])
        return []
    if doc.data is None:
        return []
    fields = FieldReader(doc, shown, problems)
    if not isinstance(doc.data, list):
        problems.error(shown, 1, 1, "must be a list of entries, each starting with '- '",
                       f"see docs/registries.md for an example of {name}")
        return []
    records = []
    for index, item in enumerate(doc.data):
        if not isinstance(item, dict):
            fields.error((index,), "each entry must be a group of 'key: value' lines",
                         "start each entry with '- ' and indent its keys")
            continue
        record = read(fields, (index,), item)
        if record is not None:
            records.append(record)
    return records


def _known_keys(fields: FieldReader, where: KeyPath, item: dict[Any, Any], known: list[str]
                ) -> None:
    for key in item:
        if key not in known:
            fields.unknown_key(where + (key,), known, _ALIASES)


def _texts(fields: FieldReader, where: KeyPath, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(text for _, text in fields.text_list(where, value, f"{where[-1]}: [..., ...]"))


def _line(fields: FieldReader, where: KeyPath) -> int | None:
    return fields.doc.key_at(where)[0]


def _directive(fields: FieldReader, where: KeyPath, item: dict[Any, Any], zone: ZoneInfo
               ) -> DirectiveRecord | None:
    _known_keys(fields, where, item, DIRECTIVE_KEYS)
    if item.get("code") is None:
        fields.error(where, "a directive needs 'code:'", "for example 'code: 04-CT/TW'")
        return None
    code = fields.text(where + ("code",), item["code"])
    if code is None:
        return None
    citation = parse_citation(code)
    if citation is None or citation.is_short:
        fields.error(where + ("code",), f"'{code}' is not a document code",
                     "write it as on the document, such as 04-CT/TW or 3935/KH-UBND")
        return None
    doc_type = fields.text(where + ("type",), item["type"]) if item.get("type") else citation.type
    if not doc_type:
        fields.error(where + ("code",), f"the type of '{code}' is not known",
                     "add 'type:', such as 'type: Chỉ thị'")
        return None
    if doc_type not in TYPE_ABBREVIATIONS:
        fields.warning(where + ("type",), f"'{doc_type}' is not a known document type",
                       "known types: " + ", ".join(TYPE_ABBREVIATIONS))
    if item.get("number") is not None:
        if isinstance(item["number"], bool) or not isinstance(item["number"], int):
            fields.error(where + ("number",), "must be a whole number", "for example 'number: 4'")
        elif item["number"] != citation.number:
            fields.error(where + ("number",),
                         f"{item['number']} does not match the code '{code}'",
                         "remove 'number:'; it is read from the code")
    issued = None
    if item.get("issued") is not None:
        try:
            issued = parse_event_date(item["issued"], zone)
        except DateError as exc:
            fields.error(where + ("issued",), str(exc), exc.hint)
            return None
    texts = {key: (fields.text(where + (key,), item[key]) or "") if item.get(key) is not None
             else "" for key in ("issuer", "subject")}
    return DirectiveRecord(
        code=citation.canonical_code(), type=doc_type, number=citation.number,
        issuer=texts["issuer"], issued=issued,
        subject=texts["subject"],
        supersedes=_texts(fields, where + ("supersedes",), item.get("supersedes")),
        superseded_by=_texts(fields, where + ("superseded_by",), item.get("superseded_by")),
        aliases=_texts(fields, where + ("aliases",), item.get("aliases")),
        path=fields.path, line=_line(fields, where + ("code",)))


def _speaker(fields: FieldReader, where: KeyPath, item: dict[Any, Any]) -> SpeakerRecord | None:
    _known_keys(fields, where, item, SPEAKER_KEYS)
    name = _required_name(fields, where, item, "a speaker")
    if name is None:
        return None
    bio = fields.text(where + ("bio",), item["bio"]) if item.get("bio") is not None else ""
    return SpeakerRecord(name, _texts(fields, where + ("aliases",), item.get("aliases")), bio or "",
                         fields.path, _line(fields, where + ("name",)))


def _venue(fields: FieldReader, where: KeyPath, item: dict[Any, Any]) -> VenueRecord | None:
    _known_keys(fields, where, item, VENUE_KEYS)
    name = _required_name(fields, where, item, "a venue")
    if name is None:
        return None
    province = fields.text(where + ("province",), item["province"]) \
        if item.get("province") is not None else ""
    return VenueRecord(name, _texts(fields, where + ("aliases",), item.get("aliases")),
                       province or "", fields.path, _line(fields, where + ("name",)))


def _required_name(fields: FieldReader, where: KeyPath, item: dict[Any, Any], what: str
                   ) -> str | None:
    if item.get("name") is None:
        fields.error(where, f"{what} needs 'name:'", "write the name as it should be shown")
        return None
    name = fields.text(where + ("name",), item["name"])
    if name == "":
        fields.error(where + ("name",), "must not be empty", "write the name as it should be shown")
        return None
    return name


def name_variants(name: str, aliases: tuple[str, ...]) -> list[str]:
    """The keys under which a registry entry is found."""
    return list(dict.fromkeys(name_key(text) for text in (name, *aliases)))
