"""Vendor packages: documents (spec + house style) with the vendor profile and the expected
verdict, written in the shared corpus's layout (`<case>/*.pdf`, `vendor.json`,
`expected.json`; see ../shared/corpus/README.md).

`findings_must_not_include` is every contract code (CONTRACT §4) not listed as required or
unspecified, so a case states only what it leaves open. Cases with a scanned document leave
FACT_NOT_READ open: an extractor may rightly be unsure of OCR text.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.corpus.model import AS_OF, AnySpec, CertSpec
from tests.corpus.styles import Style, render

CODES = (
    "NO_ISO27001", "CB_NOT_ACCREDITED", "CB_ACCREDITATION_UNVERIFIED", "CB_ACCREDITATION_SCOPE",
    "AB_NOT_RECOGNISED", "AB_MISMATCH", "CERT_NO_ACCREDITATION_MARK", "CB_ACCREDITATION_SUSPENDED",
    "CERT_EXPIRED", "CERT_EXPIRING", "CERT_NOT_YET_VALID", "CERT_VALIDITY_EXCEEDS_CYCLE",
    "CERT_SUPERSEDED_STANDARD", "CERT_HOLDER_MISMATCH", "SURVEILLANCE_OVERDUE",
    "SURVEILLANCE_FAILED", "SCOPE_MISSING", "SCOPE_CORPORATE_IT_ONLY", "SCOPE_AI_GAP",
    "SCOPE_PRODUCT_NOT_NAMED", "SOA_MISSING", "SOA_OUTDATED", "SOA_INCOMPLETE",
    "SOA_EXCLUSION_UNJUSTIFIED", "SOA_AI_CONTROL_EXCLUDED", "SOA_REFERENCE_MISMATCH",
    "ISO42001_ABSENT", "SOC2_TYPE1_ONLY", "SOC2_SUBSTITUTE_ONLY", "SOC2_STALE",
    "SOC2_QUALIFIED_OPINION", "SOC2_EXCEPTIONS", "SOC2_CARVE_OUT", "FRAMEWORK_REQUIRED_MISSING",
    "FRAMEWORK_EVIDENCE_WEAK", "CERT_NUMBER_MISMATCH", "DOCUMENT_INCONSISTENT",
    "DOCUMENT_UNREADABLE", "FACT_NOT_READ",
)  # fmt: skip
# CONTRACT §5: these findings are critical, and a critical finding puts the tier at high or above.
CRITICAL = frozenset({"CERT_EXPIRED", "CERT_SUPERSEDED_STANDARD", "CB_NOT_ACCREDITED",
                      "AB_NOT_RECOGNISED"})  # fmt: skip
ANY_TIER = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Doc:
    file: str
    spec: AnySpec
    style: Style
    # Facts left out of the ground truth for this rendering (e.g. a scope split by a layout).
    unasserted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    name: str
    vendor: dict[str, Any]
    docs: tuple[Doc, ...]
    must: tuple[str, ...] = ()
    maybe: tuple[str, ...] = ()
    tier: tuple[str, ...] = ()
    notes: str = ""
    seed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def scanned(self) -> bool:
        return any(getattr(d.style, "scan", False) for d in self.docs)

    def expected(self) -> dict[str, Any]:
        maybe = list(self.maybe)
        if self.scanned() and "FACT_NOT_READ" not in self.must:
            maybe.append("FACT_NOT_READ")
        unknown = (set(self.must) | set(maybe)) - set(CODES)
        if unknown or set(self.must) & set(maybe):
            raise ValueError(f"{self.name}: bad codes {sorted(unknown)} or overlap")
        tier = list(self.tier) or (
            ["high", "critical"] if CRITICAL & set(self.must) else ["low", "medium", "high"]
        )
        documents = {}
        for doc in self.docs:
            facts = doc.spec.facts()
            documents[doc.file] = {
                "kind": doc.spec.kind,
                "facts": {k: v for k, v in facts.items() if k not in doc.unasserted},
                "style": doc.style.name,
            }
        return {
            "as_of": AS_OF.isoformat(),
            "documents": documents,
            "findings_must_include": list(self.must),
            "findings_must_not_include": [
                c for c in CODES if c not in self.must and c not in maybe
            ],
            "findings_unspecified": maybe,
            "tier_in": tier,
            "notes": self.notes,
            "certification_bodies": [
                {
                    "document": d.file,
                    "certification_body": d.spec.cb.name,
                    "cb_is_real": d.spec.cb.real,
                    "accreditation_printed": d.spec.cb.ab_line or None,
                }
                for d in self.docs
                if isinstance(d.spec, CertSpec)
            ],
        }

    def write(self, root: Path) -> Path:
        """Render every document and write the case directory under `root`."""
        out = root / self.name
        out.mkdir(parents=True, exist_ok=True)
        for i, doc in enumerate(self.docs):
            (out / doc.file).write_bytes(render(doc.spec, doc.style, self.seed * 101 + i))
        (out / "vendor.json").write_text(
            json.dumps(self.vendor, indent=2, ensure_ascii=False) + "\n"
        )
        text = json.dumps(self.expected(), indent=2, ensure_ascii=False) + "\n"
        (out / "expected.json").write_text(text, encoding="utf-8")
        return out


def vendor(
    name: str,
    legal: str,
    products: list[str],
    *,
    ai: bool = False,
    data: tuple[str, ...] = ("personal",),
    frameworks: tuple[str, ...] = (),
    criticality: str = "medium",
) -> dict[str, Any]:
    """A CONTRACT §3 vendor profile."""
    return {
        "name": name,
        "legal_names": [legal],
        "products": products,
        "ai_vendor": ai,
        "data_categories": list(data),
        "required_frameworks": list(frameworks),
        "criticality": criticality,
    }
