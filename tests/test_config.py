from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_archive.source.config import DEFAULT_URLS, load_config


def config_problems(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    config, problems = load_config(tmp_path)
    return config, [p.format_text().replace(str(tmp_path) + "/", "") for p in problems]


def test_four_keys_are_enough(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    config, problems = config_problems(
        tmp_path, "title: Lưu trữ\nbase_url: https://example.org/luu-tru\nlanguage: vi\n"
                  "timezone: Asia/Ho_Chi_Minh\n")
    assert problems == []
    assert config.base_url == "https://example.org/luu-tru/"
    assert config.base_path == "/luu-tru/"
    assert config.per_page == 10 and config.trust_raw_html is False
    assert config.urls == DEFAULT_URLS


def test_config_is_frozen(tmp_path: Path) -> None:
    config, _ = config_problems(tmp_path, "title: A\nbase_url: https://example.org/\n")
    with pytest.raises(AttributeError):
        config.title = "B"  # type: ignore[misc]


@pytest.mark.parametrize("text, expected", [
    ("base_url: https://example.org/\n",
     ["config.yaml:1:1: error: title: this required setting is missing (add a line 'title: ...')"]),
    ("title: A\nbase_url: example.org\n",
     ["config.yaml:2:11: error: base_url: 'example.org' is not a full web address (write the "
      "address where the site is published, such as 'https://example.org/luu-tru/')"]),
    ("title: A\nbase_url: https://example.org/\ntimezone: Asia/Hanoi_City\n",
     ["config.yaml:3:11: error: timezone: 'Asia/Hanoi_City' is not a known time zone "
      "(use a name such as 'Asia/Ho_Chi_Minh')"]),
    ("title: A\nbase_url: https://example.org/\nper_page: 0\n",
     ["config.yaml:3:11: error: per_page: '0' is not a whole number from 1 to 1000 "
      "(for example 'per_page: 10')"]),
    ("title: A\nbase_url: https://example.org/\ntrust_raw_html: có\n",
     ["config.yaml:3:17: error: trust_raw_html: 'có' is not true or false "
      "(write 'trust_raw_html: true' or 'trust_raw_html: false')"]),
    ("title: A\nbase_url: https://example.org/\nurls:\n  article: ../{slug}/\n",
     ["config.yaml:4:12: error: urls.article: '../{slug}/' would write pages outside the output "
      "folder (the default is 'bai-viet/{slug}/')"]),
    ("title: A\nbase_url: https://example.org/\nurls:\n  article: /{slug}/\n",
     ["config.yaml:4:12: error: urls.article: '/{slug}/' must be relative to the site: no leading "
      "'/' or '\\' (the default is 'bai-viet/{slug}/')"]),
    ("title: A\nbase_url: https://example.org/\nurls:\n  tag: chu-de/\n",
     ["config.yaml:4:8: error: urls.tag: 'chu-de/' must contain {slug} (the default is "
      "'chu-de/{slug}/')"]),
    ("title: A\nbase_url: https://example.org/\ntitle: B\n",
     ["config.yaml:3:1: error: title: appears twice (first on line 1) "
      "(keep one of the two lines)"]),
    ("- title\n", ["config.yaml:1:1: error: config.yaml must be a list of 'key: value' lines "
                   "(start with 'title: ...' and 'base_url: ...')"]),
])
def test_config_errors(tmp_path: Path, monkeypatch, text: str, expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    config, problems = config_problems(tmp_path, text)
    assert config is None
    assert problems == expected


def test_unknown_config_keys_are_warnings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    config, problems = config_problems(
        tmp_path, "title: A\nbase_url: https://example.org/\nbaseurl: x\nurls:\n  archive: x/\n")
    assert config is not None
    assert problems == [
        "config.yaml:3:1: warning: unknown key 'baseurl' (did you mean 'base_url'?)",
        "config.yaml:5:3: warning: urls: unknown page kind 'archive' (known page kinds: article, "
        "page, tags, tag, timeline, year, month, speakers, speaker, venues, venue, directives, "
        "directive, search)",
    ]


def test_custom_url_patterns_are_used(tmp_path: Path) -> None:
    config, problems = config_problems(
        tmp_path, "title: A\nbase_url: https://example.org/\nurls:\n  article: tin/{slug}/\n")
    assert problems == []
    assert config.urls["article"] == "tin/{slug}/" and config.urls["tag"] == "chu-de/{slug}/"
