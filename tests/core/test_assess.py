"""assess(): verification per certificate, ordering, versions, determinism."""

from datetime import date
from typing import Any

from app.core.accreditation.verify import Registry, Verification
from app.core.assessment import AssessedDocument, Assessment, assess
from app.core.findings import FindingCode, Severity
from app.core.kinds import DocumentKind
from app.core.risk_model import RiskModel
from tests.builders import (
    AS_OF,
    MODEL,
    accredited,
    doc,
    make_certificate_facts,
    make_profile,
    make_soa_facts,
    verification_with,
)

REGISTRY = Registry(version="ref-2026-11-01")


class RecordingVerify:
    """A verify_certification double that records its calls and flags one CB."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, registry: Registry, **kwargs: Any) -> Verification:
        self.calls.append({"registry": registry.version, **kwargs})
        if kwargs["certification_body"] == "Bogus Cert Ltd":
            return verification_with(FindingCode.CB_NOT_ACCREDITED)
        return accredited()


def _documents() -> list[AssessedDocument]:
    return [
        doc("cert.pdf", make_certificate_facts(expiry_date=date(2026, 12, 1))),
        doc(
            "ai.pdf",
            make_certificate_facts(certification_body="Bogus Cert Ltd"),
            DocumentKind.iso42001_certificate,
        ),
        doc("soa.pdf", make_soa_facts()),
        AssessedDocument(ref="broken.pdf", parsed=None, error="encrypted"),
    ]


def test_verifies_each_certificate_for_its_standard() -> None:
    verify = RecordingVerify()
    assess(_documents(), make_profile(), REGISTRY, as_of=AS_OF, model=MODEL, verify=verify)
    assert [(c["certification_body"], c["standard"]) for c in verify.calls] == [
        ("BSI Assurance UK Ltd", "27001"),
        ("Bogus Cert Ltd", "42001"),
    ]
    assert verify.calls[0]["accreditation_body"] == "UKAS"
    assert verify.calls[0]["accreditation_number"] == "003"
    assert verify.calls[0]["registry"] == "ref-2026-11-01"


def test_findings_ordered_by_severity_then_code_then_document() -> None:
    result = assess(
        _documents(), make_profile(), REGISTRY, as_of=AS_OF, model=MODEL, verify=RecordingVerify()
    )
    codes = [f.code for f in result.findings]
    assert codes[0] is FindingCode.CB_NOT_ACCREDITED
    assert set(codes) >= {FindingCode.CERT_EXPIRING, FindingCode.DOCUMENT_UNREADABLE}
    ranks = [f.severity.rank for f in result.findings]
    assert ranks == sorted(ranks, reverse=True)
    assert result.findings[0].severity is Severity.critical
    assert result.tier.value in ("high", "critical")


def test_records_versions_and_documents() -> None:
    result = assess(
        _documents(), make_profile(), REGISTRY, as_of=AS_OF, model=MODEL, verify=RecordingVerify()
    )
    assert result.reference_data == {"accreditation": "ref-2026-11-01"}
    assert result.risk_model == MODEL.version == result.score_breakdown.risk_model
    assert result.documents == ["cert.pdf", "ai.pdf", "soa.pdf", "broken.pdf"]
    assert result.as_of == AS_OF
    assert result.score == result.score_breakdown.score


def test_same_inputs_same_assessment() -> None:
    def run() -> Assessment:
        return assess(
            _documents(),
            make_profile(),
            REGISTRY,
            as_of=AS_OF,
            model=MODEL,
            verify=RecordingVerify(),
        )

    assert run().model_dump_json() == run().model_dump_json()


def test_as_of_preview_moves_expiry_findings() -> None:
    later = assess(
        _documents(),
        make_profile(),
        REGISTRY,
        as_of=date(2027, 1, 1),
        model=MODEL,
        verify=RecordingVerify(),
    )
    assert FindingCode.CERT_EXPIRED in {f.code for f in later.findings}


# Facts as the realworld README reads them (../shared/realworld), assessed as of 2026-11-23.
MC_SISTEM = make_certificate_facts(
    holder="MC SİSTEM ELEKTRONİK A.Ş.",
    issue_date=date(2025, 7, 7),
    expiry_date=date(2026, 7, 6),
    original_certification_date=None,
    stated_validity_years=3,
    soa_reference="SoA 26.10.2024 Rev.00",
)
AXISPHERE = make_certificate_facts(
    holder="Axisphere Mediaworx LLP",
    issue_date=date(2025, 10, 25),
    expiry_date=date(2028, 10, 24),
    original_certification_date=date(2025, 10, 25),
    surveillance_due_dates=[date(2026, 10, 24), date(2027, 10, 24)],
)


def _realworld(facts: Any, holder: str, **model: Any) -> set[FindingCode]:
    result = assess(
        [doc("cert.pdf", facts)],
        make_profile(name=holder, legal_names=[holder], products=[]),
        REGISTRY,
        as_of=AS_OF,
        model=RiskModel(version="t", **model),
        verify=lambda *a, **k: accredited(),
    )
    return {f.code for f in result.findings}


def test_realworld_mc_sistem_expired_and_self_contradicting() -> None:
    found = _realworld(MC_SISTEM, "MC Sistem Elektronik")
    assert {FindingCode.CERT_EXPIRED, FindingCode.DOCUMENT_INCONSISTENT} <= found
    assert FindingCode.CERT_HOLDER_MISMATCH not in found


def test_realworld_axisphere_printed_due_date_passed_but_inside_grace() -> None:
    """Due 24 Oct 2026 per the certificate, no evidence by 23 Nov 2026: flagged, at low
    severity until the grace ends."""
    assert FindingCode.SURVEILLANCE_OVERDUE in _realworld(AXISPHERE, "Axisphere Mediaworx")
    strict = _realworld(AXISPHERE, "Axisphere Mediaworx", surveillance_grace_months=0)
    assert FindingCode.SURVEILLANCE_OVERDUE in strict
