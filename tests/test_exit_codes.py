"""Each error the program reports exits with the code ``--help`` documents for it."""

import re

import pytest

from bcs_tui.api.errors import (
    ApiError,
    AuthError,
    BadResponseError,
    BcsError,
    ConfigError,
    InvalidFilterError,
    NetworkError,
)
from bcs_tui.cli import EXIT_CODES_HELP, exit_code_for
from bcs_tui.exit_codes import ExitCode
from bcs_tui.watch import OperationNotFoundError


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError("no project ID"), 2),
        (InvalidFilterError("operation_status must be one of ..."), 2),
        (OperationNotFoundError("operation 'x' is not among the records"), 2),
        (AuthError(401, "BCS.4010401"), 3),
        (AuthError(403, "BCS.4030403"), 3),
        (ApiError(500, "BCS.5000500"), 4),
        (NetworkError("connection refused"), 5),
        (BadResponseError("the body is not JSON"), 6),
        (BcsError("any other reported error"), 4),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else str(value),
)
def test_each_error_exits_with_its_documented_code(error: BcsError, code: int) -> None:
    assert exit_code_for(error) == code


def test_the_help_documents_every_exit_code() -> None:
    documented = {int(number) for number in re.findall(r"^  (\d+)  ", EXIT_CODES_HELP, re.M)}
    assert documented == {int(code) for code in ExitCode}
