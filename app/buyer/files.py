"""A buyer profile from a JSON file (`assay assess --buyer`, `ASSAY_BUYER_PROFILE_PATH`).

Kept apart from the service so the offline command loads no database code.
"""

import json
from pathlib import Path

from pydantic import ValidationError

from app.core import BuyerProfile


class BuyerFileError(ValueError):
    """A buyer profile file that cannot be read or is not a valid profile."""


def read_buyer_file(path: Path) -> BuyerProfile:
    """The buyer profile in `path` (CONTRACT §3 shape); BuyerFileError says what is wrong."""
    try:
        return BuyerProfile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise BuyerFileError(f"cannot read buyer profile {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        raise BuyerFileError(f"bad buyer profile {path}: {str(exc).splitlines()[0]}") from None
