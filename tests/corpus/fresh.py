"""THE FRESH SET: a second held-out set. Do not read this module, or the documents it
generates, while developing or tuning extractors and checks.

It holds house styles that neither the development set nor the aside set uses (Italian,
Dutch and Portuguese certificates, "Certificate of Registration" and "is hereby certified"
wordings, other label vocabularies and date formats, other SoA, letter, bridge and SOC
layouts) and vendor packages with their own seeds, company names and certification bodies.
Its only purpose is an honest figure on documents nobody tuned to:
`python -m tests.corpus.measure --set fresh` prints figures only. If a change is made
because of something seen here, the set has stopped measuring generalisation: replace its
styles with new ones.
"""

from datetime import date as d

from tests.corpus.cases_dev import cert, letter, soc2
from tests.corpus.certificates import CertStyle
from tests.corpus.letters import BridgeStyle, LetterStyle, ScopeStyle
from tests.corpus.model import (
    ISOQAR,
    SCHELLMAN,
    BridgeSpec,
    CertBody,
    CertSpec,
    ScopeSpec,
    SoaSpec,
    Subservice,
)
from tests.corpus.package import Case, Doc, vendor
from tests.corpus.soa import SoaStyle
from tests.corpus.soc import SocStyle
from tests.corpus.styles import Style

FRESH_STYLES: tuple[Style, ...] = (
    # certificates
    CertStyle("cert_f_registration_us", layout="registration", title="Certificate of Registration",
              vocab="v6", dates="us", mark="image", signature="behalf", footer="verify",
              holder_size=24, aside=True),
    CertStyle("cert_f_registered_firm_grid", vocab="v6", dates="iso", cb_name="wordmark_text",
              signature="dept", aside=True),
    CertStyle("cert_f_hereby_heading", layout="hereby", vocab="v8", dates="us_ord",
              cb_name="issued_by", mark="image", holder_size=26, family="serif", aside=True),
    CertStyle("cert_f_conformity_landscape", layout="registration", landscape=True, vocab="v7",
              dates="us_abbr", cb_name="footer_office", mark="image", title="CERTIFICATE OF CONFORMITY",
              holder_size=20, scope_box=True, aside=True),
    CertStyle("cert_f_italian", layout="sentences", lang="it", dates="it", footer="property",
              mark="image", aside=True),
    CertStyle("cert_f_italian_grid_numeric", lang="it", dates="slash_dmy", scope_box=True,
              classification="Uso pubblico", aside=True),
    CertStyle("cert_f_dutch_grid", lang="nl", dates="nl", cb_name="wordmark_image", mark="image",
              signature="behalf", family="serif", aside=True),
    CertStyle("cert_f_portuguese_columns", layout="columns", lang="pt", dates="pt", landscape=True,
              cb_name="wordmark_text", aside=True),
    CertStyle("cert_f_swedish_centered", layout="centered", lang="sv", dates="sv",
              cb_name="wordmark_text", signature="behalf", aside=True),
    CertStyle("cert_f_27701_extension", vocab="v7", dates="iso", title="CERTIFICATE OF REGISTRATION", mark="image",
              extension=True, footer="verify", aside=True),
    CertStyle("cert_f_footer_office_expires", layout="centered", vocab="v7", dates="dotted",
              cb_name="footer_office", mark="image_number", signature="dept", aside=True),
    CertStyle("cert_f_scope_overflow", layout="registration", vocab="v8", dates="uk_ord",
              cb_name="issued_by", footer="none", top_space=480, emblem=True, holder_size=28,
              aside=True),
    # statements of applicability
    SoaStyle("soa_f_status_cover", layout="status", yes_no=("Implemented", "Not applicable"),
             header="cover", dates="us", aside=True),
    SoaStyle("soa_f_split_reasons", layout="split", header="table", dates="dash_dmy", aside=True),
    SoaStyle("soa_f_2013_portrait", landscape=False, header="line", family="serif", dates="uk",
             aside=True),
    # scope statements
    ScopeStyle("scope_f_policy", layout="policy", label="Scope", dates="us", aside=True),
    # surveillance evidence
    LetterStyle("letter_f_cb_recommend", layout="cb_letter", dates="us", counts="recorded",
                aside=True),
    LetterStyle("letter_f_summary_table", layout="summary", dates="iso", letterhead="image",
                aside=True),
    # bridge letters
    BridgeStyle("bridge_f_memo", layout="memorandum", dates="us_abbr", aside=True),
    # SOC reports
    SocStyle("soc2_f_section_num_columns", sections="section_num", results="column",
             refs="SEC-{n:02d}", filler=30, aside=True),
    SocStyle("soc2_f_roman_bare_exceptions_table", sections="roman_bare", results="table",
             basis=True, refs="C{n:03d}", multi_criteria=True, filler=48, dates="uk", aside=True),
    SocStyle("soc2_f_described_type1", sections="described", refs="{n}.1", filler=20,
             dates="us_ord", aside=True),
)  # fmt: skip

