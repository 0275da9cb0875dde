"""Error bodies of every shape the platform sends, turned into typed, capped, inert errors."""

import json

import pytest

from bcs_tui.api.error_body import MAX_ERROR_TEXT, api_error, error_fields
from bcs_tui.api.errors import ApiError, AuthError

from .reference import reference_json


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({"error_code": "BCS.4006005", "error_msg": "bad key"}, "BCS.4006005", "bad key"),
        ({"code": "BCS.5000500", "message": "oops"}, "BCS.5000500", "oops"),
        ({"errorCode": "BCS.4040404", "errorMsg": "missing"}, "BCS.4040404", "missing"),
        (
            {
                "error": {
                    "code": "APIGW.0301",
                    "message": "Incorrect IAM authentication information",
                }
            },
            "APIGW.0301",
            "Incorrect IAM authentication information",
        ),
        ({"error": {"error_code": "X.1", "error_msg": "nested"}}, "X.1", "nested"),
        (
            {"error_code": "APIGW.0101", "error_msg": "The API does not exist"},
            "APIGW.0101",
            "The API does not exist",
        ),
        ({"error": "plain words"}, None, "plain words"),
        ({"code": 500, "message": None}, "500", None),
        ({"unrelated": 1}, None, "error body without a code or message"),
        ([1, 2], None, "unexpected error body (a JSON array)"),
    ],
)
def test_json_shapes(body: object, code: str | None, message: str | None) -> None:
    assert error_fields(json.dumps(body).encode(), "application/json") == (code, message)


def test_html_502_names_the_content_type_and_does_not_dump_html() -> None:
    html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    code, message = error_fields(html, "text/html; charset=utf-8")
    assert (code, message) == (None, "non-JSON response (text/html)")


def test_empty_and_untyped_bodies() -> None:
    assert error_fields(b"", None) == (None, "empty response body")
    assert error_fields(b"oops", None) == (None, "non-JSON response (no content type)")


def test_server_text_is_capped_and_made_inert() -> None:
    body = json.dumps({"error_code": "X\x1b[2J", "error_msg": "A" * 5000}).encode()
    code, message = error_fields(body, "application/json")
    assert code is not None and "\x1b" not in code
    assert message is not None and len(message) == MAX_ERROR_TEXT


@pytest.mark.parametrize("status", ["400", "401", "403", "404", "500"])
def test_published_error_examples(status: str) -> None:
    example = reference_json("list-op-record-errors.json")[status]
    error = api_error(int(status), json.dumps(example).encode(), "application/json", "req-1")
    assert type(error) is (AuthError if status in ("401", "403") else ApiError)
    assert (error.status, error.error_code, error.error_msg, error.request_id) == (
        int(status),
        example["error_code"],
        example["error_msg"],
        "req-1",
    )
    assert (
        str(error)
        == f"HTTP {status} {example['error_code']}: {example['error_msg']} (request ID req-1)"
    )


def test_iam_style_numeric_code_equal_to_the_status_is_not_repeated() -> None:
    body = json.dumps({"error": {"code": 401, "message": "The username or password is wrong."}})
    error = api_error(401, body.encode(), "application/json", None)
    assert str(error) == "HTTP 401: The username or password is wrong."
