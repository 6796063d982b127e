"""Follow-up questions for the vendor from the open findings (issue 6, `GET .../questions`).

Each finding's `ask_vendor` becomes one numbered question, grouped by topic (the rule's
family) with the most severe topics first; the same question raised by several documents is
asked once, naming them all. Rendered as a JSON-able model, CSV text and Markdown text.
"""

import csv
import io
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from app.core.checks import FAMILY_BY_CODE
from app.core.findings import Finding, FindingCode, Severity

_FROZEN = ConfigDict(frozen=True, extra="forbid")

TOPICS: dict[str, str] = {
    "certificate": "Certificate validity",
    "accreditation": "Certification body and accreditation",
    "surveillance": "Surveillance audits",
    "scope": "Certification scope",
    "soa": "Statement of Applicability",
    "soc2": "SOC 2 assurance",
    "frameworks": "Required frameworks and AI governance",
    "documents": "Documents supplied",
}
_TOPIC_ORDER = list(TOPICS)


class VendorQuestion(BaseModel):
    """One question to send, the finding behind it and the documents it concerns."""

    model_config = _FROZEN

    number: int
    code: FindingCode
    severity: Severity
    finding: str
    question: str
    documents: list[str]


class QuestionGroup(BaseModel):
    """The questions of one topic, most severe first."""

    model_config = _FROZEN

    topic: str
    family: str
    severity: Severity
    questions: list[VendorQuestion]


class VendorQuestions(BaseModel):
    """Every question for the vendor, grouped."""

    model_config = _FROZEN

    vendor: str | None
    as_of: date | None
    count: int
    groups: list[QuestionGroup]


def _merged(findings: Sequence[Finding]) -> list[tuple[Finding, list[str]]]:
    """One entry per distinct question, with every document that raised it."""
    by_question: dict[tuple[FindingCode, str], tuple[Finding, list[str]]] = {}
    for f in findings:
        entry = by_question.setdefault((f.code, f.ask_vendor), (f, []))
        if f.severity.rank > entry[0].severity.rank:
            entry = by_question[(f.code, f.ask_vendor)] = (f, entry[1])
        entry[1].extend(e.document for e in f.evidence if e.document not in entry[1])
    return list(by_question.values())


def build_questions(
    findings: Sequence[Finding], *, vendor: str | None = None, as_of: date | None = None
) -> VendorQuestions:
    """Group the findings' questions by topic; topics and questions most severe first."""
    families: dict[str, list[tuple[Finding, list[str]]]] = {}
    for finding, docs in _merged(findings):
        families.setdefault(FAMILY_BY_CODE[finding.code], []).append((finding, docs))
    ordered = sorted(
        families.items(),
        key=lambda kv: (-max(f.severity.rank for f, _ in kv[1]), _TOPIC_ORDER.index(kv[0])),
    )
    groups: list[QuestionGroup] = []
    number = 0
    for family, entries in ordered:
        entries.sort(key=lambda e: (-e[0].severity.rank, e[0].code.value, e[1], e[0].ask_vendor))
        questions = []
        for finding, docs in entries:
            number += 1
            questions.append(
                VendorQuestion(
                    number=number,
                    code=finding.code,
                    severity=finding.severity,
                    finding=finding.title,
                    question=finding.ask_vendor,
                    documents=docs,
                )
            )
        groups.append(
            QuestionGroup(
                topic=TOPICS[family],
                family=family,
                severity=questions[0].severity,
                questions=questions,
            )
        )
    return VendorQuestions(vendor=vendor, as_of=as_of, count=number, groups=groups)


CSV_COLUMNS = ("number", "topic", "severity", "code", "finding", "question", "documents")


def questions_csv(questions: VendorQuestions) -> str:
    """One row per question (documents joined by '; '), with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in questions.groups:
        for q in group.questions:
            writer.writerow(
                [
                    q.number,
                    group.topic,
                    q.severity.value,
                    q.code.value,
                    q.finding,
                    q.question,
                    "; ".join(q.documents),
                ]
            )
    return out.getvalue()


def questions_markdown(questions: VendorQuestions) -> str:
    """A document to paste into an email or ticket: one section per topic, numbered."""
    title = "Questions for " + (questions.vendor or "the vendor")
    lines = [f"# {title}", ""]
    if questions.as_of:
        lines += [f"Based on the assessment as of {questions.as_of.isoformat()}.", ""]
    if not questions.groups:
        lines.append("No open findings: nothing to ask.")
    for group in questions.groups:
        lines += [f"## {group.topic}", ""]
        for q in group.questions:
            about = f" (re: {', '.join(q.documents)})" if q.documents else ""
            lines.append(f"{q.number}. **[{q.severity.value}] {q.finding}**{about}: {q.question}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
