"""The optional registries in data/: directives, speakers and venues, validated like front
matter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Problem, Problems
from diplomacy_archive.source.addresses import AddressRules
from diplomacy_archive.source.site_files import outside_link
from diplomacy_archive.source.site_folders import DATA_DIR
from diplomacy_archive.source.yaml_fields import FieldReader
from diplomacy_archive.source.yaml_positions import KeyPath, YamlProblem, load_yaml
from diplomacy_archive.text.citations import TYPE_ABBREVIATIONS, code_key, parse_citation
from diplomacy_archive.text.dates import DateError, EventDate, parse_event_date
from diplomacy_archive.text.vietnamese import name_key

# ``aliases`` are other ways articles write a name or cite a document; ``old_addresses`` are
# addresses its page had before (source/addresses.py), which lead to its page by redirects.
DIRECTIVE_KEYS = ["code", "type", "number", "issuer", "issued", "subject", "supersedes",
                  "superseded_by", "aliases", "old_addresses"]
SPEAKER_KEYS = ["name", "aliases", "bio", "old_addresses"]
VENUE_KEYS = ["name", "aliases", "province", "old_addresses"]
_ALIASES = {"ten": "name", "alias": "aliases", "title": "subject", "trich_yeu": "subject",
            "date": "issued", "ngay": "issued", "co_quan": "issuer", "loai": "type",
            "description": "bio", "tinh": "province", "replaces": "supersedes",
            "replaced_by": "superseded_by", "redirect_from": "old_addresses",
            "old_slugs": "old_addresses", "old_urls": "old_addresses"}


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
    old_addresses: tuple[str, ...] = ()

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
    old_addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class VenueRecord:
    name: str
    aliases: tuple[str, ...] = ()
    province: str = ""
    path: str = ""
    line: int | None = None
    old_addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registries:
    directives: tuple[DirectiveRecord, ...] = ()
    speakers: tuple[SpeakerRecord, ...] = ()
    venues: tuple[VenueRecord, ...] = ()


def load_registries(site: Path, zone: ZoneInfo, problems: Problems,
                    addresses: AddressRules | None = None) -> Registries:
    """Read data/directives.yaml, speakers.yaml and venues.yaml; each is optional.
    ``addresses`` reads the entries' old addresses (AddressRules.of(config) in a build)."""
    rules = addresses or AddressRules()
    return Registries(
        directives=tuple(_load(site, "directives.yaml", problems,
                               lambda f, w, item: _directive(f, w, item, zone, rules))),
        speakers=tuple(_load(site, "speakers.yaml", problems,
                             lambda f, w, item: _speaker(f, w, item, rules))),
        venues=tuple(_load(site, "venues.yaml", problems,
                           lambda f, w, item: _venue(f, w, item, rules))),
    )


def _load(site: Path, name: str, problems: Problems, read: Any) -> list[Any]:
    path = site / DATA_DIR / name
    if not path.is_file():
        return []
    elsewhere = outside_link(path, site)
    if elsewhere is not None:
        problems.warning(f"{DATA_DIR}/{name}", None, None,
                         N_("this is a symbolic link to {target}, outside the site: it is not "
                            "read"),
                         N_("put the file itself in the site's data/ folder"), "",
                         {"target": elsewhere})
        return []
    shown = f"{DATA_DIR}/{name}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.extend([Problem(shown, None, None, N_("the file is not UTF-8 text"),
                                 N_("open it in a text editor and save it with the UTF-8 "
                                    "encoding"))])
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
        problems.error(shown, 1, 1, N_("must be a list of entries, each starting with '- '"),
                       N_("see docs/registries.md for an example of {file}"), "",
                       {"file": name})
        return []
    records = []
    for index, item in enumerate(doc.data):
        if not isinstance(item, dict):
            fields.error((index,), N_("each entry must be a group of 'key: value' lines"),
                         N_("start each entry with '- ' and indent its keys"))
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


