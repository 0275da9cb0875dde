"""From resolved settings to a ready client: the one place that picks the auth class."""

from bcs_tui.api.auth import AkSkAuth, IamPasswordAuth, RequestAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import ConfigError
from bcs_tui.config import Credentials, Settings, SourceSettings

DEFAULT_TIMEOUT_S = 15.0


class SharedLogins:
    """One password-login auth per IAM login, so its token is fetched once and shared.

    An IAM token is bound to one project: sources in the same project with the same IAM
    endpoint, user and account share one login (and its cached token); another project gets a
    login of its own. The password is part of the key, so two profiles naming the same user
    with different passwords never borrow each other's token. Nothing secret is shown: the
    keys hold the password as ``SecretStr``, and the repr only counts the logins."""

    def __init__(self) -> None:
        self._auths: dict[tuple[object, ...], IamPasswordAuth] = {}

    def __repr__(self) -> str:
        return f"SharedLogins(logins={len(self._auths)})"

    def __len__(self) -> int:
        return len(self._auths)

    def auth_for(
        self, credentials: Credentials, project_id: str, *, allow_http: bool
    ) -> IamPasswordAuth:
        iam_endpoint, user = credentials.iam_endpoint, credentials.iam_user
        domain, password = credentials.iam_domain, credentials.password
        if not (iam_endpoint and user and domain and password):
            raise ConfigError("incomplete credentials for authentication mode 'password'")
        key = (iam_endpoint, user, domain, project_id, password, allow_http)
        auth = self._auths.get(key)
        if auth is None:
            auth = IamPasswordAuth(
                iam_endpoint,
                user,
                password.get_secret_value(),
                domain,
                project_id,
                allow_http=allow_http,
            )
            self._auths[key] = auth
        return auth


PROCESS_LOGINS = SharedLogins()
"""The logins of this process: every client built here shares them unless given others.
A process serves one event loop (the dashboard's, or one ``asyncio.run`` of a command)."""


def build_auth(
    credentials: Credentials,
    project_id: str,
    *,
    allow_http: bool = False,
    logins: SharedLogins = PROCESS_LOGINS,
) -> RequestAuth:
    if credentials.mode == "aksk" and credentials.ak and credentials.sk:
        token = credentials.security_token
        return AkSkAuth(
            credentials.ak,
            credentials.sk.get_secret_value(),
            project_id,
            security_token=token.get_secret_value() if token else None,
        )
    if credentials.mode == "token" and credentials.token:
        return TokenAuth(credentials.token.get_secret_value())
    if credentials.mode == "password":
        return logins.auth_for(credentials, project_id, allow_http=allow_http)
    raise ConfigError(f"incomplete credentials for authentication mode {credentials.mode!r}")


def build_client(settings: Settings, *, timeout_s: float | None = None) -> BcsClient:
    """The client of the first source (the only one for a profile without ``sources``)."""
    return build_source_client(settings.all_sources()[0], settings, timeout_s=timeout_s)


def build_source_client(
    source: SourceSettings,
    settings: Settings,
    *,
    timeout_s: float | None = None,
    logins: SharedLogins = PROCESS_LOGINS,
) -> BcsClient:
    """A client for one source: its endpoint, project and credentials; TLS and the
    plain-HTTP allowance are the profile's. Password logins are shared through ``logins``."""
    auth = build_auth(
        source.credentials, source.project_id, allow_http=settings.allow_http, logins=logins
    )
    return BcsClient(
        endpoint=source.endpoint,
        project_id=source.project_id,
        auth=auth,
        timeout_s=timeout_s if timeout_s is not None else DEFAULT_TIMEOUT_S,
        verify=settings.verify,
    )
