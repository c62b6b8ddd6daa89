"""Searching in Chromium: unaccented queries, facets, the address bar, no JavaScript, axe-core,
and the rules of assets/search.js: every word must match, exact before folded, quoted phrases,
marks that follow the matching, results while typing, and no layout shift.

The example archive (tests/browser.py's ``site``, served under /luu-tru/), a small archive of
our own, tests/sites/search/, which has both spellings of "hòa bình" (the example has neither),
and the same archive with PRECISE_ARTICLES added (``precise_site``).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import (
    DESKTOP,
    PHONE,
    SUB_PATH,
    Site,
    axe_violations,
    built_and_served,
    describe_violations,
    served,
    visit,
)
from bundles import decoded
from conftest import ROOT, SITES

from diplomacy_archive.text.vietnamese import strip_diacritics

pytest_plugins = ["browser"]  # its fixtures: site, browser, browser_context, tab, page, axe_source
SEARCH = "tim-kiem/"


def titles_of_articles(folder: Path, words: str) -> set[str]:
    """Titles of the articles under ``folder`` whose text has every word of ``words`` (without
    accents, as whole words: the rule of assets/search.js)."""
    found = set()
    for path in folder.rglob("*.md"):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        folded = strip_diacritics(text).lower()
        wanted = strip_diacritics(words).lower().split()
        if all(re.search(rf"\b{re.escape(word)}\b", folded) for word in wanted):
            found.add(re.search(r'^title: "?(.*?)"?$', text, re.MULTILINE).group(1))
    return found


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """tests/sites/search/, built and served under the same sub-path as the example."""
    folder = tmp_path_factory.mktemp("search-site")
    source, out = folder / "site", folder / "public"
    shutil.copytree(SITES / "search", source)
    with built_and_served(source, out) as built:
        yield built


def search_box(page):
    """The search page's own box (the site's header may have another)."""
    return page.locator(".search-form input[name=q]")


def search_for(page, query: str) -> None:
    """Type ``query`` in the search box, press Enter, wait for the count to be read out."""
    box = search_box(page)
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "q => document.querySelector('.search-status').textContent.includes(`“${q}”`)", arg=query)


def result_titles(page) -> list[str]:
    return [t.strip() for t in page.locator(".search-result h3 a").all_inner_texts()]


def status(page) -> str:
    return page.locator(".search-status").inner_text()


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('.search-status').textContent.includes(t)", arg=text)


def test_doi_ngoai_finds_the_articles_about_doi_ngoai(page, site: Site) -> None:
    expected = titles_of_articles(ROOT / "content", "đối ngoại")
    assert expected
    visit(page, site, SEARCH)
    search_for(page, "doi ngoai")
    assert page.url == site.url_for(f"{SEARCH}?q=doi+ngoai")
    assert set(result_titles(page)) == expected
    assert status(page) == f"Tìm thấy {len(expected)} bài viết cho “doi ngoai”."
    # the excerpts are the Vietnamese text, with "đối ngoại" marked although "doi ngoai" was
    # typed: the phrase, which every result has, is marked as one
    excerpt = page.locator(".search-excerpt").first
    assert "đối ngoại" in excerpt.inner_text().lower()
    marks = {m.lower() for m in page.locator(".search-excerpt mark").all_inner_texts()}
    assert marks == {"đối ngoại"}
    # each result's address works under the sub-path
    first = page.locator(".search-result h3 a").first
    title, href = first.inner_text().strip(), first.get_attribute("href")
    assert href.startswith(SUB_PATH + "bai-viet/"), href
    first.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text().strip() == title


def test_khanh_hoa_finds_the_khanh_hoa_articles(page, site: Site) -> None:
    expected = titles_of_articles(ROOT / "content", "Khánh Hòa")
    assert len(expected) >= 2
    visit(page, site, SEARCH)
    search_for(page, "Khanh Hoa")
    assert set(result_titles(page)) == expected


def test_on_a_phone_the_filters_fold_and_the_results_come_first(page, site: Site) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    visit(page, site, f"{SEARCH}?q=doi+ngoai")
    wait_for_status(page, "“doi ngoai”")
    facets = page.locator("details.search-facets")
    assert facets.evaluate("d => d.open") is False
    first = page.locator(".search-result").first.bounding_box()
    assert first is not None and first["y"] < 740, first  # on the first screen
    page.get_by_text("Lọc kết quả").click()  # the filters are one tap away
    assert facets.evaluate("d => d.open") is True
    assert page.locator("fieldset.search-facet legend", has_text="Năm").is_visible()


def test_facets_narrow_the_results(page, site: Site) -> None:
    visit(page, site, f"{SEARCH}?q=doi+ngoai")
    wait_for_status(page, "“doi ngoai”")
    everything = set(result_titles(page))
    years = page.locator('fieldset[data-facet="year"]')
    assert years.locator("legend").inner_text() == "Năm"
    option = years.locator("label", has_text="2020")
    count = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    assert 0 < count < len(everything)
    option.get_by_role("checkbox").check()
    wait_for_status(page, f"Tìm thấy {count} bài viết cho “doi ngoai” với các bộ lọc đã chọn.")
    in_2020 = result_titles(page)
    assert len(in_2020) == count and set(in_2020) < everything
    assert all("2020" in d for d in page.locator(".search-result time").all_inner_texts())
    assert page.url.endswith("?q=doi+ngoai&year=2020")
    # the list was redrawn around the checkbox, which keeps the focus
    assert option.get_by_role("checkbox").evaluate("box => box === document.activeElement")
    # a second group narrows further; the year's other values still show what they would add
    venue = page.locator('fieldset[data-facet="venue"] label', has_text="Khánh Hòa")
    venue.get_by_role("checkbox").check()
    wait_for_status(page, "Tìm thấy 1 bài viết")
    assert result_titles(page) == [t for t in in_2020 if t.startswith("Khánh Hòa")]
    assert years.locator("label", has_text="2019").count() == 0  # no Khánh Hòa article in 2019
    for legend in ("Năm", "Địa điểm", "Nhân vật", "Văn bản", "Chủ đề"):
        assert page.locator("fieldset legend", has_text=legend).count() == 1, legend
    page.get_by_role("button", name="Bỏ mọi bộ lọc").click()
    wait_for_status(page, f"Tìm thấy {len(everything)} bài viết cho “doi ngoai”.")


@pytest.mark.parametrize("order_file", ["read", "missing"])
def test_filters_are_in_vietnamese_order(page, small_site: Site, order_file: str) -> None:
    """In the order the build wrote (that of the index pages); without it (a theme's older
    search page, a failed request), sorted by the browser's own Vietnamese collator."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script("""(() => { const Made = Intl.Collator; window.collators = 0;
      Intl.Collator = function (...args) { window.collators += 1; return new Made(...args); };
    })()""")
    if order_file == "missing":
        page.route("**/thu-tu-bo-loc.json", lambda route: route.fulfill(status=404))
    visit(page, small_site, SEARCH)  # no query yet: the filters list every name
    wait_for_status(page, "Gõ từ khóa để tìm")
    venues = [name.strip() for name in page.locator(
        '[data-facet="venue"] .search-option-name').all_inner_texts()]
    # code points would put "Huế" before "Hà Nội", and "Đà Nẵng" last
    assert venues == ["Đà Nẵng", "Hà Nội", "Huế", "Khánh Hòa"]
    tags = page.locator('[data-facet="tag"] .search-option-name').all_inner_texts()
    assert tags == ["đối ngoại nhân dân", "giao lưu", "hội nghị", "hữu nghị"]
    assert small_site.url_for(f"{SEARCH}thu-tu-bo-loc.json") in requested
    # making a collator is the slowest thing the page would do (~20 ms): only without the file
    assert (page.evaluate("window.collators") == 0) == (order_file == "read")


def test_enter_updates_the_address_and_back_goes_to_the_last_search(page, site: Site) -> None:
    from playwright.sync_api import expect  # importable once the page fixture has run
    visit(page, site, SEARCH)
    search_for(page, "doi ngoai")
    results = page.locator(".search-result h3 a")
    expect(results.first).to_be_visible()
    first = result_titles(page)
    assert first
    search_for(page, "Khanh Hoa")
    assert page.url == site.url_for(f"{SEARCH}?q=Khanh+Hoa")
    page.go_back()
    wait_for_status(page, "“doi ngoai”")
    assert search_box(page).input_value() == "doi ngoai"
    expect(results).to_have_text(first)  # waits while the list is still being filled
    page.reload()  # a shared address gives the same search
    wait_for_status(page, "“doi ngoai”")
    expect(results).to_have_text(first)


def test_hoa_binh_finds_both_spellings(page, small_site: Site) -> None:
    visit(page, small_site, SEARCH)
    search_for(page, "hoa binh")
    assert set(result_titles(page)) == {"Gặp mặt vì hòa bình tại Huế",
                                        "Đà Nẵng mít tinh vì hoà bình"}
    search_for(page, "hòa bình")  # typed with accents, in either placement
    assert len(result_titles(page)) == 2
    search_for(page, "doi ngoai")
    assert set(result_titles(page)) == titles_of_articles(SITES / "search" / "content",
                                                          "đối ngoại")
    search_for(page, "da nang")  # đ again
    assert result_titles(page) == ["Đà Nẵng mít tinh vì hoà bình"]
    search_for(page, "nguoi")  # ư and ơ: Pagefind drops those accents itself
    assert result_titles(page) == ["Đà Nẵng mít tinh vì hoà bình"]
    assert page.locator(".search-excerpt mark").all_inner_texts() == ["người"]


def test_without_javascript_the_form_still_sends_the_query(browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        visit(tab, site, SEARCH)
        assert tab.locator("form.search-form").is_visible()
        assert "cần JavaScript" in tab.locator(".search-noscript").inner_text()
        links = tab.locator(".search-browse a")
        assert links.all_inner_texts() == ["Dòng thời gian", "Nhân vật", "Địa điểm", "Văn bản",
                                           "Chủ đề"]
        for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
            assert href.startswith(SUB_PATH), href
        box = search_box(tab)
        box.fill("đối ngoại")
        box.press("Enter")  # a plain GET form: the query is in the address the script reads
        tab.wait_for_url("**?q=*")
        assert tab.url == site.url_for(f"{SEARCH}?q=%C4%91%E1%BB%91i+ngo%E1%BA%A1i")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_in_a_search(page, site: Site, axe_source: Path,
                                                     scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    visit(page, site, f"{SEARCH}?q=doi+ngoai&year=2020")
    wait_for_status(page, "với các bộ lọc đã chọn")
    violations = axe_violations(page, axe_source)
    assert violations == [], describe_violations(violations)


# ---------------------------------------------------------------- the rules of matching

# Added to tests/sites/search/ for the rules of assets/search.js: "Lào" and "lao động" (which
# Pagefind finds for each other), "đối ngoại" beside "Đổi mới", a phrase and its words apart.
PRECISE_ARTICLES = {
    "2023/viet-nam-lao.md": """---
