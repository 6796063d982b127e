"""The pure assessment engine: page text -> facts -> findings -> score.

Nothing in this package performs I/O, reads the clock or the environment; every input is a
parameter (CONTRACT.md, STYLE.md rule 1). `tests/test_architecture.py` enforces it, and that
code outside `app/core` uses only the names exported here.

Exports are resolved lazily (PEP 562): `import app.core` costs nothing, and a command that
needs one name loads only the modules behind it.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# name -> module that defines it
_EXPORTS: dict[str, str] = {
    # documents and facts (CONTRACT §1-§2)
    "DocumentKind": "kinds",
    "CERTIFICATE_KINDS": "kinds",
    "CERTIFICATE_STANDARD": "kinds",
    "SECTOR_FRAMEWORKS": "kinds",
    "Page": "pages",
    "TextLine": "pages",
    "Evidence": "pages",
    "Facts": "facts",
    "CertificateFacts": "facts",
    "Confidence": "facts",
    "ParsedDocument": "facts",
    "facts_model": "facts",
    "make_parsed": "facts",
    "parse_document_json": "facts",
    "EXTRACTOR_VERSION": "version",
    # parsing
    "parse_pages": "parse.pipeline",
    "classify": "parse.classify",
    "looks_like_certificate": "parse.classify",
    "page_wants_image_ocr": "parse.classify",
    "pages_needing_tables": "parse.plan",
    "OcrPlan": "parse.plan",
    "Plan": "parse.plan",
    "plan_ocr": "parse.plan",
    "plan_document": "parse.plan",
    # assessment (CONTRACT §3-§5)
    "VendorProfile": "profile",
    "BuyerProfile": "profile",
    "BuyerSector": "profile",
    "RequiredFramework": "profile",
    "required_frameworks": "profile",
    "CoverageMatrix": "coverage",
    "CoverageSource": "coverage",
    "CoverageState": "coverage",
    "EstatePart": "coverage",
    "coverage_matrix": "coverage",
    "Criticality": "profile",
    "Framework": "profile",
    "Finding": "findings",
    "FindingCode": "findings",
    "FindingEvidence": "findings",
    "Severity": "findings",
    "RiskModel": "risk_model",
    "AssessedDocument": "assessment",
    "Assessment": "assessment",
    "assess": "assessment",
    "ScoreBreakdown": "scoring",
    "Tier": "scoring",
    "explain": "scoring",
    "diff_assessments": "diff",
    # events and re-check horizons (CONTRACT §8, issue 14)
    "EventDraft": "events",
    "deadline_events": "events",
    "expiring_thresholds": "events",
    "implied_events": "events",
    "transition_events": "events",
    "changes_after": "horizon",
    "inputs_digest": "horizon",
    "outcome_digest": "horizon",
    "build_questions": "questions",
    "questions_csv": "questions",
    "questions_markdown": "questions",
    # accreditation reference data (CONTRACT §4, §6)
    "STANDARDS": "accreditation.registry",
    "Accreditation": "accreditation.registry",
    "AccreditationBody": "accreditation.registry",
    "AccreditationStatus": "accreditation.registry",
    "CertificationBody": "accreditation.registry",
    "LookalikeBody": "accreditation.registry",
    "LookupVerdict": "accreditation.registry",
    "MlaStatus": "accreditation.registry",
    "Provenance": "accreditation.registry",
    "RegionalGroup": "accreditation.registry",
    "Registry": "accreditation.registry",
    "Source": "accreditation.registry",
    "SubScope": "accreditation.registry",
    "CbGroup": "accreditation.registry",
    "ReviewedRecord": "accreditation.registry",
    "LookupResult": "accreditation.verify",
    "lookup": "accreditation.verify",
    "verify_certification": "accreditation.verify",
    "in_force": "accreditation.reviewed",
    "MarkRule": "accreditation.vocabulary",
    "MarkRuleKind": "accreditation.vocabulary",
    "MarkVocabulary": "accreditation.vocabulary",
    "MarkTerm": "accreditation.vocabulary",
    "build_vocabulary": "accreditation.vocabulary",
    "read_accreditation_marks": "accreditation.marks",
    "normalise_name": "names",
}

__all__ = [
    "CERTIFICATE_KINDS",
    "CERTIFICATE_STANDARD",
    "EXTRACTOR_VERSION",
    "SECTOR_FRAMEWORKS",
    "STANDARDS",
    "Accreditation",
    "AccreditationBody",
    "AccreditationStatus",
    "AssessedDocument",
    "Assessment",
    "BuyerProfile",
    "BuyerSector",
    "CbGroup",
    "CertificateFacts",
    "CertificationBody",
    "Confidence",
    "CoverageMatrix",
    "CoverageSource",
    "CoverageState",
    "Criticality",
    "DocumentKind",
    "EstatePart",
    "EventDraft",
    "Evidence",
    "Facts",
    "Finding",
    "FindingCode",
    "FindingEvidence",
    "Framework",
    "LookalikeBody",
    "LookupResult",
    "LookupVerdict",
    "MarkRule",
    "MarkRuleKind",
    "MarkTerm",
    "MarkVocabulary",
    "MlaStatus",
    "OcrPlan",
    "Page",
    "ParsedDocument",
    "Plan",
    "Provenance",
    "RegionalGroup",
    "Registry",
    "RequiredFramework",
    "ReviewedRecord",
    "RiskModel",
    "ScoreBreakdown",
    "Severity",
    "Source",
    "SubScope",
    "TextLine",
    "Tier",
    "VendorProfile",
    "assess",
    "build_questions",
    "build_vocabulary",
    "changes_after",
    "classify",
    "coverage_matrix",
    "deadline_events",
    "diff_assessments",
    "expiring_thresholds",
    "explain",
    "facts_model",
    "implied_events",
    "in_force",
    "inputs_digest",
    "looks_like_certificate",
    "lookup",
    "make_parsed",
    "normalise_name",
    "outcome_digest",
    "page_wants_image_ocr",
    "pages_needing_tables",
    "parse_document_json",
    "parse_pages",
    "plan_document",
    "plan_ocr",
    "questions_csv",
    "questions_markdown",
    "read_accreditation_marks",
    "required_frameworks",
    "transition_events",
    "verify_certification",
]

if TYPE_CHECKING:
    from app.core.accreditation.marks import read_accreditation_marks
    from app.core.accreditation.registry import (
        STANDARDS,
        Accreditation,
        AccreditationBody,
        AccreditationStatus,
        CbGroup,
        CertificationBody,
        LookalikeBody,
        LookupVerdict,
        MlaStatus,
        Provenance,
        RegionalGroup,
        Registry,
        ReviewedRecord,
        Source,
        SubScope,
    )
    from app.core.accreditation.reviewed import in_force
    from app.core.accreditation.verify import LookupResult, lookup, verify_certification
    from app.core.accreditation.vocabulary import (
        MarkRule,
        MarkRuleKind,
        MarkTerm,
        MarkVocabulary,
        build_vocabulary,
    )
    from app.core.assessment import AssessedDocument, Assessment, assess
    from app.core.coverage import (
        CoverageMatrix,
        CoverageSource,
        CoverageState,
        EstatePart,
        coverage_matrix,
    )
    from app.core.diff import diff_assessments
    from app.core.events import (
        EventDraft,
        deadline_events,
        expiring_thresholds,
        implied_events,
        transition_events,
    )
    from app.core.facts import (
        CertificateFacts,
        Confidence,
        Facts,
        ParsedDocument,
        facts_model,
        make_parsed,
        parse_document_json,
    )
    from app.core.findings import Finding, FindingCode, FindingEvidence, Severity
    from app.core.horizon import changes_after, inputs_digest, outcome_digest
    from app.core.kinds import (
        CERTIFICATE_KINDS,
        CERTIFICATE_STANDARD,
        SECTOR_FRAMEWORKS,
        DocumentKind,
    )
    from app.core.names import normalise as normalise_name
    from app.core.pages import Evidence, Page, TextLine
    from app.core.parse.classify import classify, looks_like_certificate, page_wants_image_ocr
    from app.core.parse.pipeline import parse_pages
    from app.core.parse.plan import (
        OcrPlan,
        Plan,
        pages_needing_tables,
        plan_document,
        plan_ocr,
    )
    from app.core.profile import (
        BuyerProfile,
        BuyerSector,
        Criticality,
        Framework,
        RequiredFramework,
        VendorProfile,
        required_frameworks,
    )
    from app.core.questions import build_questions, questions_csv, questions_markdown
    from app.core.risk_model import RiskModel
    from app.core.scoring import ScoreBreakdown, Tier, explain
    from app.core.version import EXTRACTOR_VERSION

_ALIASES: dict[str, str] = {"normalise_name": "normalise"}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'app.core' has no attribute {name!r}")
    value = getattr(import_module(f"app.core.{module}"), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
