"""Surveillance evidence extraction: a certification body's audit letter or report (CONTRACT.md §2).

Facts: certification body and holder (the letter's sender and addressee, `parties`),
certificate number, audit type (surveillance or recertification), audit date (the first day
of the audit, from sentences, "Audit date(s)" labels and day ranges), outcome and the counts
of major and minor nonconformities (`outcome`). Every fact carries a confidence; an
ambiguous date or a contested reading is left null with a warning.
"""

import re
from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.extract.certificate import fields as cert_fields
from app.core.extract.certificate.dates import order_hint
from app.core.extract.surveillance.outcome import read_counts, read_outcome
from app.core.extract.surveillance.parties import read_letter_parties
from app.core.extract.text.candidates import FactSheet
from app.core.extract.text.dates import DateMatch, find_dates, parse_day_range
from app.core.extract.text.labels import F
from app.core.facts import SurveillanceFacts
from app.core.pages import Page

_TYPE = re.compile(
    r"(?P<t>re-?certification|recertification|rezertifizierung|renewal|surveillance|überwachung"
    r"|ueberwachung|surveillance|seguimiento|suivi)",
    F,
)
_AUDIT_DATE = re.compile(
    # "[^.]" with a dot inside a word allowed: "audit of Inferra AI, Inc.'s ISMS on ...".
    r"(?:audit(?:ed)?|conducted|performed|carried\s+out|took\s+place|visit|hosting)"
    r"(?:[^.]|\.(?=\S)){0,140}?\b(?:on|between|from|dates?\s*(?:\(s\))?\s*:?|am|vom|le|el)\s*"
    r"|\baudit\s+dates?\s*(?:\(s\))?\s*:?\s*|\bdate\s*(?:\(s\))?\s+of\s+(?:the\s+)?audit\s*:?\s*",
    F,
)


def _audit_type(pages: Sequence[Page]) -> tuple[str, Page, str] | None:
    for page in pages:
        if m := _TYPE.search(page.squashed):
            raw = m["t"].lower()
            kind = "recertification" if raw.startswith(("re", "rez", "ren")) else "surveillance"
            return kind, page, m.group(0)
    return None


def _date_at(text: str, hint: bool | None) -> DateMatch | None:
    found = [r] if (r := parse_day_range(text)) else find_dates(text, day_first=hint)
    if not found or found[0].start > 2:
        return None
    return found[0]


def _audit_date(pages: Sequence[Page], sheet: FactSheet) -> None:
    hint = order_hint(" ".join(p.squashed for p in pages))
    for page in pages:
        for m in _AUDIT_DATE.finditer(page.squashed):
            d = _date_at(page.squashed[m.end() : m.end() + 40], hint)
            if d is None:
                continue
            quote = page.squashed[m.start() : m.end() + d.end]
            if d.value is None:
                sheet.warn(f"audit_date: '{d.raw}' on page {page.number} is ambiguous; left empty")
                return
            sheet.put("audit_date", d.value, page, quote)
            return


def extract_surveillance(pages: Sequence[Page]) -> Extraction[SurveillanceFacts]:
    """Every surveillance-evidence fact of CONTRACT.md §2 that the pages print, with evidence."""
    sheet = FactSheet()
    cb, holder = read_letter_parties(pages)
    sheet.take("certification_body", cb)
    sheet.take("holder", holder)
    sheet.put_found("certificate_number", cert_fields.find_number(pages))
    if audit_type := _audit_type(pages):
        kind, page, quote = audit_type
        sheet.put("audit_type", kind, page, quote)
    _audit_date(pages, sheet)
    sheet.take("outcome", read_outcome(pages))
    major, minor = read_counts(pages)
    sheet.take("major_nonconformities", major)
    sheet.take("minor_nonconformities", minor)
    facts = SurveillanceFacts.model_validate(sheet.values)
    return Extraction(
        facts=facts, evidence=sheet.evidence, warnings=sheet.warnings, confidence=sheet.confidence
    )
