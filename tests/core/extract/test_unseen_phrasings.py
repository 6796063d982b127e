"""Certificates and letters worded as nobody here tuned to (issue 11, robustness).

Each page is worded the way real vendor documents vary: other languages (Italian, Dutch,
Portuguese, Japanese dates), US dates, "Certificate of Registration", "Registered firm", "is
hereby certified", "Expires", the certification body only after "Issued by" or in an
address line. The extractors must read what the cues agree on, and abstain (null with a
warning) where they disagree: a wrong value read with high confidence is the worst outcome.
"""

from datetime import date

import pytest

from app.core.extract.bridge import extract_bridge_letter
from app.core.extract.certificate.extractor import extract_certificate
from app.core.extract.certificate.scope import find_sites
from app.core.extract.scope import extract_scope
from app.core.extract.soc2.extractor import extract_soc_report
from app.core.extract.surveillance.extractor import extract_surveillance
from app.core.extract.surveillance.outcome import read_counts
from app.core.facts import Confidence
from app.core.pages import Page
from tests.reference import MARKS

ITALIAN = """CERTIFICATO N. IT-24581
Si certifica che il sistema di gestione dell'organizzazione
Veltra Sistemi S.r.l.
Via Roma 12, 20121 Milano, Italia
è conforme alla norma ISO/IEC 27001:2022
per il seguente campo di applicazione:
Sviluppo ed erogazione di servizi software in cloud per la gestione documentale.
Data di prima emissione: 12/03/2019
Data di emissione: 14 marzo 2025
Data di scadenza: 13 marzo 2028
Certiquadro Certificazioni S.r.l.
ACCREDIA"""
DUTCH = """CERTIFICAAT
Certificaatnummer: NL-7781-ISMS
Hierbij wordt verklaard dat
Dijkstra Data B.V.
voldoet aan de eisen van ISO/IEC 27001:2022
Toepassingsgebied: Het ontwikkelen en hosten van software voor zorginstellingen.
Datum van afgifte: 2 april 2025
Geldig tot: 1 april 2028
Uitgegeven door: Polder Certificering B.V.
RvA C 123"""
PORTUGUESE = """CERTIFICADO
Certificado n.º PT-3391
Certificamos que o sistema de gestão da
Lusotec Serviços Digitais, Lda.
está em conformidade com a norma ISO/IEC 27001:2022
Âmbito: Desenvolvimento e suporte de plataformas de pagamento online.
Data de emissão: 5 de junho de 2025
Válido até: 4 de junho de 2028
Emitido por: Atlântica Certificação, Lda.
IPAC"""
US_REGISTRATION = """Certificate of Registration
This is to certify that
Ridgeback Software, Inc.
1200 Market Street, Denver, CO 80202
has been assessed and found to conform to the requirements of ISO/IEC 27001:2022
for the following scope: Design, development and hosting of fleet telematics SaaS.
Certificate Number: RS-88120
Registration Date: May 19, 2025
Expires: May 18, 2028
Issued by: Summit Registrar Services, LLC
ANAB"""
REGISTERED_FIRM = """Registered firm
Pemberton Analytics Ltd
is hereby certified as operating an Information Security Management System which complies with ISO/IEC 27001:2022
Scope: Provision of managed analytics services.
Certificate No: PA/2291
Date of issue: 19 May 2025
Expiry: 18 May 2028
Harbour Line Certification Ltd, 5 Dock Road, Leeds LS1 1AA"""
JAPANESE_DATES = """登録証
Certificate No. JP-ISMS-5521
This is to certify that
Sakura Cloud Works K.K.
has been assessed and registered against ISO/IEC 27001:2022
Scope: Operation of cloud hosting services
登録日 2025年5月19日
有効期限 2028年5月18日
Issued by: Fuji Assurance Certification Co., Ltd."""

