"""Markdown bodies to safe HTML: extensions, heading ids, sanitising, summaries and site links."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from diplomacy_archive.i18n import N_
from diplomacy_archive.problems import Args, Problem, Severity, problem_args
from diplomacy_archive.source.articles import Article
from diplomacy_archive.text.html_text import CODE, map_text, smart_punctuation
from diplomacy_archive.text.vietnamese import clean_text, slugify

# Typographic quotes come from htmltext.smart_punctuation: the smarty extension did the same and
# doubled the time of every conversion (4.5 ms instead of 2.3 ms for a 4,000-character article).
EXTENSIONS = ["tables", "footnotes", "attr_list", "fenced_code", "toc", "sane_lists"]

ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "section"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "img": set(nh3.ALLOWED_ATTRIBUTES["img"]) | {"loading"},
    "a": {"href", "hreflang"},
    "ol": {"start", "reversed"},
    "td": set(nh3.ALLOWED_ATTRIBUTES["td"]),
    "th": set(nh3.ALLOWED_ATTRIBUTES["th"]),
}
ALLOWED_STYLES = {"text-align"}  # tables align their columns with a style attribute
URL_SCHEMES = {"http", "https", "mailto", "tel"}
DANGEROUS_CONTENT = {"script", "style"}  # removed with what is inside them

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS, clean_content_tags=DANGEROUS_CONTENT, attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES, filter_style_properties=ALLOWED_STYLES, strip_comments=True,
    link_rel=None,  # no target= is allowed, so links cannot open a window that reaches back
)
_LINK_TO_ROOT = re.compile(r'(\s(?:href|src)=")/(?!/)')
_TABLE_OPEN = re.compile(r"<table\b")
# Wide tables scroll inside their own box, which keyboard users can focus to scroll.
_SCROLLING_TABLE = '<div class="table-scroll" role="region" tabindex="0" aria-label="Bảng"><table'
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_MARK = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)


@dataclass(frozen=True)
class Body:
    """An article body as it is published: safe HTML and a plain-text summary."""

    html: str
    summary: str


class StoredBody(Body):
    """A body whose HTML is read when it is first used, by ``fetch`` (from the build's store):
    most builds use the summaries of every article and the HTML of a few."""

    def __init__(self, html: str | None = None, summary: str = "",
                 fetch: Callable[[], str] | None = None) -> None:
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "_fetch", fetch)
        if html is not None:
            object.__setattr__(self, "html", html)

    def __getattr__(self, name: str) -> str:
        if name != "html" or self.__dict__.get("_fetch") is None:
            raise AttributeError(name)
        html = self.__dict__["_fetch"]()
        object.__setattr__(self, "html", html)
        return html

    def loaded(self) -> bool:
        return "html" in self.__dict__


class MarkdownConverter:
    """Converts article bodies; one instance is reused (Python-Markdown resets between calls)."""

    def __init__(self, trust_raw_html: bool, base_path: str, summary_length: int) -> None:
        self.trust_raw_html = trust_raw_html
        self.base_path = base_path
        self.summary_length = summary_length
        self._md = markdown.Markdown(
            extensions=EXTENSIONS,
            extension_configs={
                "toc": {"slugify": heading_id, "permalink": False},
                "footnotes": {"BACKLINK_TITLE": "Quay lại chỗ chú thích %d",
                              "BACKLINK_TEXT": "\u21a9\ufe0e"},  # U+FE0E: text, not emoji
            },
            output_format="html",
        )

    def convert(self, article: Article) -> tuple[Body, list[Problem]]:
        """The body as it is published, and its problems. A body the converter could not read
        in bounded time and stack (see bounds_problem) is an error, with an empty Body."""
        refused = bounds_problem(article)
        if refused is not None:
            return Body("", article.summary), [refused]
        try:
            return self._convert(article)
        except RecursionError:  # nesting bounds_problem does not foresee: emphasis marks
            line, col = _deepest_place(article)
            return Body("", article.summary), [Problem(
                article.path, line, col,
                N_("lists, quotes or emphasis marks ('*', '_') are nested too deeply here for "
                   "the converter"),
                N_("an article needs only a few levels: remove the extra '>', '*' or '_' "
                   "marks, or the spaces in front of the list items"), "body")]

    def _convert(self, article: Article) -> tuple[Body, list[Problem]]:
        self._md.reset()
        raw = self._md.convert(article.body)
        problems: list[Problem] = []
        if self.trust_raw_html:
            safe = raw
        else:
            safe = _CLEANER.clean(raw)
            problems = [
                Problem(article.path, _line_of(article, needle), None, message, _SANITISE_HINT,
                        "body", Severity.WARNING, problem_args(args))
                for message, args, needle in (removed_html(raw, safe) if may_remove(raw) else [])
            ]
        safe = map_text(safe, smart_punctuation, CODE)  # after sanitising: tags are well formed
        safe = _LINK_TO_ROOT.sub(lambda m: m.group(1) + self.base_path, safe)
        safe = _TABLE_OPEN.sub(_SCROLLING_TABLE, safe).replace("</table>", "</table></div>")
        summary = article.summary or summarise(safe, self.summary_length)
        return Body(safe, summary), problems


def heading_id(text: str, separator: str = "-") -> str:
    """Heading ids from our own slugify, so 'Đối ngoại' gives 'doi-ngoai', not 'oi-ngoai'."""
    return slugify(text) or "muc"


def summarise(body_html: str, length: int) -> str:
    """Plain text of the first paragraph, cut at a word boundary to about ``length`` characters."""
    for match in _FIRST_PARAGRAPH.finditer(body_html):
        inner = _FOOTNOTE_MARK.sub("", match.group(1))
        text = clean_text(html.unescape(_TAG.sub("", inner)))
        if text:
            return shorten(text, length)
    return ""


def shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[: length + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[:length]
    return cut.rstrip(" ,;:.-–") + "…"


_SANITISE_HINT = N_("remove it from the article, or set 'trust_raw_html: true' in config.yaml "
                    "if every editor of the site is trusted")


class _Inventory(HTMLParser):
    """Counts the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag


def _inventory(fragment: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser


_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_ATTRIBUTE = re.compile(r"\s([^\s\"'<>/=]+)\s*=")
_ADDRESS = re.compile(r"""\s(?:href|src)\s*=\s*["']?\s*([^"'\s>]*)""", re.IGNORECASE)
_KNOWN_ATTRIBUTES = frozenset().union(*ALLOWED_ATTRIBUTES.values())


def may_remove(fragment: str) -> bool:
    """False when a quick look finds only allowed tags, attributes and addresses, so the
    sanitiser cannot have removed anything worth a warning (the full comparison is slow)."""
    if set(_TAG_NAME.findall(fragment)) - ALLOWED_TAGS:
        return True
    if set(name.lower() for name in _ATTRIBUTE.findall(fragment)) - _KNOWN_ATTRIBUTES:
        return True
    for address in _ADDRESS.findall(fragment):
        scheme = address.split(":", 1)[0].lower() if ":" in address.split("/", 1)[0] else ""
        if scheme and scheme not in URL_SCHEMES:
            return True
    return False


def removed_html(before: str, after: str) -> list[tuple[str, Args, str]]:
    """What the sanitiser removed, as (plain message marked N_, its placeholders, text to find
    in the source)."""
    old, new = _inventory(before), _inventory(after)
    removed: list[tuple[str, Args, str]] = []
    for tag in old.tags:
        if old.tags[tag] > new.tags.get(tag, 0):
            message = (N_("raw HTML <{tag}> and its content were removed")
                       if tag in DANGEROUS_CONTENT else N_("raw HTML <{tag}> was removed"))
            removed.append((message, {"tag": tag}, f"<{tag}"))
    kept_tags = {tag for tag in old.tags if tag in new.tags}
    for (tag, name, value), count in old.attributes.items():
        if tag not in kept_tags or new.attributes.get((tag, name, value), 0) >= count:
            continue
        if name in ("href", "src"):
            removed.append((N_("the address '{address}' is not allowed and was removed"),
                            {"address": value}, value))
        elif name != "style":
            removed.append((N_("the attribute '{attribute}' of <{tag}> was removed"),
                            {"attribute": name, "tag": tag}, name))
    return removed


def _line_of(article: Article, needle: str) -> int:
    """The file line where ``needle`` first appears in the body (the body's first line if not)."""
    lowered = needle.lower()
    for offset, line in enumerate(article.body.split("\n")):
        if lowered in line.lower():
            return article.body_line + offset
    return article.body_line


# ---------------------------------------------------------------- bounded work on hostile bodies
#
# Python-Markdown (3.11) and the sanitiser do some work again and again, which a hostile or
# broken body can make take minutes (measured on one core; the time grows with the square of
# the count):
# - each '[' or '![' is read up to its matching ']', or to the end of the paragraph when there
#   is none: 20,000 '[' took 48 s, 10,000 '![' 23 s, '[' nested 5,000 deep 3.6 s;
# - each '](' is read up to its matching ')', or to the end of the paragraph: '[a](' x 5,000 4.5 s;
# - each '<' and a letter is read up to the next '>' of the whole body: 'x <a ' x 20,000 66 s;
# - each link, emphasis, code span, escape, entity or HTML tag rebuilds the text of its
#   paragraph: '`a` ' x 60,000 in one paragraph took 12 s, '\[' x 40,000 4.3 s;
# - each paragraph (or extra blank line) is taken from the front of a list of all of them:
#   100,000 one-letter paragraphs took 6 s, 300,000 43 s;
# - each heading, or line of '-', '=' or '*', in a paragraph (with no blank line before it) cuts
#   the paragraph, copying all that follows: '---' and 'a' lines x 10,000 took 9.9 s, '# a' x
#   100,000 254 s;
# - lists nested 1,000 deep took 28 s to raise RecursionError (250 deep already raise it), HTML
#   elements nested 100,000 deep 44 s in the sanitiser.
# bounds_problem estimates that work in one linear pass, in nanoseconds of the machine it was
# measured on (the _COST constants are per character read), and refuses a body whose estimate
# passes WORK_LIMIT plus WORK_PER_CHARACTER for each of its characters (an ordinary 10 MB
# article converts in 24 s, 2.4 microseconds a character: a hostile one may take about twice
# that), naming the paragraph that costs most. Ordinary articles estimate far below: a link is
# read about once, a stray '[' costs the length of its paragraph (100 of them in a 174 KB
# article without blank lines: 2.2 s, estimated 2.2 s, allowed).
WORK_LIMIT = 3_000_000_000  # about 3 s
WORK_PER_CHARACTER = 2_500
_BRACKET_COST = 250  # reading on from a '[' (the link, reference and footnote readers)
_ADDRESS_COST = 100  # reading on from the '(' of '](' (the link address reader)
_TAG_COST = 70  # reading on from '<' and a letter (the HTML reader)
_REBUILD_COST = 1  # copying a paragraph's text once for each mark in it
_BLOCK_COST = 0.4  # for the square of the number of paragraphs
_HEADING_COST = 13  # copying on from a heading line inside a paragraph
_RULE_COST = 33  # copying on from a line of '-', '=', '*' or '_' inside a paragraph
MAX_NESTING = 100  # lists and quotes inside each other (RecursionError at about 250)
MAX_HTML_DEPTH = 1_000  # HTML elements inside each other

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]()]", re.DOTALL)
# What starts each rebuild of a paragraph's text (marks that come in pairs count once a pair).
_MARKS = ("\\", "](", "<", "&", "  \n")
_PAIRED_MARKS = ("`", "*", "_")
_TAG_START = re.compile(r"<[A-Za-z]")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b(?![:@])[^<>]*?(/?)>")  # not <https:..>
# HTML elements that the parser closes by itself, or that hold nothing: they do not nest.
_NOT_NESTING = frozenset({
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "rb", "rt", "rtc", "rp", "colgroup", "caption", "html", "head", "body", "area", "base", "br",
    "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_STEP = r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])[ \t])"  # a space, tab, '>' or list marker ('-', '1.')
_LINE_START = re.compile(rf"^{_STEP}+", re.MULTILINE)
_DEEP_LINE_START = re.compile(rf"^{_STEP}{{{MAX_NESTING + 1},}}", re.MULTILINE)
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]")
_MARKER_AND_SPACE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]|>[ \t]?")
_EMPHASIS_RUN = re.compile(r"[*_]{8,}")
_CUTTING_LINE = re.compile(r"^[ \t>]*(?:(#)|[-=*_][-=*_ \t]*$)", re.MULTILINE)


