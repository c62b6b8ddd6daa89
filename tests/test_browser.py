"""The built archive in a real browser: links, phones, keyboard, dark mode, print, axe-core.

Fixtures and helpers are in tests/browser.py. Screenshots of the main pages are written to
test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import (
    DESKTOP,
    PHONE,
    STRESS_SLUG,
    Site,
    axe_violations,
    contrast,
    describe_violations,
    horizontal_overflow,
    screenshot,
    visit,
)

pytest_plugins = ["browser"]  # its fixtures: site, browser, browser_context, tab, page, axe_source

ARTICLE = "bai-viet/vufo-toa-dam-ve-co-hoi-thach-thuc-va-yeu-cau-cua-doi-ngoai-nhan-dan-trong-tinh/"
ARTICLE_TITLE = ("VUFO tọa đàm về cơ hội, thách thức và yêu cầu của đối ngoại nhân dân "
                 "trong tình hình mới")
MAIN_PAGES = {
    "home": "",
    "article": ARTICLE,
    "tag": "chu-de/toa-dam/",
    "speaker": "nhan-vat/nguyen-phuong-nga/",
    "directive": "van-ban/04-ct-tw/",
    "timeline": "dong-thoi-gian/",
    "search": "tim-kiem/",
}
OTHER_PAGES = {
    "year": "dong-thoi-gian/2021/",
    "month": "dong-thoi-gian/2021/06/",
    "tags": "chu-de/",
    "speakers": "nhan-vat/",
    "venues": "dia-diem/",
    "venue": "dia-diem/ha-noi/",
    "directives": "van-ban/",
    "long-article": f"bai-viet/{STRESS_SLUG}/",
}
SCHEMES = ["light", "dark"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def h1(page) -> str:
    return page.locator("h1").inner_text().strip()


def test_clicks_from_the_home_page_to_an_article_and_everything_it_links_to(
        page, site: Site) -> None:
    visit(page, site)
    page.get_by_role("link", name=ARTICLE_TITLE, exact=True).click()
    page.wait_for_url(site.url_for(ARTICLE))
    assert h1(page) == ARTICLE_TITLE
    destinations = [  # (link on the article, what the arrival page's h1 says)
        (page.locator(".facts .speakers a").first, "{}"),
        (page.locator(".facts .directives a").first, "{}"),
        (page.locator(".article-footer .tag-list a").first, "Chủ đề: {}"),
        (page.locator(".article-footer .timeline-link a"), "{}"),
    ]
    for link, heading in destinations:
        name, href = link.inner_text().strip(), link.get_attribute("href")
        assert href and href.startswith("/luu-tru/"), href
        link.click()
        page.wait_for_url(f"**{href}")
        assert h1(page) == heading.format(name), page.url
        page.go_back()
        page.wait_for_url(site.url_for(ARTICLE))
        assert h1(page) == ARTICLE_TITLE
    page.go_back()
    page.wait_for_url(site.url_for())
    assert h1(page) == "Tin mới nhất"


def test_missing_pages_get_the_404_page_under_the_sub_path(page, site: Site) -> None:
    response = page.goto(site.url_for("khong-co-trang-nay/"))
    assert response is not None and response.status == 404
    stylesheet = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert stylesheet != "rgba(0, 0, 0, 0)", "404.html must load the stylesheet from /luu-tru/"


def test_every_request_stays_on_the_archive(page, site: Site) -> None:
    requested: list[tuple[str, int]] = []

    def answered(response) -> None:
        requested.append((response.url, response.status))

    def failed(request) -> None:
        if request.failure != "net::ERR_ABORTED":  # still loading when the test moved on
            requested.append((request.url, 0))

    page.on("response", answered)
    page.on("requestfailed", failed)
    try:
        for path in [*MAIN_PAGES.values(), *OTHER_PAGES.values()]:
            visit(page, site, path)
    finally:
        page.remove_listener("response", answered)
        page.remove_listener("requestfailed", failed)
    assert any(url.endswith(".css") for url, _ in requested)
    assert [(u, s) for u, s in requested if not u.startswith(site.url) or s not in (200, 304)] == []


@pytest.mark.parametrize("name", [*MAIN_PAGES, *OTHER_PAGES])
def test_phone_width_has_no_horizontal_scrolling(page, site: Site, name: str) -> None:
    page.set_viewport_size(PHONE)
    visit(page, site, {**MAIN_PAGES, **OTHER_PAGES}[name])
    assert horizontal_overflow(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_wide_tables_scroll_inside_their_own_box_on_a_phone(page, site: Site) -> None:
    page.set_viewport_size(PHONE)
    visit(page, site, OTHER_PAGES["long-article"])
    box = page.locator(".article-body .table-scroll")
    sizes = box.evaluate("el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto", sizes
    box.focus()  # a keyboard user can reach it, then scroll it with the arrow keys
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")


@pytest.mark.parametrize("name", ["timeline", "year", "directive"])
def test_charts_start_at_the_left_of_their_frame(page, site: Site, name: str) -> None:
    """A chart is read from the left: it opens on its first bar, against the frame's left edge
    (not pushed to the right, not scrolled to its end), and the first year is named."""
    page.set_viewport_size(PHONE)
    visit(page, site, {**MAIN_PAGES, **OTHER_PAGES}[name])
    frame = page.locator(".chart-frame").first
    place = frame.evaluate("""el => {
        const f = el.getBoundingClientRect(), s = el.querySelector('svg').getBoundingClientRect();
        return [el.scrollLeft, Math.round(s.left - f.left)];
    }""")
    assert place == [0, 0], place
    if name == "timeline":
        label = page.locator(".chart .group-label").first
        box, shown = label.bounding_box(), frame.bounding_box()
        assert box and shown and shown["x"] <= box["x"] < shown["x"] + shown["width"]


def test_phone_nav_links_are_visible_and_clickable(page, site: Site) -> None:
    page.set_viewport_size(PHONE)
    visit(page, site)
    links = page.locator(".site-nav a")
    count = links.count()
    assert count >= 6
    for index in range(count):
        link = links.nth(index)
        box = link.bounding_box()
        assert link.is_visible() and box is not None, index
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["height"] >= 24, f"touch target too small: {box}"
        name, href = link.inner_text().strip(), link.get_attribute("href")
        link.click()
        page.wait_for_url(f"**{href}")
        assert page.locator("h1").is_visible()
        assert page.locator(".site-nav a[aria-current='page']").inner_text() == name
        if href != "/luu-tru/":  # the home page's own link reloads it, with no way back
            page.go_back()
            page.wait_for_url(site.url_for())


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_skip_link_then_visible_focus(page, site: Site, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    visit(page, site, ARTICLE)
    skip = page.locator(".skip-link")
    assert not in_viewport(skip.bounding_box()), "the skip link shows only when focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible() and in_viewport(skip.bounding_box())
    colours = skip.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert contrast(*colours) >= 4.5, colours
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'noi-dung'")
    assert page.url.endswith("#noi-dung")
    assert not in_viewport(skip.bounding_box())
    page.keyboard.press("Tab")  # the next Tab goes on from main: its first link
    assert page.evaluate("document.activeElement.tagName") == "A"
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    outline = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor,
                getComputedStyle(document.body).backgroundColor];
    }""")
    assert outline[0] not in ("none", "hidden") and outline[1] >= 2, outline
    assert contrast(outline[2], outline[3]) >= 3, outline


