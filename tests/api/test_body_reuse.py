"""Reading a body record by record (with reuse of unchanged records) must give exactly what
the ordinary parse gives, for any body; and must reuse only what is really unchanged."""

import copy
import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bcs_tui.api.body_reuse import BodyReuse, BodyReuseByQuery
from bcs_tui.api.client import _parse_records
from bcs_tui.api.errors import BadResponseError
from bcs_tui.api.models import RecordList
from bcs_tui.api.record_stream import stream_body
from tests.core.view_records import example_raw
from tests.json_values import json_values as json_values_of


def _view(result: RecordList) -> Any:
    return (
        result.count,
        [(r.to_api_json(), r.invalid_reason, dataclasses.asdict(r)) for r in result.records],
    )


def _both(body: bytes) -> tuple[Any, Any]:
    try:
        ordinary = _view(_parse_records(body))
    except BadResponseError as error:
        ordinary = ("error", str(error))
    try:
        reused = _view(_primed().records(body))
    except BadResponseError as error:
        reused = ("error", str(error))
    return ordinary, reused


def _primed() -> BodyReuse:
    """A reader past its first body: later bodies take the record-by-record path."""
    reader = BodyReuse(_parse_records)
    reader.records(b'{"count": 0, "operation_records": []}')
    return reader


json_values = json_values_of(int_bits=70)
record_fields = st.sampled_from(
    ["operation_id", "operation_status", "record_time", "operation_process", "message", "x"]
)
records = st.one_of(
    st.just(example_raw()),
    st.dictionaries(record_fields, json_values, max_size=4),
    json_values,
)
bodies = st.fixed_dictionaries(
    {"operation_records": st.lists(records, max_size=4)},
    optional={"count": json_values, "extra": json_values},
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bodies, st.sampled_from([None, 2]), st.sampled_from([(",", ":"), (", ", ": ")]))
def test_same_result_as_the_ordinary_parse(
    payload: dict[str, Any], indent: int | None, separators: tuple[str, str]
) -> None:
    body = json.dumps(payload, indent=indent, separators=separators).encode()
    ordinary, reused = _both(body)
    assert reused == ordinary


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b"{}",
        b'{"operation_records": {}}',
        b'{"operation_records": null}',
        b'{"operation_records": [1,]}',
        b'{"operation_records": [], }',
        b'{"operation_records": []} x',
        b'{"operation_records": [{"record_time": NaN}]}',
        b'{"operation_records": [{"record_time": ' + b"9" * 5000 + b"}]}",
        b'{"operation_records": [{"operation_id": "\\ud800"}]}',
        b'\xef\xbb\xbf{"operation_records": []}',
        b'{"operation_records": [{"operation_id": "a"}], "operation_records": []}',
        b'{"count": 1, "count": true, "operation_records": [{}]}',
        b'{"operation_records": [{"operation_id": "\xff"}]}',
        b'{"operation_records": [{"operation_id": "a"}',
    ],
)
def test_unusual_bodies_read_as_the_ordinary_parse_reads_them(body: bytes) -> None:
    ordinary, reused = _both(body)
    assert reused == ordinary


def test_a_plain_body_is_streamed_record_by_record() -> None:
    raws = [example_raw(), {"operation_id": "b"}]
    body = json.dumps({"count": 2, "operation_records": raws}, indent=1).encode()
    streamed = stream_body(body, lambda fingerprint, raw: (fingerprint, raw))
    assert streamed is not None and streamed.count == 2
    assert [raw for _, raw in streamed.records] == raws
    first, second = (fingerprint for fingerprint, _ in streamed.records)
    assert first != second


def _body(*raws: dict[str, Any]) -> bytes:
    return json.dumps({"count": len(raws), "operation_records": list(raws)}).encode()


def test_only_changed_records_get_new_models() -> None:
    first, second = copy.deepcopy(example_raw()), copy.deepcopy(example_raw())
    first["operation_id"], second["operation_id"] = "op-1", "op-2"
    reader = _primed()
    before = reader.records(_body(first, second))
    second["operation_status"] = "finished"
    after = reader.records(_body(first, second))
    assert after is not before
    assert after.records[0] is before.records[0]
    assert after.records[1] is not before.records[1]
    assert after.records[1].operation_status == "finished"
    assert reader.records(_body(first, second)) is after


def test_later_bodies_reuse_the_records_of_earlier_ones() -> None:
    raw = copy.deepcopy(example_raw())
    reader = BodyReuse(_parse_records)
    first = reader.records(_body(raw))
    raw["desc"] = "changed"
    second = reader.records(_body(raw, example_raw()))
    third = reader.records(_body(raw))
    assert first.records[0] is not second.records[0]
    assert third.records[0] is second.records[0]


