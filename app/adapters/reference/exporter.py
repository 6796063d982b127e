"""Exporting the reviewers' recorded checks in the import ZIP layout (`assay accreditation
export`), so one team's checks can be shared: importing the file elsewhere loads them as
`verified` records (who, when, where), next to the data they were made against.

The archive holds `VERSION` ("<data version>+reviewed.<date>"), `certification_bodies.csv` and
`accreditations.csv`: the data in force with every check still in force on the export date
applied (a CB the data did not know becomes a record of its own). The other files are taken
from the importer's data in force, as for any import.
"""

import csv
import io
import zipfile
from datetime import date

from app.adapters.reference.loader import check_version
from app.core import CertificationBody, Registry, Source, in_force

CB_COLUMNS = ("id", "name", "aliases", "group", "country", "provenance", "source", "source_date",
              "register", "verified_on", "checked_by", "notes")  # fmt: skip
ACC_COLUMNS = ("cb_id", "body", "number", "standard", "status", "status_date", "provenance",
               "source", "source_date", "register", "verified_on", "checked_by", "notes")  # fmt: skip
README = (
    "Accreditation records exported by Assay ({version}), in the import layout of "
    "accreditation_data/. Rows with provenance 'verified' were read in the register named in "
    "'register' on 'verified_on' by 'checked_by'. Import with `assay accreditation import` or "
    "POST /api/v1/accreditation/import.\n"
)


def _source(src: Source) -> dict[str, str]:
    return {
        "provenance": src.provenance.value, "source": src.source, "source_date": src.source_date or "",
        "register": src.register or "", "verified_on": src.verified_on.isoformat() if src.verified_on else "",
        "checked_by": src.checked_by or "",
    }  # fmt: skip


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cb_row(cb: CertificationBody) -> dict[str, str]:
    return {
        "id": cb.id, "name": cb.name, "aliases": "; ".join(cb.aliases), "group": cb.group or "",
        "country": cb.country or "", "notes": cb.notes, **_source(cb.source),
    }  # fmt: skip


def export_version(registry: Registry, as_of: date) -> str:
    suffix = f"+reviewed.{as_of:%Y%m%d}"
    return check_version(registry.version[: 80 - len(suffix)] + suffix)


def export_zip(registry: Registry, *, as_of: date) -> bytes:
    """The ZIP described above, for the checks in force on `as_of`."""
    merged = in_force(registry, as_of)
    version = export_version(registry, as_of)
    accreditations = [
        {
            "cb_id": cb.id, "body": a.body, "number": a.number or "", "standard": a.standard,
            "status": a.status.value, "status_date": a.status_date.isoformat() if a.status_date else "",
            "notes": a.notes, **_source(a.source),
        }
        for cb in merged.certification_bodies
        for a in cb.accreditations
    ]  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("VERSION", version + "\n")
        zf.writestr(
            "certification_bodies.csv",
            _csv(CB_COLUMNS, [_cb_row(c) for c in merged.certification_bodies]),
        )
        zf.writestr("accreditations.csv", _csv(ACC_COLUMNS, accreditations))
        zf.writestr("README.txt", README.format(version=version))
    return buf.getvalue()
