"""The blockchain-instance answers (list, detail, resource status), parsed tolerantly.

Same rules as the operation records: the data is untrusted, every member is optional,
unknown members are ignored and status words stay open strings (an unknown one is kept as
received, for the screen to show through ``safe_text``). One step further than the records:
a member of the wrong type never rejects its object, it reads as absent, because these
answers are a health view beside the records and a half-read chain still says something.
Only a body that is not a JSON object (or whose ``blockchains`` is not a list) is refused.
"""

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bcs_tui.api.models import PayloadShapeError, json_kind

CHAIN_STATUSES = ("Normal", "Abnormal", "EipAbnormal", "Freeze", "Hibernation")
"""``basic_info.status`` values the reference documents; any other means unknown."""

PROCESS_STATUSES = ("IsCreating", "IsUpgrading", "IsScaling", "IsDeleting", "IsAdding")
"""``basic_info.process_status`` values the reference documents; empty means idle."""


def _text(value: Any) -> str | None:
    """A string as sent; a number as its text (JSON gives no other way to misspell one);
    anything else (object, list, boolean, null) as absent."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _number(value: Any) -> int | None:
    """An integer code; its text form (``"1"``) is read too, anything else is absent."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
    # ASCII only: ``isdigit`` also accepts superscripts, which ``int`` refuses.
    if digits.isascii() and digits.isdigit() and len(digits) < 20:
        return int(value)
    return None


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [text for text in map(_text, value) if text is not None]


def _objects(value: Any) -> list[Any]:
    """Only the objects of a list: a stray item never hides its neighbours."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _object(value: Any) -> Any:
    return value if isinstance(value, dict) else None


def _peers(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(org): _texts(names) for org, names in value.items()}


Text = Annotated[str | None, BeforeValidator(_text)]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
Number = Annotated[int | None, BeforeValidator(_number)]
Texts = Annotated[list[str], BeforeValidator(_texts)]

_CONFIG = ConfigDict(frozen=True, extra="ignore")


class _Part(BaseModel):
    model_config = _CONFIG


class BlockchainSummary(_Part):
    """One item of "list blockchains"."""

    id: Text = None
    name: Text = None


class BlockchainList(_Part):
    count: int
    blockchains: list[BlockchainSummary]


class BasicInfo(_Part):
    id: Text = None
    name: Text = None
    version: Text = None
    service_type: Text = None
    consensus: Text = None
    status: Text = None
    """See ``CHAIN_STATUSES``; anything else is kept as received."""
    process_status: Text = None
    """See ``PROCESS_STATUSES``; empty or absent when nothing is being done."""
    created_time: Text = None
    """As sent: its format is not guaranteed."""
    cluster_name: Text = None
    cluster_type: Text = None
    cluster_az: Text = None
    cluster_id: Text = None
    deploy_type: Text = None
    is_support_rollback: Flag = None
    charging_mode: Number = None
    order_status: Number = None
    deploy_status: Number = None


class Channel(_Part):
    name: Text = None
    org_names: Texts = Field(default_factory=list)
    org_name_hash: Texts = Field(default_factory=list)
    peers: Annotated[dict[str, list[str]], BeforeValidator(_peers)] = Field(default_factory=dict)


class NodeGroup(_Part):
    """A group of nodes (peers, orderers, an add-on's workload)."""

    name: Text = None
    node_cnt: Number = None
    status: Text = None
    status_detail: Text = None
    pvc_name: Text = None
    address: Texts = Field(default_factory=list)


NodeGroups = Annotated[list[NodeGroup], BeforeValidator(_objects)]
OneNodeGroup = Annotated[NodeGroup | None, BeforeValidator(_object)]
Extra = Annotated[dict[str, Any] | None, BeforeValidator(_object)]


class BlockchainDetail(_Part):
    """ "Show one blockchain". The dependency objects (CouchDB, Kafka, storage...) are kept
    as received: only their presence and the few words shown matter here."""

    basic_info: Annotated[BasicInfo, BeforeValidator(lambda value: _object(value) or {})] = Field(
        default_factory=BasicInfo
    )
    channels: Annotated[list[Channel], BeforeValidator(_objects)] = Field(default_factory=list)
    peer_info: NodeGroups = Field(default_factory=list)
    light_peer_info: NodeGroups = Field(default_factory=list)
    orderer_info: OneNodeGroup = None
    agent_info: OneNodeGroup = None
    restapi_info: OneNodeGroup = None
    tc3_taskserver_info: OneNodeGroup = None
    couch_db_info: Extra = None
    dms_kafka_info: Extra = None
    ief_info: Extra = None
    sfs_info: Extra = None
    obs_bucket_info: Extra = None
    evs_pvc_info: Extra = None


class ResourceState(_Part):
    """One dependency's state in "show blockchain status"."""

    start_time: Text = None
    end_time: Text = None
    status: Text = None
    detail: Text = None


OnePart = Annotated[ResourceState | None, BeforeValidator(_object)]


class ClusterState(_Part):
    cluster: OnePart = None
    network: OnePart = None
    security_group: OnePart = None


class BlockchainStatus(_Part):
    """ "Show blockchain status": which dependency is in which state; any part may be absent."""

    bcs: OnePart = None
    eip: OnePart = None
    sfs: OnePart = None
    obs: OnePart = None
    kafka: OnePart = None
    cce: Annotated[ClusterState | None, BeforeValidator(_object)] = None

    def parts(self) -> list[tuple[str, ResourceState]]:
        """(label, state) of each part present, in the order an operator reads them."""
        cluster = self.cce or ClusterState()
        named: list[tuple[str, ResourceState | None]] = [
            ("BCS", self.bcs),
            ("Elastic IP", self.eip),
            ("File storage", self.sfs),
            ("Object storage", self.obs),
            ("Kafka", self.kafka),
            ("Cluster", cluster.cluster),
            ("Cluster network", cluster.network),
            ("Security group", cluster.security_group),
        ]
        return [(label, state) for label, state in named if state is not None]


def _object_payload(payload: Any) -> Mapping[str, Any]:
    if not isinstance(payload, dict):
        raise PayloadShapeError(f"expected a JSON object, got {json_kind(payload)}")
    return payload


def parse_blockchain_list(payload: Any) -> BlockchainList:
    """The decoded body of "list blockchains"; ``count`` as sent when it is an integer."""
    body = _object_payload(payload)
    raw = body.get("blockchains")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise PayloadShapeError("blockchains is not a list")
    chains = [BlockchainSummary.model_validate(item) for item in _objects(raw)]
    count = body.get("count")
    if not isinstance(count, int) or isinstance(count, bool):
        count = len(chains)
    return BlockchainList(count=count, blockchains=chains)


def parse_blockchain_detail(payload: Any) -> BlockchainDetail:
    return BlockchainDetail.model_validate(_object_payload(payload))


def parse_blockchain_status(payload: Any) -> BlockchainStatus:
    return BlockchainStatus.model_validate(_object_payload(payload))
