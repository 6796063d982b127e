"""Reading and validating the record files of `accreditation_data/` (one function per file):
errors name the file, line and column. The shell side of CONTRACT.md §4, §6 reference data;
`loader.read_registry` assembles the files into a `Registry`.
"""

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from app.core import (
    STANDARDS,
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CbGroup,
    CertificationBody,
    LookalikeBody,
    MarkRule,
    MarkRuleKind,
    MlaStatus,
    Provenance,
    RegionalGroup,
    Source,
    SubScope,
)

T = TypeVar("T")
ANNEX_FILES = {
    "27001:2022": "annex_a_iso27001_2022.csv",
    "27001:2013": "annex_a_iso27001_2013.csv",
    "42001:2023": "annex_a_iso42001_2023.csv",
}
ANNEX_COUNTS = {"27001:2022": 93, "27001:2013": 114, "42001:2023": 38}
MAX_PATTERN = 300


class RegistryDataError(ValueError):
    """The reference data is malformed; the message names the file and line."""


def rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, strict=True)
            if not reader.fieldnames:
                raise RegistryDataError(f"{path.name}: empty file (no header row)")
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise RegistryDataError(
                        f"{path.name}:{reader.line_num}: wrong number of columns"
                    )
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
    except (csv.Error, UnicodeDecodeError) as exc:
        raise RegistryDataError(f"{path.name}: not valid UTF-8 CSV: {exc}") from exc
    except FileNotFoundError as exc:
        raise RegistryDataError(f"missing file {path.name}") from exc


def field(where: str, row: dict[str, str], name: str, required: bool = True) -> str:
    if name not in row:
        raise RegistryDataError(f"{where}: missing column {name!r}")
    if required and not row[name]:
        raise RegistryDataError(f"{where}: column {name!r} is empty")
    return row[name]


def _enum(where: str, row: dict[str, str], name: str, kind: Callable[[str], T]) -> T:
    value = field(where, row, name)
    try:
        return kind(value)
    except ValueError as exc:
        raise RegistryDataError(f"{where}: {name}={value!r} is not allowed") from exc


def _date(where: str, value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise RegistryDataError(f"{where}: {value!r} is not an ISO date") from exc


def _source(where: str, row: dict[str, str]) -> Source:
    provenance = _enum(where, row, "provenance", Provenance)
    verified_on = _date(where, row.get("verified_on", ""))
    register = row.get("register") or None
    if provenance is Provenance.verified and (verified_on is None or register is None):
        raise RegistryDataError(f"{where}: a verified record needs register and verified_on")
    if provenance is not Provenance.verified and verified_on is not None:
        raise RegistryDataError(f"{where}: verified_on is set but provenance is {provenance.value}")
    if provenance is Provenance.curated and register is None:
        raise RegistryDataError(
            f"{where}: a curated record needs the register where it can be verified"
        )
    return Source(
        provenance,
        field(where, row, "source"),
        row.get("source_date") or None,
        register,
        verified_on,
        row.get("checked_by") or None,
    )


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split(";") if a.strip())


def _unique(where: str, seen: set[str], key: str) -> None:
    if key.casefold() in seen:
        raise RegistryDataError(f"{where}: duplicate record {key!r}")
    seen.add(key.casefold())


def _code(where: str, row: dict[str, str]) -> str:
    code = field(where, row, "code")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-]{0,31}", code):
        raise RegistryDataError(f"{where}: code {code!r} is not letters, digits and hyphens")
    return code


def bodies(d: Path) -> tuple[AccreditationBody, ...]:
    out, seen = [], set[str]()
    for line, r in rows(d / "accreditation_bodies.csv"):
        w = f"accreditation_bodies.csv:{line}"
        _unique(w, seen, _code(w, r))
        out.append(
            AccreditationBody(
                code=r["code"], name=field(w, r, "name"), country=field(w, r, "country"),
                iaf_mla_ms=_enum(w, r, "iaf_mla_ms", MlaStatus), isms=_enum(w, r, "isms", SubScope),
                aims=_enum(w, r, "aims", SubScope), source=_source(w, r),
                aliases=_aliases(r.get("aliases", "")), regional_group=r.get("regional_group") or None,
                notes=r.get("notes", ""), directory=r.get("directory") or None,
            )
        )  # fmt: skip
    return tuple(out)


def regional_groups(d: Path) -> tuple[RegionalGroup, ...]:
    out, seen = [], set[str]()
    for line, r in rows(d / "regional_groups.csv"):
        w = f"regional_groups.csv:{line}"
        _unique(w, seen, field(w, r, "code"))
        isms = _enum(w, r, "isms", SubScope) if r.get("isms") else SubScope.unknown
        out.append(
            RegionalGroup(
                r["code"], field(w, r, "name"), r.get("region", ""),
                _enum(w, r, "iaf_mla_ms", MlaStatus), _source(w, r), isms, r.get("notes", ""),
            )
        )  # fmt: skip
    return tuple(out)


