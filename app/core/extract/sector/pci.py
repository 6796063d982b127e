"""PCI DSS Attestation of Compliance (CONTRACT.md §9, `pci_dss_aoc`).

Facts: the assessed entity, the QSA company, service provider or merchant, the PCI DSS
version, the AoC date, compliance status and the services assessed. The PCI SSC template
prints "Company name" for both the entity (Part 1a) and the assessor (Part 1b), so labels are
read per section; letters and summaries state the same facts in sentences ("X, a PCI SSC
Qualified Security Assessor ... assessment of Y", "was found to be compliant") or in a
two-column table. Compliance is read from the ticked box, a status label or a sentence; the
template's unticked option text never counts.
"""

import re
from collections.abc import Iterator, Sequence
from typing import Any

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    NAME,
    Candidate,
    Line,
    Reading,
    clean_org,
    dates_in,
    doc_hint,
    label_re,
    labelled,
    name_key,
    page_lines,
    section_tags,
    sentences,
    split_items,
    ticked,
)
from app.core.extract.text.labels import LEGAL_NAME_END
from app.core.facts import ComplianceStatus, PciAssessmentType, PciDssAocFacts
from app.core.pages import Page

_I = re.IGNORECASE
_SECTIONS = {
    "assessor": re.compile(r"part\s*1b|part\s*3c|\bassessor\b|\bQSA\b|acknowledg", _I),
    "entity": re.compile(
        r"part\s*1a|part\s*3b|assessed\s+entity|(?:service\s+provider|merchant)\s+"
        r"(?:organi[sz]ation|attestation|information)",
        _I,
    ),
}
_ANY_LABEL = label_re(
    r"company\s+\w+", r"dba", r"name\s+of", r"date", r"type", r"services?", r"lead", r"signature",
    r"title", r"organi[sz]ation", r"part\s*\d", r"section",
)  # fmt: skip
_ENTITY_LABEL = label_re(
    r"assessed\s+entity(?:\s+name)?", r"(?:service\s+provider|merchant)(?:\s+company)?\s+name",
    r"entity\s+name", r"legal\s+(?:entity\s+)?name", r"company\s+being\s+assessed",
    r"organi[sz]ation\s+assessed", r"assessed\s+organi[sz]ation",
)  # fmt: skip
_ASSESSOR_LABEL = label_re(
    r"QSA\s+company(?:\s+name)?", r"qualified\s+security\s+assessor(?:\s+\(QSA\))?(?:\s+company)?",
    r"assessor\s+company(?:\s+name)?", r"assessing\s+(?:firm|company)", r"assessed\s+by",
)  # fmt: skip
_COMPANY = label_re(r"company\s+name", r"organi[sz]ation(?:\s+name)?")
_ENTITY_SENTENCES = (  # each pattern is its own cue
    re.compile(r"thereby\s+(?P<v>.+?)\s+has\s+(?:not\s+)?demonstrated", _I),
    re.compile(rf"assessment\s+of\s+(?P<v>{NAME})\s+against\s+the\s+(?:Payment|PCI)"),
    re.compile(rf"certify\s+that\s+(?P<v>{NAME})\s+has\s+been\s+(?:assessed|validated)"),
    re.compile(rf"Attestation\s+of\s+Compliance\s*[–—-]\s*(?P<v>{NAME})\s*$"),
    re.compile(rf"(?P<v>{NAME})\s+(?:was|has\s+been)\s+(?:found|validated)\s+"),
)
_ASSESSOR_SENTENCES = (
    re.compile(rf"(?P<v>{NAME}),?\s+an?\s+(?:PCI\s+SSC\s+)?Qualified\s+Security\s+Assessor"),
    re.compile(rf"(?:assessed|validated|audited)\s+by\s+(?P<v>{NAME})"),
)
_VERSION = re.compile(
    r"(?:PCI\s*DSS|Data\s+Security\s+Standard)\)?\s*(?:,\s*)?(?:v(?:ersion)?\.?\s*)?(?P<v>[1-4]\.\d(?:\.\d)?)\b",
    _I,
)
_VERSION_LABEL = label_re(r"(?:PCI\s+DSS\s+)?version")
_DATE_LABEL = label_re(
    r"date\s+of\s+(?:the\s+)?(?:AOC|attestation|report|validation)", r"AOC\s+date",
    r"(?:attestation|validation|report)\s+date", r"date\s+of\s+compliance",
    r"assessment\s+completed(?:\s+on)?",
)  # fmt: skip
_ROC_DATED = re.compile(r"\b(?:ROC|report\s+on\s+compliance)\s+dated\s+(?P<v>[^.]+)", _I)
_STATUS_LABEL = label_re(
    r"(?:overall\s+)?(?:PCI\s+DSS\s+)?compliance\s+status", r"overall\s+(?:status|rating|result)",
    r"(?:validation\s+)?status", r"result",
)  # fmt: skip
_NON = re.compile(r"non[\s-]?compliant|not\s+(?:found\s+to\s+be\s+)?compliant", _I)
_YES = re.compile(r"\bcompliant\b", _I)
_SERVICES_LABEL = label_re(
    r"name\s+of\s+service\(?s?\)?\s+assessed", r"(?:validated|assessed|in[\s-]scope)\s+services",
    r"services\s+(?:in\s+scope|assessed|covered|validated)",
)  # fmt: skip
_SERVICES_SENTENCE = re.compile(
    r"(?:assessment|validation)\s+covered\s+the\s+following\s+services?\s*:\s*(?P<v>[^.]+(?:\.(?=\w))?[^.]*)\.",
    _I,
)


