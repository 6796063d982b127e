"""A vendor's documents read together: links, confirmations, number agreement (issue 11.2)."""

import pytest

from app.core.facts import Confidence, ParsedDocument
from app.core.reconcile import abstained, is_confident, numbers_agree, reconcile
from tests.builders import (
    make_certificate_facts,
    make_parsed,
    make_profile,
    make_soa_facts,
    make_surveillance_facts,
)


def low(parsed: ParsedDocument, *facts: str) -> ParsedDocument:
    """The same document with `facts` read with low confidence."""
    return parsed.model_copy(
        update={"confidence": {**parsed.confidence, **dict.fromkeys(facts, Confidence.low)}}
    )


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("IS 702219", "IS-702219", True),
        ("12 310 54817 TMS", "12 310 54817", True),
        ("CF-ISMS-0417-25", "cf isms 0417 25", True),
        ("IS 702219", "IS 702218", False),
        ("12 310 54817", "12 310 54817 9", False),
        ("A1", "A1B", False),
    ],
    ids=["punctuation", "letter-suffix", "case", "other-number", "digit-suffix", "too-short"],
)
def test_numbers_agree(a: str, b: str, agree: bool) -> None:
    assert numbers_agree(a, b) is agree


def test_letter_for_the_certificate_confirms_number_body_and_holder() -> None:
    cert = low(
        make_parsed(make_certificate_facts(holder="Northwind Analytics Ltd Internal")),
        "certification_body",
    )
    letter = make_parsed(make_surveillance_facts(certificate_number="IS-712345"))
    rec = reconcile(
        [("cert", cert), ("letter", letter)], make_profile(legal_names=[]), threshold=88
    )
    assert rec.certificate_of("letter") == "cert"
    assert is_confident(cert, "cert", "certification_body", rec)
    assert ("cert", "certificate_number") in rec.confirmed


def test_profile_confirms_a_low_confidence_holder() -> None:
    cert = low(make_parsed(make_certificate_facts()), "holder")
    rec = reconcile([("cert", cert)], make_profile(), threshold=88)
    assert is_confident(cert, "cert", "holder", rec)
    other = reconcile([("cert", cert)], make_profile(name="Other", legal_names=[]), threshold=88)
    assert not is_confident(cert, "cert", "holder", other)


def test_a_document_naming_another_number_is_not_linked_by_holder() -> None:
    cert = make_parsed(make_certificate_facts())
    soa = make_parsed(make_soa_facts(certificate_number="IS 999999"))
    rec = reconcile([("cert", cert), ("soa", soa)], make_profile(), threshold=88)
    assert rec.certificate_of("soa") is None


def test_reference_data_confirms_a_recognised_body() -> None:
    cert = low(make_parsed(make_certificate_facts()), "certification_body")
    rec = reconcile(
        [("cert", cert)],
        make_profile(),
        threshold=88,
        recognised_bodies={"cert": "BSI Assurance UK Ltd"},
    )
    assert is_confident(cert, "cert", "certification_body", rec)


def test_abstentions_are_read_from_warnings() -> None:
    parsed = make_parsed(make_certificate_facts(holder=None)).model_copy(
        update={"warnings": ["holder: not read with confidence; candidates ...", "other note"]}
    )
    assert abstained(parsed) == {"holder"}
