"""Reads `accreditation_data/` (or an imported copy) into a frozen `core.registry.Registry`.

The shell side of the reference data (CONTRACT.md §4, §6): file reading, validation with
errors that name the file, line and column, and a `RegistryStore` that keeps the registry in
force and reloads it after `assay accreditation import` swapped the imported copy. The imported
copy lives under `<data_dir>/accreditation/`: each import is unpacked into `versions/<name>/`
and becomes current when the one-line `CURRENT` file is atomically replaced.
"""

import csv
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import app
from app.core import (
    STANDARDS,
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CertificationBody,
    LookalikeBody,
    MlaStatus,
    Provenance,
    RegionalGroup,
    Registry,
    Source,
    SubScope,
    known_mark_codes,
)

T = TypeVar("T")
CURRENT = "CURRENT"
ANNEX_FILES = {
    "27001:2022": "annex_a_iso27001_2022.csv",
    "27001:2013": "annex_a_iso27001_2013.csv",
    "42001:2023": "annex_a_iso42001_2023.csv",
}
ANNEX_COUNTS = {"27001:2022": 93, "27001:2013": 114, "42001:2023": 38}
REQUIRED_FILES = (
    "VERSION",
    "accreditation_bodies.csv",
    "regional_groups.csv",
    "lookalike_bodies.csv",
    "certification_bodies.csv",
    "accreditations.csv",
    "standards_facts.csv",
    *ANNEX_FILES.values(),
)


class RegistryDataError(ValueError):
    """The reference data is malformed; the message names the file and line."""


def builtin_data_dir() -> Path:
    """The repository's own `accreditation_data/`, found relative to the package."""
    return Path(app.__file__).resolve().parent.parent / "accreditation_data"


def current_imported_dir(imported_dir: Path) -> Path | None:
    """The version directory the last successful import made current, if any."""
    marker = imported_dir / CURRENT
    if not marker.is_file():
        return None
    target = imported_dir / "versions" / marker.read_text(encoding="utf-8").strip()
    return target if target.is_dir() else None


def load_registry(data_dir: Path | None = None) -> Registry:
    """The registry in `data_dir`; by default the imported copy if any, else
    `ASSAY_ACCREDITATION_DATA_DIR`, else the repository's `accreditation_data/` (as RegistryStore)."""
    if data_dir is None:
        from app.platform.settings import get_settings

        settings = get_settings()
        imported = current_imported_dir(settings.data_dir / "accreditation")
        data_dir = imported or settings.accreditation_data_dir or builtin_data_dir()
    return read_registry(data_dir)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
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


def _field(where: str, row: dict[str, str], name: str, required: bool = True) -> str:
    if name not in row:
        raise RegistryDataError(f"{where}: missing column {name!r}")
    if required and not row[name]:
        raise RegistryDataError(f"{where}: column {name!r} is empty")
    return row[name]


def _enum(where: str, row: dict[str, str], name: str, kind: Callable[[str], T]) -> T:
    value = _field(where, row, name)
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
        _field(where, row, "source"),
        row.get("source_date") or None,
        register,
        verified_on,
    )


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split(";") if a.strip())


def _unique(where: str, seen: set[str], key: str) -> None:
    if key.casefold() in seen:
        raise RegistryDataError(f"{where}: duplicate record {key!r}")
    seen.add(key.casefold())


def _bodies(d: Path) -> tuple[AccreditationBody, ...]:
    out, seen = [], set[str]()
    for line, r in _rows(d / "accreditation_bodies.csv"):
        w = f"accreditation_bodies.csv:{line}"
        _unique(w, seen, _field(w, r, "code"))
        out.append(
            AccreditationBody(
                code=r["code"], name=_field(w, r, "name"), country=_field(w, r, "country"),
                iaf_mla_ms=_enum(w, r, "iaf_mla_ms", MlaStatus), isms=_enum(w, r, "isms", SubScope),
                aims=_enum(w, r, "aims", SubScope), source=_source(w, r),
                aliases=_aliases(r.get("aliases", "")), regional_group=r.get("regional_group") or None,
                notes=r.get("notes", ""),
            )
        )  # fmt: skip
    return tuple(out)


def _groups(d: Path) -> tuple[RegionalGroup, ...]:
    out, seen = [], set[str]()
    for line, r in _rows(d / "regional_groups.csv"):
        w = f"regional_groups.csv:{line}"
        _unique(w, seen, _field(w, r, "code"))
        out.append(
            RegionalGroup(
                r["code"],
                _field(w, r, "name"),
                r.get("region", ""),
                _enum(w, r, "iaf_mla_ms", MlaStatus),
                _source(w, r),
            )
        )
    return tuple(out)


