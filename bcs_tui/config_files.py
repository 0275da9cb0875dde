"""The two files settings are read from: our TOML config file and the SDKs' INI credentials file.

Where they are, how they are read, and what is wrong with them in our words: a file the user
named that is not there, an unknown key, a bad value, secrets in a file others can read.
"""

import configparser
import stat
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from bcs_tui.api.errors import ConfigError
from bcs_tui.core.polling import INTERVAL_RULE, MIN_INTERVAL_S
from bcs_tui.precedence import MAX_HISTORY_DAYS, AuthMode

SECRET_PROFILE_KEYS = ("sk", "security_token", "token", "password")
MAX_INTERVAL_S = 3600.0


class SourceEntry(BaseModel):
    """One entry of a profile's ``sources``: a region + project, its endpoint optional, and
    another profile whose credentials it uses (the listing profile's when absent)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    region: str = Field(min_length=1)
    project_id: str = Field(min_length=1)
    endpoint: str | None = None
    profile: str | None = None


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
    toasts: bool | None = None
    """False: no notification for each operation that appears or ends (``--no-toasts``)."""
    history_days: int | None = Field(default=None, ge=1, le=MAX_HISTORY_DAYS)
    """How long the local history keeps an operation after it was last seen."""
    notify_command: str | None = None
    """Run when an operation ends or appears (``--notify-command``)."""
    sources: tuple[SourceEntry, ...] | None = Field(default=None, min_length=1)
    """Several region + project pairs polled together; absent: the profile is one source."""

    def as_text(self) -> dict[str, str]:
        """Every setting set, as text: secrets unwrapped, for the resolver alone (``sources``
        is a list, not a setting: the resolver reads it from the model)."""
        return {
            key: value.get_secret_value() if isinstance(value, SecretStr) else str(value)
            for key, value in self.model_dump(exclude_none=True, exclude={"sources"}).items()
        }


class ConfigFile(BaseModel):
    """The whole TOML file: a default profile name, profiles, and key remapping."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_profile: str | None = None
    profiles: dict[str, Profile] = {}
    keys: dict[str, str] = {}

    def top_level_text(self) -> dict[str, str]:
        """The top-level keys that hold a setting (not a table), as text."""
        return {} if self.default_profile is None else {"default_profile": self.default_profile}


def default_config_path(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")) / ".config")
    return Path(base).expanduser() / "bcs-tui" / "config.toml"


def config_file_path(flag: Path | None, env: Mapping[str, str]) -> Path:
    """``--config``, else ``BCS_TUI_CONFIG``, else the default path; a file the user named
    must exist (a typo must not silently give an empty configuration)."""
    for named_by, value in (("--config", flag), ("BCS_TUI_CONFIG", env.get("BCS_TUI_CONFIG"))):
        if value:
            path = Path(value).expanduser()
            if not path.exists():
                raise ConfigError(f"config file {path} (given by {named_by}) does not exist")
            return path
    return default_config_path(env)


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
        raise ConfigError(f"config file {path}: {_problems(error)}") from None
    _check_sources(path, config)
    _refuse_exposed_secrets(path, config)
    return config


def _check_sources(path: Path, config: ConfigFile) -> None:
    """What one entry alone cannot say: names unique within a profile, and a ``profile`` a
    source names must be in the file."""
    for profile_name, profile in config.profiles.items():
        seen: set[str] = set()
        for entry in profile.sources or ():
            where = f"config file {path}, profile {profile_name!r}"
            if entry.name in seen:
                raise ConfigError(f"{where}: two sources are named {entry.name!r}")
            seen.add(entry.name)
            if entry.profile is not None and entry.profile not in config.profiles:
                known = ", ".join(sorted(config.profiles))
                raise ConfigError(
                    f"{where}: source {entry.name!r} names profile {entry.profile!r},"
                    f" which is not in the file (profiles there: {known})"
                )


def _problems(error: ValidationError) -> str:
    """The validation errors in our words; never a value (it may be a secret)."""
    unknown: dict[tuple[str, ...], list[str]] = {}
    bad_values = []
    for item in error.errors():
        *table, key = (str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            unknown.setdefault(tuple(table), []).append(repr(key))
        else:
            too_short = key == "interval" and item["type"] == "greater_than_equal"
            message = INTERVAL_RULE if too_short else item["msg"]
            bad_values.append(f"{key} in {_section(table)}: {message}")
    unknown_keys = []
    for section, keys in unknown.items():
        model = _model_of(section)
        known = f" (known keys there: {', '.join(model.model_fields)})" if model else ""
        noun = "key" if len(keys) == 1 else "keys"
        unknown_keys.append(f"unknown {noun} {', '.join(keys)} in {_section(section)}{known}")
    return "; ".join([*unknown_keys, *bad_values])


def _model_of(section: Sequence[str]) -> type[BaseModel] | None:
    if not section:
        return ConfigFile
    if section[0] != "profiles":
        return None
    return SourceEntry if len(section) == 4 and section[2] == "sources" else Profile


def _section(table: Sequence[str]) -> str:
    if len(table) == 4 and table[0] == "profiles" and table[2] == "sources":
        # pydantic counts from 0; people count sources from 1.
        number = int(table[3]) + 1 if table[3].isdigit() else table[3]
        return f"source #{number} of [profiles.{table[1]}]"
    return f"[{'.'.join(table)}]" if table else "the top level"


def _refuse_exposed_secrets(path: Path, config: ConfigFile) -> None:
    holders = [
        name
        for name, profile in config.profiles.items()
        if any(key in profile.model_fields_set for key in SECRET_PROFILE_KEYS)
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