@dataclass(frozen=True)
class _Cost:
    """The estimated work of one paragraph (or of the HTML reader), and what causes most of it:
    ``kind`` (a key of _COST_MESSAGES), how many, and the body index of the first of them."""

    work: int
    kind: str
    count: int
    at: int
    length: int = 0


# The message and hint of each kind (marked N_); {count} and {length} are numbers written with
# thousands separators.
_COST_MESSAGES = {
    "open": (N_("this paragraph has {count} '[' that are never closed by a ']'; the converter "
                "would take far too long to read them"),
             N_("write each '[' that does not start a link as '\\[', or remove them")),
    "open image": (N_("this paragraph has {count} '![' that are never closed by a ']'; the "
                      "converter would take far too long to read them"),
                   N_("write each '![' that does not start an image as '!\\[', or remove "
                      "them")),
    "nested": (N_("this paragraph has {count} '[' inside one another; the converter would take "
                  "far too long to read them"),
               N_("remove the extra '[' and ']', or write them as '\\[' and '\\]'")),
    "address": (N_("this paragraph has {count} link addresses that start with '](' and are "
                   "never closed by a ')'; the converter would take far too long to read them"),
                N_("close each address with ')', or write '](' as ']\\(' where no link is "
                   "meant")),
    "tag": (N_("the article has {count} '<' followed by a letter and never closed by a '>', "
               "each of which could start an HTML tag; the converter would take far too long "
               "to read them"),
            N_("write each '<' that does not start an HTML tag as '&lt;'")),
    "marks": (N_("this paragraph is {length} characters long and has {count} links, emphasis "
                 "marks or other Markdown marks; the converter would take far too long to read "
                 "it"),
              N_("split it into shorter paragraphs, separated by blank lines")),
    "cuts": (N_("this paragraph has {count} headings or lines of '-', '=' or '*' with no blank "
                "line before them; the converter would take far too long to read them"),
             N_("put a blank line before and after each heading and each line of '---'")),
    "blocks": (N_("the article has {count} paragraphs and blank lines; the converter would take "
                  "far too long to read them"),
               N_("remove the extra blank lines, or split the text into several articles")),
}


