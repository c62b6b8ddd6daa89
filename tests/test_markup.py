from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.bodies import MarkdownConverter, heading_id, shorten, summarise
from diplomacy_archive.text.dates import parse_event_date

DATE = parse_event_date("2021-06-18", ZoneInfo("Asia/Ho_Chi_Minh"))


def article(body: str, summary: str = "") -> Article:
    return Article(id="a.md", path="content/a.md", title="Bài", date=DATE, slug="bai", body=body,
                   body_line=5, lang="vi", summary=summary)


def convert(body: str, trust: bool = False, base_path: str = "/"):
    body_out, problems = MarkdownConverter(trust, base_path, 220).convert(article(body))
    return body_out.html, [p.format_text() for p in problems]


def test_heading_ids_keep_d_with_stroke() -> None:
    html, _ = convert("## Đối ngoại nhân dân\n\n## Đối ngoại nhân dân\n")
    assert '<h2 id="doi-ngoai-nhan-dan">Đối ngoại nhân dân</h2>' in html
    assert '<h2 id="doi-ngoai-nhan-dan_1">' in html
    assert heading_id("Đồng Nai") == "dong-nai"


def test_smart_quotes_leave_vietnamese_text_intact() -> None:
    html, _ = convert('Ông nói: "Đối ngoại nhân dân" là “cầu nối” của "ước mơ".\n')
    assert html == "<p>Ông nói: “Đối ngoại nhân dân” là “cầu nối” của “ước mơ”.</p>"


def test_tables_footnotes_attribute_lists_and_fenced_code() -> None:
    html, problems = convert(
        "| Tỉnh | Số hội |\n|:--|--:|\n| Đồng Nai | 9 |\n\n"
        "Câu có chú thích[^1].\n{: .lead }\n\n"
        "```\nmã <b>\n```\n\n"
        "[^1]: Ghi chú.\n")
    assert problems == []
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Bảng"><table>' in html
    assert '<th style="text-align:left">Tỉnh</th>' in html
    assert '<p class="lead">Câu có chú thích' in html
    assert '<li id="fn:1">' in html and 'href="#fn:1"' in html
    assert "<pre><code>mã &lt;b&gt;\n</code></pre>" in html


@pytest.mark.parametrize("body, live, warning", [
    ("<script>alert(1)</script>", "<script",
     "content/a.md:7: warning: body: raw HTML <script> and its content were removed"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:",
     "content/a.md:7: warning: body: the address 'javascript:alert(1)' is not allowed "
     "and was removed"),
    ("[x](javascript:alert(1))", "javascript:",
     "content/a.md:7: warning: body: the address 'javascript:alert(1)' is not allowed "
     "and was removed"),
    ('<img src="/a.jpg" onerror="alert(1)">', "onerror",
     "content/a.md:7: warning: body: the attribute 'onerror' of <img> was removed"),
    ('<iframe src="https://example.com/"></iframe>', "<iframe",
     "content/a.md:7: warning: body: raw HTML <iframe> was removed"),
    ('<p onclick="steal()">x</p>', "onclick",
     "content/a.md:7: warning: body: the attribute 'onclick' of <p> was removed"),
    ('<svg onload="alert(1)"><circle/></svg>', "onload",
     "content/a.md:7: warning: body: raw HTML <svg> was removed"),
    ("<style>body{display:none}</style>", "<style",
     "content/a.md:7: warning: body: raw HTML <style> and its content were removed"),
    ('<object data="x.swf"></object>', "<object",
     "content/a.md:7: warning: body: raw HTML <object> was removed"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:",
     "content/a.md:7: warning: body: the address 'data:text/html,<script>alert(1)</script>' is not "
     "allowed and was removed"),
])
def test_hostile_html_is_removed_and_reported(body: str, live: str, warning: str) -> None:
    html, problems = convert(f"Đoạn đầu.\n\n{body}\n")
    assert live not in html.lower()
    assert problems and problems[0].startswith(warning)
    assert problems[0].endswith("(remove it from the article, or set 'trust_raw_html: true' in "
                                "config.yaml if every editor of the site is trusted)")


def test_warning_names_the_line_of_the_raw_html() -> None:
    _, problems = convert("Một.\n\nHai.\n\n<iframe src='x'></iframe>\n")
    assert problems[0].startswith("content/a.md:9: warning:")


