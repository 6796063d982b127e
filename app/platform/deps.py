"""Annotated dependencies for things with a lifetime, built in the app lifespan."""

from typing import TYPE_CHECKING, Annotated

import httpx
from fastapi import Depends, Request

from app.platform.settings import Settings

if TYPE_CHECKING:
    from app.core import Registry, RiskModel


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_registry(request: Request) -> "Registry":
    """The accreditation registry in force (reloaded after an import swapped the data)."""
    registry: Registry = request.app.state.registry_store.current()
    return registry


def get_http_client(request: Request) -> httpx.Client:
    client: httpx.Client = request.app.state.http_client
    return client


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RegistryDep = Annotated["Registry", Depends(get_registry)]
HttpClientDep = Annotated[httpx.Client, Depends(get_http_client)]


def get_risk_model(request: Request) -> "RiskModel":
    model: RiskModel = request.app.state.risk_model
    return model


RiskModelDep = Annotated["RiskModel", Depends(get_risk_model)]