def bounds_problem(article: Article) -> Problem | None:
    """An error naming the place when the body nests deeper than the converter can read, or
    would take it far too long; None for every ordinary article. Linear in the body's length."""
    body = article.body
    nesting = _nesting_problem(body)
    if nesting is not None:
        at, message, hint, args = nesting
    else:
        limit = WORK_LIMIT + WORK_PER_CHARACTER * len(body)
        blocks = len(_BLANK_LINE.findall(body)) + 1
        costs = [_Cost(int(_BLOCK_COST * blocks * blocks), "blocks", blocks, 0)]
        if costs[0].work <= limit:  # else it is the worst, and the paragraphs are too many to read
            costs += [*_paragraph_costs(body), _tag_cost(body)]
            if sum(cost.work for cost in costs) <= limit:
                return None
        worst = max(costs, key=lambda cost: cost.work)
        message, hint = _COST_MESSAGES[worst.kind]
        at, args = worst.at, {"count": f"{worst.count:,}", "length": f"{worst.length:,}"}
    line, col = _place(article, at)
    return Problem(article.path, line, col, message, hint, "body", args=problem_args(args))


def _nesting_problem(body: str) -> tuple[int, str, str, Args] | None:
    """Lists or quotes nested more than MAX_NESTING deep, or HTML elements more than
    MAX_HTML_DEPTH deep, as (index in the body, message, hint, their placeholders)."""
    for match in _DEEP_LINE_START.finditer(body):
        if _nesting(body, match) > MAX_NESTING:
            return (match.end(), N_("lists or quotes are nested more than {depth} levels deep "
                                    "here"),
                    N_("an article needs only a few levels: remove the extra '>' marks, or "
                       "the spaces in front of the list items"), {"depth": MAX_NESTING})
    depth = 0
    for match in _HTML_TAG.finditer(body) if "<" in body else ():
        closing, name, empty = match.groups()
        if empty or name.lower() in _NOT_NESTING:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > MAX_HTML_DEPTH:
            return (match.start(), N_("HTML elements are nested more than {depth} deep here; "
                                      "cleaning them would take far too long"),
                    N_("close each HTML tag that is opened (<b> with </b>), or remove the tags"),
                    {"depth": f"{MAX_HTML_DEPTH:,}"})
    return None


