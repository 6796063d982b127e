"""Certificates in languages and layouts the corpus styles did not teach: detection, holder
labels and rows of dates whose labels are only partly understood (issue 11, "documents nobody
tuned to"). The texts are written for these tests, not copied from any generated set."""

from datetime import date

import pytest

from app.core.extract.certificate.extractor import extract_certificate
from app.core.kinds import DocumentKind
from app.core.pages import Page
from app.core.parse.classify import classify
from tests.reference import MARKS

DUTCH = """CERTIFICAAT
ISO/IEC 27001:2022
Kiwa verklaart dat het managementsysteem voor informatiebeveiliging van
Polderlicht Software B.V.
in overeenstemming is bevonden met ISO/IEC 27001:2022.
Certificaatnummer: K-88120
Datum van uitgifte: 4 maart 2025
Geldig tot: 3 maart 2028"""

SWEDISH = """CERTIFIKAT
ISO/IEC 27001:2022
Intertek intygar att ledningssystemet hos
Fjällbacka Data AB
har granskats och befunnits uppfylla kraven i ISO/IEC 27001:2022.
Certifikatnummer: SE-4410
Utfärdat: 2 maj 2025
Giltigt till: 1 maj 2028"""

ITALIAN = """CERTIFICATO
ISO/IEC 27001:2022
Si certifica che il sistema di gestione di
Brenta Sistemi S.r.l.
è stato giudicato conforme alla norma ISO/IEC 27001:2022.
Certificato n. IT-5521
Data di emissione: 9 settembre 2025
Data di scadenza: 8 settembre 2028"""

DANISH = """CERTIFIKAT
ISO/IEC 27001:2022
Bureau Veritas bekræfter at ledelsessystemet hos
Skagen Analyse ApS
opfylder kravene i ISO/IEC 27001:2022.
Certifikatnummer: DK-7710
Udstedt: 10 marts 2025
Gyldig til: 9 marts 2028"""


@pytest.mark.parametrize("text", [DUTCH, SWEDISH, ITALIAN, DANISH], ids=["nl", "sv", "it", "da"])
def test_a_certificate_in_another_language_is_detected(text: str) -> None:
    assert classify([Page(1, text)]) is DocumentKind.iso27001_certificate


def test_a_page_that_only_says_it_is_certified_is_no_certificate() -> None:
    trust_page = "La nostra azienda è certificata ISO/IEC 27001. Scopri di più sul nostro impegno."
    assert classify([Page(1, trust_page)]) is DocumentKind.unknown


@pytest.mark.parametrize(
    ("text", "holder", "expiry"),
    [
        (DUTCH, "Polderlicht Software B.V.", date(2028, 3, 3)),
        (SWEDISH, "Fjällbacka Data AB", date(2028, 5, 1)),
        (ITALIAN, "Brenta Sistemi S.r.l.", date(2028, 9, 8)),
        (DANISH, "Skagen Analyse ApS", date(2028, 3, 9)),
    ],
    ids=["nl", "sv", "it", "da"],
)
def test_holder_and_expiry_in_another_language(text: str, holder: str, expiry: date) -> None:
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.holder == holder
    assert ex.facts.expiry_date == expiry


@pytest.mark.parametrize(
    ("label", "name"),
    [("Organisatie", "Duinrand Hosting B.V."), ("Organizzazione", "Colli Digitali S.p.A."),
     ("Organização", "Ribeira Dados Lda.")],
)  # fmt: skip
def test_a_holder_label_in_another_language_is_not_part_of_the_name(label: str, name: str) -> None:
    text = f"""CERTIFICATE
ISO/IEC 27001:2022
This is to certify that the organisation below has been assessed against ISO/IEC 27001:2022.
Certificate No: Q-1200
{label}        {name}
Date of issue: 1 April 2025
Expiry date: 31 March 2028"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.holder == name


def test_a_row_of_dates_under_partly_understood_labels_is_not_guessed() -> None:
    """Four columns, only the last label understood: pairing it with the first date would
    read the original certification date as the expiry (an expired certificate: critical)."""
    text = """CERTIFICATE
ISO/IEC 27001:2022
This is to certify that Harrowgate Systems Ltd has been assessed against ISO/IEC 27001:2022.
Ref.      Erstmals      Neu      Valid until
HS-100    3 May 2019    2 May 2025    1 May 2028"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.expiry_date is None
    assert any("dates under" in w and "left empty" in w for w in ex.warnings), ex.warnings


def test_a_scope_after_a_long_label_stops_at_the_next_field() -> None:
    text = """Certificate of Registration
ISO/IEC 27001:2022
This is to certify that the management system of
Tarnside Metrics Ltd
has been assessed and found to conform to ISO/IEC 27001:2022
for the following scope of registration:
Operation and support of the Tarnside Metrics analytics service.
Certificate ID TM-4410
Date of issue: 2 June 2025
Valid until: 1 June 2028"""
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.scope == "Operation and support of the Tarnside Metrics analytics service."
    assert ex.facts.certificate_number == "TM-4410"


def test_an_italian_validity_sentence_gives_issue_and_expiry() -> None:
    text = ITALIAN.replace(
        "Data di emissione: 9 settembre 2025\nData di scadenza: 8 settembre 2028",
        "Campo di applicazione: Sviluppo e gestione della piattaforma Brenta Cloud.\n"
        "Il presente certificato è valido dal 9 settembre 2025 al 8 settembre 2028",
    )
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert (ex.facts.issue_date, ex.facts.expiry_date) == (date(2025, 9, 9), date(2028, 9, 8))
    assert ex.facts.certificate_number == "IT-5521"
    assert ex.facts.scope == "Sviluppo e gestione della piattaforma Brenta Cloud."


def test_a_swedish_scope_label() -> None:
    text = SWEDISH.replace(
        "Certifikatnummer: SE-4410",
        "Omfattning\nDrift och support av tjänsten Fjällbacka Moln.\nCertifikatnummer: SE-4410",
    )
    ex = extract_certificate([Page(1, text)], marks=MARKS)
    assert ex.facts.scope == "Drift och support av tjänsten Fjällbacka Moln."
    assert ex.facts.certificate_number == "SE-4410"


def test_a_professional_corporation_keeps_its_legal_form() -> None:
    """ "Wendell Ames CPA, PC": the legal form after the comma belongs to the name."""
    from app.core.extract.text.labels import LEGAL_NAME_END

    assert LEGAL_NAME_END.search("Wendell Ames CPA, PC")
    assert LEGAL_NAME_END.search("Ames & Ruiz CPAs LLP")
