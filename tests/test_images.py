"""The image pipeline: smaller WebP (and AVIF) copies of the pictures articles show, never
wider than the picture, with srcset, sizes, width and height under a sub-path base_url; made
once and kept in <site>/.cache/images/; a missing or unreadable picture an error at the line of
the file that names it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import clean_build, output_bytes
from PIL import Image, features

from diplomacy_archive.build.pipeline import BuildOptions, BuildResult, build
from diplomacy_archive.problems import BuildFailed, Problem
from diplomacy_archive.site.images import Pictures, variant_widths
from diplomacy_archive.source.images import ImageInfo

ARTICLE = "bai-viet/hoi-nghi/index.html"
CONFIG = ("title: Lưu trữ\nbase_url: https://example.org/luu-tru/\n"
          "timezone: Asia/Ho_Chi_Minh\n")
FRONT_MATTER = """---
title: Hội nghị hữu nghị
date: 2021-06-18
slug: hoi-nghi
images:
  - {src: /images/2021/toan-canh.png, caption: Toàn cảnh hội nghị, credit: Minh Quân}
  - src: /images/2021/nho.png
---

Đoạn mở đầu.

![Đại biểu phát biểu](/images/2021/dai%20bieu.jpg)

Đoạn cuối.
"""
# the lines of the file that name each picture
LINES = {"/images/2021/toan-canh.png": 6, "/images/2021/nho.png": 7,
         "/images/2021/dai%20bieu.jpg": 12}


def picture(path: Path, width: int, height: int, kind: str = "PNG") -> None:
    """A simple drawing (bands of colour), no photograph."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (width, height), (16, 52, 92))
    for x in range(0, width, 40):
        image.paste((214, 40, 40), (x, 0, min(width, x + 20), height))
    image.save(path, kind)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content" / "2021").mkdir(parents=True)
    (site / "config.yaml").write_text(CONFIG, encoding="utf-8")
    (site / "content" / "2021" / "hoi-nghi.md").write_text(FRONT_MATTER, encoding="utf-8")
    images = site / "static" / "images" / "2021"
    picture(images / "toan-canh.png", 1600, 1000)
    picture(images / "nho.png", 300, 200)
    picture(images / "dai bieu.jpg", 1000, 750, "JPEG")
    return site


def run(site: Path, **options: object) -> BuildResult:
    return build(BuildOptions(site=site, search=False, **options))  # type: ignore[arg-type]


def page(site: Path, path: str = ARTICLE) -> str:
    return (site / "public" / path).read_text(encoding="utf-8")


def formats() -> list[str]:
    return [kind for kind in ("avif", "webp") if features.check(kind)]


def copies(site: Path) -> dict[str, Path]:
    return {p.relative_to(site / "public").as_posix(): p
            for p in (site / "public" / "images").rglob("*")
            if p.suffix in (".webp", ".avif")}


def test_copies_of_each_width_are_made_never_wider_than_the_picture(site: Path) -> None:
    result = run(site)
    made = copies(site)
    widths: dict[str, list[int]] = {}
    for path, file in made.items():
        name = re.fullmatch(r"images/2021/([a-z-]+)-[0-9a-f]{8}-(\d+)w\.(webp|avif)", path)
        assert name, path
        stem, width, kind = name.group(1), int(name.group(2)), name.group(3)
        if kind == "webp":
            widths.setdefault(stem, []).append(width)
        with Image.open(file) as image:  # a real picture of the width its name says
            assert image.format == kind.upper()
            image.load()
            assert image.width == width
    assert {stem: sorted(w) for stem, w in widths.items()} == {
        "toan-canh": [480, 800, 1200],  # 1600 wide: the widths of the settings
        "dai-bieu": [480, 800, 1000],  # 1000 wide: not upscaled to 1200, its own width
        "nho": [300],  # smaller than all: one copy, of its own width
    }
    middle = next(f for p, f in made.items() if "toan-canh" in p and p.endswith("-800w.webp"))
    with Image.open(middle) as image:
        assert image.size == (800, 500)  # the shape kept
    assert len(made) == 7 * len(formats())
    assert result.images_encoded == len(made)
    # the originals are published as they were
    for name in ("toan-canh.png", "nho.png", "dai bieu.jpg"):
        assert ((site / "public" / "images" / "2021" / name).read_bytes()
                == (site / "static" / "images" / "2021" / name).read_bytes())


