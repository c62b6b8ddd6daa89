from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from diplomacy_archive.problems import Problems
from diplomacy_archive.source.articles import (
    SourceText,
    is_article_path,
    parse_article,
    read_source,
    unique_slugs,
)
from diplomacy_archive.source.config import Config

CONFIG = Config(title="Thử", base_url="https://example.org/")


def parse(text: str, strict: bool = False):
    problems = Problems(strict=strict)
    article = parse_article(SourceText("a.md", "content/a.md", text), CONFIG, problems)
    return article, [p.format_text() for p in problems.sorted()]


def test_full_front_matter_is_read_into_an_article() -> None:
    article, problems = parse(
        "---\n"
        'title: "Tọa đàm về đối ngoại nhân dân"\n'
        "date: 2021-06-18\n"
        "date_note: Năm được suy ra\n"
        "venue: Hà Nội\n"
        "speakers:\n"
        "  - name: Nguyễn Phương Nga\n"
        "    role: Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam\n"
        "  - Phan Anh Sơn\n"
        "directives: [Chỉ thị 04-CT/TW, Công văn 297-CV/BĐNTW]\n"
        "tags: [tọa đàm, VUFO, vufo]\n"
        "summary: Tóm tắt.\n"
        "author: Hồng Loan\n"
        "source: {publisher: Báo Nhân Dân, url: 'https://nhandan.vn/x'}\n"
        "images: [{src: /images/a.jpg, caption: Ảnh, credit: Tuấn Việt}]\n"
        "lang: vi\n"
        "draft: true\n"
        "---\n"
        "\n"
        "Thân bài.\n")
    assert problems == []
    assert article is not None
    assert article.title == "Tọa đàm về đối ngoại nhân dân"
    assert article.slug == "a"  # the file's name (content/a.md), never the title
    assert article.date.iso() == "2021-06-18"
    assert [(s.name, s.role) for s in article.speakers] == [
        ("Nguyễn Phương Nga", "Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam"),
        ("Phan Anh Sơn", ""),
    ]
    assert article.directives == ("Chỉ thị 04-CT/TW", "Công văn 297-CV/BĐNTW")
    assert article.tags == ("tọa đàm", "VUFO")
    assert article.source is not None and article.source.url == "https://nhandan.vn/x"
    assert article.images[0].credit == "Tuấn Việt"
    assert article.draft is True
    assert article.body == "Thân bài.\n"
    assert article.body_line == 20
    assert article.lines["tags"] == 11


