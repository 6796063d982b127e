"""The development set: vendor packages in the development house styles (`styles.py`).

Every organisation, product, auditor and invented certification body here is fictitious;
real certification-body names appear only where an accreditation verdict needs a body the
reference data knows (as in ../shared/corpus). Expected findings follow CONTRACT §4 as of
2026-11-23; each case's `notes` says why.
"""

from datetime import date as d
from datetime import timedelta

from tests.corpus.model import (
    BSI,
    BV,
    COALFIRE,
    DNV,
    LRQA,
    MHM,
    NQA,
    ORBIS,
    SCHELLMAN,
    STRATUM,
    TUV_SUD,
    BridgeSpec,
    CertBody,
    CertSpec,
    LetterSpec,
    ScopeSpec,
    SoaSpec,
    SocSpec,
    Subservice,
)
from tests.corpus.package import Case, Doc, vendor
from tests.corpus.styles import DEV_STYLES, Style

SGS_UK = CertBody(
    "SGS United Kingdom Limited",
    "SGS",
    "UKAS",
    "UKAS Management Systems 005",
    "",
    "Rossmore Business Park, Ellesmere Port CH65 3EN, United Kingdom",
    (230, 120, 0),
)
KESTREL = CertBody("Kestrel Compliance Certification Ltd", "KESTREL", "UKAS",
                   "UKAS Management Systems 9471", "9471", "3 Quayside Walk, Hull HU1 1TJ, United Kingdom",
                   (30, 110, 110), real=False)  # fmt: skip
AWS = Subservice(
    "Amazon Web Services, Inc.", "cloud hosting of the production environment", "carve-out"
)
STRIPE = Subservice("Stripe, Inc.", "card payment processing", "inclusive")
AI_SCOPE = (
    "including the production AI infrastructure, the training pipelines and training data, "
    "model artifacts, the inference infrastructure and inference logs"
)


def three_years(issue: d) -> d:
    """The last day of a three-year certification cycle starting on `issue`."""
    return d(issue.year + 3, issue.month, issue.day) - timedelta(days=1)


def S(name: str) -> Style:
    return next(s for s in DEV_STYLES if s.name == name)


def cert(number: str, holder: str, cb: CertBody, scope: str, issue: d, **kw: object) -> CertSpec:
    """A 27001:2022 certificate valid for three years from `issue`."""
    expiry = kw.pop("expiry", None) or three_years(issue)
    args: dict[str, object] = {
        "standard": "27001",
        "version": "2022",
        "number": number,
        "holder": holder,
        "holder_address": kw.pop("address", "1 High Street, London EC1A 1AA, United Kingdom"),
        "cb": cb,
        "scope": scope,
        "issue": issue,
        "expiry": expiry,
    }
    args.update(kw)
    return CertSpec(**args)  # type: ignore[arg-type]


def soc2(org: str, short: str, system: str, start: d, end: d, **kw: object) -> SocSpec:
    args: dict[str, object] = {
        "soc": 2,
        "org": org,
        "short": short,
        "system": system,
        "auditor": "Whitlock Barrow & Co. LLP",
        "auditor_city": "Hartford, Connecticut",
        "report_type": "type2",
        "start": start,
        "end": end,
        "report_date": d(end.year + (end.month > 10), (end.month + 1) % 12 + 1, 14),
    }
    args.update(kw)
    return SocSpec(**args)  # type: ignore[arg-type]


def letter(
    cb: CertBody,
    c: CertSpec,
    audit: d,
    outcome: str = "continued",
    majors: int = 0,
    minors: int = 0,
    **kw: object,
) -> LetterSpec:
    args: dict[str, object] = {
        "cb": cb,
        "holder": c.holder,
        "holder_address": c.holder_address,
        "number": c.number,
        "standard": c.standard,
        "audit_type": "surveillance",
        "audit_date": audit,
        "letter_date": d.fromordinal(audit.toordinal() + 20),
        "outcome": outcome,
        "majors": majors,
        "minors": minors,
        "signatory": "Martin Hale",
    }
    args.update(kw)
    return LetterSpec(**args)  # type: ignore[arg-type]