def test_pages_show_responsive_pictures_under_the_sub_path(site: Path) -> None:
    run(site)
    html = page(site)
    figures = re.findall(r'<figure class="article-image">(.*?)</figure>', html, re.DOTALL)
    assert len(figures) == 2
    first = figures[0]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', first)
    assert webp, first
    entries = [entry.split(" ") for entry in webp.group(1).split(", ")]
    assert [w for _, w in entries] == ["480w", "800w", "1200w"]
    for url, width in entries:
        assert re.fullmatch(r"/luu-tru/images/2021/toan-canh-[0-9a-f]{8}-\d+w\.webp", url)
        assert (site / "public" / url.removeprefix("/luu-tru/")).is_file()
        with Image.open(site / "public" / url.removeprefix("/luu-tru/")) as image:
            assert f"{image.width}w" == width
    if "avif" in formats():  # the better format first: a browser takes the first it can show
        assert first.index('type="image/avif"') < first.index('type="image/webp"')
    img = re.search(r"<img [^>]*>", first)
    assert img
    assert 'src="/luu-tru/images/2021/toan-canh.png"' in img.group()
    assert 'width="1600" height="1000"' in img.group()
    assert 'loading="eager"' in img.group() and 'fetchpriority="high"' in img.group()
    assert "<figcaption>Toàn cảnh hội nghị" in first and "(Ảnh: Minh Quân)" in first
    second = re.search(r"<img [^>]*>", figures[1])
    assert second
    assert 'width="300" height="200"' in second.group()
    assert 'loading="lazy"' in second.group() and 'decoding="async"' in second.group()
    # the body's picture, made responsive too, its alt text kept
    body = html[html.index('<div class="article-body">'):]
    body_img = re.search(r"<picture>(.*?)</picture>", body, re.DOTALL)
    assert body_img, body[:600]
    assert re.search(r'srcset="/luu-tru/images/2021/dai-bieu-[0-9a-f]{8}-480w\.webp 480w, '
                     r'/luu-tru/images/2021/dai-bieu-[0-9a-f]{8}-800w\.webp 800w, '
                     r'/luu-tru/images/2021/dai-bieu-[0-9a-f]{8}-1000w\.webp 1000w"',
                     body_img.group(1))
    tag = re.search(r"<img [^>]*>", body_img.group(1))
    assert tag
    for attribute in ('src="/luu-tru/images/2021/dai%20bieu.jpg"', 'width="1000"',
                      'height="750"', 'alt="Đại biểu phát biểu"', 'loading="lazy"',
                      'decoding="async"'):
        assert attribute in tag.group(), (attribute, tag.group())


def test_the_lead_image_is_in_the_view_model(site: Path) -> None:
    from diplomacy_archive.site.images import lead_image
    from diplomacy_archive.site.urls import Urls
    from diplomacy_archive.source.config import load_config
    from diplomacy_archive.source.images import ImageUse

    config, _ = load_config(site)
    assert config is not None
    info = ImageInfo("0123456789abcdef", 1600, 1000)
    pictures = Pictures({"static/images/a.png": info}, (480, 800, 1200), ("webp",),
                        {"2021/a.md": ImageUse("/images/a.png", 6, "images[0]", "Toàn cảnh")})
    lead = lead_image("2021/a.md", pictures, Urls.from_config(config), "Tiêu đề")
    assert lead is not None
    assert (lead["url"], lead["width"], lead["height"], lead["alt"]) == (
        "/luu-tru/images/a.png", 1600, 1000, "Toàn cảnh")
    assert lead["srcset"].split(", ")[0] == "/luu-tru/images/a-01234567-480w.webp 480w"
    assert lead_image("2021/b.md", pictures, Urls.from_config(config), "Tiêu đề") is None
    # and a real build gives it to the article's summary, which lists and the page share
    run(site)
    html = page(site)
    assert '<meta property="og:image" content="https://example.org/luu-tru/images/2021/' \
           'toan-canh.png">' in html


def test_widths_are_never_above_the_picture() -> None:
    assert variant_widths(ImageInfo("d", 5000, 10), (480, 800, 1200)) == [480, 800, 1200]
    assert variant_widths(ImageInfo("d", 800, 10), (480, 800, 1200)) == [480, 800]
    assert variant_widths(ImageInfo("d", 10, 10), (480, 800, 1200)) == [10]
    assert variant_widths(ImageInfo("d", 900, 10, resizable=False), (480,)) == []
    assert variant_widths(ImageInfo("d", 900, 10), ()) == []


def test_a_second_build_encodes_nothing(site: Path) -> None:
    first = run(site)
    assert first.images_encoded == 7 * len(formats())
    cached = sorted(p.name for p in (site / ".cache" / "images").iterdir())
    article = site / "content" / "2021" / "hoi-nghi.md"
    article.write_text(FRONT_MATTER + "\nMột đoạn thêm.\n", encoding="utf-8")
    second = run(site)
    assert second.images_encoded == 0 and second.rendered > 0
    assert sorted(p.name for p in (site / ".cache" / "images").iterdir()) == cached
    # without the memo (another output folder: another cache), the copies are still reused
    third = run(site, out=site.parent / "khac")
    assert third.images_encoded == 0
    # a picture changed: its copies only are made again, under new addresses, in its pages
    before = page(site)
    picture(site / "static" / "images" / "2021" / "nho.png", 280, 200)
    fourth = run(site)
    assert fourth.images_encoded == len(formats())
    after = page(site)
    assert 'width="280" height="200"' in after and 'width="300"' not in after
    assert before != after
    assert len(copies(site)) == 7 * len(formats())  # the old copies gone from the output
    # the same site, byte for byte, as a build from nothing
    assert output_bytes(site / "public") == clean_build(site, site.parent / "neu", search=False)
    # --no-cache makes every copy again
    assert run(site, use_cache=False).images_encoded == 7 * len(formats())


