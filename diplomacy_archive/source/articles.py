"""Articles: read Markdown files, split the front matter, validate it into typed Article objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from frontmatter.default_handlers import YAMLHandler

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args, Problem, Problems, Severity, problem_args, site_path
from diplomacy_archive.source.addresses import AddressRules
from diplomacy_archive.source.config import Config
from diplomacy_archive.source.front_matter_fields import FRONT_MATTER_KEYS
from diplomacy_archive.source.site_folders import CONTENT_DIR
from diplomacy_archive.source.yaml_fields import FieldReader, kind_of, must_be_list
from diplomacy_archive.source.yaml_positions import KeyPath, YamlDocument, YamlProblem, load_yaml
from diplomacy_archive.text.dates import DateError, EventDate, Precision, parse_event_date
from diplomacy_archive.text.vietnamese import (
    first_control,
    name_key,
    nfc,
    slugify,
    strip_controls,
)

ARTICLE_SUFFIXES = (".md", ".markdown")

# Keys editors may write in Vietnamese or by habit from other generators.
_KEY_ALIASES = {
    "tieu_de": "title", "tieu-de": "title", "ngay": "date", "dia_diem": "venue",
    "dia-diem": "venue", "place": "venue", "location": "venue", "the": "tags",
    "chu_de": "tags", "chu-de": "tags", "categories": "tags", "speaker": "speakers",
    "directive": "directives", "tag": "tags", "image": "images", "description": "summary",
    "tom_tat": "summary", "tac_gia": "author", "nguon": "source", "language": "lang",
    "cap_nhat": "updated", "ngay_cap_nhat": "updated", "lastmod": "updated",
    "modified": "updated", "redirect_from": "aliases", "old_addresses": "aliases",
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 120  # file systems allow 255 bytes per name; addresses should stay readable
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_YAML = YAMLHandler()
# 'source:' given neither as text nor as 'publisher:' and 'url:', by the kind it was (kind_of)
_SOURCE_NOT = {
    "true/false": N_("must be a publisher name or 'publisher:' and 'url:', not true/false"),
    "a number": N_("must be a publisher name or 'publisher:' and 'url:', not a number"),
    "a list": N_("must be a publisher name or 'publisher:' and 'url:', not a list"),
    "empty": N_("must be a publisher name or 'publisher:' and 'url:', not empty"),
    "text": N_("must be a publisher name or 'publisher:' and 'url:', not text"),
}

# The sentence the `new` command's skeleton (authoring/new_article.py) leaves where the text of
# the article goes, in each language the skeleton is written in (the Vietnamese one is what the
# catalogue must translate the English one into). The one list of them: an article to publish
# that still holds one is refused, whichever language wrote it.
SKELETON_PLACEHOLDERS = {
    "en": "Write the article here, in Markdown.",
    "vi": "Viết bài ở đây, bằng Markdown.",
}


def _placeholder_pattern(sentence: str) -> re.Pattern[str]:
    """The sentence in any case, with any spaces or punctuation between its words (a line
    break, a comma or full stop lost or escaped)."""
    words = re.findall(r"\w+", nfc(sentence))
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(map(re.escape, words)) + r"(?!\w)[.!]?",
                      re.IGNORECASE)


_PLACEHOLDERS = tuple(_placeholder_pattern(s) for s in SKELETON_PLACEHOLDERS.values())
# The example titles the command line and the new site's README give ('new "Tiêu đề bài
# viết"'): an editor who copies the example as it is has not written a title yet.
PLACEHOLDER_TITLES = ("Tiêu đề bài viết", "Article title")
_PLACEHOLDER_TITLE_KEYS = frozenset(name_key(t) for t in PLACEHOLDER_TITLES)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str = ""


@dataclass(frozen=True)
class Source:
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
class Image:
    src: str
    caption: str = ""
    credit: str = ""
    line: int | None = field(default=None, compare=False, hash=False)  # of src: in the file


@dataclass(frozen=True)
class Article:
    """One validated article; ``id`` is its path under content/ (``2021/toa-dam.md``)."""

    id: str
    path: str
    title: str
    date: EventDate
    slug: str
    body: str
    body_line: int
    lang: str
    date_note: str = ""
    venue: str = ""
    speakers: tuple[Speaker, ...] = ()
    directives: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    author: str = ""
    source: Source | None = None
    images: tuple[Image, ...] = ()
    draft: bool = False
    updated: EventDate | None = None  # when the text was last revised, if the editor says
    attendees: tuple[Speaker, ...] = ()  # other people named as present, not speaking
    import_notes: tuple[str, ...] = ()  # what the importer guessed or did not find
    aliases: tuple[str, ...] = ()  # its old addresses (source/addresses.py), redirected here
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Rejected:
    """An article with errors, as far as its front matter could be read. It is never published,
    but its body, citations, tags and images are checked as a published article's are, so that
    one build reports every problem of the file. ``article`` holds the fields that could be
    read: an empty title or slug where they could not, and a stand-in date (the first day of
    year 1) unless ``dated``."""

    article: Article
    dated: bool


@dataclass(frozen=True)
class SourceText:
    """An article file as text: its id, the path to show, and the text (None if unreadable)."""

    id: str
    path: str
    text: str
    warnings: tuple[Problem, ...] = ()  # about what reading changed (control characters)


def is_article_path(relative: str) -> bool:
    """A Markdown file under content/ that is not hidden ('.x') or set aside ('_x')."""
    return (relative.lower().endswith(ARTICLE_SUFFIXES)
            and not any(part.startswith((".", "_")) for part in relative.split("/")))


def read_source(site: Path, path: Path, data: bytes | None = None) -> SourceText | Problem:
    """Read a file as UTF-8 (a BOM is allowed); anything else is a problem naming the line."""
    shown = site_path(path, site)
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(shown, line, col,
                       N_("the file is not UTF-8 text (byte 0x{byte} cannot be read)"),
                       N_("open it in a text editor and save it again with the UTF-8 encoding"),
                       args=problem_args({"byte": f"{data[exc.start]:02x}"}))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    article_id = path.relative_to(site / CONTENT_DIR).as_posix()
    warnings: tuple[Problem, ...] = ()
    at = first_control(text)
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        warnings = (Problem(shown, line, at - text.rfind("\n", 0, at),
                            N_("invisible control characters (such as U+{code}) were removed "
                               "from the text"),
                            N_("they usually come from pasting; delete them to silence this"),
                            severity=Severity.WARNING,
                            args=problem_args({"code": f"{ord(text[at]):04X}"})),)
        text = strip_controls(text)
    return SourceText(article_id, shown, nfc(text), warnings)


@dataclass(frozen=True)
class Parts:
    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def split_front_matter(source: SourceText) -> Parts | Problem:
    """Separate the YAML between the first two '---' lines from the Markdown body."""
    text = source.text
    if not text.strip():
        return Problem(source.path, 1, 1, N_("the file is empty"),
                       N_("start it with front matter: a line '---', 'title: ...', 'date: ...', "
                          "then '---'; the command 'new' writes one for you"))
    if not _YAML.detect(text):
        return Problem(source.path, 1, 1, N_("the file has no front matter"),
                       N_("the first line must be '---', followed by 'title: ...', 'date: ...' "
                          "and a closing '---'"))
    boundaries = list(_YAML.FM_BOUNDARY.finditer(text))
    if len(boundaries) < 2:
        return Problem(source.path, 1, 1, N_("the front matter is not closed"),
                       N_("add a line '---' after the last field, before the article text"))
    opening, closing = boundaries[0], boundaries[1]
    fm_line = text.count("\n", 0, opening.end()) + 1
    body_start = closing.end()
    body = text[body_start:]
    body_line = text.count("\n", 0, body_start) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    return Parts(text[opening.end():closing.start()], fm_line, body, body_line)


def parse_article(source: SourceText, config: Config, problems: Problems) -> Article | None:
    """Split, parse and validate one article; every problem found goes to ``problems``."""
    article = read_article(source, config, problems)
    return article if isinstance(article, Article) else None


def read_article(source: SourceText, config: Config, problems: Problems
                 ) -> Article | Rejected | None:
    """As parse_article, but an article with errors whose front matter could be read comes back
    Rejected, for the checks of what it holds (its body, its citations) that come later."""
    parts = split_front_matter(source)
    if isinstance(parts, Problem):
        problems.extend([parts])
        return None
    try:
        doc = load_yaml(parts.front_matter, source.path, parts.front_matter_line)
    except YamlProblem as exc:
        problems.extend([exc.problem])
        return None
    if not isinstance(doc.data, dict):
        problems.error(source.path, parts.front_matter_line, 1,
                       N_("the front matter must be 'key: value' lines")
                       if doc.data is not None else N_("the front matter is empty"),
                       N_("write at least 'title: ...' and 'date: ...' between the '---' lines"))
        return None
    return _validate(source, parts, doc, config, problems)


def _validate(source: SourceText, parts: Parts, doc: YamlDocument, config: Config,
              problems: Problems) -> Article | Rejected | None:
    data: dict[Any, Any] = doc.data  # type: ignore[assignment]
    fields = FieldReader(doc, source.path, problems)
    errors_before = len(problems.errors)
    for key in data:
        if key not in FRONT_MATTER_KEYS:
            fields.unknown_key((key,), FRONT_MATTER_KEYS, _KEY_ALIASES)

    title = _read_title(fields, data, parts)
    event_date = _read_date(fields, data, parts, config)
    values: dict[str, Any] = {}
    if data.get("updated") is not None:
        values["updated"] = _read_updated(fields, data["updated"], event_date, config)
    for key in ("date_note", "venue", "summary", "author"):
        if data.get(key) is not None:
            values[key] = fields.text((key,), data[key]) or ""
    values["speakers"] = tuple(_read_people(fields, data.get("speakers")))
    if data.get("attendees") is not None:
        values["attendees"] = tuple(_read_people(fields, data["attendees"], "attendees"))
    if data.get("import_notes") is not None:
        values["import_notes"] = tuple(text for _, text in fields.text_list(
            ("import_notes",), data["import_notes"], "import_notes: [venue: not found]"))
    if data.get("directives") is not None:
        values["directives"] = tuple(dict.fromkeys(
            text for _, text in fields.text_list(("directives",), data["directives"],
                                                 "directives: [Chỉ thị 04-CT/TW]")))
    if data.get("tags") is not None:
        values["tags"] = tuple(_read_tags(fields, data["tags"]))
    if data.get("source") is not None:
        values["source"] = _read_source(fields, data["source"])
    if data.get("images") is not None:
        values["images"] = tuple(_read_images(fields, data["images"]))
    lang = _read_lang(fields, data.get("lang"), config.language)
    if data.get("draft") is not None:
        if isinstance(data["draft"], bool):
            values["draft"] = data["draft"]
        else:
            fields.error(("draft",), N_("must be true or false"),
                         N_("write 'draft: true' or 'draft: false'"))
    if not values.get("draft", False):
        _check_text(problems, source.path, parts)
        if title is not None and name_key(title) in _PLACEHOLDER_TITLE_KEYS:
            fields.error(("title",), N_("'{title}' is the example title, not the article's"),
                         N_("write the headline of the article, or set 'draft: true' until "
                            "it is written"), args={"title": title})
    slug = _read_slug(fields, data, source.id)
    if data.get("aliases") is not None:
        values["aliases"] = AddressRules.of(config).read(fields, ("aliases",), data["aliases"],
                                                         "article")

    lines = {str(key[0]): pos.key_line for key, pos in doc.positions.items() if len(key) == 1}
    if len(problems.errors) > errors_before:
        # not published; returned with what could be read, for the checks that come later
        return Rejected(Article(
            id=source.id, path=source.path, title=title or "", date=event_date or _UNDATED,
            slug=slug or "", body=parts.body, body_line=parts.body_line, lang=lang, lines=lines,
            **values), dated=event_date is not None)
    if title is None or event_date is None or slug is None:
        return None
    return Article(id=source.id, path=source.path, title=title, date=event_date, slug=slug,
                   body=parts.body, body_line=parts.body_line, lang=lang, lines=lines, **values)


# the date of a Rejected article whose date could not be read (never shown)
_UNDATED = EventDate(datetime(1, 1, 1, tzinfo=UTC), Precision.YEAR)


def _check_text(problems: Problems, path: str, parts: Parts) -> None:
    """An article to publish needs a text of its own: not the skeleton's placeholder (anywhere
    in it), and not nothing (blank lines and HTML comments)."""
    body = parts.body
    found = sorted((m for pattern in _PLACEHOLDERS for m in pattern.finditer(body)),
                   key=lambda m: m.start())
    for match in found:
        at = match.start()
        problems.error(path, parts.body_line + body.count("\n", 0, at),
                       at - body.rfind("\n", 0, at),
                       N_("the placeholder '{placeholder}' of the new-article skeleton is "
                          "still in the text"),
                       N_("replace it with the article, or set 'draft: true' until the article "
                          "is written"), "body",
                       {"placeholder": " ".join(match.group().split())})
    if not found and not _HTML_COMMENT.sub("", body).strip():
        problems.error(path, parts.body_line, 1, N_("the article has no text"),
                       N_("write it below the second '---' line, or set 'draft: true' until it "
                          "is written"), "body")


def _read_title(fields: FieldReader, data: dict[Any, Any], parts: Parts) -> str | None:
    if "title" not in data:
        fields.problems.error(fields.path, parts.front_matter_line, 1,
                              N_("the article has no title"),
                              N_("add a line 'title: \"...\"' to the front matter"), "title")
        return None
    title = fields.text(("title",), data["title"])
    if title == "":
        fields.error(("title",), N_("must not be empty"), N_("write the headline of the article"))
        return None
    return title


def _read_date(fields: FieldReader, data: dict[Any, Any], parts: Parts, config: Config
               ) -> EventDate | None:
    if data.get("date") is None:
        if "date" not in data and data.get("draft") is True and data.get("import_notes"):
            # an imported draft whose date was not found: left out of the site, without a
            # problem, until the editor writes it; `check` lists it with its open notes
            return None
        if "date" in data:
            fields.error(("date",), N_("must not be empty"),
                         N_("write the day of the event: 2021-06-18"))
        else:
            fields.problems.error(fields.path, parts.front_matter_line, 1,
                                  N_("the article has no date"),
                                  N_("add 'date: YYYY-MM-DD'; if only the month or year is "
                                     "known, write 'date: 2020-11' or 'date: 2020'"), "date")
        return None
    try:
        return parse_event_date(data["date"], config.tzinfo)
    except DateError as exc:
        fields.error(("date",), exc.template, exc.hint_template, args=exc.values)
        return None


def _read_updated(fields: FieldReader, value: Any, event_date: EventDate | None,
                  config: Config) -> EventDate | None:
    """The day the article was last revised: feeds and the sitemap show it."""
    try:
        updated = parse_event_date(value, config.tzinfo)
    except DateError as exc:
        fields.error(("updated",), exc.template, exc.hint_template, args=exc.values)
        return None
    if event_date is not None and updated.moment < event_date.moment:
        fields.warning(("updated",), N_("the update date {updated} is before the article's "
                                        "date {date}"),
                       N_("write the day the text was last changed, or remove 'updated'"),
                       {"updated": updated.short(), "date": event_date.short()})
    return updated


def _read_people(fields: FieldReader, value: Any, key: str = "speakers") -> list[Speaker]:
    """Speakers or attendees: names, or ``name:`` and ``role:``."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        fields.error((key,), must_be_list(value),
                     N_("write one speaker per line: '  - name: ...' and '    role: ...'"))
        return []
    speakers = []
    for index, item in enumerate(value):
        where: KeyPath = (key, index)
        if isinstance(item, dict):
            for item_key in item:
                if item_key not in ("name", "role"):
                    fields.unknown_key(where + (item_key,), ["name", "role"],
                                       {"ten": "name", "chuc_vu": "role", "title": "role"})
            if not item.get("name"):
                if key == "speakers":
                    fields.error(where, N_("a speaker needs a name"),
                                 N_("add 'name: ...' to this speaker"))
                else:
                    fields.error(where, N_("an attendee needs a name"),
                                 N_("add 'name: ...' to this attendee"))
                continue
            name = fields.text(where + ("name",), item["name"])
            role = fields.text(where + ("role",), item["role"]) if item.get("role") else ""
            if name and role is not None:
                speakers.append(Speaker(name, role))
        else:
            name = fields.text(where, item, N_("write a name, or 'name: ...' and 'role: ...'"))
            if name == "":
                fields.error(where, N_("is empty"), N_("remove the empty item"))
            elif name:
                if "," in name or ";" in name:  # 'speakers: A, B' is read as one person
                    fields.warning(where, N_("'{name}' looks like more than one name, or a name "
                                             "with a role, in one item"),
                                   N_("write one person per line: '  - name: ...' and, if "
                                      "needed, '    role: ...'"), {"name": name})
                speakers.append(Speaker(name))
    return speakers


