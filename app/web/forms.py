"""Form fields <-> API schemas: the UI validates through the same pydantic models as the API."""

from typing import Annotated, Any

from fastapi import Form
from pydantic import BaseModel, ValidationError

from app.core import Criticality, Framework

CRITICALITIES = [c.value for c in Criticality]
FRAMEWORKS = [f.value for f in Framework]
DATA_CATEGORIES = [
    "personal", "health", "payment", "financial", "criminal_justice", "biometric",
    "children", "government", "confidential",
]  # fmt: skip


def lines(text: str) -> list[str]:
    """One value per line (or comma-separated), blanks dropped, order and case kept."""
    values = [v.strip() for chunk in text.splitlines() for v in chunk.split(",")]
    return list(dict.fromkeys(v for v in values if v))


class ProfileForm(BaseModel):
    """The vendor profile as the form posts it (lists as text, one item a line)."""

    name: str
    legal_names: str = ""
    products: str = ""
    ai_vendor: bool = False
    data_categories: list[str] = []
    other_data_categories: str = ""
    required_frameworks: list[str] = []
    criticality: str = "medium"

    def to_api(self) -> dict[str, Any]:
        return {
            "name": self.name.strip(),
            "legal_names": lines(self.legal_names),
            "products": lines(self.products),
            "ai_vendor": self.ai_vendor,
            "data_categories": list(
                dict.fromkeys([*self.data_categories, *lines(self.other_data_categories)])
            ),
            "required_frameworks": self.required_frameworks,
            "criticality": self.criticality,
        }


def profile_form(
    name: Annotated[str, Form(max_length=300)],
    legal_names: Annotated[str, Form(max_length=20_000)] = "",
    products: Annotated[str, Form(max_length=20_000)] = "",
    ai_vendor: Annotated[bool, Form()] = False,
    data_categories: Annotated[list[str] | None, Form()] = None,
    other_data_categories: Annotated[str, Form(max_length=5_000)] = "",
    required_frameworks: Annotated[list[str] | None, Form()] = None,
    criticality: Annotated[str, Form(max_length=20)] = "medium",
) -> ProfileForm:
    return ProfileForm(
        name=name, legal_names=legal_names, products=products, ai_vendor=ai_vendor,
        data_categories=data_categories or [], other_data_categories=other_data_categories,
        required_frameworks=required_frameworks or [], criticality=criticality,
    )  # fmt: skip


def explain(exc: ValidationError) -> str:
    """A validation error in plain words: `field: message` for each problem."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ())) or "form"
        parts.append(f"{where.replace('_', ' ')}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def parse_as(model: type[BaseModel], data: dict[str, Any]) -> tuple[Any, str | None]:
    """(model instance, None) or (None, the problems in plain words)."""
    try:
        return model.model_validate(data), None
    except ValidationError as exc:
        return None, explain(exc)
