"""Settings resolution: flags > environment > SDK credentials file > our config file."""

import os
from pathlib import Path

import pytest

from bcs_tui.api.errors import ConfigError
from bcs_tui.config import FlagValues, resolve_settings

SK = "sk-secret-value-9f8e7d"
TOKEN = "token-secret-value-1a2b3c"
PASSWORD = "password-secret-value-4d5e6f"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def env_for(home: Path, **values: str) -> dict[str, str]:
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), **values}


def write_config(home: Path, text: str, mode: int = 0o600) -> Path:
    path = home / ".config" / "bcs-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def write_credentials(home: Path, text: str) -> Path:
    path = home / ".huaweicloud" / "credentials"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sdk_environment_gives_aksk_settings(home: Path) -> None:
    env = env_for(
        home,
        HUAWEICLOUD_SDK_AK="AKFROMENV",
        HUAWEICLOUD_SDK_SK=SK,
        HUAWEICLOUD_SDK_PROJECT_ID="p" * 32,
        BCS_TUI_REGION="cn-north-4",
    )
    settings = resolve_settings(FlagValues(), env)
    assert settings.endpoint == "https://bcs.cn-north-4.myhuaweicloud.com"
    assert settings.project_id == "p" * 32
    assert settings.credentials.mode == "aksk"
    assert settings.credentials.ak == "AKFROMENV"
    assert settings.credentials.sk is not None
    assert settings.credentials.sk.get_secret_value() == SK
    assert SK not in repr(settings)


def test_flags_beat_environment_beat_credentials_file_beat_profile(home: Path) -> None:
    write_config(
        home,
        '[profiles.default]\nregion = "cn-south-1"\nproject_id = "from-profile"\ninterval = 9\n',
    )
    write_credentials(home, "[basic]\nak = AKFILE\nsk = SKFILE\nproject_id = from-credentials\n")
    env = env_for(home, HUAWEICLOUD_SDK_PROJECT_ID="from-env")
    assert resolve_settings(FlagValues(), env).project_id == "from-env"
    assert resolve_settings(FlagValues(project_id="from-flag"), env).project_id == "from-flag"
    without_env = resolve_settings(FlagValues(), env_for(home))
    assert without_env.project_id == "from-credentials"
    assert without_env.credentials.ak == "AKFILE"
    assert without_env.region == "cn-south-1"
    assert without_env.interval_s == 9
    assert resolve_settings(FlagValues(region="cn-east-2"), env).region == "cn-east-2"


def test_region_endpoint_override_from_sdk_environment(home: Path) -> None:
    env = env_for(
        home,
        HUAWEICLOUD_SDK_AK="AK",
        HUAWEICLOUD_SDK_SK=SK,
        HUAWEICLOUD_SDK_PROJECT_ID="proj",
        BCS_TUI_REGION="ap-private-1",
        HUAWEICLOUD_SDK_REGION_BCS_AP_PRIVATE_1="https://bcs.private.example.com",
    )
    assert resolve_settings(FlagValues(), env).endpoint == "https://bcs.private.example.com"


def test_missing_project_id_names_every_place_looked(home: Path) -> None:
    env = env_for(home, HUAWEICLOUD_SDK_AK="AK", HUAWEICLOUD_SDK_SK=SK, BCS_TUI_REGION="cn-north-4")
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(), env)
    message = str(caught.value)
    for place in ("--project-id", "HUAWEICLOUD_SDK_PROJECT_ID", "credentials", "config.toml"):
        assert place in message


def test_missing_credentials_names_every_place_looked(home: Path) -> None:
    env = env_for(home, HUAWEICLOUD_SDK_PROJECT_ID="proj", BCS_TUI_REGION="cn-north-4")
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(), env)
    message = str(caught.value)
    for place in ("HUAWEICLOUD_SDK_AK", "BCS_TUI_AUTH_TOKEN", "BCS_TUI_IAM_USER", "[basic]"):
        assert place in message


def test_missing_region_and_endpoint_is_explained(home: Path) -> None:
    env = env_for(home, HUAWEICLOUD_SDK_PROJECT_ID="proj", BCS_TUI_AUTH_TOKEN=TOKEN)
    with pytest.raises(ConfigError, match="--region"):
        resolve_settings(FlagValues(), env)


