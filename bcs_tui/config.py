"""One ``Settings`` object, resolved as flags > environment > SDK credentials file > our config.

Where each value may come from:
- flags (``--region`` ...), passed in as a ``FlagValues``;
- environment: the official SDKs' ``HUAWEICLOUD_SDK_*`` names, plus ``BCS_TUI_*`` ones;
- the SDKs' INI credentials file (``~/.huaweicloud/credentials``, section ``[basic]``);
- our TOML file (``<user config dir>/bcs-tui/config.toml``) with named profiles.

Secrets are held as ``pydantic.SecretStr`` so no repr, log line or message can show them.
"""

import configparser
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from bcs_tui.api.endpoints import check_endpoint, iam_endpoint_for_region, region_endpoint
from bcs_tui.api.errors import ConfigError

AuthMode = Literal["aksk", "token", "password"]
SECRET_PROFILE_KEYS = ("sk", "security_token", "token", "password")
DEFAULT_INTERVAL_S = 5.0
MIN_INTERVAL_S = 0.5
MAX_INTERVAL_S = 3600.0


class Profile(BaseModel):
    """One ``[profiles.NAME]`` table of our config file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    auth: AuthMode | None = None
    interval: float | None = Field(default=None, ge=MIN_INTERVAL_S, le=MAX_INTERVAL_S)
    iam_endpoint: str | None = None
    iam_user: str | None = None
    iam_domain: str | None = None
    ak: str | None = None
    sk: SecretStr | None = None
    security_token: SecretStr | None = None
    token: SecretStr | None = None
    password: SecretStr | None = None
    ca_bundle: str | None = None


class ConfigFile(BaseModel):
    """The whole TOML file: a default profile name, profiles, and key remapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_profile: str | None = None
    profiles: dict[str, Profile] = {}
    keys: dict[str, str] = {}


@dataclass(frozen=True)
class FlagValues:
    """What the command line said; ``None`` means "not given"."""

    profile: str | None = None
    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    interval: float | None = None
    config_path: Path | None = None
    ca_bundle: str | None = None
    insecure: bool = False
    allow_http: bool = False


@dataclass(frozen=True)
class Credentials:
    mode: AuthMode
    ak: str | None = None
    sk: SecretStr | None = None
    security_token: SecretStr | None = None
    token: SecretStr | None = None
    iam_endpoint: str | None = None
    iam_user: str | None = None
    iam_domain: str | None = None
    password: SecretStr | None = None


@dataclass(frozen=True)
class Settings:
    profile: str
    region: str | None
    endpoint: str
    project_id: str
    credentials: Credentials
    interval_s: float = DEFAULT_INTERVAL_S
    verify: bool | str = True
    allow_http: bool = False
    keymap: Mapping[str, str] = field(default_factory=dict)


def default_config_path(env: Mapping[str, str]) -> Path:
    if env.get("BCS_TUI_CONFIG"):
        return Path(env["BCS_TUI_CONFIG"]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")) / ".config")
    return Path(base).expanduser() / "bcs-tui" / "config.toml"


def credentials_file_path(env: Mapping[str, str]) -> Path:
    if env.get("HUAWEICLOUD_SDK_CREDENTIALS_FILE"):
        return Path(env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"]).expanduser()
    return Path(env.get("HOME", "~")).expanduser() / ".huaweicloud" / "credentials"


def load_config_file(path: Path) -> ConfigFile:
    """Our TOML file; missing is fine (empty), unreadable, malformed or unsafe is a ConfigError."""
    if not path.exists():
        return ConfigFile()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error.__class__.__name__}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None
    try:
        config = ConfigFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        )
        raise ConfigError(f"config file {path} has errors: {problems}") from None
    _refuse_exposed_secrets(path, config)
    return config


def _refuse_exposed_secrets(path: Path, config: ConfigFile) -> None:
    holders = [
        name
        for name, profile in config.profiles.items()
        if any(getattr(profile, key) is not None for key in SECRET_PROFILE_KEYS)
    ]
    if not holders:
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"refusing config file {path}: profile(s) {', '.join(sorted(holders))} hold secrets "
            f"but the file is readable by others (mode {stat.S_IMODE(mode):o}). "
            f"Run: chmod 600 {path}"
        )


