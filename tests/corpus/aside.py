"""THE ASIDE SET. Do not read this module, or the documents it generates, while developing
or tuning extractors and checks.

It holds house styles (layout combinations, vocabularies, date formats, wordings) and vendor
packages that the development set does not use, with their own seeds. Its only purpose is
an honest figure on documents nobody tuned to: `python -m tests.corpus.measure --set aside`
prints figures only. If a change is made because of something seen here, the aside set has
stopped measuring generalisation: replace its styles with new ones.
"""

from datetime import date as d

from tests.corpus.cases_dev import AI_SCOPE, AWS, STRIPE, cert, letter, soc2
from tests.corpus.certificates import CertStyle
from tests.corpus.letters import BridgeStyle, LetterStyle, ScopeStyle
from tests.corpus.model import (
    BV,
    EY,
    LINFORD,
    MHM,
    SCHELLMAN,
    TUV_NORD,
    VANTAGE,
    BridgeSpec,
    CertSpec,
    ScopeSpec,
    SoaSpec,
    SocSpec,
    Subservice,
)
from tests.corpus.package import Case, Doc, vendor
from tests.corpus.soa import SoaStyle
from tests.corpus.soc import SocStyle
from tests.corpus.styles import Style

ASIDE_STYLES: tuple[Style, ...] = (
    CertStyle("cert_a_columns_de_wordmark", layout="columns", lang="de", dates="de_long",
              cb_name="wordmark_image", mark="image", signature="behalf", aside=True),
    CertStyle("cert_a_grid_v4_landscape", landscape=True, vocab="v4", dates="iso", signature="dept",
              classification="Confidential", scope_box=True, aside=True),
    CertStyle("cert_a_centered_fr_scan", layout="centered", lang="fr", dates="fr", scan=True,
              footer="verify", aside=True),
    CertStyle("cert_a_sentences_es_wordmark_text", layout="sentences", lang="es", dates="es",
              cb_name="wordmark_text", signature="behalf", classification="Uso interno", aside=True),
    CertStyle("cert_a_appendix_v5_serif", appendix=True, vocab="v5", dates="us", family="serif",
              mark="image", aside=True),
    CertStyle("cert_a_centered_v4_footer_cb", layout="centered", vocab="v4", cb_name="footer_only",
              dates="mon", signature="dept", aside=True),
    CertStyle("cert_a_grid_uk_ord", vocab="v4", dates="uk_ord", footer="verify", aside=True),
    CertStyle("cert_a_columns_en_wordmark", layout="columns", cb_name="wordmark_image", mark="image",
              vocab="v4", dates="uk_ord", aside=True),
    SoaStyle("soa_a_zebra_included", layout="zebra", landscape=False, yes_no=("Included", "Excluded"),
             ids="A {id}", header="line", dates="uk", aside=True),
    SoaStyle("soa_a_list_na", layout="list", yes_no=("Applicable", "N/A"), ids="{id}", header="table",
             family="serif", aside=True),
    ScopeStyle("scope_a_certified_boundary", box=True, label="Certified boundary", dates="uk", aside=True),
    LetterStyle("letter_a_report_words_cc", layout="report", counts="words", letterhead="image",
                dates="mon", cc="Brightline Compliance Advisors Ltd (consultant)", aside=True),
    LetterStyle("letter_a_notice_range", layout="notice", day_range=True, dates="uk", family="serif",
                aside=True),
    BridgeStyle("bridge_a_table", layout="table", dates="uk", aside=True),
    SocStyle("soc2_a_plain_multitests", sections="plain", refs="CTL-{n:03d}", multi_tests=True,
             multi_criteria=True, summary_count=True, filler=45, dates="uk", aside=True),
    SocStyle("soc2_a_parts_footer", sections="parts", auditor_at="footer", refs="{n}.1",
             filler=420, family="serif", aside=True),
    SocStyle("soc1_a_numbered", kind="soc1_report", sections="numbered", auditor_at="cover_image",
             filler=45, aside=True),
    SocStyle("soc3_a_plain", kind="soc3_report", sections="plain", dates="uk", filler=10, aside=True),
)  # fmt: skip