def test_token_from_environment(home: Path) -> None:
    env = env_for(
        home,
        BCS_TUI_AUTH_TOKEN=TOKEN,
        HUAWEICLOUD_SDK_PROJECT_ID="proj",
        BCS_TUI_REGION="cn-north-1",
    )
    settings = resolve_settings(FlagValues(), env)
    assert settings.credentials.mode == "token"
    assert TOKEN not in repr(settings)


def test_password_profile_with_owner_only_file(home: Path) -> None:
    write_config(
        home,
        'default_profile = "ops"\n[profiles.ops]\nregion = "cn-north-4"\nproject_id = "proj"\n'
        f'auth = "password"\niam_user = "alice"\niam_domain = "acme"\npassword = "{PASSWORD}"\n'
        '[keys]\n"dashboard.refresh" = "r,f5"\n',
        mode=0o600,
    )
    settings = resolve_settings(FlagValues(), env_for(home))
    assert settings.profile == "ops"
    assert settings.credentials.mode == "password"
    assert settings.credentials.iam_endpoint == "https://iam.cn-north-4.myhuaweicloud.com"
    assert settings.keymap == {"dashboard.refresh": "r,f5"}
    assert PASSWORD not in repr(settings)


def test_config_with_secrets_readable_by_others_is_refused(home: Path) -> None:
    path = write_config(
        home, f'[profiles.default]\nregion = "cn-north-4"\nsk = "{SK}"\nak = "AK"\n', mode=0o644
    )
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(project_id="proj"), env_for(home))
    assert "chmod 600" in str(caught.value)
    assert str(path) in str(caught.value)
    assert SK not in str(caught.value)


def test_config_without_secrets_may_be_world_readable(home: Path) -> None:
    write_config(home, '[profiles.default]\nregion = "cn-north-4"\n', mode=0o644)
    env = env_for(home, BCS_TUI_AUTH_TOKEN=TOKEN, HUAWEICLOUD_SDK_PROJECT_ID="proj")
    assert resolve_settings(FlagValues(), env).region == "cn-north-4"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[profiles.default\n", "not valid TOML"),
        ('[profiles.default]\ncolour = "red"\n', "unknown key 'colour' in [profiles.default]"),
        ('colour = "red"\n', "unknown key 'colour' in the top level"),
        # The words of --interval, for 0 and 0.5 alike.
        (
            "[profiles.default]\ninterval = 0\n",
            "interval in [profiles.default]: must be at least 1 second",
        ),
        (
            "[profiles.default]\ninterval = 0.5\n",
            "interval in [profiles.default]: must be at least 1 second",
        ),
        ('[profiles.default]\nauth = "kerberos"\n', "auth in [profiles.default]"),
    ],
)
def test_bad_config_file_is_a_clear_error(home: Path, text: str, fragment: str) -> None:
    path = write_config(home, text)
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(), env_for(home))
    assert fragment in str(caught.value) and str(path) in str(caught.value)
    assert "Extra inputs" not in str(caught.value)


def test_an_unknown_key_lists_the_known_ones_but_not_its_value(home: Path) -> None:
    write_config(home, f'[profiles.default]\nsecret_key = "{SK}"\n')
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(), env_for(home))
    assert "known keys there: region, endpoint" in str(caught.value)
    assert SK not in str(caught.value)


@pytest.mark.parametrize("named_by", ["--config", "BCS_TUI_CONFIG"])
def test_a_config_file_the_user_named_must_exist(home: Path, named_by: str) -> None:
    missing = home / "typo.toml"
    flags = FlagValues(config_path=missing) if named_by == "--config" else FlagValues()
    env = env_for(home, BCS_TUI_CONFIG=str(missing)) if named_by != "--config" else env_for(home)
    with pytest.raises(ConfigError) as caught:
        resolve_settings(flags, env)
    assert str(missing) in str(caught.value) and named_by in str(caught.value)
    assert "does not exist" in str(caught.value)


def test_the_default_config_file_may_be_missing(home: Path) -> None:
    env = env_for(home, BCS_TUI_AUTH_TOKEN=TOKEN, HUAWEICLOUD_SDK_PROJECT_ID="proj")
    assert resolve_settings(FlagValues(region="cn-north-4"), env).profile == "default"


def test_a_default_profile_that_is_not_in_the_file_is_an_error(home: Path) -> None:
    write_config(home, 'default_profile = "prdo"\n[profiles.prod]\nregion = "cn-north-4"\n')
    with pytest.raises(ConfigError, match=r"'prdo' is not in .*profiles there: prod"):
        resolve_settings(FlagValues(), env_for(home))


