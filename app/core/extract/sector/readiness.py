"""ISO/IEC 42001 readiness (CONTRACT.md §1, `iso42001_readiness`): a certification body's
Stage 1 audit report or its engagement letter. Readiness, never certification.

Facts: the organisation, the certification body, the stage (`stage1` for a Stage 1 report,
`engagement` for an engagement letter) and the document's date (the report's or letter's
date; the audit date only when no other is printed). An engagement letter names a future
Stage 1 ("is scheduled for"), so the stage is read from what the document reports, not from
the words "Stage 1" alone.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    NAME,
    Candidate,
    Line,
    Reading,
    clean_org,
    dates_in,
    doc_hint,
    flowed,
    label_re,
    labelled,
    labelled_dates,
    letter_dates,
    name_key,
    page_lines,
)
from app.core.extract.text.labels import CB_WORDS, LEGAL_NAME_END
from app.core.facts import Iso42001ReadinessFacts, ReadinessStage
from app.core.pages import Page

_I = re.IGNORECASE
_ANY_LABEL = label_re(
    r"client", r"organi[sz]ation", r"auditee", r"company", r"certification\s+body", r"CB\b",
    r"audit\s+\w+", r"report\s+date", r"date", r"lead\s+auditor", r"standard", r"item",
    r"recommendation", r"conclusion", r"stage",
)  # fmt: skip
_ORG_LABEL = label_re(
    r"client(?:\s+name)?", r"organi[sz]ation(?:\s+name)?", r"auditee", r"company(?:\s+name)?"
)
_CB_LABEL = label_re(r"certification\s+body", r"CB(?:\s+name)?", r"registrar", r"audited\s+by")
_ORG_SENTENCES = (
    re.compile(rf"\(AIMS\)\s+of\s+(?P<v>{NAME})\s+against"),
    re.compile(rf"audit\s+of\s+(?P<v>{NAME})['’]s\s+(?:AI|artificial)"),
    re.compile(rf"management\s+system\s+of\s+(?P<v>{NAME})\s+(?:against|to)\b"),
)
_CB_SENTENCES = (
    re.compile(rf"Thank\s+you\s+for\s+selecting\s+(?P<v>{NAME})"),
    re.compile(rf"^(?P<v>{NAME})\s+(?:conducted|performed|carried\s+out)\s+the\s+Stage", re.M),
)
_STAGE1 = re.compile(
    r"stage\s*(?:1|one|I)\s+(?:audit\s+)?(?:report|summary|findings)|audit\s+(?:type|stage)\s*:?\s*stage\s*(?:1|one|I)\b"
    r"|(?:conducted|performed|completed|carried\s+out)\s+the\s+stage\s*(?:1|one|I)\b|proceed\s+to\s+(?:the\s+)?stage\s*(?:2|two|II)",
    _I,
)
_ENGAGEMENT = re.compile(
    r"engagement\s+letter|letter\s+of\s+engagement|confirms?\s+(?:our|the)\s+engagement|"
    r"stage\s*(?:1|one|I)\s+(?:audit\s+)?(?:is|has\s+been|will\s+be)\s+(?:scheduled|planned)|\bRe:\s+Engagement\b"
    r"|engagement\s+confirmation|stage\s*(?:1|one|I)\s+(?:audit\s+)?\((?:planned|scheduled)\)",
    _I,
)
_DATE_LABEL = label_re(
    r"report\s+date", r"date\s+of\s+(?:the\s+)?report", r"(?:date\s+)?issued", r"date"
)
_AUDIT_DATE_LABEL = label_re(r"audit\s+dates?(?:\(s\))?", r"date\s+of\s+(?:the\s+)?audit")


def _names(
    pages: Sequence[Page],
    lines: Sequence[Line],
    label: re.Pattern[str],
    patterns: Sequence[re.Pattern[str]],
) -> Iterator[Candidate]:
    for value, line, quote in labelled(lines, label, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, "label", strong=True)
    for page in pages:
        for n, pattern in enumerate(patterns):
            for m in pattern.finditer(flowed(page)):
                if (name := clean_org(m["v"])) is not None:
                    yield Candidate(name, page, m["v"], f"sentence {n}", strong=True)


def _letterhead(lines: Sequence[Line]) -> Iterator[Candidate]:
    name = clean_org(lines[0].text) if lines else None
    if name and LEGAL_NAME_END.search(name) and CB_WORDS.search(name):
        yield Candidate(name, lines[0].page, lines[0].text, "letterhead", strong=True)


def _stage(r: Reading, pages: Sequence[Page]) -> None:
    found: list[Candidate] = []
    for page in pages:
        for pattern, stage in (
            (_STAGE1, ReadinessStage.stage1),
            (_ENGAGEMENT, ReadinessStage.engagement),
        ):
            for m in pattern.finditer(page.squashed):
                found.append(
                    Candidate(
                        stage,
                        page,
                        m.group(0),
                        f"{stage.value} {m.group(0).lower()[:12]}",
                        strong=True,
                    )
                )
    r.decide("stage", found)


def _date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found = labelled_dates(lines, _DATE_LABEL, _ANY_LABEL, hint) + letter_dates(lines, hint)
    for page in pages:
        for m in re.finditer(
            r"Stage\s*(?:1|one)\s+audit\s+of\s.{0,160}?\bon\s+(?P<v>.{6,30})", flowed(page), _I
        ):
            found += [
                Candidate(d, page, raw, "audit sentence", strong=True)
                for d, raw in dates_in(m["v"], hint)[:1]
            ]
    if not found:
        for value, line, quote in labelled(lines, _AUDIT_DATE_LABEL, any_label=_ANY_LABEL):
            found += [
                Candidate(d, line.page, quote, "audit date", strong=True)
                for d, _ in dates_in(value, hint)[:1]
            ]
    r.decide("date", found)


def extract_readiness(pages: Sequence[Page]) -> Extraction[Iso42001ReadinessFacts]:
    """Read ISO/IEC 42001 readiness evidence (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    cb = r.decide(
        "certification_body",
        [*_names(pages, lines, _CB_LABEL, _CB_SENTENCES), *_letterhead(lines)],
        key=name_key,
    )
    orgs = [
        c
        for c in _names(pages, lines, _ORG_LABEL, _ORG_SENTENCES)
        if cb is None or name_key(c.value) != name_key(cb)
    ]
    r.decide("organization", orgs, key=name_key)
    _stage(r, pages)
    _date(r, pages, lines)
    return r.extraction(Iso42001ReadinessFacts)
