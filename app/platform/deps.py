"""Annotated dependencies for things with a lifetime, all read from the typed `AppState`."""

from typing import Annotated

import httpx
from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.blobs import BlobStore
from app.core import Registry, RiskModel
from app.platform.settings import Settings
from app.platform.state import AppState, Jobs, get_state

StateDep = Annotated[AppState, Depends(get_state)]


def get_settings_dep(state: StateDep) -> Settings:
    return state.settings


def get_registry(state: StateDep) -> Registry:
    """The accreditation registry in force (reloaded after an import swapped the data)."""
    return state.registry_store.current()


def get_http_client(state: StateDep) -> httpx.Client:
    return state.http


def get_risk_model(state: StateDep) -> RiskModel:
    return state.risk_model


def get_blobs(state: StateDep) -> BlobStore:
    return state.blobs


def get_jobs(state: StateDep) -> Jobs:
    """The wake-up API: call it after the request's transaction committed."""
    return state.jobs


def get_sessions(request: Request) -> sessionmaker[Session]:
    return get_state(request).sessions


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
HttpClientDep = Annotated[httpx.Client, Depends(get_http_client)]
RiskModelDep = Annotated[RiskModel, Depends(get_risk_model)]
BlobStoreDep = Annotated[BlobStore, Depends(get_blobs)]
JobsDep = Annotated[Jobs, Depends(get_jobs)]
SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessions)]
