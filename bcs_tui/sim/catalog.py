"""What real BCS operations look like: their steps, sub-steps and failure messages.

Step chains are keyed by (resource kind, operation type). Blockchain changes (BCSSVC01/02)
know every operation type; add-ons (PLUGIN01-03) are only installed, removed, upgraded or
rolled back, as in the console.
"""

from collections.abc import Mapping

StepChain = tuple[tuple[str, tuple[str, ...]], ...]
"""(step name, sub-step names) in execution order."""

BLOCKCHAIN_RESOURCE_TYPES = ("BCSSVC01", "BCSSVC02")
PLUGIN_RESOURCE_TYPES = ("PLUGIN01", "PLUGIN02", "PLUGIN03")
PLUGIN_OPERATION_TYPES = ("99", "00", "01", "91")

_VERIFY = ("Verify", ("Check node status", "Run health check"))

BLOCKCHAIN_CHAINS: Mapping[str, StepChain] = {
    "99": (
        ("Preparation", ("Generate basic configurations", "Check quota", "Validate parameters")),
        (
            "Create Other Dependent Resource",
            ("Create EIP", "Create network storage", "Create security group"),
        ),
        ("Create Cluster Resources", ("Create namespace", "Create secrets", "Allocate nodes")),
        (
            "Deploy Blockchain",
            ("Deploy orderer nodes", "Deploy peer nodes", "Create channel", "Install chaincode"),
        ),
        _VERIFY,
    ),
    "00": (
        ("Preparation", ("Check blockchain status", "Back up ledger metadata")),
        ("Delete Blockchain", ("Stop peer nodes", "Stop orderer nodes", "Delete channel data")),
        ("Release Resources", ("Release EIP", "Delete network storage", "Delete namespace")),
        ("Clean Up", ("Delete configurations",)),
    ),
    "01": (
        ("Preparation", ("Check version compatibility", "Back up configurations")),
        ("Upgrade Blockchain", ("Pull images", "Upgrade orderer nodes", "Upgrade peer nodes")),
        _VERIFY,
    ),
    "91": (
        ("Preparation", ("Load backup", "Check rollback target")),
        ("Roll Back Blockchain", ("Restore orderer nodes", "Restore peer nodes")),
        _VERIFY,
    ),
    "02": (
        ("Preparation", ("Generate organization certificates", "Check quota")),
        ("Add Organization", ("Create peer nodes", "Update channel configuration")),
        _VERIFY,
    ),
    "03": (
        ("Preparation", ("Check quota",)),
        ("Scale Organization", ("Create peer nodes", "Join channels", "Sync ledger")),
        _VERIFY,
    ),
    "04": (
        ("Preparation", ("Fetch channel configuration",)),
        ("Join Channel", ("Sign channel update", "Submit channel update", "Join peers")),
        _VERIFY,
    ),
    "05": (
        ("Preparation", ("Validate invitation",)),
        ("Join Union", ("Exchange certificates", "Update consortium", "Create channel link")),
        _VERIFY,
    ),
}

PLUGIN_CHAINS: Mapping[str, StepChain] = {
    "99": (
        ("Preparation", ("Check blockchain status", "Generate add-on configurations")),
        ("Install Add-on", ("Pull add-on image", "Create add-on workload", "Configure access")),
        ("Verify", ("Check add-on status",)),
    ),
    "00": (
        ("Preparation", ("Check add-on status",)),
        ("Uninstall Add-on", ("Delete add-on workload", "Delete add-on configurations")),
    ),
    "01": (
        ("Preparation", ("Check version compatibility",)),
        ("Upgrade Add-on", ("Pull add-on image", "Roll out add-on workload")),
        ("Verify", ("Check add-on status",)),
    ),
    "91": (
        ("Preparation", ("Load add-on backup",)),
        ("Roll Back Add-on", ("Restore add-on workload",)),
        ("Verify", ("Check add-on status",)),
    ),
}

FAILURE_MESSAGES: tuple[tuple[str, ...], ...] = (
    ("Failed to create EIP: quota exceeded", "Request ID: 7d1c9a40-3f1e-4a4b-9b7e-1c2d3e4f5a6b"),
    ("Pod peer-0 CrashLoopBackOff", "Back-off restarting failed container"),
    ("Timed out waiting for orderer nodes to become ready after 600s",),
    ("Insufficient CPU on cluster nodes", "0/3 nodes are available: 3 Insufficient cpu."),
    ("Channel update rejected: signature policy not satisfied",),
    ("Image pull failed: manifest unknown",),
)

STOP_MESSAGES: tuple[tuple[str, ...], ...] = (
    ("Operation stopped by user",),
    ("Operation interrupted: service restarted during execution",),
)

CLUSTER_TYPES = ("cce", "cce", "cce", "ief")
NAME_SYLLABLES = ("ledger", "supply", "trace", "bank", "notary", "asset", "audit", "mint")


def step_chain(resource_type: str, operation_type: str) -> StepChain:
    """The chain of an operation; every (resource type, operation type) pair offered has one."""
    chains = PLUGIN_CHAINS if resource_type in PLUGIN_RESOURCE_TYPES else BLOCKCHAIN_CHAINS
    return chains[operation_type]


def operation_kinds() -> tuple[tuple[str, str], ...]:
    """Every (resource type, operation type) pair the simulator produces."""
    kinds = [(res, op) for res in BLOCKCHAIN_RESOURCE_TYPES for op in BLOCKCHAIN_CHAINS]
    kinds += [(res, op) for res in PLUGIN_RESOURCE_TYPES for op in PLUGIN_OPERATION_TYPES]
    return tuple(kinds)
