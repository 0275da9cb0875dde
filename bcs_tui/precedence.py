"""Where each setting may come from, highest first: the one table the resolver walks.

The README's configuration table is this table (tests/test_config.py checks that they agree,
and checks every pair of neighbouring sources of every row against the real resolver).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, assert_never

from bcs_tui.api.endpoints import iam_endpoint_for_region, region_endpoint, region_override_env_name

AuthMode = Literal["aksk", "token", "password"]
SettingName = Literal[
    "profile",
    "region",
    "endpoint",
    "project_id",
    "interval",
    "ca_bundle",
    "toasts",
    "history_days",
    "auth",
    "ak",
    "sk",
    "security_token",
    "token",
    "iam_user",
    "password",
    "iam_domain",
    "iam_endpoint",
    "notify_command",
]
DEFAULT_INTERVAL_S = 5.0
DEFAULT_HISTORY_DAYS = 180
MAX_HISTORY_DAYS = 36_500
"""A hundred years: the most ``history_days`` and ``history prune --older-than`` take (a
larger count would put the cut-off before the 64-bit nanosecond times can reach)."""


@dataclass(frozen=True)
class Flag:
    """A command-line flag, such as ``--region``."""

    flag: str


@dataclass(frozen=True)
class Env:
    """An environment variable."""

    variable: str


@dataclass(frozen=True)
class RegionEndpointEnv:
    """The SDKs' per-region endpoint override, ``HUAWEICLOUD_SDK_REGION_BCS_<REGION>``, for
    the region in use."""


@dataclass(frozen=True)
class RegionsFileEndpoint:
    """The region in use's BCS endpoint in the SDKs' regions file (regions_file.py)."""


@dataclass(frozen=True)
class CredentialsFileKey:
    """A key of section ``[basic]`` in the SDKs' credentials file."""

    key: str


@dataclass(frozen=True)
class ConfigFileKey:
    """A top-level key of our config file."""

    key: str


@dataclass(frozen=True)
class ProfileKey:
    """A key of the profile in use, in our config file."""

    key: str


@dataclass(frozen=True)
class Default:
    """The value when no other place has one."""

    value: str


@dataclass(frozen=True)
class FromRegion:
    """Built from the region in use; ``template`` says how, for people."""

    template: str
    build: Callable[[str], str]


Source = (
    Flag
    | Env
    | RegionEndpointEnv
    | RegionsFileEndpoint
    | CredentialsFileKey
    | ConfigFileKey
    | ProfileKey
    | Default
    | FromRegion
)

PRECEDENCE: Mapping[SettingName, tuple[Source, ...]] = {
    "profile": (
        Flag("--profile"),
        Env("BCS_TUI_PROFILE"),
        ConfigFileKey("default_profile"),
        Default("default"),
    ),
    "region": (Flag("--region"), Env("BCS_TUI_REGION"), ProfileKey("region")),
    "endpoint": (
        Flag("--endpoint"),
        Env("BCS_TUI_ENDPOINT"),
        RegionEndpointEnv(),
        ProfileKey("endpoint"),
        RegionsFileEndpoint(),
        FromRegion("https://bcs.{region}.myhuaweicloud.com", region_endpoint),
    ),
    "project_id": (
        Flag("--project-id"),
        Env("HUAWEICLOUD_SDK_PROJECT_ID"),
        CredentialsFileKey("project_id"),
        ProfileKey("project_id"),
    ),
    "interval": (Flag("--interval"), ProfileKey("interval"), Default(f"{DEFAULT_INTERVAL_S:g}")),
    "ca_bundle": (Flag("--ca-bundle"), ProfileKey("ca_bundle")),
    "toasts": (Flag("--no-toasts"), ProfileKey("toasts"), Default("true")),
    "history_days": (ProfileKey("history_days"), Default(str(DEFAULT_HISTORY_DAYS))),
    "notify_command": (Flag("--notify-command"), ProfileKey("notify_command")),
    "auth": (ProfileKey("auth"),),
    "ak": (Env("HUAWEICLOUD_SDK_AK"), CredentialsFileKey("ak"), ProfileKey("ak")),
    "sk": (Env("HUAWEICLOUD_SDK_SK"), CredentialsFileKey("sk"), ProfileKey("sk")),
    "security_token": (
        Env("HUAWEICLOUD_SDK_SECURITY_TOKEN"),
        CredentialsFileKey("security_token"),
        ProfileKey("security_token"),
    ),
    "token": (Env("BCS_TUI_AUTH_TOKEN"), ProfileKey("token")),
    "iam_user": (Env("BCS_TUI_IAM_USER"), ProfileKey("iam_user")),
    "password": (Env("BCS_TUI_IAM_PASSWORD"), ProfileKey("password")),
    "iam_domain": (Env("BCS_TUI_IAM_DOMAIN"), ProfileKey("iam_domain")),
    "iam_endpoint": (
        Env("HUAWEICLOUD_SDK_IAM_ENDPOINT"),
        CredentialsFileKey("iam_endpoint"),
        ProfileKey("iam_endpoint"),
        FromRegion("https://iam.{region}.myhuaweicloud.com", iam_endpoint_for_region),
    ),
}