def test_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    text = unicodedata.normalize(
        "NFD", "---\ntitle: Tọa đàm Khánh Hòa\ndate: 2020\n---\nĐối ngoại.\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(text, encoding="utf-8")
    problems = Problems()
    article = parse_article(read_source(tmp_path, tmp_path / "content" / "a.md"),  # type: ignore[arg-type]
                            CONFIG, problems)
    assert problems.items == []
    assert article is not None
    assert article.title == unicodedata.normalize("NFC", "Tọa đàm Khánh Hòa")
    assert unicodedata.is_normalized("NFC", article.body)


@pytest.mark.parametrize("text, expected", [
    ("", ["content/a.md:1:1: error: the file is empty (start it with front matter: a line '---', "
          "'title: ...', 'date: ...', then '---'; the command 'new' writes one for you)"]),
    ("Tiêu đề\n\nNội dung.\n",
     ["content/a.md:1:1: error: the file has no front matter (the first line must be '---', "
      "followed by 'title: ...', 'date: ...' and a closing '---')"]),
    ("---\ntitle: x\ndate: 2020\nNội dung.\n",
     ["content/a.md:1:1: error: the front matter is not closed (add a line '---' after the last "
      "field, before the article text)"]),
    ("---\n---\nx\n",
     ["content/a.md:1:1: error: the front matter is empty (write at least 'title: ...' and "
      "'date: ...' between the '---' lines)"]),
    ("---\ntitle: 'x\ndate: 2020\n---\nx\n",
     ["content/a.md:2:8: error: invalid YAML: the quote opened here is never closed "
      "(add the closing quote at the end of the value)"]),
    ("---\ntitle: Tọa đàm: đối ngoại\ndate: 2020\n---\nx\n",
     ["content/a.md:2:15: error: invalid YAML: mapping values are not allowed in this context "
      "(a value that contains ': ' must be put in double quotes)"]),
    ("---\ntitle: x\ndate: 2020\nsummary: !!python/object/apply:os.system [ls]\n---\nx\n",
     ["content/a.md:4:10: error: the YAML tag '!!python/object/apply:os.system' is not allowed "
      "(remove it: only text, numbers, lists and 'key: value' lines are allowed)"]),
    ("---\ndate: 2020\n---\nx\n",
     ["content/a.md:1:1: error: title: the article has no title (add a line 'title: \"...\"' to "
      "the front matter)"]),
    ("---\ntitle: ''\ndate: 2020\n---\nx\n",
     ["content/a.md:2:8: error: title: must not be empty (write the headline of the article)"]),
    ("---\ntitle: [a, b]\ndate: 2020\n---\nx\n",
     ["content/a.md:2:8: error: title: must be text, not a list (put the value in double quotes)"]),
    ("---\ntitle: x\n---\nx\n",
     ["content/a.md:1:1: error: date: the article has no date (add 'date: YYYY-MM-DD'; if only "
      "the month or year is known, write 'date: 2020-11' or 'date: 2020')"]),
    ("---\ntitle: x\ndate:\n---\nx\n",
     ["content/a.md:3:6: error: date: must not be empty (write the day of the event: 2021-06-18)"]),
    ("---\ntitle: x\ndate: 31/02/2021\n---\nx\n",
     ["content/a.md:3:7: error: date: '31/02/2021' is not a real date "
      "(month 2 of 2021 has 28 days)"]),
    ("---\ntitle: x\ndate: 2020\ntags: 5\n---\nx\n",
     ["content/a.md:4:7: error: tags: must be a list, not a number (write tags: [tọa đàm, VUFO])"]),
    ("---\ntitle: x\ndate: 2020\ntags: tọa đàm, VUFO\n---\nx\n",
     ["content/a.md:4:7: error: tags: several items must be written as a list "
      "(write tags: [tọa đàm, VUFO])"]),
    ("---\ntitle: x\ndate: 2020\ntags: [a, '']\n---\nx\n",
     ["content/a.md:4:11: error: tags[1]: is empty (remove the empty item)"]),
    ("---\ntitle: x\ndate: 2020\nspeakers:\n  - role: Chủ tịch\n---\nx\n",
     ["content/a.md:5:5: error: speakers[0]: a speaker needs a name "
      "(add 'name: ...' to this speaker)"]),
    ("---\ntitle: x\ndate: 2020\nspeakers: 7\n---\nx\n",
     ["content/a.md:4:11: error: speakers: must be a list, not a number (write one speaker per "
      "line: '  - name: ...' and '    role: ...')"]),
    ("---\ntitle: x\ndate: 2020\ndraft: có\n---\nx\n",
     ["content/a.md:4:8: error: draft: must be true or false "
      "(write 'draft: true' or 'draft: false')"]),
    ("---\ntitle: x\ndate: 2020\nlang: Tiếng Việt\n---\nx\n",
     ["content/a.md:4:7: error: lang: 'Tiếng Việt' is not a language code (use a code such as "
      "'vi' or 'en')"]),
    ("---\ntitle: x\ndate: 2020\nsource: {url: 'ftp://x'}\n---\nx\n",
     ["content/a.md:4:15: error: source.url: 'ftp://x' is not a web address (it must start with "
      "https:// or http://)"]),
    ("---\ntitle: x\ndate: 2020\nimages: ['https://cdn.example.com/a.jpg']\n---\nx\n",
     ["content/a.md:4:10: error: images[0].src: 'https://cdn.example.com/a.jpg' is on another "
      "website (save the image in the site's static/ folder and write its path, such as "
      "/images/anh.jpg: the archive loads nothing from other sites)"]),
    ("---\ntitle: x\ndate: 2020\nslug: ../../etc\n---\nx\n",
     ["content/a.md:4:7: error: slug: '../../etc' would write the page outside its folder "
      "(use only a-z, 0-9 and '-', for example 'slug: etc')"]),
    ("---\ntitle: x\ndate: 2020\nslug: Tọa Đàm\n---\nx\n",
     ["content/a.md:4:7: error: slug: 'Tọa Đàm' is not a valid slug (use only a-z, 0-9 and '-', "
      "for example 'slug: toa-dam')"]),
    ("---\ntitle: x\ndate: 2020\ntitle: y\n---\nx\n",
     ["content/a.md:4:1: error: title: appears twice (first on line 2) "
      "(keep one of the two lines)"]),
])
def test_error_messages(text: str, expected: list[str]) -> None:
    article, problems = parse(text)
    assert article is None
    assert problems == expected


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: x\ndate: 2020\nspeaker: Nguyễn Phương Nga\n---\nx\n",
     "content/a.md:4:1: warning: unknown key 'speaker' (did you mean 'speakers'?)"),
    ("---\ntitle: x\ndate: 2020\ndia_diem: Hà Nội\n---\nx\n",
     "content/a.md:4:1: warning: unknown key 'dia_diem' (did you mean 'venue'?)"),
    ("---\ntitle: x\ndate: 2020\nspeakers:\n  - name: A\n    rol: B\n---\nx\n",
     "content/a.md:6:5: warning: speakers[0]: unknown key 'rol' (did you mean 'role'?)"),
    ("---\ntitle: x\ndate: 2020\nxyz: 1\n---\nx\n",
     "content/a.md:4:1: warning: unknown key 'xyz' (known keys: title, date, updated, date_note, "
     "venue, speakers, attendees, directives, tags, summary, author, source, images, lang, slug, "
     "aliases, draft, import_notes)"),
])
def test_unknown_keys_are_warnings_with_a_hint(text: str, expected: str) -> None:
    article, problems = parse(text)
    assert article is not None
    assert problems == [expected]


