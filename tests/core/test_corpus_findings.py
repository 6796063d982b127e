"""Each development-corpus case gives the findings and tier its expected.json demands.

The documents are rebuilt from the case's ground-truth facts (SoA controls synthesised from
controls_count / excluded_controls / unjustified_exclusions; scope text read from the PDFs,
because expected.json does not list it), then assessed as of the case's date. This checks
the rules, the score and the real accreditation data, independent of the parsers; the
end-to-end variant parses the PDFs.
"""

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from app.adapters.reference.loader import load_registry
from app.adapters.reference.risk_model import load_risk_model
from app.core.assessment import AssessedDocument, assess
from app.core.extract.soa.annex_a import ANNEX_A_2013, ANNEX_A_2022
from app.core.facts import ParsedDocument, SoaControl, facts_model
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.profile import VendorProfile
from tests.builders import make_parsed

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ASSAY_SHARED_DIR", REPO_ROOT.parent / "shared"))
CASES = sorted(p for p in (SHARED / "corpus" / "cases").glob("*") if p.is_dir())


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _scope_from_pdf(path: Path, kind: DocumentKind) -> str | None:
    text = _pdf_text(path)
    pattern = (
        r"\nScope (.+?)\n(?:First certified|Valid from)"
        if kind in CERTIFICATE_KINDS
        else r"\nIn scope\n(.+?)\n(?:Sites|Out of scope)"
    )
    found = re.search(pattern, text, re.DOTALL)
    return " ".join(found[1].split()) if found else None


def _accreditation(printed: str) -> tuple[str, str | None]:
    code = printed.split()[0]
    number = re.search(r"\b(\d{3,4})\b", printed)
    return code, number[1] if number else None


def _soa_controls(facts: dict[str, Any]) -> list[SoaControl]:
    ids = ANNEX_A_2013 if facts.get("standard_version") == "2013" else ANNEX_A_2022
    excluded = set(facts.get("excluded_controls", []))
    bare = set(facts.get("unjustified_exclusions", []))
    return [
        SoaControl(
            id=cid,
            applicable=cid not in excluded,
            implemented=cid not in excluded,
            justification=None if cid in bare else "Not applicable: reason recorded",
            page=1,
        )
        for cid in ids[: facts.get("controls_count", len(ids))]
    ]


def _document(
    case: Path, name: str, spec: dict[str, Any], expected: dict[str, Any]
) -> AssessedDocument:
    kind = DocumentKind(spec["kind"])
    model = facts_model(kind)
    facts = {k: v for k, v in spec["facts"].items() if k in model.model_fields}
    if kind is DocumentKind.soa:
        facts["controls"] = _soa_controls(spec["facts"])
    if kind in CERTIFICATE_KINDS:
        printed = next(
            (
                b["accreditation_printed"]
                for b in expected.get("certification_bodies", [])
                if b["document"] == name
            ),
            None,
        )
        if printed and "accreditation_body" not in facts:
            facts["accreditation_body"], facts["accreditation_number"] = _accreditation(printed)
    if kind in CERTIFICATE_KINDS or kind is DocumentKind.scope_statement:
        facts.setdefault("scope", _scope_from_pdf(case / name, kind))
    parsed: ParsedDocument = make_parsed(model.model_validate(facts), kind)
    return AssessedDocument(ref=name, parsed=parsed)


@pytest.mark.skipif(not CASES, reason=f"no corpus cases under {SHARED}")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_findings_and_tier(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    profile = VendorProfile.model_validate_json((case / "vendor.json").read_text())
    documents = [_document(case, n, s, expected) for n, s in sorted(expected["documents"].items())]

    result = assess(
        documents,
        profile,
        load_registry(),
        as_of=date.fromisoformat(expected["as_of"]),
        model=load_risk_model(),
    )

    raised = {f.code.value for f in result.findings}
    assert set(expected["findings_must_include"]) <= raised
    assert not raised & set(expected["findings_must_not_include"]), [
        (f.code.value, f.detail) for f in result.findings
    ]
    assert result.tier.value in expected["tier_in"], result.score_breakdown