title: Giao lưu hữu nghị Việt Nam – Lào
date: 2023-03-01
slug: giao-luu-huu-nghi-viet-nam-lao
---

Đoàn đại biểu Lào thăm thành phố, trao đổi về Đổi mới và đối ngoại nhân dân.
""",
    "2023/lao-dong.md": """---
title: Người lao động tiêu biểu được khen thưởng
date: 2023-04-01
slug: nguoi-lao-dong-tieu-bieu-duoc-khen-thuong
---

Lao động giỏi, lao động sáng tạo: năm mươi người lao động tiêu biểu được khen thưởng trong \
phong trào thi đua lao động sản xuất.
""",
    "2023/vieng-chan.md": """---
title: Đoàn thanh niên thành phố thăm Viêng Chăn
date: 2023-07-01
slug: doan-thanh-nien-thanh-pho-tham-vieng-chan
---

Trong chuyến thăm thủ đô của nước bạn Lào, đoàn thanh niên thành phố đã gặp gỡ sinh viên, \
thăm trường học, bệnh viện và nhà máy, trao quà cho các gia đình chính sách, dự lễ kỷ niệm \
ngày thành lập hội hữu nghị và giao lưu văn nghệ với thanh niên sở tại.
""",
    "2023/hop-tac-kinh-te.md": """---