def _sectioned(lines: Sequence[Line]) -> Iterator[tuple[str | None, Line]]:
    yield from zip(section_tags(lines, _SECTIONS), lines, strict=True)


def _company_labels(lines: Sequence[Line], section: str, cue: str) -> Iterator[Candidate]:
    tagged = list(_sectioned(lines))
    in_section = [ln for tag, ln in tagged if tag == section]
    for value, line, quote in labelled(in_section, _COMPANY, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, cue, strong=cue == "part label")


def _from_sentences(
    pages: Sequence[Page], patterns: Sequence[re.Pattern[str]], cue: str
) -> Iterator[Candidate]:
    for page, sentence in sentences(pages):
        if re.match(
            r"\W*(?:non-)?compliant\s*(?:but\s+with\s+legal\s+exception)?\s*:", sentence, _I
        ):
            continue  # a template option, ticked or not
        for n, pattern in enumerate(patterns):
            if (m := pattern.search(sentence)) and (name := clean_org(m["v"])):
                yield Candidate(name, page, m["v"], f"{cue} {n}")


def _labels(lines: Sequence[Line], label: re.Pattern[str], cue: str) -> Iterator[Candidate]:
    for value, line, quote in labelled(lines, label, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, cue, strong=True)


def _letter_ends(lines: Sequence[Line]) -> Iterator[Candidate]:
    """A letter's letterhead (first line) and the firm under its closing signature."""
    if not lines or not any(re.match(r"(?:sincerely|yours|regards)", ln.text, _I) for ln in lines):
        return
    for line, cue in ((lines[0], "letterhead"), (lines[-1], "closing")):
        if (name := clean_org(line.text)) is not None and LEGAL_NAME_END.search(name):
            yield Candidate(name, line.page, line.text, cue)


