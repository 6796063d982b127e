"""One vendor's documents read together: which evidence belongs to which certificate, and
which readings another document (or the profile, or the reference data) confirms (issue 11
point 2, CONTRACT §4 last paragraph).

A surveillance letter or an SoA belongs to a certificate when it names the same certificate
number (compared on letters and digits; a suffix of letters one of them drops, "12 310 54817
TMS", still agrees), or, without a number, the same holder. A letter for certificate X from
certification body Y confirms the certificate's number and body and its holder; the vendor
profile confirms a holder that carries one of the vendor's names; the reference data confirms
a certification body it recognises. A confirmed reading counts as read with confidence even
when its own document read it with low confidence.

A disagreement between two confident readings is reported as one (by the checks, quoting
both); a reading that is not confident is never the basis of a disagreement.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.facts import CertificateFacts, Confidence, ParsedDocument
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.names import names_match, normalise
from app.core.profile import VendorProfile

_REFERRING = (DocumentKind.surveillance_evidence, DocumentKind.soa)


def number_key(number: str) -> str:
    """Certificate numbers compared on letters and digits only ("IS 702219" == "IS-702219")."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def numbers_agree(a: str, b: str) -> bool:
    """The same certificate number, as two documents print it: equal on letters and digits, or
    one the other with a letter-only suffix or prefix dropped ("12310 54817 TMS")."""
    ka, kb = number_key(a), number_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    if not any(c.isdigit() for c in short) or len(short) < 4:
        return False
    rest = long.replace(short, "", 1) if short in long else None
    return rest is not None and rest.isalpha() and (long.startswith(short) or long.endswith(short))


@dataclass(frozen=True)
class Link:
    """A letter or SoA tied to a certificate, and how (number or holder)."""

    ref: str
    certificate: str
    by: str


@dataclass
class Reconciliation:
    """Links between a vendor's documents and the readings they confirm."""

    links: list[Link] = field(default_factory=list)
    # (document ref, fact) -> what confirmed it, for readings confirmed from outside the document.
    confirmed: dict[tuple[str, str], str] = field(default_factory=dict)

    def certificate_of(self, ref: str) -> str | None:
        return next((link.certificate for link in self.links if link.ref == ref), None)

    def linked_to(self, certificate: str) -> list[str]:
        return [link.ref for link in self.links if link.certificate == certificate]


def _text(facts: object, name: str) -> str | None:
    value = getattr(facts, name, None)
    return value if isinstance(value, str) and value.strip() else None


def _certificates(docs: Sequence[tuple[str, ParsedDocument]]) -> list[tuple[str, ParsedDocument]]:
    return [
        (ref, p)
        for ref, p in docs
        if p.kind in CERTIFICATE_KINDS and isinstance(p.facts, CertificateFacts)
    ]


def _link(
    ref: str, parsed: ParsedDocument, certs: list[tuple[str, ParsedDocument]], threshold: float
) -> Link | None:
    number, holder = _text(parsed.facts, "certificate_number"), _text(parsed.facts, "holder")
    if number:
        for cert_ref, cert in certs:
            printed = _text(cert.facts, "certificate_number")
            if printed and numbers_agree(number, printed):
                return Link(ref, cert_ref, "number")
        if any(_text(c.facts, "certificate_number") for _, c in certs):
            return None  # it names another number: no link by holder
    if holder:
        for cert_ref, cert in certs:
            held = _text(cert.facts, "holder")
            if held and names_match(holder, held, threshold):
                return Link(ref, cert_ref, "holder")
    return None


def _names_agree(a: str, b: str, threshold: float) -> bool:
    ka, kb = normalise(a), normalise(b)
    short, long = sorted((ka.split(), kb.split()), key=len)
    prefix = bool(short) and long[: len(short)] == short
    return prefix or names_match(a, b, threshold)


def reconcile(
    documents: Iterable[tuple[str, ParsedDocument]],
    profile: VendorProfile,
    *,
    threshold: float,
    recognised_bodies: Mapping[str, str] | None = None,
) -> Reconciliation:
    """Link letters and SoAs to certificates and record which readings are confirmed.

    `recognised_bodies`: certificate ref -> the reference data's name for its certification
    body, where the data recognised the printed name."""
    docs = list(documents)
    certs = _certificates(docs)
    out = Reconciliation()
    names = [profile.name, *profile.legal_names]
    for ref, parsed in docs:
        if parsed.kind in _REFERRING and (link := _link(ref, parsed, certs, threshold)):
            out.links.append(link)
        holder = _text(parsed.facts, "holder")
        if holder and any(names_match(holder, n, threshold) for n in names):
            out.confirmed[(ref, "holder")] = "the vendor profile"
    by_ref = dict(docs)
    for link in out.links:
        _confirm_pair(out, link, by_ref[link.ref], by_ref[link.certificate], threshold)
    for ref, matched in (recognised_bodies or {}).items():
        out.confirmed.setdefault((ref, "certification_body"), f"the reference data ({matched})")
    return out


def _confirm_pair(
    out: Reconciliation,
    link: Link,
    other: ParsedDocument,
    cert: ParsedDocument,
    threshold: float,
) -> None:
    """What a linked letter or SoA and its certificate confirm in each other."""
    pairs = [("holder", "holder"), ("certification_body", "certification_body")]
    if link.by == "number":
        out.confirmed[(link.ref, "certificate_number")] = link.certificate
        out.confirmed[(link.certificate, "certificate_number")] = link.ref
    for mine, theirs in pairs:
        a, b = _text(other.facts, mine), _text(cert.facts, theirs)
        if a and b and _names_agree(a, b, threshold):
            out.confirmed.setdefault((link.ref, mine), link.certificate)
            out.confirmed.setdefault((link.certificate, theirs), link.ref)


def is_confident(parsed: ParsedDocument, ref: str, fact: str, rec: Reconciliation) -> bool:
    """True when `fact` of document `ref` was read with high confidence, or confirmed. A fact
    without a confidence (stored before confidence was recorded) counts as high, as an
    extraction's evidence without an entry does."""
    stated = parsed.confidence.get(fact, Confidence.high)
    return stated is Confidence.high or (ref, fact) in rec.confirmed


def abstained(parsed: ParsedDocument) -> set[str]:
    """Facts the extractor left empty on purpose (its warnings start with the fact's name)."""
    out = set()
    for warning in parsed.warnings:
        head = warning.split(":", 1)[0].strip()
        if head in type(parsed.facts).model_fields:
            out.add(head)
    return out
