"""Document kind detection from content (CONTRACT.md §1).

The kind comes from what a document says, not from its file name or the uploader's claim:
titles ("Statement of Applicability", "Bridge Letter"), standard references (27001, 42001,
27701), the typical sections of each kind (an auditor's opinion, nonconformity counts, a
"this is to certify" sentence). A person's training certificate ("Lead Auditor course") is
`unknown`: it says nothing about an organisation's management system. A declared kind that
contradicts the content is reported by `check_declared`, never silently trusted.
"""

import re
from collections.abc import Sequence

from app.core.accreditation.marks import MarkVocabulary, read_accreditation_marks
from app.core.extract.text.dates import find_dates
from app.core.kinds import DocumentKind
from app.core.pages import Page
from app.core.parse.sector import sector_kind

_F = re.IGNORECASE
# How much text is read: kinds announce themselves early, and long SOC 2 reports or SoAs
# should not be scanned whole just to be recognised.
_HEAD_CHARS = 6000
_BODY_CHARS = 60000

_STANDARD = {
    DocumentKind.iso27001_certificate: re.compile(r"(?<!\d)27001(?!\d)"),
    DocumentKind.iso42001_certificate: re.compile(r"(?<!\d)42001(?!\d)"),
    DocumentKind.iso27701_certificate: re.compile(r"(?<!\d)27701(?!\d)"),
}
_SOC2 = re.compile(
    r"\bSOC\s*-?\s*(?:2|II)\b|\bSOC2\b|service organi[sz]ation control|\(SOC\)\s*(?:2|II)\b", _F
)
_BRIDGE = re.compile(r"\bbridge\s+letter\b|\bgap\s+letter\b|\bletter\s+of\s+representation\b", _F)
_MATERIAL_CHANGE = re.compile(r"material\s+changes?", _F)
_SOC2_REPORT = re.compile(
    r"independent\s+service\s+auditor|report\s+on\s+(?:management'?s\s+description|controls)"
    r"|\btype\s+(?:1|2|i|ii)\b|trust\s+services\s+criteria|description\s+criteria",
    _F,
)
# Which SOC report: the number its title gives first; else what it is about (financial
# reporting and control objectives: SOC 1; a general-use report: SOC 3).
_SOC_NUMBER = {
    DocumentKind.soc1_report: re.compile(
        r"\bSOC\s*-?\s*(?:1|I)\b(?!\s*(?:&|and|,)\s*(?:SOC\s*)?2)|\bSOC1\b", _F
    ),
    DocumentKind.soc2_report: re.compile(
        r"\bSOC\s*-?\s*(?:2|II)\b|\bSOC2\b|\(SOC\)\s*(?:2|II)\b", _F
    ),
    DocumentKind.soc3_report: re.compile(
        r"\bSOC\s*-?\s*(?:3|III)\b|\bSOC3\b|\(SOC\)\s*(?:3|III)\b", _F
    ),
}
_ICFR = re.compile(
    r"internal\s+control\s+over\s+financial\s+reporting|\bICFR\b|ISAE\s*3402|AT-C\s*(?:section\s*)?320"
    r"|relevant\s+to\s+(?:user\s+entities['’]\s+)?(?:internal\s+control|financial\s+(?:statements|reporting))",
    _F,
)
_GENERAL_USE = re.compile(r"general[\s-]+use|SysTrust|\bSOC\s*3\b", _F)
_SERVICE_AUDIT = re.compile(
    r"independent\s+service\s+auditor|service\s+organi[sz]ation|description\s+of\s+(?:the|its)\s+[\w\s]{0,40}system",
    _F,
)
_SOA_TITLE = re.compile(r"statement\s+of\s+applicability|\bSoA\b|anwendbarkeitserkl", _F)
# "A.8.25", "A 8.25" or a bare "8.25" at the start of a table row.
_CONTROL_ID = re.compile(
    r"(?:\bA\s?\.?\s?|(?<![\d.])(?=[5-8]\.\d))(?:[5-8]|1[0-8])\.\d{1,2}(?:\.\d{1,2})?\b"
)
_TRAINING = re.compile(
    r"lead\s+(?:auditor|implementer)|internal\s+auditor\s+(?:course|training)|foundation\s+course"
    r"|training\s+course|has\s+(?:successfully\s+)?(?:completed|attended|passed)|examination"
    r"|\bCPD\b|course\s+(?:no|number|id|dates?)|certified\s+(?:lead|professional)",
    _F,
)
_PERSON_CONTEXT = re.compile(r"\bcourse\b|\btraining\b|\bexam|\bdelegate\b|\battended\b", _F)
# "X certifies that" in the languages certificates are printed in (en, de, fr, es/pt, it, nl,
# sv, da/no, pl).
_CERTIFY_VERBS = (
    r"certifie\s+que|certifica\s+que|certifica\s+che|si\s+certifica|verklaart\s+dat"
    r"|certificeert\s+dat|intygar\s+att|certifierar\s+att|bekr[äæ]fte[rt]\s+at+"
    r"|attesterer\s+at|zaświadcza|potwierdza,?\s+że"
)
_CERTIFY = re.compile(
    r"this\s+is\s+to\s+certify|hereby\s+certif|certif(?:y|ies)\s+that|we\s+certify"
    r"|(?:is|has\s+been|have\s+been)\s+(?:independently\s+)?(?:certified|assessed|registered|found)"
    r"|certificate\s+of\s+(?:registration|approval|conformity|certification)"
    r"|\bZertifikat\b|\bSertifika\b|\bcertificat\b|zertifiziert|bescheinigt|\bcertificado\b"
    r"|\bcertificato\b|\bcertificaat\b|\bcertifikat\b|\bsertifikat\b|\bcertyfikat\b"
    rf"|{_CERTIFY_VERBS}",
    _F,
)
_CERTIFICATE_WORD = re.compile(
    r"certificate|zertifikat|sertifika|certificat|certificado|certificaat|certifikat|certyfikat", _F
)
_SURV_AUDIT = re.compile(
    r"(?:surveillance|re-?certification|überwachungs|ueberwachungs|rezertifizierungs?|periodic)"
    r"[\s-]*audit",
    _F,
)
_SURV_REPORTING = re.compile(
    r"non-?\s?conformit|abweichung|audit\s+(?:report|result|summary|findings|date|team|conclusion)"
    r"|we\s+(?:audited|conducted|carried\s+out|performed)|(?:certification|registration)\s+"
    r"(?:is\s+|will\s+be\s+|has\s+been\s+)?(?:continue|maintain|suspend|withdraw|recommend)"
    r"|recommend(?:ed|s)?\s+(?:for\s+)?(?:continu|re-?certif|suspen|withdraw)|dear\s",
    _F,
)
# What a certificate prints and a letter rarely does, one named group per kind of sign.
_CERTIFICATE_SIGNS = re.compile(
    r"(?P<certify>\bcertif(?:y|ies)\s+that|\bawarded\s+to\b|\bis\s+granted\s+to\b"
    rf"|bescheinigt|{_CERTIFY_VERBS}|has\s+been\s+(?:independently\s+)?(?:assessed"
    r"|audited|registered)|\bconform(?:s|ing)?\s+to\b|\bcomplies\s+with\b"
    r"|giudicat[oa]\s+conforme|in\s+overeenstemming|befunnits\s+uppfylla)"
    r"|(?P<number>(?:certificate|registration|cert\.?\s*reg\.?|zertifikat(?:s)?[-\s]*(?:registrier)?"
    r"[-\s]*|sertifika|certificat[oe]?|certificado|certificaat|[cs]ertifikat)\s*(?:no\b|n[o0°º]?\."
    r"|number|nr\b|nummer|numero|número|id\b|numaras)|num[ée]ro\s+de\s+certificat"
    r"|número\s+de\s+certificado|numero\s+(?:di\s+|del\s+)?certificat)"
    r"|(?P<expiry>expir(?:es|y|ation)|valid(?:ity)?\s+(?:until|till|through|to|from)\b|gültig"
    r"|valable|válido|valido\s+(?:fino|dal|al)|scadenza|geldig\s+(?:tot|van)|giltig[t]?\s+(?:till|t\.o\.m)"
    r"|gyldig\s+til|ważny\s+do|geçerlilik|date\s+of\s+(?:issue|certification|registration)"
    r"|issue\s+date|data\s+di\s+(?:prima\s+)?emissione|datum\s+van\s+(?:uitgifte|afgifte)"
    r"|utfärdat|certification\s+decision)"
    r"|(?P<title>^\s*(?:certificate|certification|zertifikat|certificat[oe]?|certificaat|[cs]ertifikat"
    r"|certificado|certyfikat)\b|certificate\s+of\s+(?:registration"
    r"|approval|conformity|certification))",
    _F,
)
# A service auditor's report, not a page that mentions one ("our SOC 2 Type II report is
# available on request").
_REPORT_STRUCTURE = re.compile(
    r"independent\s+(?:service\s+)?auditor|in\s+our\s+opinion|management['’]s\s+assertion"
    r"|assertion\s+of\s+\w|description\s+of\s+(?:the|its)\s+[\w\s]{0,60}system|examined",
    _F,
)
_SCOPE_TITLE = re.compile(
    r"scope\s+statement|scope\s+document|statement\s+of\s+scope|scope\s+of\s+(?:the\s+)?(?:certification\s+)?"
    r"(?:statement|document)|(?:isms|aims|pims)\s+scope|scope\s+of\s+the\s+(?:isms|information"
    r"\s+security\s+management\s+system|management\s+system)|geltungsbereich\s+des",
    _F,
)
_ACCREDIT = re.compile(r"accredit|akkredit|akredit", _F)