def load_credentials_file(path: Path) -> dict[str, str]:
    """The SDKs' INI file, section ``[basic]``; missing -> empty."""
    if not path.exists():
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error) as error:
        raise ConfigError(
            f"cannot read credentials file {path}: {error.__class__.__name__}"
        ) from None
    if not parser.has_section("basic"):
        return {}
    return {key: value.strip() for key, value in parser.items("basic") if value.strip()}


class _Resolver:
    """Picks each value from the first place that has it and remembers where it looked."""

    def __init__(
        self, flags: FlagValues, env: Mapping[str, str], creds: dict[str, str], profile: Profile
    ) -> None:
        self.flags = flags
        self.env = env
        self.creds = creds
        self.profile = profile

    def env_value(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None

    def pick(self, *candidates: str | None) -> str | None:
        for candidate in candidates:
            if candidate is not None and candidate.strip():
                return candidate.strip()
        return None


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None


def _region_override(env: Mapping[str, str], region: str | None) -> str | None:
    if region is None:
        return None
    name = "HUAWEICLOUD_SDK_REGION_BCS_" + region.upper().replace("-", "_")
    return env.get(name, "").strip() or None


def resolve_settings(
    flags: FlagValues, env: Mapping[str, str] | None = None, *, need_credentials: bool = True
) -> Settings:
    """Build the settings; a ConfigError names what is missing and every place looked."""
    env = os.environ if env is None else env
    config_path = flags.config_path or default_config_path(env)
    config = load_config_file(config_path)
    creds_path = credentials_file_path(env)
    creds = load_credentials_file(creds_path)
    profile_name = (
        flags.profile or env.get("BCS_TUI_PROFILE") or config.default_profile or "default"
    )
    if profile_name not in config.profiles and (flags.profile or env.get("BCS_TUI_PROFILE")):
        known = ", ".join(sorted(config.profiles)) or "none"
        raise ConfigError(
            f"profile {profile_name!r} is not in {config_path} (profiles there: {known})"
        )
    profile = config.profiles.get(profile_name, Profile())
    r = _Resolver(flags, env, creds, profile)

    region = r.pick(flags.region, r.env_value("BCS_TUI_REGION"), profile.region)
    endpoint = r.pick(
        flags.endpoint,
        r.env_value("BCS_TUI_ENDPOINT"),
        _region_override(env, region),
        profile.endpoint,
    )
    if endpoint is None and region is None:
        raise ConfigError(
            "no endpoint: give --region REGION (e.g. cn-north-4) or --endpoint URL. Looked in: "
            "the --region/--endpoint flags, BCS_TUI_REGION and BCS_TUI_ENDPOINT in the "
            f"environment, and profile {profile_name!r} of {config_path}. "
            "Or try the embedded simulator with --demo."
        )
    url = endpoint if endpoint is not None else region_endpoint(region or "")
    url = check_endpoint(url, allow_http=flags.allow_http)

    project_id = r.pick(
        flags.project_id,
        r.env_value("HUAWEICLOUD_SDK_PROJECT_ID"),
        creds.get("project_id"),
        profile.project_id,
    )
    if project_id is None:
        raise ConfigError(
            "no project ID: give --project-id ID. Looked in: the --project-id flag, "
            f"HUAWEICLOUD_SDK_PROJECT_ID in the environment, key project_id of section [basic] "
            f"in the credentials file {creds_path}, and profile {profile_name!r} of "
            f"{config_path}. The project ID is on the console's 'My Credentials' page."
        )

    credentials = _resolve_credentials(r, region, profile_name, config_path, creds_path)
    if not need_credentials and credentials is None:
        credentials = Credentials(mode="token")
    if credentials is None:
        raise ConfigError(
            "no credentials. Looked in: HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (and "
            "HUAWEICLOUD_SDK_SECURITY_TOKEN), BCS_TUI_AUTH_TOKEN, BCS_TUI_IAM_USER / "
            "BCS_TUI_IAM_PASSWORD in the environment; keys ak / sk in section [basic] of "
            f"{creds_path}; and profile {profile_name!r} of {config_path}. "
            "Set an AK/SK pair, an IAM token, or an IAM user and password."
        )

    interval = flags.interval if flags.interval is not None else profile.interval
    verify: bool | str = True
    ca_bundle = r.pick(flags.ca_bundle, profile.ca_bundle)
    if flags.insecure:
        verify = False
    elif ca_bundle is not None:
        if not Path(ca_bundle).expanduser().is_file():
            raise ConfigError(f"CA bundle {ca_bundle} does not exist or is not a file")
        verify = str(Path(ca_bundle).expanduser())
    return Settings(
        profile=profile_name,
        region=region,
        endpoint=url,
        project_id=project_id,
        credentials=credentials,
        interval_s=interval if interval is not None else DEFAULT_INTERVAL_S,
        verify=verify,
        allow_http=flags.allow_http,
        keymap=dict(config.keys),
    )


def _resolve_credentials(
    r: _Resolver, region: str | None, profile_name: str, config_path: Path, creds_path: Path
) -> Credentials | None:
    profile = r.profile
    ak = r.pick(r.env_value("HUAWEICLOUD_SDK_AK"), r.creds.get("ak"), profile.ak)
    sk = r.pick(
        r.env_value("HUAWEICLOUD_SDK_SK"),
        r.creds.get("sk"),
        profile.sk.get_secret_value() if profile.sk else None,
    )
    security_token = r.pick(
        r.env_value("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        r.creds.get("security_token"),
        profile.security_token.get_secret_value() if profile.security_token else None,
    )
    token = r.pick(
        r.env_value("BCS_TUI_AUTH_TOKEN"),
        profile.token.get_secret_value() if profile.token else None,
    )
    user = r.pick(r.env_value("BCS_TUI_IAM_USER"), profile.iam_user)
    password = r.pick(
        r.env_value("BCS_TUI_IAM_PASSWORD"),
        profile.password.get_secret_value() if profile.password else None,
    )
    domain = r.pick(r.env_value("BCS_TUI_IAM_DOMAIN"), profile.iam_domain)
    iam = r.pick(
        r.env_value("HUAWEICLOUD_SDK_IAM_ENDPOINT"),
        r.creds.get("iam_endpoint"),
        profile.iam_endpoint,
    )

    mode: AuthMode | None = profile.auth
    if mode is None:
        if token:
            mode = "token"
        elif ak and sk:
            mode = "aksk"
        elif user and password:
            mode = "password"
        else:
            if ak or sk:
                raise ConfigError(
                    "incomplete AK/SK pair: found only the "
                    + ("AK" if ak else "SK")
                    + " (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK, or ak / sk in "
                    + f"{creds_path} [basic], or profile {profile_name!r})"
                )
            return None
    if mode == "aksk":
        if not (ak and sk):
            raise ConfigError(
                f'profile {profile_name!r} uses auth = "aksk" but no AK and SK were found '
                f"(HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK, {creds_path} [basic], or the profile)"
            )
        return Credentials(
            mode="aksk", ak=ak, sk=_secret(sk), security_token=_secret(security_token)
        )
    if mode == "token":
        if not token:
            raise ConfigError(
                f'profile {profile_name!r} uses auth = "token" but no token was found '
                "(BCS_TUI_AUTH_TOKEN, or token in the profile)"
            )
        return Credentials(mode="token", token=_secret(token))
    if not (user and password and domain):
        missing = [
            n for n, v in (("user", user), ("password", password), ("domain", domain)) if not v
        ]
        raise ConfigError(
            f"IAM password login needs a user, password and account (domain); missing: "
            f"{', '.join(missing)} (BCS_TUI_IAM_USER / BCS_TUI_IAM_PASSWORD / BCS_TUI_IAM_DOMAIN, "
            f"or iam_user / password / iam_domain in profile {profile_name!r} of {config_path})"
        )
    if iam is None:
        if region is None:
            raise ConfigError(
                "IAM password login needs an IAM endpoint: set a region, "
                "HUAWEICLOUD_SDK_IAM_ENDPOINT, or iam_endpoint in the profile"
            )
        iam = iam_endpoint_for_region(region)
    return Credentials(
        mode="password",
        iam_endpoint=iam,
        iam_user=user,
        iam_domain=domain,
        password=_secret(password),
    )


def settings_summary(settings: Settings) -> dict[str, Any]:
    """What --verbose may show about the settings: never a secret value."""
    return {
        "profile": settings.profile,
        "region": settings.region,
        "endpoint": settings.endpoint,
        "project_id": settings.project_id,
        "auth": settings.credentials.mode,
        "interval_s": settings.interval_s,
        "tls_verify": settings.verify is not False,
    }
