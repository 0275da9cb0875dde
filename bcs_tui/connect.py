"""From resolved settings to a ready client: the one place that picks the auth class."""

from bcs_tui.api.auth import AkSkAuth, IamPasswordAuth, RequestAuth, TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import ConfigError
from bcs_tui.config import Credentials, Settings, SourceSettings

DEFAULT_TIMEOUT_S = 15.0


def build_auth(
    credentials: Credentials, project_id: str, *, allow_http: bool = False
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
    if (
        credentials.mode == "password"
        and credentials.iam_endpoint
        and credentials.iam_user
        and credentials.iam_domain
        and credentials.password
    ):
        return IamPasswordAuth(
            credentials.iam_endpoint,
            credentials.iam_user,
            credentials.password.get_secret_value(),
            credentials.iam_domain,
            project_id,
            allow_http=allow_http,
        )
    raise ConfigError(f"incomplete credentials for authentication mode {credentials.mode!r}")


def build_client(settings: Settings, *, timeout_s: float | None = None) -> BcsClient:
    """The client of the first source (the only one for a profile without ``sources``)."""
    return build_source_client(settings.all_sources()[0], settings, timeout_s=timeout_s)


def build_source_client(
    source: SourceSettings, settings: Settings, *, timeout_s: float | None = None
) -> BcsClient:
    """A client for one source: its endpoint, project and credentials; TLS and the
    plain-HTTP allowance are the profile's."""
    return BcsClient(
        endpoint=source.endpoint,
        project_id=source.project_id,
        auth=build_auth(source.credentials, source.project_id, allow_http=settings.allow_http),
        timeout_s=timeout_s if timeout_s is not None else DEFAULT_TIMEOUT_S,
        verify=settings.verify,
    )