# Certification bodies the reference data knows (accreditation_data/certification_bodies.csv)
# that neither the development nor the aside set uses. Accreditation lines, marks' numbers
# and addresses are test data.
SGS_NA = CertBody("SGS North America Inc.", "SGS", "ANAB",
                  "ANAB Accredited Management Systems Certification Body", "",
                  "201 Route 17 North, Rutherford, NJ 07070, USA", (230, 120, 0))  # fmt: skip
TUV_RHEINLAND = CertBody("TÜV Rheinland Cert GmbH", "TÜV Rheinland", "DAkkS",
                         "Accreditamento DAkkS D-ZM-16024-01-00", "D-ZM-16024-01-00",
                         "Am Grauen Stein, 51105 Köln, Deutschland", (0, 90, 150))  # fmt: skip
INTERTEK = CertBody("Intertek Certification Limited", "intertek", "UKAS",
                    "Geaccrediteerd door UKAS, United Kingdom Accreditation Service", "",
                    "Academy Place, 1-9 Brook Street, Brentwood CM14 5NQ, United Kingdom",
                    (255, 200, 0))  # fmt: skip
BSI_AMERICA = CertBody("BSI Group America Inc.", "bsi.", "ANAB",
                       "Acreditação ANAB - ANSI National Accreditation Board", "",
                       "12950 Worldgate Drive, Suite 800, Herndon, VA 20170, USA", (20, 20, 20))  # fmt: skip
URS = CertBody("United Registrar of Systems Limited", "URS", "UKAS", "UKAS Management Systems",
               "1108", "United House, 9 Pembroke Road, Bristol BS8 3AB, United Kingdom",
               (0, 60, 120))  # fmt: skip
ATLAS = CertBody("Atlas Certification Ltd", "ATLAS", "UKAS", "UKAS accredited Management Systems",
                 "", "Atlas House, 5 Market Street, Nottingham NG1 6HY, United Kingdom",
                 (120, 30, 30))  # fmt: skip
DNV_USA = CertBody("DNV Business Assurance USA, Inc.", "DNV", "ANAB",
                   "ANAB Accredited Management Systems", "",
                   "1400 Ravello Drive, Katy, TX 77449, USA", (0, 50, 110))  # fmt: skip
BV_NA = CertBody("Bureau Veritas Certification North America, Inc.", "BUREAU VERITAS", "ANAB",
                 "ANAB Accredited Management Systems Certification Body", "",
                 "390 Benmar Drive, Suite 100, Houston, TX 77060, USA", (170, 20, 30))  # fmt: skip
BAB = CertBody("British Assessment Bureau", "BRITISH ASSESSMENT BUREAU", "UKAS",
               "UKAS Management Systems", "", "1 Chancery Lane, London WC2A 1LF, United Kingdom",
               (20, 70, 140))  # fmt: skip

GCP = Subservice("Google LLC", "hosting on Google Cloud Platform", "carve-out")
AI_ESTATE = (
    "including the production AI infrastructure, the model training pipelines and training "
    "data, model artifacts, the inference infrastructure and inference logs"
)


def F(name: str) -> Style:
    return next(s for s in FRESH_STYLES if s.name == name)