def _read_tags(fields: FieldReader, value: Any) -> list[str]:
    tags: dict[str, str] = {}
    for _, tag in fields.text_list(("tags",), value, "tags: [tọa đàm, VUFO]"):
        tags.setdefault(tag.casefold(), tag)
    return list(tags.values())


def _read_source(fields: FieldReader, value: Any) -> Source | None:
    if isinstance(value, str):
        is_url = value.startswith(("http://", "https://"))
        value = {"url": value} if is_url else {"publisher": value}
    if not isinstance(value, dict):
        fields.error(("source",), _SOURCE_NOT[kind_of(value)],
                     N_("write source: {publisher: Báo Nhân Dân, url: https://...}"))
        return None
    for key in value:
        if key not in ("publisher", "url"):
            fields.unknown_key(("source", key), ["publisher", "url"],
                               {"name": "publisher", "link": "url"})
    publisher = fields.text(("source", "publisher"), value["publisher"]) \
        if value.get("publisher") is not None else ""
    url = fields.text(("source", "url"), value["url"]) if value.get("url") is not None else ""
    if url and urlsplit(url).scheme not in ("http", "https"):
        fields.error(("source", "url"), N_("'{url}' is not a web address"),
                     N_("it must start with https:// or http://"), args={"url": url})
        return None
    if publisher is None or url is None:
        return None
    return Source(publisher, url)


