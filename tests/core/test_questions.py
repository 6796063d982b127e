"""Vendor questions: grouped by topic, most severe first, as JSON, CSV and Markdown."""

import csv
import io
from datetime import date

from app.core.findings import Finding, FindingCode, FindingEvidence, Severity
from app.core.questions import build_questions, questions_csv, questions_markdown


def _f(code: FindingCode, severity: Severity, ask: str, document: str | None = None) -> Finding:
    evidence = [FindingEvidence(document=document)] if document else []
    return Finding(
        code=code,
        severity=severity,
        title=code.value.title(),
        detail="d",
        evidence=evidence,
        ask_vendor=ask,
    )


FINDINGS = [
    _f(FindingCode.SOC2_CARVE_OUT, Severity.low, "Send AWS SOC 2?", "soc2.pdf"),
    _f(FindingCode.CERT_EXPIRED, Severity.critical, "Send the renewed certificate?", "a.pdf"),
    _f(FindingCode.SOC2_EXCEPTIONS, Severity.medium, "Explain the deviations?", "soc2.pdf"),
    _f(FindingCode.DOCUMENT_UNREADABLE, Severity.medium, "Resend it?", "x.pdf"),
    _f(FindingCode.DOCUMENT_UNREADABLE, Severity.medium, "Resend it?", "y.pdf"),
]


def test_groups_ordered_by_severity_and_numbered() -> None:
    q = build_questions(FINDINGS, vendor="Northwind", as_of=date(2026, 11, 23))
    assert [g.family for g in q.groups] == ["certificate", "soc2", "documents"]
    assert [g.severity for g in q.groups] == [Severity.critical, Severity.medium, Severity.medium]
    soc2 = q.groups[1]
    assert [x.code for x in soc2.questions] == [
        FindingCode.SOC2_EXCEPTIONS,
        FindingCode.SOC2_CARVE_OUT,
    ]
    assert [x.number for g in q.groups for x in g.questions] == [1, 2, 3, 4]
    assert q.count == 4


def test_same_question_is_asked_once_naming_every_document() -> None:
    q = build_questions(FINDINGS)
    (resend,) = q.groups[-1].questions
    assert resend.documents == ["x.pdf", "y.pdf"]


def test_json_csv_markdown() -> None:
    q = build_questions(FINDINGS, vendor="Northwind", as_of=date(2026, 11, 23))
    assert (
        q.model_dump(mode="json")["groups"][0]["questions"][0]["question"]
        == "Send the renewed certificate?"
    )
    rows = list(csv.DictReader(io.StringIO(questions_csv(q))))
    assert len(rows) == 4
    assert rows[0]["topic"] == "Certificate validity"
    assert rows[3]["documents"] == "x.pdf; y.pdf"
    md = questions_markdown(q)
    assert md.startswith("# Questions for Northwind\n")
    assert "## SOC 2 assurance" in md
    assert "1. **[critical] Cert_Expired** (re: a.pdf): Send the renewed certificate?" in md


def test_no_findings() -> None:
    q = build_questions([])
    assert q.count == 0
    assert "nothing to ask" in questions_markdown(q)
    assert questions_csv(q).strip() == "number,topic,severity,code,finding,question,documents"
