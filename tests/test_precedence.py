"""Configuration precedence, row by row, through the real resolver and real files.

The expected order is written out here, from the README, independently of
bcs_tui/precedence.py: a table reordered there, or a resolver that walks it wrongly, fails a
pair below. For every row and every pair of neighbouring sources: the higher one wins when both
are set, and the lower one is used when the higher one is absent.
"""

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bcs_tui.config import FlagValues, Settings, resolve_settings
from bcs_tui.precedence import (
    AUTH_METHODS,
    PRECEDENCE,
    ConfigFileKey,
    CredentialsFileKey,
    Default,
    Env,
    Flag,
    FromRegion,
    ProfileKey,
    RegionEndpointEnv,
    RegionsFileEndpoint,
    Source,
)

CREDENTIALS_FILE = "credentials file"
PROFILE = "profile"
REGION_OVERRIDE = "HUAWEICLOUD_SDK_REGION_BCS_<REGION>"
REGIONS_FILE = "~/.huaweicloud/regions.yaml"
BASE_REGION = "cn-north-4"

ORDER: dict[str, tuple[str, ...]] = {
    "profile": ("--profile", "BCS_TUI_PROFILE", "default_profile"),
    "region": ("--region", "BCS_TUI_REGION", PROFILE),
    "endpoint": ("--endpoint", "BCS_TUI_ENDPOINT", REGION_OVERRIDE, PROFILE, REGIONS_FILE),
    "project_id": ("--project-id", "HUAWEICLOUD_SDK_PROJECT_ID", CREDENTIALS_FILE, PROFILE),
    "interval": ("--interval", PROFILE),
    "ca_bundle": ("--ca-bundle", PROFILE),
    "toasts": ("--no-toasts", PROFILE),
    "history_days": (PROFILE,),
    "notify_command": ("--notify-command", PROFILE),
    "ak": ("HUAWEICLOUD_SDK_AK", CREDENTIALS_FILE, PROFILE),
    "sk": ("HUAWEICLOUD_SDK_SK", CREDENTIALS_FILE, PROFILE),
    "security_token": ("HUAWEICLOUD_SDK_SECURITY_TOKEN", CREDENTIALS_FILE, PROFILE),
    "token": ("BCS_TUI_AUTH_TOKEN", PROFILE),
    "iam_user": ("BCS_TUI_IAM_USER", PROFILE),
    "password": ("BCS_TUI_IAM_PASSWORD", PROFILE),
    "iam_domain": ("BCS_TUI_IAM_DOMAIN", PROFILE),
    "iam_endpoint": ("HUAWEICLOUD_SDK_IAM_ENDPOINT", CREDENTIALS_FILE, PROFILE),
}
"""Every setting's sources, highest first (``auth`` has one source: tested on its own below)."""

FALLBACK: dict[str, object] = {
    "profile": "default",
    "endpoint": f"https://bcs.{BASE_REGION}.myhuaweicloud.com",
    "interval": 5.0,
    "toasts": True,
    "history_days": 180,
    "iam_endpoint": f"https://iam.{BASE_REGION}.myhuaweicloud.com",
}
"""What a setting is when no source has it (the others are then absent or an error)."""

OBSERVED: dict[str, Callable[[Settings], object]] = {
    "profile": lambda s: s.profile,
    "region": lambda s: s.region,
    "endpoint": lambda s: s.endpoint,
    "project_id": lambda s: s.project_id,
    "interval": lambda s: s.interval_s,
    "ca_bundle": lambda s: s.verify,
    "toasts": lambda s: s.toasts,
    "history_days": lambda s: s.history_days,
    "notify_command": lambda s: s.notify_command,
    "ak": lambda s: s.credentials.ak,
    "sk": lambda s: _unwrap(s.credentials.sk),
    "security_token": lambda s: _unwrap(s.credentials.security_token),
    "token": lambda s: _unwrap(s.credentials.token),
    "iam_user": lambda s: s.credentials.iam_user,
    "password": lambda s: _unwrap(s.credentials.password),
    "iam_domain": lambda s: s.credentials.iam_domain,
    "iam_endpoint": lambda s: s.credentials.iam_endpoint,
}

AKSK_ENV = {"HUAWEICLOUD_SDK_AK": "BASE-AK", "HUAWEICLOUD_SDK_SK": "base-sk"}
PASSWORD_ENV = {
    "BCS_TUI_IAM_USER": "base-user",
    "BCS_TUI_IAM_PASSWORD": "base-password",
    "BCS_TUI_IAM_DOMAIN": "base-domain",
}
CREDENTIALS_FOR = {
    "ak": AKSK_ENV,
    "sk": AKSK_ENV,
    "security_token": AKSK_ENV,
    "token": {},
    "iam_user": PASSWORD_ENV,
    "password": PASSWORD_ENV,
    "iam_domain": PASSWORD_ENV,
    "iam_endpoint": PASSWORD_ENV,
}
"""The credentials that make a setting matter (an AK needs the AK/SK method), set in the
environment; the one under test is taken out of them."""


