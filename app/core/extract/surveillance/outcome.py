"""What an audit decided: the certificate's outcome and the nonconformities raised
(CONTRACT §2 `outcome`, `major_nonconformities`, `minor_nonconformities`).

Outcomes are read from statements, sentence by sentence. A statement about what would happen
("if not closed, the certificate will be withdrawn", "in case the audit is not allowed, the
certificate shall be suspended") is no outcome and is skipped. Of the statements left, a
withdrawal outranks a suspension (withdrawal follows suspension) and both outrank continuation.

Counts are read from table rows ("Major 2" on a line of its own), from labels ("Minor
nonconformities: 4") and from sentences ("no major and two minor nonconformities", "0 (major)",
"keine Abweichungen"), in English, German, French and Spanish grade words.
"""

import itertools
import re
from collections.abc import Iterator, Sequence

from app.core.extract.text.candidates import Candidate, Choice, choose
from app.core.extract.text.labels import lines
from app.core.pages import Page

F = re.IGNORECASE
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ(])|\n\s*\n")
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|otherwise|in\s+case|should|may\s+be|might|could|would|risk\s+of|failure\s+to"
    r"|falls|wenn|sofern|andernfalls|si\s|sinon|en\s+caso|de\s+lo\s+contrario|will\s+be\s+withdrawn"
    r"|shall\s+be\s+(?:suspended|withdrawn))\b",
    F,
)
_WITHDRAWN = re.compile(
    r"(?:certifica\w*|certificering|registration|zertifikat|zertifizierung)\s+(?:(?:is|has|have"
    r"|had|was|wird|ist|a|ha|heeft|tem|è|e|é|foi|fue|wordt|werd|viene)\s+)?(?:(?:now|hereby|been|hiermit|été|mit"
    r"|sofortiger|wirkung|with|immediate|effect|avec|effet|immédiat|stato|stata|sido)\s+)*"
    r"(?:withdrawn|cancel+ed|revoked|zurückgezogen|entzogen|retiré|retirado|anulad[oa]|revocat[oa]|revocad[oa]"
    r"|ritirat[oa]|ingetrokken|cancelad[oa]|retirad[oa])"
    r"|withdraw(?:al|n)\s+of\s+(?:the\s+)?(?:certific|registration)|retrait\s+du\s+certificat"
    r"|retirada\s+del\s+certificado|^withdrawal\s+of\s+certification",
    F,
)
_SUSPENDED = re.compile(
    r"(?:certifica\w*|certificering|registration|zertifikat|zertifizierung)\s+(?:(?:is|has|have"
    r"|had|was|wird|ist|a|ha|heeft|tem|remains|è|e|é|foi|fue|wordt|werd|viene)\s+)?(?:(?:now|hereby|been|hiermit"
    r"|été|mit|sofortiger|wirkung|with|immediate|effect|avec|effet|immédiat|stato|stata|sido)\s+)*"
    r"(?:suspended|ausgesetzt|suspendu|suspendid[oa]|sospes[oa]|geschorst|opgeschort|suspens[oa])|suspension\s+of\s+(?:the\s+)?(?:certific|registration)"
    r"|suspension\s+du\s+certificat|suspensión\s+del\s+certificado",
    F,
)
_CONTINUED = re.compile(
    r"(?:certification|certificate|registration)\s+(?:(?:has\s+been|is|was|will\s+be|remains?)\s+)?"
    r"(?:maintained|continued|confirmed|renewed|granted|in\s+(?:effect|force|place)|valid)\b"
    r"|(?:certification|registration)\s+(?:continues|will\s+continue)"
    r"|continu(?:ed|ing|ation\s+of)\s+(?:certification|registration)"
    r"|recommend(?:ed|s|ation)?\s*:?\s+(?:for\s+)?(?:continued|continuing|continuation|re-?certification"
    r"|renewal)|maintain(?:ed)?\s+(?:the\s+)?certification"
    r"|zertifizierung\s+bleibt\s+(?:bestehen|aufrechterhalten|gültig)|zertifikat\s+bleibt\s+gültig"
    r"|maintien\s+de\s+la\s+certification|mantener\s+la\s+certificación|se\s+mantiene\s+la"
    r"|(?:certifica\w*|certificering)\s+(?:(?:è|e|é|foi|wordt|werd|blijft|permanece|rimane|resta)\s+)?"
    r"(?:(?:stato|stata|sido)\s+)?(?:confermat[oa]|mantenut[oa]|valid[oa]|gehandhaafd|gehandhaafd"
    r"|behouden|geldig|mantid[oa]|válid[oa]|confirmad[oa])\b"
    r"|(?:certification|certificate|registration)\s+(?:(?:has\s+been|is|was)\s+)?(?:reinstated|restored)"
    r"|suspension\s+(?:\w+\s+){0,4}(?:has\s+been\s+|was\s+|is\s+)?lifted",
    F,
)
_NOT = re.compile(r"\b(?:not|never|nicht|kein\w*|pas|no)\s+(?:\w+\s+)?$", F)
# "Revoked" is no lifting word: "la certificación ha sido revocada" is a withdrawal.
_LIFTED = re.compile(r"\b(?:lifted|reinstated|restored|aufgehoben|levée)\b", F)
OUTCOMES = (("withdrawn", _WITHDRAWN), ("suspended", _SUSPENDED), ("continued", _CONTINUED))


