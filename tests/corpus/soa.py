"""Statement of Applicability house styles: ruled grid, zebra, horizontal rules, bullet list,
two columns, tick marks, 2013 edition (the edition comes from the spec).

Every style prints the holder, the SoA's version and date in a header block, then one entry
per Annex A control with its applicability and the justification (an empty reason where the
spec gives none).
"""

from dataclasses import dataclass

from tests.corpus import images
from tests.corpus.model import SoaSpec, control_title, fmt_date
from tests.corpus.render import GREY, Sheet, TableStyle

REASONS = ["Risk assessment", "Contractual requirement", "Legal and regulatory requirement",
           "Business requirement; risk assessment", "Good practice", "Customer commitments"]  # fmt: skip


@dataclass(frozen=True)
class SoaStyle:
    name: str
    layout: str = "grid"  # grid | zebra | rules | list | columns | status | split
    landscape: bool = True
    yes_no: tuple[str, str] = ("Yes", "No")
    ids: str = "A.{id}"  # how ids print: "A.{id}", "{id}", "Annex A {id}"
    header: str = "block"  # block | table | line | cover (a cover page, the table after it)
    dates: str = "iso"
    family: str = "sans"
    classification: str = ""
    logo: bool = False
    aside: bool = False
    kind: str = "soa"


def _id(cid: str, st: SoaStyle) -> str:
    bare = cid.removeprefix("A.")
    return st.ids.format(id=bare)


def _status(spec: SoaSpec, cid: str, st: SoaStyle) -> tuple[str, str, str]:
    """(applicable, implemented, justification) cells."""
    if cid in spec.exclusions:
        return st.yes_no[1], "", spec.exclusions[cid]
    n = sum(map(ord, cid))
    return st.yes_no[0], st.yes_no[0], REASONS[n % len(REASONS)]


def _head(spec: SoaSpec, st: SoaStyle, sheet: Sheet) -> None:
    if st.logo:
        sheet.image(
            images.wordmark(spec.holder.split()[0].upper(), colour=(30, 90, 140)),
            x=sheet.margin,
            y=sheet.height - 60,
            w=110,
        )
        sheet.space(24)
    sheet.line("Statement of Applicability", size=20, bold=True)
    std = f"ISO/IEC 27001:{spec.edition} Annex A"
    when = fmt_date(spec.date, st.dates)
    if st.header == "table":
        sheet.table(
            ["Organisation", "Document version", "Date approved", "Reference"],
            [[spec.holder, spec.version, when, std]],
            [3, 1.3, 1.3, 2.4],
            TableStyle(size=9),
        )
    elif st.header == "cover":
        sheet.space(60)
        sheet.line(spec.holder, size=16, bold=True)
        sheet.space(10)
        sheet.kv(
            [
                ("Document", "Statement of Applicability"),
                ("Reference standard", std),
                ("Version", spec.version),
                ("Approved on", when),
                ("Owner", "Information Security Manager"),
            ],
            key_width=140,
            grid=True,
        )
    elif st.header == "line":
        sheet.para(f"{spec.holder} - SoA version {spec.version} - approved {when} - {std}", size=10)
    else:
        sheet.kv(
            [
                ("Organisation", spec.holder),
                ("Version", spec.version),
                ("Date", when),
                ("Standard", std),
            ],
            key_width=110,
            rules=False,
        )
    if st.classification:
        sheet.para(f"Classification: {st.classification}", size=8, colour=GREY)
    if st.header == "cover":
        sheet.para(
            "This Statement of Applicability records, for each control of Annex A, whether it "
            "is applicable to the organisation, whether it has been implemented and why it "
            "was included or excluded. It is reviewed after every risk assessment.",
            size=10,
        )
        sheet.new_page()


def render_soa(spec: SoaSpec, st: SoaStyle, seed: int) -> bytes:
    del seed
    sheet = Sheet(
        title=f"Statement of Applicability {spec.version}",
        author=spec.holder,
        landscape_=st.landscape,
        family=st.family,
        footer=lambda s: s.at(
            s.width / 2,
            20,
            f"{spec.holder} - Statement of Applicability v{spec.version} - page {s.page}",
            size=7,
            colour=GREY,
            align="center",
        ),
    )
    sheet.new_page()
    _head(spec, st, sheet)
    ids = spec.ids()
    if st.layout in ("grid", "zebra", "rules"):
        style = {
            "grid": TableStyle(grid=True, size=8),
            "zebra": TableStyle(
                grid=False, zebra=(0.9, 0.93, 0.97), header_fill=(0.75, 0.82, 0.9), size=8
            ),
            "rules": TableStyle(grid=False, rules=True, header_fill=None, size=8),
        }[st.layout]
        rows = []
        for cid in ids:
            app, imp, why = _status(spec, cid, st)
            rows.append([_id(cid, st), control_title(cid), app, imp, why])
        sheet.table(
            ["Control", "Title", "Applicable", "Implemented", "Justification"],
            rows,
            [1.1, 3.2, 1.1, 1.2, 4.2],
            style,
        )
    elif st.layout == "status":
        # One status column: "Implemented" or "Not applicable", then the justification.
        rows = []
        for cid in ids:
            excluded = cid in spec.exclusions
            why = spec.exclusions[cid] if excluded else _status(spec, cid, st)[2]
            rows.append([_id(cid, st), control_title(cid), st.yes_no[1 if excluded else 0], why])
        sheet.table(
            ["Control", "Control title", "Status", "Justification"],
            rows,
            [1.1, 3.4, 1.6, 4.6],
            TableStyle(grid=True, header_fill=(0.72, 0.8, 0.9), size=8),
        )
    elif st.layout == "split":
        # Applicability as Yes/No with separate reasons for inclusion and for exclusion.
        rows = []
        for cid in ids:
            app, _, why = _status(spec, cid, st)
            excluded = cid in spec.exclusions
            rows.append(
                [_id(cid, st), control_title(cid), app, "" if excluded else why,
                 why if excluded else ""]
            )  # fmt: skip
        sheet.table(
            ["Ref", "Control", "Applicable", "Reason for inclusion", "Reason for exclusion"],
            rows,
            [1.1, 3.0, 1.1, 3.2, 3.2],
            TableStyle(grid=False, rules=True, header_fill=(0.85, 0.9, 0.85), size=8),
        )
    elif st.layout == "list":
        sheet.para(
            "Each Annex A control is listed with its applicability and the reason for "
            "including or excluding it.",
            size=9,
        )
        for cid in ids:
            app, imp, why = _status(spec, cid, st)
            sheet.para(f"\u2022 {_id(cid, st)} {control_title(cid)}", size=9, bold=True, after=0)
            parts = [f"Applicable: {app}"] + ([f"Implemented: {imp}"] if imp else [])
            parts.append(f"Justification: {why}")
            sheet.para("   ".join(parts), size=9, indent=12, after=3)
    else:  # two columns of compact rows
        half = len(ids) // 2 + len(ids) % 2
        rows = []
        for i in range(half):
            row: list[str] = []
            for cid in (ids[i], ids[i + half] if i + half < len(ids) else ""):
                if not cid:
                    row += ["", "", ""]
                    continue
                app, _, why = _status(spec, cid, st)
                row += [_id(cid, st), app, why]
            rows.append(row)
        sheet.table(
            ["Control", "Applies", "Reason", "Control", "Applies", "Reason"],
            rows,
            [1, 0.8, 3, 1, 0.8, 3],
            TableStyle(grid=True, size=7.5),
        )
    return sheet.save()
