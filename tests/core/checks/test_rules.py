"""The rule table: every CONTRACT §4 code has exactly one rule, documented by its condition."""

from app.core.checks import FAMILY_BY_CODE, RULES
from app.core.findings import FindingCode


def test_every_code_maps_to_exactly_one_rule() -> None:
    codes = [r.code for r in RULES]
    assert sorted(codes) == sorted(FindingCode)
    assert len(codes) == len(set(codes))


def test_each_rule_docstring_quotes_its_code() -> None:
    for rule in RULES:
        assert rule.code.value in (rule.check.__doc__ or ""), rule.code


def test_families_are_the_check_modules() -> None:
    assert set(FAMILY_BY_CODE.values()) == {
        "certificate", "accreditation", "surveillance", "scope", "soa", "soc2", "frameworks", "documents",
    }  # fmt: skip