def _head(pages: Sequence[Page]) -> str:
    return " ".join(p.squashed for p in pages)[:_HEAD_CHARS]


def _body(pages: Sequence[Page]) -> str:
    return " ".join(p.squashed for p in pages)[:_BODY_CHARS]


def certificate_kind(text: str) -> DocumentKind | None:
    """The certificate kind of the standard mentioned first in `text` (None if none is)."""
    found = [(m.start(), kind) for kind, rx in _STANDARD.items() if (m := rx.search(text))]
    return min(found)[1] if found else None


def _is_training(head: str) -> bool:
    return bool(_TRAINING.search(head)) and bool(_PERSON_CONTEXT.search(head))


def _is_soa(head: str, body: str) -> bool:
    return bool(_SOA_TITLE.search(head[:1500])) and len(set(_CONTROL_ID.findall(body))) >= 15


def _is_surveillance(head: str) -> bool:
    """An audit letter or report, not a certificate that prints its audit dates.

    Certificates print "Recertification audit date" too; a page with two or more certificate
    marks ("certify that", "Certificate No", "expires on") needs three reporting signals.
    """
    if not _SURV_AUDIT.search(head):
        return False
    reporting = {m.group(0).lower()[:12] for m in _SURV_REPORTING.finditer(head)}
    certificate = {m.lastgroup for m in _CERTIFICATE_SIGNS.finditer(head)}
    strong = re.search(r"this\s+is\s+to\s+certify|hereby\s+certif", head, _F)
    return len(reporting) >= (3 if strong or len(certificate) >= 2 else 1)


