"""One ``Settings`` object, each value taken from the first place that has it.

The places, in order, are the table in precedence.py: flags, then the environment (the
official SDKs' ``HUAWEICLOUD_SDK_*`` names and our ``BCS_TUI_*`` ones), then the SDKs'
credentials file, then the profile in our config file (config_files.py reads both files).

Secrets are held as ``pydantic.SecretStr`` so no repr, log line or message can show them.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from pydantic import SecretStr

from bcs_tui.api.endpoints import GLOBAL_IAM_ENDPOINT, check_endpoint
from bcs_tui.api.errors import ConfigError
from bcs_tui.config_files import (
    ConfigFile,
    Profile,
    SourceEntry,
    config_file_path,
    credentials_file_path,
    load_config_file,
    load_credentials_file,
)
from bcs_tui.history.paths import default_history_path
from bcs_tui.precedence import (
    AUTH_METHODS,
    DEFAULT_HISTORY_DAYS,
    DEFAULT_INTERVAL_S,
    AuthMethod,
    AuthMode,
    Default,
    Layers,
    SettingName,
)
from bcs_tui.regions_file import load_region_endpoints, regions_file_path


class _HistoryFields(TypedDict):
    history_path: Path | None
    history_days: int


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
    toasts: bool | None = None
    """``False`` with ``--no-toasts``."""
    sources: tuple[str, ...] = ()
    """``--source NAME`` (repeatable): only these sources of the profile."""
    history: Path | None = None
    """``--history FILE``: the history file instead of the default one."""
    no_history: bool = False
    """``--no-history``: no history file at all."""
    notify_command: str | None = None

    def as_text(self) -> dict[str, str]:
        """The flags that carry a setting, keyed by flag, as text; flags not given left out."""
        given = {
            "--profile": self.profile,
            "--region": self.region,
            "--endpoint": self.endpoint,
            "--project-id": self.project_id,
            "--interval": None if self.interval is None else repr(self.interval),
            "--ca-bundle": self.ca_bundle,
            "--no-toasts": None if self.toasts is None else str(self.toasts).lower(),
            "--notify-command": self.notify_command,
        }
        return {flag: text for flag, text in given.items() if text is not None}


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
class SourceSettings:
    """One region + project polled, and the credentials it is polled with."""

    name: str
    region: str | None
    project_id: str
    endpoint: str
    credentials_profile: str
    """The profile whose credentials (with the environment's and the credentials file's,
    by the usual precedence) this source uses."""
    credentials: Credentials


@dataclass(frozen=True)
class Settings:
    """The settings in use. ``endpoint``, ``project_id`` and ``credentials`` are the first
    source's; ``sources`` lists every source selected (one for a profile without
    ``sources``)."""

    profile: str
    region: str | None
    endpoint: str
    project_id: str
    credentials: Credentials
    interval_s: float = DEFAULT_INTERVAL_S
    verify: bool | str = True
    allow_http: bool = False
    keymap: Mapping[str, str] = field(default_factory=dict)
    toasts: bool = True
    sources: tuple[SourceSettings, ...] = ()
    history_path: Path | None = None
    """The history file; ``None``: none (``--no-history``)."""
    history_days: int = DEFAULT_HISTORY_DAYS
    notify_command: str | None = None
    """Run by ``/bin/sh -c`` when an operation ends or appears (notify_command.py)."""

    def all_sources(self) -> tuple[SourceSettings, ...]:
        """``sources``, or the one source these settings describe when none were listed."""
        if self.sources:
            return self.sources
        only = SourceSettings(
            name=self.profile,
            region=self.region,
            project_id=self.project_id,
            endpoint=self.endpoint,
            credentials_profile=self.profile,
            credentials=self.credentials,
        )
        return (only,)


def resolve_settings(
    flags: FlagValues,
    env: Mapping[str, str] | None = None,
    *,
    on_unusable: Callable[[ConfigError], None] | None = None,
) -> Settings:
    """Build the settings; a ConfigError names what is missing and every place looked.

    With ``on_unusable``, an error that leaves the sources known but unusable (a bare token
    shared by several) is handed to it instead of raised: ``bcs-tui sources`` still shows
    what the sources are."""
    env = os.environ if env is None else env
    config_path = config_file_path(flags.config_path, env)
    config = load_config_file(config_path)
    layers = _layers(flags, env, config_path, config)
    listed = config.profiles.get(layers.profile_name, Profile()).sources
    if listed:
        sources = resolve_sources(flags, env, config, layers, listed, on_unusable=on_unusable)
        first = sources[0]
        region, endpoint, project_id = first.region, first.endpoint, first.project_id
        credentials = first.credentials
    else:
        _check_single_source_narrowing(flags, layers)
        region, endpoint, project_id, credentials = _single_source(flags, layers)
        sources = ()
    return Settings(
        profile=layers.profile_name,
        region=region,
        endpoint=endpoint,
        project_id=project_id,
        credentials=credentials,
        interval_s=float(layers.pick("interval") or DEFAULT_INTERVAL_S),
        verify=_tls_verify(flags.insecure, layers.pick("ca_bundle")),
        allow_http=flags.allow_http,
        keymap=dict(config.keys),
        toasts=(layers.pick("toasts") or "true").lower() == "true",
        sources=sources,
        **_history_fields(flags, env, layers),
        notify_command=layers.pick("notify_command"),
    )


@dataclass(frozen=True)
class HistorySettings:
    """What ``bcs-tui history`` needs: only the local file, no credentials."""

    path: Path | None
    """``None``: ``--no-history``."""
    keep_days: int


def resolve_history(
    flags: FlagValues, env: Mapping[str, str] | None = None, *, demo: bool = False
) -> HistorySettings:
    """The history file and how long it keeps operations, by the usual precedence; nothing
    about the connection is resolved (the file is read without credentials)."""
    env = os.environ if env is None else env
    if demo:
        return HistorySettings(history_path_for(flags, env, demo=True), DEFAULT_HISTORY_DAYS)
    config_path = config_file_path(flags.config_path, env)
    layers = _layers(flags, env, config_path, load_config_file(config_path))
    fields = _history_fields(flags, env, layers)
    return HistorySettings(path=fields["history_path"], keep_days=fields["history_days"])


DEMO_HISTORY_FILE_NAME = "demo-history.sqlite3"


def history_path_for(
    flags: FlagValues, env: Mapping[str, str], *, demo: bool = False
) -> Path | None:
    """``--history FILE``, none with ``--no-history``, else the default path. ``--demo``
    keeps its own file beside the default one: the simulator's operations are not the
    user's, and must not mix with them (nor with their expectations)."""
    if flags.no_history:
        if flags.history is not None:
            raise ConfigError("--history and --no-history cannot be used together")
        return None
    if flags.history is not None:
        return flags.history.expanduser()
    default = default_history_path(env)
    return default.with_name(DEMO_HISTORY_FILE_NAME) if demo else default


