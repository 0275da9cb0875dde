"""Where the service lives: region names to endpoints, and sanity checks on endpoint URLs.

An endpoint is where credentials are sent, so a typo must fail loudly before any request:
a URL with a path or query, embedded user info, or plain ``http://`` to a remote host is
refused (plain HTTP is only accepted for loopback, i.e. the simulator, unless allowed).
"""

import ipaddress
import re
from urllib.parse import urlsplit

from bcs_tui.api.errors import ConfigError

KNOWN_REGIONS: tuple[str, ...] = ("cn-north-1", "cn-north-4", "cn-south-1", "cn-east-2")
"""Regions the provider's SDK knows for BCS; others need an explicit endpoint."""

GLOBAL_IAM_ENDPOINT = "https://iam.myhuaweicloud.com"
"""IAM's global endpoint: where project listings go when no region names another."""

# Region IDs look like "cn-north-4" or "ap-southeast-1": letters, dashes, a trailing number.
_REGION_PATTERN = re.compile(r"[a-z]{2}(?:-[a-z]+)+-[0-9]{1,3}")
_MAX_URL_LENGTH = 2048


def _checked_region(region: str) -> str:
    cleaned = region.strip().lower()
    if not _REGION_PATTERN.fullmatch(cleaned):
        shown = region if len(region) <= 40 else region[:40] + "..."
        raise ConfigError(
            f"region {shown!r} is not a region ID such as {KNOWN_REGIONS[-1]}"
            f" (known: {', '.join(KNOWN_REGIONS)})"
        )
    return cleaned


def region_endpoint(region: str) -> str:
    """``cn-north-4`` -> ``https://bcs.cn-north-4.myhuaweicloud.com``."""
    return f"https://bcs.{_checked_region(region)}.myhuaweicloud.com"


def iam_endpoint_for_region(region: str) -> str:
    """``cn-north-4`` -> ``https://iam.cn-north-4.myhuaweicloud.com``."""
    return f"https://iam.{_checked_region(region)}.myhuaweicloud.com"


def region_override_env_name(region: str) -> str:
    """The SDKs' per-region override variable: ``HUAWEICLOUD_SDK_REGION_BCS_CN_NORTH_4``.

    Any region name has one (a private region's name need not look like ``cn-north-4``: its
    endpoint comes from this variable or the profile, never from ``region_endpoint``)."""
    return "HUAWEICLOUD_SDK_REGION_BCS_" + region.strip().upper().replace("-", "_")


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` and ``::1``: traffic that never leaves the machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str, *, allow_http: bool = False) -> str:
    """The endpoint normalised (scheme and host lower-cased, no trailing ``/``).

    Raises ``ConfigError`` for anything that is not a bare ``scheme://host[:port]``."""
    text = url.strip()
    if not text or len(text) > _MAX_URL_LENGTH or any(ch.isspace() for ch in text):
        raise ConfigError(
            "the endpoint must be a URL such as https://bcs.cn-north-4.myhuaweicloud.com"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"the endpoint is not a valid URL: {error}") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        raise ConfigError("the endpoint must start with https:// and name a host")
    if parts.username is not None or parts.password is not None:
        # Never echo the URL here: the user info may hold a password.
        raise ConfigError("the endpoint must not contain a user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ConfigError("the endpoint must be scheme://host[:port] with no path or query")
    if scheme == "http" and not allow_http and not is_loopback_host(host):
        raise ConfigError(
            f"refusing plain http:// to {host}: credentials would travel unencrypted"
            " (use https://, or allow http explicitly)"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{scheme}://{netloc}"