def _read_images(fields: FieldReader, value: Any) -> list[Image]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        fields.error(("images",), must_be_list(value),
                     N_("write images: [{src: /images/anh.jpg, caption: ..., credit: ...}]"))
        return []
    images = []
    for index, item in enumerate(value):
        where: KeyPath = ("images", index)
        if isinstance(item, str):
            item = {"src": item}
        if not isinstance(item, dict) or not item.get("src"):
            fields.error(where, N_("an image needs 'src:'"), N_("write {src: /images/anh.jpg}"))
            continue
        for key in item:
            if key not in ("src", "caption", "credit"):
                fields.unknown_key(where + (key,), ["src", "caption", "credit"],
                                   {"alt": "caption", "chu_thich": "caption", "path": "src",
                                    "url": "src"})
        src = fields.text(where + ("src",), item["src"])
        caption = fields.text(where + ("caption",), item.get("caption") or "")
        credit = fields.text(where + ("credit",), item.get("credit") or "")
        if src is None or caption is None or credit is None:
            continue
        problem = image_src_problem(src)
        if problem:
            fields.error(where + ("src",), *problem[:2], args=problem[2])
            continue
        line = fields.doc.value_at(where + ("src",))[0] or fields.doc.value_at(where)[0]
        images.append(Image(src, caption, credit, line))
    return images


