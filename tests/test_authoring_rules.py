"""Issue 13's rules for editors: no placeholder reaches readers, every problem of a file is
reported in one run, and `new --date` takes every date front matter takes."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import run_cli

from diplomacy_archive.problems import Problems
from diplomacy_archive.source.articles import (
    SKELETON_PLACEHOLDERS,
    Rejected,
    SourceText,
    parse_article,
    read_article,
    read_source,
)
from diplomacy_archive.source.config import Config
from diplomacy_archive.text.dates import parse_event_date

CONFIG = Config(title="Thử", base_url="https://example.org/")
ENGLISH, VIETNAMESE = SKELETON_PLACEHOLDERS["en"], SKELETON_PLACEHOLDERS["vi"]
PLACEHOLDER_HINT = ("(replace it with the article, or set 'draft: true' until the article is "
                    "written)")
NO_TEXT = ("error: body: the article has no text (write it below the second '---' line, or set "
           "'draft: true' until it is written)")


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    article = parse_article(SourceText("a.md", "content/a.md", text), CONFIG, problems)
    return article, [p.format_text() for p in problems.sorted()]


def placeholder_error(line: int, col: int, text: str) -> str:
    return (f"content/a.md:{line}:{col}: error: body: the placeholder '{text}' of the new-article "
            f"skeleton is still in the text {PLACEHOLDER_HINT}")


def new_article(site: Path, title: str, *options: str) -> Path:
    run = run_cli("new", title, "--site", ".", *options, cwd=site)
    assert run.code == 0, run.stderr
    return site / run.stdout.split()[1].rstrip(":")


def publish(path: Path, body: str | None = None) -> str:
    """The file with 'draft: false' (and, if given, ``body`` instead of the placeholder)."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("draft: true", "draft: false", 1)
    if body is not None:
        text = text.replace(ENGLISH, body)
    path.write_text(text, encoding="utf-8")
    return text


# ---------------------------------------------------------------- no placeholder reaches readers

def test_the_placeholder_is_one_list_that_the_skeleton_uses() -> None:
    import inspect

    from diplomacy_archive.authoring import new_article
    from diplomacy_archive.source import front_matter_form
    assert ENGLISH == "Write the article here, in Markdown."
    assert VIETNAMESE == "Viết bài ở đây, bằng Markdown."
    assert "SKELETON_PLACEHOLDERS[language()]" in inspect.getsource(new_article)
    for sentence in (ENGLISH, VIETNAMESE):  # written once, in articles.py
        assert sentence not in inspect.getsource(new_article)
        assert sentence not in inspect.getsource(front_matter_form)


def test_an_untouched_skeleton_cannot_be_published(copy_site) -> None:
    site = copy_site("basic")
    path = new_article(site, "Tọa đàm chưa viết", "--date", "2021-06-18")
    lines = publish(path).splitlines()
    line = lines.index(ENGLISH) + 1
    assert line > lines.index("---", 1) + 1  # below the front matter
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith(
        f"content/2021/toa-dam-chua-viet.md:{line}:1: error: body: the placeholder '{ENGLISH}' "
        f"of the new-article skeleton is still in the text {PLACEHOLDER_HINT}\n"
        "Found 1 error and 0 warnings.\n")
    assert "Build stopped: nothing was written" in run.stderr
    assert not (site / "public").exists()


def test_a_draft_skeleton_builds(copy_site) -> None:
    site = copy_site("basic")
    new_article(site, "Bài còn nháp", "--date", "2021-06-18")
    check = run_cli("check", "--site", ".", "--strict", cwd=site)
    assert check.code == 0, check.stderr
    assert check.stderr == ""
    drafts = run_cli("check", "--site", ".", "--strict", "--drafts", cwd=site)
    assert drafts.code == 0, drafts.stderr
    assert drafts.stderr == ""


