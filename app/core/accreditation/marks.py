"""Reading accreditation marks printed as text (CONTRACT.md §2 `accreditation_body` and
`accreditation_number`; §4 AB_NOT_RECOGNISED / CERT_NO_ACCREDITATION_MARK).

A certificate shows its accreditation as a logo with a number under it ("UKAS MANAGEMENT
SYSTEMS 0003"), a name in prose ("ANSI National Accreditation Board"), or a footer ("accredit
by 'Euro UK'"). This module resolves such text to the canonical body code used in
`accreditation_data/` (and `lookalike=True` for "accreditation" names that are not IAF MLA
signatories), plus the CB's accreditation number printed beside it. It never reports "IAF"
alone: that is the forum's own mark, not an accreditation body.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class MarkMatch:
    """An accreditation body named or marked in text: canonical code, number, and where."""

    code: str
    number: str | None
    start: int
    end: int
    raw: str
    lookalike: bool = False
    # The number exactly as printed (a verbatim quote for evidence), e.g. "0003", "CAB # 011905".
    number_raw: str | None = None


@dataclass(frozen=True)
class _Body:
    code: str
    names: tuple[str, ...]
    number: str | None = None
    lookalike: bool = False
    # Short codes that are also ordinary words or other acronyms (SCC = Standard Contractual
    # Clauses, PCA = the CAC's Turkish office) count only next to accreditation wording.
    needs_context: bool = False


_S = r"[\s\-]+"
# Look-alikes first: on overlap the earlier entry wins ("IAF-AB" before any IAF text,
# "IAC-MSCB-5044" must not be read as an IAS number).
VOCABULARY: tuple[_Body, ...] = (
    _Body(
        "EURO-UK", (r"Euro\s+UK(?:\s+Accreditation(?:\s+Licensing\s+Services)?)?",), lookalike=True
    ),
    _Body("WAF", (r"Wales\s+Akkreditering\s+Forum(?:\s+Limited)?",), lookalike=True),
    _Body(
        "IAC",
        (r"International\s+Accreditation\s+Council", r"\bIAC(?=[\s\-]+(?:ACCREDITED|MLA)\b)"),
        number=r"IAC-MSCB-\d+",
        lookalike=True,
    ),
    _Body(
        "IAF-AB",
        (r"\bIAF-AB\b", r"International\s+Accreditation\s+Federation\s+Accreditation\s+Bodies"),
        lookalike=True,
    ),
    _Body("I-NAF", (r"\bi-NAF\b",), lookalike=True),
    _Body("UKIAF", (r"\bUKIAF\b", r"UK\s+International\s+Acc?reditation\s+Forum"), lookalike=True),
    _Body("AIAB", (r"\bAIAB\b",), lookalike=True, needs_context=True),
    _Body(
        "ABAC",
        (r"American\s+Board\s+of\s+Accredited\s+Certifications", r"\bABAC\b"),
        lookalike=True,
        needs_context=True,
    ),
    _Body(
        "AIAO-BAR",
        (r"\bAIAO(?:-BAR)?\b", r"American\s+International\s+Accreditation\s+Organi[sz]ation"),
        lookalike=True,
    ),
    _Body("USAS", (r"\bUSAS\b",), lookalike=True, needs_context=True),
    _Body("UAF", (r"\bUAF\b",), lookalike=True, needs_context=True),
    _Body("UKAS", (r"\bUKAS\b", r"United\s+Kingdom\s+Accreditation\s+Service")),
    _Body("ANAB", (r"\bANAB\b", r"ANSI(?:[\s\-]+ASQ)?\s+National\s+Accreditation\s+Board")),
    _Body(
        "JAS-ANZ",
        (
            r"\bJAS" + _S + r"ANZ\b",
            r"Joint\s+Accreditation\s+System\s+of\s+Australia\s+and\s+New\s+Zealand",
        ),
    ),
    _Body(
        "NABCB",
        (r"\bNABCB\b", r"National\s+Accreditation\s+Board\s+for\s+Certification\s+Bodies"),
        number=r"\bMSCB[\s\-]?\d+",
    ),
    _Body(
        "DAkkS",
        (r"\bDAkkS\b", r"Deutsche\s+Akkreditierungsstelle"),
        number=r"\bD-ZM-\d{5}-\d{2}-\d{2}\b",
    ),
    _Body(
        "RvA",
        (r"\bRvA\b", r"Raad\s+voor\s+Accreditatie", r"Dutch\s+Accreditation\s+Council"),
        number=r"\b[CI]\s?\d{3}\b",
    ),
    _Body("SCC", (r"Standards\s+Council\s+of\s+Canada", r"\bSCC\b"), needs_context=True),
    _Body(
        "IAS",
        # The IAS logo reads "IAS" with "ACCREDITED" beneath it; on scans the lines of the
        # page beside the logo come between the two (OCR reads across the page).
        (r"International\s+Accreditation\s+Service", r"\bIAS\b(?=[\s\S]{0,120}?\bACCREDITED)"),
        number=r"\bMSCB-\d+",
    ),
    _Body("EGAC", (r"\bEGAC\b", r"Egyptian\s+Accreditation\s+Council"), number=r"\bCAB\s*#\s*\d+"),
    _Body("COFRAC", (r"\bCOFRAC\b", r"Comit[ée]\s+Fran[cç]ais\s+d.Accr[ée]ditation")),
    _Body("ENAC", (r"\bENAC\b", r"Entidad\s+Nacional\s+de\s+Acreditaci[oó]n"), needs_context=True),
    _Body("ACCREDIA", (r"\bACCREDIA\b",)),
    _Body("SAS", (r"Swiss\s+Accreditation\s+Service", r"\bSAS\b"), needs_context=True),
    _Body("BELAC", (r"\bBELAC\b",)),
    _Body("DANAK", (r"\bDANAK\b",)),
    _Body("SWEDAC", (r"\bSWEDAC\b",)),
    _Body("FINAS", (r"\bFINAS\b", r"Finnish\s+Accreditation\s+Service")),
    _Body("INAB", (r"\bINAB\b", r"Irish\s+National\s+Accreditation\s+Board")),
    _Body("AA", (r"Akkreditierung\s+Austria",)),
    _Body("CAI", (r"Czech\s+Accreditation\s+Institute", r"\bCAI\b"), needs_context=True),
    _Body(
        "PCA",
        (r"Polish\s+Centre\s+for\s+Accreditation", r"Polskie\s+Centrum\s+Akredytacji", r"\bPCA\b"),
        needs_context=True,
    ),
    _Body("IPAC", (r"\bIPAC\b", r"Instituto\s+Portugu[eê]s\s+de\s+Acredita[cç][aã]o")),
    _Body("ESYD", (r"\bESYD\b", r"Hellenic\s+Accreditation\s+System")),
    _Body("RENAR", (r"\bRENAR\b",)),
    _Body("TURKAK", (r"\bT[UÜ]RKAK\b", r"Turkish\s+Accreditation\s+Agency")),
    _Body("SADCAS", (r"\bSADCAS\b",)),
    _Body("HKAS", (r"\bHKAS\b", r"Hong\s+Kong\s+Accreditation\s+Service")),
    _Body("JAB", (r"Japan\s+Accreditation\s+Board", r"\bJAB\b"), needs_context=True),
    _Body("ISMS-AC", (r"\bISMS-AC\b", r"Information\s+Management\s+System\s+Promotion\s+Center")),
    _Body("CNAS", (r"\bCNAS\b", r"China\s+National\s+Accreditation\s+Service")),
    _Body("KAB", (r"Korea\s+Accreditation\s+Board", r"\bKAB\b"), needs_context=True),
    _Body("SAC", (r"Singapore\s+Accreditation\s+Council", r"\bSAC\b"), needs_context=True),
    _Body("SANAS", (r"\bSANAS\b", r"South\s+African\s+National\s+Accreditation\s+System")),
)

# "accredited" in prose is not a mark by itself; it only confirms an ambiguous short code, and
# only right next to it ("accredited by SCC", "PCA accreditation"): a CB's office called "PCA"
# on a page that says "accreditation criteria" elsewhere is not the Polish AB.
_CONTEXT = re.compile(r"accredit|akkredit|akredyt|acredit", re.I)
_CONTEXT_REACH = 25
# Numbers printed under an image mark whose name did not survive OCR; each format is specific
# to one body (IAC's "IAC-MSCB-", IAS's "MSCB-" under "ACCREDITED", EGAC's "CAB #").
_NUMBER_ONLY: tuple[tuple[str, re.Pattern[str], bool, bool], ...] = (
    ("IAC", re.compile(r"(?<![A-Za-z])[\\|lI1!]AC-MSCB-\d+"), True, False),
    ("IAS", re.compile(r"(?<![A-Za-z\\|!-])MSCB-\d{2,4}\b"), False, True),
    ("EGAC", re.compile(r"\bCAB\s*#\s*\d{5,7}\b"), False, False),
)
_ACCREDITED_BEFORE = re.compile(r"ACCREDITED", re.I)
# On the IAS mark the word ACCREDITED sits above "Management Systems Certification Body".
_ACCREDITED_REACH = 160
_GENERIC_NUMBER = re.compile(
    r"(?:Accreditation|Accred\.?|Akkreditierungs|Registration|Reg\.?|Cert(?:ificate)?)\s*"
    r"(?:No\.?|Nr\.?|Number|#)\s*[:.]?\s*([A-Z]{0,6}[\-\s]?\d[\w\-]*)",
    re.I,
)
# The number under a UKAS/ANAB/JAS-ANZ logo follows the name, sometimes after the programme.
_NUMBER_AFTER_NAME = re.compile(
    r"^[\s:,.\-]*(?:MANAGEMENT\s+SYSTEMS?|CERTIFICATION|ISMS|MS|CB)?[\s:,.\-]*(?:No\.?|#)?\s*(\d{3,5})\b",
    re.I,
)
# Standard numbers printed next to a mark are not accreditation numbers.
_STANDARD_NUMBERS = frozenset(
    {
        "9001",
        "14001",
        "17021",
        "20000",
        "22000",
        "22301",
        "27001",
        "27006",
        "27701",
        "42001",
        "45001",
        "50001",
    }
)
_WINDOW_AFTER, _WINDOW_BEFORE = 90, 50


def _compiled() -> tuple[tuple[_Body, tuple[re.Pattern[str], ...], re.Pattern[str] | None], ...]:
    flags = re.IGNORECASE
    out = []
    for body in VOCABULARY:
        names = tuple(re.compile(n, flags) for n in body.names)
        out.append((body, names, re.compile(body.number, flags) if body.number else None))
    return tuple(out)


_COMPILED = _compiled()


def _has_context(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _CONTEXT_REACH) : end + _CONTEXT_REACH]
    return _CONTEXT.search(window) is not None


def _clean_number(raw: str) -> str:
    number = " ".join(raw.split()).strip(" .,:;")
    m = re.fullmatch(r"CAB\s*#\s*(\d+)", number, re.I)
    return m.group(1) if m else number


def _number_near(
    text: str, start: int, end: int, pattern: re.Pattern[str] | None
) -> tuple[str, str] | None:
    """(number, as printed) right after (or just before) the body's name."""
    after = text[end : end + _WINDOW_AFTER]
    before = text[max(0, start - _WINDOW_BEFORE) : start]
    if pattern is not None:
        for part in (after, before):
            m = pattern.search(part)
            if m:
                return _clean_number(m.group(0)), m.group(0)
    m = _NUMBER_AFTER_NAME.match(after)
    if m and m.group(1) not in _STANDARD_NUMBERS:
        return m.group(1), m.group(1)
    g = _GENERIC_NUMBER.search(after)
    if g and g.group(1).strip() not in _STANDARD_NUMBERS:
        return _clean_number(g.group(1)), g.group(1)
    return None