def _nesting(body: str, start: re.Match[str]) -> int:
    """How deep the line starting with ``start`` (a _LINE_START match) nests lists and quotes:
    a level for each list marker, each '>' and each four columns of indentation; 0 for text
    that is only indented (code, for Python-Markdown) and for a rule such as '- - - -'."""
    prefix = start.group()
    markers, quotes = len(_LIST_MARKER.findall(prefix)), prefix.count(">")
    if markers + quotes == 0:
        return 0
    end = body.find("\n", start.end())
    marks = set(body[start.start():end if end >= 0 else len(body)]) - {" ", "\t"}
    if marks == {"-"} or marks == {"*"}:
        return 0
    indent = _MARKER_AND_SPACE.sub("", prefix)  # the space after a '>' or a marker is not
    return (indent.count(" ") + 4 * indent.count("\t")) // 4 + markers + quotes


def _paragraph_costs(body: str) -> list[_Cost]:
    """The cost of each paragraph: text between blank lines, which holds each text that
    Python-Markdown reads at once (a paragraph, a list item, a table cell, a heading)."""
    costs, start = [], 0
    for gap in [*_BLANK_LINE.finditer(body), None]:
        end = gap.start() if gap else len(body)
        if end > start:
            costs.append(_paragraph_cost(body, start, end))
        start = gap.end() if gap else end
    return costs