def test_unknown_profile_lists_known_ones(home: Path) -> None:
    write_config(home, '[profiles.prod]\nregion = "cn-north-4"\n')
    with pytest.raises(ConfigError, match="prod"):
        resolve_settings(FlagValues(profile="staging"), env_for(home))


def test_half_an_aksk_pair_is_reported(home: Path) -> None:
    env = env_for(
        home, HUAWEICLOUD_SDK_AK="AK", HUAWEICLOUD_SDK_PROJECT_ID="p", BCS_TUI_REGION="cn-north-4"
    )
    with pytest.raises(ConfigError, match="only the AK"):
        resolve_settings(FlagValues(), env)


def test_plain_http_to_a_remote_host_needs_allow_http(home: Path) -> None:
    env = env_for(home, BCS_TUI_AUTH_TOKEN=TOKEN, HUAWEICLOUD_SDK_PROJECT_ID="proj")
    with pytest.raises(ConfigError):
        resolve_settings(FlagValues(endpoint="http://bcs.example.com"), env)
    settings = resolve_settings(FlagValues(endpoint="http://bcs.example.com", allow_http=True), env)
    assert settings.endpoint == "http://bcs.example.com"
    loopback = resolve_settings(FlagValues(endpoint="http://127.0.0.1:8080"), env)
    assert loopback.endpoint == "http://127.0.0.1:8080"


def test_insecure_and_ca_bundle(home: Path, tmp_path: Path) -> None:
    env = env_for(
        home,
        BCS_TUI_AUTH_TOKEN=TOKEN,
        HUAWEICLOUD_SDK_PROJECT_ID="proj",
        BCS_TUI_REGION="cn-north-4",
    )
    assert resolve_settings(FlagValues(insecure=True), env).verify is False
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    assert resolve_settings(FlagValues(ca_bundle=str(bundle)), env).verify == str(bundle)
    with pytest.raises(ConfigError, match="CA bundle"):
        resolve_settings(FlagValues(ca_bundle=str(tmp_path / "missing.pem")), env)


def test_missing_endpoint_names_every_place_looked(home: Path) -> None:
    env = env_for(home, HUAWEICLOUD_SDK_PROJECT_ID="proj", BCS_TUI_AUTH_TOKEN=TOKEN)
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(), env)
    message = str(caught.value)
    for place in ("--endpoint", "BCS_TUI_ENDPOINT", "HUAWEICLOUD_SDK_REGION_BCS_", "--region"):
        assert place in message
    assert "BCS_TUI_REGION" in message and "config.toml" in message


def test_auth_forced_by_the_profile_but_not_configured_says_what_is_missing(home: Path) -> None:
    write_config(home, '[profiles.default]\nauth = "aksk"\n')
    env = env_for(home, BCS_TUI_AUTH_TOKEN=TOKEN, HUAWEICLOUD_SDK_PROJECT_ID="p")
    with pytest.raises(ConfigError) as caught:
        resolve_settings(FlagValues(region="cn-north-4"), env)
    message = str(caught.value)
    assert 'auth = "aksk"' in message and "HUAWEICLOUD_SDK_AK" in message
    assert "HUAWEICLOUD_SDK_SK" in message and TOKEN not in message


def test_password_login_without_an_account_names_it(home: Path) -> None:
    env = env_for(
        home,
        BCS_TUI_IAM_USER="alice",
        BCS_TUI_IAM_PASSWORD=PASSWORD,
        HUAWEICLOUD_SDK_PROJECT_ID="p",
    )
    with pytest.raises(ConfigError, match=r"no iam_domain .*BCS_TUI_IAM_DOMAIN") as caught:
        resolve_settings(FlagValues(region="cn-north-4"), env)
    assert PASSWORD not in str(caught.value)


def test_a_private_region_name_uses_its_sdk_endpoint_variable(home: Path) -> None:
    write_config(home, '[profiles.default]\nendpoint = "https://from-profile.example.com"\n')
    env = env_for(
        home,
        BCS_TUI_AUTH_TOKEN=TOKEN,
        HUAWEICLOUD_SDK_PROJECT_ID="p",
        BCS_TUI_REGION="private",
        HUAWEICLOUD_SDK_REGION_BCS_PRIVATE="https://bcs.private.example.com",
    )
    assert resolve_settings(FlagValues(), env).endpoint == "https://bcs.private.example.com"
    del env["HUAWEICLOUD_SDK_REGION_BCS_PRIVATE"]
    assert resolve_settings(FlagValues(), env).endpoint == "https://from-profile.example.com"
