"""The official SDK (``huaweicloudsdkbcs``) as a peer: its ``list_op_record`` against the
same simulator. Optional: CI installs only the test extra, so a missing SDK is reported,
not fatal."""

from collections.abc import Callable

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK

SDK_MISSING = "SDK not installed"


def sdk_fetcher(endpoint: str) -> Callable[[], int] | None:
    """A function doing one ``list_op_record`` call and returning the record count, or
    ``None`` when the SDK cannot be imported."""
    try:
        from huaweicloudsdkbcs.v2 import BcsClient, ListOpRecordRequest
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkcore.http.http_config import HttpConfig
    except ImportError:
        return None
    config = HttpConfig.get_default_config()
    # The simulator speaks plain http on loopback; the SDK accepts an http endpoint as is.
    config.ignore_ssl_verification = True
    credentials = BasicCredentials(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID)
    client = (
        BcsClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([endpoint])
        .build()
    )

    def fetch() -> int:
        response = client.list_op_record(ListOpRecordRequest())
        return len(response.operation_records or [])

    return fetch