def _clean() -> list[Case]:
    out = []
    org = "Brackenfield Payroll Cloud, Inc."
    c = cert("SGS-US-ISMS-0419", org, SGS_NA,
             "Development, hosting and customer support of the Brackenfield Payroll software "
             "as a service for employers in the United States.",
             d(2025, 5, 19), first=d(2022, 5, 19),
             address="2200 Market Street, Suite 410, Philadelphia, PA 19103, USA")  # fmt: skip
    out.append(Case(
        "fresh01_clean_registration",
        vendor("Brackenfield Payroll Cloud", org, ["Brackenfield Payroll"],
               frameworks=("ISO 27001", "SOC 2"), data=("personal", "financial")),
        (
            Doc("Brackenfield_ISO27001.pdf", c, F("cert_f_registration_us")),
            Doc("Brackenfield_SoA.pdf", SoaSpec(org, "4.1", d(2025, 4, 7), exclusions={
                "A.7.12": "Hosting is in a public cloud; we operate no cabling of our own."}),
                F("soa_f_status_cover")),
            Doc("Brackenfield_Scope.pdf", ScopeSpec(
                org, "The ISMS applies to the development, hosting, operation and support of "
                "Brackenfield Payroll, its production cloud environment and the Philadelphia office.",
                d(2025, 4, 7), sites=("2200 Market Street, Philadelphia, PA",)),
                F("scope_f_policy")),
            Doc("SGS_surveillance_2026.pdf", letter(SGS_NA, c, d(2026, 4, 14), minors=2,
                                                     signatory="Dolores Whitfield"),
                F("letter_f_cb_recommend")),
            Doc("Brackenfield_SOC2_2025.pdf", soc2(
                org, "Brackenfield", "Brackenfield Payroll Platform", d(2025, 1, 1),
                d(2025, 12, 31), auditor="Okonkwo Hale LLP", auditor_city="Chicago, Illinois",
                report_date=d(2026, 2, 20), controls=55), F("soc2_f_section_num_columns")),
        ),
        tier=("low",), seed=301,
        notes="Clean vendor: SGS North America (ANAB) certificate of registration issued May 19, "
        "2025 with a surveillance audit on 2026-04-14 whose letter recommends continued "
        "certification (2 minor nonconformities, no major); complete SoA with one justified "
        "exclusion; scope names the product; clean SOC 2 Type 2 for 2025 whose results column "
        "reads 'No exceptions noted'. Nothing should be raised.",
    ))  # fmt: skip

    org = "Quillmoor Analytics Ltd"
    scope = f"Design, training, deployment and support of the Quillmoor Forecast demand-planning AI service, {AI_ESTATE}."
    c27 = cert("1831-ISMS-25", org, SCHELLMAN, scope, d(2025, 11, 17),
               address="9 Hope Street, Liverpool L1 9BQ, United Kingdom")  # fmt: skip
    c42 = CertSpec(
        "42001",
        "2023",
        "1831-AIMS-26",
        org,
        c27.holder_address,
        SCHELLMAN,
        scope,
        d(2026, 1, 26),
        d(2029, 1, 25),
    )
    out.append(Case(
        "fresh02_clean_ai_two_certificates",
        vendor("Quillmoor Analytics", org, ["Quillmoor Forecast"], ai=True,
               frameworks=("ISO 27001", "ISO 42001")),
        (
            Doc("Quillmoor_ISO27001.pdf", c27, F("cert_f_hereby_heading")),
            Doc("Quillmoor_ISO42001.pdf", c42, F("cert_f_conformity_landscape")),
            Doc("Quillmoor_SoA.pdf", SoaSpec(org, "2.3", d(2025, 10, 6), exclusions={
                "A.7.12": "No premises house network cabling for production; all hosting is cloud.",
                "A.7.5": "Offices are serviced; protection against physical threats is the landlord's."}),
                F("soa_f_split_reasons")),
            Doc("Quillmoor_SOC2.pdf", soc2(
                org, "Quillmoor", "Quillmoor Forecast Platform", d(2025, 6, 1), d(2026, 5, 31),
                auditor="Tennant Roe & Partners LLP", auditor_city="Boston, Massachusetts",
                report_date=d(2026, 7, 17), controls=70, categories=("security", "availability",
                                                                     "confidentiality")),
                F("soc2_f_roman_bare_exceptions_table")),
        ),
        tier=("low",), seed=302,
        notes="Clean AI vendor with two certificates of one holder from Schellman (ANAB, accredited "
        "for 27001 and 42001 in the reference data): the 27001 names the CB only in an 'Issued by' "
        "line, the 42001 only in a footer with its registered office. The scope names the product "
        "and the whole AI estate; the SoA excludes only physical controls, with reasons; clean SOC 2 "
        "Type 2 whose sections are headed 'Section I' to 'Section V'. Nothing should be raised.",
    ))  # fmt: skip

    org = "Valdarno Logistica Digitale S.r.l."
    c = cert("IT-27K-0877", org, TUV_RHEINLAND,
             "Progettazione, sviluppo, erogazione e assistenza della piattaforma SaaS Valdarno "
             "Track per la tracciabilità delle spedizioni.",
             d(2025, 10, 13), first=d(2019, 10, 14),
             address="Via dei Cerchi 22, 50122 Firenze, Italia")  # fmt: skip
    out.append(Case(
        "fresh03_clean_italian",
        vendor("Valdarno Logistica Digitale", org, ["Valdarno Track"]),
        (
            Doc("Valdarno_ISO27001.pdf", c, F("cert_f_italian")),
            Doc("Valdarno_SoA.pdf", SoaSpec(org, "7", d(2025, 9, 1), exclusions={
                "A.7.4": "Nessun sito fisico con monitoraggio proprio: uffici in coworking."}),
                F("soa_f_status_cover")),
            Doc("TUV_audit_summary_2026.pdf", letter(TUV_RHEINLAND, c, d(2026, 10, 5),
                                                      signatory="Giulia Ferraris"),
                F("letter_f_summary_table")),
        ),
        tier=("low",), seed=303,
        notes="Clean vendor with an Italian certificate from TÜV Rheinland Cert (DAkkS) issued "
        "13 ottobre 2025 and valid to 12 ottobre 2028, and an English audit summary of the "
        "2026-10-05 surveillance audit recommending continued certification. Nothing should be "
        "raised.",
    ))  # fmt: skip

    org = "Zeeveld Zorgdata B.V."
    c27 = cert("NL-IS-20260202", org, INTERTEK,
               "Ontwikkeling, hosting en ondersteuning van het Zeeveld Dossier elektronisch "
               "patiëntendossier.",
               d(2026, 2, 2), first=d(2020, 2, 3),
               address="Stationsplein 45, 3013 AK Rotterdam, Nederland")  # fmt: skip
    out.append(Case(
        "fresh04_clean_dutch",
        vendor("Zeeveld Zorgdata", org, ["Zeeveld Dossier"], data=("personal", "health"),
               frameworks=("ISO 27001",)),
        (
            Doc("Zeeveld_ISO27001.pdf", c27, F("cert_f_dutch_grid")),
            Doc("Zeeveld_SoA.pdf", SoaSpec(org, "3.0", d(2026, 1, 5), exclusions={
                "A.7.12": "Geen eigen bekabeling; hosting bij een cloudleverancier."}),
                F("soa_f_split_reasons")),
        ),
        tier=("low",), seed=304,
        notes="Clean vendor with a Dutch certificate from Intertek (UKAS) whose CB is named only in "
        "its logo image (dates '2 februari 2026' to '1 februari 2029'), and a complete SoA. "
        "Nothing should be raised.",
    ))  # fmt: skip

    org = "Serra Azul Pagamentos Ltda."
    c = cert("BR-ISMS-770315", org, BSI_AMERICA,
             "Desenvolvimento, operação e suporte da plataforma Serra Azul Checkout de "
             "processamento de pagamentos online.",
             d(2026, 3, 9), address="Avenida Paulista 1842, 01310-200 São Paulo, Brasil")  # fmt: skip
    out.append(Case(
        "fresh05_clean_portuguese_bridged_soc2",
        vendor("Serra Azul Pagamentos", org, ["Serra Azul Checkout"],
               data=("personal", "financial"), frameworks=("SOC 2",)),
        (
            Doc("SerraAzul_ISO27001.pdf", c, F("cert_f_portuguese_columns")),
            Doc("SerraAzul_SoA.pdf", SoaSpec(org, "1.2", d(2026, 2, 2)), F("soa_f_status_cover")),
            Doc("SerraAzul_SOC2_FY25.pdf", soc2(
                org, "Serra Azul", "Serra Azul Checkout", d(2024, 10, 1), d(2025, 9, 30),
                auditor="Almeida Kestner CPAs LLP", auditor_city="Miami, Florida",
                report_date=d(2025, 12, 5), controls=48, subservice=(
                    Subservice("Fiserv, Inc.", "card network connectivity", "inclusive"),)),
                F("soc2_f_section_num_columns")),
            Doc("SerraAzul_Bridge_2026.pdf", BridgeSpec(
                org, "Almeida Kestner CPAs LLP", d(2026, 7, 6), d(2024, 10, 1), d(2025, 9, 30),
                d(2026, 6, 30), False, "Renata Moura, Chief Financial Officer"),
                F("bridge_f_memo")),
        ),
        tier=("low",), seed=305,
        notes="Clean vendor with a Portuguese certificate from BSI Group America (ANAB). Its SOC 2 "
        "period ended 2025-09-30 (more than 12 months before as_of) but a management memorandum "
        "bridges it to 2026-06-30 with no material changes, so SOC2_STALE must not fire; the "
        "subservice organisation is inclusive. Nothing should be raised.",
    ))  # fmt: skip

    org = "Norrsken Fakturering AB"
    c = cert("ISQ-27-88104", org, ISOQAR,
             "Utveckling, drift och support av tjänsten Norrsken Faktura för elektronisk "
             "fakturering.",
             d(2026, 4, 20), first=d(2020, 4, 21),
             address="Kungsgatan 12, 111 43 Stockholm, Sverige")  # fmt: skip
    out.append(Case(
        "fresh12_clean_swedish",
        vendor("Norrsken Fakturering", org, ["Norrsken Faktura"], data=("personal", "financial")),
        (
            Doc("Norrsken_ISO27001.pdf", c, F("cert_f_swedish_centered")),
            Doc("Norrsken_SoA.pdf", SoaSpec(org, "2.4", d(2026, 3, 16), exclusions={
                "A.7.12": "Ingen egen kabeldragning; driften sker hos en molnleverantör."}),
                F("soa_f_split_reasons")),
        ),
        tier=("low",), seed=312,
        notes="Clean vendor with a Swedish certificate from Alcumus ISOQAR (UKAS) issued 20 april "
        "2026, its wordmark set as text above its legal name, and a complete SoA. Nothing should "
        "be raised.",
    ))  # fmt: skip
    return out