def test_every_problem_of_a_file_is_reported() -> None:
    article, problems = parse("---\ntitle: ''\ndate: 30/02/2020\ntags: 5\nspeaker: A\n---\n")
    assert article is None
    assert [p.split(": ")[0] for p in problems] == [  # the last: the article has no text
        "content/a.md:2:8", "content/a.md:3:7", "content/a.md:4:7", "content/a.md:5:1",
        "content/a.md:7:1"]


def test_windows_line_endings_and_bom_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.md"
    path.write_bytes(
        "\ufeff---\r\ntitle: Hà Nội\r\ndate: 2020\r\n---\r\nThân bài.\r\n".encode("utf-8"))
    source = read_source(tmp_path, path)
    assert not hasattr(source, "severity")
    problems = Problems()
    article = parse_article(source, CONFIG, problems)  # type: ignore[arg-type]
    assert problems.items == []
    assert article is not None and article.title == "Hà Nội" and article.body == "Thân bài.\n"


def test_non_utf8_file_names_the_line_and_the_fix(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.md"
    path.write_bytes("---\ntitle: Thái Bình\n".encode("latin-1"))
    problem = read_source(tmp_path, path)
    assert problem.format_text() == (  # type: ignore[union-attr]
        "content/a.md:2:10: error: the file is not UTF-8 text (byte 0xe1 cannot be read) "
        "(open it in a text editor and save it again with the UTF-8 encoding)")


def test_duplicate_slugs_name_both_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "2021").mkdir(parents=True)
    (tmp_path / "content" / "2021" / "a.md").write_text(
        "---\ntitle: Hội nghị\ndate: 2021\n---\nx\n")
    (tmp_path / "content" / "2021" / "b.md").write_text(
        "---\ntitle: Khác\ndate: 2021\nslug: a\n---\nx\n")  # a.md's address
    problems = Problems()
    parsed = [parse_article(read_source(tmp_path, tmp_path / "content" / "2021" / name),  # type: ignore[arg-type]
                            CONFIG, problems) for name in ("a.md", "b.md")]
    articles = unique_slugs([a for a in parsed if a is not None], problems)
    assert [a.id for a in articles] == ["2021/a.md"]
    assert [p.format_text() for p in problems.items] == [
        "content/2021/b.md:4:1: error: slug: the slug 'a' is already used by "
        "content/2021/a.md (give one of the two articles a different 'slug: ...')"]


def test_hidden_and_underscore_files_are_not_articles() -> None:
    assert is_article_path("2021/toa-dam.md") and is_article_path("a.MARKDOWN")
    for path in ("_drafts/x.md", ".x.md", "2021/.nhap.md", "notes.txt", "2021/_cu/a.md"):
        assert not is_article_path(path), path


