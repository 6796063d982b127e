"""Surveillance evidence extraction: a certification body's audit letter or report (CONTRACT.md §2).

Facts: certification body, holder, certificate number, audit type (surveillance or
recertification), audit date, outcome (continued / suspended / withdrawn) and the counts of
major and minor nonconformities, written as numbers ("2 minor nonconformities", "Major: 0"),
words ("two minor"), or "no (major) nonconformities".
"""

import re
from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.extract.certificate import fields as cert_fields
from app.core.extract.certificate.dates import order_hint
from app.core.extract.text.dates import find_dates, parse_day_range
from app.core.extract.text.labels import CB_WORDS, F, Found, legal_name_lines, lines
from app.core.facts import SurveillanceFacts
from app.core.pages import Evidence, Page, make_evidence

_NUM = r"(?P<n>\d{1,3}|no|none|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUM_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
_NC = r"(?:non-?\s?conformit(?:y|ies)|NCs?\b|findings?)"


def _count_patterns(grade: str) -> list[re.Pattern[str]]:
    return [
        # A table row without a separator ("Major nonconformities 1") needs the NC word, and
        # "no" there is the start of a sentence ("... no later than"), not a count.
        re.compile(rf"{grade}\s+{_NC}\s*[:=\-–]?\s*(?P<n>\d{{1,3}}|none|zero|{_NUM_WORDS})\b", F),
        re.compile(rf"{grade}(?:\s+{_NC})?\s*[:=\-–]\s*{_NUM}\b", F),
        re.compile(rf"(?<![\d\-/.:]){_NUM}\s+{grade}(?:\s+{_NC})?", F),
        re.compile(rf"{_NUM}\s*\(\s*{grade}\s*\)", F),
    ]


_MAJOR, _MINOR = _count_patterns(r"major"), _count_patterns(r"minor")
_NONE_AT_ALL = re.compile(
    rf"(?:no|zero|nil)\s+(?:open\s+)?{_NC}\s+(?:were\s+|was\s+)?(?:raised|identified|found|recorded|noted)"
    r"|keine\s+(?:offenen\s+)?abweichungen",
    F,
)
_NO_MAJOR = re.compile(rf"no\s+major\s+{_NC}", F)
_TYPE = re.compile(
    r"(?P<t>re-?certification|recertification|surveillance|rezertifizierung|überwachung)", F
)
_OUTCOME = (
    (
        "withdrawn",
        re.compile(
            r"(?:certificat\w*|registration)\s+(?:(?:is|has\s+been|will\s+be)\s+)?(?:withdrawn|cancel+ed|revoked)|withdraw(?:al|n)\s+of\s+(?:the\s+)?certific",
            F,
        ),
    ),
    (
        "suspended",
        re.compile(
            r"(?:certificat\w*|registration)\s+(?:(?:is|has\s+been|will\s+be)\s+)?suspended|suspension\s+of\s+(?:the\s+)?(?:certific|registration)",
            F,
        ),
    ),
    (
        "continued",
        re.compile(
            r"(?:certification|certificate|registration)\s+remains?\s+in\s+(?:effect|force|place)"
            r"|zertifizierung\s+bleibt\s+(?:bestehen|aufrechterhalten|gültig)|zertifikat\s+bleibt\s+gültig"
            r"|certification\s+(?:continues|is\s+continued|remains\s+valid|is\s+maintained|will\s+continue)|continu(?:ed|ation\s+of)\s+(?:certification|registration)|(?:certificate|registration)\s+remains\s+(?:valid|in\s+force)|recommend(?:ed|s)?\s+(?:for\s+)?(?:continued|continuing|continuation|re-?certification)|maintain(?:ed)?\s+(?:the\s+)?certification",
            F,
        ),
    ),
)
_AUDIT_DATE = re.compile(
    # "[^.]" with a dot inside a word allowed: "audit of Inferra AI, Inc.'s ISMS on ...".
    r"(?:audit(?:ed)?|conducted|performed|carried\s+out|took\s+place|visit)(?:[^.]|\.(?=\S)){0,140}?"
    r"\b(?:on|between|from|dates?\s*:?|am|vom)\s*",
    F,
)
_HOLDER_LABEL = re.compile(
    r"^(?:client|organi[sz]ation|company|auditee|certificate\s+holder)\s*[:\-–]\s*", F
)