def A(name: str) -> Style:
    return next(s for s in ASIDE_STYLES if s.name == name)


def _clean() -> list[Case]:
    out = []
    org = "Ostwind Energiedaten GmbH"
    c = cert(
        "44 121 260031",
        org,
        TUV_NORD,
        "Entwicklung und Betrieb der Plattform Ostwind Meter für Zählerdatenmanagement.",
        d(2025, 9, 8),
        address="Kaiserstraße 40, 60329 Frankfurt am Main, Deutschland",
        first=d(2022, 9, 8),
    )
    out.append(
        Case(
            "gaside01_clean_german_wordmark",
            vendor("Ostwind Energiedaten", org, ["Ostwind Meter"]),
            (
                Doc("Ostwind_ISO27001_Zertifikat.pdf", c, A("cert_a_columns_de_wordmark")),
                Doc(
                    "Ostwind_SoA.pdf",
                    SoaSpec(
                        org,
                        "2.4",
                        d(2025, 8, 4),
                        exclusions={"A.8.30": "Keine ausgelagerte Softwareentwicklung."},
                    ),
                    A("soa_a_list_na"),
                ),
                Doc(
                    "TUV_NORD_Ueberwachungsaudit.pdf",
                    letter(TUV_NORD, c, d(2026, 8, 25)),
                    A("letter_a_report_words_cc"),
                ),
            ),
            tier=("low",),
            seed=501,
            notes="Clean: TÜV NORD certificate in German whose CB is named only in its logo, SoA, "
            "continued surveillance on 2026-08-25.",
        )
    )
    org = "Sable Finch Vision, Inc."
    scope = f"Development, training and operation of the Finch Inspect visual inspection AI service, {AI_SCOPE}."
    c27 = cert(
        "SC-27K-8812",
        org,
        SCHELLMAN,
        scope,
        d(2026, 5, 4),
        address="500 Boylston Street, Boston, MA 02116, USA",
    )
    c42 = CertSpec(
        "42001",
        "2023",
        "MHM-AIMS-0233",
        org,
        c27.holder_address,
        MHM,
        scope,
        d(2026, 6, 15),
        d(2029, 6, 14),
        sites=("500 Boylston Street, Boston, MA 02116", "Cloud region us-east-2"),
    )
    out.append(
        Case(
            "gaside02_clean_ai_vendor",
            vendor("Sable Finch Vision", org, ["Finch Inspect"], ai=True),
            (
                Doc("SableFinch_ISO27001.pdf", c27, A("cert_a_grid_v4_landscape")),
                Doc("SableFinch_ISO42001.pdf", c42, A("cert_a_appendix_v5_serif")),
                Doc(
                    "SableFinch_SoA.pdf",
                    SoaSpec(
                        org,
                        "3.0",
                        d(2026, 4, 1),
                        exclusions={"A.7.12": "No on-premises equipment rooms."},
                    ),
                    A("soa_a_zebra_included"),
                ),
                Doc(
                    "SableFinch_SOC2.pdf",
                    soc2(
                        org,
                        "Sable Finch",
                        "Finch Inspect",
                        d(2025, 10, 1),
                        d(2026, 9, 30),
                        auditor="Hollis Amberley LLP",
                        auditor_city="Philadelphia, Pennsylvania",
                        controls=70,
                        subservice=(
                            Subservice("Snowflake Inc.", "analytics data warehousing", "inclusive"),
                        ),
                    ),
                    A("soc2_a_plain_multitests"),
                ),
            ),
            tier=("low",),
            seed=502,
            notes="Clean AI vendor: Schellman 27001 with a director's department line, MHM 42001 with a "
            "site appendix, AI estate in scope, SoA excluding only A.7.12, clean SOC 2 with an "
            "inclusive subservice organisation.",
        )
    )
    org = "Merrow Byte B.V."
    c = cert(
        "2026-041",
        org,
        EY,
        "Development, hosting and support of the Merrow Pay invoicing platform.",
        d(2026, 2, 27),
        address="Herengracht 420, 1017 BZ Amsterdam, the Netherlands",
    )
    out.append(
        Case(
            "gaside03_clean_footer_cb_bridge",
            vendor("Merrow Byte", org, ["Merrow Pay"], frameworks=("SOC 2",)),
            (
                Doc("Merrow_ISO27001.pdf", c, A("cert_a_centered_v4_footer_cb")),
                Doc("Merrow_SoA.pdf", SoaSpec(org, "1.2", d(2026, 1, 5)), A("soa_a_list_na")),
                Doc(
                    "Merrow_SOC2_2025.pdf",
                    soc2(
                        org,
                        "Merrow",
                        "Merrow Pay",
                        d(2024, 11, 1),
                        d(2025, 10, 31),
                        auditor="Vandermeer Rooke LLP",
                        auditor_city="New York, New York",
                    ),
                    A("soc2_a_plain_multitests"),
                ),
                Doc(
                    "Merrow_bridge_letter.pdf",
                    BridgeSpec(
                        org,
                        "Vandermeer Rooke LLP",
                        d(2026, 5, 6),
                        d(2024, 11, 1),
                        d(2025, 10, 31),
                        d(2026, 4, 30),
                        False,
                        "Eline de Groot, Chief Operating Officer",
                    ),
                    A("bridge_a_table"),
                ),
            ),
            tier=("low",),
            seed=503,
            notes="Clean: EY CertifyPoint named only in the footer; SOC 2 ended 2025-10-31, bridged with no "
            "material change to 2026-04-30, so not stale.",
        )
    )
    org = "Clavel Seguros Digitales S.A."
    c = cert(
        "ES-BV-27001-9931",
        org,
        BV,
        "Desarrollo y operación de la plataforma de gestión de pólizas Clavel Póliza.",
        d(2026, 7, 20),
        address="Avenida Diagonal 640, 08017 Barcelona, España",
    )
    out.append(
        Case(
            "gaside04_clean_spanish_wordmark_text",
            vendor(
                "Clavel Seguros Digitales", org, ["Clavel Póliza"], data=("personal", "financial")
            ),
            (
                Doc("Clavel_Certificado.pdf", c, A("cert_a_sentences_es_wordmark_text")),
                Doc(
                    "Clavel_SoA.pdf", SoaSpec(org, "1.0", d(2026, 6, 1)), A("soa_a_zebra_included")
                ),
            ),
            tier=("low",),
            seed=504,
            notes="Clean: Spanish Bureau Veritas certificate with the logo's letters set as text above the "
            "CB's name and a classification label beside the holder.",
        )
    )
    return out


