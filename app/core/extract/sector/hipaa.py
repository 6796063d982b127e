"""HIPAA attestation: an independent examination report, an assessor's attestation letter, a
compliance assessment report or a verification seal (CONTRACT.md §9, `hipaa_attestation`).

Facts: the entity attested, the assessor, the report date, the conclusion (compliant, or
compliant with exceptions) and the scope. The entity is the addressee or the subject of the
opinion ("To the Management of X", "In our opinion, X complied"), never the firm that signs;
the conclusion is `exceptions` whenever the opinion is qualified ("except for", "material
noncompliance", "exceptions identified") and `compliant` only on an unqualified statement.
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
    name_key,
    page_lines,
    sentences,
)
from app.core.extract.text.labels import LEGAL_NAME_END
from app.core.facts import HipaaConclusion, HipaaFacts
from app.core.pages import Page

_I = re.IGNORECASE
_ANY_LABEL = label_re(
    r"organi[sz]ation", r"entity", r"covered\s+entity", r"business\s+associate", r"client",
    r"prepared\s+(?:for|by)", r"assess\w*", r"auditor", r"firm", r"date", r"scope", r"result",
    r"conclusion", r"opinion", r"report", r"verified", r"verification", r"signature", r"name",
    r"title", r"classification",
)  # fmt: skip
_ENTITY_LABEL = label_re(
    r"organi[sz]ation(?:\s+name)?", r"(?:covered\s+)?entity(?:\s+name)?", r"business\s+associate",
    r"client", r"prepared\s+for", r"company(?:\s+name)?", r"assessed\s+organi[sz]ation",
)  # fmt: skip
_ASSESSOR_LABEL = label_re(
    r"assessor", r"prepared\s+by", r"(?:independent\s+)?auditor", r"assessed\s+by",
    r"assessment\s+firm", r"attest(?:ed|ing)\s+by",
)  # fmt: skip
_ENTITY_SENTENCES = (
    re.compile(
        rf"^To\s+the\s+(?:Management|Board\s+of\s+Directors)\s+of\s+(?P<v>{NAME})\s*:?\s*$", re.M
    ),
    re.compile(rf"examined\s+(?P<v>{NAME})['’]s\s+compliance"),
    re.compile(rf"In\s+our\s+opinion,\s+(?:except\s+for\s+[^,]+,\s+)?(?P<v>{NAME})\s+complied"),
    re.compile(rf"found\s+(?P<v>{NAME})\s+to\s+be\s+in\s+compliance"),
    re.compile(rf"verifies\s+that\s+(?P<v>{NAME})\s+has"),
    re.compile(rf"safeguards\s+of\s+(?P<v>{NAME})\s+against"),
    re.compile(rf"Management\s+of\s+(?P<v>{NAME})\s+is\s+responsible"),
    re.compile(rf"in\s+(?P<v>{NAME})['’]s\s+safeguards"),
)
_ASSESSOR_SENTENCES = (
    re.compile(rf"^(?P<v>{NAME})\s+(?:assessed|examined|reviewed|verifies)\s", re.M),
    re.compile(
        rf"(?:assessment|examination)\s+(?:was\s+)?(?:performed|conducted)\s+by\s+(?P<v>{NAME})"
    ),
)
_DATE_LABEL = label_re(
    r"report\s+date", r"date\s+of\s+(?:the\s+)?(?:report|attestation|assessment\s+report|verification)",
    r"attestation\s+date", r"verified\s+on", r"date\s+(?:issued|signed)", r"issued", r"date",
)  # fmt: skip
_SCOPE_LABEL = label_re(
    r"scope(?:\s+of\s+(?:the\s+)?(?:verification|assessment|attestation|examination|review))?",
    r"in[\s-]scope\s+(?:systems|services)", r"systems\s+in\s+scope",
)  # fmt: skip
_SCOPE_SENTENCES = (
    re.compile(
        r"\bscope\s+of\s+(?:the|this|our)\s+(?:examination|assessment|review|attestation)\s+(?:included|includes|covered|covers|was|is)\s+(?P<v>[^.]+(?:\.\w[^.]*)*)\.",
        _I,
    ),
    re.compile(
        r"\b(?:assessment|examination|review|attestation)\s+covered\s+(?P<v>[^.]+(?:\.\w[^.]*)*)\.",
        _I,
    ),
)
_EXCEPTIONS = re.compile(
    r"\bexcept\s+for\b|material\s+non-?compliance|\bqualified\s+opinion|"
    r"(?<!no\s)\bexceptions?\s+(?:were\s+|was\s+)?(?:noted|identified|found)|"
    r"\bidentified\s+(?:\w+\s+){0,2}(?:exceptions?|gaps|deficiencies|findings)|with\s+exceptions|"
    r"\bfindings?\s+require\s+remediation",
    _I,
)
_COMPLIANT = re.compile(
    r"complied,?\s+in\s+all\s+material\s+respects|\bto\s+be\s+in\s+compliance\b|"
    r"\bno\s+(?:exceptions|gaps|deficiencies|findings)\s+(?:were\s+)?(?:noted|identified|found)|"
    r"has\s+satisfied\s+the\s+requirements|\bis\s+compliant\s+with\b",
    _I,
)
_RESULT_LABEL = label_re(
    r"result", r"conclusion", r"opinion", r"overall\s+(?:result|status|rating)", r"status"
)


def _named(
    pages: Sequence[Page],
    lines: Sequence[Line],
    label: re.Pattern[str],
    patterns: Sequence[re.Pattern[str]],
) -> Iterator[Candidate]:
    for value, line, quote in labelled(lines, label, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, "label", strong=True)
    for page in pages:
        text = flowed(page)
        for n, pattern in enumerate(patterns):
            for m in pattern.finditer(text):
                if (name := clean_org(m["v"])) is not None:
                    yield Candidate(name, page, m["v"], f"sentence {n}", strong=True)


def _closing_firm(lines: Sequence[Line]) -> Iterator[Candidate]:
    """The firm that signs: a legal name on one of the last lines, or under "Organization:"
    in a signature block."""
    for line in lines[-6:]:
        text = re.sub(r"^organi[sz]ation\s*:\s*", "", line.text, flags=_I)
        if (name := clean_org(text)) is not None and LEGAL_NAME_END.search(name):
            firm = re.search(r"(?:LLP|L\.L\.P\.|LLC|P\.C\.|CPAs?|&\s*Co\.?)\s*$", name) is not None
            yield Candidate(name, line.page, line.text, "signature", strong=firm)


def _parties(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    assessor = r.decide(
        "assessor",
        [*_named(pages, lines, _ASSESSOR_LABEL, _ASSESSOR_SENTENCES), *_closing_firm(lines)],
        key=name_key,
    )
    entities = [
        c
        for c in _named(pages, lines, _ENTITY_LABEL, _ENTITY_SENTENCES)
        if assessor is None or name_key(c.value) != name_key(assessor)
    ]
    r.decide("entity", entities, key=name_key)


def _report_date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _DATE_LABEL, any_label=_ANY_LABEL):
        found += [
            Candidate(d, line.page, quote, "label", strong=True)
            for d, _ in dates_in(value, hint)[:1]
        ]
    for line in lines[-4:]:
        dated = dates_in(line.text, hint)
        if dated and len(dated[0][1]) >= len(line.text) - 2:
            found.append(
                Candidate(dated[0][0], line.page, line.text, "signature date", strong=True)
            )
    r.decide("report_date", found)


def _conclusion(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _RESULT_LABEL, any_label=_ANY_LABEL):
        if _EXCEPTIONS.search(value) or re.search(r"exception|non-?compliant", value, _I):
            found.append(
                Candidate(HipaaConclusion.exceptions, line.page, quote, "label", strong=True)
            )
        elif re.search(r"\bcompliant\b|\bpass", value, _I):
            found.append(
                Candidate(HipaaConclusion.compliant, line.page, quote, "label", strong=True)
            )
    for page, sentence in sentences(pages):
        if m := _EXCEPTIONS.search(sentence):
            found.append(
                Candidate(HipaaConclusion.exceptions, page, m.group(0), "sentence", strong=True)
            )
        elif m := _COMPLIANT.search(sentence):
            found.append(
                Candidate(HipaaConclusion.compliant, page, m.group(0), "sentence", strong=True)
            )
    r.decide("conclusion", found)


def _scope(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _SCOPE_LABEL, any_label=_ANY_LABEL):
        if len(value.split()) >= 3:
            found.append(Candidate(value.rstrip(". "), line.page, quote, "label", strong=True))
    for page in pages:
        text = flowed(page)
        for pattern in _SCOPE_SENTENCES:
            for m in pattern.finditer(text):
                found.append(
                    Candidate(" ".join(m["v"].split()), page, m.group(0), "sentence", strong=True)
                )
    r.decide("scope", found, key=lambda v: " ".join(str(v).lower().split()))


def extract_hipaa(pages: Sequence[Page]) -> Extraction[HipaaFacts]:
    """Read a HIPAA attestation (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    _parties(r, pages, lines)
    _report_date(r, pages, lines)
    _conclusion(r, pages, lines)
    _scope(r, pages, lines)
    return r.extraction(HipaaFacts)
