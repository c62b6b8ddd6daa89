"""The venue of an imported article: 'tại ...' in its lead or title, or its dateline, named as the
site's registries name it."""

from __future__ import annotations

import re

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import note
from diplomacy_archive.importing.texts import LETTERS, Texts, phrases, text_before, words_at
from diplomacy_archive.source.registries import Registries, name_variants
from diplomacy_archive.text.vietnamese import clean_text, name_key

# ---------------------------------------------------------------- venue

# "tại <Place>", up to a comma or a word that starts the rest of the sentence.
_AT = re.compile(r"(?<!\w)(?i:tại)\s+(?P<place>[^,.;:()!?\n]+)")
_PLACE_END = re.compile(r"\s+(?:nhằm|để|với|dưới|do|và|trong|theo|nhân|về|có|đã|sẽ|cùng|nơi|"
                        r"vào|từ|khi|giữa|là|được|diễn|cho)(?!\w)")
# "Đại sứ Việt Nam tại Lào", "Đại sứ quán ... tại": a post abroad, not where the event was.
_POST_ABROAD = words_at(phrases((
    "đại sứ", "tổng lãnh sự", "lãnh sự", "đại sứ quán", "lãnh sự quán", "đại diện", "tùy viên",
    "phóng viên", "thường trú")))
# "sinh viên đang học tập tại Trường ...": where people live or work, not where the event was.
_RESIDENCE = re.compile(r"(?<!\w)(?i:học\s+tập|sinh\s+sống|làm\s+việc|công\s+tác|cư\s+trú|"
                        r"học|sống|định\s+cư)\s*$")
# Lower-case words that start a place ("tại trụ sở ..."), and words that start no place.
# The first words of a building or an institution's premises (inside a province or city),
# and of a province, city or district: lower-case words that start a place ("tại trụ sở ...").
_BUILDINGS = frozenset(name_key(w) for w in (
    "trụ sở", "hội trường", "nhà", "khách sạn", "trung tâm", "cung", "sân", "khu", "bảo tàng",
    "trường", "văn phòng", "phòng", "nhà hát", "công viên", "quảng trường", "đại học", "học viện",
    "bệnh viện", "thư viện", "rạp", "đền", "chùa", "đình", "làng", "nghĩa trang"))
_PLACE_NOUNS = _BUILDINGS | frozenset(name_key(w) for w in (
    "thành phố", "tỉnh", "huyện", "quận", "xã", "phường", "thị xã", "thủ đô", "tp", "tp."))


def _opens_with(words: list[str], nouns: frozenset[str]) -> bool:
    """Whether the first one or two words are one of ``nouns``, with words after them."""
    return any(name_key(" ".join(words[:n])) in nouns and len(words) > n for n in (1, 2))


_NOT_PLACES = words_at(phrases((
    "hội nghị", "hội thảo", "tọa đàm", "buổi", "lễ", "sự kiện", "chương trình", "diễn đàn",
    "đại hội", "cuộc", "phiên", "kỳ họp", "lớp", "đây", "đó", "chỗ", "đợt", "dịp")))
_DATELINE = re.compile(rf"(?P<place>{LETTERS}(?: {LETTERS}){{0,3}})\s*[,–-]\s*"
                       rf"(?:(?i:ngày)\s+)?[0-9]{{1,2}}\s*[/.-]\s*[0-9]{{1,2}}")


def _place_phrase(raw: str) -> str:
    """The words of a "tại" phrase that name the place, or "" when they name none."""
    place = _PLACE_END.split(raw, maxsplit=1)[0].strip()
    words = place.split(" ")
    if not place or len(words) > 12 or _NOT_PLACES.match(place):
        return ""
    starts_place = _opens_with(words, _PLACE_NOUNS)  # "tại tỉnh" alone names none
    return place if place[0].isupper() or starts_place else ""


# A province or city named inside a place: "thành phố Vinh", "Nhà Văn hóa Thanh niên Thành phố
# Hồ Chí Minh", "Trụ sở Ủy ban nhân dân tỉnh Nam Định".
_ADMINISTRATIVE = re.compile(r"(?<!\w)(?i:tỉnh|thành\s+phố|tp\.?|huyện|quận|thị\s+xã)\s*"
                             r"(?P<name>[^\W\d_][^\W_]*(?: [^\W\d_][^\W_]*){0,3})")
# Whose name keeps "Thành phố": the city named after a person.
_CITY_NAMED_AFTER = frozenset({name_key("Hồ Chí Minh")})


def _short_place(place: str) -> str:
    """The place as the archive's venue pages name it: the province or city, without the
    word "tỉnh" or "thành phố" ("thành phố Vinh" -> "Vinh"), also when the text names a
    building in it ("Nhà Văn hóa ... Thành phố Hồ Chí Minh" -> "Thành phố Hồ Chí Minh"; the
    note keeps what the text said); a place that names no province or city as it is."""
    for match in _ADMINISTRATIVE.finditer(place):
        words = _capitalised_words(match["name"])
        building = match.start() > 0 and _opens_with(place.split(" "), _BUILDINGS)
        if not words or not (match.start() == 0 or building):
            continue
        name = " ".join(words)
        return f"Thành phố {name}" if name_key(name) in _CITY_NAMED_AFTER else name
    return place