def _count(pages: Sequence[Page], patterns: list[re.Pattern[str]]) -> Found | None:
    for page in pages:
        for rx in patterns:
            if m := rx.search(page.squashed):
                raw = m["n"].lower()
                return Found(str(int(raw) if raw.isdigit() else _WORDS[raw]), page, m.group(0))
    return None


def _counts(pages: Sequence[Page]) -> tuple[Found | None, Found | None]:
    major, minor = _count(pages, _MAJOR), _count(pages, _MINOR)
    for page in pages:
        if major is None and (
            m := _NO_MAJOR.search(page.squashed) or _NONE_AT_ALL.search(page.squashed)
        ):
            major = Found("0", page, m.group(0))
        if minor is None and (m := _NONE_AT_ALL.search(page.squashed)):
            minor = Found("0", page, m.group(0))
    return major, minor


def _audit_date(pages: Sequence[Page]) -> tuple[Found | None, list[str]]:
    hint = order_hint(" ".join(p.squashed for p in pages))
    for page in pages:
        for m in _AUDIT_DATE.finditer(page.squashed):
            after = page.squashed[m.end() : m.end() + 40]
            found = [r] if (r := parse_day_range(after)) else find_dates(after, day_first=hint)
            if not found or found[0].start > 2:
                continue
            d = found[0]
            quote = page.squashed[m.start() : m.end() + d.end]
            if d.value is None:
                return None, [
                    f"audit_date: '{d.raw}' on page {page.number} is ambiguous; left empty"
                ]
            return Found(d.value.isoformat(), page, quote), []
    return None, []


def _first(pages: Sequence[Page], rx: re.Pattern[str]) -> Found | None:
    for page in pages:
        if m := rx.search(page.squashed):
            return Found(m.group(0), page, m.group(0))
    return None


def _holder(pages: Sequence[Page], cb: str | None) -> Found | None:
    for page in pages:
        for i, line in enumerate(lines(page)):
            if m := _HOLDER_LABEL.match(line):
                return Found(line[m.end() :].strip(), page, line)
            if i > 25:
                break
    for page in pages[:1]:
        for name, quote in legal_name_lines(page):
            if not (cb and name.lower() == cb.lower()) and not (
                cb is None and CB_WORDS.search(name)
            ):
                return Found(name, page, quote)
    return None


def _letterhead(pages: Sequence[Page]) -> Found | None:
    """A letter's sender: the first organisation name printed on its first page."""
    for page in pages[:1]:
        for name, quote in legal_name_lines(page):
            return Found(name, page, quote)
    return None


def extract_surveillance(pages: Sequence[Page]) -> Extraction[SurveillanceFacts]:
    """Every surveillance-evidence fact of CONTRACT.md §2 that the pages print, with evidence."""
    values: dict[str, object] = {}
    evidence: dict[str, Evidence] = {}

    def put(fact: str, found: Found | None, value: object = None) -> None:
        if found is not None:
            values[fact] = found.value if value is None else value
            evidence[fact] = make_evidence(found.page, found.quote)

    cb = cert_fields.find_certification_body(pages) or _letterhead(pages)
    put("certification_body", cb)
    put("holder", _holder(pages, cb.value if cb else None))
    put("certificate_number", cert_fields.find_number(pages))
    audit_type = _first(pages, _TYPE)
    if audit_type is not None:
        kind = "surveillance" if re.match(r"surv|überw", audit_type.value, F) else "recertification"
        put("audit_type", audit_type, kind)
    date_found, warnings = _audit_date(pages)
    put("audit_date", date_found)
    for outcome, rx in _OUTCOME:
        if (found := _first(pages, rx)) is not None:
            put("outcome", found, outcome)
            break
    major, minor = _counts(pages)
    put("major_nonconformities", major, int(major.value) if major else None)
    put("minor_nonconformities", minor, int(minor.value) if minor else None)
    facts = SurveillanceFacts.model_validate(values)
    return Extraction(facts=facts, evidence=evidence, warnings=warnings)