def _clean_cases() -> list[Case]:
    out = []
    org = "Harrowgate Ledger Systems Ltd"
    c = cert(
        "IS 774120",
        org,
        BSI,
        "Development, hosting and support of the Harrowgate Ledger "
        "accounts payable software as a service.",
        d(2024, 6, 10),
        address="14 Wellington Place, Leeds LS1 4AP, United Kingdom",
        first=d(2018, 6, 11),
    )
    out.append(
        Case(
            "gdev01_clean_saas",
            vendor(
                "Harrowgate Ledger Systems",
                org,
                ["Harrowgate Ledger"],
                frameworks=("ISO 27001", "SOC 2"),
            ),
            (
                Doc("Harrowgate_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc(
                    "Harrowgate_SoA.pdf",
                    SoaSpec(
                        org,
                        "3.2",
                        d(2024, 5, 2),
                        exclusions={
                            "A.7.12": "No company-operated data centres; hosting is in the public cloud."
                        },
                    ),
                    S("soa_ruled_grid"),
                ),
                Doc(
                    "Harrowgate_Scope.pdf",
                    ScopeSpec(
                        org,
                        "The ISMS covers the development, hosting, operation "
                        "and support of Harrowgate Ledger, including its production cloud environment and the Leeds "
                        "office.",
                        d(2024, 5, 2),
                        sites=("14 Wellington Place, Leeds LS1 4AP",),
                    ),
                    S("scope_plain"),
                ),
                Doc(
                    "BSI_surveillance_2026.pdf",
                    letter(BSI, c, d(2026, 5, 19)),
                    S("letter_continued_text"),
                ),
                Doc(
                    "Harrowgate_SOC2.pdf",
                    soc2(
                        org,
                        "Harrowgate",
                        "Harrowgate Ledger Platform",
                        d(2025, 4, 1),
                        d(2026, 3, 31),
                    ),
                    S("soc2_roman_classic"),
                ),
            ),
            tier=("low",),
            seed=1,
            notes="Clean vendor: accredited BSI certificate issued 2024-06-10 with a continued surveillance "
            "audit on 2026-05-19, complete SoA with one justified exclusion, product scope, clean SOC 2 "
            "Type 2 ending 2026-03-31. Nothing should be raised.",
        )
    )
    org = "Lumen Assist Technologies Ltd"
    scope = f"Design, training, operation and support of the Lumen Assist conversational AI platform, {AI_SCOPE}."
    c27 = cert(
        "10655311",
        org,
        LRQA,
        scope,
        d(2026, 2, 9),
        address="2 Whitworth Street, Manchester M1 3HP, United Kingdom",
        first=d(2023, 2, 9),
    )
    c42 = CertSpec(
        "42001",
        "2023",
        "MHM-AIMS-0192",
        org,
        c27.holder_address,
        MHM,
        scope,
        d(2026, 4, 20),
        d(2029, 4, 19),
    )
    out.append(
        Case(
            "gdev02_clean_ai_vendor",
            vendor(
                "Lumen Assist",
                org,
                ["Lumen Assist"],
                ai=True,
                frameworks=("ISO 27001", "ISO 42001"),
            ),
            (
                Doc("Lumen_ISO27001.pdf", c27, S("cert_sentences_label_dept")),
                Doc("Lumen_ISO42001.pdf", c42, S("cert_centered_landscape_box")),
                Doc(
                    "Lumen_SoA.pdf",
                    SoaSpec(
                        org,
                        "2.0",
                        d(2026, 1, 12),
                        exclusions={
                            "A.7.12": "No server rooms; all infrastructure is cloud hosted.",
                            "A.8.30": "No development is outsourced.",
                        },
                    ),
                    S("soa_zebra"),
                ),
                Doc(
                    "Lumen_SOC2.pdf",
                    soc2(
                        org,
                        "Lumen",
                        "Lumen Assist Platform",
                        d(2025, 7, 1),
                        d(2026, 6, 30),
                        subservice=(STRIPE,),
                        controls=90,
                        categories=("security", "confidentiality"),
                    ),
                    S("soc2_numbered_multicriteria"),
                ),
            ),
            tier=("low",),
            seed=2,
            notes="Clean AI vendor: 27001 by LRQA (UKAS) signed by a director whose department line is not "
            "the CB; 42001 by MHM Advisory (SCC, the reference data's 42001-accredited body); the scope "
            "names the product and every part of the AI estate; SoA excludes only non-AI controls with "
            "reasons; clean SOC 2 with an inclusive subservice organisation. Nothing should be raised.",
        )
    )
    org = "Quarry Lane Robotics, Inc."
    c = cert(
        "CF-ISMS-2207-26",
        org,
        COALFIRE,
        "Development, hosting and support of the QuarryOps warehouse automation software.",
        d(2026, 1, 15),
        address="410 Congress Street, Portland, ME 04101, USA",
    )
    out.append(
        Case(
            "gdev03_clean_wordmark_bridge",
            vendor("Quarry Lane Robotics", org, ["QuarryOps"], frameworks=("SOC 2",)),
            (
                Doc("QuarryLane_ISO27001.pdf", c, S("cert_sentences_wordmark_image")),
                Doc(
                    "QuarryLane_SoA.pdf",
                    SoaSpec(
                        org,
                        "1.1",
                        d(2025, 12, 1),
                        exclusions={
                            "A.7.5": "Offices are leased in a managed building; the landlord handles environmental threats."
                        },
                    ),
                    S("soa_bullets"),
                ),
                Doc(
                    "QuarryLane_SOC2_FY25.pdf",
                    soc2(
                        org,
                        "Quarry Lane",
                        "QuarryOps",
                        d(2024, 10, 1),
                        d(2025, 9, 30),
                        auditor="Penrose Vale CPAs LLP",
                        auditor_city="Boston, Massachusetts",
                    ),
                    S("soc2_roman_classic"),
                ),
                Doc(
                    "QuarryLane_Bridge.pdf",
                    BridgeSpec(
                        org,
                        "Penrose Vale CPAs LLP",
                        d(2026, 4, 2),
                        d(2024, 10, 1),
                        d(2025, 9, 30),
                        d(2026, 3, 31),
                        False,
                        "Dana Whitcomb, Chief Financial Officer",
                    ),
                    S("bridge_letter"),
                ),
            ),
            tier=("low",),
            seed=3,
            notes="Clean vendor whose certificate names Coalfire only in its logo (image) and shows the ANAB "
            "mark as an image. The SOC 2 period ended 2025-09-30 (more than 12 months before as_of) but "
            "a bridge letter for that period states no material change through 2026-03-31, so the "
            "report is not stale.",
        )
    )
    org = "Falkenried Logistik GmbH"
    c = cert(
        "12 310 45678 TMS",
        org,
        TUV_SUD,
        "Entwicklung, Betrieb und Support der Plattform FalkenTrack "
        "für Sendungsverfolgung einschließlich Rechenzentrumsbetrieb.",
        d(2025, 12, 4),
        address="Hafenstraße 21, 20457 Hamburg, Deutschland",
        first=d(2019, 12, 4),
    )
    out.append(
        Case(
            "gdev04_clean_german",
            vendor("Falkenried Logistik", org, ["FalkenTrack"]),
            (
                Doc("Falkenried_Zertifikat_ISO27001.pdf", c, S("cert_german")),
                Doc(
                    "Falkenried_SoA.pdf",
                    SoaSpec(
                        org,
                        "4.0",
                        d(2025, 11, 3),
                        exclusions={"A.8.30": "Keine ausgelagerte Entwicklung."},
                    ),
                    S("soa_two_columns"),
                ),
            ),
            tier=("low",),
            seed=4,
            notes="Clean German vendor: TÜV SÜD (DAkkS) certificate in German ('Gültig vom 04.12.2025 bis "
            "03.12.2028'), German scope naming the product, SoA. Nothing should be raised.",
        )
    )
    org = "Ardoise Santé SAS"
    c = cert(
        "FR-27001-55120",
        org,
        BV,
        "Conception, hébergement et support de la plateforme de téléconsultation Ardoise Connect.",
        d(2026, 3, 31),
        address="18 rue de la République, 69002 Lyon, France",
        first=d(2020, 3, 31),
    )
    out.append(
        Case(
            "gdev05_clean_french",
            vendor("Ardoise Santé", org, ["Ardoise Connect"], data=("personal", "health")),
            (
                Doc("Ardoise_Certificat_ISO27001.pdf", c, S("cert_french")),
                Doc(
                    "Ardoise_DdA.pdf",
                    SoaSpec(
                        org,
                        "2.3",
                        d(2026, 2, 16),
                        exclusions={"A.7.12": "Pas de salle serveur; hébergement certifié HDS."},
                    ),
                    S("soa_rules_applicable"),
                ),
            ),
            tier=("low",),
            seed=5,
            notes="Clean French vendor: Bureau Veritas certificate in French ('Ce certificat est valable du "
            "31 mars 2026 jusqu'au 30 mars 2029'), SoA. Nothing should be raised.",
        )
    )
    org = "Tornasol Pagos S.L."
    c = cert(
        "ES-ISMS-77031",
        org,
        SGS_UK,
        "Desarrollo, operación y soporte de la pasarela de pagos Tornasol Pay.",
        d(2026, 5, 12),
        address="Calle de Alcalá 120, 28009 Madrid, España",
    )
    out.append(
        Case(
            "gdev06_clean_spanish",
            vendor("Tornasol Pagos", org, ["Tornasol Pay"], data=("personal", "payment")),
            (
                Doc("Tornasol_Certificado_ISO27001.pdf", c, S("cert_spanish")),
                Doc("Tornasol_SoA.pdf", SoaSpec(org, "1.0", d(2026, 4, 1)), S("soa_ruled_grid")),
            ),
            tier=("low",),
            seed=6,
            notes="Clean Spanish vendor: SGS United Kingdom (UKAS) certificate in Spanish ('válido hasta el 11 "
            "de mayo de 2029'), SoA with no exclusions. Nothing should be raised.",
        )
    )
    org = "Pinecrest Telehealth Ltd"
    c = cert(
        "NQA-ISMS-31877",
        org,
        NQA,
        "Provision of the Pinecrest Visit telehealth platform, including "
        "development, hosting and customer support.",
        d(2025, 10, 6),
        address="5 Castle Street, Cardiff CF10 1BS, United Kingdom",
    )
    out.append(
        Case(
            "gdev07_clean_scanned",
            vendor("Pinecrest Telehealth", org, ["Pinecrest Visit"]),
            (
                Doc("Pinecrest_ISO27001_scan.pdf", c, S("cert_scan_grid")),
                Doc("Pinecrest_SoA.pdf", SoaSpec(org, "2.1", d(2025, 9, 1)), S("soa_ruled_grid")),
                Doc(
                    "NQA_surveillance_2026.pdf",
                    letter(NQA, c, d(2026, 9, 22)),
                    S("letter_report_table"),
                ),
            ),
            tier=("low",),
            seed=7,
            notes="Clean vendor whose certificate is a noisy, skewed scan (OCR only); surveillance report "
            "(day range 22-24 September 2026, no nonconformities) continues certification.",
        )
    )
    return out