def _failures() -> list[Case]:
    out = []
    org = "Pervenche Conseil SARL"
    c = cert(
        "FR-BV-2023-1177",
        org,
        BV,
        "Conseil et hébergement de la solution Pervenche RH.",
        d(2023, 5, 15),
        address="12 quai de la Fosse, 44000 Nantes, France",
    )
    out.append(
        Case(
            "gaside05_expired_french_scan",
            vendor("Pervenche Conseil", org, ["Pervenche RH"]),
            (
                Doc("Pervenche_certificat_scan.pdf", c, A("cert_a_centered_fr_scan")),
                Doc("Pervenche_SoA.pdf", SoaSpec(org, "1.1", d(2023, 4, 3)), A("soa_a_list_na")),
            ),
            must=("CERT_EXPIRED",),
            maybe=("SURVEILLANCE_OVERDUE",),
            seed=505,
            notes="Scanned French certificate valid to 2026-05-14: CERT_EXPIRED.",
        )
    )
    org = "Ironleaf Staffing Ltd"
    c = cert(
        "VGC-ISMS-5502",
        org,
        VANTAGE,
        "Recruitment and staffing services supported by the Ironleaf "
        "Hire applicant tracking system.",
        d(2026, 3, 2),
        address="9 Dale Street, Liverpool L2 2SH, United Kingdom",
    )
    out.append(
        Case(
            "gaside06_invented_accreditation_forum",
            vendor("Ironleaf Staffing", org, ["Ironleaf Hire"]),
            (
                Doc("Ironleaf_ISO27001.pdf", c, A("cert_a_grid_v4_landscape")),
                Doc(
                    "Ironleaf_SoA.pdf",
                    SoaSpec(org, "1.0", d(2026, 2, 2)),
                    A("soa_a_zebra_included"),
                ),
            ),
            must=("CB_NOT_ACCREDITED", "AB_NOT_RECOGNISED"),
            maybe=("AB_MISMATCH",),
            seed=506,
            notes="Invented CB accredited by an invented 'Global Accreditation Forum': AB_NOT_RECOGNISED "
            "(not an IAF MLA signatory) and CB_NOT_ACCREDITED.",
        )
    )
    org = "Thornbury Logic Ltd"
    c42 = CertSpec(
        "42001",
        "2023",
        "LC-AIMS-0042",
        org,
        "3 Temple Quay, Bristol BS1 6DZ, United Kingdom",
        LINFORD,
        "Development and operation of the Thornbury Forecast demand planning software.",
        d(2026, 4, 6),
        d(2029, 4, 5),
    )
    c27 = cert(
        "LC-ISMS-0388",
        org,
        LINFORD,
        "Development and operation of the Thornbury Forecast demand planning software.",
        d(2026, 4, 6),
        address=c42.holder_address,
    )
    out.append(
        Case(
            "gaside07_cb_not_accredited_for_42001",
            vendor("Thornbury Logic", org, ["Thornbury Forecast"]),
            (
                Doc("Thornbury_ISO27001.pdf", c27, A("cert_a_grid_uk_ord")),
                Doc("Thornbury_ISO42001.pdf", c42, A("cert_a_appendix_v5_serif")),
                Doc("Thornbury_SoA.pdf", SoaSpec(org, "2.0", d(2026, 3, 2)), A("soa_a_list_na")),
            ),
            must=("CB_ACCREDITATION_SCOPE",),
            seed=507,
            notes="Linford & Company LLP is ANAB-accredited for ISO/IEC 27001 but not for 42001 in the "
            "reference data: CB_ACCREDITATION_SCOPE on the 42001 certificate (the vendor is not an AI "
            "vendor, so ISO42001_ABSENT does not arise). The legal form 'LLP' is part of the name.",
        )
    )
    org = "Greywether Transit Data Ltd"
    c = cert(
        "SC-27K-9105",
        org,
        SCHELLMAN,
        "Hosting and support of the Greywether Fares ticketing platform.",
        d(2025, 8, 11),
        address="1 Station Approach, York YO24 1AB, United Kingdom",
    )
    out.append(
        Case(
            "gaside08_open_major_nonconformity",
            vendor("Greywether Transit Data", org, ["Greywether Fares"]),
            (
                Doc("Greywether_ISO27001.pdf", c, A("cert_a_centered_v4_footer_cb")),
                Doc("Greywether_SoA.pdf", SoaSpec(org, "4.2", d(2025, 7, 1)), A("soa_a_list_na")),
                Doc(
                    "Schellman_surveillance_notice.pdf",
                    letter(SCHELLMAN, c, d(2026, 7, 14), "continued", 1, 2),
                    A("letter_a_notice_range"),
                ),
            ),
            must=("SURVEILLANCE_FAILED",),
            seed=508,
            notes="Surveillance on 14-16 July 2026 continued certification but left 1 major nonconformity "
            "open: SURVEILLANCE_FAILED (open major nonconformities).",
        )
    )
    return out


