"""Hostile input gives a problem naming the place, quickly: YAML alias bombs and deep nesting,
Markdown that would make the converter take minutes or overflow the stack."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import article_md, run_cli

from diplomacy_archive.problems import Problem
from diplomacy_archive.source import yaml_positions
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.bodies import MarkdownConverter, bounds_problem
from diplomacy_archive.source.yaml_positions import YamlProblem, load_yaml
from diplomacy_archive.text.dates import parse_event_date

BUDGET = 10.0  # seconds: a safety net against minutes, not a benchmark
DATE = parse_event_date("2021-06-18", ZoneInfo("Asia/Ho_Chi_Minh"))
T = TypeVar("T")


@contextmanager
def quickly() -> Iterator[None]:
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"took {elapsed:.1f} s"


def timed(work: Callable[[], T]) -> T:
    with quickly():
        return work()


# ---------------------------------------------------------------- YAML

def alias_bomb(levels: int, indent: str = "") -> str:
    """'Billion laughs': each level is a list of nine aliases of the level before."""
    lines = [f"{indent}a0: &a0 [{', '.join(['x'] * 9)}]"]
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


ALIASES = ("the aliases ('*' names, such as '*a3' here) repeat more than 10,000 values in all "
           "(an alias copies the whole value marked with its '&' name, and aliases of aliases "
           "multiply: write the values out, or use fewer aliases)")
DEPTH = ("the values here are nested more than 50 levels deep (lists or 'key: value' groups "
         "inside each other) (front matter and data files need only a few levels: look for a "
         "'[' or '{' that is never closed, or for lines indented further and further)")
FLOW_1000 = "tags: " + "[" * 1000 + "]" * 1000 + "\n"
BLOCK_1000 = ("deep:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 1001))
              + " " * 2002 + "v\n")


def yaml_problem(text: str, path: str = "content/2021/x.md", first_line: int = 2) -> str:
    with quickly(), pytest.raises(YamlProblem) as caught:
        load_yaml(text, path, first_line)
    return caught.value.problem.format_text()


@pytest.mark.parametrize("levels", [6, 9, 30])
def test_an_alias_bomb_is_refused_at_the_alias_that_passes_the_limit(levels: int) -> None:
    # a0 holds 10 values, a1 91, a2 820, a3 7,381: the first *a3 of a4 passes 10,000
    assert yaml_problem("title: x\ndate: 2021-06-18\n" + alias_bomb(levels)) == (
        f"content/2021/x.md:8:10: error: {ALIASES}")


@pytest.mark.parametrize("text, where", [
    ("title: x\ndate: 2021-06-18\n" + FLOW_1000, "4:56"),  # the 50th '[' opens level 51
    ("title: x\ndate: 2021-06-18\n" + BLOCK_1000, "54:101"),  # the value of k49, at k50
    ("title: x\ndate: 2021-06-18\ntags: " + "[" * 1_000_000 + "\n", "4:56"),  # never closed
    ("title: x\ndate: 2021-06-18\ntags: " + "{a: " * 1000 + "\n", "4:203"),
    ("- " * 60 + "x\n", "2:101"),
])
def test_nesting_deeper_than_fifty_levels_is_refused_where_it_passes(text: str,
                                                                      where: str) -> None:
    assert yaml_problem(text) == f"content/2021/x.md:{where}: error: {DEPTH}"


@pytest.mark.parametrize("text", [
    "title: x\n" + alias_bomb(9), "title: x\n" + FLOW_1000, "title: x\n" + BLOCK_1000,
    "a: &a [b, *a]\n",
])
def test_the_pure_python_parser_finds_the_same_place(text: str) -> None:
    """libyaml stops flow values nested 1,000 deep by itself; the problem must still name the
    place where level 51 opens, as it would without libyaml."""
    expected = yaml_problem(text)
    with pytest.raises(YamlProblem) as caught:
        yaml_positions._check_bounds(text, "content/2021/x.md", 2, yaml.SafeLoader)
    assert caught.value.problem.format_text() == expected


def test_an_alias_inside_its_own_value_is_refused() -> None:
    assert yaml_problem("title: x\ntags: &t [a, *t]\n") == (
        "content/2021/x.md:3:14: error: the alias '*t' is used inside the value it repeats, so "
        "the value would never end (remove '*t', or use it only after the end of the value "
        "marked '&t')")


def test_ordinary_anchors_and_aliases_still_load_with_positions() -> None:
    doc = timed(lambda: load_yaml(
        "base: &base {role: Chủ tịch}\n"
        "speakers: &people\n"
        "  - name: Trần Thị Bình\n"
        "    <<: *base\n"
        "attendees: *people\n"
        "tags: &tags [tọa đàm, VUFO]\n"
        "other: [*tags, *tags, *base]\n", "content/a.md", 2))
    assert doc.data == {
        "base": {"role": "Chủ tịch"},
        "speakers": [{"name": "Trần Thị Bình", "role": "Chủ tịch"}],
        "attendees": [{"name": "Trần Thị Bình", "role": "Chủ tịch"}],
        "tags": ["tọa đàm", "VUFO"],
        "other": [["tọa đàm", "VUFO"], ["tọa đàm", "VUFO"], {"role": "Chủ tịch"}]}
    # a repeated value has the positions of the text it repeats, at each place it appears
    assert doc.key_at(("attendees",)) == (6, 1)
    assert doc.value_at(("attendees", 0, "name")) == doc.value_at(("speakers", 0, "name")) \
        == (4, 11)
    assert doc.value_at(("other", 1, 0)) == (7, 14)


def test_a_wide_document_with_many_values_is_not_refused() -> None:
    """The limit counts what aliases repeat, not what is written: big registries load."""
    text = "".join(f"- name: Người thứ {i}\n  aliases: [Ông {i}, Bà {i}]\n" for i in range(5000))
    assert len(timed(lambda: load_yaml(text, "data/speakers.yaml")).data) == 5000  # type: ignore


def test_a_repeated_key_is_still_found_in_document_order() -> None:
    assert yaml_problem("a:\n  b: 1\n  b: 2\nc: 1\nc: 2\n", "config.yaml", 1) == (
        "config.yaml:3:3: error: b: appears twice (first on line 2) (keep one of the two lines)")


def build_fails_with(site: Path, expected: str) -> None:
    with quickly():
        run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert expected in run.stderr.splitlines(), run.stderr


def test_an_alias_bomb_in_front_matter_stops_the_build(copy_site) -> None:
    site = copy_site("basic")
    (site / "content" / "2021" / "x.md").write_text(
        "---\ntitle: Bom\ndate: 2021-06-18\n" + alias_bomb(9) + "---\n\nNội dung.\n",
        encoding="utf-8")
    build_fails_with(site, f"content/2021/x.md:8:10: error: {ALIASES}")


def test_an_alias_bomb_in_config_stops_the_build(copy_site) -> None:
    site = copy_site("basic")
    config = site / "config.yaml"
    lines = config.read_text(encoding="utf-8").count("\n")
    config.write_text(config.read_text(encoding="utf-8") + alias_bomb(9), encoding="utf-8")
    build_fails_with(site, f"config.yaml:{lines + 5}:10: error: {ALIASES}")


def test_an_alias_bomb_in_a_registry_stops_the_build(copy_site) -> None:
    site = copy_site("basic")
    venues = site / "data" / "venues.yaml"
    text = venues.read_text(encoding="utf-8")
    venues.write_text(text + "- name: Bom\n" + alias_bomb(9, "  "), encoding="utf-8")
    build_fails_with(site, f"data/venues.yaml:{text.count(chr(10)) + 6}:12: error: {ALIASES}")


def test_deep_front_matter_stops_the_build(copy_site) -> None:
    site = copy_site("basic")
    (site / "content" / "2021" / "x.md").write_text(
        "---\ntitle: Sâu\ndate: 2021-06-18\n" + BLOCK_1000 + "---\n\nNội dung.\n",
        encoding="utf-8")
    build_fails_with(site, f"content/2021/x.md:54:101: error: {DEPTH}")


def test_anchors_and_aliases_in_front_matter_build(copy_site) -> None:
    site = copy_site("basic")
    (site / "content" / "2021" / "bi-danh.md").write_text(
        "---\ntitle: Bí danh\ndate: 2021-06-18\n"
        "speakers: &people\n  - name: Trần Thị Bình\n    role: Phó Chủ tịch\n"
        "attendees: *people\ntags: &t [tọa đàm]\n---\n\nNội dung.\n", encoding="utf-8")
    with quickly():
        run = run_cli("build", "--site", ".", "--no-search", cwd=site)
    assert run.code == 0, run.stderr
    page = (site / "public" / "bai-viet" / "bi-danh" / "index.html").read_text(encoding="utf-8")
    assert "Trần Thị Bình" in page


# ---------------------------------------------------------------- Markdown

def article(body: str, path: str = "content/a.md") -> Article:
    return Article(id="a.md", path=path, title="Bài", date=DATE, slug="bai", body=body,
                   body_line=5, lang="vi")


def convert(body: str, converter: MarkdownConverter | None = None) -> tuple[str, list[str]]:
    converter = converter or MarkdownConverter(False, "/", 220)
    out, problems = timed(lambda: converter.convert(article(body)))
    return out.html, [p.format_text() for p in problems]


NEVER_CLOSED = "; the converter would take far too long to read them ("
NESTED_LIST = "".join(" " * (4 * i) + f"- mục {i}\n" for i in range(1000))
LISTS = ("lists or quotes are nested more than 100 levels deep here (an article needs only a few "
         "levels: remove the extra '>' marks, or the spaces in front of the list items)")


@pytest.mark.parametrize("body, expected", [
    # item 100 is the 101st level; the column is where its text starts
    (NESTED_LIST, f"content/a.md:105:403: error: body: {LISTS}"),
    ("".join("\t" * i + f"- mục {i}\n" for i in range(1000)),
     f"content/a.md:105:103: error: body: {LISTS}"),
    ("1. " * 1000 + "x\n", f"content/a.md:5:3001: error: body: {LISTS}"),
    ("".join(">" * (i + 1) + f" dòng {i}\n" for i in range(1000)),
     f"content/a.md:105:103: error: body: {LISTS}"),
    ("Đoạn đầu.\n\nMở đầu " + "[" * 20_000 + "\n",
     "content/a.md:7:8: error: body: this paragraph has 20,000 '[' that are never closed by a "
     "']'" + NEVER_CLOSED + "write each '[' that does not start a link as '\\[', or remove them)"),
    ("Ảnh: " + "![" * 10_000 + "\n",
     "content/a.md:5:6: error: body: this paragraph has 10,000 '![' that are never closed by a "
     "']'" + NEVER_CLOSED + "write each '![' that does not start an image as '!\\[', or remove "
     "them)"),
    ("Liên kết\n" + "[a](" * 5_000 + "\n",
     "content/a.md:6:3: error: body: this paragraph has 5,000 link addresses that start with "
     "'](' and are never closed by a ')'" + NEVER_CLOSED + "close each address with ')', or "
     "write '](' as ']\\(' where no link is meant)"),
    ("[" * 5_000 + "]" * 5_000 + "\n",
     "content/a.md:5:1: error: body: this paragraph has 5,000 '[' inside one another"
     + NEVER_CLOSED + "remove the extra '[' and ']', or write them as '\\[' and '\\]')"),
    ("Chữ x <a " * 20_000 + "\n",
     "content/a.md:5:7: error: body: the article has 20,000 '<' followed by a letter and never "
     "closed by a '>', each of which could start an HTML tag" + NEVER_CLOSED + "write each '<' "
     "that does not start an HTML tag as '&lt;')"),
    ("`a` " * 60_000 + "\n",
     "content/a.md:5:1: error: body: this paragraph is 240,001 characters long and has 60,000 "
     "links, emphasis marks or other Markdown marks; the converter would take far too long to "
     "read it (split it into shorter paragraphs, separated by blank lines)"),
    ("Mở đầu.\n" + "---\nDòng.\n" * 10_000,
     "content/a.md:6:1: error: body: this paragraph has 10,000 headings or lines of '-', '=' "
     "or '*' with no blank line before them" + NEVER_CLOSED + "put a blank line before and "
     "after each heading and each line of '---')"),
    ("Đoạn.\n\n" * 200_000,
     "content/a.md:5:1: error: body: the article has 200,001 paragraphs and blank lines; the "
     "converter would take far too long to read them (remove the extra blank lines, or split "
     "the text into several articles)"),
    ("Đầu.\n\n" + "<b>" * 2_000 + "\n",
     "content/a.md:7:3001: error: body: HTML elements are nested more than 1,000 deep here; "
     "cleaning them would take far too long (close each HTML tag that is opened (<b> with "
     "</b>), or remove the tags)"),
])
def test_hostile_bodies_are_refused_quickly_with_the_place(body: str, expected: str) -> None:
    html, problems = convert(body)
    assert (html, problems) == ("", [expected])


def test_nesting_the_converter_cannot_read_is_an_error_not_a_crash() -> None:
    """Emphasis marks nested 5,000 deep overflow Python-Markdown's stack: the RecursionError
    becomes a problem, and the converter still converts the next article as a new one does."""
    converter = MarkdownConverter(False, "/", 220)
    html, problems = convert("Đoạn đầu.\n\nMở " + "*" * 5_000 + "a" + "*" * 5_000 + "\n",
                             converter)
    assert (html, problems) == ("", [
        "content/a.md:7:4: error: body: lists, quotes or emphasis marks ('*', '_') are nested "
        "too deeply here for the converter (an article needs only a few levels: remove the "
        "extra '>', '*' or '_' marks, or the spaces in front of the list items)"])
    ordinary = "## Đầu\n\n- một [liên kết](/a/) *nhấn*\n    - hai\n\n> trích\n"
    assert convert(ordinary, converter) == convert(ordinary)


@pytest.mark.parametrize("body", [
    "\\[" * 20_000 + "\n",  # the fix the hint gives for 20,000 '['
    "[a]" * 40_000 + "\n",  # references that are not defined: read once each
    "- " * 1_000 + "\n",  # a horizontal rule, not a list
    "".join(" " * (4 * i) + f"- mục {i}\n" for i in range(60)),
    " " * 1_000 + "chữ thụt vào\n",
    "Câu có [ lạc giữa đoạn. " * 300 + "\n",  # a stray '[' after another, 300 in 7 KB
    "Xem <https://example.org/> hoặc <ban@example.org>.\n" * 2_000,  # links, not HTML tags
])
def test_unusual_but_harmless_bodies_convert(body: str) -> None:
    html, problems = convert(body)
    assert html and problems == []


def ordinary_body(size: int) -> str:
    """Paragraphs of words with links, emphasis, a few stray brackets, headings, lists."""
    rng = random.Random(7)
    words = ["Liên hiệp", "các tổ chức", "hữu nghị", "Việt Nam", "đối ngoại", "nhân dân",
             "tọa đàm", "hội nghị", "Chủ tịch", "Bộ Ngoại giao", "năm 2021", "(tỉnh)", "[ảnh]",
             "&", "“trích dẫn”", "_đậm_"]
    parts: list[str] = []
    total = 0
    while total < size:
        chosen = rng.random()
        words_in = []
        for i in range(rng.randint(40, 120)):
            word = rng.choice(words)
            draw = rng.random()
            if draw < 0.03:
                word = f"[{word} {rng.choice(words)}](https://example.org/{i}?a=1&b=2)"
            elif draw < 0.05:
                word = f"*{word}*"
            elif draw < 0.06:
                word = f"**{word}** `{i}`"
            elif draw < 0.062:
                word = f"[{word}"  # a stray bracket
            elif draw < 0.064:
                word = f"<https://example.org/{i}>"
            words_in.append(word)
        text = " ".join(words_in) + "."
        if chosen < 0.05:
            text = "## " + text[:60]
        elif chosen < 0.1:
            text = "\n".join("- " + text[i:i + 80] for i in range(0, 320, 80))
        parts.append(text)
        total += len(text) + 2
    return "\n\n".join(parts) + "\n"


def test_a_large_ordinary_article_converts_without_a_problem() -> None:
    body = ordinary_body(2_000_000)
    assert bounds_problem(article(body)) is None
    html, problems = convert(body)
    assert problems == [] and html.count("<a href=") > 5_000


def test_the_check_is_linear_on_ten_megabytes() -> None:
    body = ordinary_body(2_000_000) * 5
    assert timed(lambda: bounds_problem(article(body))) is None


@pytest.mark.parametrize("body, line", [
    (NESTED_LIST, "content/2021/x.md:106:403: error: body: " + LISTS),
    ("[" * 20_000 + "\n",
     "content/2021/x.md:6:1: error: body: this paragraph has 20,000 '[' that are never closed "
     "by a ']'" + NEVER_CLOSED + "write each '[' that does not start a link as '\\[', or "
     "remove them)"),
])
def test_a_hostile_body_stops_the_build(copy_site, body: str, line: str) -> None:
    site = copy_site("basic")
    (site / "content" / "2021" / "x.md").write_text(article_md("Thù địch", "2021-06-18", body),
                                                    encoding="utf-8")
    build_fails_with(site, line)


def test_a_problem_is_a_problem_record() -> None:
    problem = bounds_problem(article("[" * 20_000))
    assert isinstance(problem, Problem) and problem.field == "body" and problem.col == 1