def _certificate_failures() -> list[Case]:
    out = []
    org = "Mossgiel Freight Ltd"
    c = cert(
        "SCH-27K-1140",
        org,
        SCHELLMAN,
        "Operation of the Mossgiel Dispatch freight booking platform and supporting IT services.",
        d(2023, 7, 1),
        address="88 Argyle Street, Glasgow G2 8AG, United Kingdom",
        sites=("88 Argyle Street, Glasgow G2 8AG", "Unit 4, Eurocentral, Motherwell ML1 4UF"),
    )
    out.append(
        Case(
            "gdev08_expired_site_appendix",
            vendor("Mossgiel Freight", org, ["Mossgiel Dispatch"]),
            (
                Doc("Mossgiel_ISO27001.pdf", c, S("cert_appendix_footer_cb")),
                Doc("Mossgiel_SoA.pdf", SoaSpec(org, "5.0", d(2023, 6, 1)), S("soa_zebra")),
            ),
            must=("CERT_EXPIRED",),
            maybe=("SURVEILLANCE_OVERDUE",),
            seed=8,
            notes="Certificate valid to 2026-06-30 (before as_of): CERT_EXPIRED, critical. The CB is named "
            "only in the footer, the scope and two sites only in an appendix page. "
            "SURVEILLANCE_OVERDUE is left open for an expired certificate.",
        )
    )
    org = "Brindle Payroll Services Ltd"
    c = cert(
        "STR-27001-40921",
        org,
        STRATUM,
        "Provision of Brindle Payroll cloud payroll services.",
        d(2026, 2, 2),
        address="7 Regent Street, Nottingham NG1 5BS, United Kingdom",
    )
    out.append(
        Case(
            "gdev09_lookalike_accreditation",
            vendor("Brindle Payroll Services", org, ["Brindle Payroll"]),
            (Doc("Brindle_ISO27001.pdf", c, S("cert_columns_landscape")),),
            must=("CB_NOT_ACCREDITED", "AB_NOT_RECOGNISED", "SOA_MISSING"),
            maybe=("AB_MISMATCH",),
            seed=9,
            notes="Invented CB (Stratum Registrar Services) claiming accreditation by IAC, a look-alike "
            "accreditation body in the reference data: AB_NOT_RECOGNISED and CB_NOT_ACCREDITED "
            "(CONTRACT §4: only a look-alike's mark and the CB unknown). No SoA.",
        )
    )
    org = "Wexcombe Legal Cloud Ltd"
    c = cert(
        "KCC-2026-0415",
        org,
        KESTREL,
        "Development and hosting of the Wexcombe Docs legal document management service.",
        d(2026, 4, 15),
        address="21 Park Row, Bristol BS1 5LJ, United Kingdom",
    )
    out.append(
        Case(
            "gdev10_unknown_cb_recognised_mark",
            vendor("Wexcombe Legal Cloud", org, ["Wexcombe Docs"]),
            (
                Doc("Wexcombe_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc("Wexcombe_SoA.pdf", SoaSpec(org, "1.0", d(2026, 3, 2)), S("soa_two_columns")),
            ),
            must=("CB_ACCREDITATION_UNVERIFIED",),
            maybe=("AB_MISMATCH",),
            seed=10,
            notes="The certificate shows the UKAS mark, but the reference data has no record of the "
            "(invented) Kestrel Compliance Certification Ltd: CB_ACCREDITATION_UNVERIFIED (high, not "
            "critical), never CB_NOT_ACCREDITED (CONTRACT §4: 'not found' is not 'invalid').",
        )
    )
    org = "Saltmarsh Analytics Pvt. Ltd."
    c = cert(
        "OQC/ISMS/2026/1182",
        org,
        ORBIS,
        "Data analytics and reporting services for retail "
        "customers, delivered through the Saltmarsh Insight platform.",
        d(2026, 6, 8),
        address="Plot 12, Phase 2, Hinjewadi, Pune 411057, India",
    )
    out.append(
        Case(
            "gdev11_no_accreditation_mark",
            vendor("Saltmarsh Analytics", org, ["Saltmarsh Insight"]),
            (
                Doc("Saltmarsh_ISO27001.pdf", c, S("cert_sentences_label_dept")),
                Doc("Saltmarsh_SoA.pdf", SoaSpec(org, "1.2", d(2026, 5, 4)), S("soa_ruled_grid")),
            ),
            must=("CB_NOT_ACCREDITED", "CERT_NO_ACCREDITATION_MARK"),
            seed=11,
            notes="Invented CB that prints no accreditation body at all: CERT_NO_ACCREDITATION_MARK, and "
            "CB_NOT_ACCREDITED (no mark and the CB is unknown, CONTRACT §4).",
        )
    )
    org = "Castellan Group plc"
    c = cert(
        "IS 781002",
        org,
        BSI,
        "Group IT services and the Quillfeather Forms document automation "
        "software provided by its subsidiaries.",
        d(2026, 3, 9),
        address="1 King William Street, London EC4N 7AR, United Kingdom",
    )
    out.append(
        Case(
            "gdev12_holder_mismatch",
            vendor("Quillfeather Software", "Quillfeather Software Ltd", ["Quillfeather Forms"]),
            (
                Doc("Castellan_ISO27001.pdf", c, S("cert_centered_landscape_box")),
                Doc("Castellan_SoA.pdf", SoaSpec(org, "7.1", d(2026, 2, 2)), S("soa_zebra")),
            ),
            must=("CERT_HOLDER_MISMATCH",),
            seed=12,
            notes="The certificate is held by the parent group, not by the vendor's legal entity: "
            "CERT_HOLDER_MISMATCH. The scope names the vendor's product.",
        )
    )
    org = "Eastbrook Clinical Data Ltd"
    c = CertSpec(
        "27001",
        "2013",
        "IS 640288",
        org,
        "Eastbrook House, Cambridge CB4 0WS, United Kingdom",
        BSI,
        "Management of clinical trial data in the Eastbrook Trials platform, including "
        "hosting and support.",
        d(2024, 6, 12),
        d(2027, 6, 11),
        first=d(2015, 6, 12),
    )
    out.append(
        Case(
            "gdev13_2013_scan_and_soa",
            vendor(
                "Eastbrook Clinical Data", org, ["Eastbrook Trials"], data=("personal", "health")
            ),
            (
                Doc("Eastbrook_ISO27001_2013_scan.pdf", c, S("cert_scan_sentences")),
                Doc(
                    "Eastbrook_SoA_2013.pdf",
                    SoaSpec(
                        org,
                        "6.0",
                        d(2024, 5, 1),
                        edition="2013",
                        exclusions={"A.11.1.6": "No delivery or loading areas."},
                    ),
                    S("soa_rules_applicable"),
                ),
            ),
            must=("CERT_SUPERSEDED_STANDARD", "SOA_OUTDATED", "SURVEILLANCE_OVERDUE"),
            seed=13,
            notes="Scanned ISO/IEC 27001:2013 certificate valid to 2027-06-11 but assessed after the "
            "2025-10-31 end of transition: CERT_SUPERSEDED_STANDARD. The SoA follows the 2013 Annex A "
            "(114 controls): SOA_OUTDATED. No audit evidence since 2024-06-12: SURVEILLANCE_OVERDUE.",
        )
    )
    return out


def _surveillance_failures() -> list[Case]:
    out = []
    org = "Tallis Benefits Administration Ltd"
    c = cert(
        "10671902",
        org,
        LRQA,
        "Administration of employee benefits through the Tallis Portal, "
        "including hosting and support.",
        d(2025, 3, 3),
        address="3 Colmore Row, Birmingham B3 2BJ, United Kingdom",
        first=d(2022, 3, 3),
    )
    out.append(
        Case(
            "gdev14_surveillance_suspended",
            vendor("Tallis Benefits Administration", org, ["Tallis Portal"]),
            (
                Doc("Tallis_ISO27001.pdf", c, S("cert_columns_landscape")),
                Doc("Tallis_SoA.pdf", SoaSpec(org, "3.0", d(2025, 2, 3)), S("soa_bullets")),
                Doc(
                    "LRQA_surveillance_report_2026.pdf",
                    letter(LRQA, c, d(2026, 3, 10), "suspended", 2, 3),
                    S("letter_report_table"),
                ),
            ),
            must=("SURVEILLANCE_FAILED",),
            maybe=("SURVEILLANCE_OVERDUE",),
            tier=("high", "critical"),
            seed=14,
            notes="Surveillance audit of 10-12 March 2026 raised 2 major and 3 minor nonconformities and "
            "suspended the certificate: SURVEILLANCE_FAILED, critical (CONTRACT §5). Whether a "
            "suspended audit also restarts the surveillance clock is left open.",
        )
    )
    org = "Ormsby Field Services Ltd"
    c = cert(
        "IS 752210",
        org,
        BSI,
        "Scheduling and dispatch of field engineers with the Ormsby Route "
        "application, including its hosting.",
        d(2025, 4, 22),
        address="Unit 7, Aston Cross, Birmingham B6 5RQ, United Kingdom",
    )
    out.append(
        Case(
            "gdev15_surveillance_withdrawn_notice",
            vendor("Ormsby Field Services", org, ["Ormsby Route"]),
            (
                Doc("Ormsby_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc("Ormsby_SoA.pdf", SoaSpec(org, "1.4", d(2025, 3, 10)), S("soa_ruled_grid")),
                Doc(
                    "BSI_withdrawal_notice.pdf",
                    letter(BSI, c, d(2026, 4, 14), "withdrawn", 1, 0),
                    S("letter_notice_words"),
                ),
            ),
            must=("SURVEILLANCE_FAILED",),
            maybe=("SURVEILLANCE_OVERDUE",),
            tier=("high", "critical"),
            seed=15,
            notes="A notice addressed to the holder (sender named only in the signature and footer) says "
            "the certificate has been withdrawn: SURVEILLANCE_FAILED, critical.",
        )
    )
    org = "Penhallow Care Records Ltd"
    c = cert(
        "DNV-ISMS-558102",
        org,
        DNV,
        "Hosting and support of the Penhallow CareNotes electronic care record.",
        d(2025, 2, 17),
        address="Lemon Quay, Truro TR1 2LW, United Kingdom",
    )
    other = letter(DNV, c, d(2026, 2, 2), number="DNV-ISMS-558129")
    out.append(
        Case(
            "gdev16_letter_for_other_certificate",
            vendor(
                "Penhallow Care Records", org, ["Penhallow CareNotes"], data=("personal", "health")
            ),
            (
                Doc("Penhallow_ISO27001.pdf", c, S("cert_sentences_wordmark_image")),
                Doc("Penhallow_SoA.pdf", SoaSpec(org, "2.2", d(2025, 1, 6)), S("soa_two_columns")),
                Doc("DNV_surveillance_2026.pdf", other, S("letter_continued_text")),
            ),
            must=("CERT_NUMBER_MISMATCH", "SURVEILLANCE_OVERDUE"),
            seed=16,
            notes="The surveillance letter cites certificate DNV-ISMS-558129, not the DNV-ISMS-558102 "
            "supplied: CERT_NUMBER_MISMATCH, and the letter is no evidence for this certificate, "
            "issued 2025-02-17 with no other audit evidence: SURVEILLANCE_OVERDUE (past 12 + 3 months).",
        )
    )
    return out


def _soc_failures() -> list[Case]:
    out = []
    org = "Glasswing Health Analytics, Inc."
    c = cert(
        "CF-ISMS-3310-26",
        org,
        COALFIRE,
        "Development and operation of the Glasswing Insights population health analytics platform.",
        d(2026, 2, 23),
        address="600 Congress Avenue, Austin, TX 78701, USA",
    )
    report = soc2(
        org,
        "Glasswing",
        "Glasswing Insights",
        d(2025, 1, 1),
        d(2025, 12, 31),
        controls=110,
        auditor="Marrick Lowe LLP",
        auditor_city="Dallas, Texas",
        subservice=(AWS, STRIPE),
        deviations={
            17: "2 of 25 sampled access requests were approved after access was granted.",
            64: "The third-quarter access review was completed 19 days late.",
        },
    )
    out.append(
        Case(
            "gdev17_soc2_exceptions_multicriteria",
            vendor(
                "Glasswing Health Analytics",
                org,
                ["Glasswing Insights"],
                data=("personal", "health"),
                frameworks=("SOC 2",),
            ),
            (
                Doc("Glasswing_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc("Glasswing_SoA.pdf", SoaSpec(org, "1.3", d(2026, 1, 19)), S("soa_zebra")),
                Doc("Glasswing_SOC2_2025.pdf", report, S("soc2_numbered_multicriteria")),
            ),
            must=("SOC2_EXCEPTIONS", "SOC2_CARVE_OUT"),
            seed=17,
            notes="SOC 2 Type 2 for 2025 with deviations in 2 of 110 tested controls, each mapped to three "
            "criteria (exceptions_count 2, not 6); the executive summary states the count. AWS is "
            "carved out, Stripe is inclusive (each method stated in its own sentence).",
        )
    )
    org = "Nettlebed Learning Ltd"
    c = cert(
        "10690417",
        org,
        LRQA,
        "Development and hosting of the Nettlebed Classroom learning platform for schools.",
        d(2026, 6, 1),
        address="4 St Giles, Oxford OX1 3JY, United Kingdom",
    )
    report = soc2(
        org,
        "Nettlebed",
        "Nettlebed Classroom",
        d(2026, 5, 31),
        d(2026, 5, 31),
        report_type="type1",
        auditor="Calloway Pryce LLP",
        auditor_city="New York, New York",
        controls=45,
        report_date=d(2026, 7, 20),
    )
    out.append(
        Case(
            "gdev18_soc2_type1_cover_auditor",
            vendor(
                "Nettlebed Learning", org, ["Nettlebed Classroom"], data=("personal", "children")
            ),
            (
                Doc("Nettlebed_ISO27001.pdf", c, S("cert_sentences_label_dept")),
                Doc("Nettlebed_SoA.pdf", SoaSpec(org, "1.0", d(2026, 5, 1)), S("soa_bullets")),
                Doc("Nettlebed_SOC2_Type1.pdf", report, S("soc2_parts_cover_auditor")),
            ),
            must=("SOC2_TYPE1_ONLY",),
            seed=18,
            notes="The only SOC 2 report is Type 1 as of 2026-05-31 (its auditor is printed only in the "
            "cover image): SOC2_TYPE1_ONLY.",
        )
    )
    org = "Harbinger Treasury Systems Ltd"
    c = cert(
        "IS 790144",
        org,
        BSI,
        "Development, hosting and support of the Harbinger Cash treasury management software.",
        d(2026, 1, 26),
        address="30 St Mary Axe, London EC3A 8BF, United Kingdom",
    )
    soc1 = SocSpec(
        1,
        org,
        "Harbinger",
        "Harbinger Cash",
        "Ashdown Fenwick LLP",
        "Chicago, Illinois",
        "type2",
        d(2025, 4, 1),
        d(2026, 3, 31),
        d(2026, 5, 22),
        categories=(),
        controls=36,
    )
    out.append(
        Case(
            "gdev19_soc1_instead_of_soc2",
            vendor(
                "Harbinger Treasury Systems",
                org,
                ["Harbinger Cash"],
                data=("financial",),
                frameworks=("SOC 2",),
            ),
            (
                Doc("Harbinger_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc("Harbinger_SoA.pdf", SoaSpec(org, "2.0", d(2025, 12, 8)), S("soa_ruled_grid")),
                Doc("Harbinger_SOC1_Type2.pdf", soc1, S("soc1_classic")),
            ),
            must=("SOC2_SUBSTITUTE_ONLY", "FRAMEWORK_REQUIRED_MISSING"),
            seed=19,
            notes="A SOC 1 Type 2 report (financial reporting) and no SOC 2 report: SOC2_SUBSTITUTE_ONLY, "
            "and the required SOC 2 has no supporting evidence: FRAMEWORK_REQUIRED_MISSING. No SOC 2 "
            "rule may fire on the SOC 1 report.",
        )
    )
    org = "Vellum Cloud Storage, Inc."
    c = cert(
        "CF-ISMS-4410-26",
        org,
        COALFIRE,
        "Operation of the Vellum Vault object storage service, "
        "including data centres, hosting and support.",
        d(2026, 3, 16),
        address="101 Second Street, San Francisco, CA 94105, USA",
    )
    big = soc2(
        org,
        "Vellum",
        "Vellum Vault",
        d(2025, 7, 1),
        d(2026, 6, 30),
        controls=320,
        auditor="Ridley Thorne LLP",
        auditor_city="San Jose, California",
        opinion="qualified",
        categories=("security", "availability", "confidentiality"),
        deviations={
            41: "Backups for 3 of 60 sampled days were not completed.",
            142: "Change approvals were missing for 4 of 40 sampled changes.",
            233: "Restore tests were not performed in two quarters.",
        },
    )
    soc3 = SocSpec(
        3,
        org,
        "Vellum",
        "Vellum Vault",
        "Ridley Thorne LLP",
        "San Jose, California",
        "type2",
        d(2025, 7, 1),
        d(2026, 6, 30),
        d(2026, 9, 4),
        categories=("security", "availability", "confidentiality"),
    )
    out.append(
        Case(
            "gdev20_large_qualified_soc2_with_soc3",
            vendor("Vellum Cloud Storage", org, ["Vellum Vault"]),
            (
                Doc("Vellum_ISO27001.pdf", c, S("cert_centered_landscape_box")),
                Doc("Vellum_SoA.pdf", SoaSpec(org, "9.0", d(2026, 2, 9)), S("soa_two_columns")),
                Doc("Vellum_SOC2_Type2_FY26.pdf", big, S("soc2_large_footer_auditor")),
                Doc("Vellum_SOC3.pdf", soc3, S("soc3_short")),
            ),
            must=("SOC2_QUALIFIED_OPINION", "SOC2_EXCEPTIONS"),
            seed=20,
            notes="About 150 pages of SOC 2 Type 2 whose auditor is printed only in the running footer; "
            "qualified opinion, deviations in 3 tested controls. A SOC 3 is supplied too, so "
            "SOC2_SUBSTITUTE_ONLY must not fire.",
        )
    )
    return out


def _scope_and_soa_failures() -> list[Case]:
    out = []
    org = "Corvid Voice AI Ltd"
    scope = (
        "Corporate IT services, office facilities and internal business systems (finance, HR and "
        "CRM) supporting the Edinburgh head office."
    )
    c = cert(
        "DNV-ISMS-560377",
        org,
        DNV,
        scope,
        d(2026, 1, 12),
        address="12 Lochrin Square, Edinburgh EH3 9QA, United Kingdom",
    )
    out.append(
        Case(
            "gdev21_ai_vendor_corporate_scope",
            vendor("Corvid Voice AI", org, ["Corvid Agent"], ai=True, criticality="high"),
            (
                Doc("Corvid_ISO27001.pdf", c, S("cert_columns_landscape")),
                Doc(
                    "Corvid_Scope.pdf",
                    ScopeSpec(
                        org,
                        scope,
                        d(2025, 12, 1),
                        sites=("12 Lochrin Square, Edinburgh",),
                        out_of_scope="Product development and the Corvid Agent production platform.",
                    ),
                    S("scope_boxed"),
                ),
                Doc(
                    "Corvid_SoA.pdf",
                    SoaSpec(
                        org,
                        "1.0",
                        d(2025, 12, 1),
                        exclusions={
                            "A.8.28": "Software development is not part of the certified scope.",
                            "A.8.25": "Software development is not part of the certified scope.",
                        },
                    ),
                    S("soa_rules_applicable"),
                ),
            ),
            must=(
                "SCOPE_CORPORATE_IT_ONLY",
                "SCOPE_AI_GAP",
                "SCOPE_PRODUCT_NOT_NAMED",
                "ISO42001_ABSENT",
                "SOA_AI_CONTROL_EXCLUDED",
            ),
            tier=("medium", "high", "critical"),
            seed=21,
            notes="AI vendor whose certified scope is head-office IT only, with the product explicitly out of "
            "scope: SCOPE_CORPORATE_IT_ONLY, SCOPE_AI_GAP, SCOPE_PRODUCT_NOT_NAMED; no 42001: "
            "ISO42001_ABSENT; secure development controls A.8.25 and A.8.28 excluded: "
            "SOA_AI_CONTROL_EXCLUDED.",
        )
    )
    org = "Juniper Row Insurance Tech Ltd"
    c = cert(
        "IS 785530",
        org,
        BSI,
        "Development and hosting of the Juniper Claims insurance claims handling platform.",
        d(2026, 2, 16),
        address="10 Queen Street Place, London EC4R 1BE, United Kingdom",
        soa_ref="Statement of Applicability v4.0",
    )
    soa = SoaSpec(
        org,
        "3.1",
        d(2025, 11, 20),
        missing=("A.5.7", "A.8.23", "A.8.34"),
        exclusions={"A.7.4": "", "A.8.30": "", "A.7.12": "Cloud hosted; no server rooms."},
    )
    out.append(
        Case(
            "gdev22_soa_gaps",
            vendor(
                "Juniper Row Insurance Tech",
                org,
                ["Juniper Claims"],
                data=("personal", "financial"),
            ),
            (
                Doc("JuniperRow_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc("JuniperRow_SoA_v3.1.pdf", soa, S("soa_zebra")),
            ),
            must=("SOA_INCOMPLETE", "SOA_EXCLUSION_UNJUSTIFIED", "SOA_REFERENCE_MISMATCH"),
            seed=22,
            notes="SoA v3.1 leaves out A.5.7, A.8.23 and A.8.34 (SOA_INCOMPLETE) and excludes A.7.4 and "
            "A.8.30 with empty reasons (SOA_EXCLUSION_UNJUSTIFIED); the certificate cites SoA v4.0: "
            "SOA_REFERENCE_MISMATCH.",
        )
    )
    return out


def _worded_otherwise() -> list[Case]:
    """A clean vendor whose documents use the less common shapes: a memo bridge letter with
    labelled rows, a scope statement under "Activities covered" in a box, an audit report
    whose nonconformity counts sit in a grid of grade columns."""
    org = "Tillbrook Payroll Cloud, Inc."
    c = cert(
        "IS 802266",
        org,
        BSI,
        "Development, hosting and support of the Tillbrook Payroll software as a service.",
        d(2025, 2, 3),
        address="500 Boylston Street, Boston, MA 02116, USA",
    )
    scope = (
        "Development, hosting and support of the Tillbrook Payroll software as a service, "
        "including its production cloud environment."
    )
    return [
        Case(
            "gdev23_clean_memo_bridge_grid_report",
            vendor("Tillbrook Payroll", org, ["Tillbrook Payroll"], frameworks=("SOC 2",)),
            (
                Doc("Tillbrook_ISO27001.pdf", c, S("cert_grid_portrait")),
                Doc(
                    "Tillbrook_SoA.pdf",
                    SoaSpec(org, "2.0", d(2025, 1, 10), exclusions={}),
                    S("soa_ruled_grid"),
                ),
                Doc(
                    "Tillbrook_Scope.pdf",
                    ScopeSpec(org, scope, d(2025, 1, 10)),
                    S("scope_activities_box"),
                ),
                Doc(
                    "Tillbrook_Surveillance_2026.pdf",
                    letter(BSI, c, d(2026, 1, 20), minors=1),
                    S("letter_report_grid_counts"),
                ),
                Doc(
                    "Tillbrook_SOC2_FY25.pdf",
                    soc2(org, "Tillbrook", "Tillbrook Payroll", d(2024, 10, 1), d(2025, 9, 30)),
                    S("soc2_roman_classic"),
                ),
                Doc(
                    "Tillbrook_Gap_Letter.pdf",
                    BridgeSpec(
                        org,
                        "Whitlock Barrow & Co. LLP",
                        d(2026, 4, 6),
                        d(2024, 10, 1),
                        d(2025, 9, 30),
                        d(2026, 3, 31),
                        False,
                        "Rosa Lindqvist, Chief Operating Officer",
                    ),
                    S("bridge_memo_gap"),
                ),
            ),
            tier=("low",),
            seed=23,
            notes="Clean vendor: BSI (UKAS) certificate in force with a continued surveillance audit "
            "(no major, one minor nonconformity, counts in a grid of grade columns); the SOC 2 "
            "period ended 2025-09-30 but a memo gap letter with labelled rows states no "
            "significant change through 2026-03-31. Nothing should be raised.",
        )
    ]


DEV_CASES: tuple[Case, ...] = (
    *_clean_cases(),
    *_worded_otherwise(),
    *_certificate_failures(),
    *_surveillance_failures(),
    *_soc_failures(),
    *_scope_and_soa_failures(),
)