def image_src_problem(src: str) -> tuple[str, str, Args] | None:
    """Why an image path cannot be used (remote, or outside the site), as (message, hint,
    args), marked N_."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return (N_("'{src}' is on another website"),
                N_("save the image in the site's static/ folder and write its path, such as "
                   "/images/anh.jpg: the archive loads nothing from other sites"), {"src": src})
    if ".." in Path(parts.path).parts or "\\" in src:
        return (N_("'{src}' points outside the site"), N_("use a path such as /images/anh.jpg"),
                {"src": src})
    return None


def _read_lang(fields: FieldReader, value: Any, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or not _LANG.fullmatch(value):
        fields.error(("lang",), N_("'{value}' is not a language code"),
                     N_("use a code such as 'vi' or 'en'"), args={"value": value})
        return default
    return value


def file_slug(article_id: str) -> str:
    """The address an article file gives without 'slug:': its name without the suffix, as it
    is when it is a slug already (``toa-dam.md``), else made into one (``Tọa đàm.md`` gives
    ``toa-dam``); '' when the name has no letter a-z or digit. Never from the title: editing a
    title must not move the article."""
    name = article_id.rsplit("/", 1)[-1]
    for suffix in ARTICLE_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[:-len(suffix)]
            break
    return name if _SLUG.fullmatch(name) else slugify(name, max_length=len(name) * 2)


def _read_slug(fields: FieldReader, data: dict[Any, Any], article_id: str) -> str | None:
    if data.get("slug") is None:
        slug = file_slug(article_id)
        name = article_id.rsplit("/", 1)[-1]
        if not slug:
            fields.problems.error(fields.path, None, None,
                                  N_("the file name '{name}' gives no letters for the web "
                                     "address"),
                                  N_("rename the file with a-z, 0-9 and '-' (such as "
                                     "toa-dam.md), or add a line 'slug: ...' made of them"),
                                  args={"name": name})
            return None
        if len(slug) > MAX_SLUG_LENGTH:
            fields.problems.error(fields.path, None, None,
                                  N_("the file name gives a web address part of {length} "
                                     "characters; it may have at most {most}"),
                                  N_("rename the file to a few words, or add a shorter "
                                     "'slug: ...'"),
                                  args={"length": len(slug), "most": MAX_SLUG_LENGTH})
            return None
        return slug
    value = fields.text(("slug",), data["slug"])
    if value is None:
        return None
    if len(value) > MAX_SLUG_LENGTH:
        fields.error(("slug",), N_("is {length} characters long; a web address part may have "
                                   "at most {most}"), N_("shorten it to a few words"),
                     args={"length": len(value), "most": MAX_SLUG_LENGTH})
        return None
    if _SLUG.fullmatch(value):
        return value
    suggestion = slugify(value)
    if "/" in value or "\\" in value or ".." in value:
        message = N_("'{value}' would write the page outside its folder")
    else:
        message = N_("'{value}' is not a valid slug")
    hint = (N_("use only a-z, 0-9 and '-', for example 'slug: {suggestion}'") if suggestion
            else N_("use only a-z, 0-9 and '-'"))
    fields.error(("slug",), message, hint, args={"value": value, "suggestion": suggestion})
    return None


def unique_slugs(articles: list[Article], problems: Problems) -> list[Article]:
    """Two articles with one slug would write one page: name both files, keep the first."""
    first_by_slug: dict[str, Article] = {}
    for article in articles:
        other = first_by_slug.setdefault(article.slug, article)
        if other is article:
            continue
        message = N_("the slug '{slug}' is already used by {other}")
        args = {"slug": article.slug, "other": other.path}
        if "slug" in article.lines:
            problems.error(article.path, article.lines["slug"], 1, message,
                           N_("give one of the two articles a different 'slug: ...'"), "slug",
                           args)
        else:  # the slug of its file's name
            problems.error(article.path, None, None, message,
                           N_("rename one of the two files (an article's address is its file's "
                              "name), or give it a different 'slug: ...'"), "", args)
    return list(first_by_slug.values())
