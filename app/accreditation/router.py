"""HTTP API of the accreditation reference data (CONTRACT.md §6, §7): look-up, listing,
import, reviewers' recorded checks and optional IAF CertSearch look-ups."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, UploadFile, status

from app.accreditation import certsearch, schemas, service, verifications
from app.accreditation.errors import ImportFailed
from app.adapters.reference import importer
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.deps import RegistryDep, SettingsDep
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.platform.state import AppState, get_state
from app.rechecks.runner import run_after_import

router = APIRouter(prefix="/accreditation", tags=["accreditation"])
_READERS = Depends(require(Role.reviewer, Role.procurement, Role.admin))
Reviewer = Annotated[Principal, Depends(require(Role.reviewer, Role.admin))]


def _today() -> Any:
    return datetime.now(UTC).date()


@router.get(
    "/lookup",
    response_model=schemas.LookupRead,
    dependencies=[_READERS],
    responses=problem_responses(400),  # invalid-standard
)
def lookup_certification_body(
    registry: RegistryDep,
    name: Annotated[str, Query(min_length=1, max_length=300)],
    standard: Annotated[
        str, Query(json_schema_extra={"enum": ["27001", "42001", "27701"]})
    ] = "27001",
) -> schemas.LookupRead:
    """Match a CB name as printed on a certificate and say whether it is accredited (with the
    reviewers' recorded checks in force today)."""
    return service.lookup_body(registry, name=name, standard=standard, as_of=_today())


@router.get("/bodies", response_model=schemas.BodiesRead, dependencies=[_READERS])
def list_bodies(registry: RegistryDep) -> schemas.BodiesRead:
    """Every accreditation body, look-alike and certification body in the data in force."""
    return service.list_bodies(registry)


def _recheck_after_change(state: AppState) -> None:
    """After the data or a recorded check changed (runs after the response): re-read the
    checks, then re-check the vendors so the affected ones get a new assessment and event."""
    state.registry_store.invalidate()
    run_after_import(state)


@router.post(
    "/import",
    response_model=schemas.ImportRead,
    dependencies=[Depends(require(Role.admin))],
    responses=problem_responses(401, 403, 422),
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
    background.add_task(_recheck_after_change, get_state(request))
    return schemas.ImportRead(
        reference_data=report.version, added=list(report.added), removed=list(report.removed),
        changed=list(report.changed),
    )  # fmt: skip


@router.post(
    "/verifications",
    response_model=schemas.VerificationRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 422),
)
def create_verification(
    body: schemas.VerificationCreate,
    request: Request,
    session: SessionDep,
    registry: RegistryDep,
    settings: SettingsDep,
    principal: Reviewer,
    background: BackgroundTasks,
) -> schemas.VerificationRead:
    """Record a check of a CB in an AB's register: audited, used by every later assessment as
    `verified` until it ages out, and followed by a re-check of the vendors."""
    row = verifications.create_verification(
        session, data=body, actor=principal, registry=registry, today=_today(),
        now=datetime.now(UTC),
    )  # fmt: skip
    background.add_task(_recheck_after_change, get_state(request))
    age = settings.accreditation_verification_max_age_days
    return verifications.read_model(row, registry=registry, max_age_days=age)


@router.get(
    "/verifications",
    response_model=Page[schemas.VerificationRead],
    responses=problem_responses(401, 403, 422),
)
def list_verifications(
    session: SessionDep,
    registry: RegistryDep,
    settings: SettingsDep,
    _: Reviewer,
    limit: Limit = 50,
    offset: Offset = 0,
    certification_body: Annotated[str | None, Query(max_length=300)] = None,
) -> Page[schemas.VerificationRead]:
    """Recorded checks, newest first (optionally those of one certification body)."""
    rows, total = verifications.list_verifications(
        session, limit=limit, offset=offset, certification_body=certification_body
    )
    age = settings.accreditation_verification_max_age_days
    items = [verifications.read_model(r, registry=registry, max_age_days=age) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/certsearch",
    response_model=schemas.CertSearchRunRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 409),
)
def run_certsearch(
    request: Request, _: Reviewer, background: BackgroundTasks
) -> schemas.CertSearchRunRead:
    """Look the certificates whose accreditation is not verified up in IAF CertSearch, in the
    background (409 without `ASSAY_IAF_CERTSEARCH_API_KEY`); hits become recorded checks."""
    certsearch.require_configured(get_state(request).settings)
    background.add_task(certsearch.run_in_background, get_state(request))
    return schemas.CertSearchRunRead(
        enabled=True, looked_up=0, cached=0, hits=0, misses=0, skipped=[], stopped="started"
    )
