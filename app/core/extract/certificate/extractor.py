"""Certificate extraction: ISO/IEC 27001, 42001 and 27701 certificates (CONTRACT.md §2).

Builds `CertificateFacts` with evidence for every non-null fact. Text fields come from
`certificate_fields` and `certificate_scope`, dates from `certificate_dates` (never guessed
when ambiguous), and the accreditation body from `app.core.accreditation.marks` (canonical code such as
"UKAS", or a look-alike's name as printed), with a fallback to "Accredited by <name>".
"""

import re
from collections.abc import Sequence
from datetime import date

from app.core.accreditation.marks import MarkMatch, MarkVocabulary, read_accreditation_marks
from app.core.extract import Extraction
from app.core.extract.certificate import fields
from app.core.extract.certificate import scope as scope_fields
from app.core.extract.certificate.dates import read_dates
from app.core.extract.certificate.parties import read_parties
from app.core.extract.text.candidates import FactSheet
from app.core.extract.text.labels import F, Found
from app.core.facts import CertificateFacts, Confidence
from app.core.kinds import CERTIFICATE_STANDARD, DocumentKind
from app.core.pages import Page, quote_is_on_page

_ACCREDITED_BY = re.compile(
    r"accredit(?:ed|ation)?\s+(?:by|from|through)\s*:?\s*[\"“']?(?P<value>[A-Z][\w&.' -]{1,60}?)"
    r"(?=[\"”'.,;)]|\s{2}|\s+(?:for|under|with|this|and)\b(?!\s+(?:Standards?|Accreditation"
    r"|Conformity|Quality|Certification\s+Bodies)\b)|$)",
    F | re.MULTILINE,
)
_ACCREDITATION_LABEL = re.compile(
    r"^\s*accreditation(?:\s+body)?\s*:?[ \t]+(?P<value>[A-Z][\w&.'() -]{1,80})", F | re.MULTILINE
)
_ACRONYM = re.compile(r"^[A-Z]{2,8}\b")
_ACC_NUMBER = re.compile(
    r"(?:accreditation\s+(?:no\.?|number)|CAB\s*#|accredited\s+(?:no\.?|number))\s*[:.]?\s*"
    r"(?P<value>[A-Z0-9][A-Z0-9\-/]{1,20})|(?P<mscb>\b(?:[A-Z]{2,5}-)?MSCB-\d{1,5}\b)",
    F,
)


def _accreditation(
    pages: Sequence[Page], marks: MarkVocabulary | None
) -> tuple[Found | None, Found | None]:
    """The accreditation body (code or look-alike name) and the CB's accreditation number."""
    for page in pages:
        for mark in read_accreditation_marks(page.text, marks):
            if mark.code.upper() == "IAF":
                continue  # IAF is the forum of accreditation bodies, not an accreditation body
            body = Found(mark.code, page, mark.raw)
            number = Found(mark.number, page, _number_quote(page, mark)) if mark.number else None
            return body, number or _acc_number(pages)
    for page in pages:
        if m := _ACCREDITED_BY.search(page.text):
            return Found(m["value"].strip(), page, m.group(0)), _acc_number(pages)
        if m := _ACCREDITATION_LABEL.search(page.text):
            value = m["value"].strip()
            code = _ACRONYM.match(value)
            return Found(code.group(0) if code else value, page, m.group(0)), _acc_number(pages)
    return None, _acc_number(pages)


def _number_quote(page: Page, mark: MarkMatch) -> str:
    """The mark with the number printed beside it ("UKAS MANAGEMENT SYSTEMS 0003"), or the
    number alone ("CAB # 011905") when it stands apart from a logo word."""
    if not mark.number_raw or mark.number_raw in mark.raw:
        return mark.raw
    at = page.text.find(mark.number_raw, mark.end)
    if 0 <= at - mark.end <= 60:
        return page.text[mark.start : at + len(mark.number_raw)]
    return mark.number_raw if quote_is_on_page(page, mark.number_raw) else mark.raw


def _acc_number(pages: Sequence[Page]) -> Found | None:
    for page in pages:
        if m := _ACC_NUMBER.search(page.squashed):
            return Found(m["value"] or m["mscb"], page, m.group(0))
    return None


def _date_confidence(readings: list[tuple[date, str]] | None) -> Confidence:
    """A date whose labels disagree is in doubt when the readings lie more than a year apart
    (another cycle); a re-issue within weeks of the decision is the same cycle's date."""
    if not readings:
        return Confidence.high
    days = [d.toordinal() for d, _ in readings]
    return Confidence.low if max(days) - min(days) > 366 else Confidence.high


def extract_certificate(
    pages: Sequence[Page],
    kind: DocumentKind = DocumentKind.iso27001_certificate,
    *,
    marks: MarkVocabulary | None = None,
) -> Extraction[CertificateFacts]:
    """Every certificate fact of CONTRACT.md §2 that the pages print, with evidence."""
    b = FactSheet()
    std, version = fields.find_standard(pages, CERTIFICATE_STANDARD.get(kind, "27001"))
    b.put_found("standard", std)
    b.put_found("standard_version", version)
    b.put_found("certificate_number", fields.find_number(pages))
    cb, holder = read_parties(pages, marks)
    b.take("certification_body", cb)
    b.take("holder", holder)
    body, number = _accreditation(pages, marks)
    b.put_found("accreditation_body", body)
    b.put_found("accreditation_number", number)
    if scope := scope_fields.find_scope(pages, marks):
        b.put_found("scope", scope[0], scope[1])
    b.put_found("soa_reference", fields.find_soa_reference(pages))
    years = fields.find_validity_years(pages)
    if years is not None:
        b.put("stated_validity_years", int(years.value), years.page, years.quote)
    dates = read_dates(pages)
    for fact, value in dates.values.items():
        page, quote = dates.quotes[fact]
        b.put(fact, value, page, quote, _date_confidence(dates.disputed.get(fact)))
    if dates.due:
        due = sorted({d for d, _, _ in dates.due})
        _, page, quote = min(dates.due, key=lambda t: t[0])
        b.put("surveillance_due_dates", due, page, quote)
    sites = scope_fields.find_sites(pages)
    if sites:
        b.put("sites", [s.value for s in sites], sites[0].page, sites[0].quote)
    for warning in dates.warnings:
        b.warn(warning)
    facts = CertificateFacts.model_validate(b.values)
    return Extraction(
        facts=facts, evidence=b.evidence, warnings=b.warnings, confidence=b.confidence
    )
