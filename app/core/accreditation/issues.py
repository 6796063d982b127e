"""The printed accreditation mark read against the data, and the parts every accreditation
issue is made of (CONTRACT.md §4): the sentence, the record that decided it, its provenance,
the facts it rests on, and where a reviewer can check.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from app.core.accreditation.registry import AccreditationBody, Provenance, Registry, SubScope
from app.core.findings import FindingCode

CERTSEARCH = "https://www.iafcertsearch.org/"
CB_FACTS = ("certification_body",)
BOTH_FACTS = ("certification_body", "accreditation_body")


@dataclass(frozen=True)
class Draft:
    """An issue before its detail is written."""

    code: FindingCode
    sentence: str
    record: str
    provenance: Provenance | None
    facts: tuple[str, ...] = BOTH_FACTS
    where: str | None = None
    ask: str | None = None


class MarkState(StrEnum):
    """What the printed accreditation body is: nothing, a recognised body (its sub-scope for
    the standard recognised or unconfirmed), or not a recognised one."""

    none = "none"
    recognised = "recognised"
    lookalike = "lookalike"
    unrecognised = "unrecognised"


@dataclass(frozen=True)
class MarkReading:
    state: MarkState
    standard: str
    printed: str | None = None
    ab: AccreditationBody | None = None
    draft: Draft | None = None
    note: str | None = None

    @property
    def recognised(self) -> bool:
        return self.state is MarkState.recognised

    @property
    def not_recognised(self) -> bool:
        return self.state in (MarkState.lookalike, MarkState.unrecognised)


def same_number(printed: str, known: str) -> bool:
    """Accreditation numbers equal up to punctuation, case and leading zeros (0003 = 003)."""

    def key(n: str) -> str:
        compact = re.sub(r"[^A-Z0-9]", "", n.upper())
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", compact)

    return key(printed) == key(known)


def recognised_for(registry: Registry, body: str, standard: str) -> bool:
    """An AB whose MLA sub-scope is not known to exclude `standard`, and not a look-alike."""
    ab = registry.accreditation_body(body)
    return ab is not None and ab.sub_scope(standard) is not SubScope.not_recognised


def where_to_check(ab: AccreditationBody | None) -> str:
    """The AB's directory of accredited bodies (address from the data), and IAF CertSearch."""
    certsearch = (
        f"IAF CertSearch {CERTSEARCH} (a certificate missing there is not invalid: uploading is "
        "not mandatory everywhere)"
    )
    if ab is None:
        return certsearch
    if ab.directory:
        return f"{ab.code}'s directory of accredited bodies {ab.directory}, or {certsearch}"
    register = ab.source.register or "https://iaf.nu/en/iaf-members/"
    return f"{ab.code}'s own register (the data has no directory address; see {register}), or {certsearch}"


def read_mark(registry: Registry, printed: str | None, standard: str) -> MarkReading:
    """The printed accreditation body for `standard`, and the AB_NOT_RECOGNISED (or
    CERT_NO_ACCREDITATION_MARK) issue it raises by itself."""
    if not printed or not printed.strip():
        rec = "certificate facts: accreditation_body is null (no accreditation mark or name read)"
        draft = Draft(
            FindingCode.CERT_NO_ACCREDITATION_MARK,
            "The certificate shows no accreditation body.",
            rec,
            None,
            ("accreditation_body",),
        )
        return MarkReading(MarkState.none, standard, None, None, draft)
    fake = registry.lookalike(printed)
    if fake is not None:
        rec = f"lookalike_bodies.csv: {fake.name} - {fake.assessment} ({fake.source.describe()})"
        sentence = f"{fake.name} (printed as {printed!r}) is a look-alike 'accreditation' body, not an IAF MLA signatory."
        draft = Draft(
            FindingCode.AB_NOT_RECOGNISED, sentence, rec, fake.source.provenance, ("accreditation_body",)
        )  # fmt: skip
        return MarkReading(MarkState.lookalike, standard, printed, None, draft)
    ab = registry.accreditation_body(printed)
    if ab is None:
        rec = f"accreditation_bodies.csv (data {registry.version}): no body {printed!r}"
        sentence = f"{printed!r} is not an IAF MLA signatory in the reference data."
        draft = Draft(FindingCode.AB_NOT_RECOGNISED, sentence, rec, None, ("accreditation_body",))
        return MarkReading(MarkState.unrecognised, standard, printed, None, draft)
    scope = ab.sub_scope(standard)
    rec = (
        f"accreditation_bodies.csv: {ab.code} IAF MLA {ab.iaf_mla_ms.value}, sub-scope for "
        f"ISO/IEC {standard} {scope.value} ({ab.source.describe()})"
    )
    if scope is SubScope.not_recognised:
        sentence = f"{ab.code} is not an IAF MLA signatory for the sub-scope of ISO/IEC {standard}."
        draft = Draft(
            FindingCode.AB_NOT_RECOGNISED, sentence, rec, ab.source.provenance, ("accreditation_body",)
        )  # fmt: skip
        return MarkReading(MarkState.unrecognised, standard, printed, ab, draft)
    note = None
    if scope is SubScope.unknown:
        note = f"{ab.code}'s IAF MLA sub-scope for ISO/IEC {standard} is not confirmed: {rec}"
    return MarkReading(MarkState.recognised, standard, printed, ab, None, note)
