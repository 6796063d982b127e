"""SOC 1, SOC 2 and SOC 3 report house styles, 5 to 150 pages.

Styles vary the section names, where the service auditor is named (the opinion's signature,
only a cover image, only the running footer), the control reference scheme, whether each
control maps to several criteria, whether a control has several test rows, whether an
executive summary states the exception count, and the subservice organisations' wording.
Length comes from the number of tested controls and of description sections.
"""

from dataclasses import dataclass

from tests.corpus import images
from tests.corpus.model import SocSpec, fmt_date
from tests.corpus.render import GREY, Sheet, TableStyle

SECTIONS = {
    "roman": ("Section I - Independent Service Auditor's Report", "Section II - Management's Assertion",
              "Section III - Description of the System", "Section IV - Trust Services Criteria, "
              "Related Controls, Tests of Controls and Results", "Section V - Other Information"),
    "numbered": ("1. Report of Independent Accountants", "2. Assertion of Management",
                 "3. System Description", "4. Testing Matrices", "5. Additional Information"),
    "parts": ("Part A: Auditor's Opinion", "Part B: Statement by Management",
              "Part C: Overview of Services and Controls", "Part D: Control Testing Results",
              "Part E: Supplementary Information"),
    "plain": ("Independent Auditor's Report", "Management Assertion", "Our System",
              "Controls, Tests and Results", "Management Responses"),
    # Held-out schemes (the fresh set's styles).
    "section_num": ("Section 1 - Independent Service Auditor's Report",
                    "Section 2 - Management's Assertion", "Section 3 - Description of the System",
                    "Section 4 - Description of Criteria, Controls, Tests and Results of Tests",
                    "Section 5 - Other Information Provided by Management"),
    "roman_bare": ("Section I", "Section II", "Section III", "Section IV", "Section V"),
    "described": ("Report of the Independent Service Auditor", "Assertion of Management",
                  "Description of the System", "Applicable Criteria, Controls and Tests",
                  "Unaudited Information"),
}  # fmt: skip
# A second heading line under a bare section name ("Section IV" / "Tests of Operating ...").
SUBTITLES = {
    "roman_bare": ("Independent Service Auditor's Report", "Assertion of Service Organization "
                   "Management", "Description of the System", "Tests of Operating Effectiveness "
                   "and Results", "Other Information"),
}  # fmt: skip
CRITERIA = ["CC1.1", "CC1.4", "CC2.2", "CC2.3", "CC3.2", "CC4.1", "CC5.3", "CC6.1", "CC6.2",
            "CC6.3", "CC6.6", "CC6.7", "CC6.8", "CC7.1", "CC7.2", "CC7.4", "CC8.1", "CC9.2",
            "A1.2", "A1.3", "C1.1", "PI1.2", "P4.2"]  # fmt: skip
ACTIVITIES = ["Access requests are approved by the system owner before access is granted",
              "Production access requires single sign-on with multi-factor authentication",
              "Access rights are reviewed quarterly by service owners",
              "Leavers' accounts are disabled within one business day",
              "Code changes are peer reviewed and tested before deployment",
              "Vulnerability scans run monthly and critical findings are remediated within 14 days",
              "Backups are taken daily and restores are tested quarterly",
              "Security awareness training is completed by staff annually",
              "Security incidents are logged, triaged and reviewed after closure",
              "Vendors are assessed before onboarding and reviewed annually",
              "Encryption protects customer data at rest and in transit",
              "Risk assessment is performed annually and approved by management"]  # fmt: skip
CATEGORY_NAMES = {"security": "Security", "availability": "Availability",
                  "confidentiality": "Confidentiality", "processing_integrity": "Processing Integrity",
                  "privacy": "Privacy"}  # fmt: skip


@dataclass(frozen=True)
class SocStyle:
    name: str
    sections: str = "roman"
    auditor_at: str = "signature"  # signature | cover_image | footer
    refs: str = "C-{n:02d}"  # control reference scheme
    multi_criteria: bool = False
    multi_tests: bool = False
    summary_count: bool = False
    dates: str = "us"
    filler: int = 4  # description sections (about a third of a page each)
    landscape_tests: bool = False
    # sentence: "No exceptions noted." / "Exception noted: ..." in the results cell;
    # column: "No exceptions noted" / "Exceptions noted" with the detail in its own column;
    # table: as column, and the exceptions listed again in a table after the tests.
    results: str = "sentence"
    basis: bool = False  # a qualified opinion prints its "Basis for Qualified Opinion"
    family: str = "sans"
    aside: bool = False
    kind: str = "soc2_report"