def _lookalikes(d: Path) -> tuple[LookalikeBody, ...]:
    out, seen = [], set[str]()
    for line, r in _rows(d / "lookalike_bodies.csv"):
        w = f"lookalike_bodies.csv:{line}"
        _unique(w, seen, _field(w, r, "code"))
        out.append(
            LookalikeBody(r["code"], _field(w, r, "name"), r.get("observed_as", ""), _field(w, r, "assessment"),
                          _source(w, r), _aliases(r.get("aliases", "")))
        )  # fmt: skip
    return tuple(out)


def _accreditations(
    d: Path, cb_ids: set[str], ab_codes: set[str]
) -> dict[str, list[Accreditation]]:
    out: dict[str, list[Accreditation]] = {}
    seen: set[str] = set()
    for line, r in _rows(d / "accreditations.csv"):
        w = f"accreditations.csv:{line}"
        cb_id, body, standard = (
            _field(w, r, "cb_id"),
            _field(w, r, "body"),
            _field(w, r, "standard"),
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


def _cbs(d: Path, ab_codes: set[str]) -> tuple[CertificationBody, ...]:
    rows, seen = [], set[str]()
    for line, r in _rows(d / "certification_bodies.csv"):
        w = f"certification_bodies.csv:{line}"
        _unique(w, seen, _field(w, r, "id"))
        _unique(w, seen, "name:" + _field(w, r, "name"))
        rows.append((w, r))
    accs = _accreditations(d, {r["id"] for _, r in rows}, ab_codes)
    return tuple(
        CertificationBody(
            id=r["id"], name=r["name"], source=_source(w, r), aliases=_aliases(r.get("aliases", "")),
            group=r.get("group") or None, country=r.get("country") or None,
            accreditations=tuple(accs.get(r["id"], [])), notes=r.get("notes", ""),
        )
        for w, r in rows
    )  # fmt: skip


def _annex(d: Path) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for edition, name in ANNEX_FILES.items():
        ids = [_field(f"{name}:{line}", r, "id") for line, r in _rows(d / name)]
        if len(ids) != ANNEX_COUNTS[edition] or len(set(ids)) != len(ids):
            raise RegistryDataError(
                f"{name}: expected {ANNEX_COUNTS[edition]} distinct control ids, got {len(set(ids))}"
            )
        lists[edition] = tuple(ids)
    return lists


def read_registry(data_dir: Path) -> Registry:
    """Parse and validate every data file in `data_dir`; raise RegistryDataError on the first fault."""
    missing = [f for f in REQUIRED_FILES if not (data_dir / f).is_file()]
    if missing:
        raise RegistryDataError(f"{data_dir}: missing {', '.join(missing)}")
    version = (data_dir / "VERSION").read_text(encoding="utf-8").strip()
    if not version:
        raise RegistryDataError("VERSION: empty")
    if len(version) > 80 or not version.isprintable():
        # Stored with every assessment (80 characters) and shown to reviewers.
        raise RegistryDataError("VERSION: at most 80 printable characters on one line")
    bodies, lookalikes = _bodies(data_dir), _lookalikes(data_dir)
    codes = {b.code for b in bodies} | {b.code for b in lookalikes}
    clash = {b.code for b in bodies} & {b.code for b in lookalikes}
    if clash:
        raise RegistryDataError(f"codes both real and look-alike: {', '.join(sorted(clash))}")
    unread = known_mark_codes() - codes
    if unread:
        raise RegistryDataError(
            f"marks vocabulary codes with no data record: {', '.join(sorted(unread))}"
        )
    facts = {
        _field(f"standards_facts.csv:{n}", r, "key"): r["value"]
        for n, r in _rows(data_dir / "standards_facts.csv")
    }
    return Registry(
        version=version, accreditation_bodies=bodies, certification_bodies=_cbs(data_dir, codes),
        lookalikes=lookalikes, regional_groups=_groups(data_dir), annex_a=_annex(data_dir), facts=facts,
    )  # fmt: skip


class RegistryStore:
    """The registry in force; reloads when an import made another version current."""

    def __init__(self, builtin_dir: Path, imported_dir: Path) -> None:
        self.builtin_dir, self.imported_dir = builtin_dir, imported_dir
        self._lock = threading.Lock()
        self._source: Path | None = None
        self._registry: Registry | None = None

    def active_dir(self) -> Path:
        """The directory whose data is in force."""
        return current_imported_dir(self.imported_dir) or self.builtin_dir

    def current(self) -> Registry:
        """The registry for the active directory, read once per version (thread-safe)."""
        wanted = self.active_dir()
        with self._lock:
            if self._registry is None or wanted != self._source:
                self._registry, self._source = read_registry(wanted), wanted
            return self._registry
