"""Scope statement extraction: holder, scope text (whole) and date (CONTRACT.md §2).

A scope statement is the organisation's own document describing what its management system
covers. The scope is the text under an "in scope"/"scope" heading up to the next heading
("out of scope", "exclusions", "sites"...); the holder comes from an organisation label, a
"<Name> - ISMS scope" title, or the first legal name; the date from an issue/date label.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract import Extraction
from app.core.extract.certificate.dates import order_hint
from app.core.extract.certificate.scope import continues
from app.core.extract.text import orgs
from app.core.extract.text.candidates import Candidate, Choice, FactSheet
from app.core.extract.text.dates import find_dates
from app.core.extract.text.labels import (
    LEGAL_SUFFIX,
    F,
    Found,
    lines,
)
from app.core.facts import Confidence, ScopeFacts
from app.core.pages import Page

_HOLDER = re.compile(
    r"^(?:organi[sz]ation|company|entity|legal\s+entity|holder|organi[sz]ation\s+name|unternehmen)"
    r"\s*[:\-–]\s*",
    F,
)
_TITLE_HOLDER = re.compile(
    r"^(?P<value>.+?)\s+[-–—:|]\s+(?:isms|aims|pims|information\s+security)?\s*scope", F
)
_SCOPE_HEAD = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:scope\s+and\s+boundaries(?:\s+of\s+the\s+\w+)?|in[\s-]scope|(?:the\s+)?scope(?:\s+of\s+(?:the\s+|our\s+)?(?:isms|aims|pims|certification"
    r"|management\s+system|information\s+security\s+management\s+system))?|isms\s+scope"
    r"|(?:isms\s+|the\s+)?(?:scope\s+and\s+)?boundaries(?:\s+of\s+the\s+(?:isms|aims|pims))?(?=\s*[:\-–]?\s*$)"
    r"|(?:the\s+)?boundaries(?:\s+and\s+applicability)?\s+of\s+the\s+(?:isms|aims|pims|management"
    r"\s+system|information\s+security\s+management\s+system)"
    r"|scope\s+statement|geltungsbereich|domaine\s+d['’]application|alcance|ambito|toepassingsgebied"
    r"|(?:isms|aims|pims|certification|certified|agreed)\s+scope(?:\s+description)?|scope\s+description"
    r"|(?:activities|services|areas|functions|processes|operations|products)(?:\s+and\s+\w+)?\s+"
    r"(?:covered|in\s+scope|included|within\s+(?:the\s+)?scope)|coverage(?:\s+of\s+the\s+\w+)?"
    r"|included\s+in\s+(?:the\s+)?scope|what\s+(?:the\s+\w+\s+)?covers|applicability"
    r"|(?:the\s+)?(?:isms|aims|pims|management\s+system)\s+(?:applies\s+to|covers|includes))"
    r"\s*[:\-–]?\s*"
    # A sentence ("The scope of the ISMS covers X") keeps X, not the verb.
    r"(?:(?:covers|includes|comprises|encompasses|is|umfasst)\b\s*:?\s*)?",
    F,
)
_SCOPE_END = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:out[\s-]of[\s-]scope|organi[sz]ation\s*:|unternehmen\s*:"
    r"|stand\s*:|ausschl|ausgenommen|exclusions?|excluded|sites?\b|locations?\b|interfaces|dependencies"
    r"|approved\s+by|approval|signed|document\s+(?:owner|control)|version|date|issued|page\s+\d"
    r"|public\b|confidential\b|internal\b|classification)"
    # A numbered heading of the next section ("3. Exclusions", "4 Roles").
    r"|^\d+(?:\.\d+)*\.?\s+[A-Z][\w-]*(?:\s+[\w-]+){0,3}$"
    # A short heading line of the next section ("Not in scope", "Justification", "Owner").
    r"|^(?:not\s+(?:in|within)\s+(?:the\s+)?scope|outside\s+(?:the\s+)?scope|justification|rationale"
    r"|exceptions?|owner(?:ship)?|review(?:ed)?|responsibilit|roles|references?|related\s+documents"
    r"|applicable\s+(?:standards|requirements|legislation)|legal|context|objectives|prepared\b"
    r"|revision|history|change\s+log|contact|third[\s-]part(?:y|ies)|suppliers|out\s+of\s+boundary)"
    r"[\w\s&/,()-]{0,40}:?$",
    F,
)
# A document title, not the scope itself: "Scope Document", "Geltungsbereich des ISMS".
_SCOPE_TITLE = re.compile(
    r"(?:statement|document|dokument)\s*$|^geltungsbereich\s+des\s+\w+\s*$", F
)
# "This document defines the scope of the ISMS of Tern Harbour Health Ltd."
_SCOPE_OF = re.compile(
    rf"(?i:scope|isms|management\s+system)\s+of\s+(?P<name>(?-i:[A-Z])[^.,;:\n]*?{LEGAL_SUFFIX})(?=[\s.,;]|$)"
)
_DATE_LABEL = re.compile(
    r"(?:issued|issue\s+date|date(?:\s+of\s+issue)?|effective(?:\s+date)?|approved(?:\s+on)?"
    r"|last\s+(?:reviewed|updated)|version\s+date|stand|datum)\s*[:\-–]?\s*",
    F,
)


def _title_holder(pages: Sequence[Page]) -> Iterator[Candidate]:
    for page in pages[:1]:
        for line in lines(page)[:5]:
            m = _TITLE_HOLDER.match(line)
            if m and (c := orgs.candidate(m["value"], page, line, "title", 2.5)):
                yield c


def _holder(pages: Sequence[Page]) -> Choice:
    """The organisation whose scope this is: its label, "the ISMS of X", a "<X> - ISMS scope"
    title, the running head (often "X    Internal"), the shape of a legal name."""
    return orgs.choose_name(
        "holder",
        [
            *orgs.labelled(pages[:2], _HOLDER, "label", 3.0),
            *orgs.squashed_sentences(pages[:2], _SCOPE_OF, "scope-of-sentence", 3.0),
            *_title_holder(pages),
            *orgs.in_band(pages[:2], "head", "running-head", 2.0, fallback=0),
            *orgs.legal_names(pages[:1], "legal-name", 1.0),
        ],
    )


# A short heading that speaks of scope in words no label list foresaw ("What our ISMS
# covers", "Organisational and physical perimeter").
_SCOPE_WORDY_HEAD = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?=[^.]{0,60}$)(?:\S+\s+){0,6}?(?:\S*scope\S*|boundar\w*|cover(?:ed|age|s)"
    r"|perimeter|applies)(?:\s+\S+){0,5}?\s*[:\-–]?\s*$",
    F,
)


def _scope_with_confidence(pages: Sequence[Page]) -> tuple[Found, Confidence] | None:
    """The scope after a known heading (high), else after a short heading that speaks of
    scope in other words (low)."""
    if known := _scope(pages, _SCOPE_HEAD):
        return known[0], Confidence.high
    if wordy := _scope(pages, _SCOPE_WORDY_HEAD):
        # A heading that names the scope or what is covered ("Our certification scope in
        # brief", "What the ISMS covers") introduces it in a scope statement; one that only
        # speaks of a perimeter or of what something applies to is a weaker cue.
        named = re.search(r"scope|boundar|cover", wordy[1], F) is not None
        return wordy[0], Confidence.high if named else Confidence.low
    return None


def _scope(pages: Sequence[Page], head: re.Pattern[str]) -> tuple[Found, str] | None:
    """The scope text under the first heading `head` matches, and that heading."""
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            m = head.match(line)
            if not m or _SCOPE_TITLE.search(line) or _TITLE_HOLDER.match(line):
                continue  # a title ("Scope of Certification Statement"), not the scope itself
            block = [line[m.end() :]] if line[m.end() :].strip() else []
            for nxt in page_lines[i + 1 : i + 30]:
                if _SCOPE_END.match(nxt) and not continues(block, nxt):
                    break
                block.append(nxt)
            text = " ".join(" ".join(block).split())
            if len(text) >= 20:
                return Found(text, page, "\n".join(block)), line
    return None


def _date(pages: Sequence[Page]) -> tuple[Found | None, list[str]]:
    hint = order_hint(" ".join(p.squashed for p in pages))
    for page in pages:
        for m in _DATE_LABEL.finditer(page.squashed):
            after = page.squashed[m.end() : m.end() + 40]
            found = find_dates(after, day_first=hint)
            if not found or found[0].start > 3:
                continue
            d = found[0]
            quote = page.squashed[m.start() : m.end() + d.end]
            if d.value is None:
                return None, [f"date: '{d.raw}' on page {page.number} is ambiguous; left empty"]
            return Found(d.value.isoformat(), page, quote), []
    return None, []


def extract_scope(pages: Sequence[Page]) -> Extraction[ScopeFacts]:
    """Holder, whole scope text and date of a scope statement, with evidence."""
    sheet = FactSheet()
    date_found, warnings = _date(pages)
    sheet.take("holder", _holder(pages))
    if scope := _scope_with_confidence(pages):
        sheet.put_found("scope", scope[0], scope[1])
    sheet.put_found("date", date_found)
    for warning in warnings:
        sheet.warn(warning)
    return Extraction(
        facts=ScopeFacts.model_validate(sheet.values),
        evidence=sheet.evidence,
        warnings=sheet.warnings,
        confidence=sheet.confidence,
    )