@dataclass(frozen=True)
class AuthMethod:
    mode: AuthMode
    title: str
    configured_by: tuple[SettingName, ...]
    """Chosen (when the profile does not say ``auth``) if all of these are set."""
    needs: tuple[SettingName, ...]
    optional: tuple[SettingName, ...] = ()


AUTH_METHODS: tuple[AuthMethod, ...] = (
    AuthMethod("token", "an IAM token", configured_by=("token",), needs=("token",)),
    AuthMethod(
        "aksk",
        "an AK/SK pair",
        configured_by=("ak", "sk"),
        needs=("ak", "sk"),
        optional=("security_token",),
    ),
    AuthMethod(
        "password",
        "an IAM user and password",
        configured_by=("iam_user", "password"),
        needs=("iam_user", "password", "iam_domain", "iam_endpoint"),
    ),
)
"""Without ``auth`` in the profile, the first method configured wins, in this order."""


@dataclass(frozen=True)
class Layers:
    """Every place a setting may be, as text (a missing or blank value is absent), and where
    the two files are, for messages."""

    flags: Mapping[str, str]
    env: Mapping[str, str]
    credentials_file: Mapping[str, str]
    config_file: Mapping[str, str]
    profile: Mapping[str, str]
    credentials_path: Path
    config_path: Path
    profile_name: str = "default"
    region_endpoints: Mapping[str, str] = field(default_factory=dict)
    """The regions file's BCS endpoints by region ID."""

    def pick(self, name: SettingName) -> str | None:
        """The value from the first source of ``name``'s row that has one."""
        found = self.pick_with_source(name)
        return found[0] if found else None

    def pick_with_source(self, name: SettingName) -> tuple[str, Source] | None:
        for source in PRECEDENCE[name]:
            value = self._read(source)
            if value is not None:
                return value, source
        return None

    def files(self) -> str:
        return f"config file {self.config_path}, credentials file {self.credentials_path}"

    def places(self, name: SettingName) -> str:
        """Every place ``name`` was looked for, in order, for an error message (with
        ``files()`` said once beside it)."""
        places = [self._describe(source) for source in PRECEDENCE[name]]
        shown = [place for place in places if place is not None]
        return ", ".join(shown[:-1]) + (" or " if len(shown) > 1 else "") + shown[-1]

    def _read(self, source: Source) -> str | None:
        match source:
            case Flag(flag):
                text = self.flags.get(flag)
            case Env(variable):
                text = self.env.get(variable)
            case RegionEndpointEnv():
                region = self.pick("region")
                text = self.env.get(region_override_env_name(region)) if region else None
            case RegionsFileEndpoint():
                region = self.pick("region")
                text = self.region_endpoints.get(region.strip().lower()) if region else None
            case CredentialsFileKey(key):
                text = self.credentials_file.get(key)
            case ConfigFileKey(key):
                text = self.config_file.get(key)
            case ProfileKey(key):
                text = self.profile.get(key)
            case Default(value):
                text = value
            case FromRegion(build=build):
                region = self.pick("region")
                text = build(region) if region else None
            case _:
                assert_never(source)
        return (text.strip() or None) if text is not None else None

    def _describe(self, source: Source) -> str | None:
        match source:
            case Flag(flag):
                return flag
            case Env(variable):
                return variable
            case RegionEndpointEnv():
                return "HUAWEICLOUD_SDK_REGION_BCS_<REGION>"
            case RegionsFileEndpoint():
                return "the region in ~/.huaweicloud/regions.yaml"
            case CredentialsFileKey(key):
                return f"{key} in [basic] of the credentials file"
            case ConfigFileKey(key):
                return f"{key} in the config file"
            case ProfileKey(key):
                return f"{key} in profile {self.profile_name!r}"
            case Default():
                return None
            case FromRegion():
                return f"a region ({self.places('region')})"
            case _:
                assert_never(source)
