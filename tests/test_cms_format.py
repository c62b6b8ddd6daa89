"""The web editor's article format (admin/front-matter.js), run under Node.js: it writes an
article in the form `new` writes (source.front_matter_form), reads back what it wrote, keeps
what it does not know, and writes nothing YAML would read as another value."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import ROOT, missing_tool

from diplomacy_archive.i18n import language as current_language
from diplomacy_archive.i18n import set_language
from diplomacy_archive.source.articles import SKELETON_PLACEHOLDERS
from diplomacy_archive.source.front_matter_fields import FRONT_MATTER_KEYS
from diplomacy_archive.source.front_matter_form import FORM, form_spec

ADMIN = ROOT / "admin"
RUNNER = """
const jsyaml = require(process.argv[1] + "/js-yaml/js-yaml.min.js");
const format = require(process.argv[1] + "/front-matter.js")(jsyaml);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const {calls, form} = JSON.parse(input);
  process.stdout.write(JSON.stringify(calls.map(([name, value]) =>
    name === "write" ? format.write(value, form) : format.read(value))));
});
"""


def run_format(calls: list[tuple[str, Any]], language: str = "vi") -> list[Any]:
    """Each (write, data) or (read, text) call of front-matter.js, in Node.js."""
    node = shutil.which("node")
    if node is None:
        missing_tool("Node.js is not installed", "node --version", "apt-get install nodejs")
    done = subprocess.run([node, "-e", RUNNER, str(ADMIN)], check=True, capture_output=True,
                          text=True, encoding="utf-8",
                          input=json.dumps({"calls": calls, "form": form_spec(language)}))
    return list(json.loads(done.stdout))


def front_matter(text: str) -> dict[str, Any]:
    front = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(front, dict)
    return front


def test_the_form_covers_every_front_matter_key_once() -> None:
    assert sorted(line.key for line in FORM) == sorted(FRONT_MATTER_KEYS)
    assert len({line.key for line in FORM}) == len(FORM)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_new_article_from_the_editor_is_the_skeleton_new_writes(
        copy_site, language: str) -> None:
    from diplomacy_archive.authoring.new_article import create_article
    from diplomacy_archive.text.dates import parse_event_date
    site = copy_site("basic")
    before = current_language()
    set_language(language)
    try:
        path = create_article(site, "Tọa đàm: \"Đối ngoại\" nhân dân",
                              parse_event_date("2024-03", ZoneInfo("Asia/Ho_Chi_Minh")), None)
    finally:
        set_language(before)
    [written] = run_format([("write", {
        "title": "Tọa đàm: \"Đối ngoại\" nhân dân", "date": "2024-03", "draft": True,
        "venue": "", "speakers": [], "directives": [], "tags": [], "images": [],
        "source": {"publisher": "", "url": ""}, "body": SKELETON_PLACEHOLDERS[language]})],
        language)
    assert written == path.read_text(encoding="utf-8")


FILLED = {
    "title": "Giao lưu hữu nghị Việt Nam – Lào tại Đà Nẵng", "date": "2024-03-12 09:30",
    "venue": "Đà Nẵng",
    "speakers": [{"name": "Nguyễn Thị Thanh Hà", "role": "Chủ tịch Liên hiệp, Trưởng đoàn"},
                 {"name": "Khamphao Ernthavanh", "role": ""}],
    "directives": ["Chỉ thị 12-CT/TW", "Công văn 297-CV/BĐNTW"],
    "tags": ["giao lưu", "Lào"], "summary": "Hai bên: \"hữu nghị\" # mãi mãi",
    "source": {"publisher": "Báo Đà Nẵng", "url": "https://baodanang.example/bai-1"},
    "images": [{"src": "/images/2024/anh.png", "caption": "Quang cảnh", "credit": ""}],
    "aliases": ["/tin-tuc/bai-cu.html"], "draft": False,
    "body": "Sáng 12/3, hai bên giao lưu.\n\nĐoạn hai.\n\n\n",
}


def test_a_filled_article_is_written_in_the_skeleton_s_form() -> None:
    [written] = run_format([("write", FILLED)])
    assert written == """\
