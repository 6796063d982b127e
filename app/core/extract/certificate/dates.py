"""Certificate dates by label, sentence or small table (CONTRACT.md §2, certificate facts).

Labels of every date fact are found in the page text with whitespace folded, so a label and
its date may sit on one line, across a line break, or in a small table where a row of labels
is followed by a row of dates (labels and dates are then paired in order). Numeric dates whose
day/month order cannot be told from the page (other dates, the issuer's country) are left null
and reported as warnings: never guessed.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.core.extract.text.dates import DATE_RE, day_first_hint, find_dates
from app.core.pages import Page

_F = re.IGNORECASE
# Order matters: earlier entries win where two labels overlap ("original certification date"
# before "certification date").
DATE_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fact, re.compile(rx, _F))
    for fact, rx in (
        (
            # Dates of an earlier cycle are printed on renewed certificates; they are no fact.
            "ignored",
            r"(?:expiry|expiration)\s+date\s+of\s+(?:the\s+)?previous\s+cycle"
            r"|previous\s+(?:cycle\s+)?(?:expiry|expiration)(?:\s+date)?",
        ),
        (
            "surveillance_due_dates",
            r"(?:\d(?:st|nd|rd|th)?\s*|first\s+|second\s+|next\s+)?surveillance(?:\s+audit)?\s+"
            r"(?:due|before|by|planned|scheduled)(?:\s+(?:date|on|by|before))?|next\s+surveillance"
            r"(?:\s+audit)?(?:\s+date)?|überwachungsaudit\s+(?:bis|fällig)|nächstes\s+audit",
        ),
        (
            "original_certification_date",
            r"original\s+(?:certification\s+)?cycle\s+start(?:\s+date)?"
            r"|original(?:ly)?\s+(?:certification|certificate|registration|approval|issue)?\s*"
            r"(?:date|certified|issued|registered)?(?:\s+of\s+(?:certification|registration))?"
            r"|date\s+of\s+(?:original|initial|first)\s+(?:certification|registration|issue|approval)"
            r"|initial\s+(?:certification|registration|approval|issue)(?:\s+date)?"
            r"|first\s+(?:certified|issued|issue|registered|certification|registration)(?:\s+(?:date|on))?"
            r"|certified\s+since|registered\s+since|in\s+force\s+since|erstzertifizierung"
            r"|erstausstellung|zertifiziert\s+seit|ilk\s+belgelendirme"
            r"|date\s+de\s+(?:la\s+)?(?:première\s+certification|certification\s+initiale)"
            r"|certifi[ée]\s+depuis|fecha\s+de\s+(?:la\s+)?(?:primera\s+certificación|certificación"
            r"\s+inicial)|certificado\s+desde"
            r"|(?:data\s+(?:di|della)\s+)?prima\s+(?:emissione|certificazione)|certificato\s+dal"
            r"|(?:datum\s+(?:van\s+)?)?eerste\s+(?:certificering|uitgifte|afgifte|registratie)"
            r"|(?:data\s+(?:da|de)\s+)?(?:primeira\s+(?:emissão|emissao|certificação|certificacao)"
            r"|certificação\s+inicial)|初回(?:登録|認証|発行)日?|初回登録"
            r"|första\s+(?:certifiering|utfärdande)|første\s+(?:certificering|sertifisering)",
        ),
        (
            "expiry_date",
            r"expir(?:y|ation|es|ing)(?:\s+date)?(?:\s+on)?|date\s+of\s+expir(?:y|ation)(?:\s+certificate)?"
            r"|valid(?:ity)?\s+(?:until|till|to|through|thru)|validity\s+date|valid\s+up\s+to"
            r"|certificate\s+validity(?:\s+date)?|gültig\s+bis|gueltig\s+bis|ablaufdatum"
            r"|geçerlilik\s+tarihi|gecerlilik\s+tarihi|sertifika\s+geçerlilik|(?<=\s)(?:until|till|bis)\b"
            r"|valable\s+jusqu['’]?(?:au)?|date\s+d['’]expiration|expire\s+le|fin\s+de\s+validit[ée]"
            r"|válido\s+hasta|valido\s+hasta|fecha\s+de\s+(?:expiración|caducidad|vencimiento)"
            r"|vigente\s+hasta|ablauf\s+der\s+gültigkeit"
            r"|(?:data\s+di\s+)?scadenza|valid[oa]\s+fino\s+(?:al|a)|(?:geldig\s+tot(?:\s+en\s+met)?"
            r"|vervaldatum|verloopdatum)|válido\s+até|valido\s+ate|data\s+de\s+(?:validade|expiração"
            r"|expiracao|vencimento)|validade|有効期限|有効期間満了日?|満了日"
            r"|giltig[t]?\s+till|gyldig\s+til|utgångsdatum|udløbsdato|utløpsdato",
        ),
        (
            "last_audit_date",
            r"(?:date\s+of\s+)?(?:last|latest|most\s+recent)\s+(?:surveillance\s+|recertification\s+)?"
            r"audit(?:\s+date)?|audit\s+date|date\s+of\s+audit|(?:re-?certification|surveillance)\s+"
            r"audit\s+(?:completed|conducted|performed)(?:\s+on)?",
        ),
        (
            "issue_date",
            r"(?:(?:re-?)?certification\s*/\s*)?(?:re-?)?certification\s+cycle\s+start(?:\s+date)?"
            r"|cycle\s+start(?:\s+date)?"
            r"|(?:date\s+of\s+)?(?:certification\s+)?decision(?:\s+date)?|date\s+of\s+(?:this\s+|current\s+)?"
            r"(?:issue|certificate|certification|registration|approval)|(?:re-?)?issue(?:d)?\s*"
            r"(?:date|on)?|current\s+(?:issue|certificate)(?:\s+date)?|valid(?:ity)?\s+from|effective"
            r"(?:\s+date|\s+from)?|certification\s+date|certificate\s+date|registration\s+date"
            r"|date\s+of\s+(?:re-?)?certification|ausstellungsdatum|ausgestellt\s+am|gültig\s+ab"
            r"|ausgabedatum|datum\s+der\s+(?:ausstellung|zertifizierung)|zertifizierungsdatum"
            r"|erteilt\s+am|date\s+d['’](?:émission|emission)|date\s+de\s+(?:délivrance|certification"
            r"|décision)|émis\s+le|fecha\s+de\s+(?:emisión|emision|expedición|certificación|decisión)"
            r"|emitido\s+el|tescil\s+tarihi|yay[ıi]n\s+tarihi"
            r"|data\s+(?:di|della)\s+(?:emissione|rilascio|certificazione|delibera)|emesso\s+il"
            r"|datum\s+van\s+(?:afgifte|uitgifte|certificering|registratie)|uitgiftedatum|afgiftedatum"
            r"|data\s+(?:de|da)\s+(?:emissão|emissao|certificação|certificacao|decisão)|emitido\s+em"
            r"|(?:登録|認証|発行)日|utfärdat|utfärdandedatum|udstedt|utstedt|datum",
        ),
    )
)
# Labels farther than this from the next date are not its label.
_MAX_GAP = 90
_DIGIT = re.compile(r"\d")


@dataclass
class DateFacts:
    """Dates found on the certificate, their quotes and the warnings for ambiguous ones."""

    values: dict[str, date] = field(default_factory=dict)
    quotes: dict[str, tuple[Page, str]] = field(default_factory=dict)
    due: list[tuple[date, Page, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Facts whose labels on the page name different dates: the first reading is in doubt.
    disputed: dict[str, list[tuple[date, str]]] = field(default_factory=dict)


_DAY_FIRST_PLACES = re.compile(
    r"united\s+kingdom|\bUK\b|england|india|germany|deutschland|türkiye|turkiye|turkey|croatia"
    r"|austria|france|italy|spain|netherlands|ireland|australia|singapore|egypt|europe|\bEU\b"
    r"|pakistan|malaysia|brazil|mexico|south\s+africa|uae|dubai|italia|nederland|portugal|brasil"
    r"|españa|espana|belgi[eë]|belgique|schweiz|suisse|österreich|polska|sverige|danmark|norge",
    _F,
)
_MONTH_FIRST_PLACES = re.compile(r"\bUSA\b|united\s+states|U\.S\.A?\.|\bUS\b", _F)


def order_hint(text: str) -> bool | None:
    """Day-first (True), month-first (False) or unknown, from dates then from the country."""
    hint = day_first_hint(text)
    if hint is not None:
        return hint
    us, other = _MONTH_FIRST_PLACES.search(text), _DAY_FIRST_PLACES.search(text)
    if us and not other:
        return False
    if other and not us:
        return True
    return None


def _events(text: str) -> list[tuple[int, int, str | None]]:
    """Label spans (fact name) and date spans (None), sorted, overlapping labels dropped."""
    spans: list[tuple[int, int, str | None]] = [
        (m.start(), m.end(), None) for m in DATE_RE.finditer(text)
    ]
    taken: list[tuple[int, int]] = [(s, e) for s, e, _ in spans]
    for fact, rx in DATE_LABELS:
        for m in rx.finditer(text):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            spans.append((m.start(), m.end(), fact))
            taken.append((m.start(), m.end()))
    return sorted(spans)


def _record(out: DateFacts, fact: str, page: Page, quote: str, raw: str, hint: bool | None) -> None:
    found = find_dates(raw, day_first=hint)
    if not found:
        return
    d = found[0]
    if d.value is None:
        why = "day/month order unknown" if d.ambiguous else "not a real date"
        out.warnings.append(f"{fact}: '{d.raw}' on page {page.number} is {why}; left empty")
        return
    if fact == "ignored":
        return
    if fact == "surveillance_due_dates":
        out.due.append((d.value, page, quote))
    elif fact == "last_audit_date":
        if fact not in out.values or d.value > out.values[fact]:
            out.values[fact], out.quotes[fact] = d.value, (page, quote)
    elif fact not in out.values:
        out.values[fact], out.quotes[fact] = d.value, (page, quote)
    elif out.values[fact] != d.value:
        seen = out.disputed.setdefault(fact, [(out.values[fact], out.quotes[fact][1])])
        seen.append((d.value, quote))


def _runs(text: str) -> list[tuple[list[tuple[int, int, str]], list[tuple[int, int]]]]:
    """Group events into (labels, dates) runs: a row of labels followed by a row of dates."""
    runs: list[tuple[list[tuple[int, int, str]], list[tuple[int, int]]]] = []
    labels: list[tuple[int, int, str]] = []
    dates: list[tuple[int, int]] = []
    for start, end, fact in _events(text):
        if fact is not None:
            if dates:
                runs.append((labels, dates))
                labels, dates = [], []
            labels.append((start, end, fact))
        elif labels and (not dates or start - dates[-1][1] <= 40):
            dates.append((start, end))
    if labels and dates:
        runs.append((labels, dates))
    return runs


_VALID_RANGE = re.compile(
    r"\b(?:valid(?:ity|[oa])?|gültig(?:keit)?|gültigkeits(?:dauer|zeitraum)|geçerlilik|valable|válido"
    r"|valide|geldig|giltigt?|gyldig|ważny)(?:\s+(?:period|dates?|zeitraum))?\s*[:.]?\s*"
    r"(?:from|vom|ab|du|desde\s+el|desde|del|dal|van|från|fra|od)?\s*",
    _F,
)
_RANGE_SEP = re.compile(
    r"^\s*(?:-|–|—|to|until|till|through|thru|bis|bis\s+zum|au|jusqu['’]au|hasta(?:\s+el)?|al"
    r"|tot(?:\s+en\s+met)?|til|do)\s*$",
    _F,
)


def _validity_range(out: DateFacts, page: Page, hint: bool | None) -> None:
    """ "Valid: 14 March 2024 - 13 March 2027": the current cycle's issue and expiry dates."""
    text = page.squashed
    for m in _VALID_RANGE.finditer(text):
        found = find_dates(text[m.end() : m.end() + 80], day_first=hint)
        if len(found) < 2 or found[0].start > 2:
            continue
        first, second = found[0], found[1]
        if not _RANGE_SEP.match(text[m.end() + first.end : m.end() + second.start]):
            continue
        quote = text[m.start() : m.end() + second.end]
        _record(out, "issue_date", page, quote, first.raw, hint)
        _record(out, "expiry_date", page, quote, second.raw, hint)
        return


