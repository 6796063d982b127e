"""Vendor use cases: create, get, update, archive (the list is `reads.page_json`). Sessions in, ORM objects out."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.audit import service as audit_service
from app.core import VendorProfile
from app.platform.auth import Principal
from app.platform.errors import VendorNotFound
from app.platform.models import Vendor
from app.vendors.schemas import VendorCreate, VendorUpdate


def create_vendor(session: Session, *, data: VendorCreate, actor: Principal) -> Vendor:
    now = datetime.now(UTC)
    vendor = Vendor(**data.model_dump(mode="json"), created_at=now, updated_at=now)
    session.add(vendor)
    session.flush()
    audit_service.record(
        session,
        actor=actor,
        action="vendor.created",
        object_type="vendor",
        object_id=vendor.id,
        detail={"name": vendor.name},
    )
    return vendor


def get_vendor(session: Session, *, vendor_id: uuid.UUID) -> Vendor:
    """The vendor, archived or not (404 if it never existed)."""
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise VendorNotFound(f"No vendor with id {vendor_id}")
    return vendor


def update_vendor(
    session: Session, *, vendor_id: uuid.UUID, data: VendorUpdate, actor: Principal
) -> Vendor:
    vendor = get_vendor(session, vendor_id=vendor_id)
    changes = data.model_dump(mode="json", exclude_unset=True)
    for field, value in changes.items():
        setattr(vendor, field, value)
    vendor.updated_at = datetime.now(UTC)
    audit_service.record(
        session,
        actor=actor,
        action="vendor.updated",
        object_type="vendor",
        object_id=vendor.id,
        detail={"changed": sorted(changes)},
    )
    return vendor


def archive_vendor(session: Session, *, vendor_id: uuid.UUID, actor: Principal) -> Vendor:
    """Soft-delete: the vendor leaves lists and re-checks; its documents are kept."""
    vendor = get_vendor(session, vendor_id=vendor_id)
    if vendor.archived_at is None:
        vendor.archived_at = datetime.now(UTC)
        audit_service.record(
            session,
            actor=actor,
            action="vendor.archived",
            object_type="vendor",
            object_id=vendor.id,
        )
    return vendor


def vendor_profile(vendor: Vendor) -> VendorProfile:
    """The core profile of a stored vendor."""
    return VendorProfile(
        name=vendor.name,
        legal_names=vendor.legal_names,
        products=vendor.products,
        ai_vendor=vendor.ai_vendor,
        data_categories=vendor.data_categories,
        required_frameworks=vendor.required_frameworks,
        criticality=vendor.criticality,
    )
