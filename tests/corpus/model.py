"""What a generated document says: organisations, certification bodies, dates and the facts
of each document kind, independent of how a house style lays them out.

Each `*Spec` is the single source of truth for one document: the renderer prints it and
`facts()` writes its ground truth in the shared corpus's `expected.json` format (CONTRACT §2
fact names; SoA summarised as `controls_count` / `excluded_controls` /
`unjustified_exclusions`). Only facts the document states unambiguously are listed.
"""

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 23)

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"],
}  # fmt: skip


def _ordinal(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def fmt_date(d: date, style: str) -> str:
    """A date as a house style prints it."""
    en = MONTHS["en"]
    match style:
        case "iso":
            return d.isoformat()
        case "uk":
            return f"{d.day} {en[d.month - 1]} {d.year}"
        case "uk_ord":
            suffix = (
                "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
            )
            return f"{d.day}{suffix} {en[d.month - 1]} {d.year}"
        case "us":
            return f"{en[d.month - 1]} {d.day}, {d.year}"
        case "mon":
            return f"{d.day:02d}-{en[d.month - 1][:3]}-{d.year}"
        case "dotted" | "de":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        case "de_long":
            return f"{d.day}. {MONTHS['de'][d.month - 1]} {d.year}"
        case "fr":
            day = "1er" if d.day == 1 else str(d.day)
            return f"{day} {MONTHS['fr'][d.month - 1]} {d.year}"
        case "es":
            return f"{d.day} de {MONTHS['es'][d.month - 1]} de {d.year}"
        case "us_ord":
            return f"{en[d.month - 1]} {d.day}{_ordinal(d.day)}, {d.year}"
        case "us_abbr":
            return f"{en[d.month - 1][:3]} {d.day}, {d.year}"
        case "it":
            return f"{d.day} {MONTHS['it'][d.month - 1]} {d.year}"
        case "slash_dmy":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        case "nl":
            return f"{d.day} {MONTHS['nl'][d.month - 1]} {d.year}"
        case "dash_dmy":
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        case "pt":
            return f"{d.day} de {MONTHS['pt'][d.month - 1]} de {d.year}"
        case "sv":
            return f"{d.day} {MONTHS['sv'][d.month - 1]} {d.year}"
    raise ValueError(style)


@dataclass(frozen=True)
class CertBody:
    """A certification body as printed: name, wordmark, accreditation text and office."""

    name: str
    short: str  # what its logo/wordmark says
    ab: str | None  # canonical accreditation body code printed (None: no mark at all)
    ab_line: str  # accreditation as printed in text ("UKAS Management Systems 003")
    ab_number: str  # number printed with the mark ("" if none)
    address: str
    colour: tuple[int, int, int]
    real: bool = True
    # False when the printed accreditation body has no canonical code (an invented
    # "forum"): the fact `accreditation_body` is then not asserted.
    ab_known: bool = True


BSI = CertBody(
    "BSI Assurance UK Ltd",
    "bsi.",
    "UKAS",
    "UKAS Management Systems 003",
    "003",
    "Kitemark Court, Davy Avenue, Knowlhill, Milton Keynes MK5 8PP, United Kingdom",
    (20, 20, 20),
)
LRQA = CertBody(
    "LRQA Limited",
    "LRQA",
    "UKAS",
    "UKAS Management Systems 001",
    "001",
    "1 Trinity Park, Bickenhill Lane, Birmingham B37 7ES, United Kingdom",
    (92, 38, 134),
)
COALFIRE = CertBody(
    "Coalfire ISO, Inc.",
    "COALFIRE",
    "ANAB",
    "ANAB accredited, Management Systems",
    "",
    "8480 E Orchard Road, Suite 5800, Greenwood Village, CO 80111, USA",
    (0, 84, 130),
)
SCHELLMAN = CertBody(
    "Schellman Compliance, LLC",
    "SCHELLMAN",
    "ANAB",
    "ANAB accredited Management Systems Certification Body",
    "",
    "4010 W Boy Scout Blvd, Suite 600, Tampa, FL 33607, USA",
    (0, 90, 60),
)
ALIGN = CertBody(
    "A-LIGN Compliance and Advisory LLC",
    "A-LIGN",
    "ANAB",
    "ANAB Management Systems Accreditation",
    "",
    "400 N Ashley Dr, Suite 1325, Tampa, FL 33602, USA",
    (230, 80, 30),
)
DNV = CertBody(
    "DNV Business Assurance UK Limited",
    "DNV",
    "UKAS",
    "UKAS Management Systems 0008",
    "",
    "4th Floor, Vivo Building, 30 Stamford Street, London SE1 9LQ, United Kingdom",
    (0, 50, 110),
)
TUV_SUD = CertBody(
    "TÜV SÜD Management Service GmbH",
    "TÜV SÜD",
    "DAkkS",
    "DAkkS D-ZM-14137-01-00",
    "D-ZM-14137-01-00",
    "Ridlerstraße 65, 80339 München, Deutschland",
    (0, 80, 160),
)
TUV_NORD = CertBody(
    "TÜV NORD CERT GmbH",
    "TÜV NORD",
    "DAkkS",
    "DAkkS D-ZM-16031-01-00",
    "D-ZM-16031-01-00",
    "Am TÜV 1, 45307 Essen, Deutschland",
    (0, 70, 140),
)
BV = CertBody(
    "Bureau Veritas Certification Holding SAS",
    "BUREAU VERITAS",
    "UKAS",
    "UKAS Management Systems 008",
    "",
    "Le Triangle de l'Arche, 8 Cours du Triangle, 92937 Paris La Défense, France",
    (170, 20, 30),
)
EY = CertBody(
    "Ernst & Young CertifyPoint B.V.",
    "EY",
    "RvA",
    "RvA C 322",
    "C 322",
    "Antonio Vivaldistraat 150, 1083 HP Amsterdam, the Netherlands",
    (60, 60, 60),
)
NQA = CertBody(
    "National Quality Assurance Limited",
    "NQA",
    "UKAS",
    "UKAS Management Systems 0015",
    "",
    "Warwick House, Houghton Hall Park, Houghton Regis, Dunstable LU5 5ZX, United Kingdom",
    (0, 100, 170),
)
ISOQAR = CertBody(
    "Alcumus ISOQAR Limited",
    "ISOQAR",
    "UKAS",
    "UKAS Management Systems 2125",
    "",
    "Unit 4, Cavendish Court, Manchester M9 8TA, United Kingdom",
    (200, 90, 20),
)
PRESCIENT = CertBody(
    "Prescient Assurance LLC",
    "PRESCIENT",
    "ANAB",
    "ANAB Accredited Management Systems",
    "",
    "1100 Market Street, Chattanooga, TN 37402, USA",
    (40, 40, 120),
)
LINFORD = CertBody(
    "Linford & Company LLP",
    "LINFORD & CO",
    "ANAB",
    "ANAB accredited Management Systems",
    "",
    "1550 Wewatta Street, 2nd Floor, Denver, CO 80202, USA",
    (10, 70, 40),
)
MHM = CertBody(
    "MHM Advisory Ltd",
    "MHM",
    "SCC",
    "SCC Accredited Management Systems Certification Body",
    "",
    "100 King Street West, Suite 5700, Toronto, ON M5X 1C7, Canada",
    (120, 0, 40),
)
# Invented bodies (not in the reference data).
STRATUM = CertBody(
    "Stratum Registrar Services Ltd",
    "STRATUM",
    "IAC",
    "Accredited by IAC - International Accreditation Council, IAC-MSCB-7731",
    "IAC-MSCB-7731",
    "Office 9, 221 Ashby Road, Loughborough LE11 3AD, United Kingdom",
    (90, 90, 30),
    real=False,
)
KESTREL = CertBody(
    "Kestrel Compliance Certification Ltd",
    "KESTREL",
    "UKAS",
    "UKAS Management Systems 9471",
    "9471",
    "3 Quayside Walk, Hull HU1 1TJ, United Kingdom",
    (30, 110, 110),
    real=False,
)
ORBIS = CertBody(
    "Orbis Quality Certifications Pvt. Ltd.",
    "ORBIS",
    None,
    "",
    "",
    "B-14, Sector 63, Noida 201301, India",
    (160, 100, 0),
    real=False,
)
VANTAGE = CertBody(
    "Vantage Global Certification Services",
    "VANTAGE",
    "GAF",
    "Accredited by Global Accreditation Forum (GAF), GAF-CB-2207",
    "GAF-CB-2207",
    "Suite 12, 8 Harbour Road, Limassol 3036, Cyprus",
    (40, 120, 60),
    real=False,
    ab_known=False,
)


def annex_a(edition: str) -> list[str]:
    """Annex A control ids of ISO/IEC 27001:`edition`, from the project's reference data."""
    path = REPO / "accreditation_data" / f"annex_a_iso27001_{edition}.csv"
    with path.open(encoding="utf-8") as fh:
        return [row["id"] for row in csv.DictReader(fh)]


_WORDS = ["policy", "asset", "access", "supplier", "incident", "continuity", "compliance",
          "personnel", "physical", "endpoint", "network", "logging", "cryptography",
          "development", "backup", "monitoring", "configuration", "records", "privacy", "testing"]  # fmt: skip


def control_title(cid: str) -> str:
    """A short invented title for a control id (stable per id)."""
    n = sum(ord(ch) * (i + 1) for i, ch in enumerate(cid))
    return f"{_WORDS[n % 20].capitalize()} {_WORDS[(n // 7) % 20]} controls"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class CertSpec:
    """An ISO/IEC 27001 / 42001 / 27701 certificate."""

    standard: str  # "27001" | "42001" | "27701"
    version: str
    number: str
    holder: str
    holder_address: str
    cb: CertBody
    scope: str
    issue: date
    expiry: date
    first: date | None = None
    sites: tuple[str, ...] = ()
    last_audit: date | None = None
    due_dates: tuple[date, ...] = ()
    soa_ref: str | None = None
    validity_years: int | None = None

    @property
    def kind(self) -> str:
        return f"iso{self.standard}_certificate"

    def facts(self, *, sites_printed: bool = True, scope_certain: bool = True) -> dict[str, Any]:
        f: dict[str, Any] = {
            "standard": f"ISO/IEC {self.standard}",
            "standard_version": self.version,
            "certificate_number": self.number,
            "holder": self.holder,
            "certification_body": self.cb.name,
            "issue_date": _iso(self.issue),
            "expiry_date": _iso(self.expiry),
        }
        if self.cb.ab_known:
            f["accreditation_body"] = self.cb.ab
        if self.first:
            f["original_certification_date"] = _iso(self.first)
        if scope_certain:
            f["scope"] = self.scope
        if self.sites and sites_printed:
            f["sites"] = list(self.sites)
        if self.last_audit:
            f["last_audit_date"] = _iso(self.last_audit)
        if self.due_dates:
            f["surveillance_due_dates"] = [d.isoformat() for d in self.due_dates]
        return f


@dataclass(frozen=True)
class SoaSpec:
    holder: str
    version: str
    date: date
    edition: str = "2022"
    exclusions: dict[str, str] = field(default_factory=dict)  # id -> reason ("" = none)
    missing: tuple[str, ...] = ()  # ids left out of the document

    kind = "soa"

    def ids(self) -> list[str]:
        return [c for c in annex_a(self.edition) if c not in self.missing]

    def facts(self) -> dict[str, Any]:
        ids = self.ids()
        f: dict[str, Any] = {
            "standard_version": self.edition,
            "holder": self.holder,
            "version": self.version,
            "date": self.date.isoformat(),
            "controls_count": len(ids),
            "excluded_controls": sorted(c for c in ids if c in self.exclusions),
        }
        unjustified = sorted(c for c in ids if c in self.exclusions and not self.exclusions[c])
        if unjustified:
            f["unjustified_exclusions"] = unjustified
        return f


@dataclass(frozen=True)
class ScopeSpec:
    holder: str
    scope: str
    date: date
    sites: tuple[str, ...] = ()
    out_of_scope: str = ""

    kind = "scope_statement"

    def facts(self) -> dict[str, Any]:
        return {"holder": self.holder, "scope": self.scope, "date": self.date.isoformat()}


@dataclass(frozen=True)
class LetterSpec:
    """A certification body's surveillance or recertification audit letter/report."""

    cb: CertBody
    holder: str
    holder_address: str
    number: str
    standard: str
    audit_type: str  # surveillance | recertification
    audit_date: date
    letter_date: date
    outcome: str  # continued | suspended | withdrawn
    majors: int
    minors: int
    signatory: str

    kind = "surveillance_evidence"

    def facts(self) -> dict[str, Any]:
        return {
            "certification_body": self.cb.name,
            "holder": self.holder,
            "certificate_number": self.number,
            "audit_type": self.audit_type,
            "audit_date": self.audit_date.isoformat(),
            "outcome": self.outcome,
            "major_nonconformities": self.majors,
            "minor_nonconformities": self.minors,
        }


@dataclass(frozen=True)
class Subservice:
    name: str
    service: str
    method: str  # carve-out | inclusive


@dataclass(frozen=True)
class SocSpec:
    """A SOC 1, SOC 2 or SOC 3 report."""

    soc: int  # 1, 2 or 3
    org: str
    short: str
    system: str
    auditor: str
    auditor_city: str
    report_type: str  # type1 | type2 (SOC 3: type2 period)
    start: date
    end: date
    report_date: date
    categories: tuple[str, ...] = ("security", "availability")
    opinion: str = "unqualified"
    deviations: dict[int, str] = field(default_factory=dict)  # control index -> deviation text
    subservice: tuple[Subservice, ...] = ()
    controls: int = 40  # tested controls (drives length)
    signer: str = "Chief Executive Officer"

    @property
    def kind(self) -> str:
        return f"soc{self.soc}_report"

    def facts(self) -> dict[str, Any]:
        start = self.start if self.report_type == "type2" else self.end
        f: dict[str, Any] = {
            "service_organization": self.org,
            "service_auditor": self.auditor,
            "period_start": start.isoformat(),
            "period_end": self.end.isoformat(),
            "report_date": self.report_date.isoformat(),
            "opinion": self.opinion,
        }
        if self.soc in (1, 2):
            f["report_type"] = self.report_type
        if self.soc in (2, 3):
            f["trust_services_categories"] = list(self.categories)
        if self.soc == 2 and self.report_type == "type2":
            f["exceptions_count"] = len(self.deviations)
        if self.soc == 2:
            f["subservice_organizations"] = [
                {"name": s.name, "method": s.method} for s in self.subservice
            ]
        return f


@dataclass(frozen=True)
class BridgeSpec:
    org: str
    auditor: str  # the service auditor of the bridged report
    letter_date: date
    report_start: date
    report_end: date
    bridge_end: date
    material_changes: bool
    signer: str
    change_text: str = ""

    kind = "soc2_bridge_letter"

    def facts(self) -> dict[str, Any]:
        return {
            "service_organization": self.org,
            "service_auditor": self.auditor,
            "letter_date": self.letter_date.isoformat(),
            "report_period_start": self.report_start.isoformat(),
            "report_period_end": self.report_end.isoformat(),
            "bridge_period_end": self.bridge_end.isoformat(),
            "material_changes": self.material_changes,
        }


AnySpec = CertSpec | SoaSpec | ScopeSpec | LetterSpec | SocSpec | BridgeSpec
