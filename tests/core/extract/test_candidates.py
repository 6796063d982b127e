"""Candidates and agreement: a clear winner with a confidence, or an abstention that says
what was seen (STYLE rule 14, CONTRACT §2)."""

from app.core.extract.text.candidates import Candidate, choose
from app.core.extract.text.orgs import choose_name, related
from app.core.facts import Confidence
from app.core.names import normalise
from app.core.pages import Page

PAGE = Page(
    number=1,
    text="Certification body: QRO Certification LLP\nassessed by QRO\n"
    "Authorised signatory\nISO Certification Services\nproperty of QRO Certification LLP",
)


def cand(value: str, cue: str, weight: float, quote: str | None = None) -> Candidate:
    return Candidate(value, PAGE, quote or value, cue, weight, key=normalise(value))


def test_independent_cues_agree_high() -> None:
    choice = choose(
        "x",
        [
            cand("QRO Certification LLP", "label", 3.0),
            cand("QRO Certification LLP", "property", 2.5),
        ],
    )
    assert (choice.value, choice.confidence) == ("QRO Certification LLP", Confidence.high)
    assert choice.reasons == ("label (3)", "property (2.5)")


def test_one_weak_cue_is_low() -> None:
    choice = choose("x", [cand("ISO Certification Services", "signature", 1.5)])
    assert choice.confidence is Confidence.low


def test_close_contest_abstains_with_what_was_seen() -> None:
    choice = choose(
        "certification_body",
        [
            cand("QRO Certification LLP", "label", 3.0),
            cand("ISO Certification Services", "signature", 2.5),
        ],
    )
    assert choice.value is None and choice.evidence is None
    assert choice.warning is not None
    assert choice.warning.startswith("certification_body: not read with confidence")
    assert "'QRO Certification LLP' (label; page 1)" in choice.warning
    assert "'ISO Certification Services' (signature; page 1)" in choice.warning


def test_a_clear_lead_over_a_rival_is_low() -> None:
    choice = choose(
        "x",
        [
            cand("QRO Certification LLP", "label", 3.0),
            cand("QRO Certification LLP", "property", 2.5),
            cand("ISO Certification Services", "signature", 2.0),
        ],
    )
    assert (choice.value, choice.confidence) == ("QRO Certification LLP", Confidence.low)


def test_quote_not_on_the_page_is_ignored() -> None:
    assert choose("x", [cand("Other Ltd", "label", 3.0)]).value is None


def test_abbreviation_agrees_with_the_full_name_which_is_shown() -> None:
    assert related("qro", "qro certification")
    assert related("qcci", "quality compliance certification india")
    assert not related("qro", "bsi assurance uk")
    choice = choose_name(
        "x",
        [
            cand("QRO", "sentence", 2.5, "assessed by QRO"),
            cand("QRO Certification LLP", "property", 2.5),
        ],
    )
    assert (choice.value, choice.confidence) == ("QRO Certification LLP", Confidence.high)


def test_wordmark_acronym_agrees_with_the_name_it_abbreviates() -> None:
    """ "NQA National Quality Assurance Limited" (a wordmark glued to the name, or the name
    itself?) agrees with "National Quality Assurance Limited"; the acronym adds nothing."""
    page = Page(
        1, "NQA National Quality Assurance Limited\nproperty of National Quality Assurance Limited"
    )
    found = [
        Candidate(
            "NQA National Quality Assurance Limited",
            page,
            "NQA National Quality Assurance Limited",
            "letterhead",
            1.5,
            key="nqa national quality assurance",
        ),
        Candidate(
            "National Quality Assurance Limited",
            page,
            "property of National Quality Assurance Limited",
            "property",
            2.5,
            key="national quality assurance",
        ),
    ]
    choice = choose_name("certification_body", found)
    assert (choice.value, choice.confidence) == (
        "National Quality Assurance Limited",
        Confidence.high,
    )
