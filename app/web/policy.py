"""Who may see which page and do which action: exactly the API's role requirements.

Every UI page or action names the API route it mirrors (`"POST", "/api/v1/vendors"`); the
roles it admits are read from that route's `require(...)` dependency, so the UI can never
drift from the API's access policy (tests/web/test_policy.py walks every UI route).
"""

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts

from app.platform.auth import Principal, Role

RouteKey = tuple[str, str]


def _required_roles(dependant: Dependant) -> Iterator[frozenset[Role]]:
    for dep in dependant.dependencies:
        roles = getattr(dep.call, "required_roles", None)
        if roles is not None:
            yield frozenset(roles)
        yield from _required_roles(dep)


def api_policy(app: FastAPI) -> dict[RouteKey, frozenset[Role]]:
    """(method, path) -> the roles admitted, for every API route that requires roles."""
    policy: dict[RouteKey, frozenset[Role]] = {}
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if not isinstance(dependant, Dependant) or not (route.path or "").startswith("/api/"):
            continue
        requirements = list(_required_roles(dependant))
        if not requirements:
            continue
        admitted = frozenset.intersection(*requirements)
        for method in route.methods or ():
            policy[(method, str(route.path))] = admitted
    return policy


def policy_of(app: Any) -> dict[RouteKey, frozenset[Role]]:
    """The app's policy, computed once (after every router was included)."""
    cached: dict[RouteKey, frozenset[Role]] | None = getattr(app.state, "web_policy", None)
    if cached is None:
        cached = api_policy(app)
        app.state.web_policy = cached
    return cached


def allows(app: Any, principal: Principal, method: str, path: str) -> bool:
    """Would the API let `principal` call `method path`? (A route missing is a bug: KeyError.)"""
    return bool(policy_of(app)[(method, path)] & principal.roles)
