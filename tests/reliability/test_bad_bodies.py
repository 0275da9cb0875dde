"""Bad input through the real client, over loopback: whatever bytes a 200 carries, the client
returns records or raises its own typed error, never anything else; a bad record comes back
invalid with its reason while the good records around it come back whole; and everything the
command line and the dashboard then do with the records (table, detail, JSON export) works.

(``test_parse_properties.py`` covers the parser and time formatting on decoded values; this
file adds what only raw bodies can carry: truncation, duplicate keys, NaN, huge integers,
lone surrogates, invalid UTF-8, NUL bytes, and sheer size.)
"""

import asyncio
import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcs_tui.api.auth import TokenAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import BadResponseError
from bcs_tui.api.models import RecordList
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.core.detail_view import TimeContext, detail_lines
from bcs_tui.core.listing import SortColumn, keyed_records, sort_records
from bcs_tui.core.record_view import row_view
from bcs_tui.core.status_view import glyph_set
from bcs_tui.output import print_records_table
from tests.api.canned import CannedServer, http_answer
from tests.core.view_records import plain_text
from tests.reliability.records import GOOD_RECORD

NOW = 1_767_225_600_000_000_000
GOOD = GOOD_RECORD
GOOD_JSON = json.dumps(GOOD)


class LoopbackServer:
    """The canned server on its own loop in a thread, so each example is one real request."""

    def __init__(self) -> None:
        self.canned = CannedServer(b"")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        start = asyncio.start_server(self.canned.handle, "127.0.0.1", 0)
        self._server = asyncio.run_coroutine_threadsafe(start, self._loop).result(10)
        self.endpoint = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

        # One client on one private loop for every example: building a client per example
        # (TLS context included) would cost more than the request.
        self._client_loop = asyncio.new_event_loop()
        self.client = BcsClient(
            endpoint=self.endpoint,
            project_id="p",
            auth=TokenAuth("t"),
            retry=RetryPolicy(attempts=1),
            timeout_s=10,
        )

    def close(self) -> None:
        self._client_loop.run_until_complete(self.client.aclose())
        self._client_loop.close()
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def fetch(self, body: bytes) -> RecordList:
        self.canned.answer = http_answer("200 OK", body)
        return self._client_loop.run_until_complete(self.client.list_records())


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer()
    yield running
    running.close()


def use_everywhere(result: RecordList) -> None:
    """What the program does with records: none of it may raise."""
    glyphs = glyph_set(False)
    keyed = keyed_records(result.records)
    for column in SortColumn:
        sort_records(keyed, column, reverse=False, now=NOW)
    for key, record in keyed:
        row_view(key, record, NOW, glyphs)
        plain_text(detail_lines(record, TimeContext(now=NOW, utc=True), glyphs, 80))
    table = io.StringIO()
    print_records_table(result, utc=True, stream=table, now=NOW)
    table.getvalue().encode("utf-8")  # what a terminal or pipe needs
    # --json and the dashboard's export: always JSON that another program can read.
    exported = json.dumps(result.to_api_json(), allow_nan=False, ensure_ascii=False)
    exported.encode("utf-8")
    json.loads(exported)


# Pieces of text a broken or hostile server could put in place of one record.
BAD_RECORDS = st.sampled_from(
    [
        '{"operation_id": "dup", "operation_id": "dup2", "record_time": 1, "record_time": "x"}',
        '{"operation_id": "huge", "record_time": ' + "9" * 5000 + "}",
        '{"operation_id": "huge2", "record_time": 123456789012345678901234567890}',
        '{"operation_id": "nan", "record_time": NaN, "desc": Infinity}',
        '{"operation_id": "neg", "record_time": -1618218591906100000}',
        '{"operation_id": "future", "record_time": 99999999999999999999}',
        '{"operation_id": "float", "record_time": 1.5e300}',
        '{"operation_id": "lone \\ud800 surrogate", "desc": "\\udfff"}',
        '{"operation_id": "nul \\u0000 byte", "operation_status": "a\\u0000b"}',
        '{"operation_id": "backwards", "operation_process": {"s": {"serial_num": 1,'
        ' "sub_steps": {"x": {"start_time": 1618218591951266001, "end_time": 5}}}}}',
        '{"operation_id": "steps-null", "operation_process": {"s": null, "t": 3}}',
        '{"operation_id": 12345678901234567890, "message": {"not": "lines"}}',
        '"just a string"',
        "[1, 2, 3]",
        "null",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bad=st.lists(BAD_RECORDS, min_size=1, max_size=3), where=st.integers(0, 2))
def test_bad_records_among_good_ones(server: LoopbackServer, bad: list[str], where: int) -> None:
    pieces = [GOOD_JSON, GOOD_JSON]
    pieces[where:where] = bad
    body = ('{"count": 9, "operation_records": [' + ", ".join(pieces) + "]}").encode()
    result = server.fetch(body)
    assert len(result.records) == len(pieces)
    good = [record for record in result.records if record.operation_id == GOOD["operation_id"]]
    assert len(good) == 2 and all(record.is_valid for record in good)
    for record in result.records:
        assert record.is_valid or record.invalid_reason
    use_everywhere(result)


def test_invalid_utf8_spoils_only_its_own_text(server: LoopbackServer) -> None:
    body = (
        b'{"operation_records": [' + GOOD_JSON.encode() + b', {"operation_id": "bad \xff\xfe'
        b' bytes", "record_time": 1}, ' + GOOD_JSON.encode() + b"]}"
    )
    result = server.fetch(body)
    assert [record.is_valid for record in result.records] == [True, True, True]
    assert result.records[1].operation_id == "bad \ufffd\ufffd bytes"
    use_everywhere(result)


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(GOOD_JSON) * 2 + 40))
def test_truncated_bodies_are_a_typed_error(server: LoopbackServer, cut: int) -> None:
    body = ('{"count": 2, "operation_records": [' + GOOD_JSON + ", " + GOOD_JSON + "]}").encode()
    truncated = body[:cut]
    try:
        result = server.fetch(truncated)
    except BadResponseError as error:
        assert "200" in str(error)
    else:
        use_everywhere(result)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300))
def test_arbitrary_bytes_are_records_or_a_typed_error(server: LoopbackServer, body: bytes) -> None:
    try:
        result = server.fetch(body)
    except BadResponseError:
        return
    use_everywhere(result)


def _huge_record(steps: int, text_size: int) -> dict[str, Any]:
    long = "x" * text_size
    return {
        **GOOD,
        "operation_id": "huge-record",
        "desc": long,
        "blockchain_name": long,
        "operation_process": {
            f"step {index}": {
                "step_name": f"step {index}",
                "status": "finished",
                "serial_num": steps - index,
                "sub_steps": {},
            }
            for index in range(steps)
        },
    }


def test_a_record_with_100000_steps_and_1_mib_strings(server: LoopbackServer) -> None:
    body = json.dumps({"operation_records": [GOOD, _huge_record(100_000, 1 << 20), GOOD]}).encode()
    result = server.fetch(body)
    assert [record.is_valid for record in result.records] == [True, True, True]
    huge = result.records[1]
    ordered = huge.ordered_steps()
    assert len(ordered) == 100_000 and ordered[0][0] == "step 99999"
    assert len(huge.desc or "") == 1 << 20
    table = io.StringIO()
    print_records_table(result, utc=True, stream=table, now=NOW)
    assert all(len(line) < 400 for line in table.getvalue().splitlines())
