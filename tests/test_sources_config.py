"""A profile's ``sources``: parsing, validation, ``--source``, and each source's endpoint and
credentials, through the real resolver and real files."""

import os
from pathlib import Path

import pytest

from bcs_tui.api.errors import ConfigError
from bcs_tui.config import FlagValues, Settings, resolve_settings
from bcs_tui.regions_file import parse_region_endpoints

FLEET = """
[profiles.fleet]
sources = [
  { name = "north", region = "cn-north-4", project_id = "0a1b" },
  { name = "sg", region = "ap-southeast-1", project_id = "9f8e", endpoint = "https://sg.test" },
  { name = "audit", profile = "audit-account", region = "cn-south-1", project_id = "77aa" },
]
[profiles.audit-account]
auth = "password"
iam_user = "auditor"
iam_domain = "acme"
"""
AKSK = {"HUAWEICLOUD_SDK_AK": "AK-FLEET", "HUAWEICLOUD_SDK_SK": "sk-fleet"}


def write_config(home: Path, text: str) -> Path:
    path = home / ".config" / "bcs-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def write_regions_file(home: Path, text: str) -> None:
    path = home / ".huaweicloud" / "regions.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def resolve(home: Path, *, flags: FlagValues | None = None, **env: str) -> Settings:
    base = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    values = {**AKSK, "BCS_TUI_IAM_PASSWORD": "pw-audit", **env}
    return resolve_settings(flags or FlagValues(profile="fleet"), {**base, **values})


def config_error(home: Path, **kwargs: object) -> str:
    with pytest.raises(ConfigError) as caught:
        resolve(home, **kwargs)  # type: ignore[arg-type]
    return str(caught.value)


def test_the_issue_example_resolves_every_source(tmp_path: Path) -> None:
    write_config(tmp_path, FLEET)
    settings = resolve(tmp_path)
    sources = {source.name: source for source in settings.all_sources()}
    assert list(sources) == ["north", "sg", "audit"]
    north, sg, audit = sources["north"], sources["sg"], sources["audit"]
    assert (north.region, north.project_id) == ("cn-north-4", "0a1b")
    assert north.endpoint == "https://bcs.cn-north-4.myhuaweicloud.com"
    assert north.credentials_profile == "fleet" and north.credentials.ak == "AK-FLEET"
    assert sg.endpoint == "https://sg.test"
    assert audit.credentials_profile == "audit-account"
    assert audit.credentials.mode == "password" and audit.credentials.iam_user == "auditor"
    # A password login's IAM endpoint follows the source's own region.
    assert audit.credentials.iam_endpoint == "https://iam.cn-south-1.myhuaweicloud.com"
    # Until the dashboard polls them all, the single-source fields are the first source's.
    assert (settings.endpoint, settings.project_id) == (north.endpoint, "0a1b")


def test_a_profile_without_sources_is_one_source_named_after_it(tmp_path: Path) -> None:
    write_config(tmp_path, '[profiles.solo]\nregion = "cn-north-1"\nproject_id = "p1"\n')
    settings = resolve(tmp_path, flags=FlagValues(profile="solo", sources=("solo",)))
    (only,) = settings.all_sources()
    assert (only.name, only.region, only.project_id) == ("solo", "cn-north-1", "p1")
    assert only.endpoint == "https://bcs.cn-north-1.myhuaweicloud.com"
    error = config_error(tmp_path, flags=FlagValues(profile="solo", sources=("other",)))
    assert "'other'" in error and "'solo'" in error


def test_source_narrows_in_the_files_order(tmp_path: Path) -> None:
    write_config(tmp_path, FLEET)
    settings = resolve(tmp_path, flags=FlagValues(profile="fleet", sources=("audit", "north")))
    assert [source.name for source in settings.all_sources()] == ["north", "audit"]


def test_an_unknown_source_lists_the_known_ones(tmp_path: Path) -> None:
    path = write_config(tmp_path, FLEET)
    error = config_error(tmp_path, flags=FlagValues(profile="fleet", sources=("south",)))
    assert "no source 'south'" in error and "north, sg, audit" in error
    assert str(path) in error and "'fleet'" in error


def _fleet_with(entry: str) -> str:
    first = '{ name = "a", region = "cn-north-4", project_id = "p" }'
    return f"[profiles.fleet]\nsources = [\n  {first},\n  {entry},\n]\n"


@pytest.mark.parametrize(
    ("entry", "fragments"),
    [
        ('{ name = "a", region = "cn-north-1", project_id = "q" }', ["two sources are named 'a'"]),
        ('{ name = "b", project_id = "q" }', ["region", "source #2 of [profiles.fleet]"]),
        ('{ name = "b", region = "cn-north-1" }', ["project_id", "source #2 of [profiles.fleet]"]),
        (
            '{ name = "b", region = "cn-north-1", project_id = "q", zone = "z" }',
            ["unknown key 'zone'", "source #2 of [profiles.fleet]", "known keys there: name"],
        ),
        (
            '{ name = "b", region = "cn-north-1", project_id = "q", profile = "ghost" }',
            ["source 'b' names profile 'ghost'", "profile 'fleet'"],
        ),
    ],
    ids=["duplicate name", "no region", "no project_id", "unknown key", "missing profile"],
)
def test_a_bad_source_is_a_clear_error_naming_file_and_profile(
    tmp_path: Path, entry: str, fragments: list[str]
) -> None:
    path = write_config(tmp_path, _fleet_with(entry))
    error = config_error(tmp_path)
    assert str(path) in error and "fleet" in error
    for fragment in fragments:
        assert fragment in error