def _period(spec: SocSpec, st: SocStyle) -> str:
    if spec.report_type == "type1":
        return f"as of {fmt_date(spec.end, st.dates)}"
    return f"for the period {fmt_date(spec.start, st.dates)} to {fmt_date(spec.end, st.dates)}"


def _cats(spec: SocSpec) -> str:
    names = [CATEGORY_NAMES[c] for c in spec.categories]
    if not names:
        return "Financial Reporting"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _heading(sheet: Sheet, st: SocStyle, heads: tuple[str, ...], i: int) -> None:
    sheet.line(heads[i], size=14, bold=True)
    if st.sections in SUBTITLES:
        sheet.line(SUBTITLES[st.sections][i], size=12, bold=True)


def _cover(spec: SocSpec, st: SocStyle, sheet: Sheet) -> None:
    sheet.new_page()
    sheet.space(120)
    label = {1: "SOC 1", 2: "SOC 2", 3: "SOC 3"}[spec.soc]
    kind = "Type 2" if spec.report_type == "type2" else "Type 1"
    title = f"{label} {kind} Report" if spec.soc != 3 else "SOC 3 Report"
    sheet.line(spec.org, size=22, bold=True, align="center")
    sheet.line(title, size=20, bold=True, align="center")
    sheet.space(8)
    what = {
        1: "Report on Controls at a Service Organization Relevant to User Entities' Internal "
        "Control over Financial Reporting",
        2: f"Report on Controls Relevant to {_cats(spec)}",
        3: f"General Use Report on Controls Relevant to {_cats(spec)}",
    }[spec.soc]
    sheet.para(what, size=11, align="center")
    sheet.para(
        f"{spec.system}\n{_period(spec, st)[0].upper()}{_period(spec, st)[1:]}",
        size=11,
        align="center",
    )
    if st.auditor_at == "cover_image":
        sheet.image(
            images.banner(spec.auditor, colour=(40, 40, 40), width=2200, height=130),
            x=sheet.margin,
            y=120,
            w=sheet.text_width,
        )
    elif st.auditor_at == "signature":
        sheet.space(200)
        sheet.line(f"Prepared by {spec.auditor}", size=10, align="center")


def _opinion(spec: SocSpec, st: SocStyle, sheet: Sheet, heads: tuple[str, ...]) -> None:
    sheet.new_page()
    _heading(sheet, st, heads, 0)
    sheet.para(f"To the Board of Directors of {spec.org}:", size=10)
    t2 = spec.report_type == "type2"
    subject = {1: "control objectives", 2: "trust services criteria", 3: "trust services criteria"}[
        spec.soc
    ]
    sheet.line("Scope", size=11, bold=True)
    sheet.para(
        f"We have examined {spec.org}'s description of its {spec.system} {_period(spec, st)} "
        f"and the suitability of the design{' and operating effectiveness' if t2 else ''} of "
        f"controls to meet the {subject} relevant to {_cats(spec) if spec.soc != 1 else 'financial reporting'}."
    )
    for sub in spec.subservice:
        if sub.method == "carve-out":
            sheet.para(
                f"{spec.short} uses {sub.name} for {sub.service}. The description excludes the "
                f"controls of {sub.name}, and our examination did not extend to them (carve-out method)."
            )
        else:
            sheet.para(
                f"{spec.short} uses {sub.name} for {sub.service}. The description includes the "
                f"relevant controls of {sub.name}, and our examination covered them (inclusive method)."
            )
    if st.summary_count and t2 and spec.soc == 2:
        n = len(spec.deviations)
        sheet.para(
            f"Summary of results: we tested {spec.controls} controls; exceptions were noted in "
            f"{n} of them."
            if n
            else f"Summary of results: we tested {spec.controls} controls; "
            "no exceptions were noted."
        )
    if spec.opinion == "qualified" and st.basis:
        first = min(spec.deviations) if spec.deviations else 1
        sheet.line("Basis for Qualified Opinion", size=11, bold=True)
        sheet.para(
            f"Control {st.refs.format(n=first)} states that "
            f"{ACTIVITIES[first % len(ACTIVITIES)][0].lower()}"
            f"{ACTIVITIES[first % len(ACTIVITIES)][1:]}. Our tests found that this control did "
            "not operate effectively throughout the period, so the related criterion was not met."
        )
    sheet.line(
        "Opinion" if spec.opinion == "unqualified" else "Qualified Opinion", size=11, bold=True
    )
    if spec.opinion == "qualified":
        sheet.para(
            "In our opinion, except for the effects of the matter described in the Basis for "
            "Qualified Opinion paragraph, in all material respects, the description is fairly "
            "presented and the controls were suitably designed and operated effectively."
        )
    else:
        sheet.para(
            "In our opinion, in all material respects, the description presents the system "
            f"{_period(spec, st)} fairly, and the controls stated in it were suitably designed"
            f"{' and operated effectively' if t2 else ''} to provide reasonable assurance that the "
            f"service commitments and system requirements were achieved."
        )
    sheet.space(6)
    sheet.image(images.signature(len(spec.auditor)), x=sheet.margin, y=sheet.y - 36, w=100)
    sheet.space(40)
    if st.auditor_at == "signature":
        sheet.line(spec.auditor, size=10, bold=True)
    sheet.line(spec.auditor_city, size=10)
    sheet.line(fmt_date(spec.report_date, st.dates), size=10)