def _history_fields(flags: FlagValues, env: Mapping[str, str], layers: Layers) -> _HistoryFields:
    days = layers.pick("history_days") or str(DEFAULT_HISTORY_DAYS)
    return {"history_path": history_path_for(flags, env), "history_days": int(days)}


def _single_source(flags: FlagValues, layers: Layers) -> tuple[str | None, str, str, Credentials]:
    """Region, endpoint, project ID and credentials of a profile without ``sources``."""
    endpoint = _required(
        layers,
        "endpoint",
        "no endpoint: give --region REGION (e.g. cn-north-4) or --endpoint URL",
        "Or try the embedded simulator with --demo.",
    )
    endpoint = check_endpoint(endpoint, allow_http=flags.allow_http)
    project_id = _required(
        layers,
        "project_id",
        "no project ID: give --project-id ID",
        "The project ID is on the console's 'My Credentials' page.",
    )
    return layers.pick("region"), endpoint, project_id, _resolve_credentials(layers)


def _check_single_source_narrowing(flags: FlagValues, layers: Layers) -> None:
    """A profile without ``sources`` is one source, named after the profile."""
    unknown = [name for name in flags.sources if name != layers.profile_name]
    if unknown:
        raise ConfigError(
            f"no source {unknown[0]!r}: profile {layers.profile_name!r} ({layers.config_path})"
            f" lists no sources, so its one source is {layers.profile_name!r}"
        )


def _layers(
    flags: FlagValues, env: Mapping[str, str], config_path: Path, config: ConfigFile
) -> Layers:
    """Every place to look, with the profile in use chosen (a profile named but absent is an
    error; only the fallback ``default`` may be absent)."""
    credentials_path = credentials_file_path(env)
    layers = Layers(
        flags=flags.as_text(),
        env=env,
        credentials_file=load_credentials_file(credentials_path),
        config_file=config.top_level_text(),
        profile={},
        credentials_path=credentials_path,
        config_path=config_path,
    )
    name, source = layers.pick_with_source("profile") or ("default", Default("default"))
    if name not in config.profiles and not isinstance(source, Default):
        known = ", ".join(sorted(config.profiles)) or "none"
        raise ConfigError(f"profile {name!r} is not in {config_path} (profiles there: {known})")
    profile = config.profiles.get(name, Profile())
    region_endpoints = load_region_endpoints(regions_file_path(env))
    return replace(
        layers, profile=profile.as_text(), profile_name=name, region_endpoints=region_endpoints
    )


