"""The people of an imported article: speakers with their roles, and the other people named."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from diplomacy_archive.i18n import _
from diplomacy_archive.importing.record import Person, note
from diplomacy_archive.importing.texts import LETTERS, Span, Texts, phrases, text_before, words_at
from diplomacy_archive.source.registries import Registries, name_variants
from diplomacy_archive.text.person_names import FAMILY_NAMES, TITLE_WORDS
from diplomacy_archive.text.vietnamese import clean_text, is_vietnamese_syllable, name_key

# ---------------------------------------------------------------- people

@dataclass(frozen=True)
class _Mention:
    """A person named in one sentence: name, role, the span of both, the span of the name."""

    name: str
    role: str
    span: Span
    name_span: Span


_TITLE = re.compile(rf"(?<!\w)(?i:{phrases(TITLE_WORDS)})(?=\s)")
_HONORIFIC = re.compile(
    r"(?<![\w/])(?P<h>(?i:ông|bà|đồng\s+chí|đ/c|ngài)|em|anh|chị|cô|thầy"
    r"|(?:GS|PGS|TS|ThS)\.?(?:\s*TS\.?)?)\s+")
# Verbs of speaking: whoever does one of them at the event spoke there.
_SPEECH_WORDS = phrases((
    "phát biểu", "cho biết", "nhấn mạnh", "khẳng định", "chủ trì", "trình bày", "chia sẻ",
    "đề nghị", "bày tỏ", "chúc mừng", "đánh giá", "thông tin", "ôn lại", "cảm ơn", "gửi lời",
    "mong muốn", "kêu gọi", "đề xuất", "nêu", "điểm lại", "thông báo", "tuyên bố", "cho rằng",
    "hoan nghênh", "ghi nhận", "giới thiệu", "báo cáo", "kiến nghị", "trao đổi", "hy vọng",
    "tin tưởng", "cam kết", "nói", "chúc", "phát động", "tâm sự", "bộc bạch", "khẳng định"))
_SPEECH = words_at(_SPEECH_WORDS)
# Verbs that end a role written after a name ("ông A, Phó Chủ tịch UBND tỉnh, tặng quà").
_VERBS = phrases((
    "tặng", "trao", "tiếp", "thăm", "gửi", "chúc mừng", "dự", "tham dự", "ký kết", "đón", "cảm ơn",
    "bày tỏ", "đánh giá", "nêu", "điểm lại", "thông báo", "tuyên bố", "mong muốn", "cho rằng",
    "gặp", "làm việc", "hoan nghênh", "ghi nhận", "kêu gọi", "là", "đã", "sẽ", "cũng", "đang",
    "vừa", "đều"))
_ATTENDING = words_at(phrases(("dự", "tham gia", "cùng", "với", "có", "gồm")))
_WORD = re.compile(rf"{LETTERS}(?:-{LETTERS})*")  # "Min-jun", "Jean-Pierre" are one word
# What follows a run of capitalised words that names a place or a body, not a person:
# "Đại sứ New Zealand tại Việt Nam ...", "Chủ tịch Hội Hữu nghị Việt Nam - Cu-ba".
# What comes before a run of capitalised words whose first word names a place or a body:
# "tỉnh Okayama Ryuta Ibaragi", "Tập đoàn Samsung Electronics", "Việt Nam - New Zealand".
_BODY_BEFORE = re.compile(
    r"(?:(?<!\w)(?i:tỉnh|thành\s+phố|tp\.?|thủ\s+đô|bang|quận|huyện|nước|vùng|khu|đảo|tập\s+đoàn|"
    r"công\s+ty|hội|liên\s+hiệp|trường|viện|đại\s+học|tổ\s+chức|quỹ|bộ|sở|ban|ủy\s+ban)|[–—-])"
    r"\s*$")
_QUALIFIER_AFTER = re.compile(r"\s*(?:(?i:tại|ở|của|thuộc|và|cùng)\s+\w|[–—-]\s*[A-ZÀ-Ỹ])")
# Words after which a capitalised run is a place, not a person: "TP Hồ Chí Minh". Not "tỉnh":
# a role often ends with it ("Chủ tịch Ủy ban MTTQ tỉnh Lý Thị Hoa").
_PLACE_BEFORE = re.compile(r"(?<!\w)(?i:thành\s+phố|phố|tp\.?|thủ\s+đô|đường|tư\s+tưởng|lăng)\s*$")
# Where a role written after a name ends.
_ROLE_END = re.compile(r"[,;.:()!?\"“”]|\s+(?:và\s+|cùng\s+)?(?=(?i:ông|bà|đồng\s+chí)\s)"
                       rf"|\s+(?=(?:(?i:{_SPEECH_WORDS})|{_VERBS})(?!\w))")
# Where the role and name after a title word end (not at a middle initial: "John F. Miller").
_TITLE_SCAN_END = re.compile(r"[,;:()!?\"“”]|(?<!\s[A-Z])\.|(?<!\w)(?i:ông|bà|đồng\s+chí)\s"
                             rf"|(?<!\w)(?:(?i:{_SPEECH_WORDS})|{_VERBS})(?!\w)")
_COMMA = re.compile(r",\s*")
# What may stand between a name and its verb: one phrase between commas ("em A, sinh viên năm
# thứ ba ngành Du lịch, bày tỏ ...").
_APPOSITIVE = re.compile(r"\s*,[^,;.()]{1,150},\s*")
_AFTER_NAME = re.compile(r"\s*(?:(?P<dash>[–—-])|(?P<comma>,)|(?P<paren>\())\s*")
_ITEM_START = re.compile(r"(?:\A|[;:,]|(?<!\w)(?:có|gồm|và))\s*\Z")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z][A-Za-z]{0,3}\.)+$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?\w)")


def _sentences(text: str) -> list[str]:
    """Sentences of a paragraph; "TS." or "Marie C." does not end one."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATION.search(text[start:match.start()]):
            continue
        sentences.append(text[start:match.start()])
        start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s]


