"""The blockchain instances the operations act on, as the three blockchain APIs show them.

Pure: a chain's answer is a function of the chain, its place in the fleet and what its
operations are doing at the moment asked (``ChainActivity``, from the engine). So a chain
with an upgrade running is ``IsUpgrading``, and after the upgrade it may be rolled back.
One chain (the second, when there are two) has lost its elastic IP binding: ``Abnormal``,
its ``eip`` part says why, whatever its operations do.
"""

import random
from dataclasses import dataclass
from typing import Any

from bcs_tui.sim.catalog import BLOCKCHAIN_RESOURCE_TYPES
from bcs_tui.sim.plan import Blockchain

PROCESS_BY_OPERATION = {
    "99": "IsCreating",
    "00": "IsDeleting",
    "01": "IsUpgrading",
    "91": "IsUpgrading",
    "03": "IsScaling",
    "02": "IsAdding",
    "04": "IsAdding",
    "05": "IsAdding",
}
"""What a running blockchain operation (by its type code) makes the chain's process status."""

EIP_BROKEN_INDEX = 1
"""The chain whose elastic IP is unbound (by its place in the simulation's list)."""

VERSIONS = ("v2.2.1", "v2.1.3", "v2.0.7")
CONSENSUS = ("raft", "raft", "solo", "kafka")
SERVICE_TYPES = ("union", "private")
CREATED_TIME = "2025-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:11Z"
START_TIME = "2025-10-01T08:00:00Z"
EIP_DETAIL = "The elastic IP is not bound to the blockchain's access node"


@dataclass(frozen=True)
class ChainActivity:
    """What the operations on one chain say at a moment."""

    running_operation_type: str | None = None
    """Type code of the blockchain operation under way, ``None`` when none runs."""
    rollback_possible: bool = False
    """The latest ended blockchain operation was a successful upgrade."""


IDLE = ChainActivity()


def process_status(activity: ChainActivity) -> str:
    code = activity.running_operation_type
    return "" if code is None else PROCESS_BY_OPERATION.get(code, "")


def counts_for_activity(resource_type: str) -> bool:
    """Only blockchain changes move the chain's own status; add-on operations do not."""
    return resource_type in BLOCKCHAIN_RESOURCE_TYPES


def consensus_of(chain: Blockchain) -> str:
    return random.Random(f"{chain.blockchain_id}/consensus").choice(CONSENSUS)


def list_json(chains: tuple[Blockchain, ...]) -> dict[str, Any]:
    items = [{"id": chain.blockchain_id, "name": chain.name} for chain in chains]
    return {"blockchains": items, "count": len(items)}


def chain_status(index: int) -> str:
    return "Abnormal" if index == EIP_BROKEN_INDEX else "Normal"


def detail_json(chain: Blockchain, index: int, activity: ChainActivity) -> dict[str, Any]:
    rng = random.Random(f"{chain.blockchain_id}/detail")
    consensus = consensus_of(chain)
    created = CREATED_TIME.format(
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        hour=rng.randint(0, 23),
        minute=rng.randint(0, 59),
    )
    peers = [f"{chain.name}-peer-{n}" for n in range(rng.randint(1, 3))]
    basic = {
        "id": chain.blockchain_id,
        "name": chain.name,
        "version": rng.choice(VERSIONS),
        "service_type": rng.choice(SERVICE_TYPES),
        "consensus": consensus,
        "status": chain_status(index),
        "process_status": process_status(activity),
        "created_time": created,
        "cluster_name": chain.cluster_name,
        "cluster_type": chain.cluster_type,
        "cluster_az": rng.choice(("cn-north-4a", "cn-north-4b")),
        "cluster_id": chain.cluster_id,
        "deploy_type": "normal",
        "is_support_rollback": activity.rollback_possible,
        "charging_mode": rng.choice((0, 1)),
        "order_status": 2,
        "deploy_status": 0 if activity.running_operation_type == "99" else 1,
    }
    organization = f"{chain.name}-org1"
    peer_group = {
        "name": organization,
        "node_cnt": len(peers),
        "status": "Normal",
        "status_detail": f"{len(peers)}/{len(peers)}",
        "pvc_name": f"{chain.name}-pvc",
        "address": [f"192.168.0.{10 + n}:30605" for n in range(len(peers))],
    }
    orderer = {
        "name": f"{chain.name}-orderer",
        "node_cnt": 3 if consensus == "raft" else 1,
        "status": "Normal",
        "status_detail": "",
        "pvc_name": f"{chain.name}-pvc",
        "address": ["192.168.0.5:30805"],
    }
    return {
        "basic_info": basic,
        "channels": [
            {
                "name": "channel",
                "org_names": [organization],
                "org_name_hash": [rng.getrandbits(64).to_bytes(8).hex()],
                "peers": {organization: peers},
            }
        ],
        "peer_info": [peer_group],
        "light_peer_info": [],
        "orderer_info": orderer,
        "agent_info": None,
        "restapi_info": None,
        "tc3_taskserver_info": None,
        "couch_db_info": None,
        "dms_kafka_info": {"name": "kafka-bcs"} if consensus == "kafka" else None,
        "ief_info": {"deploy_mode": 1} if chain.cluster_type == "ief" else None,
        "sfs_info": {"name": f"{chain.name}-sfs", "type": "sfs-turbo"},
        "obs_bucket_info": None,
        "evs_pvc_info": None,
    }


def _part(status: str, detail: str = "") -> dict[str, str]:
    return {"start_time": START_TIME, "end_time": "", "status": status, "detail": detail}


def status_json(chain: Blockchain, index: int, activity: ChainActivity) -> dict[str, Any]:
    running = process_status(activity)
    answer: dict[str, Any] = {
        "bcs": _part(running or "Normal"),
        "eip": _part("Abnormal", EIP_DETAIL) if index == EIP_BROKEN_INDEX else _part("Normal"),
        "sfs": _part("Normal"),
        "obs": _part("Normal"),
    }
    if consensus_of(chain) == "kafka":
        answer["kafka"] = _part("Normal")
    if chain.cluster_type == "cce":
        answer["cce"] = {
            "cluster": _part("Normal"),
            "network": _part("Normal"),
            "security_group": _part("Normal"),
        }
    return answer