def test_attendees_and_import_notes_are_read_like_speakers() -> None:
    article, problems = parse("---\ntitle: x\ndate: 2020\ndraft: true\nattendees:\n"
                              "  - Lê Văn Minh\n  - name: Trần Thị Hạnh\n    role: Chủ tịch\n"
                              "  - role: Phó Chủ tịch\nimport_notes: ['venue: not found']\n---\n")
    assert problems == ["content/a.md:9:5: error: attendees[2]: an attendee needs a name "
                        "(add 'name: ...' to this attendee)"]
    fixed, problems = parse("---\ntitle: x\ndate: 2020\ndraft: true\nattendees:\n"
                            "  - Lê Văn Minh\n  - name: Trần Thị Hạnh\n    role: Chủ tịch\n"
                            "import_notes: ['venue: not found']\n---\n")
    assert problems == [] and fixed is not None
    assert [(a.name, a.role) for a in fixed.attendees] == [("Lê Văn Minh", ""),
                                                          ("Trần Thị Hạnh", "Chủ tịch")]
    assert fixed.import_notes == ("venue: not found",)


def test_an_imported_draft_without_a_date_is_left_out_without_a_problem() -> None:
    article, problems = parse(
        "---\ntitle: x\ndraft: true\nimport_notes: ['date: not found']\n---\n")
    assert article is None and problems == []
    article, problems = parse("---\ntitle: x\ndraft: true\n---\n")  # not imported: an error
    assert article is None and problems == [
        "content/a.md:1:1: error: date: the article has no date (add 'date: YYYY-MM-DD'; if only "
        "the month or year is known, write 'date: 2020-11' or 'date: 2020')"]


def test_several_speakers_written_in_one_item_are_a_warning() -> None:
    article, problems = parse("---\ntitle: x\ndate: 2020\nspeakers: Nguyễn Văn An, Lê Thị Bình\n"
                              "---\n\nThân bài.\n")
    assert problems == ["content/a.md:4:11: warning: speakers[0]: 'Nguyễn Văn An, Lê Thị Bình' "
                        "looks like more than one name, or a name with a role, in one item "
                        "(write one person per line: '  - name: ...' and, if needed, "
                        "'    role: ...')"]
    assert article is not None  # still published: a warning, which --strict stops
    _, fine = parse("---\ntitle: x\ndate: 2020\nspeakers: [Nguyễn Văn An, Lê Thị Bình]\n"
                    "---\n\nThân bài.\n")
    assert fine == []


def test_a_word_yaml_would_take_as_a_label_is_an_error_not_lost() -> None:
    article, problems = parse("---\ntitle: x\ndate: 2020\nsummary: &Tin cập nhật\n---\n\nThân.\n")
    assert article is None and problems == [
        "content/a.md:4:10: error: '&Tin' at the start of a value is read by YAML as a label and "
        "left out of the text (put the whole value in double quotes)"]
    quoted, fine = parse('---\ntitle: x\ndate: 2020\nsummary: "&Tin cập nhật"\n---\n\nThân.\n')
    assert fine == [] and quoted is not None and quoted.summary == "&Tin cập nhật"
    used, fine = parse("---\ntitle: &t Tọa đàm\ndate: 2020\nsummary: *t\n---\n\nThân.\n")
    assert fine == [] and used is not None and used.summary == "Tọa đàm"  # an anchor in use


def test_the_example_title_of_the_help_is_not_a_title_to_publish() -> None:
    article, problems = parse("---\ntitle: Tiêu đề bài viết\ndate: 2020\n---\n\nThân bài.\n")
    assert article is None and problems == [
        "content/a.md:2:8: error: title: 'Tiêu đề bài viết' is the example title, not the "
        "article's (write the headline of the article, or set 'draft: true' until it is "
        "written)"]
    _, english = parse("---\ntitle: ARTICLE TITLE\ndate: 2020\n---\n\nThân bài.\n")
    assert len(english) == 1 and "is the example title" in english[0]
    draft, fine = parse("---\ntitle: Tiêu đề bài viết\ndate: 2020\ndraft: true\n---\n\nx\n")
    assert fine == [] and draft is not None