def in_viewport(box: dict[str, float] | None) -> bool:
    return box is not None and box["y"] >= 0 and box["x"] >= 0 and box["width"] > 1 and (
        box["y"] + box["height"] <= DESKTOP["height"])


def test_dark_mode_changes_the_colours_and_keeps_text_readable(page, site: Site) -> None:
    seen = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        visit(page, site, ARTICLE)
        seen[scheme] = page.evaluate("""() => {
            const body = getComputedStyle(document.body);
            const link = getComputedStyle(document.querySelector('.article-body a'));
            const muted = getComputedStyle(document.querySelector('.meta'));
            return {background: body.backgroundColor, text: body.color, link: link.color,
                    muted: muted.color};
        }""")
        colours = seen[scheme]
        for part in ("text", "link", "muted"):
            assert contrast(colours[part], colours["background"]) >= 4.5, (scheme, colours)
    assert seen["light"]["background"] != seen["dark"]["background"]
    assert contrast(seen["dark"]["background"], "rgb(0, 0, 0)") < 2, "dark means dark"


def test_print_shows_the_article_cleanly(page, site: Site) -> None:
    visit(page, site, ARTICLE)
    assert page.locator(".site-nav").is_visible()
    assert not page.locator(".print-url").is_visible()
    page.emulate_media(media="print", color_scheme="dark")
    for hidden in (".site-nav", ".skip-link", ".prev-next", ".related", ".site-footer"):
        assert page.locator(hidden).count() and not page.locator(hidden).first.is_visible(), hidden
    address = page.locator(".print-url")
    assert address.is_visible() and site.url_for(ARTICLE) in address.inner_text()
    assert page.locator(".article-body").is_visible()
    colours = page.evaluate("""() => [getComputedStyle(document.body).color,
        getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.article-body a')).color]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    screenshot(page, "article-print")


def test_print_follows_external_links_with_their_address(page, site: Site) -> None:
    visit(page, site, OTHER_PAGES["long-article"])
    page.emulate_media(media="print")
    assert page.locator(".source").is_visible()
    after = page.evaluate("""() => [...document.querySelectorAll('.article-body a, .source a')]
        .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    assert after and all(href.startswith("http") for href, _ in after)
    assert all(href in content for href, content in after), after


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_axe_finds_no_serious_violations(page, site: Site, axe_source: Path, name: str,
                                         scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    visit(page, site, MAIN_PAGES[name])
    if name == "search":
        page.wait_for_load_state("networkidle")  # its script has shown the form
    # Every rule in the light scheme; in the dark one only colours change.
    violations = axe_violations(page, axe_source, COLOUR_RULES if scheme == "dark" else None)
    assert not violations, f"axe-core on {name} ({scheme}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_screenshots_of_the_main_pages(page, site: Site, name: str) -> None:
    visit(page, site, MAIN_PAGES[name])
    if name == "search":
        page.wait_for_load_state("networkidle")
    # The page is laid out and coloured again as the window and the scheme change: no reload.
    for size, viewport in (("desktop", DESKTOP), ("360", PHONE)):
        page.set_viewport_size(viewport)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            assert screenshot(page, f"{name}-{size}-{scheme}").stat().st_size > 1000


def test_the_front_page_fills_a_wide_screen_and_stacks_on_a_phone(page, site: Site) -> None:
    visit(page, site)
    columns = "getComputedStyle(document.querySelector('.front-grid')).gridTemplateColumns"
    assert len(page.evaluate(columns).split()) >= 2  # the next articles side by side
    news = page.locator(".front-news").bounding_box()
    aside = page.locator(".front-aside").bounding_box()
    assert news and aside and aside["x"] >= news["x"] + news["width"]  # the blocks beside
    assert aside["x"] + aside["width"] > DESKTOP["width"] * 0.8  # no wide empty margin
    page.set_viewport_size(PHONE)
    assert len(page.evaluate(columns).split()) == 1
    news = page.locator(".front-news").bounding_box()
    aside = page.locator(".front-aside").bounding_box()
    assert news and aside and aside["y"] >= news["y"] + news["height"]


def test_the_header_search_box_opens_the_search_page_with_the_words(page, site: Site) -> None:
    visit(page, site, ARTICLE)
    box = page.get_by_role("search").get_by_label("Từ khóa tìm kiếm")
    box.fill("hữu nghị")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    assert page.url == site.url_for("tim-kiem/?q=h%E1%BB%AFu+ngh%E1%BB%8B")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_current_section_is_marked_visibly(page, site: Site, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    visit(page, site, MAIN_PAGES["speaker"])
    marked = page.locator(".site-nav a[aria-current='true']")
    assert marked.inner_text() == "Nhân vật"
    other = page.locator(".site-nav a:not([aria-current])").first
    style = "e => getComputedStyle(e).borderBottomColor"
    assert marked.evaluate(style) != other.evaluate(style)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert contrast(marked.evaluate(style), background) >= 3  # WCAG 1.4.11