def test_the_second_body_keeps_records_equal_to_the_first_ones() -> None:
    one, two = copy.deepcopy(example_raw()), copy.deepcopy(example_raw())
    one["operation_id"], two["operation_id"] = "op-1", "op-2"
    reader = BodyReuse(_parse_records)
    first = reader.records(_body(one, two))
    two["desc"] = "changed"
    second = reader.records(_body(one, two))
    assert second.records[0] is first.records[0]
    assert second.records[1] is not first.records[1]
    assert second.records[1].desc == "changed"


def test_a_body_that_fails_is_not_remembered() -> None:
    reader = _primed()
    for _ in range(2):
        with pytest.raises(BadResponseError):
            reader.records(b"{not json")


def test_each_query_keeps_its_own_body_so_small_polls_cost_the_whole_list_nothing() -> None:
    one, two = copy.deepcopy(example_raw()), copy.deepcopy(example_raw())
    one["operation_id"], two["operation_id"] = "op-1", "op-2"
    reader = BodyReuseByQuery(_parse_records, keep=2)
    whole = reader.records({}, _body(one, two))
    alone = reader.records({"operation_id": "op-2"}, _body(two))
    assert reader.records({"operation_id": "op-2"}, _body(two)) is alone
    assert reader.records({}, _body(one, two)) is whole  # not parsed again
    reader.records({"operation_id": "op-1"}, _body(one))
    reader.records({"operation_id": "op-2"}, _body(two))  # the whole list is now the oldest
    assert reader.records({}, _body(one, two)) is not whole


def _keyed(raw: Any, operation_id: str) -> Any:
    """``raw`` led by an ``operation_id`` key (the key the cuts look for), when a dict."""
    return {"operation_id": operation_id, **raw} if isinstance(raw, dict) else raw


nested_traps = st.sampled_from(
    [
        # Objects inside a record led by the same key: a cut there must be refused.
        {"operation_id": "n", "sub": [{"operation_id": "x"}, {"operation_id": "y"}]},
        {"operation_id": "s", "message": '},{"operation_id":"fake"}'},
        {"operation_id": "t", "message": '\\"},{\\"operation_id\\":1'},
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.one_of(records, nested_traps), max_size=5),
    st.lists(st.one_of(records, nested_traps), max_size=5),
    st.data(),
    st.sampled_from([None, 2]),
    st.sampled_from([(",", ":"), (", ", ": ")]),
)
def test_a_later_body_reusing_some_records_reads_as_the_ordinary_parse(
    first: list[Any],
    fresh: list[Any],
    data: st.DataObject,
    indent: int | None,
    separators: tuple[str, str],
) -> None:
    """The third body of a reader (the first one with fingerprints to reuse) mixes records
    of the second, unchanged, with new ones, nested traps for the cuts included."""
    first = [_keyed(raw, f"op-{index}") for index, raw in enumerate(first)]
    mixed = [*first, *fresh]
    later = data.draw(st.permutations(mixed)).copy() if mixed else []
    payloads = [
        {"count": len(first), "operation_records": first},
        {"count": len(first), "operation_records": first, "extra": first[:2]},
        {"count": len(later), "operation_records": later},
    ]
    reader = _primed()
    for payload in payloads:
        body = json.dumps(payload, indent=indent, separators=separators).encode()
        expected = _view(_parse_records(body))
        assert _view(reader.records(body)) == expected


def test_records_seen_before_are_not_decoded_again() -> None:
    raws = [{**copy.deepcopy(example_raw()), "operation_id": f"op-{i}"} for i in range(5)]
    body = json.dumps({"count": 5, "operation_records": raws}).encode()
    first = stream_body(body, lambda fingerprint, raw: (fingerprint, raw))
    assert first is not None
    seen = {fingerprint: raw for fingerprint, raw in first.records}
    raws[3]["desc"] = "changed"
    decoded: list[Any] = []
    again = stream_body(
        json.dumps({"count": 5, "operation_records": raws}).encode(),
        lambda fingerprint, raw: decoded.append(raw) or (fingerprint, raw),
        lambda fingerprint: (fingerprint, seen[fingerprint]) if fingerprint in seen else None,
    )
    assert again is not None and [raw for _, raw in again.records] == raws
    assert decoded == [raws[3]]


def test_a_body_read_in_pieces_reads_as_the_whole_body_and_the_pieces_are_let_go() -> None:
    one, two = copy.deepcopy(example_raw()), copy.deepcopy(example_raw())
    one["operation_id"], two["operation_id"] = "op-1", "op-2"
    body = _body(one, two)
    pieces = [body[i : i + 100] for i in range(0, len(body), 100)]
    reader = BodyReuse(_parse_records)
    result = reader.records_of_chunks(pieces)
    assert pieces == []  # consumed: the caller holds no copy of the body
    assert _view(result) == _view(_parse_records(body))
    again = [body[:7], body[7:]]
    assert reader.records_of_chunks(again) is result and again == []
    two["desc"] = "changed"
    changed = reader.records_of_chunks([_body(one, two)])
    assert changed.records[0] is result.records[0]
    assert changed.records[1].desc == "changed"