def _soc_kind(head: str, body: str) -> DocumentKind | None:
    """A SOC 1, 2 or 3 report: the SOC number its title names first, checked against what the
    report is about (a SOC 1 covers financial reporting, a SOC 3 is for general use)."""
    title = head[:2500]
    named = [(m.start(), kind) for kind, rx in _SOC_NUMBER.items() if (m := rx.search(title))]
    if not named and not _SERVICE_AUDIT.search(head):
        return None
    if named:
        kind = min(named, key=lambda found: found[0])[1]
    elif _ICFR.search(head):
        kind = DocumentKind.soc1_report
    elif _SOC2_REPORT.search(body):
        kind = DocumentKind.soc2_report
    else:
        return None
    if kind is DocumentKind.soc2_report and not (
        _SOC2_REPORT.search(body) or re.search(r"\breport\b", head[:800], _F)
    ):
        return None
    if (
        kind is DocumentKind.soc2_report
        and _ICFR.search(head)
        and not _SOC_NUMBER[kind].search(title)
    ):
        return DocumentKind.soc1_report
    return kind if _REPORT_STRUCTURE.search(body) else None


def _certificate_shaped(head: str) -> bool:
    """Two signs of a certificate (a "certify that" sentence, a number label, a validity or
    issue label, a certificate title, a full date): a page that only says it is certified (a
    marketing sheet, a trust page) is no certificate."""
    signs = {m.lastgroup for m in _CERTIFICATE_SIGNS.finditer(head)}
    if find_dates(head):
        signs.add("date")
    return len(signs) >= 2


def classify(pages: Sequence[Page]) -> DocumentKind:
    """Detect the kind of a document from its pages' text (CONTRACT.md §1)."""
    head, body = _head(pages), _body(pages)
    if not head.strip():
        return DocumentKind.unknown
    if (sector := sector_kind(head)) is not None:
        return sector
    if _SOC2.search(head) and (
        _BRIDGE.search(head) or (_MATERIAL_CHANGE.search(head) and len(pages) <= 4)
    ):
        return DocumentKind.soc2_bridge_letter
    if soc := _soc_kind(head, body):
        return soc
    if _is_soa(head, body):
        return DocumentKind.soa
    if _is_training(head):
        return DocumentKind.unknown
    if _is_surveillance(head):
        return DocumentKind.surveillance_evidence
    standard = certificate_kind(head)
    if _SCOPE_TITLE.search(head[:600]) and not _CERTIFY.search(head):
        return DocumentKind.scope_statement
    if (
        standard is not None
        and (_CERTIFY.search(head) or _CERTIFICATE_WORD.search(head[:1500]))
        and _certificate_shaped(head)
    ):
        return standard
    if _SCOPE_TITLE.search(head):
        return DocumentKind.scope_statement
    return DocumentKind.unknown


def check_declared(detected: DocumentKind, declared: DocumentKind | None) -> str | None:
    """A message when the declared kind contradicts the detected one, else None.

    Declaring a kind for a document whose content is not recognised is not a contradiction.
    """
    if declared is None or declared == detected or detected == DocumentKind.unknown:
        return None
    return (
        f"declared as {declared.value}, but the content reads as {detected.value}; "
        f"the detected kind is used"
    )


def looks_like_certificate(text: str) -> bool:
    """True when a page's text reads like a certificate (worth a second OCR pass for logos)."""
    squashed = " ".join(text.split())
    return bool(_CERTIFICATE_WORD.search(squashed) or _CERTIFY.search(squashed))


def page_wants_image_ocr(text: str, marks: MarkVocabulary | None = None) -> bool:
    """True when a text page reads like a certificate but names no accreditation at all.

    Real certificates often print the certification and accreditation bodies only inside
    images; such pages are worth reading with OCR, others are not.
    """
    squashed = " ".join(text.split())
    if not _CERTIFICATE_WORD.search(squashed) and not _CERTIFY.search(squashed):
        return False
    # The standard itself may be printed only in the image, so it is not required here.
    return not _ACCREDIT.search(squashed) and not read_accreditation_marks(squashed, marks)