def _directive(fields: FieldReader, where: KeyPath, item: dict[Any, Any], zone: ZoneInfo,
               rules: AddressRules) -> DirectiveRecord | None:
    _known_keys(fields, where, item, DIRECTIVE_KEYS)
    if item.get("code") is None:
        fields.error(where, N_("a directive needs 'code:'"), N_("for example 'code: 04-CT/TW'"))
        return None
    code = fields.text(where + ("code",), item["code"])
    if code is None:
        return None
    citation = parse_citation(code)
    if citation is None or citation.is_short:
        fields.error(where + ("code",), N_("'{code}' is not a document code"),
                     N_("write it as on the document, such as 04-CT/TW or 3935/KH-UBND"),
                     args={"code": code})
        return None
    doc_type = fields.text(where + ("type",), item["type"]) if item.get("type") else citation.type
    if not doc_type:
        fields.error(where + ("code",), N_("the type of '{code}' is not known"),
                     N_("add 'type:', such as 'type: Chỉ thị'"), args={"code": code})
        return None
    if doc_type not in TYPE_ABBREVIATIONS:
        fields.warning(where + ("type",), N_("'{type}' is not a known document type"),
                       N_("known types: {known}"),
                       {"type": doc_type, "known": ", ".join(TYPE_ABBREVIATIONS)})
    if item.get("number") is not None:
        if isinstance(item["number"], bool) or not isinstance(item["number"], int):
            fields.error(where + ("number",), N_("must be a whole number"),
                         N_("for example 'number: 4'"))
        elif item["number"] != citation.number:
            fields.error(where + ("number",), N_("{number} does not match the code '{code}'"),
                         N_("remove 'number:'; it is read from the code"),
                         args={"number": item["number"], "code": code})
    issued = None
    if item.get("issued") is not None:
        try:
            issued = parse_event_date(item["issued"], zone)
        except DateError as exc:
            fields.error(where + ("issued",), exc.template, exc.hint_template,
                         args=exc.values)
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
        path=fields.path, line=_line(fields, where + ("code",)),
        old_addresses=_old_addresses(fields, where, item, rules, "directive"))


def _speaker(fields: FieldReader, where: KeyPath, item: dict[Any, Any], rules: AddressRules
             ) -> SpeakerRecord | None:
    _known_keys(fields, where, item, SPEAKER_KEYS)
    name = _required_name(fields, where, item, N_("a speaker needs 'name:'"))
    if name is None:
        return None
    bio = fields.text(where + ("bio",), item["bio"]) if item.get("bio") is not None else ""
    return SpeakerRecord(name, _spellings(fields, where, item), bio or "",
                         fields.path, _line(fields, where + ("name",)),
                         _old_addresses(fields, where, item, rules, "speaker"))


def _venue(fields: FieldReader, where: KeyPath, item: dict[Any, Any], rules: AddressRules
           ) -> VenueRecord | None:
    _known_keys(fields, where, item, VENUE_KEYS)
    name = _required_name(fields, where, item, N_("a venue needs 'name:'"))
    if name is None:
        return None
    province = fields.text(where + ("province",), item["province"]) \
        if item.get("province") is not None else ""
    return VenueRecord(name, _spellings(fields, where, item),
                       province or "", fields.path, _line(fields, where + ("name",)),
                       _old_addresses(fields, where, item, rules, "venue"))


def _old_addresses(fields: FieldReader, where: KeyPath, item: dict[Any, Any],
                   rules: AddressRules, kind: str) -> tuple[str, ...]:
    if item.get("old_addresses") is None:
        return ()
    return rules.read(fields, where + ("old_addresses",), item["old_addresses"], kind)


def _spellings(fields: FieldReader, where: KeyPath, item: dict[Any, Any]) -> tuple[str, ...]:
    """A speaker's or venue's aliases: other ways of writing its name. An address there was
    most likely meant as an old address of its page."""
    if item.get("aliases") is None:
        return ()
    spellings = fields.text_list(where + ("aliases",), item["aliases"], "aliases: [..., ...]")
    for at, text in spellings:
        if text.startswith("/"):
            fields.warning(at, N_("'{text}' looks like a web address, not another way of "
                                  "writing the name"),
                           N_("aliases are other spellings of the name; old addresses of the "
                              "page go in 'old_addresses:'"), {"text": text})
    return tuple(text for _, text in spellings)


def _required_name(fields: FieldReader, where: KeyPath, item: dict[Any, Any], missing: str
                   ) -> str | None:
    """The entry's name; ``missing`` is the message (marked N_) when it has none."""
    if item.get("name") is None:
        fields.error(where, missing, N_("write the name as it should be shown"))
        return None
    name = fields.text(where + ("name",), item["name"])
    if name == "":
        fields.error(where + ("name",), N_("must not be empty"),
                     N_("write the name as it should be shown"))
        return None
    return name


def name_variants(name: str, aliases: tuple[str, ...]) -> list[str]:
    """The keys under which a registry entry is found."""
    return list(dict.fromkeys(name_key(text) for text in (name, *aliases)))
