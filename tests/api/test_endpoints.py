"""Region names to endpoints, and endpoint URL checks that stop typos before credentials leave."""

import pytest

from bcs_tui.api.endpoints import (
    KNOWN_REGIONS,
    check_endpoint,
    iam_endpoint_for_region,
    region_endpoint,
    region_override_env_name,
)
from bcs_tui.api.errors import ConfigError


def test_known_regions_are_the_sdks() -> None:
    assert set(KNOWN_REGIONS) == {"cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2"}


@pytest.mark.parametrize("region", [*KNOWN_REGIONS, "ap-southeast-1", " CN-North-4 "])
def test_region_endpoints(region: str) -> None:
    clean = region.strip().lower()
    assert region_endpoint(region) == f"https://bcs.{clean}.myhuaweicloud.com"
    assert iam_endpoint_for_region(region) == f"https://iam.{clean}.myhuaweicloud.com"


@pytest.mark.parametrize(
    "region", ["", "cn north 4", "cn-north-4.evil.com", "cn-north-4/x", "north", "cn-north-4#"]
)
def test_bad_region_text_is_refused(region: str) -> None:
    with pytest.raises(ConfigError, match="region"):
        region_endpoint(region)
    with pytest.raises(ConfigError):
        iam_endpoint_for_region(region)


def test_region_override_variable_name() -> None:
    assert region_override_env_name("cn-north-4") == "HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4"


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://bcs.cn-north-4.myhuaweicloud.com/", "https://bcs.cn-north-4.myhuaweicloud.com"),
        ("HTTPS://BCS.Example.COM:8443", "https://bcs.example.com:8443"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://localhost:9", "http://localhost:9"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("  https://bcs.example.com  ", "https://bcs.example.com"),
    ],
)
def test_good_endpoints_are_normalised(url: str, normalised: str) -> None:
    assert check_endpoint(url) == normalised


@pytest.mark.parametrize(
    "url",
    [
        "",
        "bcs.example.com",
        "ftp://bcs.example.com",
        "https://",
        "https://bcs.example.com/v2",
        "https://bcs.example.com/?x=1",
        "https://bcs.example.com#frag",
        "https://bcs.example.com:99999",
        "https://bcs example.com",
    ],
)
def test_bad_endpoints_are_refused(url: str) -> None:
    with pytest.raises(ConfigError):
        check_endpoint(url)


def test_plain_http_to_a_remote_host_needs_explicit_permission() -> None:
    with pytest.raises(ConfigError, match="unencrypted"):
        check_endpoint("http://bcs.example.com")
    assert check_endpoint("http://bcs.example.com", allow_http=True) == "http://bcs.example.com"


def test_user_info_is_refused_without_echoing_the_password() -> None:
    with pytest.raises(ConfigError) as caught:
        check_endpoint("https://admin:hunter2@bcs.example.com")
    assert "hunter2" not in str(caught.value)
