"""Importing a new accreditation data set (`assay accreditation import`, `POST /accreditation/import`).

The import file is a ZIP of data files in the layout of `accreditation_data/` (documented in
its README). Files the archive leaves out are taken from the data in force, so an operator can
ship only `VERSION`, `certification_bodies.csv` and `accreditations.csv`. The new set is
validated in a staging directory and becomes current by atomically replacing the one-line
`CURRENT` file: a bad file changes nothing.

Nothing in the archive can escape the data directory (issue 15): members are checked before
anything is extracted (known file names only, at the root or in one folder, no absolute or
parent paths, no links, no encryption, bounded count, sizes and compression ratio, with the
sizes enforced while reading, since a header can lie); the version is a plain token; and
every path built from imported content is checked to stay inside the data directory after
resolving.
"""

import hashlib
import io
import os
import shutil
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import httpx

from app.accreditation.errors import ImportFailed
from app.adapters.reference.loader import (
    CURRENT,
    REQUIRED_FILES,
    RegistryDataError,
    check_version,
    inside,
    read_registry,
)
from app.core import Registry

MAX_BYTES = 20 * 1024 * 1024  # the archive itself
MAX_MEMBERS = 40
MAX_MEMBER_BYTES = 10 * 1024 * 1024  # one file, uncompressed
MAX_TOTAL_BYTES = 40 * 1024 * 1024  # all files, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 64 * 1024


@dataclass(frozen=True)
class ImportReport:
    version: str
    directory: Path
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def fetch(source: str, client: httpx.Client | None = None) -> bytes:
    """The bytes of a local file or an HTTPS URL (at most MAX_BYTES); ImportFailed otherwise."""
    if source.startswith("http://"):
        raise ImportFailed(f"{source}: only HTTPS URLs are accepted")
    if not source.startswith("https://"):
        path = Path(source)
        if not path.is_file():
            raise ImportFailed(f"{source}: no such file")
        if path.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{source}: larger than {MAX_BYTES} bytes")
        return path.read_bytes()
    own = client is None
    http = client or httpx.Client(timeout=30.0, follow_redirects=True)
    try:
        with http.stream("GET", source) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise ImportFailed(f"{source}: larger than {MAX_BYTES} bytes")
            return bytes(body)
    except httpx.HTTPError as exc:
        raise ImportFailed(f"{source}: could not download ({exc})") from exc
    finally:
        if own:
            http.close()


def _member_name(info: zipfile.ZipInfo) -> str:
    """The data file a member is, after refusing anything that could name a path elsewhere."""
    raw = info.filename
    if "\\" in raw or ":" in raw or "\x00" in raw or raw.startswith("/"):
        raise ImportFailed(f"member {raw!r}: not a plain relative name")
    parts = PurePosixPath(raw).parts
    if not parts or len(parts) > 2 or any(p in ("", ".", "..") for p in parts):
        raise ImportFailed(f"member {raw!r}: files must sit at the root or in one folder")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ImportFailed(f"member {raw!r}: links are not accepted")
    if info.flag_bits & 0x1:
        raise ImportFailed(f"member {raw!r}: encrypted members are not accepted")
    return parts[-1]


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(f"{len(infos)} members; at most {MAX_MEMBERS} are accepted")
    members: dict[str, zipfile.ZipInfo] = {}
    folders: set[str] = set()
    total = 0
    for info in infos:
        name = _member_name(info)
        if info.is_dir():
            continue
        folders.add(str(PurePosixPath(info.filename).parent))
        if name not in REQUIRED_FILES and not name.lower().startswith("readme"):
            raise ImportFailed(f"unexpected file in the archive: {name!r}")
        if name in members:
            raise ImportFailed(f"{name!r} appears twice in the archive")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportFailed(f"{name}: {info.file_size} bytes; at most {MAX_MEMBER_BYTES}")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportFailed(f"{name}: compressed {ratio:.0f}:1, a decompression bomb")
        total += info.file_size
        members[name] = info
    if len(folders) > 1:
        raise ImportFailed("files must all sit in the same folder of the archive")
    if total > MAX_TOTAL_BYTES:
        raise ImportFailed(f"{total} bytes uncompressed; at most {MAX_TOTAL_BYTES}")
    if "VERSION" not in members:
        raise ImportFailed("the archive has no VERSION file")
    return members


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its header declared (a lying header is refused)."""
    with archive.open(info) as fh:
        data = fh.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise ImportFailed(f"{info.filename}: size differs from the archive's header")
    return data


def _unpack(data: bytes, staging: Path, fallback: Path) -> None:
    """Write the archive's data files into `staging`, the others from `fallback`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFailed("not a ZIP archive of accreditation data files") from exc
    with archive:
        members = _checked_members(archive)
        try:
            for name in REQUIRED_FILES:
                target = inside(staging, name)
                if name in members:
                    target.write_bytes(_read(archive, members[name]))
                else:
                    shutil.copyfile(fallback / name, target)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            if (
                isinstance(exc, FileNotFoundError)
                and exc.filename
                and str(fallback) in str(exc.filename)
            ):
                raise ImportFailed(f"the data in force lacks {Path(exc.filename).name}") from exc
            raise ImportFailed(f"the archive could not be read ({type(exc).__name__})") from exc


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
    tmp = inside(imported_dir, f".{CURRENT}.{uuid.uuid4().hex}")
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, inside(imported_dir, CURRENT))


def _topmost_missing(path: Path) -> Path | None:
    """The highest directory of `path` that does not exist yet (what an import would create)."""
    missing = None
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def import_data(data: bytes, *, imported_dir: Path, active_dir: Path) -> ImportReport:
    """Validate `data` and make it the data in force; raise ImportFailed and change nothing if bad."""
    versions = imported_dir / "versions"
    created = _topmost_missing(versions)
    versions.mkdir(parents=True, exist_ok=True)
    staging = inside(versions, f".staging-{uuid.uuid4().hex}")
    staging.mkdir()
    done = False
    try:
        _unpack(data, staging, active_dir)
        new = read_registry(staging)
        old = read_registry(active_dir)
        final = inside(
            versions, f"{check_version(new.version)}-{hashlib.sha256(data).hexdigest()[:12]}"
        )
        if final.exists():
            shutil.rmtree(staging)
        else:
            os.rename(staging, final)
        _make_current(imported_dir, final.name)
        done = True
    except RegistryDataError as exc:
        raise ImportFailed(f"invalid data: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if not done and created is not None:  # leave no trace of a refused import
            shutil.rmtree(created, ignore_errors=True)
    added, removed, changed = diff(old, new)
    return ImportReport(new.version, final, added, removed, changed)