title: Hội thảo về hợp tác kinh tế vùng biên giới
date: 2023-05-01
slug: hoi-thao-ve-hop-tac-kinh-te-vung-bien-gioi
---

Các đại biểu bàn về hợp tác kinh tế, thương mại và du lịch.
""",
    "2023/kinh-te-va-hop-tac.md": """---
title: Phát triển kinh tế địa phương
date: 2023-06-01
slug: phat-trien-kinh-te-dia-phuong
---

Tỉnh mở rộng hợp tác với các đối tác nước ngoài để phát triển kinh tế.
""",
}
VIET_NAM_LAO = "Giao lưu hữu nghị Việt Nam – Lào"
LAO_DONG = "Người lao động tiêu biểu được khen thưởng"
VIENG_CHAN = "Đoàn thanh niên thành phố thăm Viêng Chăn"
PHRASE = "Hội thảo về hợp tác kinh tế vùng biên giới"
APART = "Phát triển kinh tế địa phương"


@pytest.fixture(scope="module")
def precise_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """tests/sites/search/ and PRECISE_ARTICLES, built and served under the sub-path."""
    folder = tmp_path_factory.mktemp("precise-site")
    source, out = folder / "site", folder / "public"
    shutil.copytree(SITES / "search", source)
    for name, text in PRECISE_ARTICLES.items():
        (source / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (source / "content" / name).write_text(text, "utf-8")
    with built_and_served(source, out) as built:
        yield built


def marks_of(page, title: str) -> list[str]:
    """The marked words of the result called ``title`` (its title and excerpt)."""
    result = page.locator(".search-result", has=page.locator("h3", has_text=title))
    return result.locator("mark").all_inner_texts()


def test_a_word_found_nowhere_leaves_no_result(page, precise_site: Site) -> None:
    visit(page, precise_site, SEARCH)
    search_for(page, "xyzzy")
    assert result_titles(page) == []
    assert status(page).startswith("Không tìm thấy bài viết nào cho “xyzzy”")
    search_for(page, "hữu nghị xyzzy")  # Pagefind alone finds the "hữu nghị" articles
    assert result_titles(page) == []
    search_for(page, "hữu nghị")
    assert VIET_NAM_LAO in result_titles(page)
    search_for(page, "hữu ngh")  # whole words only: "ngh" is no word of any article
    assert result_titles(page) == []


def test_an_exact_match_comes_before_a_folded_one(page, precise_site: Site) -> None:
    with_lao = {VIET_NAM_LAO, VIENG_CHAN, "Khánh Hòa giao lưu văn hóa với bạn bè Lào"}
    visit(page, precise_site, f"{SEARCH}?q=L%C3%A0o")
    wait_for_status(page, "“Lào”")
    titles = result_titles(page)
    # the articles with "Lào", then the one where only "lao" matches (by its folded form), which
    # Pagefind puts before VIENG_CHAN (its one "Lào" is in the text, not the title)
    assert set(titles[:3]) == with_lao
    assert titles[3:] == [LAO_DONG]
    assert marks_of(page, VIET_NAM_LAO) == ["Lào", "Lào"]  # title and excerpt
    assert {m.lower() for m in marks_of(page, LAO_DONG)} == {"lao"}
    # typed without accents, "lao" is an exact match of "lao động" and a folded one of "Lào"
    search_for(page, "lao")
    assert result_titles(page)[0] == LAO_DONG
    assert set(result_titles(page)[1:]) == with_lao


def test_a_query_without_accents_finds_the_words_with_them(page, precise_site: Site) -> None:
    visit(page, precise_site, SEARCH)
    search_for(page, "hop tac kinh te")
    assert set(result_titles(page)) == {PHRASE, APART}
    assert result_titles(page)[0] == PHRASE  # where the words follow each other
    assert marks_of(page, PHRASE) == ["hợp tác kinh tế", "hợp tác kinh tế"]
    search_for(page, "dai bieu")
    assert VIET_NAM_LAO in result_titles(page) and PHRASE in result_titles(page)


def test_a_quoted_phrase_is_searched_as_a_phrase(page, precise_site: Site) -> None:
    visit(page, precise_site, SEARCH)
    search_for(page, "\u201chop tac kinh te\u201d")  # typographic quotes as well as "..."
    assert result_titles(page) == [PHRASE]
    search_for(page, '"kinh tế hợp tác"')
    assert result_titles(page) == []
    search_for(page, '"phát triển kinh tế" đối tác')
    assert result_titles(page) == [APART]
    assert marks_of(page, APART) == ["Phát triển kinh tế", "đối tác", "phát triển kinh tế"]


def test_marks_follow_the_rule(page, precise_site: Site) -> None:
    visit(page, precise_site, SEARCH)
    search_for(page, "doi ngoai")
    assert VIET_NAM_LAO in result_titles(page)
    assert LAO_DONG not in result_titles(page)  # "Đổi" is not "đối ngoại"
    excerpt = page.locator(".search-result", has=page.locator("h3", has_text=VIET_NAM_LAO))
    assert "trao đổi về Đổi mới và đối ngoại nhân dân." in excerpt.inner_text()
    assert marks_of(page, VIET_NAM_LAO) == ["đối ngoại"]  # not "Đổi", nor "đổi" in "trao đổi"


def test_results_come_while_typing(page, precise_site: Site) -> None:
    visit(page, precise_site, SEARCH)
    wait_for_status(page, "Gõ từ khóa")
    search_box(page).press_sequentially("doi ngoai", delay=40)  # no Enter
    wait_for_status(page, "“doi ngoai”")
    assert VIET_NAM_LAO in result_titles(page)
    assert page.url == precise_site.url_for(f"{SEARCH}?q=doi+ngoai")
    search_box(page).press_sequentially(" xyzzy", delay=40)
    wait_for_status(page, "Không tìm thấy bài viết nào cho “doi ngoai xyzzy”")
    assert result_titles(page) == []
    # one entry in the history for what was typed, however many keys it took
    page.go_back()
    wait_for_status(page, "Gõ từ khóa")
    assert search_box(page).input_value() == ""


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nothing_moves_while_the_results_come(browser, precise_site: Site,
                                              viewport: dict[str, int]) -> None:
    """The cumulative layout shift of the page (every shift, with or without input before it)
    while it loads with a query and while a query is typed."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    try:
        tab = context.new_page()
        visit(tab, precise_site, f"{SEARCH}?q=doi+ngoai")
        wait_for_status(tab, "“doi ngoai”")
        tab.wait_for_load_state("networkidle")
        loading = tab.evaluate(LAYOUT_SHIFT)
        assert loading < 0.05, loading
        box = search_box(tab)
        box.fill("")
        box.press_sequentially("hop tac kinh te", delay=60)
        wait_for_status(tab, "“hop tac kinh te”")
        box.press_sequentially(" xyzzy", delay=60)
        wait_for_status(tab, "Không tìm thấy")
        box.fill("")
        box.press_sequentially("Lào", delay=60)
        wait_for_status(tab, "“Lào”")
        tab.wait_for_timeout(300)
        typing = tab.evaluate(LAYOUT_SHIFT)
        assert typing < 0.05, typing
    finally:
        context.close()


