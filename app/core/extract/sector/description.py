"""The description of the system in a SOC 2 report, as page passages (CONTRACT.md §7 coverage).

The AI-estate coverage matrix asks what the SOC 2 system description says about training
pipelines, model artifacts, inference infrastructure and logs. The description is section III
("Description of the System", "System Description", "Overview of the system"); it ends at the
next section (section IV, the controls and tests, "Other information"). Each passage is a run
of consecutive lines of one page, less running heads and footers, so any clause of it is
verbatim page text that evidence can quote.
"""

import re
from collections.abc import Callable, Sequence

from app.core.extract import Extraction
from app.core.extract.text.lines import document_lines
from app.core.facts import Confidence, Passage, Soc2ReportFacts
from app.core.pages import Page, make_evidence

_I = re.IGNORECASE
_START = re.compile(
    r"^(?:section\s+(?:III|3)\s*[-–—:.]?\s*)?(?:(?:management['’]s\s+)?description\s+of\s+(?:the\s+|its\s+|our\s+)?"
    r"(?:[\w-]+\s+){0,4}system|system\s+description|overview\s+of\s+(?:the\s+)?(?:system|services))\b",
    _I,
)
_END = re.compile(
    r"^(?:section\s+(?:IV|4|V|5)\b|(?:description\s+of\s+)?(?:the\s+)?(?:trust\s+services\s+criteria|"
    r"controls?),?\s+(?:and\s+)?(?:related\s+controls|tests|testing)|tests\s+of\s+(?:operating\s+)?"
    r"effectiveness|other\s+information\s+provided)",
    _I,
)
_MAX_PASSAGES = 60


def read_description(pages: Sequence[Page]) -> list[Passage]:
    """The system description as passages, in page order ([] when none is found)."""
    kept = document_lines(pages)
    start = next(
        (
            i
            for i, ln in enumerate(kept)
            if len(ln.text) <= 90 and _START.match(ln.text) and not _toc(ln.text)
        ),
        None,
    )
    if start is None:
        return []
    passages: list[Passage] = []
    run: list[str] = []
    page: Page | None = None
    for ln in kept[start:]:
        if ln is not kept[start] and len(ln.text) <= 90 and _END.match(ln.text):
            break
        if page is not None and (ln.page is not page or not _contiguous(page, run, ln.text)):
            passages.append(Passage(page=page.number, text=" ".join(run)))
            run = []
        page = ln.page
        run.append(ln.text)
        if len(passages) >= _MAX_PASSAGES:
            break
    if page is not None and run:
        passages.append(Passage(page=page.number, text=" ".join(run)))
    return passages


def _toc(text: str) -> bool:
    """A table-of-contents line ("Description of the System ..... 7")."""
    return bool(re.search(r"\.{4,}|\s\d{1,3}$", text))


def _contiguous(page: Page, run: list[str], nxt: str) -> bool:
    """True when `nxt` follows the run directly on the page (no dropped line between)."""
    return " ".join([*run[-1:], nxt]) in page.squashed


Soc2Extractor = Callable[[Sequence[Page]], Extraction[Soc2ReportFacts]]


def describe_system(extractor: Soc2Extractor) -> Soc2Extractor:
    """`extractor` followed by the system description (its first passage as evidence)."""

    def extract(pages: Sequence[Page]) -> Extraction[Soc2ReportFacts]:
        extraction = extractor(pages)
        passages = read_description(pages)
        if not passages:
            return extraction
        first = passages[0]
        page = next(p for p in pages if p.number == first.page)
        quote = first.text if len(first.text) <= 300 else first.text[:300].rsplit(" ", 1)[0]
        return Extraction(
            facts=extraction.facts.model_copy(update={"system_description": passages}),
            evidence={**extraction.evidence, "system_description": make_evidence(page, quote)},
            warnings=extraction.warnings,
            confidence={**extraction.confidence, "system_description": Confidence.high},
        )

    return extract