def _venue_phrases(texts: Texts) -> list[tuple[str, str]]:
    """(place as written, what it was read from): "tại" phrases of the lead and title, then a
    dateline ("Hà Nội, ngày 12/5")."""
    found = []
    for text in (texts.lead, texts.title):
        for match in _AT.finditer(text):
            clause = re.split(r"[,;.:()]", text_before(text, match.start(), 120))[-1]
            if _POST_ABROAD.search(clause) or _RESIDENCE.search(clause):
                continue
            place = _place_phrase(match["place"])
            if place:
                found.append((_short_place(place), f"tại {place}"))
    dateline = _DATELINE.match(texts.lead)
    if dateline and all(word[0].isupper() for word in dateline["place"].split(" ")):
        found.append((dateline["place"], clean_text(dateline.group())))
    return found


# The organiser's province or city, in the subject of a lead's first sentence: "Ngày 2/2,
# Liên hiệp các tổ chức hữu nghị tỉnh Bình Định tổ chức ...".
_OPENING_DATE = re.compile(r"^[^,]*[0-9][^,]*,\s*")
_ACTION = re.compile(r"(?<!\w)(?i:tổ\s+chức|phối\s+hợp|tiếp|trao|tặng|bàn\s+giao|khai\s+mạc|"
                     r"tổng\s+kết|gặp\s+mặt|đón|thăm|ký|phát\s+động|mở|ra\s+mắt)(?!\w)")
# The verb, after at most two words that qualify it: "long trọng tổ chức", "đã phối hợp".
_ACTION_AFTER = re.compile(rf"(?:(?!{_ACTION.pattern})[^\W\d_A-ZÀ-Ỹ][^\W\d_]*\s+){{0,2}}"
                           rf"{_ACTION.pattern}")
_GAP = re.compile(r"[ ,]*")
_REGION = re.compile(rf"(?<!\w)(?i:tỉnh|thành\s+phố|tp\.?)\s+"
                     rf"(?P<place>{LETTERS}(?: {LETTERS}){{0,3}})")


def _organiser_place(text: str) -> tuple[str, str] | None:
    """(province, organiser as written) when the subject of a dated opening names a province or
    city just before its verb ("Ngày 2/2, Liên hiệp các tổ chức hữu nghị tỉnh Quảng Ninh tổ
    chức ...", "Chiều 22/11, ông A, Phó Chủ tịch Hội hữu nghị tỉnh Cao Bằng, tiếp ...")."""
    opening = _OPENING_DATE.match(text)
    if opening is None:
        return None  # not a dated opening: its subject is not the organiser
    for region in _REGION.finditer(text, opening.end(), opening.end() + 200):
        place = " ".join(_capitalised_words(region["place"]))
        after = region.start("place") + len(place)
        gap = _GAP.match(text, after)  # always matches, maybe nothing
        if place and gap and _ACTION_AFTER.match(text, gap.end()):
            return place, clean_text(text[opening.end():after])
    return None


def _capitalised_words(text: str) -> list[str]:
    """The capitalised words that open ``text``: "Quảng Ninh" of "Quảng Ninh tổ chức"."""
    words = []
    for word in text.split(" "):
        if not word[:1].isupper():
            break
        words.append(word)
    return words


def _venue_index(registries: Registries | None) -> dict[str, str]:
    """Registry name for every name and alias key of data/venues.yaml."""
    if registries is None:
        return {}
    return {key: record.name for record in registries.venues
            for key in name_variants(record.name, record.aliases)}


def _registry_place(place: str, index: dict[str, str]) -> str | None:
    """The registry name the place is, or the longest registry name inside it."""
    key = name_key(place)
    if key in index:
        return index[key]
    inside = [k for k in index if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", key)]
    return index[max(inside, key=len)] if inside else None


def extract_venue(texts: Texts, registries: Registries | None) -> tuple[str, list[str]]:
    """The venue (registry name when known, else as written) and its note."""
    phrases = _venue_phrases(texts)
    index = _venue_index(registries)
    for place, source in phrases:
        known = _registry_place(place, index)
        if known is not None:
            return known, [note("venue", _('guessed from "{source}"').format(source=source))]
    if not phrases:
        return _organiser_venue(texts, index)
    place, source = phrases[0]
    if registries is None:
        return place, [note("venue", _('guessed from "{source}"').format(source=source))]
    return place, [note("venue", _('guessed from "{source}"; not in {registry}').format(
        source=source, registry="data/venues.yaml"))]


def _organiser_venue(texts: Texts, index: dict[str, str]) -> tuple[str, list[str]]:
    """The organiser's province, from the lead or the paragraph after it, when no text says
    where the event was; with a note that it is a guess."""
    for text in (texts.lead, *texts.paragraphs[:1]):
        found = _organiser_place(text)
        if found is not None:
            place, organiser = found
            known = _registry_place(place, index)
            return known or place, [note("venue", _(
                'guessed from the organiser "{organiser}"; the text does not say where the '
                'event was').format(organiser=organiser))]
    return "", [note("venue", _("not found"))]