def test_axe_finds_no_serious_violations_while_searching(page, precise_site: Site,
                                                         axe_source: Path) -> None:
    visit(page, precise_site, f"{SEARCH}?q=%22hop+tac%22+kinh+te")
    wait_for_status(page, "Tìm thấy")
    assert page.locator(".search-result mark").count() > 0
    violations = axe_violations(page, axe_source)
    assert violations == [], describe_violations(violations)


# ---------------------------------------------------------------- shards against one index

QUERIES: list[tuple[str | None, dict[str, list[str]]]] = [
    ("đối ngoại", {}), ("doi ngoai", {}), ("Đối Ngoại Nhân Dân", {}), ("hữu nghị", {}),
    ("huu nghi", {}), ("hòa bình", {}), ("Khánh Hòa", {}), ("khanh hoa", {}), ("Đà Nẵng", {}),
    ("da nang", {}), ("Nguyễn Phương Nga", {}), ("nguyen phuong nga", {}), ("38-CT/TW", {}),
    ("Chỉ thị 12", {}), ("hội thảo Cần Thơ", {}), ("VUFO đại hội", {}), ("70 năm", {}),
    ("viện trợ phi chính phủ", {}), ("xyzzy", {}), ("xyzzy hữu nghị", {}), ("đ", {}),
    ("hữu nghị", {"year": ["2020"]}), ("doi ngoai", {"venue": ["Hà Nội"]}),
    ("đối ngoại", {"tag": ["VUFO", "đại hội"]}), (None, {"tag": ["đối ngoại nhân dân"]}),
    (None, {"year": ["2019", "2022"]}), ("hội", {"speaker": ["Nguyễn Phương Nga"]}),
]


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example archive with its search index in shards of one page (nine shards, merged)
    and, beside it, the bundle of one Pagefind run over the same pages (``pagefind-one/``)."""
    from conftest import copy_example

    from diplomacy_archive.build.pipeline import BuildOptions, build
    from diplomacy_archive.output.search_index import SearchPage, index_pages
    folder = tmp_path_factory.mktemp("two-indexes")
    source, out = copy_example(folder / "example"), folder / "public"
    build(BuildOptions(site=source, out=out, search_shard_pages=1))
    pages = [SearchPage(p.relative_to(out).as_posix(), p, "", "")
             for p in sorted((out / "bai-viet").glob("*/index.html"))]
    bundle, indexed = index_pages(pages, folder / "one", "vi")
    assert indexed == 9
    shutil.copytree(bundle, out / "pagefind-one")
    with served(out) as url:
        yield Site(out, url)


SEARCH_ALL = """async ([bundle, base, queries]) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl: base });
  const all = await pagefind.filters();
  const found = [];
  for (const [query, filters] of queries) {
    const search = await pagefind.search(query, { filters });
    const data = await Promise.all(search.results.map((result) => result.data()));
    found.push({
      pages: data.map((page, i) => [page.url, search.results[i].score]),
      filters: search.filters, total: search.unfilteredResultCount,
    });
  }
  return { all, found };
}"""


def test_the_merged_shards_find_what_one_index_finds(page, two_indexes: Site) -> None:
    sharded = two_indexes
    visit(page, sharded, SEARCH)
    results = {}
    for name in ("pagefind/", "pagefind-one/"):
        page.reload()
        results[name] = page.evaluate(SEARCH_ALL, [SUB_PATH + name, SUB_PATH, QUERIES])
    merged, one = results["pagefind/"], results["pagefind-one/"]
    assert merged["all"] == one["all"] and sum(merged["all"]["year"].values()) == 9
    # Pagefind numbers pages in the order the disk lists them, and scores the written forms of
    # a word (chỉ, chí) in the order they first occur page after page: where that order
    # differs, so may the scores (pagefind_merge.merge says more). Nowhere else.
    ours_forms = decoded(sharded.out / "pagefind")["forms"]
    theirs_forms = decoded(sharded.out / "pagefind-one")["forms"]
    reordered = {word for word, forms in ours_forms.items() if forms != theirs_forms[word]}
    assert ours_forms.keys() == theirs_forms.keys() and reordered
    same_scores = 0
    for (query, filters), ours, theirs in zip(QUERIES, merged["found"], one["found"],
                                              strict=True):
        # the same pages, the same facet counts
        assert sorted(url for url, _ in ours["pages"]) == \
            sorted(url for url, _ in theirs["pages"]), (query, filters)
        assert ours["filters"] == theirs["filters"] and ours["total"] == theirs["total"], query
        terms = {strip_accents(t) for t in re.findall(r"\w+", (query or "").lower())}
        affected = any(word.startswith(term) for word in reordered for term in terms)
        scores = dict(ours["pages"])
        if scores == pytest.approx(dict(theirs["pages"]), rel=1e-6):  # 32-bit float sums
            same_scores += 1
            # in the same order (but pages of equal score)
            assert [scores[url] for url, _ in theirs["pages"]] == pytest.approx(
                [s for _, s in ours["pages"]], rel=1e-6), query
        else:
            assert affected, (query, filters)
    assert same_scores >= len(QUERIES) * 2 // 3
    found = {query: len(r["pages"]) for (query, filters), r in zip(QUERIES, merged["found"],
                                                                     strict=True) if not filters}
    # (Pagefind alone finds the "hữu nghị" pages for "xyzzy hữu nghị"; search.js does not)
    assert found["doi ngoai"] == found["đối ngoại"] > 3


def strip_accents(word: str) -> str:
    """A word as Pagefind indexes it: accents dropped, but đ kept."""
    return "".join(c for c in unicodedata.normalize("NFD", word)
                   if not unicodedata.combining(c))