def _assertion(spec: SocSpec, st: SocStyle, sheet: Sheet, heads: tuple[str, ...]) -> None:
    sheet.new_page()
    _heading(sheet, st, heads, 1)
    sheet.para(
        f"We have prepared the description of {spec.org}'s {spec.system} {_period(spec, st)}. "
        "We confirm, to the best of our knowledge and belief, that the description fairly "
        "presents the system and that the controls were suitably designed and operated."
    )
    sheet.line(spec.signer, size=10, bold=True)
    sheet.line(spec.org, size=9)


def _description(spec: SocSpec, st: SocStyle, sheet: Sheet, heads: tuple[str, ...]) -> None:
    sheet.new_page()
    _heading(sheet, st, heads, 2)
    sheet.para(f"{spec.org} provides the {spec.system} to business customers.")
    topics = [
        "Infrastructure",
        "Software",
        "People",
        "Procedures",
        "Data",
        "Risk assessment",
        "Monitoring",
        "Change management",
        "Logical access",
        "Incident response",
    ]
    for i in range(st.filler):
        sheet.line(
            f"{topics[i % len(topics)]} ({i // len(topics) + 1})"
            if i >= len(topics)
            else topics[i],
            size=11,
            bold=True,
        )
        topic = topics[i % len(topics)].lower()
        sheet.para(
            f"{spec.short} maintains documented procedures for {topic}. Responsibilities are "
            "assigned to named owners, procedures are reviewed at least annually, and evidence "
            "of operation is retained for the audit period. Changes to these procedures are "
            "approved by the security steering group before they take effect, and staff are "
            "informed through the internal knowledge base.",
            size=9,
        )
        sheet.para(
            f"Tooling that supports {topic} is administered by the platform team. Alerts and "
            "tickets raised by that tooling are tracked to closure, and recurring issues are "
            "discussed at the monthly operations review, whose minutes record the actions "
            "agreed, their owners and their due dates. Metrics on the timeliness of these "
            "activities are reported to senior management every quarter.",
            size=9,
        )
        sheet.para(
            "Exceptions to the documented procedure require written approval from the head of "
            "the function concerned and are time-limited; the register of approved exceptions "
            "is reviewed by the security team each quarter.",
            size=9,
        )
    sheet.line("Subservice organizations", size=11, bold=True)
    if not spec.subservice:
        sheet.para(
            f"{spec.short} does not use subservice organizations for the system described.", size=9
        )
    for sub in spec.subservice:
        sheet.para(f"{sub.name}: {sub.service}. Method: {sub.method}.", size=9)
    sheet.line("Complementary user entity controls", size=11, bold=True)
    sheet.para(
        "User entities are responsible for managing their own users' access and for reporting "
        "suspected incidents promptly.",
        size=9,
    )


def _criteria(i: int, st: SocStyle) -> str:
    first = CRITERIA[i % len(CRITERIA)]
    if not st.multi_criteria:
        return first
    return ", ".join(
        dict.fromkeys(
            [first, CRITERIA[(i * 5 + 3) % len(CRITERIA)], CRITERIA[(i * 7 + 1) % len(CRITERIA)]]
        )
    )