def _soc_and_soa() -> list[Case]:
    out = []
    org = "Lanternfly Hosting Ltd"
    c = cert(
        "SC-27K-9377",
        org,
        SCHELLMAN,
        "Managed hosting of the Lanternfly Cloud platform, including data centres and support.",
        d(2026, 10, 1),
        first=d(2020, 10, 9),
        address="Unit 2, Thames Valley Park, Reading RG6 1PT, United Kingdom",
    )
    recert = letter(SCHELLMAN, c, d(2026, 9, 7), audit_type="recertification", minors=1)
    big = soc2(
        org,
        "Lanternfly",
        "Lanternfly Cloud",
        d(2025, 6, 1),
        d(2026, 5, 31),
        controls=260,
        auditor="Carrow Lisle LLP",
        auditor_city="Atlanta, Georgia",
        subservice=(AWS, Subservice("Equinix, Inc.", "colocation data centres", "carve-out")),
        deviations={
            12: "Two terminated users retained VPN access for 9 days.",
            88: "Quarterly firewall rule review was not evidenced for Q1.",
            150: "One production change lacked documented approval.",
            201: "Backup failure alerts were not reviewed for 5 days.",
        },
    )
    out.append(
        Case(
            "gaside09_large_soc2_exceptions_recertification",
            vendor("Lanternfly Hosting", org, ["Lanternfly Cloud"]),
            (
                Doc("Lanternfly_ISO27001.pdf", c, A("cert_a_grid_v4_landscape")),
                Doc(
                    "Lanternfly_SoA.pdf",
                    SoaSpec(org, "6.0", d(2025, 9, 1)),
                    A("soa_a_zebra_included"),
                ),
                Doc("Schellman_recertification_report.pdf", recert, A("letter_a_report_words_cc")),
                Doc("Lanternfly_SOC2_Type2.pdf", big, A("soc2_a_parts_footer")),
            ),
            must=("SOC2_EXCEPTIONS", "SOC2_CARVE_OUT"),
            seed=509,
            notes="Certificate re-issued 2026-10-01 after a recertification audit on 2026-09-07 (one "
            "minor nonconformity, certification continued); a SOC 2 of about 100 pages whose "
            "auditor is named only in the footer, deviations in 4 tested controls, AWS and Equinix "
            "carved out.",
        )
    )
    return out