def _defects() -> list[Case]:
    out = []
    org = "Hollins Mere Estates Software Ltd"
    c = cert("URS-ISMS-55821", org, URS,
             "Development and hosting of the Hollins Lettings property management software.",
             d(2023, 3, 6), address="4 Kendal Road, Windermere LA23 1AB, United Kingdom")  # fmt: skip
    out.append(Case(
        "fresh06_expired_footer_office",
        vendor("Hollins Mere Estates Software", org, ["Hollins Lettings"]),
        (
            Doc("HollinsMere_ISO27001.pdf", c, F("cert_f_footer_office_expires")),
            Doc("HollinsMere_SoA.pdf", SoaSpec(org, "2.0", d(2023, 2, 1)),
                F("soa_f_split_reasons")),
        ),
        must=("CERT_EXPIRED",), maybe=("SURVEILLANCE_OVERDUE",), seed=306,
        notes="The certificate expires 05.03.2026, before as_of: CERT_EXPIRED, critical. The CB "
        "(United Registrar of Systems, UKAS) is named only in the footer with its registered "
        "office; the UKAS mark has its number beside it. Whether an expired certificate is also "
        "overdue for surveillance is left open.",
    ))  # fmt: skip

    org = "Caldercroft Legal Systems Ltd"
    scope = (
        "The design, development, hosting, operation and support of the Caldercroft Casebook "
        "practice management and document assembly software for law firms, including the "
        "client portal, the e-billing service and the secure document exchange, delivered from "
        "the production environment hosted in UK public cloud regions and supported from the "
        "Leeds and Sheffield offices, in accordance with the Statement of Applicability in force "
        "at the date of the audit."
    )
    c = cert("ATL-27-03391", org, ATLAS, scope, d(2024, 4, 15), version="2013",
             first=d(2015, 4, 16), address="12 Park Square East, Leeds LS1 2LF, United Kingdom")  # fmt: skip
    out.append(Case(
        "fresh07_2013_certificate_scope_over_page",
        vendor("Caldercroft Legal Systems", org, ["Caldercroft Casebook"]),
        (
            Doc("Caldercroft_ISO27001.pdf", c, F("cert_f_scope_overflow")),
            Doc("Caldercroft_SoA_2013.pdf", SoaSpec(org, "5.2", d(2024, 3, 4), edition="2013",
                exclusions={"A.14.2.7": "Development is not outsourced."}),
                F("soa_f_2013_portrait")),
        ),
        must=("CERT_SUPERSEDED_STANDARD", "SOA_OUTDATED", "SURVEILLANCE_OVERDUE"), seed=307,
        notes="ISO/IEC 27001:2013 certificate valid to 2027-04-14 assessed after 2025-10-31: "
        "CERT_SUPERSEDED_STANDARD. Its long scope runs from the first page onto the second; the "
        "CB is named only in an 'Issued by' line. The SoA follows the 2013 Annex A: SOA_OUTDATED. "
        "No audit evidence since 2024-04-15: SURVEILLANCE_OVERDUE.",
    ))  # fmt: skip

    org = "Marrowby Voice Labs, Inc."
    scope = (
        "Corporate information technology, office facilities and internal business applications "
        "(finance, HR and CRM) supporting the Austin, Texas headquarters. The machine-learning "
        "platform, including model training, model hosting and inference services, is excluded "
        "from the scope."
    )
    c = cert("DNV-US-27K-30917", org, DNV_USA, scope, d(2025, 12, 1),
             address="500 West 2nd Street, Austin, TX 78701, USA")  # fmt: skip
    out.append(Case(
        "fresh08_ai_vendor_scope_excludes_ai",
        vendor("Marrowby Voice Labs", org, ["Marrowby Agent"], ai=True, criticality="high"),
        (
            Doc("Marrowby_ISO27001.pdf", c, F("cert_f_registered_firm_grid")),
            Doc("Marrowby_Scope.pdf", ScopeSpec(
                org, scope, d(2025, 11, 3), sites=("500 West 2nd Street, Austin, TX",),
                out_of_scope="The Marrowby Agent product, the machine-learning platform and "
                "customer data processed by it."), F("scope_f_policy")),
            Doc("Marrowby_SoA.pdf", SoaSpec(org, "1.0", d(2025, 11, 3)), F("soa_f_status_cover")),
        ),
        must=("SCOPE_CORPORATE_IT_ONLY", "SCOPE_AI_GAP", "SCOPE_PRODUCT_NOT_NAMED",
              "ISO42001_ABSENT"),
        tier=("medium", "high", "critical"), seed=308,
        notes="AI vendor whose certified scope is head-office IT and which says in so many words "
        "that the machine-learning platform (training, hosting, inference) is excluded: "
        "SCOPE_CORPORATE_IT_ONLY, SCOPE_AI_GAP (words for the AI estate appear only in the "
        "exclusion), SCOPE_PRODUCT_NOT_NAMED; no 42001: ISO42001_ABSENT.",
    ))  # fmt: skip

    org = "Pemberton Lyle Fleet Telematics Ltd"
    c = cert("BAB-ISMS-44120", org, BAB,
             "Development, hosting and support of the Pemberton Fleet vehicle telematics service.",
             d(2026, 1, 19), address="Unit 3, Meridian Park, Leicester LE19 1WZ, United Kingdom")  # fmt: skip
    out.append(Case(
        "fresh09_soc2_type1_only",
        vendor("Pemberton Lyle Fleet Telematics", org, ["Pemberton Fleet"]),
        (
            Doc("PembertonLyle_ISO27001.pdf", c, F("cert_f_registration_us")),
            Doc("PembertonLyle_SoA.pdf", SoaSpec(org, "1.1", d(2025, 12, 8)),
                F("soa_f_split_reasons")),
            Doc("PembertonLyle_SOC2_Type1.pdf", soc2(
                org, "Pemberton Lyle", "Pemberton Fleet", d(2026, 6, 30), d(2026, 6, 30),
                report_type="type1", auditor="Sabine Drummond CPA, PC",
                auditor_city="Denver, Colorado", report_date=d(2026, 8, 14), controls=38),
                F("soc2_f_described_type1")),
        ),
        must=("SOC2_TYPE1_ONLY",), seed=309,
        notes="The only SOC 2 report is Type 1, as of June 30th, 2026, in a report whose sections "
        "are 'Description of the System' and 'Applicable Criteria, Controls and Tests': "
        "SOC2_TYPE1_ONLY.",
    ))  # fmt: skip

    org = "Greyfriars Clinical Cloud, Inc."
    c = cert("BVNA-IS-118842", org, BV_NA,
             "Development and operation of the Greyfriars EHR Connect clinical data exchange.",
             d(2025, 12, 15), address="77 Summer Street, Boston, MA 02110, USA")  # fmt: skip
    report = soc2(org, "Greyfriars", "Greyfriars EHR Connect", d(2025, 4, 1), d(2026, 3, 31),
                  opinion="qualified", controls=64, auditor="Ingleby Marsh LLP",
                  auditor_city="Philadelphia, Pennsylvania", report_date=d(2026, 5, 29),
                  subservice=(GCP,), deviations={
                      9: "Annual reviews were not performed for 3 of 12 critical vendors.",
                      22: "Encryption at rest was not enabled on 2 of 30 sampled database volumes.",
                      41: "3 of 25 sampled critical vulnerabilities were remediated after more "
                          "than 14 days."})  # fmt: skip
    c77 = CertSpec(
        "27701",
        "2019",
        "BVNA-PIMS-118843",
        org,
        c.holder_address,
        BV_NA,
        "Processing of personal health information as a processor for the Greyfriars EHR "
        "Connect clinical data exchange, including its hosting and support.",
        d(2025, 12, 15),
        d(2028, 12, 14),
    )
    out.append(Case(
        "fresh10_soc2_qualified_exceptions_table",
        vendor("Greyfriars Clinical Cloud", org, ["Greyfriars EHR Connect"],
               data=("personal", "health"), frameworks=("SOC 2",)),
        (
            Doc("Greyfriars_ISO27001.pdf", c, F("cert_f_hereby_heading")),
            Doc("Greyfriars_ISO27701.pdf", c77, F("cert_f_27701_extension")),
            Doc("Greyfriars_SoA.pdf", SoaSpec(org, "2.0", d(2025, 11, 10)),
                F("soa_f_status_cover")),
            Doc("Greyfriars_SOC2_FY26.pdf", report, F("soc2_f_roman_bare_exceptions_table")),
        ),
        must=("SOC2_QUALIFIED_OPINION", "SOC2_EXCEPTIONS", "SOC2_CARVE_OUT"),
        maybe=("CB_ACCREDITATION_SCOPE",), seed=310,
        notes="SOC 2 Type 2 with a qualified opinion and its basis paragraph; results read "
        "'Exceptions noted' for 3 of 64 tested controls, each mapped to several criteria, and the "
        "exceptions are listed again in a summary table (exceptions_count 3); Google Cloud is "
        "carved out: SOC2_QUALIFIED_OPINION, SOC2_EXCEPTIONS, SOC2_CARVE_OUT. The package also "
        "holds an ISO/IEC 27701:2019 extension certificate (it prints 'ISO/IEC 27001:2022' too; "
        "its kind is iso27701_certificate). The reference data records ISO/IEC 27001 "
        "accreditations only, so whether Bureau Veritas's accreditation covers the 27701 "
        "extension (CB_ACCREDITATION_SCOPE) is left open.",
    ))  # fmt: skip

    org = "Lagomarsino Servizi Cloud S.p.A."
    c = cert("IT-27K-1204", org, TUV_RHEINLAND,
             "Erogazione in modalità SaaS della piattaforma Lagomarsino Paghe per l'elaborazione "
             "delle buste paga, inclusi hosting e assistenza.",
             d(2025, 6, 23), first=d(2022, 6, 23),
             address="Corso Buenos Aires 54, 20124 Milano, Italia")  # fmt: skip
    out.append(Case(
        "fresh11_certificate_suspended",
        vendor("Lagomarsino Servizi Cloud", org, ["Lagomarsino Paghe"]),
        (
            Doc("Lagomarsino_ISO27001.pdf", c, F("cert_f_italian_grid_numeric")),
            Doc("Lagomarsino_SoA.pdf", SoaSpec(org, "4", d(2025, 5, 12)),
                F("soa_f_split_reasons")),
            Doc("TUV_letter_suspension.pdf", letter(TUV_RHEINLAND, c, d(2026, 6, 8), "suspended",
                                                     2, 1, signatory="Marco Benedetti"),
                F("letter_f_cb_recommend")),
        ),
        must=("SURVEILLANCE_FAILED",), maybe=("SURVEILLANCE_OVERDUE",),
        tier=("high", "critical"), seed=311,
        notes="Italian certificate (dates 23/06/2025 to 22/06/2028); the CB's letter on its "
        "letterhead records 2 major and 1 minor nonconformities and says that certification is "
        "suspended: SURVEILLANCE_FAILED, critical (CONTRACT §5).",
    ))  # fmt: skip
    return out


FRESH_CASES: tuple[Case, ...] = (*_clean(), *_defects())