def test_trusted_sites_keep_raw_html() -> None:
    html, problems = convert('<iframe src="https://video.example/"></iframe>\n', trust=True)
    assert '<iframe src="https://video.example/"></iframe>' in html
    assert problems == []


def test_harmless_html_is_kept() -> None:
    html, problems = convert('<figure><img src="/a.jpg" alt="Ảnh">'
                             "<figcaption>Chú thích</figcaption></figure>\n\n"
                             "Chữ <mark>đánh dấu</mark> và <sub>2</sub>.\n")
    assert problems == []
    assert '<figure><img src="/a.jpg" alt="Ảnh"><figcaption>Chú thích</figcaption></figure>' in html
    assert "<mark>đánh dấu</mark>" in html


def test_site_links_get_the_base_path() -> None:
    html, _ = convert("[bài](/bai-viet/x/) ![ảnh](/images/a.jpg) [ngoài](https://example.com/) "
                      "[giao thức](//cdn.example/x) [neo](#muc)\n", base_path="/luu-tru/")
    assert 'href="/luu-tru/bai-viet/x/"' in html
    assert 'src="/luu-tru/images/a.jpg"' in html
    assert 'href="https://example.com/"' in html
    assert 'href="//cdn.example/x"' in html
    assert 'href="#muc"' in html


def test_summary_comes_from_the_first_paragraph_without_markup() -> None:
    html, _ = convert("## Tiêu đề\n\nĐoạn **đầu** với chú thích[^1].\n\nĐoạn hai.\n\n[^1]: Ghi.\n")
    assert summarise(html, 220) == "Đoạn đầu với chú thích."
    body, _ = MarkdownConverter(False, "/", 220).convert(article("Đoạn.", summary="Tóm tắt riêng."))
    assert body.summary == "Tóm tắt riêng."


def test_shorten_cuts_at_a_word() -> None:
    text = "Liên hiệp các tổ chức hữu nghị Việt Nam tổ chức tọa đàm"
    assert shorten(text, 20) == "Liên hiệp các tổ…"
    assert shorten(text, 200) == text
    assert re.fullmatch(r".{1,21}", shorten(text, 20))


FRAGMENTS = ['<p>chữ</p>', '<a href="javascript:x()">a</a>', '<img src=x onerror=y()>',
             '<script>a()</script>', '<b>đậm</b>', '<font color=red>đỏ</font>', ' a = b ',
             '<a href="/x" title="t">x</a>', '<table><tr><td style="color:red">1</td></tr></table>',
             '<div class="x">y</div>', '<iframe src="/v"></iframe>',
             '<a href="data:text/html,x">d</a>', '<A HREF="JAVASCRIPT:x">h</A>',
             '<svg><circle/></svg>', '<a href=" javascript:x">s</a>',
             '<p onclick="x">p</p>', '<a href="mailto:a@b.vn">m</a>', '<!-- ghi chú -->',
             '<a href="https://example.com/?q=1">e</a>', '<span data-x="1">d</span>']


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=6))
def test_the_quick_check_never_hides_a_removal(parts: list[str]) -> None:
    from diplomacy_archive.source.bodies import _CLEANER, may_remove, removed_html
    raw = "".join(parts)
    if not may_remove(raw):
        assert removed_html(raw, _CLEANER.clean(raw)) == []


def test_smart_punctuation_follows_the_text_across_inline_tags() -> None:
    from diplomacy_archive.text.html_text import CODE, map_text, smart_punctuation
    html = ('<p>"<em>Đối ngoại</em>" -- nhân dân --- "hòa bình"... it\'s</p>'
            '<p><code>"x" -- y</code> \'trích\'</p>')
    assert map_text(html, smart_punctuation, CODE) == (
        "<p>“<em>Đối ngoại</em>” – nhân dân — “hòa bình”… it’s</p>"
        "<p><code>\"x\" -- y</code> ‘trích’</p>")


@given(st.text(alphabet="Chỉ thị số 38-CT/TW ngày 19/9/2019 và <>&\"' abc", max_size=60))
def test_unlinking_gives_back_the_text_that_was_linked(text: str) -> None:
    import html as html_module

    from diplomacy_archive.site.citation_links import link_citations, unlink_citations
    body = f"<p>{html_module.escape(text, quote=False)}</p>"
    linked = link_citations(body, lambda citation: "/van-ban/38-ct-tw/")
    assert unlink_citations(linked) == body