SINGLE_SOURCE_FLAGS = ("--region", "--endpoint", "--project-id")
BARE_TOKEN_VARIABLE = "BCS_TUI_AUTH_TOKEN"
# Places that say where the one source of a profile without ``sources`` is: a listed source
# says it itself, so these never reach it.
_SINGLE_SOURCE_ENV = ("BCS_TUI_REGION", "BCS_TUI_ENDPOINT", "HUAWEICLOUD_SDK_PROJECT_ID")


def resolve_sources(
    flags: FlagValues,
    env: Mapping[str, str],
    config: ConfigFile,
    layers: Layers,
    listed: tuple[SourceEntry, ...],
    *,
    on_unusable: Callable[[ConfigError], None] | None = None,
) -> tuple[SourceSettings, ...]:
    """The profile's sources (narrowed by ``--source``), each with its endpoint and
    credentials resolved (``on_unusable``: see ``resolve_settings``)."""
    where = f"profile {layers.profile_name!r} of config file {layers.config_path}"
    given = [flag for flag in SINGLE_SOURCE_FLAGS if flag in layers.flags]
    if given:
        raise ConfigError(
            f"{', '.join(given)} cannot be used with {where}: it lists sources, each with its"
            " own region and project (choose some with --source NAME)"
        )
    selected = _selected(flags.sources, listed, where)
    resolved = tuple(
        _resolve_source(entry, flags, env, config, layers, where) for entry in selected
    )
    on_bare_token = [
        source.name
        for source, entry in zip(resolved, selected, strict=True)
        if source.credentials.mode == "token"
        and not _has_own_token(entry, config)
        and env.get(BARE_TOKEN_VARIABLE, "").strip()
    ]
    if len(on_bare_token) > 1:
        shared = ConfigError(
            f"{BARE_TOKEN_VARIABLE} is one IAM token, bound to one project, but sources"
            f" {', '.join(map(repr, on_bare_token))} of {where} would all use it: give each"
            ' source its own profile holding its own token (profile = "..."), use AK/SK or'
            " password login, or choose one source with --source NAME"
        )
        if on_unusable is None:
            raise shared
        on_unusable(shared)
    return resolved


def _selected(
    wanted: tuple[str, ...], listed: tuple[SourceEntry, ...], where: str
) -> tuple[SourceEntry, ...]:
    if not wanted:
        return listed
    known = [entry.name for entry in listed]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ConfigError(
            f"no source {unknown[0]!r} in {where} (sources there: {', '.join(known)})"
        )
    return tuple(entry for entry in listed if entry.name in wanted)


def _has_own_token(entry: SourceEntry, config: ConfigFile) -> bool:
    """A source naming a profile that holds a token uses that token: an IAM token is bound
    to one project, so a token given for one source beats the bare environment one."""
    return entry.profile is not None and config.profiles[entry.profile].token is not None


def _resolve_source(
    entry: SourceEntry,
    flags: FlagValues,
    env: Mapping[str, str],
    config: ConfigFile,
    layers: Layers,
    where: str,
) -> SourceSettings:
    credentials_profile = entry.profile or layers.profile_name
    hidden = (
        *_SINGLE_SOURCE_ENV,
        *((BARE_TOKEN_VARIABLE,) if _has_own_token(entry, config) else ()),
    )
    profile_text = config.profiles[credentials_profile].as_text()
    profile_text.pop("endpoint", None)
    source_layers = replace(
        layers,
        flags={},
        env={key: value for key, value in env.items() if key not in hidden},
        credentials_file={
            key: value for key, value in layers.credentials_file.items() if key != "project_id"
        },
        profile={**profile_text, "region": entry.region, "project_id": entry.project_id},
        profile_name=credentials_profile,
    )
    try:
        # The source's own endpoint first; then, by the endpoint row, the region's override
        # variable, the regions file, the region's default endpoint.
        endpoint = check_endpoint(
            entry.endpoint or _required(source_layers, "endpoint", "no endpoint", ""),
            allow_http=flags.allow_http,
        )
        credentials = _resolve_credentials(source_layers)
    except ConfigError as error:
        raise ConfigError(f"source {entry.name!r} of {where}: {error}") from None
    return SourceSettings(
        name=entry.name,
        region=entry.region,
        project_id=entry.project_id,
        endpoint=endpoint,
        credentials_profile=credentials_profile,
        credentials=credentials,
    )


