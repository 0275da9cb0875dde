"""IAM as far as the dashboard uses it: the password login (``POST /v3/auth/tokens``) and
the project listings discovery reads (``GET /v3/auth/projects``, ``GET /v3/projects``)."""

import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bcs_tui.base.timefmt import ns_to_datetime
from bcs_tui.sim.fleet import region_of


@dataclass(frozen=True)
class IamAccount:
    user: str
    password: str
    domain: str
    project_ids: tuple[str, ...]
    """The projects a login may be scoped to."""


@dataclass(frozen=True)
class IamProjectEntry:
    """One project as IAM lists it."""

    project_id: str
    name: str
    enabled: bool
    parent_id: str


@dataclass(frozen=True)
class PasswordLogin:
    user: str
    password: str
    domain: str
    project_id: str


def parse_password_login(payload: Any) -> PasswordLogin | None:
    """The fields of a password-login body; ``None`` when the body does not have that shape."""
    try:
        identity = payload["auth"]["identity"]
        user = identity["password"]["user"]
        login = PasswordLogin(
            user=user["name"],
            password=user["password"],
            domain=user["domain"]["name"],
            project_id=payload["auth"]["scope"]["project"]["id"],
        )
        methods = identity["methods"]
    except (KeyError, TypeError):
        return None
    fields = (login.user, login.password, login.domain, login.project_id)
    if not isinstance(methods, list) or "password" not in methods:
        return None
    if not all(isinstance(field, str) for field in fields):
        return None
    return login


def is_accepted(login: PasswordLogin, account: IamAccount) -> bool:
    """User, password, domain and one of the projects must match; every comparison runs, so
    timing does not tell which failed."""
    checks = [
        hmac.compare_digest(login.user.encode(), account.user.encode()),
        hmac.compare_digest(login.password.encode(), account.password.encode()),
        hmac.compare_digest(login.domain.encode(), account.domain.encode()),
    ]
    projects = [
        hmac.compare_digest(login.project_id.encode(), project_id.encode())
        for project_id in account.project_ids
    ]
    return all(checks) and any(projects)


def iam_timestamp(ns: int) -> str:
    """IAM's wire format, microseconds and ``Z``: ``2026-11-29T08:00:00.000000Z``."""
    return ns_to_datetime(ns).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token_body(
    account: IamAccount, project: IamProjectEntry, issued_ns: int, expires_ns: int, domain_id: str
) -> Any:
    """The (abridged) body of a 201 login answer scoped to ``project``."""
    domain = {"name": account.domain, "id": domain_id}
    return {
        "token": {
            "expires_at": iam_timestamp(expires_ns),
            "issued_at": iam_timestamp(issued_ns),
            "methods": ["password"],
            "project": {"id": project.project_id, "name": project.name, "domain": domain},
            "user": {"name": account.user, "id": "sim-user-id", "domain": domain},
            "catalog": [],
            "roles": [{"name": "te_admin", "id": "0"}],
        }
    }


def login_error_body(message: str) -> Any:
    """IAM's error shape, which differs from the BCS one."""
    return {"error": {"code": 401, "message": message, "title": "Unauthorized"}}


def project_entries(
    projects: Iterable[tuple[str, str, bool]], domain_id: str
) -> tuple[IamProjectEntry, ...]:
    """(ID, name, enabled) of each project as IAM lists it: a region project's parent is the
    account (domain); a sub-project's is its region's project when there is one."""
    listed = tuple(projects)
    by_name: Mapping[str, str] = {name: project_id for project_id, name, _ in listed}
    entries = []
    for project_id, name, enabled in listed:
        region = region_of(name)
        parent = by_name.get(region, domain_id) if region != name else domain_id
        entries.append(IamProjectEntry(project_id, name, enabled, parent))
    return tuple(entries)


def projects_body(
    entries: Iterable[IamProjectEntry], domain_id: str, self_url: str
) -> dict[str, Any]:
    """The body of ``GET /v3/auth/projects`` and ``GET /v3/projects``."""
    projects = [
        {
            "id": entry.project_id,
            "name": entry.name,
            "enabled": entry.enabled,
            "domain_id": domain_id,
            "parent_id": entry.parent_id,
            "is_domain": False,
            "description": "",
            "links": {"self": f"{self_url}/{entry.project_id}"},
        }
        for entry in entries
    ]
    return {"projects": projects, "links": {"self": self_url, "previous": None, "next": None}}


def select_projects(
    entries: Iterable[IamProjectEntry], query: Mapping[str, str]
) -> list[IamProjectEntry]:
    """``GET /v3/projects``' filters, each an exact match: ``name``, ``parent_id``,
    ``enabled`` (``true`` / ``false``)."""
    chosen = []
    for entry in entries:
        if "name" in query and entry.name != query["name"]:
            continue
        if "parent_id" in query and entry.parent_id != query["parent_id"]:
            continue
        if "enabled" in query and str(entry.enabled).lower() != query["enabled"].lower():
            continue
        chosen.append(entry)
    return chosen