def cb_groups(d: Path) -> tuple[CbGroup, ...]:
    out, seen = [], set[str]()
    for line, r in rows(d / "cb_groups.csv"):
        w = f"cb_groups.csv:{line}"
        _unique(w, seen, field(w, r, "group"))
        out.append(
            CbGroup(r["group"], _source(w, r), _aliases(r.get("aliases", "")), r.get("notes", ""))
        )
    return tuple(out)


def _template_ok(pattern: re.Pattern[str], template: str) -> bool:
    refs = [int(n) for n in re.findall(r"\\(\d+)", template)]
    return all(1 <= n <= pattern.groups for n in refs) and "\\g" not in template


def mark_rules(d: Path, codes: set[str]) -> tuple[MarkRule, ...]:
    out = []
    for line, r in rows(d / "mark_patterns.csv"):
        w = f"mark_patterns.csv:{line}"
        code, kind = field(w, r, "code"), _enum(w, r, "rule", MarkRuleKind)
        pattern, template = field(w, r, "pattern"), r.get("template", "")
        if code not in codes:
            raise RegistryDataError(f"{w}: unknown accreditation body code {code!r}")
        if len(pattern) > MAX_PATTERN:
            raise RegistryDataError(f"{w}: pattern longer than {MAX_PATTERN} characters")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise RegistryDataError(f"{w}: pattern does not compile: {exc}") from exc
        if template and not _template_ok(compiled, template):
            raise RegistryDataError(f"{w}: template {template!r} refers to a missing group")
        out.append(MarkRule(code, kind, pattern, template))
    return tuple(out)


def lookalikes(d: Path) -> tuple[LookalikeBody, ...]:
    out, seen = [], set[str]()
    for line, r in rows(d / "lookalike_bodies.csv"):
        w = f"lookalike_bodies.csv:{line}"
        _unique(w, seen, _code(w, r))
        out.append(
            LookalikeBody(r["code"], field(w, r, "name"), r.get("observed_as", ""), field(w, r, "assessment"),
                          _source(w, r), _aliases(r.get("aliases", "")))
        )  # fmt: skip
    return tuple(out)


def _accreditations(
    d: Path, cb_ids: set[str], ab_codes: set[str]
) -> dict[str, list[Accreditation]]:
    out: dict[str, list[Accreditation]] = {}
    seen: set[str] = set()
    for line, r in rows(d / "accreditations.csv"):
        w = f"accreditations.csv:{line}"
        cb_id, body, standard = (
            field(w, r, "cb_id"),
            field(w, r, "body"),
            field(w, r, "standard"),
        )
        if cb_id not in cb_ids:
            raise RegistryDataError(f"{w}: unknown certification body id {cb_id!r}")
        if body not in ab_codes:
            raise RegistryDataError(f"{w}: unknown accreditation body code {body!r}")
        if standard not in STANDARDS:
            raise RegistryDataError(
                f"{w}: standard {standard!r} is not one of {', '.join(STANDARDS)}"
            )
        _unique(w, seen, f"{cb_id}/{body}/{standard}")
        status = _enum(w, r, "status", AccreditationStatus)
        row = Accreditation(
            body,
            standard,
            status,
            _source(w, r),
            r.get("number") or None,
            _date(w, r.get("status_date", "")),
            r.get("notes", ""),
        )
        out.setdefault(cb_id, []).append(row)
    return out


def certification_bodies(d: Path, ab_codes: set[str]) -> tuple[CertificationBody, ...]:
    found, seen = [], set[str]()
    for line, r in rows(d / "certification_bodies.csv"):
        w = f"certification_bodies.csv:{line}"
        _unique(w, seen, field(w, r, "id"))
        _unique(w, seen, "name:" + field(w, r, "name"))
        found.append((w, r))
    accs = _accreditations(d, {r["id"] for _, r in found}, ab_codes)
    return tuple(
        CertificationBody(
            id=r["id"], name=r["name"], source=_source(w, r), aliases=_aliases(r.get("aliases", "")),
            group=r.get("group") or None, country=r.get("country") or None,
            accreditations=tuple(accs.get(r["id"], [])), notes=r.get("notes", ""),
        )
        for w, r in found
    )  # fmt: skip


def annex_a(d: Path) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for edition, name in ANNEX_FILES.items():
        ids = [field(f"{name}:{line}", r, "id") for line, r in rows(d / name)]
        if len(ids) != ANNEX_COUNTS[edition] or len(set(ids)) != len(ids):
            raise RegistryDataError(
                f"{name}: expected {ANNEX_COUNTS[edition]} distinct control ids, got {len(set(ids))}"
            )
        lists[edition] = tuple(ids)
    return lists