def _tests(spec: SocSpec, st: SocStyle, sheet: Sheet, heads: tuple[str, ...]) -> None:
    sheet.new_page()
    _heading(sheet, st, heads, 3)
    t2 = spec.report_type == "type2"
    rows: list[list[str]] = []
    for i in range(1, spec.controls + 1):
        ref, crit, act = (
            st.refs.format(n=i),
            _criteria(i, st),
            ACTIVITIES[i % len(ACTIVITIES)] + ".",
        )
        if not t2:
            rows.append([ref, crit, act])
            continue
        tests = ["Inspected a sample of instances for evidence of operation."]
        if st.multi_tests:
            tests.append("Observed the control being performed and inquired of the owner.")
        for j, test in enumerate(tests):
            failing = i in spec.deviations and j == len(tests) - 1
            if st.results != "sentence":
                rows.append(
                    [ref, crit, act, test, "Exceptions noted" if failing else "No exceptions noted",
                     spec.deviations[i] if failing else ""]
                )  # fmt: skip
                continue
            result = f"Exception noted: {spec.deviations[i]}" if failing else "No exceptions noted."
            rows.append(
                [ref if j == 0 else "", crit if j == 0 else "", act if j == 0 else "", test, result]
            )
    if t2 and st.results != "sentence":
        sheet.table(
            ["Control", "Criteria", "Control activity", "Test of operating effectiveness",
             "Result", "Exception detail"],
            rows,
            [0.9, 1.0, 3.0, 2.4, 1.3, 2.2],
            TableStyle(size=7.5, header_fill=(0.8, 0.86, 0.93)),
        )  # fmt: skip
        if st.results == "table":
            sheet.line("Summary of exceptions", size=12, bold=True)
            if spec.deviations:
                sheet.table(
                    ["Control", "Exception noted", "Management's response"],
                    [[st.refs.format(n=i), text, "Management has remediated the matter and "
                      "strengthened the control's monitoring."]
                     for i, text in sorted(spec.deviations.items())],
                    [1, 4, 4],
                    TableStyle(size=8),
                )  # fmt: skip
            else:
                sheet.para("No exceptions were noted in the tests of operating effectiveness.")
    elif t2:
        sheet.table(
            ["Ref", "Criteria", "Control activity", "Test performed", "Results"],
            rows,
            [0.9, 1.3, 3.2, 2.8, 2.4],
            TableStyle(size=7.5),
        )
    else:
        sheet.table(["Ref", "Criteria", "Control activity"], rows, [1, 1.5, 6], TableStyle(size=8))


def _soc1_tests(spec: SocSpec, st: SocStyle, sheet: Sheet, heads: tuple[str, ...]) -> None:
    sheet.new_page()
    sheet.line(
        heads[3].replace("Trust Services Criteria", "Control Objectives"), size=14, bold=True
    )
    rows = []
    for i in range(1, spec.controls + 1):
        rows.append(
            [
                f"CO {1 + i // 6}.{i % 6 + 1}",
                "Controls provide reasonable assurance that "
                "transactions are authorised, complete and accurate.",
                ACTIVITIES[i % 12] + ".",
                "No exceptions noted.",
            ]
        )
    sheet.table(
        ["Ref", "Control objective", "Control activity", "Results"],
        rows,
        [1, 3, 3.5, 2],
        TableStyle(size=7.5),
    )


def render_soc(spec: SocSpec, st: SocStyle, seed: int) -> bytes:
    del seed
    heads = SECTIONS[st.sections]
    footer_text = f"{spec.org} | {spec.system}" + (
        f" | {spec.auditor}" if st.auditor_at == "footer" else ""
    )
    sheet = Sheet(
        title=f"SOC {spec.soc} report - {spec.org}",
        author=spec.org,
        family=st.family,
        footer=lambda s: s.at(
            s.width / 2, 20, f"{footer_text} | Page {s.page}", size=7, colour=GREY, align="center"
        ),
    )
    _cover(spec, st, sheet)
    _opinion(spec, st, sheet, heads)
    _assertion(spec, st, sheet, heads)
    if spec.soc == 3:
        _description(spec, st, sheet, heads)
        return sheet.save()
    _description(spec, st, sheet, heads)
    if spec.soc == 1:
        _soc1_tests(spec, st, sheet, heads)
    else:
        _tests(spec, st, sheet, heads)
    sheet.new_page()
    _heading(sheet, st, heads, 4)
    sheet.para(
        "The information in this section is presented by management to provide additional "
        "information and is not part of the description of the system. It has not been "
        "subjected to the procedures applied in the examination.",
        size=9,
    )
    return sheet.save()
