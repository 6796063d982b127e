"""HTTP API of the accreditation reference data (CONTRACT.md §6, §7)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, UploadFile

from app.accreditation import schemas, service
from app.accreditation.errors import ImportFailed
from app.adapters.reference import importer
from app.platform.auth import Role, require
from app.platform.deps import RegistryDep
from app.platform.state import get_state
from app.rechecks.runner import run_after_import

router = APIRouter(prefix="/accreditation", tags=["accreditation"])
_READERS = Depends(require(Role.reviewer, Role.procurement, Role.admin))


@router.get("/lookup", response_model=schemas.LookupRead, dependencies=[_READERS])
def lookup_certification_body(
    registry: RegistryDep,
    name: Annotated[str, Query(min_length=1, max_length=300)],
    standard: str = "27001",
) -> schemas.LookupRead:
    """Match a CB name as printed on a certificate and say whether it is accredited."""
    return service.lookup_body(registry, name=name, standard=standard)


@router.get("/bodies", response_model=schemas.BodiesRead, dependencies=[_READERS])
def list_bodies(registry: RegistryDep) -> schemas.BodiesRead:
    """Every accreditation body, look-alike and certification body in the data in force."""
    return service.list_bodies(registry)


@router.post(
    "/import",
    response_model=schemas.ImportRead,
    dependencies=[Depends(require(Role.admin))],
)
def import_reference_data(
    request: Request, file: UploadFile, background: BackgroundTasks
) -> schemas.ImportRead:
    """Replace the reference data with a validated ZIP (see accreditation_data/README.md).
    A re-check follows in the background, so vendors whose certification body changed
    status get a new assessment and an `accreditation.changed` event at once."""
    store = get_state(request).registry_store
    data = file.file.read(importer.MAX_BYTES + 1)
    if len(data) > importer.MAX_BYTES:
        raise ImportFailed(f"larger than {importer.MAX_BYTES} bytes")
    report = importer.import_data(
        data, imported_dir=store.imported_dir, active_dir=store.active_dir()
    )
    background.add_task(run_after_import, get_state(request))
    return schemas.ImportRead(
        reference_data=report.version, added=list(report.added), removed=list(report.removed),
        changed=list(report.changed),
    )  # fmt: skip