CASES = {
    "italian": (
        ITALIAN,
        {
            "holder": "Veltra Sistemi S.r.l.",
            "certification_body": "Certiquadro Certificazioni S.r.l.",
            "certificate_number": "IT-24581",
            "issue_date": date(2025, 3, 14),
            "expiry_date": date(2028, 3, 13),
            "original_certification_date": date(2019, 3, 12),
            "scope": "Sviluppo ed erogazione di servizi software in cloud per la gestione "
            "documentale.",
        },
    ),
    "dutch": (
        DUTCH,
        {
            "holder": "Dijkstra Data B.V.",
            "certification_body": "Polder Certificering B.V.",
            "certificate_number": "NL-7781-ISMS",
            "issue_date": date(2025, 4, 2),
            "expiry_date": date(2028, 4, 1),
            "scope": "Het ontwikkelen en hosten van software voor zorginstellingen.",
        },
    ),
    "portuguese": (
        PORTUGUESE,
        {
            "holder": "Lusotec Serviços Digitais, Lda.",
            "certification_body": "Atlântica Certificação, Lda.",
            "certificate_number": "PT-3391",
            "issue_date": date(2025, 6, 5),
            "expiry_date": date(2028, 6, 4),
            "scope": "Desenvolvimento e suporte de plataformas de pagamento online.",
        },
    ),
    "us_registration": (
        US_REGISTRATION,
        {
            "holder": "Ridgeback Software, Inc.",
            "certification_body": "Summit Registrar Services, LLC",
            "certificate_number": "RS-88120",
            "issue_date": date(2025, 5, 19),
            "expiry_date": date(2028, 5, 18),
            "scope": "Design, development and hosting of fleet telematics SaaS.",
        },
    ),
    "registered_firm": (
        REGISTERED_FIRM,
        {
            "holder": "Pemberton Analytics Ltd",
            "certification_body": "Harbour Line Certification Ltd",
            "certificate_number": "PA/2291",
            "issue_date": date(2025, 5, 19),
            "expiry_date": date(2028, 5, 18),
            "scope": "Provision of managed analytics services.",
        },
    ),
    "japanese_dates": (
        JAPANESE_DATES,
        {
            "holder": "Sakura Cloud Works K.K.",
            "certification_body": "Fuji Assurance Certification Co., Ltd.",
            "certificate_number": "JP-ISMS-5521",
            "issue_date": date(2025, 5, 19),
            "expiry_date": date(2028, 5, 18),
            "scope": "Operation of cloud hosting services",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_certificate_worded_otherwise_reads_its_facts(name: str) -> None:
    text, want = CASES[name]
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    got = {fact: getattr(ex.facts, fact) for fact in want}
    assert got == want, ex.warnings


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_high_confidence_value_is_wrong(name: str) -> None:
    """Whatever is read with high confidence is right; the rest may be low or absent."""
    text, want = CASES[name]
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    conf = ex.confidence_map()
    wrong = {
        fact: getattr(ex.facts, fact)
        for fact in want
        if conf.get(fact) == Confidence.high and getattr(ex.facts, fact) != want[fact]
    }
    assert not wrong


def test_a_sentence_initial_particle_is_no_certification_body() -> None:
    """ "Si certifica che ..." (Italian: "it is certified that"): "Si" certifies nothing."""
    ex = extract_certificate([Page(1, ITALIAN)], marks=MARKS)
    assert ex.facts.certification_body != "Si"


def test_two_expiry_dates_leave_expiry_empty_with_a_warning() -> None:
    text = """CERTIFICATE
Certificate No: CN-1001
This is to certify that Alpha Widgets Ltd has been assessed and certified against ISO/IEC 27001:2022.
Valid until: 1 March 2028
Expiry date: 1 June 2029
Date of issue: 2 March 2025
Issued by: Beacon Certification Ltd"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.expiry_date is None
    assert any(w.startswith("expiry_date: labels name different dates") for w in ex.warnings)
    assert ex.facts.issue_date == date(2025, 3, 2)


def test_two_issue_dates_of_the_same_cycle_keep_the_first() -> None:
    text = """CERTIFICATE
This is to certify that Alpha Widgets Ltd has been assessed and certified against ISO/IEC 27001:2022.
Date of issue: 2 March 2025
Certification date: 9 April 2025
Valid until: 1 March 2028
Issued by: Beacon Certification Ltd"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.issue_date == date(2025, 3, 2)
    assert ex.confidence_map()["issue_date"] == Confidence.high
    assert any(w.startswith("issue_date: labels name different dates") for w in ex.warnings)


def test_two_issue_dates_years_apart_keep_the_first_with_low_confidence() -> None:
    text = """CERTIFICATE
This is to certify that Alpha Widgets Ltd has been assessed and certified against ISO/IEC 27001:2022.
Date of issue: 2 March 2025
Certification date: 9 April 2022
Valid until: 1 March 2028
Issued by: Beacon Certification Ltd"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.issue_date == date(2025, 3, 2)
    assert ex.confidence_map()["issue_date"] == Confidence.low


BRIDGE_MEMO = """MEMORANDUM
From: Quarry Lane Robotics, Inc.
Date: 2026-04-02
Subject: SOC 2 gap letter
Examination period: 2024-10-01 - 2025-09-30
Independent service auditor: Penrose Vale CPAs LLP
Management confirms that no significant changes to the system or its controls occurred between 2025-09-30
and 2026-03-31.
Dana Whitcomb, Chief Financial Officer
Quarry Lane Robotics, Inc."""
BRIDGE_TABLE = """Quarry Lane Robotics, Inc.
2 April 2026
Re: Bridge letter
Report SOC 2 Type 2
Service auditor Penrose Vale CPAs LLP
Report period 1 October 2024 to 30 September 2025
Bridge period 30 September 2025 to 31 March 2026
As of 31 March 2026, management is not aware of any material changes to the system.
Dana Whitcomb, Chief Financial Officer
Quarry Lane Robotics, Inc."""


@pytest.mark.parametrize("text", [BRIDGE_MEMO, BRIDGE_TABLE], ids=["memo", "table"])
def test_bridge_letter_in_labelled_rows(text: str) -> None:
    """Labelled rows ("Report period", "Examination period", "Service auditor") are read
    before sentences; a table's rows are no sentence about changes."""
    ex = extract_bridge_letter([Page(1, text)])
    f = ex.facts
    assert (f.service_organization, f.service_auditor) == (
        "Quarry Lane Robotics, Inc.",
        "Penrose Vale CPAs LLP",
    )
    assert (f.report_period_start, f.report_period_end, f.bridge_period_end) == (
        date(2024, 10, 1),
        date(2025, 9, 30),
        date(2026, 3, 31),
    )
    assert f.material_changes is False
    assert ex.confidence_map()["bridge_period_end"] == Confidence.high


def test_bridge_letter_with_two_report_periods_abstains() -> None:
    text = """Quarry Lane Robotics, Inc.
2 April 2026
Report period 1 October 2024 to 30 September 2025
Examination period 1 January 2024 to 31 December 2024
As of 31 March 2026, management is not aware of any material changes to the system."""
    ex = extract_bridge_letter([Page(1, text)])
    assert ex.facts.report_period_end is None
    assert any(w.startswith("report period: not read with confidence") for w in ex.warnings)


def _soc2_opinion_page(opinion: str) -> list[Page]:
    return [
        Page(
            1,
            "SOC 2 Type 2 report of Harbor Data, Inc. for the period January 1, 2025 to "
            "December 31, 2025.",
        ),
        Page(2, "Independent Service Auditor's Report\nOpinion\n" + opinion),
    ]


@pytest.mark.parametrize(
    ("opinion", "want", "confidence"),
    [
        (
            "In our opinion, in all material respects, the description is fairly presented. The "
            "description includes only the controls of Harbor Data, Inc., except for the "
            "controls of the subservice organization, which are carved out.",
            "unqualified",
            Confidence.high,
        ),
        (
            "In our opinion, except for the effects of the matter described in the Basis for "
            "Qualified Opinion paragraph, the controls operated effectively.",
            "qualified",
            Confidence.high,
        ),
        (
            "The controls operated effectively, except for the matter noted below.",
            "qualified",
            Confidence.low,
        ),
    ],
    ids=["carve-out-except-for", "opinion-sentence", "except-for-alone"],
)
def test_soc2_except_for_qualifies_only_the_opinion_sentence(
    opinion: str, want: str, confidence: Confidence
) -> None:
    ex = extract_soc_report(_soc2_opinion_page(opinion))
    assert getattr(ex.facts, "opinion", None) == want
    assert ex.confidence_map()["opinion"] == confidence


@pytest.mark.parametrize(
    ("text", "major", "minor"),
    [
        ("Category 1 (major): 0\nCategory 2 (minor): 2", 0, 2),
        ("| Major | Minor | OFI |\n| 0 | 2 | 3 |", 0, 2),
        ("Major Minor Observations\n1 0 5", 1, 0),
        ("Hauptabweichungen: 0\nNebenabweichungen: 1", 0, 1),
    ],
    ids=["category-numbers", "ruled-header-row", "header-row", "german-compounds"],
)
def test_nonconformity_counts_in_other_shapes(text: str, major: int, minor: int) -> None:
    """A grade's own number ("Category 1 (major)") is no count; a row of grade labels over a
    row of counts gives each grade its count; German compounds ("Nebenabweichungen")."""
    got_major, got_minor = read_counts([Page(1, text)])
    assert (got_major.value, got_minor.value) == (major, minor)


@pytest.mark.parametrize(
    "text",
    [
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nScope and "
        "boundaries\nDevelopment and operation of the Harbor Data platform and its production "
        "cloud.\nJustification for exclusions\nNone.",
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nISMS "
        "boundaries\nDevelopment and operation of the Harbor Data platform and its production "
        "cloud.\nNot in scope\nCorporate marketing.",
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nActivities "
        "covered\nDevelopment and operation of the Harbor Data platform and its production "
        "cloud.\nOwner\nChief Information Security Officer",
    ],
    ids=["scope-and-boundaries", "isms-boundaries", "activities-covered"],
)
def test_scope_statement_after_unusual_headings(text: str) -> None:
    ex = extract_scope([Page(1, text)])
    assert ex.facts.scope == (
        "Development and operation of the Harbor Data platform and its production cloud."
    )


def test_sites_in_a_numbered_table_under_site_s() -> None:
    """ "Site(s)" over a "No. Address" table whose rows are numbered: the numbers go, house
    numbers stay, and the running footer (printed on every page) is no site."""
    footer = "Beacon Assurance Services Ltd, 4 Quay Street, Leeds LS1 2AB"
    pages = [
        Page(1, f"CERTIFICATE\nAlpha Widgets Ltd\n{footer}"),
        Page(
            2,
            "Appendix to certificate AW-5521\nSite(s)\nNo. Address\n1 88 Argyle Street, Glasgow "
            f"G2 8AG\n2 Unit 4, Eurocentral, Motherwell ML1 4UF\n{footer}",
        ),
    ]
    assert [s.value for s in find_sites(pages)] == [
        "88 Argyle Street, Glasgow G2 8AG",
        "Unit 4, Eurocentral, Motherwell ML1 4UF",
    ]


def test_site_addresses_keep_their_house_numbers() -> None:
    pages = [Page(1, "Sites\n88 Argyle Street, Glasgow G2 8AG\n4 Quay Street, Leeds LS1 2AB")]
    assert [s.value for s in find_sites(pages)] == [
        "88 Argyle Street, Glasgow G2 8AG",
        "4 Quay Street, Leeds LS1 2AB",
    ]


@pytest.mark.parametrize(
    ("statement", "outcome"),
    [
        ("La certificazione è confermata.", "continued"),
        ("Il certificato è sospeso.", "suspended"),
        ("De certificering blijft gehandhaafd.", "continued"),
        ("O certificado foi suspenso.", "suspended"),
        ("Het certificaat is ingetrokken.", "withdrawn"),
        (
            "The suspension of your certificate has been lifted and certification is restored.",
            "continued",
        ),
    ],
)
def test_audit_outcome_in_other_words(statement: str, outcome: str) -> None:
    """Outcomes in Italian, Dutch and Portuguese; a lifted suspension is no suspension."""
    head = "Surveillance audit report\nClient: Alpha Widgets Ltd\nAudit date: 12 May 2026\n"
    ex = extract_surveillance([Page(1, head + statement)])
    assert ex.facts.outcome == outcome


def test_a_scope_line_wrapped_before_a_field_word_is_kept() -> None:
    """A wrapped line that starts in lower case with a field's word ("internal", "locations",
    "sites") carries on the sentence: the scope does not stop there."""
    text = (
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nScope\n"
        "Development and operation of the Harbor Data platform and the supporting\n"
        "internal tools used by engineering at the company's\n"
        "locations in Leeds and London.\nExclusions\nNone."
    )
    ex = extract_scope([Page(1, text)])
    assert ex.facts.scope == (
        "Development and operation of the Harbor Data platform and the supporting internal "
        "tools used by engineering at the company's locations in Leeds and London."
    )
    cert = extract_certificate(
        [
            Page(
                1,
                "CERTIFICATE\nThis is to certify that Harbor Data Ltd has been assessed against "
                "ISO/IEC 27001:2022.\nScope: Development and operation of the Harbor Data "
                "platform and the supporting\ninternal tools used by engineering at the "
                "company's\nlocations in Leeds and London.\nCertificate No: HD-1001",
            )
        ],
        marks=MARKS,
    )
    assert cert.facts.scope == ex.facts.scope


def test_scope_after_a_heading_in_other_words_is_low_confidence() -> None:
    text = (
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nWhat our "
        "ISMS takes in\nNothing here.\nOrganisational and physical perimeter\nDevelopment and "
        "operation of the Harbor Data platform and its production cloud.\nExclusions\nNone."
    )
    ex = extract_scope([Page(1, text)])
    assert ex.facts.scope == (
        "Development and operation of the Harbor Data platform and its production cloud."
    )
    assert ex.confidence_map()["scope"] == Confidence.low


def test_scope_after_a_heading_that_names_the_scope_in_other_words_is_high() -> None:
    text = (
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nOur "
        "certification scope in brief\nDevelopment and operation of the Harbor Data platform "
        "and its production cloud.\nExclusions\nNone."
    )
    ex = extract_scope([Page(1, text)])
    assert ex.facts.scope == (
        "Development and operation of the Harbor Data platform and its production cloud."
    )
    assert ex.confidence_map()["scope"] == Confidence.high


def test_a_continued_scope_line_still_stops_at_a_cited_soa() -> None:
    text = (
        "CERTIFICATE\nThis is to certify that Harbor Data Ltd has been assessed against "
        "ISO/IEC 27001:2022.\nScope: Development and operation of the Harbor Data platform\n"
        "in accordance with the Statement of Applicability version 3\nCertificate No: HD-1001"
    )
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.scope == "Development and operation of the Harbor Data platform"


def test_a_spanish_revocation_is_a_withdrawal() -> None:
    head = "Informe de auditoría\nCliente: Alpha Widgets S.L.\n"
    ex = extract_surveillance([Page(1, head + "La certificación ha sido revocada.")])
    assert ex.facts.outcome == "withdrawn"


def test_scope_under_what_the_isms_covers_is_high() -> None:
    text = (
        "ISMS Scope Statement\nOrganisation: Harbor Data Ltd\nIssued: 2025-02-14\nWhat the "
        "ISMS covers\nDevelopment and operation of the Harbor Data platform and its production "
        "cloud.\nExclusions\nNone."
    )
    ex = extract_scope([Page(1, text)])
    assert ex.facts.scope == (
        "Development and operation of the Harbor Data platform and its production cloud."
    )
    assert ex.confidence_map()["scope"] == Confidence.high
