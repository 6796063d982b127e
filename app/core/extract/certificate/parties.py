"""Who a certificate is for and who issued it (CONTRACT §2 `holder`, `certification_body`).

Both are chosen among candidates (STYLE rule 14). The certification body is proposed by its
label, by the sentence in which it certifies or attests, by a signature block ("for and on
behalf of X"), by "remains the property of X" and "issued by X", by the running head
(letterhead, wordmark) and the footer, and by names shaped like a certification body's. The
holder is proposed by its label, by "certify that X" / "awarded to X" / "X has been
assessed", by the largest line of the page, and by the shape of a legal name. A name that a
strong cue gives to one party is not offered to the other.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.accreditation.marks import MarkVocabulary, read_accreditation_marks
from app.core.extract.text import orgs
from app.core.extract.text.candidates import Candidate, Choice
from app.core.extract.text.labels import CB_WORDS, lines
from app.core.extract.text.names import has_legal_form, is_address, is_generic
from app.core.names import normalise
from app.core.pages import Page

F = re.IGNORECASE
CB_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:certification\s+body(?:\s+name)?|certifying\s+body|issued\s+by|certified\s+by"
    r"|certification\s+issued\s+by|registrar|(?:for\s+)?(?:the\s+)?issuing\s+(?:body|office)"
    r"|zertifizierungsstelle"
    r"|belgelendirme\s+kuruluşu|organisme\s+(?:de\s+)?certificat(?:eur|ion)"
    r"|organismo\s+de\s+certificación|entidad\s+de\s+certificación|uitgegeven\s+door|emitido\s+por"
    r"|emesso\s+da|rilasciato\s+da|organismo\s+di\s+certificazione|certificatie-?instelling"
    r"|organismo\s+de\s+certificação|認証機関|審査登録機関)\s*[:\-–]?\s*",
    F,
)
_CERTIFIES = re.compile(
    r"^(?P<before>)(?:(?:die|the)\s+(?:zertifizierungsstelle|certification\s+body)\s+(?:der|des|of)\s+)?"
    r"(?P<name>.*?)[\s,]*\b(?:hereby\s+)?(?:certif(?:y|ies)|attests?|confirms?|declares?"
    r"|bescheinigt|certifie|certifica|has\s+(?:audited|assessed))\b",
    F,
)
_ISSUER = re.compile(
    rf"(?:(?:remains?\s+)?(?:the\s+)?property\s+of|issued\s+by|certified\s+by|(?:audited|assessed"
    rf"|approved|registered|performed|conducted)\s+by|delivered\s+by|émis\s+par|ausgestellt\s+von"
    rf"|emitido\s+por)\s+(?P<name>{orgs.CAPNAME})",
    F,
)
# Turkish puts the agent before its postposition: "X tarafından onaylandığını".
_ISSUER_BEFORE = re.compile(rf"(?P<name>{orgs.CAPNAME})\s+taraf[ıi]ndan\b", F)
_ACCREDITED_SUBJECT = re.compile(
    rf"^(?P<name>{orgs.CAPNAME})\s+(?:\([A-Z]{{2,8}}\)\s+)?(?:is\s+|are\s+)?accredit(?:ed)?\s+by\b",
    F,
)
HOLDER_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:certified|registered|client)\s+(?:organi[sz]ation|company|entity|firm)"
    r"|certificate\s+holder|name\s+(?:and\s+address\s+)?of\s+(?:the\s+)?(?:organi[sz]ation|company"
    r"|client)|zertifikatsinhaber|titulaire|razón\s+social)\s*[:\-–]?\s*"
    r"|^(?:[-•*]\s*)?(?:organi[sz]ation(?:\s+name)?|company(?:\s+name)?|client|holder|legal\s+entity"
    r"|unternehmen|firma|kuruluş|organisme|société|titular|organización|empresa)\s*(?::\s*|$)",
    F,
)
_CERTIFY_THAT = re.compile(
    r"(?:this\s+is\s+to\s+certify\s+that|hereby\s+certif(?:y|ies)\s+that|certif(?:y|ies)\s+that"
    r"|we\s+certify\s+that|bescheinigt(?:\s+hiermit)?,?\s+dass|hiermit\s+wird\s+bescheinigt,?\s+dass"
    r"|certifie\s+que|certifica\s+que|si\s+certifica\s+che|si\s+attesta\s+che|certificamos\s+que"
    r"|certifica-se\s+que|(?:hierbij\s+)?(?:wordt\s+)?verklaard\s+dat|verklaart\s+dat|certificeert\s+dat"
    r"|(?:is\s+)?(?:awarded|granted|issued)\s+to)"
    r"(?:\s+(?:il|o|a|het|le|el|das)\s+(?:sistema\s+di\s+gestione|sistema\s+de\s+gest[ãa]o|managementsysteem"
    r"|système\s+de\s+management|sistema\s+de\s+gestión)(?:\s+[\w\s]{0,40}?)?\s+(?:dell['’]organizzazione"
    r"|della|del|da|do|de\s+la|de|van|dell['’]))?"
    r"(?:\s+the\s+(?:information\s+security\s+|ai\s+|privacy\s+information\s+)?management\s+system\s+of)?"
    r"(?:\s+(?:das|die|the|la|le|el|l['’])\s*(?:unternehmen|organisation|firma|organi[sz]ation|company"
    r"|organización|empresa|société|organisme))?\s*:?",
    F,
)
_NAME_STOP = re.compile(
    r"\s+(?:has|have|is|operates|located|for|with|hat|ist|a\s+été|dispone|est|which|whose|è|voldoet"
    r"|está)\b|,\s*\d",
    F,
)
_ASSESSED = re.compile(
    r"^(?:has|have)\s+been\s+(?:independently\s+)?(?:assessed|audited|registered|certified|found)"
    r"|^(?:is|are)\s+(?:hereby\s+)?(?:certified|registered)|^operates?\s+an?\b|^a\s+été\s+évalué"
    r"|^(?:è|e)\s+conforme|^(?:voldoet|is\s+gecertificeerd)|^(?:está|esta)\s+em\s+conformidade"
    r"|^dispone\s+de|^ein\s+\w+-?managementsystem",
    F,
)
_TITLE_WORD = re.compile(
    r"^(?:certificate(?:\s+of\s+\w+)?|certification|zertifikat|certificat|certificado|sertifika)\s*$",
    F,
)


def _holder_sentences(pages: Sequence[Page]) -> Iterator[Candidate]:
    """ "certify that X", "awarded to X", and "X / has been assessed" (the line before)."""
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            if m := _CERTIFY_THAT.search(line):
                rest = _NAME_STOP.split(line[m.end() :], maxsplit=1)[0]
                if c := orgs.candidate(rest, page, line, "certify-sentence", 3.0):
                    yield c
                elif i + 1 < len(page_lines):
                    nxt = page_lines[i + 1]
                    quote = f"{line}\n{nxt}"
                    if c := orgs.candidate(nxt, page, quote, "certify-sentence", 3.0):
                        yield c
            if i > 0 and _ASSESSED.match(line):
                # The name may sit above its address lines, nothing else.
                for j in range(i - 1, max(-1, i - 6), -1):
                    quote = "\n".join(page_lines[j : i + 1])
                    if c := orgs.candidate(page_lines[j], page, quote, "assessed-sentence", 2.5):
                        yield c
                    if not is_address(page_lines[j]):
                        break


def _cb_weight(c: Candidate) -> Candidate:
    """A name that says "certification" (or names a known kind of body) is a likelier CB; a
    name made only of generic words ("ISO Certification Services") is a department; a label's
    value with neither a legal form nor a body's word may be the signatory ("Issued by:" over
    "Martin Hale")."""
    if is_generic(c.value) and c.weight < 2.5:
        return Candidate(c.value, c.page, c.quote, c.cue, c.weight * 0.4, c.key)
    if c.cue == "label" and not has_legal_form(c.value) and not CB_WORDS.search(c.value):
        return Candidate(c.value, c.page, c.quote, c.cue, c.weight * 0.3, c.key)
    if CB_WORDS.search(c.value):
        return Candidate(c.value, c.page, c.quote, c.cue, c.weight * 1.2, c.key)
    return c


def cb_candidates(pages: Sequence[Page], marks: MarkVocabulary | None = None) -> list[Candidate]:
    found = [
        *orgs.labelled(pages, CB_LABEL, "label", 3.0),
        *orgs.sentences(pages, _CERTIFIES, "certifies-sentence", 3.0),
        *orgs.squashed_sentences(pages, _ISSUER, "issuer-sentence", 2.5),
        *orgs.squashed_sentences(pages, _ISSUER_BEFORE, "issuer-sentence", 2.5),
        *orgs.sentences(pages, _ACCREDITED_SUBJECT, "accredited-subject", 2.5),
        *orgs.signature_block(pages, "signature", 2.5),
        *orgs.after_title(pages, "signature", 1.5),
        *orgs.in_band(pages[:1], "head", "letterhead", 1.5, fallback=0),
        *orgs.in_band(pages, "foot", "footer", 1.2),
        *(
            c
            for c in orgs.image_text(pages, "image-wordmark", 1.5)
            if not read_accreditation_marks(c.quote, marks)  # a mark is no issuer
        ),
        *(c for c in orgs.legal_names(pages, "cb-shaped", 1.0) if CB_WORDS.search(c.value)),
    ]
    return [_cb_weight(c) for c in found]


def holder_candidates(pages: Sequence[Page]) -> list[Candidate]:
    return [
        *orgs.labelled(pages, HOLDER_LABEL, "label", 3.0),
        *orgs.labelled(pages, orgs.GRID_LABEL, "label", 3.0),
        *_holder_sentences(pages),
        *(c for c in orgs.prominent(pages, "largest-line", 1.5) if not _TITLE_WORD.match(c.value)),
        *(
            c
            for c in orgs.legal_names(pages[:2], "legal-name", 1.0)
            if not CB_WORDS.search(c.value)
        ),
    ]


def _support(found: list[Candidate]) -> dict[str, float]:
    """Each name's support: the best weight of each distinct cue, summed."""
    best: dict[tuple[str, str], float] = {}
    for c in found:
        best[(c.key, c.cue)] = max(best.get((c.key, c.cue), 0.0), c.weight)
    out: dict[str, float] = {}
    for (key, _), weight in best.items():
        out[key] = out.get(key, 0.0) + weight
    return out


def read_parties(
    pages: Sequence[Page], marks: MarkVocabulary | None = None
) -> tuple[Choice, Choice]:
    """(certification body, holder), each chosen among its candidates. A name proposed for
    both goes to the party whose cues support it more."""
    cbs, holders = cb_candidates(pages, marks), holder_candidates(pages)
    as_cb, as_holder = _support(cbs), _support(holders)
    holder_names = {k for k, v in as_holder.items() if v > as_cb.get(k, 0.0)}
    cb = orgs.choose_name("certification_body", [c for c in cbs if c.key not in holder_names])
    taken = {k for k, v in as_cb.items() if v >= as_holder.get(k, 0.0)}
    if cb.value:
        taken.add(normalise(cb.value))
    holder = orgs.choose_name("holder", [c for c in holders if c.key not in taken])
    return cb, holder