def failure(site: Path) -> list[Problem]:
    with pytest.raises(BuildFailed) as failed:
        run(site)
    return failed.value.problems.errors


def test_missing_pictures_are_errors_at_their_lines(site: Path) -> None:
    images = site / "static" / "images" / "2021"
    (images / "nho.png").unlink()
    (images / "dai bieu.jpg").unlink()
    errors = failure(site)
    assert {(p.path, p.line, p.field, p.text) for p in errors} == {
        ("content/2021/hoi-nghi.md", LINES["/images/2021/nho.png"], "images[1]",
         "the image '/images/2021/nho.png' is not in the site's static/ folder"),
        ("content/2021/hoi-nghi.md", LINES["/images/2021/dai%20bieu.jpg"], "body",
         "the image '/images/2021/dai%20bieu.jpg' is not in the site's static/ folder"),
    }
    assert all(p.hint_text.startswith("save it as static/images/2021/") for p in errors)
    assert not (site / "public").exists()


def test_unreadable_pictures_are_errors_at_their_lines(site: Path) -> None:
    images = site / "static" / "images" / "2021"
    (images / "toan-canh.png").write_bytes(b"<html>not a picture</html>")
    whole = (images / "dai bieu.jpg").read_bytes()
    (images / "dai bieu.jpg").write_bytes(whole[:len(whole) // 3])  # cut short: damaged
    errors = failure(site)
    by_line = {p.line: p for p in errors}
    assert sorted(by_line) == [6, 12], [p.text for p in errors]
    assert by_line[6].text.startswith(
        "the image '/images/2021/toan-canh.png' (static/images/2021/toan-canh.png) is not a "
        "picture that can be read")
    assert by_line[6].field == "images[0]"
    assert by_line[12].text.startswith(
        "the image '/images/2021/dai%20bieu.jpg' (static/images/2021/dai bieu.jpg) is not a "
        "picture that can be read")
    assert by_line[12].field == "body"
    assert all(p.path == "content/2021/hoi-nghi.md" for p in errors)
    assert str(site) not in " ".join(p.text for p in errors)  # no path outside the site


def test_check_measures_and_writes_nothing(site: Path) -> None:
    result = build(BuildOptions(site=site, search=False), write=False)
    assert result.images_encoded == 0
    assert not (site / ".cache").exists() and not (site / "public").exists()
    (site / "static" / "images" / "2021" / "nho.png").write_bytes(b"x")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site=site, search=False), write=False)
    assert [p.line for p in failed.value.problems.errors] == [7]


def test_a_rejected_article_has_its_pictures_checked(site: Path) -> None:
    article = site / "content" / "2021" / "hoi-nghi.md"
    article.write_text(FRONT_MATTER.replace("date: 2021-06-18", "date: 2021-02-31"),
                       encoding="utf-8")
    (site / "static" / "images" / "2021" / "nho.png").unlink()
    errors = failure(site)
    assert any(p.line == 7 and "nho.png" in p.text for p in errors), [p.text for p in errors]


def test_a_picture_of_the_theme_is_found_in_assets(site: Path) -> None:
    picture(site / "assets" / "logo.png", 900, 300)
    article = site / "content" / "2021" / "hoi-nghi.md"
    article.write_text(FRONT_MATTER + "\n![Biểu trưng](/assets/logo.png)\n", encoding="utf-8")
    run(site)
    html = page(site)
    assert re.search(r'/luu-tru/assets/logo-[0-9a-f]{8}-800w\.webp 800w, '
                     r'/luu-tru/assets/logo-[0-9a-f]{8}-900w\.webp 900w"', html)
    assert 'width="900" height="300" alt="Biểu trưng"' in html


def test_a_picture_too_large_to_read_safely_is_an_error(site: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300_000)  # refused above twice that
    errors = failure(site)
    assert [(p.line, p.field) for p in sorted(errors, key=lambda p: p.line or 0)] == [
        (6, "images[0]"), (12, "body")]  # 1,600,000 and 750,000 pixels; the small one is read
    assert errors[0].text.startswith("the image '/images/2021/") and \
        "has too many pixels to be read safely" in errors[0].text
    assert errors[0].hint_text.startswith("save a smaller copy of it")


def test_pages_follow_the_formats_pillow_can_write(site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run(site)
    monkeypatch.setattr("diplomacy_archive.build.pictures.image_formats", lambda: ("webp",))
    (site / "static" / "khac.txt").write_text("x", encoding="utf-8")  # something changed
    run(site)
    html = page(site)
    assert "image/avif" not in html and 'type="image/webp"' in html
    assert not [p for p in copies(site) if p.endswith(".avif")]
    assert len(copies(site)) == 7