def _required(layers: Layers, name: SettingName, problem: str, hint: str) -> str:
    value = layers.pick(name)
    if value is None:
        raise ConfigError(f"{problem}. Looked in: {layers.places(name)} ({layers.files()}). {hint}")
    return value


def _tls_verify(insecure: bool, ca_bundle: str | None) -> bool | str:
    if insecure:
        return False
    if ca_bundle is None:
        return True
    path = Path(ca_bundle).expanduser()
    if not path.is_file():
        raise ConfigError(f"CA bundle {ca_bundle} does not exist or is not a file")
    return str(path)


def _resolve_credentials(layers: Layers) -> Credentials:
    method = _auth_method(layers)
    missing = [name for name in method.needs if layers.pick(name) is None]
    if missing:
        forced = layers.pick("auth") is not None
        why = f' (profile {layers.profile_name!r} sets auth = "{method.mode}")' if forced else ""
        looked = "; ".join(f"no {name} (looked in: {layers.places(name)})" for name in missing)
        raise ConfigError(
            f"incomplete credentials for {method.title}{why}: {looked} ({layers.files()})"
        )
    values = {name: layers.pick(name) for name in (*method.needs, *method.optional)}
    return _credentials(method.mode, values)


def _auth_method(layers: Layers) -> AuthMethod:
    """The profile's ``auth``, else the first method configured, in AUTH_METHODS' order."""
    forced = layers.pick("auth")
    if forced is not None:
        return next(method for method in AUTH_METHODS if method.mode == forced)
    configured = (m for m in AUTH_METHODS if all(map(layers.pick, m.configured_by)))
    method = next(configured, None)
    if method is not None:
        return method
    ak, sk = layers.pick("ak"), layers.pick("sk")
    if ak or sk:
        lacking: SettingName = "sk" if ak else "ak"
        raise ConfigError(
            f"incomplete AK/SK pair: found only the {'AK' if ak else 'SK'}; "
            f"looked for the {lacking.upper()} in: {layers.places(lacking)} ({layers.files()})"
        )
    ways = (
        f"{m.title} (" + "; ".join(f"{n}: {layers.places(n)}" for n in m.configured_by) + ")"
        for m in AUTH_METHODS
    )
    raise ConfigError(f"no credentials: set {'; or '.join(ways)} ({layers.files()})")


def _credentials(mode: AuthMode, values: Mapping[SettingName, str | None]) -> Credentials:
    def secret(name: SettingName) -> SecretStr | None:
        value = values.get(name)
        return SecretStr(value) if value else None

    return Credentials(
        mode=mode,
        ak=values.get("ak"),
        sk=secret("sk"),
        security_token=secret("security_token"),
        token=secret("token"),
        iam_endpoint=values.get("iam_endpoint"),
        iam_user=values.get("iam_user"),
        iam_domain=values.get("iam_domain"),
        password=secret("password"),
    )


@dataclass(frozen=True)
class DiscoverySettings:
    """What ``bcs-tui sources --discover`` needs: credentials and where IAM is. No project
    or BCS endpoint is required: finding them is the point."""

    credentials: Credentials
    iam_endpoint: str
    project_id: str | None
    """A project to scope a password login to (any of the user's), when one is known."""
    endpoint: str | None
    """A BCS endpoint given explicitly (``--endpoint``, ``BCS_TUI_ENDPOINT``): every
    discovered source gets it, as it would not otherwise find it."""
    verify: bool | str = True
    allow_http: bool = False


def resolve_discovery(flags: FlagValues, env: Mapping[str, str] | None = None) -> DiscoverySettings:
    """The profile's credentials and IAM endpoint (by the usual precedence; the global IAM
    endpoint when neither it nor a region says another)."""
    env = os.environ if env is None else env
    config_path = config_file_path(flags.config_path, env)
    config = load_config_file(config_path)
    layers = _layers(flags, env, config_path, config)
    credentials = _resolve_credentials(layers)
    iam_endpoint = credentials.iam_endpoint or layers.pick("iam_endpoint") or GLOBAL_IAM_ENDPOINT
    listed = config.profiles.get(layers.profile_name, Profile()).sources
    project_id = listed[0].project_id if listed else layers.pick("project_id")
    endpoint = flags.endpoint or env.get("BCS_TUI_ENDPOINT", "").strip() or None
    return DiscoverySettings(
        credentials=credentials,
        iam_endpoint=check_endpoint(iam_endpoint, allow_http=flags.allow_http),
        project_id=project_id,
        endpoint=check_endpoint(endpoint, allow_http=flags.allow_http) if endpoint else None,
        verify=_tls_verify(flags.insecure, layers.pick("ca_bundle")),
        allow_http=flags.allow_http,
    )