def _substitutes() -> list[Case]:
    out = []
    org = "Kittiwake Billing Ltd"
    c = cert(
        "EY-2026-117",
        org,
        EY,
        "Development and operation of the Kittiwake Invoice billing service.",
        d(2026, 1, 19),
        address="44 Baldwin Street, Bristol BS1 1QB, United Kingdom",
    )
    soc3 = SocSpec(
        3,
        org,
        "Kittiwake",
        "Kittiwake Invoice",
        "Orme Castle LLP",
        "Denver, Colorado",
        "type2",
        d(2025, 7, 1),
        d(2026, 6, 30),
        d(2026, 8, 28),
        categories=("security",),
    )
    soc1 = SocSpec(
        1,
        org,
        "Kittiwake",
        "Kittiwake Invoice",
        "Orme Castle LLP",
        "Denver, Colorado",
        "type2",
        d(2025, 7, 1),
        d(2026, 6, 30),
        d(2026, 8, 28),
        categories=(),
        controls=40,
    )
    out.append(
        Case(
            "gaside10_soc3_and_soc1_only",
            vendor("Kittiwake Billing", org, ["Kittiwake Invoice"], data=("financial",)),
            (
                Doc("Kittiwake_ISO27001.pdf", c, A("cert_a_centered_v4_footer_cb")),
                Doc(
                    "Kittiwake_SoA.pdf",
                    SoaSpec(org, "1.5", d(2025, 12, 1)),
                    A("soa_a_zebra_included"),
                ),
                Doc("Kittiwake_SOC3.pdf", soc3, A("soc3_a_plain")),
                Doc("Kittiwake_SOC1.pdf", soc1, A("soc1_a_numbered")),
            ),
            must=("SOC2_SUBSTITUTE_ONLY",),
            seed=510,
            notes="A SOC 3 and a SOC 1 report and no SOC 2: SOC2_SUBSTITUTE_ONLY; no SOC 2 rule applies.",
        )
    )
    org = "Wrenfield Speech Labs Ltd"
    scope = f"Development and operation of the Wrenfield Transcribe speech recognition service, {AI_SCOPE}."
    c = cert(
        "SC-27K-9640",
        org,
        SCHELLMAN,
        scope,
        d(2026, 3, 23),
        address="8 Hills Road, Cambridge CB2 1JP, United Kingdom",
    )
    soa = SoaSpec(
        org,
        "1.3",
        d(2026, 2, 23),
        exclusions={"A.8.12": "", "A.5.23": "", "A.7.12": "Cloud hosted only."},
    )
    out.append(
        Case(
            "gaside11_ai_soa_exclusions",
            vendor("Wrenfield Speech Labs", org, ["Wrenfield Transcribe"], ai=True),
            (
                Doc("Wrenfield_ISO27001.pdf", c, A("cert_a_columns_en_wordmark")),
                Doc(
                    "Wrenfield_Scope.pdf",
                    ScopeSpec(org, scope, d(2026, 2, 23)),
                    A("scope_a_certified_boundary"),
                ),
                Doc("Wrenfield_SoA.pdf", soa, A("soa_a_zebra_included")),
            ),
            must=("SOA_EXCLUSION_UNJUSTIFIED", "SOA_AI_CONTROL_EXCLUDED", "ISO42001_ABSENT"),
            seed=511,
            notes="AI vendor whose SoA excludes data leakage prevention (A.8.12) and cloud services (A.5.23) "
            "with no reason: SOA_EXCLUSION_UNJUSTIFIED and SOA_AI_CONTROL_EXCLUDED; no 42001.",
        )
    )
    org = "Bellweather Fleet Telematics Ltd"
    c = cert(
        "SC-27K-9702",
        org,
        SCHELLMAN,
        "Development and hosting of the Bellweather Track vehicle telematics service.",
        d(2026, 2, 9),
        address="20 Fleet Street, Derby DE1 1AB, United Kingdom",
    )
    out.append(
        Case(
            "gaside12_bridge_with_changes_stale",
            vendor(
                "Bellweather Fleet Telematics", org, ["Bellweather Track"], frameworks=("SOC 2",)
            ),
            (
                Doc("Bellweather_ISO27001.pdf", c, A("cert_a_grid_v4_landscape")),
                Doc("Bellweather_SoA.pdf", SoaSpec(org, "2.0", d(2026, 1, 12)), A("soa_a_list_na")),
                Doc(
                    "Bellweather_SOC2_2024.pdf",
                    soc2(
                        org,
                        "Bellweather",
                        "Bellweather Track",
                        d(2024, 7, 1),
                        d(2025, 6, 30),
                        auditor="Tamsin Orr CPAs LLP",
                        auditor_city="Columbus, Ohio",
                        subservice=(STRIPE,),
                    ),
                    A("soc2_a_plain_multitests"),
                ),
                Doc(
                    "Bellweather_bridge.pdf",
                    BridgeSpec(
                        org,
                        "Tamsin Orr CPAs LLP",
                        d(2026, 1, 15),
                        d(2024, 7, 1),
                        d(2025, 6, 30),
                        d(2025, 12, 31),
                        True,
                        "Olu Adebayo, Chief Technology Officer",
                        "the production platform moved to a new cloud provider in October 2025.",
                    ),
                    A("bridge_a_table"),
                ),
            ),
            must=("SOC2_STALE",),
            seed=512,
            notes="SOC 2 ended 2025-06-30; the bridge letter reports material changes, so it does not extend "
            "the coverage: SOC2_STALE.",
        )
    )
    return out


ASIDE_CASES: tuple[Case, ...] = (*_clean(), *_failures(), *_soc_and_soa(), *_substitutes())
