"""Importing a new accreditation data set (`assay accreditation import`, `POST /accreditation/import`).

The import file is a ZIP of data files in the layout of `accreditation_data/` (documented in
its README). Files the archive leaves out are taken from the data in force, so an operator can
ship only `VERSION`, `certification_bodies.csv` and `accreditations.csv`. The new set is
validated in a staging directory and becomes current by atomically replacing the one-line
`CURRENT` file: a bad file changes nothing.
"""

import hashlib
import io
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.accreditation.errors import ImportFailed
from app.adapters.reference.loader import CURRENT, REQUIRED_FILES, RegistryDataError, read_registry
from app.core import Registry

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ImportReport:
    version: str
    directory: Path
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def fetch(source: str, client: httpx.Client | None = None) -> bytes:
    """The bytes of a local file or an HTTPS URL; ImportFailed with a clear reason otherwise."""
    if source.startswith("http://"):
        raise ImportFailed(f"{source}: only HTTPS URLs are accepted")
    if not source.startswith("https://"):
        path = Path(source)
        if not path.is_file():
            raise ImportFailed(f"{source}: no such file")
        return path.read_bytes()
    own = client is None
    http = client or httpx.Client(timeout=30.0, follow_redirects=True)
    try:
        response = http.get(source)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ImportFailed(f"{source}: could not download ({exc})") from exc
    finally:
        if own:
            http.close()
    if len(response.content) > MAX_BYTES:
        raise ImportFailed(f"{source}: larger than {MAX_BYTES} bytes")
    return response.content


def _unpack(data: bytes, staging: Path, fallback: Path) -> None:
    """Write the archive's known data files into `staging`, others from `fallback`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFailed("not a ZIP archive of accreditation data files") from exc
    with archive:
        # Only known base names are taken: no path from the archive is ever written (zip-slip).
        members = {Path(i.filename).name: i for i in archive.infolist() if not i.is_dir()}
        unknown = sorted(
            n for n in members if n not in REQUIRED_FILES and not n.lower().startswith("readme")
        )
        if unknown:
            raise ImportFailed(f"unexpected files in the archive: {', '.join(unknown)}")
        if "VERSION" not in members:
            raise ImportFailed("the archive has no VERSION file")
        for name in REQUIRED_FILES:
            target = staging / name
            if name in members:
                target.write_bytes(archive.read(members[name]))
            else:
                shutil.copyfile(fallback / name, target)


def _keyed(registry: Registry) -> dict[str, object]:
    out: dict[str, object] = {}
    for ab in registry.accreditation_bodies:
        out[f"accreditation body {ab.code}"] = ab
    for fake in registry.lookalikes:
        out[f"look-alike {fake.code}"] = fake
    for cb in registry.certification_bodies:
        out[f"certification body {cb.name}"] = (
            cb.name,
            cb.aliases,
            cb.group,
            cb.country,
            cb.source,
        )
        for a in cb.accreditations:
            out[f"accreditation {cb.name} / {a.body} / {a.standard}"] = a
    return out


def diff(old: Registry, new: Registry) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(added, removed, changed) record names between two data sets."""
    before, after = _keyed(old), _keyed(new)
    added = tuple(sorted(k for k in after if k not in before))
    removed = tuple(sorted(k for k in before if k not in after))
    changed = tuple(sorted(k for k in after if k in before and after[k] != before[k]))
    return added, removed, changed


def _make_current(imported_dir: Path, name: str) -> None:
    tmp = imported_dir / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, imported_dir / CURRENT)


def import_data(data: bytes, *, imported_dir: Path, active_dir: Path) -> ImportReport:
    """Validate `data` and make it the data in force; raise ImportFailed and change nothing if bad."""
    versions = imported_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f".staging-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        _unpack(data, staging, active_dir)
        new = read_registry(staging)
        old = read_registry(active_dir)
        digest = hashlib.sha256(data).hexdigest()[:12]
        final = versions / f"{new.version}-{digest}"
        if final.exists():
            shutil.rmtree(staging)
        else:
            os.rename(staging, final)
        _make_current(imported_dir, final.name)
    except RegistryDataError as exc:
        raise ImportFailed(f"invalid data: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    added, removed, changed = diff(old, new)
    return ImportReport(new.version, final, added, removed, changed)