def read_dates(pages: Sequence[Page]) -> DateFacts:
    """Pair date labels with the dates after them on every page.

    A run of k labels followed by m dates pairs the last m labels with the dates in order: a
    table row of labels gets its row of dates, and a label printed with no value ("Reissue
    Date" left blank) does not steal the next label's date.
    """
    out = DateFacts()
    hint = order_hint(" ".join(p.squashed for p in pages))
    for page in pages:
        text = page.squashed
        _validity_range(out, page, hint)
        _runs_of(out, page, text, hint)
    for fact, seen in out.disputed.items():
        readings = "; ".join(f"'{q}' ({v})" for v, q in seen)
        if fact == "expiry_date":
            # Two expiry dates: reading either would be a guess (an expired certificate is a
            # critical finding), so neither is taken.
            out.values.pop(fact, None)
            out.quotes.pop(fact, None)
            out.warnings.append(f"{fact}: labels name different dates: {readings}; left empty")
        else:
            out.warnings.append(f"{fact}: labels name different dates: {readings}; the first kept")
    return out


def _runs_of(out: DateFacts, page: Page, text: str, hint: bool | None) -> None:
    """Record the dates of every run of labels on the page (see `read_dates`)."""
    for labels, dates in _runs(text):
        near = [lb for lb in labels if dates[0][0] - lb[1] <= _MAX_GAP * len(labels)]
        if near and len(dates) > len(near) and _DIGIT.search(text[near[-1][1] : dates[0][0]]):
            # A row of columns whose labels were not all recognised ("Certificate no. | First
            # certified | Issued | Valid until" over four values): which date is whose would
            # be a guess, so none is taken.
            facts = ", ".join(sorted({fact for _, _, fact in near}))
            out.warnings.append(
                f"{facts}: on page {page.number} a row of {len(dates)} dates under "
                f"{len(near)} recognised labels; left empty"
            )
            continue
        pairs = list(zip(near[-len(dates) :], dates, strict=False))
        for (l_start, _, fact), (d_start, d_end) in pairs:
            raw = text[d_start:d_end]
            quote = text[l_start:d_end] if d_end - l_start <= 240 else raw
            _record(out, fact, page, quote, raw, hint)
