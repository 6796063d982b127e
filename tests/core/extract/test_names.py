"""Names cleaned before they are compared (STYLE rule 14): wordmarks, labels, titles,
departments, addresses, people and furniture go; legal forms stay."""

import pytest

from app.core.extract.text.names import clean_name, is_address, is_generic


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("LRQA LRQA Limited", "LRQA Limited"),
        ("ACME Acme Certification Ltd", "Acme Certification Ltd"),
        ("bsi. BSI Assurance UK Ltd", "BSI Assurance UK Ltd"),
        ("NQA National Quality Assurance Limited", "NQA National Quality Assurance Limited"),
        ("TÜV SÜD TÜV SÜD Management Service GmbH", "TÜV SÜD Management Service GmbH"),
        ("Vantor Logistics B.V. Internal", "Vantor Logistics B.V."),
        ("Holder Ltd    Confidential", "Holder Ltd"),
        ("Authorised signatory, Coalfire ISO, Inc.", "Coalfire ISO, Inc."),
        ("Client organisation Harrowgate Payroll Limited", "Harrowgate Payroll Limited"),
        ("Organisation: Acme Ltd", "Acme Ltd"),
        ("Coalfire ISO, Inc. - 8480 E Orchard Road, Suite 5800, CO 80111", "Coalfire ISO, Inc."),
        ("Linford & Company LLP", "Linford & Company LLP"),
        ("Taravista Soluciones S.L.", "Taravista Soluciones S.L."),
        ("Ostrava Cloud s.r.o.", "Ostrava Cloud s.r.o."),
        ("The Sage Group plc", "The Sage Group plc"),
        ("International Standards Certification", "International Standards Certification"),
        ("CAC Conformity Assessment Center d.o.o.", "CAC Conformity Assessment Center d.o.o."),
    ],
    ids=[
        "wordmark-repeat", "wordmark-case", "wordmark-dot", "acronym-kept",
        "wordmark-two-words", "classification-label", "classification-spaced",
        "signatory-title", "grid-label", "label-colon", "address-after-legal-form",
        "legal-form-kept", "spanish-legal-form", "lowercase-legal-form", "leading-the",
        "no-legal-form", "dotted-legal-form",
    ],
)  # fmt: skip
def test_names_are_cleaned(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize(
    "raw",
    [
        "Director, ISO Certification Services",
        "Head of Certification, Assurance Services",
        "Managing Director",
        "This",
        "It",
        "Dear Ms Patel,",
        "Kitemark Court, Davy Avenue, Knowlhill, Milton Keynes MK5 8PP, United Kingdom",
        "NAGAR, MADINAGUDA, SERILINGAMPALLY, MIYAPUR SUB POST OFFICE, HYDERABAD",
        "Registered in England and Wales No. 4021863.",
        "UKAS MANAGEMENT SYSTEMS 001",
        "operates an Information Security Management System",
        "Surveillance Audit Report",
        "SYSTEM AND ORGANIZATION CONTROLS (SOC)",
    ],
    ids=[
        "title-and-department", "head-of-department", "title-only", "sentence-word",
        "pronoun", "salutation", "uk-address", "address-parts", "company-number", "mark",
        "sentence", "document-title", "report-title",
    ],
)  # fmt: skip
def test_what_is_no_name(raw: str) -> None:
    assert clean_name(raw) is None


def test_addresses_and_prose() -> None:
    assert is_address("77 Franklin Street, Boston, MA 02110, USA")
    assert not is_address(
        "The design, development, hosting and support of the platform, including the models"
    )


def test_generic_names_are_departments() -> None:
    assert is_generic("ISO Certification Services")
    assert not is_generic("Harbourline Certification Ltd")
