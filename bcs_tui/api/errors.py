"""Typed errors of the client. Which exit code each means is the command line's business
(``cli.exit_code_for``), not the client's.

Text that came from the server (``error_code``, ``error_msg``) is untrusted: whoever prints
an error passes it through ``bcs_tui.base.safe_text.safe_text``.
"""


class BcsError(Exception):
    """Base of every error the program reports to the user instead of a traceback."""


class ConfigError(BcsError):
    """Bad flags, environment, credentials or config file: the user can fix it."""


class InvalidFilterError(ConfigError):
    """A query filter value the API does not accept; caught before anything is sent."""


class ApiError(BcsError):
    """The service answered with an error status (after any retries)."""

    def __init__(
        self,
        status: int,
        error_code: str | None = None,
        error_msg: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        super().__init__(self.describe())

    def describe(self) -> str:
        parts = [f"HTTP {self.status}"]
        if self.error_code:
            parts.append(self.error_code)
        text = " ".join(parts)
        if self.error_msg:
            text += f": {self.error_msg}"
        if self.request_id:
            text += f" (request ID {self.request_id})"
        return text


class AuthError(ApiError):
    """401 or 403: credentials refused or no permission."""


class NetworkError(BcsError):
    """No usable answer: connection refused or reset, DNS or TLS failure, timeout."""


class BadResponseError(BcsError):
    """A success status whose body is not the documented JSON (or is too large to accept)."""