def _candidates(text: str) -> list[MarkMatch]:
    found: list[MarkMatch] = []
    for body, names, number in _COMPILED:
        for name in names:
            for m in name.finditer(text):
                if body.needs_context and not _has_context(text, m.start(), m.end()):
                    continue
                near = _number_near(text, m.start(), m.end(), number)
                found.append(
                    MarkMatch(
                        code=body.code,
                        number=near[0] if near else None,
                        start=m.start(),
                        end=m.end(),
                        raw=m.group(0),
                        lookalike=body.lookalike,
                        number_raw=near[1] if near else None,
                    )
                )
    return found


def _number_only(text: str) -> list[MarkMatch]:
    """Marks known only by their number (the body's name was an image OCR could not read)."""
    found = []
    for code, pattern, lookalike, needs_accredited in _NUMBER_ONLY:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - _ACCREDITED_REACH) : m.start()]
            if needs_accredited and not _ACCREDITED_BEFORE.search(before):
                continue
            number = _clean_number(m.group(0))
            if code == "IAC":
                number = "I" + number[1:]  # OCR reads the leading I of "IAC-" as \\, | or l
            found.append(
                MarkMatch(code, number, m.start(), m.end(), m.group(0), lookalike, m.group(0))
            )
    return found


def read_accreditation_marks(text: str) -> list[MarkMatch]:
    """Every accreditation body (or look-alike) named in `text`, in order of appearance.

    Overlapping readings of the same characters keep the vocabulary's earlier entry (look-alikes
    are listed first), so "IAC-MSCB-5044" is IAC's number and "IAF-AB" is not IAF. A body named
    several times is reported at each place, with the number found next to each.
    """
    order = {b.code: i for i, b in enumerate(VOCABULARY)}
    taken: list[MarkMatch] = []
    for cand in sorted(_candidates(text), key=lambda c: (order[c.code], c.start)):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    named = {(t.code, t.number) for t in taken}
    for cand in _number_only(text):
        clear = all(cand.end <= t.start or cand.start >= t.end for t in taken)
        # A number already read beside the body's name is the same mark, not another one.
        if (
            clear
            and (cand.code, cand.number) not in named
            and not _inside_name_number(text, taken, cand)
        ):
            taken.append(cand)
            named.add((cand.code, cand.number))
    return sorted(taken, key=lambda c: c.start)


def _inside_name_number(text: str, taken: list[MarkMatch], cand: MarkMatch) -> bool:
    """True when `cand`'s number was attached to a named mark (of any body) already."""
    return any(t.number and t.number in text[cand.start : cand.end] for t in taken)


def known_codes() -> frozenset[str]:
    """Every body code this reader can return (the data files must define each one)."""
    return frozenset(b.code for b in VOCABULARY)
