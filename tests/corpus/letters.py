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
    layout: str = "letter"  # letter | report | notice
    dates: str = "uk"
    letterhead: str = "text"  # text | image
    counts: str = "digits"  # digits | words | table | grid (a row of grade labels over counts)
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
    sheet.para("Yours sincerely," if st.layout == "letter" else "Issued by:", size=10)
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
    layout: str = "letter"  # letter | table | memo
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


@dataclass(frozen=True)
class ScopeStyle:
    name: str
    box: bool = False
    label: str = "In scope"
    dates: str = "iso"
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
