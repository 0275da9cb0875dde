"""``connect.SharedLogins``: one password login per (IAM endpoint, user, account, project),
never a secret in its repr. (Against the real simulator: tests/test_cli_fleet.py counts the
logins the program makes.)"""

from dataclasses import replace

from pydantic import SecretStr

from bcs_tui.config import Credentials
from bcs_tui.connect import SharedLogins, build_auth

PASSWORD = "pw-shared-logins-probe-Vb61"
LOGIN = Credentials(
    mode="password",
    iam_endpoint="https://iam.cn-north-4.myhuaweicloud.com",
    iam_user="operator",
    iam_domain="acme",
    password=SecretStr(PASSWORD),
)


def test_one_login_per_project_and_account() -> None:
    logins = SharedLogins()
    first = build_auth(LOGIN, "p1", logins=logins)
    assert build_auth(replace(LOGIN), "p1", logins=logins) is first
    others = [
        build_auth(LOGIN, "p2", logins=logins),
        build_auth(replace(LOGIN, iam_user="auditor"), "p1", logins=logins),
        build_auth(replace(LOGIN, iam_domain="other"), "p1", logins=logins),
        build_auth(replace(LOGIN, iam_endpoint="https://iam.example.com"), "p1", logins=logins),
        build_auth(replace(LOGIN, password=SecretStr("another-password")), "p1", logins=logins),
    ]
    assert len({id(auth) for auth in [first, *others]}) == 6
    assert len(logins) == 6


def test_a_fresh_registry_shares_nothing_and_shows_no_secret() -> None:
    logins = SharedLogins()
    build_auth(LOGIN, "p1", logins=logins)
    assert build_auth(LOGIN, "p1", logins=SharedLogins()) is not build_auth(
        LOGIN, "p1", logins=logins
    )
    assert PASSWORD not in repr(logins) and repr(logins) == "SharedLogins(logins=1)"