def test_an_empty_body_cannot_be_published(copy_site) -> None:
    site = copy_site("basic")
    path = new_article(site, "Bài trống", "--date", "2021-06-18")
    text = publish(path).replace(ENGLISH, "\n<!-- sẽ viết sau -->\n\n")
    path.write_text(text, encoding="utf-8")
    run = run_cli("check", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.startswith("content/2021/bai-trong.md:")
    assert NO_TEXT in run.stderr
    assert "Found 1 error and 0 warnings." in run.stderr


@pytest.mark.parametrize("body, line, col, shown", [
    (f"{ENGLISH}\n", 5, 1, ENGLISH),
    (f"{VIETNAMESE}\n", 5, 1, VIETNAMESE),
    ("Đoạn đầu đã viết.\n\nRồi: write the article\nhere, in markdown\n", 7, 6,
     "write the article here, in markdown"),
    (f"Mở đầu.\n\n> *{VIETNAMESE.upper()}*\n\nKết.\n", 7, 4, VIETNAMESE.upper()),
])
def test_the_placeholder_anywhere_in_the_body_is_an_error(body: str, line: int, col: int,
                                                         shown: str) -> None:
    article, problems = parse(f"---\ntitle: x\ndate: 2020\n---\n{body}")
    assert article is None
    assert problems == [placeholder_error(line, col, shown)]


@pytest.mark.parametrize("body", ["", "\n\n   \n", "<!-- viết sau -->\n", "\n<!-- a\nb -->\n\n"])
def test_a_body_of_nothing_but_blanks_and_comments_is_an_error(body: str) -> None:
    article, problems = parse(f"---\ntitle: x\ndate: 2020\ndraft: false\n---\n{body}")
    assert article is None
    assert len(problems) == 1 and problems[0].endswith(NO_TEXT)


@pytest.mark.parametrize("body", ["", f"{ENGLISH}\n", f"\n{VIETNAMESE}\n"])
def test_drafts_may_keep_the_placeholder_or_no_text(body: str) -> None:
    article, problems = parse(f"---\ntitle: x\ndate: 2020\ndraft: true\n---\n{body}")
    assert article is not None and problems == []


def test_text_that_only_mentions_markdown_is_not_the_placeholder() -> None:
    article, problems = parse("---\ntitle: x\ndate: 2020\n---\nBài viết ở đây bằng Markdown có "
                              "bảng. Write the article in Markdown.\n")
    assert article is not None and problems == []


# ---------------------------------------------------------------- every problem at once

BROKEN = """\
---
title: "Bài nhiều lỗi"
date: 31/02/2021
speaker: Ông A
speakers:
  - name: Nguyễn Văn A
    rol: Chủ tịch
  - role: Phó Chủ tịch
directives: [Chỉ thị gì đó, Chỉ thị 04-CT/TW]
tags: [tọa đàm, "!!"]
images: [/images/khong-co.jpg]
---

Nội dung <script>alert(1)</script> của bài.
"""
DATE_ERROR = ("content/2021/nhieu-loi.md:3:7: error: date: '31/02/2021' is not a real date "
              "(month 2 of 2021 has 28 days)")
OTHER_PROBLEMS = [
    "content/2021/nhieu-loi.md:4:1: warning: unknown key 'speaker' (did you mean 'speakers'?)",
    "content/2021/nhieu-loi.md:7:5: warning: speakers[0]: unknown key 'rol' (did you mean "
    "'role'?)",
    "content/2021/nhieu-loi.md:8:5: error: speakers[1]: a speaker needs a name (add 'name: ...' "
    "to this speaker)",
    "content/2021/nhieu-loi.md:9: warning: directives[1]: 'Chỉ thị 04-CT/TW' is not in "
    "data/directives.yaml (add it there so its page shows the issuer, the date and the subject)",
    "content/2021/nhieu-loi.md:9: warning: directives[0]: 'Chỉ thị gì đó' is not a document "
    "citation (write the type and the code, such as 'Chỉ thị 04-CT/TW')",
    "content/2021/nhieu-loi.md:10: error: tags: the tag '!!' has no letters a-z or digits for its "
    "web address (write the tag with Vietnamese or Latin letters)",
    "content/2021/nhieu-loi.md:11: error: images[0]: the image '/images/khong-co.jpg' is not "
    "in the site's static/ folder (save it as static/images/khong-co.jpg)",
    "content/2021/nhieu-loi.md:14: warning: body: raw HTML <script> and its content were removed "
    "(remove it from the article, or set 'trust_raw_html: true' in config.yaml if every editor "
    "of the site is trusted)",
]


def test_a_bad_date_hides_no_other_problem_of_the_file(copy_site) -> None:
    site = copy_site("basic")
    path = site / "content" / "2021" / "nhieu-loi.md"
    path.write_text(BROKEN, encoding="utf-8")
    run = run_cli("check", "--site", ".", cwd=site)
    assert run.code == 1
    assert run.stderr.splitlines() == [DATE_ERROR, *OTHER_PROBLEMS,
                                       "Found 4 errors and 5 warnings."]
    # fixing the date brings no problem that was not reported already
    path.write_text(BROKEN.replace("31/02/2021", "28/02/2021"), encoding="utf-8")
    fixed = run_cli("check", "--site", ".", cwd=site)
    assert fixed.code == 1
    assert fixed.stderr.splitlines() == [*OTHER_PROBLEMS, "Found 3 errors and 5 warnings."]


def test_a_draft_with_errors_reports_its_fields_but_not_what_only_a_published_one_checks(
        copy_site) -> None:
    site = copy_site("basic")
    path = site / "content" / "2021" / "nhieu-loi.md"
    # 'draft: true' where the blank line was: every line keeps its number
    path.write_text(BROKEN.replace("---\n\n", "draft: true\n---\n"), encoding="utf-8")
    run = run_cli("check", "--site", ".", cwd=site)
    assert run.code == 1
    # as for a valid draft: citations, tags and images are checked only with --drafts
    assert [line.split(": ")[0] for line in run.stderr.splitlines()[:-1]] == [
        "content/2021/nhieu-loi.md:3:7", "content/2021/nhieu-loi.md:4:1",
        "content/2021/nhieu-loi.md:7:5", "content/2021/nhieu-loi.md:8:5",
        "content/2021/nhieu-loi.md:14"]
    with_drafts = run_cli("check", "--site", ".", "--drafts", cwd=site)
    assert with_drafts.stderr.splitlines() == [DATE_ERROR, *OTHER_PROBLEMS,
                                               "Found 4 errors and 5 warnings."]


@pytest.mark.parametrize("front, fatal", [
    ("title: ''\ndate: 2021-06-18", "title"),
    ("title: x\ndate: 2021-99-99", "date"),
    ("title: x\ndate: 2021-06-18\nslug: Tọa Đàm", "slug"),
    ("title: x", "date"),
])
def test_a_fatal_field_leaves_the_others_checked(front: str, fatal: str) -> None:
    problems = Problems()
    text = (f"---\n{front}\nxyz: 1\nspeakers: [{{role: Chủ tịch}}]\nlang: Tiếng Việt\n"
            f"directives: [Chỉ thị 04-CT/TW]\n---\n\nNội dung.\n")
    read = read_article(SourceText("a.md", "content/a.md", text), CONFIG, problems)
    assert isinstance(read, Rejected)
    fields = [p.field for p in problems.sorted()]
    assert fatal in fields and {"", "speakers[0]", "lang"} <= set(fields)
    assert read.article.directives == ("Chỉ thị 04-CT/TW",)
    assert read.dated is (fatal != "date")


# ---------------------------------------------------------------- new --date

FORMS = [  # (--date, as the skeleton writes it)
    ("18/06/2021", "2021-06-18"),
    ("2021-06-18", "2021-06-18"),
    ("2021-6-8", "2021-06-08"),
    ("18.06.2021", "2021-06-18"),
    ("ngày 18 tháng 6 năm 2021", "2021-06-18"),
    ("2021-06-18 09:30", "2021-06-18 09:30"),
    ("2021-06-18T02:30:00Z", "2021-06-18 09:30"),
    ("2020-11", "2020-11"),
    ("11/2020", "2020-11"),
    ("Tháng 11/2020", "2020-11"),
    ("2020", "2020"),
    ("năm 2019", "2019"),
]


def test_new_takes_every_date_front_matter_takes(copy_site) -> None:
    site = copy_site("basic")
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    for number, (given, written) in enumerate(FORMS):
        path = new_article(site, f"Bài số {number}", "--date", given)
        expected = parse_event_date(given, zone)
        assert path == site / "content" / str(expected.year) / f"bai-so-{number}.md"
        text = publish(path, "Nội dung của bài.")
        assert f"\ndate: {written} " in text, given
        problems = Problems()
        article = parse_article(read_source(site, path), CONFIG, problems)  # type: ignore[arg-type]
        assert problems.items == [] and article is not None, given
        assert article.date == expected, given
    run = run_cli("check", "--site", ".", "--strict", cwd=site)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"Checked {5 + len(FORMS)} articles and ")


@pytest.mark.parametrize("given, why", [
    ("18/06/21", "'18/06/21' has a two-digit year (write the year in full: 18/06/2021)"),
    ("31/02/2021", "'31/02/2021' is not a real date (month 2 of 2021 has 28 days)"),
    ("06/18/2021", "'06/18/2021' is not a real date (months go from 1 to 12; dates are written "
     "day/month/year)"),
    ("mai", "'mai' is not a date"),
])
def test_new_refuses_a_date_that_is_not_one_and_lists_the_forms(copy_site, given: str,
                                                                why: str) -> None:
    site = copy_site("basic")
    before = sorted(p.relative_to(site) for p in (site / "content").rglob("*"))
    run = run_cli("new", "Bài sai ngày", "--site", ".", "--date", given, cwd=site)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"error: --date: {why}; write the event date as 2021-06-18 or 18/06/2021 (day first), "
        "2021-06-18 09:30 with the time, 2020-11 or 11/2020 when only the month is known, 2020 "
        "when only the year is\n")
    assert sorted(p.relative_to(site) for p in (site / "content").rglob("*")) == before