def _paragraph_cost(body: str, start: int, end: int) -> _Cost:
    paragraph = body[start:end]
    marks = (sum(paragraph.count(mark) for mark in _MARKS)
             + sum(paragraph.count(mark) for mark in _PAIRED_MARKS) // 2)
    first = start + len(paragraph) - len(paragraph.lstrip())
    causes: list[tuple[int, str, int, int]] = []
    cuts = [(match.start(), bool(match.group(1))) for match in
            _CUTTING_LINE.finditer(body, start, end)] if "\n" in paragraph else []
    if cuts:
        causes.append((sum((end - at) * (_HEADING_COST if heading else _RULE_COST)
                           for at, heading in cuts), "cuts", len(cuts), cuts[0][0]))
    if "[" in paragraph:
        causes += _bracket_causes(body, start, end)
    # what every paragraph with links and emphasis costs, named as such when it is the most
    ordinary = _REBUILD_COST * marks * len(paragraph) + sum(
        cause[0] for cause in causes if cause[1] == "marks")
    causes = [cause for cause in causes if cause[1] != "marks"]
    causes.append((ordinary, "marks", marks, first))
    _, kind, count, at = max(causes, key=lambda cause: cause[0])
    return _Cost(sum(cause[0] for cause in causes), kind, count, at, len(paragraph))


def _bracket_causes(body: str, start: int, end: int) -> list[tuple[int, str, int, int]]:
    """The work of the link readers in a paragraph, as (work, kind, count, body index) for
    '[' never closed, addresses never closed, '[' inside one another, and the rest ("marks":
    the ordinary work of links)."""
    opened: list[int] = []  # '[' not closed yet
    parens: list[tuple[int, bool]] = []  # '(' not closed yet, and whether it follows a ']'
    closed_at = -2  # the last ']' that closed a '['
    pairs = addresses = deepest = deepest_at = 0
    for match in _BRACKET_OR_ESCAPE.finditer(body, start, end):
        char, at = match.group(), match.start()
        if char == "[":
            opened.append(at)
            if len(opened) > deepest:
                deepest, deepest_at = len(opened), opened[0]
        elif char == "]" and opened:
            pairs += at - opened.pop()
            closed_at = at
        elif char == "(":
            parens.append((at, at == closed_at + 1))
        elif char == ")" and parens:
            begin, address = parens.pop()
            addresses += at - begin if address else 0
    unclosed = [at for at, address in parens if address]
    work = _BRACKET_COST * pairs
    causes = [(work, "nested", deepest, deepest_at) if deepest > 1 else (work, "marks", 0, 0)]
    if opened:
        work = _BRACKET_COST * sum(end - at for at in opened)
        images = [at - 1 for at in opened if at > 0 and body[at - 1] == "!"]
        causes.append((work, "open image", len(images), images[0]) if 2 * len(images) >
                      len(opened) else (work, "open", len(opened), opened[0]))
    work = _ADDRESS_COST * (addresses + sum(end - at for at in unclosed))
    causes.append((work, "address", len(unclosed), unclosed[0] - 1) if unclosed else
                  (work, "marks", 0, 0))
    return causes


def _tag_cost(body: str) -> _Cost:
    """The work of the HTML reader: each '<' and a letter with no '>' after it is read to the
    end of the body (one with a '>' after it is read to it, once for all those in between)."""
    starts = [match.start() for match in _TAG_START.finditer(body, body.rfind(">") + 1)]
    work = _TAG_COST * sum(len(body) - at for at in starts)
    return _Cost(work, "tag", len(starts), starts[0] if starts else 0)


def _place(article: Article, at: int) -> tuple[int, int]:
    """File line and column of the body's character at index ``at``."""
    line_start = article.body.rfind("\n", 0, at) + 1
    return article.body_line + article.body.count("\n", 0, at), at - line_start + 1


def _deepest_place(article: Article) -> tuple[int, int]:
    """Where lists, quotes or emphasis marks nest deepest (the body's start if nowhere)."""
    body, deepest, at = article.body, 0, 0
    for match in _LINE_START.finditer(body):
        depth = _nesting(body, match)
        if depth > deepest:
            deepest, at = depth, match.end()
    for match in _EMPHASIS_RUN.finditer(body):
        if len(match.group()) // 2 > deepest:
            deepest, at = len(match.group()) // 2, match.start()
    return _place(article, at)