---
title: "Giao lưu hữu nghị Việt Nam – Lào tại Đà Nẵng"
date: 2024-03-12 09:30        # YYYY-MM-DD hoặc DD/MM/YYYY; chỉ biết tháng hoặc năm: 2020-11, 2020
# date_note: ""               # căn cứ để biết ngày, nếu ngày chưa chắc chắn
venue: Đà Nẵng                # tỉnh hoặc thành phố, ví dụ Hà Nội
speakers:                     # mỗi người một dòng; ghi chức vụ vào thời điểm đó
  - name: Nguyễn Thị Thanh Hà
    role: Chủ tịch Liên hiệp, Trưởng đoàn
  - name: Khamphao Ernthavanh
directives: [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW] # văn bản được trích dẫn, ví dụ [Chỉ thị 12-CT/TW, Công văn 297-CV/BĐNTW]
tags: [giao lưu, Lào]         # ví dụ [tọa đàm, VUFO]
summary: "Hai bên: \\"hữu nghị\\" # mãi mãi" # một câu; nếu bỏ trống thì dùng đoạn đầu tiên của bài
# author: ""
source: {publisher: Báo Đà Nẵng, url: "https://baodanang.example/bai-1"}
images:
  - src: /images/2024/anh.png
    caption: Quang cảnh
aliases: [/tin-tuc/bai-cu.html]
draft: false                  # đổi thành false (hoặc xóa dòng này) để đăng bài
---

Sáng 12/3, hai bên giao lưu.

Đoạn hai.
"""  # noqa: E501 (the comments are as long as the skeleton's)


def test_what_is_written_reads_back_the_same_in_python_and_in_the_editor() -> None:
    [written] = run_format([("write", FILLED)])
    front = front_matter(written)
    assert front["date"] == "2024-03-12 09:30" and front["draft"] is False
    assert front["summary"] == FILLED["summary"] and front["venue"] == "Đà Nẵng"
    assert front["speakers"][1] == {"name": "Khamphao Ernthavanh"}  # the empty role left out
    [read, again] = run_format([("read", written), ("write", front_matter(written) | {
        "body": written.split("---\n", 2)[2]})])
    assert read["source"] == FILLED["source"] and read["body"].startswith("Sáng 12/3")
    assert read["date"] == "2024-03-12 09:30"  # text, as the date field holds it
    [rewritten] = run_format([("write", read)])
    assert rewritten == written == again  # saved twice: the same file


@pytest.mark.parametrize("value", [
    "1975", "12", "0.5", "yes", "No", "on", "null", "~", "true", "2024-03-12", "- gạch",
    "a: b", "Ha #1", "[x]", "{y}", "@tag", "`code`", "'nháy'", "\"kép\"", " lề ", "*sao",
    "&neo", "!tag", "%p", "| ống", "> lớn", "?", "a,b", "Thường trực Ban Bí thư", "12-CT/TW",
])
def test_no_value_is_written_so_that_yaml_reads_another(value: str) -> None:
    data = {"title": value, "date": "2024", "venue": value, "tags": [value, "x"],
            "speakers": [{"name": value, "role": value}], "draft": True, "body": "Bài."}
    [written] = run_format([("write", data)])
    front = front_matter(written)
    assert front["title"] == value and front["venue"] == value.strip()
    assert front["tags"] == [value.strip(), "x"]
    assert front["speakers"] == [{"name": value.strip(), "role": value.strip()}]


def test_keys_the_form_does_not_know_are_kept_before_the_last_line() -> None:
    text = ("---\ntitle: \"Bài\"\ndate: 2020\nghi_chu_rieng: {a: 1, b: [x, y]}\n"
            "draft: true\n---\n\nBài.\n")
    [read] = run_format([("read", text)])
    [written] = run_format([("write", read)])
    assert front_matter(written)["ghi_chu_rieng"] == {"a": 1, "b": ["x", "y"]}
    assert written.index("ghi_chu_rieng") < written.index("draft:")


def test_front_matter_yaml_cannot_read_is_not_saved_over() -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run_format([("read", "---\ntitle: [không đóng\n---\n\nBài.\n")])
    assert "YAMLException" in (failed.value.stderr or "")