def test_an_empty_sources_list_is_an_error(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[profiles.fleet]\nregion = "cn-north-4"\nsources = []\n')
    error = config_error(tmp_path)
    assert str(path) in error and "sources in [profiles.fleet]" in error


def test_single_source_flags_are_refused_with_sources(tmp_path: Path) -> None:
    write_config(tmp_path, FLEET)
    error = config_error(tmp_path, flags=FlagValues(profile="fleet", region="cn-north-1"))
    assert "--region" in error and "--source" in error


def test_a_bare_token_is_refused_for_several_sources(tmp_path: Path) -> None:
    write_config(tmp_path, FLEET.replace('auth = "password"', 'auth = "token"\ntoken = "t-a"'))
    error = config_error(tmp_path, HUAWEICLOUD_SDK_AK="", BCS_TUI_AUTH_TOKEN="t-bare")
    assert "BCS_TUI_AUTH_TOKEN" in error and "'north', 'sg'" in error and "'audit'" not in error
    assert "t-bare" not in error
    # One source may use it; a source with its own profile's token uses that one.
    settings = resolve(
        tmp_path,
        flags=FlagValues(profile="fleet", sources=("north", "audit")),
        HUAWEICLOUD_SDK_AK="",
        BCS_TUI_AUTH_TOKEN="t-bare",
    )
    tokens = {s.name: s.credentials.token for s in settings.all_sources()}
    assert {name: t and t.get_secret_value() for name, t in tokens.items()} == {
        "north": "t-bare",
        "audit": "t-a",
    }


def test_each_source_with_its_own_token_profile_is_accepted(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "[profiles.fleet]\nsources = [\n"
        '  { name = "a", profile = "ta", region = "cn-north-4", project_id = "p" },\n'
        '  { name = "b", profile = "tb", region = "cn-north-1", project_id = "q" },\n]\n'
        '[profiles.ta]\ntoken = "tok-a"\n[profiles.tb]\ntoken = "tok-b"\n',
    )
    settings = resolve(tmp_path, BCS_TUI_AUTH_TOKEN="t-bare")
    tokens = [s.credentials.token for s in settings.all_sources()]
    assert [t and t.get_secret_value() for t in tokens] == ["tok-a", "tok-b"]


# A source's endpoint: its own > HUAWEICLOUD_SDK_REGION_BCS_<REGION> > the regions file >
# the region's default.
ENDPOINT_PLACES = ("own", "variable", "regions file")


@pytest.mark.parametrize("highest", range(len(ENDPOINT_PLACES) + 1))
def test_a_sources_endpoint_comes_from_the_first_place_that_has_one(
    tmp_path: Path, highest: int
) -> None:
    places = ENDPOINT_PLACES[highest:]
    own = ', endpoint = "https://own.example.com"' if "own" in places else ""
    write_config(
        tmp_path,
        "[profiles.fleet]\n"
        f'sources = [{{ name = "a", region = "cn-east-2", project_id = "p"{own} }}]\n',
    )
    env = {"BCS_TUI_ENDPOINT": "https://ignored.example.com"}
    if "variable" in places:
        env["HUAWEICLOUD_SDK_REGION_BCS_CN_EAST_2"] = "https://variable.example.com"
    if "regions file" in places:
        write_regions_file(
            tmp_path,
            "ECS:\n  - id: cn-east-2\n    endpoint: https://ecs.example.com\n"
            "BCS:\n  - id: cn-north-4\n    endpoint: https://other.example.com\n"
            "  - id: cn-east-2\n    endpoint: https://file.example.com\n",
        )
    (source,) = resolve(tmp_path, **env).all_sources()
    expected = ("own", "variable", "file", "bcs.cn-east-2.myhuaweicloud")[highest]
    assert expected in source.endpoint


def test_the_regions_file_is_read_tolerantly() -> None:
    text = (
        "# the SDKs' overrides\n"
        "bcs:\n"
        "  - id: 'CN-North-4'   # quoted, mixed case\n"
        '    endpoint: "https://a.example.com"\n'
        "    extra: ignored\n"
        "  -\n"
        "    id: cn-south-1\n"
        "    endpoint: https://b.example.com\n"
        "  - id: no-endpoint\n"
        "this line is not yaml at all\n"
        "  - id: cn-east-2\n"
        "    endpoint: https://not-bcs.example.com\n"
    )
    assert parse_region_endpoints(text) == {
        "cn-north-4": "https://a.example.com",
        "cn-south-1": "https://b.example.com",
    }
    assert parse_region_endpoints("BCS: [") == {}


def test_the_regions_file_overrides_a_single_profiles_default_endpoint(tmp_path: Path) -> None:
    write_config(tmp_path, '[profiles.solo]\nregion = "cn-north-1"\nproject_id = "p1"\n')
    write_regions_file(tmp_path, "BCS:\n  - id: cn-north-1\n    endpoint: https://f.example.com\n")
    settings = resolve(tmp_path, flags=FlagValues(profile="solo"))
    assert settings.endpoint == "https://f.example.com"
