"""Reads `accreditation_data/` (or an imported copy) into a frozen `core.registry.Registry`.

The shell side of the reference data (CONTRACT.md §4, §6): file reading, validation with
errors that name the file, line and column, and a `RegistryStore` that keeps the registry in
force and reloads it after `assay accreditation import` swapped the imported copy. The imported
copy lives under `<data_dir>/accreditation/`: each import is unpacked into `versions/<name>/`
and becomes current when the one-line `CURRENT` file is atomically replaced.
"""

import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import app
from app.adapters.reference import records
from app.adapters.reference.records import ANNEX_COUNTS, ANNEX_FILES, RegistryDataError
from app.core import MarkTerm, MarkVocabulary, Registry, ReviewedRecord, build_vocabulary

__all__ = [
    "ANNEX_COUNTS",
    "ANNEX_FILES",
    "CURRENT",
    "REQUIRED_FILES",
    "RegistryDataError",
    "RegistryStore",
    "ReviewedSource",
    "builtin_data_dir",
    "check_version",
    "current_imported_dir",
    "inside",
    "load_mark_vocabulary",
    "load_registry",
    "read_mark_vocabulary",
    "read_registry",
]

CURRENT = "CURRENT"
REQUIRED_FILES = (
    "VERSION",
    "accreditation_bodies.csv",
    "regional_groups.csv",
    "lookalike_bodies.csv",
    "certification_bodies.csv",
    "cb_groups.csv",
    "accreditations.csv",
    "mark_patterns.csv",
    "standards_facts.csv",
    *ANNEX_FILES.values(),
)
# A data version names a directory and is shown to reviewers: one plain token, nothing that
# a path could be built from ("..", "/", "\\" are refused).
VERSION_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,79}")


def check_version(version: str) -> str:
    """`version` if it is a plain token (letters, digits, ".", "_", "+", "-"; no "..")."""
    if not VERSION_TOKEN.fullmatch(version) or ".." in version:
        raise RegistryDataError(
            f"VERSION: {version[:40]!r} is not a plain token (letters, digits, '.', '_', '+', "
            "'-'; at most 80 characters; no '..')"
        )
    return version


def inside(root: Path, *parts: str) -> Path:
    """`root / parts`, resolved, refused unless it stays inside `root` (checked after
    resolving, so a symbolic link out of the directory is refused too)."""
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise RegistryDataError(f"path {'/'.join(parts)!r} leaves {root}")
    return target


def builtin_data_dir() -> Path:
    """The repository's own `accreditation_data/`, found relative to the package."""
    return Path(app.__file__).resolve().parent.parent / "accreditation_data"


def current_imported_dir(imported_dir: Path) -> Path | None:
    """The version directory the last successful import made current, if any (None when the
    marker is missing, names no plain directory token, or points outside `versions/`)."""
    marker = imported_dir / CURRENT
    if not marker.is_file():
        return None
    name = marker.read_text(encoding="utf-8").strip()
    try:
        target = inside(imported_dir / "versions", check_version(name))
    except RegistryDataError:
        return None
    return target if target.is_dir() else None


def active_data_dir() -> Path:
    """The data directory in force for this process's settings: the imported copy if any,
    else `ASSAY_ACCREDITATION_DATA_DIR`, else the repository's `accreditation_data/`."""
    from app.platform.settings import get_settings

    settings = get_settings()
    imported = current_imported_dir(settings.data_dir / "accreditation")
    return imported or settings.accreditation_data_dir or builtin_data_dir()


def load_registry(data_dir: Path | None = None) -> Registry:
    """The registry in `data_dir`, by default the one in force (see `active_data_dir`)."""
    return read_registry(data_dir or active_data_dir())


def read_mark_vocabulary(data_dir: Path) -> MarkVocabulary:
    """The mark reader's vocabulary from the three files it needs (accreditation bodies,
    look-alikes, mark patterns): what a parse child process reads per document."""
    bodies, fakes = records.bodies(data_dir), records.lookalikes(data_dir)
    rules = records.mark_rules(data_dir, {b.code for b in bodies} | {b.code for b in fakes})
    terms = [MarkTerm(b.code, (b.name, *b.aliases)) for b in bodies]
    terms += [MarkTerm(b.code, (b.name, *b.aliases), lookalike=True) for b in fakes]
    try:
        return build_vocabulary(terms, rules)
    except re.error as exc:
        raise RegistryDataError(f"a body's name does not make a pattern: {exc}") from exc


