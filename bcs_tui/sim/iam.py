"""The IAM password login (``POST /v3/auth/tokens``) as far as the dashboard uses it."""

import hmac
from dataclasses import dataclass
from typing import Any

from bcs_tui.base.timefmt import ns_to_datetime


@dataclass(frozen=True)
class IamAccount:
    user: str
    password: str
    domain: str
    project_id: str


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
    """All four must match; every comparison runs, so timing does not tell which failed."""
    checks = [
        hmac.compare_digest(login.user.encode(), account.user.encode()),
        hmac.compare_digest(login.password.encode(), account.password.encode()),
        hmac.compare_digest(login.domain.encode(), account.domain.encode()),
        hmac.compare_digest(login.project_id.encode(), account.project_id.encode()),
    ]
    return all(checks)


def iam_timestamp(ns: int) -> str:
    """IAM's wire format, microseconds and ``Z``: ``2026-11-29T08:00:00.000000Z``."""
    return ns_to_datetime(ns).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token_body(account: IamAccount, issued_ns: int, expires_ns: int, domain_id: str) -> Any:
    """The (abridged) body of a 201 login answer."""
    domain = {"name": account.domain, "id": domain_id}
    return {
        "token": {
            "expires_at": iam_timestamp(expires_ns),
            "issued_at": iam_timestamp(issued_ns),
            "methods": ["password"],
            "project": {"id": account.project_id, "name": "sim-region", "domain": domain},
            "user": {"name": account.user, "id": "sim-user-id", "domain": domain},
            "catalog": [],
            "roles": [{"name": "te_admin", "id": "0"}],
        }
    }


def login_error_body(message: str) -> Any:
    """IAM's error shape, which differs from the BCS one."""
    return {"error": {"code": 401, "message": message, "title": "Unauthorized"}}
