"""The registry in force for the service and the CLI: the data files plus the reviewers'
recorded checks from the database (CONTRACT.md §4, §7)."""

from sqlalchemy.orm import Session, sessionmaker

from app.accreditation.verifications import DbReviewedSource
from app.adapters.reference.loader import RegistryStore, builtin_data_dir
from app.platform.settings import Settings


def registry_store(settings: Settings, sessions: sessionmaker[Session] | None) -> RegistryStore:
    """A store over the data in force; with `sessions`, reviewers' checks are attached."""
    return RegistryStore(
        settings.accreditation_data_dir or builtin_data_dir(),
        settings.data_dir / "accreditation",
        reviewed=DbReviewedSource(sessions) if sessions is not None else None,
        review_max_age_days=settings.accreditation_verification_max_age_days,
    )