def _statements(pages: Sequence[Page]) -> Iterator[tuple[Page, str]]:
    for page in pages:
        for line_block in _SENTENCE.split(page.squashed):
            yield page, line_block


def read_outcome(pages: Sequence[Page]) -> Choice:
    """The outcome stated as a fact (conditional statements skipped), by the rank above."""
    found: list[Candidate] = []
    for page, sentence in _statements(pages):
        if _CONDITIONAL.search(sentence):
            continue
        for rank, (outcome, pattern) in enumerate(OUTCOMES):
            m = pattern.search(sentence)
            if m is None:
                continue
            if outcome == "continued" and _NOT.search(sentence[: m.start()][-30:]):
                continue  # "certification is not recommended", "nicht aufrechterhalten"
            if outcome != "continued" and _LIFTED.search(sentence):
                continue  # "the suspension has been lifted": certification goes on
            found.append(Candidate(outcome, page, m.group(0), "statement", 3.0 + 3 * (2 - rank)))
    if not found:
        return Choice()
    top = max(found, key=lambda c: c.weight)
    return choose("outcome", [top])


_WORDS = {
    "no": 0, "none": 0, "zero": 0, "nil": 0, "keine": 0, "aucune": 0, "ninguna": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "une": 1, "deux": 2,
    "trois": 3, "una": 1, "dos": 2, "tres": 3,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_NC = (
    r"(?:non-?\s?conformit(?:y|ies)|NCs?\b|findings?|abweichung(?:en)?|écarts?|non-conformités?"
    r"|no\s+conformidad(?:es)?)"
)
GRADES = {
    "major": r"(?:major|haupt|schwerwiegende?|majeures?|mayor(?:es)?)",
    "minor": r"(?:minor|neben|geringfügige?|mineures?|menor(?:es)?)",
}


# A grade word ("major", "minor") in an audit letter speaks of nonconformities: each form
# decides alone; two forms that disagree leave the count unread.
_CUE_WEIGHT = {"row": 3.0, "label": 3.0, "sentence": 3.0}


def _count_patterns(grade: str) -> list[tuple[re.Pattern[str], str, bool]]:
    """(pattern, cue, whole line?) for one grade."""
    g = GRADES[grade]
    return [
        (re.compile(rf"^{g}(?:\s*{_NC})?\s*[:=\-–]?\s*{_NUM}$", F), "row", True),
        (re.compile(rf"{g}\s+{_NC}\s*[:=\-–]?\s*(?P<n>\d{{1,3}}|none|zero)\b", F), "label", False),
        (re.compile(rf"{g}(?:\s*{_NC})?\s*[:=]\s*{_NUM}\b", F), "label", False),
        (re.compile(rf"\(\s*{g}\s*\)\s*[:=]\s*{_NUM}\b", F), "label", False),
        (re.compile(rf"{_NUM}\s*\(\s*{g}\s*\)", F), "label", False),
        (
            re.compile(
                rf"(?<![\w\-/.:]){_NUM}\s+{g}\w*(?:\s+{_NC})?(?!\s*(?:{_NC})?\s*[:=\-–]?\s*\d)", F
            ),
            "sentence",
            False,
        ),
        (re.compile(rf"{_NUM}\s+{_NC}\s+(?:der\s+)?(?:kategorie\s+)?{g}", F), "sentence", False),
    ]


_AFTER_GRADE = re.compile(rf"(?:{GRADES['major']}|{GRADES['minor']})\w*\s*[:=\-–]?\s*$", F)
_NONE_AT_ALL = re.compile(
    rf"(?:no|zero|nil)\s+(?:open\s+)?{_NC}\s+(?:were\s+|was\s+|have\s+been\s+)?(?:raised|identified"
    rf"|found|recorded|noted|issued)|keine\s+(?:offenen\s+)?abweichungen|aucune\s+non-conformité"
    rf"|ninguna\s+no\s+conformidad",
    F,
)


# A number after these words names a grade or an item, it counts nothing.
_NOT_A_COUNT = re.compile(
    r"(?:category|cat\.?|level|type|grade|class|no\.?|nr\.?|#|NC[-\s]?)\s*$", F
)


def _header_rows(page: Page, grade: str) -> Iterator[Candidate]:
    """A row of column labels naming the grades ("Major  Minor  OFI", "| Major | Minor |")
    over a row of as many counts ("0  2  3"): each grade gets the count under it."""
    page_lines = lines(page)
    for line, nxt in itertools.pairwise(page_lines):
        heads = [w for w in re.split(r"[\s|/]+", line) if w]
        counts = [w for w in re.split(r"[\s|/]+", nxt) if w]
        if len(heads) < 2 or len(heads) != len(counts) or not all(c.isdigit() for c in counts):
            continue
        graded = [re.match(GRADES[grade], h, F) is not None for h in heads]
        other = "minor" if grade == "major" else "major"
        if graded.count(True) != 1 or not any(re.match(GRADES[other], h, F) for h in heads):
            continue
        value = int(counts[graded.index(True)])
        yield Candidate(value, page, f"{line}\n{nxt}", "row", _CUE_WEIGHT["row"])


def _count_candidates(pages: Sequence[Page], grade: str) -> Iterator[Candidate]:
    for page in pages:
        yield from _header_rows(page, grade)
        for rx, cue, whole_line in _count_patterns(grade):
            texts = lines(page) if whole_line else [page.squashed]
            for text in texts:
                for m in rx.finditer(text):
                    before = text[max(0, m.start() - 16) : m.start()]
                    if _AFTER_GRADE.search(before):
                        continue  # "Major 2 Minor 1": the 2 belongs to the row before
                    if _NOT_A_COUNT.search(text[max(0, m.start("n") - 12) : m.start("n")]):
                        continue  # "Category 1 (major)": a grade's number, not a count
                    raw = m["n"].lower()
                    value = int(raw) if raw.isdigit() else _WORDS[raw]
                    yield Candidate(value, page, m.group(0), cue, _CUE_WEIGHT[cue])
        for m in _NONE_AT_ALL.finditer(page.squashed):
            yield Candidate(0, page, m.group(0), "none-at-all", 2.5)


def read_counts(pages: Sequence[Page]) -> tuple[Choice, Choice]:
    """(major, minor) nonconformity counts."""
    return (
        choose("major_nonconformities", _count_candidates(pages, "major"), margin=0.5),
        choose("minor_nonconformities", _count_candidates(pages, "minor"), margin=0.5),
    )
