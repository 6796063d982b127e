"""Sector evidence kinds and ISO/IEC 42001 readiness, detected from content (CONTRACT.md §1, §9).

Each kind needs its subject in the title area (the first ~1,500 characters: "PCI DSS",
"FedRAMP", "HIPAA", "Data Processing Agreement", "CJIS ... Security Addendum", "Section 889"
or FAR 52.204-24/26, "42001") and a sign of what sort of document it is (an attestation of
compliance, an authorization, an attestation or examination, the parties' roles, a
certification page, a representation, a Stage 1 report or an engagement letter). A SOC 2
report, a certificate or a person's training record that merely mentions one of these
frameworks is left to the other rules: the subject must come before any SOC 2 title, and a
42001 document that certifies is a certificate, not readiness.
"""

import re

from app.core.kinds import DocumentKind

_I = re.IGNORECASE
_TITLE_CHARS = 1500
_SOC_TITLE = re.compile(
    r"\bSOC\s*-?\s*[123]\b|\bSOC[123]\b|service\s+organi[sz]ation\s+control", _I
)
_TRAINING = re.compile(
    r"\b(?:course|training|has\s+(?:successfully\s+)?(?:completed|attended|passed)|exam(?:ination)?\s+(?:passed|score)|\bCPD\b)",
    _I,
)
# An ISO management-system certificate that mentions a framework in its scope ("hosting for
# HIPAA-covered entities") names its standard first.
_ISO_STANDARD = re.compile(r"(?<!\d)(?:27001|27701|42001|9001|20000-1|22301)(?!\d)")
_CERTIFY = re.compile(r"this\s+is\s+to\s+certify|hereby\s+certif(?:y|ies)\s+that\s+(?!I\b)", _I)

# kind -> (subject in the title area, what sort of document, anywhere in the head)
_RULES: tuple[tuple[DocumentKind, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        DocumentKind.cjis_addendum,
        re.compile(r"\bCJIS\b|criminal\s+justice\s+information\s+services", _I),
        re.compile(
            r"security\s+addendum|certification\s+page|appendix\s+H\b|agree\s+to\s+be\s+bound", _I
        ),
    ),
    (
        DocumentKind.ndaa889_representation,
        re.compile(
            r"\bsection\s+889\b|\b889\b[^.]{0,40}\bNDAA|52\.204-2[46]\b|covered\s+telecommunications",
            _I,
        ),
        re.compile(r"represent|disclos|certif|\?\s*(?:yes|no)\b|offeror", _I),
    ),
    (
        DocumentKind.pci_dss_aoc,
        re.compile(r"\bPCI[\s-]*DSS\b|payment\s+card\s+industry", _I),
        re.compile(
            r"attestation\s+of\s+compliance|\bAOC\b|report\s+on\s+compliance|qualified\s+security\s+assessor"
            r"|\bQSA\b|validated\s+as\s+(?:a\s+)?(?:PCI\s+DSS\s+)?(?:v?[\d.]+\s+)?compliant|compliance\s+(?:summary|status)",
            _I,
        ),
    ),
    (
        DocumentKind.fedramp_authorization,
        re.compile(r"\bFedRAMP\b|federal\s+risk\s+and\s+authori[sz]ation\s+management", _I),
        re.compile(
            r"authority\s+to\s+operate|\bP?-?ATO\b|marketplace|FedRAMP\s+(?:ready|authori[sz]ed|in\s+process)"
            r"|authori[sz](?:ing|ation)\s+(?:agency|date|type)",
            _I,
        ),
    ),
    (
        DocumentKind.hipaa_attestation,
        re.compile(r"\bHIPAA\b|health\s+insurance\s+portability", _I),
        re.compile(
            r"attest|examin|assessment\s+report|compliance\s+(?:assessment|report|attestation)|"
            r"verifies\s+that|seal\s+of|verification\s+(?:seal|report|of\s+compliance)|"
            r"independent\s+(?:accountant|auditor|assessor)|in\s+our\s+opinion|review\s+of\b.{0,80}HIPAA|"
            r"HIPAA\s+compliance\s+(?:program|review)",
            _I,
        ),
    ),
    (
        DocumentKind.dpa,
        re.compile(
            r"data\s+(?:processing|protection)\s+(?:agreement|addendum)|\bDPA\b|auftragsverarbeitung"
            r"|commissioned\s+(?:data\s+)?processing|\bArt(?:icle)?\.?\s*28\s+(?:of\s+the\s+)?(?:UK\s+)?GDPR"
            r"|processing\s+of\s+personal\s+data\s+(?:agreement|addendum)",
            _I,
        ),
        re.compile(
            r"controller|processor|data\s+fiduciary|sub-?\s?processor|customer\s+(?:personal\s+)?data",
            _I,
        ),
    ),
)
_READINESS_SUBJECT = re.compile(r"(?<!\d)42001(?!\d)")
_READINESS_SORT = re.compile(
    r"stage\s*(?:1|one|I)\s+(?:audit\s+)?(?:report|summary|findings|\(|[–—-])|audit\s+(?:type|stage)\s*:?\s*stage\s*(?:1|one|I)\b"
    r"|(?:conducted|performed|completed)\s+the\s+stage\s*(?:1|one|I)\b|stage\s*(?:1|one|I)\s+audit\s+(?:is|has\s+been|will\s+be)\s+(?:scheduled|planned)"
    r"|engagement\s+letter|letter\s+of\s+engagement|confirms?\s+(?:our|the)\s+engagement|readiness\s+(?:assessment|review)"
    r"|\bRe:\s+Engagement\b|initial\s+certification\s+audit\s*[–—-]\s*stage|engagement\s+confirmation",
    _I,
)


def sector_kind(head: str) -> DocumentKind | None:
    """The sector evidence kind (or `iso42001_readiness`) that `head` (the first pages'
    text, whitespace folded) reads as, or None (CONTRACT.md §1, §9)."""
    title = head[:_TITLE_CHARS]
    if _TRAINING.search(title) and re.search(r"\b(?:course|training)\b", title, _I):
        return None
    first_other = min(
        (m.start() for rx in (_SOC_TITLE, _ISO_STANDARD) if (m := rx.search(title))), default=None
    )
    for kind, subject, sort in _RULES:
        found = subject.search(title)
        if found is None or (first_other is not None and first_other < found.start()):
            continue
        if sort.search(head):
            return kind
    if (
        _READINESS_SUBJECT.search(head)
        and _READINESS_SORT.search(title)
        and not _CERTIFY.search(head)
    ):
        return DocumentKind.iso42001_readiness
    return None
