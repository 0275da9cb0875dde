"""The blockchain answers are untrusted: odd and hostile values never reject a whole answer."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bcs_tui.api.blockchains import (
    BasicInfo,
    BlockchainDetail,
    BlockchainStatus,
    ResourceState,
    parse_blockchain_detail,
    parse_blockchain_list,
    parse_blockchain_status,
)
from bcs_tui.api.models import PayloadShapeError
from tests.json_values import json_values

BASIC_MEMBERS = list(BasicInfo.model_fields)
DETAIL_MEMBERS = list(BlockchainDetail.model_fields)
STATUS_MEMBERS = [*BlockchainStatus.model_fields, "cce.cluster", "cce.network"]


def test_unknown_status_words_are_kept_as_received() -> None:
    detail = parse_blockchain_detail(
        {"basic_info": {"status": "Melting", "process_status": "IsDancing\x1b[2J"}}
    )
    assert detail.basic_info.status == "Melting"
    assert detail.basic_info.process_status == "IsDancing\x1b[2J"


def test_missing_members_are_absent_not_errors() -> None:
    detail = parse_blockchain_detail({})
    assert detail.basic_info == BasicInfo() and detail.channels == []
    assert detail.orderer_info is None
    assert parse_blockchain_status({}).parts() == []
    empty = parse_blockchain_list({"blockchains": None})
    assert (empty.count, empty.blockchains) == (0, [])


def test_wrong_types_read_as_absent_and_numbers_as_text() -> None:
    detail = parse_blockchain_detail(
        {
            "basic_info": {
                "id": 12,
                "name": ["x"],
                "is_support_rollback": "true",
                "charging_mode": "1",
                "order_status": "²",
                "deploy_status": True,
                "unknown": {"deep": 1},
            },
            "channels": [None, 3, {"name": "ch", "org_names": ["a", 5, None], "peers": []}],
            "peer_info": {"not": "a list"},
            "orderer_info": "text",
        }
    )
    info = detail.basic_info
    assert (info.id, info.name, info.is_support_rollback) == ("12", None, None)
    assert (info.charging_mode, info.order_status, info.deploy_status) == (1, None, None)
    assert [channel.name for channel in detail.channels] == ["ch"]
    assert detail.channels[0].org_names == ["a", "5"] and detail.channels[0].peers == {}
    assert detail.peer_info == [] and detail.orderer_info is None


def test_status_parts_in_reading_order() -> None:
    part = {"status": "Normal", "detail": "ok", "start_time": 5}
    status = parse_blockchain_status(
        {"cce": {"security_group": part, "cluster": "?"}, "eip": part, "bcs": part, "kafka": []}
    )
    labels = [label for label, _ in status.parts()]
    assert labels == ["BCS", "Elastic IP", "Security group"]
    assert status.eip == ResourceState(start_time="5", status="Normal", detail="ok")


def test_the_list_keeps_its_objects_and_counts_them_when_count_is_odd() -> None:
    listed = parse_blockchain_list(
        {"blockchains": [{"id": "a", "name": "one"}, "junk", {"id": None}], "count": True}
    )
    assert [chain.id for chain in listed.blockchains] == ["a", None]
    assert listed.count == 2
    assert parse_blockchain_list({"blockchains": [], "count": 40}).count == 40


@pytest.mark.parametrize("body", [[], "text", None, 3])
def test_a_body_that_is_not_an_object_is_refused(body: Any) -> None:
    for parse in (parse_blockchain_list, parse_blockchain_detail, parse_blockchain_status):
        with pytest.raises(PayloadShapeError):
            parse(body)
    with pytest.raises(PayloadShapeError):
        parse_blockchain_list({"blockchains": {"id": "a"}})


def _nested(path: str, value: Any) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    return {head: _nested(rest, value) if rest else value}


@settings(max_examples=150, deadline=None)
@given(
    member=st.sampled_from(BASIC_MEMBERS),
    value=json_values(),
    other=st.sampled_from(DETAIL_MEMBERS),
    other_value=json_values(),
)
def test_any_value_in_any_detail_member_is_tolerated(
    member: str, value: Any, other: str, other_value: Any
) -> None:
    raw = {"basic_info": {"name": "kept", member: value}, other: other_value}
    if other == "basic_info":
        raw = {"basic_info": {"name": "kept", member: value}}
    detail = parse_blockchain_detail(raw)
    if member != "name":
        assert detail.basic_info.name == "kept"
    kept = getattr(detail.basic_info, member)
    assert kept is None or isinstance(kept, str | bool | int)


@settings(max_examples=100, deadline=None)
@given(member=st.sampled_from(STATUS_MEMBERS), value=json_values())
def test_any_value_in_any_status_member_is_tolerated(member: str, value: Any) -> None:
    raw = {"bcs": {"status": "Normal"}, **_nested(member, value)} if member != "bcs" else {}
    status = parse_blockchain_status(raw)
    if member != "bcs":
        assert status.bcs == ResourceState(status="Normal")
    for _, part in status.parts():
        assert all(text is None or isinstance(text, str) for text in part.model_dump().values())


@settings(max_examples=100, deadline=None)
@given(items=st.lists(json_values(), max_size=4), count=json_values())
def test_any_list_items_are_tolerated(items: list[Any], count: Any) -> None:
    listed = parse_blockchain_list({"blockchains": items, "count": count})
    assert len(listed.blockchains) == sum(isinstance(item, dict) for item in items)
