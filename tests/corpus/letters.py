"""House styles for short documents: surveillance letters and audit reports, SOC 2 bridge
letters and ISMS scope statements.

A surveillance letter has a sender (the certification body: letterhead, signature) and an
addressee (the certified organisation); styles vary which of the two comes first, how the
outcome and nonconformities are worded (digits, words, a table), and whether the audit
dates are a day range.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tests.corpus import images
from tests.corpus.model import BridgeSpec, LetterSpec, ScopeSpec, fmt_date
from tests.corpus.render import GREY, Sheet, TableStyle

WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(frozen=True)
class LetterStyle:
    name: str
    layout: str = "letter"  # letter | report | notice | cb_letter | summary
    dates: str = "uk"
    letterhead: str = "text"  # text | image
    counts: str = "digits"  # digits | words | table | recorded | grid (grade labels over counts)
    day_range: bool = False
    cc: str = ""  # a copy line naming a third organisation
    dept_signature: bool = False
    family: str = "sans"
    aside: bool = False
    kind: str = "surveillance_evidence"


_OUTCOME = {
    "continued": "Based on the audit findings, certification is continued and your certificate "
    "remains valid.",
    "suspended": "Because of the major nonconformities that remain open, your certificate is "
    "suspended with immediate effect until they are closed.",
    "withdrawn": "As the nonconformities were not closed within the agreed time, your "
    "certificate has been withdrawn and may no longer be used.",
}
# The held-out layouts state the outcome as a recommendation or a decision in one sentence.
_OUTCOME_SENTENCE = {
    "continued": "On the basis of this audit we recommend continued certification, and your "
    "certificate remains in force.",
    "suspended": "As the major nonconformities have not been closed, certification is suspended "
    "from the date of this letter until they are.",
    "withdrawn": "The certification decision committee has decided that certification is "
    "withdrawn; the certificate and the certification mark may no longer be used.",
}
_RECOMMEND = {"continued": "Continued certification", "suspended": "Certification suspended",
              "withdrawn": "Certificate withdrawn"}  # fmt: skip


def _audit_when(spec: LetterSpec, st: LetterStyle) -> str:
    if not st.day_range:
        return fmt_date(spec.audit_date, st.dates)
    d = spec.audit_date
    last = fmt_date(d.replace(day=d.day + 2), st.dates)
    if st.dates == "us":
        return last.replace(f" {d.day + 2},", f" {d.day}-{d.day + 2},")
    return f"{d.day:02d}-{last}" if st.dates == "uk" else f"{fmt_date(d, st.dates)} to {last}"


def _counts(spec: LetterSpec, st: LetterStyle) -> str:
    if st.counts == "words":
        if spec.majors == 0 and spec.minors == 0:
            return "No major or minor nonconformities were identified during the audit."
        return (
            f"The audit team raised {WORDS[spec.majors]} major nonconformities and "
            f"{WORDS[spec.minors]} minor nonconformities."
        )
    if st.counts == "recorded":
        return (
            f"{spec.majors} major and {spec.minors} minor nonconformities were recorded "
            "against the requirements of the standard."
        )
    return f"Nonconformities raised: {spec.majors} major, {spec.minors} minor."


def _letterhead(spec: LetterSpec, st: LetterStyle, sheet: Sheet) -> None:
    cb = spec.cb
    if st.letterhead == "image":
        sheet.image(
            images.banner(cb.name, colour=cb.colour), x=0, y=sheet.height - 60, w=sheet.width, h=60
        )
        sheet.space(40)
    else:
        sheet.line(cb.name, size=16, bold=True)
        sheet.line(cb.address, size=8, colour=GREY)
    sheet.space(14)


def _sign(spec: LetterSpec, st: LetterStyle, sheet: Sheet) -> None:
    sheet.space(8)
    sheet.para(
        {"letter": "Yours sincerely,", "cb_letter": "Yours faithfully,"}.get(
            st.layout, "Issued by:"
        ),
        size=10,
    )
    sheet.line(spec.signatory, size=10, bold=True)
    if st.dept_signature:
        sheet.line("Head of Certification Decisions, ISMS Programme Office", size=9)
        sheet.line(f"for and on behalf of {spec.cb.name}", size=9)
    else:
        sheet.line(f"Certification Manager, {spec.cb.name}", size=9)
    if st.cc:
        sheet.space(10)
        sheet.line(f"cc: {st.cc}", size=8, colour=GREY)


def render_letter(spec: LetterSpec, st: LetterStyle, seed: int) -> bytes:
    del seed
    sheet = Sheet(
        title=f"{spec.audit_type.title()} audit {spec.number}",
        author=spec.cb.name,
        family=st.family,
        footer=lambda s: s.at(
            s.width / 2, 20, spec.cb.address, size=7, colour=GREY, align="center"
        ),
    )
    sheet.new_page()
    std = f"ISO/IEC {spec.standard}:2022"
    audit = "surveillance audit" if spec.audit_type == "surveillance" else "recertification audit"
    if st.layout == "report":
        _letterhead(spec, st, sheet)
        sheet.line(f"{audit.title()} report", size=18, bold=True)
        rows = [
            ("Client", spec.holder),
            ("Address", spec.holder_address),
            ("Certificate number", spec.number),
            ("Standard", std),
            ("Audit type", audit.capitalize()),
            ("Audit dates", _audit_when(spec, st)),
        ]
        if st.counts == "table":
            rows += [
                ("Major nonconformities", str(spec.majors)),
                ("Minor nonconformities", str(spec.minors)),
            ]
        rows.append(("Recommendation", _RECOMMEND[spec.outcome]))
        sheet.kv(rows, key_width=150)
        sheet.para("Summary", size=11, bold=True, after=2)
        if st.counts == "grid":
            sheet.table(
                ["Major", "Minor", "Observations"],
                [[str(spec.majors), str(spec.minors), "3"]],
                [1, 1, 1],
            )
        elif st.counts != "table":
            sheet.para(_counts(spec, st))
        sheet.para(_OUTCOME[spec.outcome])
        sheet.para(f"Report date: {fmt_date(spec.letter_date, st.dates)}", size=9)
        _sign(spec, st, sheet)
        return sheet.save()
    if st.layout == "cb_letter":
        # The CB's letterhead with its office address on the right, the addressee on the left.
        sheet.at(sheet.width - sheet.margin, sheet.y - 16, spec.cb.name, size=13, bold=True,
                 align="right")  # fmt: skip
        for i, part in enumerate(spec.cb.address.split(", ")):
            sheet.at(sheet.width - sheet.margin, sheet.y - 30 - 10 * i, part, size=8,
                     colour=GREY, align="right")  # fmt: skip
        sheet.space(40 + 10 * len(spec.cb.address.split(", ")))
        sheet.para(f"{spec.holder}\n{spec.holder_address}", size=10)
        sheet.para(fmt_date(spec.letter_date, st.dates), size=10)
        sheet.line(f"Re: {std} {audit}, certificate no. {spec.number}", size=11, bold=True)
        sheet.para("Dear Sir or Madam,", size=10)
        sheet.para(
            f"Thank you for hosting our auditors for the {audit} of your management system, "
            f"which took place on {_audit_when(spec, st)}."
        )
        sheet.para(_counts(spec, st))
        sheet.para(_OUTCOME_SENTENCE[spec.outcome])
        _sign(spec, st, sheet)
        return sheet.save()
    if st.layout == "summary":
        # A one-row audit summary table, the outcome as a sentence below it.
        _letterhead(spec, st, sheet)
        sheet.line(f"{audit.title()} summary", size=16, bold=True)
        sheet.para(f"Organisation: {spec.holder}, {spec.holder_address}", size=10)
        sheet.table(
            ["Certificate", "Standard", "Audit type", "Audit date(s)", "Major NCs", "Minor NCs"],
            [[spec.number, std, audit.capitalize(), _audit_when(spec, st), str(spec.majors),
              str(spec.minors)]],
            [1.6, 1.6, 1.8, 1.8, 0.9, 0.9],
            TableStyle(size=8.5),
        )  # fmt: skip
        sheet.line("Outcome", size=11, bold=True)
        sheet.para(_OUTCOME_SENTENCE[spec.outcome])
        sheet.para(f"Date of this summary: {fmt_date(spec.letter_date, st.dates)}", size=9)
        _sign(spec, st, sheet)
        return sheet.save()
    if st.layout == "notice":
        # The addressee comes first, the sender only in the signature and footer.
        sheet.space(20)
        sheet.para(f"To: {spec.holder}\n{spec.holder_address}", size=10)
        sheet.para(f"Date: {fmt_date(spec.letter_date, st.dates)}", size=10)
        sheet.line(f"Notice of {audit} outcome - certificate {spec.number}", size=13, bold=True)
    else:
        _letterhead(spec, st, sheet)
        sheet.para(fmt_date(spec.letter_date, st.dates), size=10)
        sheet.para(f"{spec.holder}\n{spec.holder_address}", size=10)
        sheet.line(f"{audit.title()} - certificate {spec.number}", size=12, bold=True)
    sheet.para(
        f"We carried out a {audit} of your management system against {std} on "
        f"{_audit_when(spec, st)}."
    )
    sheet.para(_counts(spec, st))
    sheet.para(_OUTCOME[spec.outcome])
    _sign(spec, st, sheet)
    return sheet.save()


@dataclass(frozen=True)
class BridgeStyle:
    name: str
    layout: str = "letter"  # letter | table | memo | memorandum
    dates: str = "us"
    phrasing: str = "engaged"  # engaged | performed_by | auditor_first
    aside: bool = False
    kind: str = "soc2_bridge_letter"


def _bridge_intro(spec: BridgeSpec, st: BridgeStyle, d: Callable[[date], str]) -> str:
    period = f"{d(spec.report_start)} through {d(spec.report_end)}"
    match st.phrasing:
        case "performed_by":
            return (
                f"This letter relates to the SOC 2 Type 2 examination of {spec.org}'s system for "
                f"the period from {d(spec.report_start)} to {d(spec.report_end)}, performed by "
                f"{spec.auditor}."
            )
        case "auditor_first":
            return (
                f"{spec.auditor} issued our most recent SOC 2 Type 2 report, which covers {period}."
            )
    return (
        f"{spec.org} engaged {spec.auditor} to examine its controls. Their SOC 2 Type 2 "
        f"report covers the period {period}."
    )


def render_bridge(spec: BridgeSpec, st: BridgeStyle, seed: int) -> bytes:
    del seed
    sheet = Sheet(title="SOC 2 bridge letter", author=spec.org)
    sheet.new_page()

    def d(day: date) -> str:
        return fmt_date(day, st.dates)

    if st.layout == "memorandum":
        return _bridge_memo(spec, st, sheet, d)
    if st.layout == "memo":
        sheet.line("MEMORANDUM", size=15, bold=True)
        sheet.space(6)
        sheet.kv(
            [
                ("From", spec.org),
                ("Date", d(spec.letter_date)),
                ("Subject", "SOC 2 gap letter"),
                ("Examination period", f"{d(spec.report_start)} - {d(spec.report_end)}"),
                ("Independent service auditor", spec.auditor),
            ],
            key_width=170,
            colon=True,
        )
    else:
        sheet.line(spec.org, size=15, bold=True)
        sheet.space(10)
        sheet.para(d(spec.letter_date))
        sheet.para(
            "To our customers and their auditors:" if st.layout == "letter" else "Re: Bridge letter"
        )
    if st.layout == "table":
        sheet.kv(
            [
                ("Report", "SOC 2 Type 2"),
                ("Service auditor", spec.auditor),
                ("Report period", f"{d(spec.report_start)} to {d(spec.report_end)}"),
                ("Bridge period", f"{d(spec.report_end)} to {d(spec.bridge_end)}"),
            ],
            key_width=130,
        )
    elif st.layout == "letter":
        sheet.para(_bridge_intro(spec, st, d))
    if spec.material_changes:
        sheet.para(
            f"Since the end of that period and through {d(spec.bridge_end)}, the following "
            f"material changes have occurred to our system of internal control: {spec.change_text}"
        )
    elif st.layout == "memo":
        sheet.para(
            f"Management confirms that no significant changes to the system or its controls "
            f"occurred between {d(spec.report_end)} and {d(spec.bridge_end)}."
        )
    else:
        sheet.para(
            f"As of {d(spec.bridge_end)}, management is not aware of any material changes to "
            f"the system or the controls described in that report since {d(spec.report_end)}."
        )
    sheet.para(
        "This letter is provided by management and is not an auditor's opinion. The next "
        "SOC 2 report is expected to be issued after the current period ends.",
        size=9,
    )
    sheet.space(10)
    sheet.line(spec.signer, size=10, bold=True)
    sheet.line(spec.org, size=9)
    return sheet.save()


def _bridge_memo(
    spec: BridgeSpec, st: BridgeStyle, sheet: Sheet, d: Callable[[date], str]
) -> bytes:
    """A memorandum: To/From/Date/Subject, the bridged report and the gap period in sentences."""
    del st
    sheet.line("MEMORANDUM", size=18, bold=True)
    sheet.kv(
        [
            ("To", "Customers, prospective customers and their auditors"),
            ("From", f"Management of {spec.org}"),
            ("Date", d(spec.letter_date)),
            ("Subject", "SOC 2 Type II bridge letter (gap letter)"),
        ],
        key_width=80,
    )
    sheet.para(
        f"The most recent SOC 2 Type II examination of {spec.org} was performed by "
        f"{spec.auditor} and covered {d(spec.report_start)} through {d(spec.report_end)}. "
        f"This letter bridges the gap between the end of that period and {d(spec.bridge_end)}."
    )
    if spec.material_changes:
        sheet.para(
            f"During the bridge period we made the following material changes: {spec.change_text}"
        )
    else:
        sheet.para(
            "We confirm that, during the bridge period, there have been no material changes to "
            "our system of internal control, and we are not aware of any significant "
            "deficiencies or control failures."
        )
    sheet.para(
        "This memorandum is provided by management; it has not been examined by a service auditor.",
        size=9,
    )
    sheet.space(10)
    sheet.line(spec.signer, size=10, bold=True)
    sheet.line(spec.org, size=9)
    return sheet.save()


@dataclass(frozen=True)
class ScopeStyle:
    name: str
    box: bool = False
    label: str = "In scope"
    dates: str = "iso"
    layout: str = "plain"  # plain | policy (numbered sections and a document control table)
    aside: bool = False
    kind: str = "scope_statement"


def render_scope(spec: ScopeSpec, st: ScopeStyle, seed: int) -> bytes:
    del seed
    sheet = Sheet(
        title="ISMS scope statement",
        author=spec.holder,
        footer=lambda s: s.at(s.width / 2, 20, "Public", size=7, colour=GREY, align="center"),
    )
    sheet.new_page()
    if st.layout == "policy":
        sheet.line(spec.holder, size=11, colour=GREY)
        sheet.line("ISMS Scope Statement", size=20, bold=True)
        sheet.table(
            ["Document owner", "Approved", "Classification"],
            [["Chief Information Security Officer", fmt_date(spec.date, st.dates), "Public"]],
            [2, 1.5, 1.2],
            TableStyle(size=9),
        )
        sheet.line("1. Purpose", size=12, bold=True)
        sheet.para(
            "This document defines the boundaries and applicability of the information "
            "security management system, as required by clause 4.3 of ISO/IEC 27001:2022."
        )
        sheet.line(f"2. {st.label}", size=12, bold=True)
        sheet.para(spec.scope)
        sheet.line("3. Locations", size=12, bold=True)
        sheet.para("; ".join(spec.sites) or "All staff work remotely; there are no offices.")
        sheet.line("4. Exclusions", size=12, bold=True)
        sheet.para(spec.out_of_scope or "There are no exclusions from the scope.")
        return sheet.save()
    sheet.line("Scope of the Information Security Management System", size=16, bold=True)
    sheet.para(f"Organisation: {spec.holder}\nIssued: {fmt_date(spec.date, st.dates)}", size=10)
    if st.box:
        sheet.box([st.label, spec.scope], bold_first=True)
    else:
        sheet.line(st.label, size=12, bold=True)
        sheet.para(spec.scope)
    if spec.sites:
        sheet.line("Locations", size=12, bold=True)
        sheet.table(
            None, [[s] for s in spec.sites], [1], TableStyle(grid=False, rules=True, size=9)
        )
    sheet.line("Exclusions", size=12, bold=True)
    sheet.para(spec.out_of_scope or "Nothing is excluded from the scope described above.")
    return sheet.save()
