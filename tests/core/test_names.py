"""The one organisation-name normaliser (app/core/names.py): names shown as printed, legal forms
dropped only for comparing, "&" = "and", short forms = the word, other scripts kept."""

import pytest

from app.core.names import names_match, normalise, similarity

SAME = [
    ("A-LIGN Compliance & Security, Inc.", "A-LIGN Compliance and Security, Inc."),
    ("Schellman & Co.", "Schellman & Company, LLC"),
    ("Linford & Co LLP", "Linford and Company"),
    ("Acme Co. Certification Ltd", "Acme Company Certification Limited"),
    ("Northwind Intl Assurance Corp.", "Northwind International Assurance Corporation"),
    ("TÜV SÜD Management Service GmbH", "TUEV SUED Management Service"),
    ("BSI Group Japan K.K.", "BSI Group Japan"),
    ("国際システム審査株式会社", "国際システム審査"),
    ("Ekol Belgelendirme A.Ş.", "EKOL BELGELENDIRME AS"),
]


@pytest.mark.parametrize(("a", "b"), SAME, ids=[a for a, _ in SAME])
def test_same_name_same_key(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert names_match(a, b, 90)


DIFFERENT = [
    ("A-LIGN Compliance and Security, Inc.", "A-LIGN Compliance and Advisory LLC"),
    ("国際システム審査株式会社", "日本品質保証機構"),
    ("Coalfire ISO, Inc.", "Coalfire Systems, Inc."),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=[a for a, _ in DIFFERENT])
def test_different_names_differ(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


@pytest.mark.parametrize("name", ["", "---", "( . )"], ids=["empty", "punctuation", "brackets"])
def test_a_name_without_letters_matches_nothing(name: str) -> None:
    assert normalise(name) == ""
    assert similarity(normalise(name), "") == 0.0
    assert similarity(normalise(name), normalise("Coalfire")) == 0.0
    assert not names_match(name, name, 0)


def test_legal_forms_are_only_dropped_at_the_end() -> None:
    assert normalise("The Company of Auditors Ltd") == "the company of auditors"