def _unwrap(secret: SecretStr | None) -> str | None:
    return None if secret is None else secret.get_secret_value()


@dataclass
class World:
    """Values placed in each source, written out as flags, environment and the two files."""

    home: Path
    flags: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    credentials_file: dict[str, str] = field(default_factory=dict)
    profile: dict[str, object] = field(default_factory=dict)
    config_top_level: dict[str, str] = field(default_factory=dict)
    regions_file_endpoint: str | None = None

    def put(self, setting: str, place: str, value: object) -> None:
        if place.startswith("--"):
            self.flags[setting] = value
        elif place == REGION_OVERRIDE:
            self.env["HUAWEICLOUD_SDK_REGION_BCS_" + BASE_REGION.upper().replace("-", "_")] = str(
                value
            )
        elif place == REGIONS_FILE:
            self.regions_file_endpoint = str(value)
        elif place == CREDENTIALS_FILE:
            self.credentials_file[setting] = str(value)
        elif place == PROFILE:
            self.profile[setting] = value
        elif place == "default_profile":
            self.config_top_level[place] = str(value)
        else:
            self.env[place] = str(value)

    def resolve(self) -> Settings:
        lines = [f"{key} = {json.dumps(value)}" for key, value in self.config_top_level.items()]
        lines += ["[profiles.p0]", "[profiles.p1]", "[profiles.default]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in self.profile.items()]
        config = self.home / ".config" / "bcs-tui" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(config, 0o600)
        ini = self.home / ".huaweicloud" / "credentials"
        ini.parent.mkdir(parents=True, exist_ok=True)
        basic = "".join(f"{key} = {value}\n" for key, value in self.credentials_file.items())
        ini.write_text("[basic]\n" + basic, encoding="utf-8")
        if self.regions_file_endpoint is not None:
            regions = ini.parent / "regions.yaml"
            regions.write_text(
                f"BCS:\n  - id: {BASE_REGION}\n    endpoint: {self.regions_file_endpoint}\n",
                encoding="utf-8",
            )
        env = {"HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / ".config"), **self.env}
        return resolve_settings(FlagValues(**self.flags), env)


def world_for(setting: str, home: Path) -> World:
    """Everything else a valid configuration needs, in places that are not ``setting``'s."""
    world = World(home, flags={"region": BASE_REGION, "project_id": "base-project"})
    world.env = dict(CREDENTIALS_FOR.get(setting, {"BCS_TUI_AUTH_TOKEN": "base-token"}))
    world.flags.pop(setting, None)
    for place in ORDER[setting]:
        world.env.pop(place, None)
    return world


def value(setting: str, rank: int, home: Path) -> object:
    """A valid value of ``setting``, different for each rank."""
    if setting == "profile":
        return ("p0", "p1", "default")[rank]
    if setting == "region":
        return ("cn-north-1", "cn-south-1", "cn-east-2")[rank]
    if setting == "endpoint":
        return f"https://bcs-{rank}.example.com"
    if setting == "interval":
        return 7.0 + rank
    if setting == "toasts":
        return rank != 0  # the flag can only say "no"
    if setting == "history_days":
        return 30 + rank
    if setting == "ca_bundle":
        path = home / f"ca-{rank}.pem"
        path.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
        return str(path)
    return f"{setting}-{rank}"


PAIRS = [
    pytest.param(setting, higher, lower, id=f"{setting}: {higher} > {lower}")
    for setting, order in ORDER.items()
    for higher, lower in pairwise(order)
]


@pytest.mark.parametrize(("setting", "higher", "lower"), PAIRS)
def test_the_higher_source_wins_when_both_are_set(
    tmp_path: Path, setting: str, higher: str, lower: str
) -> None:
    world = world_for(setting, tmp_path)
    world.put(setting, higher, value(setting, 0, tmp_path))
    world.put(setting, lower, value(setting, 1, tmp_path))
    assert OBSERVED[setting](world.resolve()) == value(setting, 0, tmp_path)


@pytest.mark.parametrize(("setting", "higher", "lower"), PAIRS)
def test_the_lower_source_is_used_when_the_higher_is_absent(
    tmp_path: Path, setting: str, higher: str, lower: str
) -> None:
    world = world_for(setting, tmp_path)
    world.put(setting, lower, value(setting, 1, tmp_path))
    assert OBSERVED[setting](world.resolve()) == value(setting, 1, tmp_path)


@pytest.mark.parametrize("setting", sorted(FALLBACK))
def test_the_fallback_is_used_when_no_source_is_set(tmp_path: Path, setting: str) -> None:
    assert OBSERVED[setting](world_for(setting, tmp_path).resolve()) == FALLBACK[setting]


# Which credentials: the profile's `auth`, else the first method configured, in this order.
AUTH_ORDER = ("token", "aksk", "password")
AUTH_PLACES = {
    "token": ({"BCS_TUI_AUTH_TOKEN": "env-token"}, {}, {"token": "profile-token"}),
    "aksk": (
        AKSK_ENV,
        {"ak": "FILE-AK", "sk": "file-sk"},
        {"ak": "PROFILE-AK", "sk": "profile-sk"},
    ),
    "password": (
        PASSWORD_ENV,
        {},
        {"iam_user": "user", "password": "profile-password", "iam_domain": "domain"},
    ),
}
"""Each method configured in the environment, the credentials file and the profile."""

PLACE_NAMES = ("environment", CREDENTIALS_FILE, PROFILE)


def configure(world: World, mode: str, where: int) -> None:
    values = AUTH_PLACES[mode][where]
    for key, text in values.items():
        if where == 0:
            world.env[key] = text
        elif where == 1:
            world.credentials_file[key] = text
        else:
            world.profile[key] = text


AUTH_PAIRS = [
    pytest.param(higher, lower, at_higher, at_lower, id=f"{higher} > {lower}: {a} / {b}")
    for higher, lower in pairwise(AUTH_ORDER)
    for at_higher, a in enumerate(PLACE_NAMES)
    for at_lower, b in enumerate(PLACE_NAMES)
    if AUTH_PLACES[higher][at_higher] and AUTH_PLACES[lower][at_lower]
]


@pytest.mark.parametrize(("higher", "lower", "at_higher", "at_lower"), AUTH_PAIRS)
def test_the_higher_auth_method_wins_when_both_are_configured(
    tmp_path: Path, higher: str, lower: str, at_higher: int, at_lower: int
) -> None:
    world = World(tmp_path, flags={"region": BASE_REGION, "project_id": "p"})
    configure(world, higher, at_higher)
    configure(world, lower, at_lower)
    assert world.resolve().credentials.mode == higher


@pytest.mark.parametrize("forced", AUTH_ORDER)
def test_auth_in_the_profile_beats_whatever_else_is_configured(tmp_path: Path, forced: str) -> None:
    world = World(tmp_path, flags={"region": BASE_REGION, "project_id": "p"})
    for mode in AUTH_ORDER:
        configure(world, mode, 0)
    world.profile["auth"] = forced
    assert world.resolve().credentials.mode == forced


def test_a_token_in_the_profile_with_auth_token_beats_aksk_in_the_environment(
    tmp_path: Path,
) -> None:
    world = World(tmp_path, flags={"region": BASE_REGION, "project_id": "p"}, env=AKSK_ENV)
    world.profile.update(auth="token", token="profile-token")
    credentials = world.resolve().credentials
    assert credentials.mode == "token" and credentials.ak is None
    assert _unwrap(credentials.token) == "profile-token"


def _readme_doc(source: Source) -> str:
    match source:
        case Flag(flag):
            return f"`{flag}`"
        case Env(variable):
            return f"`{variable}`"
        case RegionEndpointEnv():
            return f"`{REGION_OVERRIDE}`"
        case RegionsFileEndpoint():
            return f"the region in `{REGIONS_FILE}`"
        case CredentialsFileKey(key):
            return f"`{key}` in the credentials file"
        case ConfigFileKey(key):
            return f"`{key}` in the config file"
        case ProfileKey(key):
            return f"`{key}` in the profile"
        case Default(text):
            return f"`{text}`"
        case FromRegion(template=template):
            return f"`{template}`"
    raise AssertionError(source)


def _readme_rows() -> list[str]:
    rows = ["| Setting | From, highest first | Otherwise |", "|---|---|---|"]
    for name, sources in PRECEDENCE.items():
        found = [s for s in sources if not isinstance(s, Default | FromRegion)]
        fallback = [s for s in sources if isinstance(s, Default | FromRegion)]
        otherwise = _readme_doc(fallback[0]) if fallback else "none"
        if name == "auth":
            otherwise = "the first configured of: " + "; ".join(
                f"{m.title} ({', '.join(f'`{n}`' for n in m.configured_by)})" for m in AUTH_METHODS
            )
        rows.append(f"| `{name}` | {', '.join(map(_readme_doc, found))} | {otherwise} |")
    return rows


def test_the_readme_table_is_the_precedence_table() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").splitlines()
    rows = _readme_rows()
    start = readme.index(rows[0])
    assert readme[start : start + len(rows) + 1] == [*rows, ""]


def test_every_setting_of_the_table_is_pinned_here() -> None:
    assert set(PRECEDENCE) == {*ORDER, "auth"}