def load_mark_vocabulary(data_dir: Path | None = None) -> MarkVocabulary:
    """The mark reader's vocabulary from `data_dir`, by default the data in force; the
    repository's data when that cannot be read."""
    try:
        return read_mark_vocabulary(data_dir or active_data_dir())
    except (RegistryDataError, OSError, ValueError):
        return read_mark_vocabulary(builtin_data_dir())


def read_registry(data_dir: Path) -> Registry:
    """Parse and validate every data file in `data_dir`; raise RegistryDataError on the first fault."""
    missing = [f for f in REQUIRED_FILES if not (data_dir / f).is_file()]
    if missing:
        raise RegistryDataError(f"{data_dir}: missing {', '.join(missing)}")
    try:
        version = (data_dir / "VERSION").read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as exc:
        raise RegistryDataError("VERSION: not UTF-8 text") from exc
    # Stored with every assessment (80 characters), shown to reviewers, and the name of the
    # directory an import unpacks into.
    check_version(version)
    bodies, fakes = records.bodies(data_dir), records.lookalikes(data_dir)
    codes = {b.code for b in bodies} | {b.code for b in fakes}
    clash = {b.code for b in bodies} & {b.code for b in fakes}
    if clash:
        raise RegistryDataError(f"codes both real and look-alike: {', '.join(sorted(clash))}")
    facts = {
        records.field(f"standards_facts.csv:{n}", r, "key"): r["value"]
        for n, r in records.rows(data_dir / "standards_facts.csv")
    }
    registry = Registry(
        version=version, accreditation_bodies=bodies, certification_bodies=records.certification_bodies(data_dir, codes),
        lookalikes=fakes, regional_groups=records.regional_groups(data_dir), annex_a=records.annex_a(data_dir), facts=facts,
        groups=records.cb_groups(data_dir), mark_rules=records.mark_rules(data_dir, codes),
    )  # fmt: skip
    try:
        registry.marks  # noqa: B018 - compiles every name pattern now, not at the first parse
    except re.error as exc:
        raise RegistryDataError(f"a body's name does not make a pattern: {exc}") from exc
    return registry


class ReviewedSource(Protocol):
    """Where reviewers' recorded checks live (the database): a cheap stamp that changes when
    the records do, and the records themselves."""

    def stamp(self) -> object: ...

    def load(self) -> tuple[ReviewedRecord, ...]: ...


class RegistryStore:
    """The registry in force: the data files (reloaded when an import made another version
    current) with the reviewers' recorded checks attached (reloaded when they change, looked
    at most every `refresh_seconds`, or at once after `invalidate`)."""

    def __init__(
        self,
        builtin_dir: Path,
        imported_dir: Path,
        *,
        reviewed: ReviewedSource | None = None,
        review_max_age_days: int = 365,
        refresh_seconds: float = 5.0,
    ) -> None:
        self.builtin_dir, self.imported_dir = builtin_dir, imported_dir
        self.reviewed, self.review_max_age_days = reviewed, review_max_age_days
        self._refresh = refresh_seconds
        self._lock = threading.Lock()
        self._source: Path | None = None
        self._base: Registry | None = None
        self._registry: Registry | None = None
        self._stamp: object = None
        self._checked = float("-inf")

    def active_dir(self) -> Path:
        """The directory whose data is in force."""
        return current_imported_dir(self.imported_dir) or self.builtin_dir

    def invalidate(self) -> None:
        """Look at the recorded checks again at the next `current()` (after a new one)."""
        with self._lock:
            self._checked = float("-inf")

    def current(self) -> Registry:
        """The registry in force, rebuilt only when the data or the recorded checks changed
        (thread-safe; the same value otherwise, so its look-up memos stay warm)."""
        wanted = self.active_dir()
        with self._lock:
            if self._base is None or wanted != self._source:
                self._base, self._source, self._registry = read_registry(wanted), wanted, None
            if self.reviewed is not None and time.monotonic() - self._checked >= self._refresh:
                self._checked = time.monotonic()
                stamp = self.reviewed.stamp()
                if stamp != self._stamp or self._registry is None:
                    self._stamp = stamp
                    self._registry = replace(
                        self._base,
                        reviewed=self.reviewed.load(),
                        review_max_age_days=self.review_max_age_days,
                    )
            if self._registry is None:
                self._registry = replace(self._base, review_max_age_days=self.review_max_age_days)
            return self._registry