def _parties(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    assessor = r.decide(
        "assessor_company",
        [
            *_labels(lines, _ASSESSOR_LABEL, "label"),
            *_company_labels(lines, "assessor", "part label"),
            *_from_sentences(pages, _ASSESSOR_SENTENCES, "sentence"),
            *_letter_ends(lines),
        ],
        key=name_key,
    )
    entity_candidates = [
        *_labels(lines, _ENTITY_LABEL, "label"),
        *_company_labels(lines, "entity", "part label"),
        *_from_sentences(pages, _ENTITY_SENTENCES, "sentence"),
    ]
    r.decide(
        "entity",
        [
            c
            for c in entity_candidates
            if assessor is None or name_key(c.value) != name_key(assessor)
        ],
        key=name_key,
    )


def _assessment_type(r: Reading, pages: Sequence[Page]) -> None:
    found: list[Candidate] = []
    for page in pages:
        text = page.squashed
        for m in re.finditer(r"(?P<v>service\s+providers?|merchants?)\b", text, _I):
            before = text[max(0, m.start() - 80) : m.start()]
            cue = (
                "title"
                if re.search(
                    r"attestation\s+of\s+compliance|for\s+report\s+on\s+compliance\s*[–—-]\s*$",
                    before,
                    _I,
                )
                or re.match(r"\s+attestation\b", text[m.end() :], _I)
                else "type label"
                if re.search(r"(?:entity|assessment)\s+type\s*:?\s*$", before, _I)
                else "sentence"
                if re.search(r"\bas\s+(?:an?\s+)?(?:level\s+\d\s+)?$|compliant\s+$", before, _I)
                else None
            )
            if cue is not None:
                kind = "merchant" if m["v"].lower().startswith("merchant") else "service_provider"
                found.append(Candidate(PciAssessmentType(kind), page, m.group(0), cue, strong=True))
    r.decide("assessment_type", found)


def _version(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found = [
        Candidate(
            m["v"], page, m.group(0), "statement", strong=m.group(0).upper().startswith("PCI")
        )
        for page in pages
        for m in _VERSION.finditer(page.squashed)
    ]
    for value, line, quote in labelled(lines[:12], _VERSION_LABEL, any_label=_ANY_LABEL):
        if m := re.match(r"v?(?P<v>[1-4]\.\d(?:\.\d)?)\b", value):
            found.append(Candidate(m["v"], line.page, quote, "label", strong=True))
    r.decide("pci_dss_version", found)


def _aoc_date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _DATE_LABEL, any_label=_ANY_LABEL):
        found += [
            Candidate(d, line.page, quote, "label", strong=True)
            for d, _ in dates_in(value, hint)[:1]
        ]
    for page in pages:
        for m in _ROC_DATED.finditer(page.squashed):
            found += [
                Candidate(d, page, m.group(0), "ROC date") for d, _ in dates_in(m["v"], hint)[:1]
            ]
    for tag, line in _sectioned(lines):
        if re.match(r"date\s*(?:signed)?\s*:", line.text, _I) and tag in ("entity", "assessor"):
            found += [
                Candidate(d, line.page, line.text, f"{tag} signature")
                for d, _ in dates_in(line.text, hint)[:1]
            ]
    # A letter's own date: a line that is only a date, near the top (decisive when the
    # document prints no other date).
    alone = len({d for p in pages for d, _ in dates_in(p.squashed, hint)}) == 1
    for line in lines[:8]:
        dated = dates_in(line.text, hint)
        if dated and len(dated[0][1]) >= len(line.text) - 2:
            found.append(Candidate(dated[0][0], line.page, line.text, "letter date", strong=alone))
    r.decide("aoc_date", found)


def _status(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for page in pages:
        ok, non = (
            ticked(page.squashed, r"compliant\s*:"),
            ticked(page.squashed, r"non[\s-]?compliant\s*:"),
        )
        if ok is not None and non is not None and ok != non:
            status = ComplianceStatus.compliant if ok else ComplianceStatus.non_compliant
            word = "Compliant:" if ok else "Non-Compliant:"
            m = re.search(rf"\S+\s*{re.escape(word)}", page.squashed, _I)
            found.append(
                Candidate(status, page, m.group(0) if m else word, "tick box", strong=True)
            )
    for value, line, quote in labelled(lines, _STATUS_LABEL, any_label=_ANY_LABEL):
        if _NON.search(value):
            found.append(
                Candidate(ComplianceStatus.non_compliant, line.page, quote, "label", strong=True)
            )
        elif _YES.search(value):
            found.append(
                Candidate(ComplianceStatus.compliant, line.page, quote, "label", strong=True)
            )
    for page, sentence in sentences(pages):
        if re.match(
            r"\W*(?:non-)?compliant\s*(?:but\s+with\s+legal\s+exception)?\s*:", sentence, _I
        ):
            continue
        if m := re.search(
            r"(?:found\s+to\s+be|validated\s+as\s+(?:an?\s+)?(?:PCI\s+DSS\s+v?[\d.]+\s+)?)\s*(?P<v>non[\s-]?compliant|compliant)",
            sentence,
            _I,
        ):
            value = (
                ComplianceStatus.non_compliant
                if _NON.search(m["v"])
                else ComplianceStatus.compliant
            )
            if re.search(r"\bnot\s+found\s+to\s+be\s+compliant", sentence, _I):
                value = ComplianceStatus.non_compliant
            found.append(Candidate(value, page, m.group(0), "sentence", strong=True))
    r.decide("compliance_status", found)


def _services(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _SERVICES_LABEL, any_label=_ANY_LABEL):
        found.append(Candidate(tuple(split_items(value)), line.page, quote, "label", strong=True))
    for page in pages:
        for m in _SERVICES_SENTENCE.finditer(page.squashed):
            found.append(
                Candidate(tuple(split_items(m["v"])), page, m.group(0), "sentence", strong=True)
            )
    chosen: Any = r.decide("services", found, show=lambda v: ", ".join(v))
    if chosen is not None:
        r.values["services"] = list(chosen)


def extract_pci_dss_aoc(pages: Sequence[Page]) -> Extraction[PciDssAocFacts]:
    """Read a PCI DSS Attestation of Compliance (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    _parties(r, pages, lines)
    _assessment_type(r, pages)
    _version(r, pages, lines)
    _aoc_date(r, pages, lines)
    _status(r, pages, lines)
    _services(r, pages, lines)
    return r.extraction(PciDssAocFacts)
