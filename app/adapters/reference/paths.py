"""Where the reference data in force lives: the repository's `accreditation_data/`, the
directory settings name, or the copy an import made current (see `loader`).

Light on purpose (settings and the standard library only): `assay assess` finds the data
directory, which its parse workers need, before it imports the registry's reader.
"""

import re
from pathlib import Path

import app

CURRENT = "CURRENT"


class RegistryDataError(ValueError):
    """The reference data is malformed; the message names the file and line."""


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