def _is_name_word(word: str) -> bool:
    first, *more = word.split("-")
    return first[:1].isupper() and (len(first) == 1 or first[1:].islower()) \
        and all(part.islower() or _is_name_word(part) for part in more)


def _foreign_word(word: str) -> bool:
    """A word no Vietnamese name has: not shaped like a Vietnamese syllable ("Carlos", "Sato",
    "Phommachanh"), or two parts one of which is not ("Min-jun", "Jean-Pierre"); transliterated
    places of Vietnamese syllables ("Cu-ba") are not."""
    parts = word.split("-")
    if len(parts) == 1:
        return len(word) > 1 and not is_vietnamese_syllable(word)
    return len(parts) == 2 and not all(is_vietnamese_syllable(part) for part in parts)


def _runs(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """Runs of capitalised words (one space apart) in ``text[start:end]``; a title of two or
    more words starts a new run ("Nguyễn Văn A Chủ tịch")."""
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(text, start, end):
        title = _TITLE.match(text, word.start())
        new_title = title is not None and " " in title.group().strip()
        if not _is_name_word(word.group()):
            runs.append([])
            continue
        joined = runs and runs[-1] and (text[runs[-1][-1].end():word.start()] == " "
                                        or _initial_before(text, runs[-1][-1], word))
        if joined and not new_title:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [run for run in runs if run]


def _initial_before(text: str, before: re.Match[str], word: re.Match[str]) -> bool:
    """Whether ``before`` is a middle initial ("F." in "John F. Miller") just before ``word``."""
    return (len(before.group()) == 1 and before.group().isupper()
            and text[before.end():word.start()] == ". ")


def _initialled_name(text: str, run: list[re.Match[str]]) -> tuple[int, int] | None:
    """A foreign name with a middle initial ending the run: "John F. Miller", "Ravi K. Sharma",
    "Yamila R. Castillo Díaz" (given name, initial, one or two family names)."""
    for families in (1, 2):
        if len(run) < 2 + families:
            continue
        given, initial, family = run[-2 - families:][:3]
        if len(given.group()) > 1 and all(len(w.group()) > 1 for w in run[-families:]) \
                and _initial_before(text, initial, family):
            return given.start(), run[-1].end()
    return None


def _foreign_name(text: str, run: list[re.Match[str]]) -> tuple[int, int] | None:
    """A foreign name ending the run: its last two or more words foreign ("Đại sứ Lào
    Khamphao Ernthavanh", "Tiến sĩ Bounmy Phommachanh"), with a Vietnamese-looking family
    name before them ("Kim Min-jun"), or a run of two words after the role whose last is
    foreign ("Trưởng đoàn Tom Smith"); never a run followed by "tại X", "của X" or "- X"."""
    if _QUALIFIER_AFTER.match(text, run[-1].end()):
        return None
    if _BODY_BEFORE.search(text_before(text, run[0].start())):
        run = run[1:]  # "tỉnh Okayama Ryuta Ibaragi": the first word is the place's
        if not run:
            return None
    tail = len(run)
    while tail > 0 and _foreign_word(run[tail - 1].group()):
        tail -= 1
    foreign = len(run) - tail
    if foreign >= 2 or (foreign == 1 and len(run) == 2):
        if foreign >= 2 and tail > 0 and name_key(run[tail - 1].group()) in FAMILY_NAMES:
            tail -= 1
        start = tail if foreign >= 2 else 0
        if len(run) - start <= 4:
            return run[start].start(), run[-1].end()
    return None


def _name_in_run(text: str, run: list[re.Match[str]], known: frozenset[str]
                 ) -> tuple[int, int] | None:
    """Span of the name that ends ``run``: 3 words from a family name first, then 4, 5, and 2
    only for a registry name; not right after a place word ("tỉnh Hà Nam"). A foreign name
    with a middle initial counts whatever its family name."""
    initialled = _initialled_name(text, run)
    if initialled is not None:
        return initialled
    foreign = _foreign_name(text, run)
    if foreign is not None:
        return foreign
    for length in (3, 4, 5, 2):
        if length > len(run):
            continue
        first, last = run[-length], run[-1]
        name = text[first.start():last.end()]
        if length == len(run) and _PLACE_BEFORE.search(text_before(text, first.start())):
            continue
        if name_key(first.group()) in FAMILY_NAMES and (length > 2 or name_key(name) in known):
            return first.start(), last.end()
    return None


def _role_after(text: str, end: int) -> tuple[str, int]:
    """A role written after a name ("– Phó Bí thư Tỉnh ủy", ", Chủ tịch Hội ...", "(...)")
    and where it ends; ("", end) when there is none."""
    sep = _AFTER_NAME.match(text, end)
    if sep is None:
        return "", end
    start = sep.end()
    if sep["paren"]:
        close = text.find(")", start)
        role = text[start:close] if close > 0 else ""
        return (clean_text(role), close + 1) if role[:1].isupper() else ("", end)
    stop = _ROLE_END.search(text, start)
    role_end = stop.start() if stop else len(text)
    role = text[start:role_end].strip()
    starts_title = _TITLE.match(role) is not None
    if not role or not (starts_title or (not sep["comma"] and role[0].isupper())):
        return "", end
    # More roles: ", Ủy viên ..., Chủ tịch ..."
    while (more := _COMMA.match(text, role_end)) and _TITLE.match(text, more.end()):
        stop = _ROLE_END.search(text, more.end())
        role_end = stop.start() if stop else len(text)
    return clean_text(text[start:role_end]), role_end


def _honorific_mentions(text: str) -> list[_Mention]:
    """"ông Lê Văn Minh", "bà Trần Thị Hạnh – Chủ tịch ...": any 2-5 capitalised words."""
    mentions = []
    for match in _HONORIFIC.finditer(text):
        before = text_before(text, match.start()).rstrip()
        if match["h"][0].isupper() and before and before[-1].isalnum():
            continue  # "tỉnh Bà Rịa": part of a name, not a word of address
        runs = _runs(text, match.end(), min(len(text), match.end() + 80))
        if not runs or runs[0][0].start() != match.end() or not 2 <= len(runs[0]) <= 5:
            continue
        name_span = (match.end(), runs[0][-1].end())
        role, end = _role_after(text, name_span[1])
        mentions.append(_Mention(text[slice(*name_span)], role, (match.start(), end), name_span))
    return mentions


def _title_mentions(text: str, known: frozenset[str]) -> list[_Mention]:
    """"Chủ tịch Liên hiệp Trần Thị Hạnh": a role from a title word, then a name."""
    mentions = []
    for match in _TITLE.finditer(text):
        if not match.group()[0].isupper():
            continue  # "các đại biểu", "chủ tịch" in running text: no name follows
        stop = _TITLE_SCAN_END.search(text, match.end())
        scan_end = stop.start() if stop else len(text)
        for run in _runs(text, match.start(), scan_end):
            name_span = _name_in_run(text, run, known)
            if name_span is None or name_span[0] == match.start():
                continue
            role = _roles_before(text, match.start()) + text[match.start():name_span[0]]
            _more, end = _role_after(text, name_span[1])  # ", Viện trưởng ...": in the span
            mentions.append(_Mention(text[slice(*name_span)], clean_text(role),
                                     (match.start(), end), name_span))
            break
    return mentions


def _roles_before(text: str, start: int) -> str:
    """Roles written before a title word, each ending in a comma: "Ủy viên Bộ Chính trị, "."""
    roles: list[str] = []
    if not text_before(text, start).rstrip().endswith(","):
        return ""
    head = text[max(0, start - 300):start].rstrip()  # room for three roles of 80 characters
    while head.endswith(",") and len(roles) < 3:
        head = head[:-1]
        cut = max(head.rfind(ch) for ch in ",;:.(") + 1
        segment = head[cut:].strip()
        honorific = _HONORIFIC.match(segment)
        segment = segment[honorific.end():] if honorific else segment
        if _TITLE.match(segment) is None or len(segment) > 80 or _SPEECH.search(segment):
            break
        roles.insert(0, segment)
        head = head[:cut].rstrip()
    return "".join(f"{role}, " for role in roles)


def _listed_mentions(text: str) -> list[_Mention]:
    """A bare name in a list item ("; Trần Văn Thắng, Phó Trưởng ban ...")."""
    mentions = []
    for run in _runs(text, 0, len(text)):
        start, end = run[0].start(), run[-1].end()
        if not (2 <= len(run) <= 5 and name_key(run[0].group()) in FAMILY_NAMES):
            continue
        before = text_before(text, start)
        if not _ITEM_START.search(before):
            continue
        role, role_end = _role_after(text, end)
        item_end = re.match(r"\s*(?:[;.]|$)", text[end:]) is not None
        if role or (item_end and re.search(r"[;:]\s*$", before)):
            mentions.append(_Mention(text[start:end], role, (start, role_end), (start, end)))
    return mentions


def _mentions(sentence: str, known: frozenset[str]) -> list[_Mention]:
    """Every person named in a sentence, once per place, in order."""
    taken: list[Span] = []
    chosen = []
    for mention in (*_honorific_mentions(sentence), *_title_mentions(sentence, known),
                    *_listed_mentions(sentence)):
        if any(mention.name_span[0] < end and start < mention.name_span[1]
               for start, end in taken):
            continue
        taken.append(mention.span)
        chosen.append(mention)
    return sorted(chosen, key=lambda m: m.span)


def _spoke(sentence: str, mention: _Mention) -> bool:
    """Whether a speech verb goes with the mention: just after it, or just before it with no
    word of attendance ("với sự tham dự của") between."""
    start, end = mention.span
    for verb in _SPEECH.finditer(sentence, max(0, start - 80), end + 80):
        if verb.start() >= end:
            between = sentence[end:verb.start()]
            if (len(between) <= 60 and ";" not in between) or _APPOSITIVE.fullmatch(between):
                return True
        elif verb.end() <= start:
            between = sentence[verb.end():start]
            if len(between) <= 60 and ";" not in between and not _ATTENDING.search(between):
                return True
    return False


def _speaker_names(registries: Registries | None) -> dict[str, str]:
    """Registry name for every name and alias key of data/speakers.yaml."""
    if registries is None:
        return {}
    return {key: record.name for record in registries.speakers
            for key in name_variants(record.name, record.aliases)}


def extract_people(texts: Texts, registries: Registries | None
                   ) -> tuple[list[Person], list[Person], list[str]]:
    """Speakers, attendees (each person once; a speaker never also an attendee) and notes."""
    names = _speaker_names(registries)
    people: dict[str, Person] = {}
    spoke: set[str] = set()
    for text in texts.in_order():
        for sentence in _sentences(text):
            for mention in _mentions(sentence, frozenset(names)):
                key = name_key(mention.name)
                name = names.get(key, clean_text(mention.name))
                known = people.setdefault(key, Person(name, mention.role))
                if not known.role and mention.role:
                    people[key] = replace(known, role=mention.role)
                if _spoke(sentence, mention):
                    spoke.add(key)
    speakers = [p for key, p in people.items() if key in spoke]
    attendees = [p for key, p in people.items() if key not in spoke]
    found = _("{count} found in the text; check names and roles")
    notes = [note("speakers", found.format(count=len(speakers)) if speakers
                  else _("none found"))]
    if attendees:
        notes.append(note("attendees", found.format(count=len(attendees))))
    return speakers, attendees, notes
