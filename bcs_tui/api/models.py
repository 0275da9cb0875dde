"""The "list operation records" response, parsed tolerantly.

Every field is optional, ``null`` collections become empty, unknown fields are ignored and
status stays an open string. Timestamps are kept as exact ``int`` nanoseconds. A record that
cannot be read is kept, marked invalid with its reason, so one bad record never hides the rest.
"""

import sys
from collections.abc import Mapping
from dataclasses import field, fields
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)
from pydantic.dataclasses import dataclass

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.step_tree import NO_STEPS, StepTree
from bcs_tui.api.steps import PART_CONFIG, Lines, order_key, status_fields
from bcs_tui.api.steps import Step as Step
from bcs_tui.api.steps import SubStep as SubStep
from bcs_tui.base.status import Status

OPERATION_TYPE_NAMES: Mapping[str, str] = {
    "99": "create",
    "00": "delete",
    "01": "upgrade",
    "91": "upgrade rollback",
    "02": "add organization",
    "03": "scale organization",
    "04": "join channel",
    "05": "join union",
}

RESOURCE_TYPE_NAMES: Mapping[str, str] = {
    "BCSSVC01": "BCS change",
    "BCSSVC02": "UGBaaS change",
    "PLUGIN01": "REST API add-on",
    "PLUGIN02": "TC3 add-on",
    "PLUGIN03": "light-node add-on",
}


def operation_type_name(code: str | None) -> str:
    """Human name of an operation type code; an unknown code is shown as itself."""
    if code is None:
        return ""
    return OPERATION_TYPE_NAMES.get(code.strip(), code)


def resource_type_name(code: str | None) -> str:
    """Human name of a resource type; stray spaces (seen in the published docs) are ignored."""
    if code is None:
        return ""
    return RESOURCE_TYPE_NAMES.get(code.replace(" ", ""), code)


def _list(value: Any) -> Any:
    return [] if value is None else value


_OPERATION_STATUS, _OPERATION_STATUS_TEXT = status_fields("operation_status")


def _shared(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


SharedText = Annotated[str | None, AfterValidator(_shared)]
"""Text many records repeat (project, type codes, status, the blockchain and its cluster:
a project has a few blockchains, each with many operations): one string object for all of
them, not one per record (about 9 MB at 10,000 simulator records, 6 blockchains)."""


_RECORD_CONFIG = ConfigDict(extra="ignore", coerce_numbers_to_str=True, populate_by_name=True)


@dataclass(frozen=True, slots=True, config=PART_CONFIG)
class NodeInfo:
    name: SharedText = None
    id: SharedText = None


@dataclass(frozen=True, slots=True, config=PART_CONFIG)
class ClusterInfo:
    cluster_type: SharedText = None
    name: SharedText = None
    cluster_id: SharedText = None
    node_infos: Annotated[list[NodeInfo], BeforeValidator(_list)] = field(default_factory=list)


# A record is a slotted dataclass too, not a model: a model instance carries a dict and a
# set of the fields given (1.2 KB of the ~4 KB a listed record took), a slotted one 0.1 KB
# (benchmarks/RESULTS.md, row 8).
@dataclass(frozen=True, slots=True, config=_RECORD_CONFIG)
class OperationRecord:
    operation_id: str | None = None
    resource_type: SharedText = None
    operation_type: SharedText = None
    domain_id: SharedText = None
    project_id: SharedText = None
    blockchain_id: SharedText = None
    blockchain_name: SharedText = None
    cluster_info: ClusterInfo | None = None
    operation_process: StepTree = NO_STEPS
    record_time: int | None = None
    operation_status: Status = _OPERATION_STATUS
    operation_status_text: SharedText = _OPERATION_STATUS_TEXT
    message: Lines = field(default_factory=list)
    desc: str | None = None
    # Set only by ``invalid`` (never from the server's data: ``init=False``).
    invalid_reason: str | None = Field(default=None, init=False, exclude=True, repr=False)
    """Why the record could not be read in full, or ``None`` when it could."""
    raw: Any = Field(default=None, init=False, exclude=True, repr=False)
    """The record as received; kept only for invalid records, so nothing is lost."""

    @property
    def is_valid(self) -> bool:
        return self.invalid_reason is None

    def ordered_steps(self) -> list[tuple[str, Step]]:
        """(name, step) in ``serial_num`` order, ties broken by name."""
        named = [(step.step_name or key, step) for key, step in self.operation_process.items()]
        return sorted(named, key=lambda item: order_key(item[1].serial_num, item[0]))

    def to_api_json(self) -> Any:
        """The record with the API's field names and exact integers (raw when invalid)."""
        if self.invalid_reason is not None:
            return self.raw
        return _RECORD.dump_python(self, mode="json", by_alias=True)

    @classmethod
    def invalid(cls, raw: Any, reason: str) -> "OperationRecord":
        """Salvage what can be read of a malformed record and mark it invalid."""
        salvaged: dict[str, Any] = {}
        if isinstance(raw, dict):
            for name in RECORD_FIELDS:
                if name in raw:
                    try:
                        _RECORD.validate_python({name: raw[name]})
                    except ValidationError:
                        continue
                    salvaged[name] = raw[name]
        record = _RECORD.validate_python(salvaged)
        # The dataclass is frozen; these two are set once, here, before anyone sees it.
        object.__setattr__(record, "invalid_reason", reason)
        object.__setattr__(record, "raw", raw)
        return record


_RECORD = TypeAdapter(OperationRecord)
RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(OperationRecord) if f.init)
"""The record's fields as the server may send them (by their Python names)."""


def json_kind(value: Any) -> str:
    """How a decoded JSON value is named in messages ("a JSON array", "null", ...)."""
    if value is None:
        return "null"
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
    }
    return "a JSON " + names.get(type(value), "object").removeprefix("a ").removeprefix("an ")


def _describe(error: ValidationError) -> str:
    """A short, single-line reason naming the first fields that did not fit."""
    parts = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item["loc"]) or "record"
        parts.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(parts)
    suffix = f" (and {more} more)" if more > 0 else ""
    return "; ".join(parts) + suffix


def parse_record(raw: Any) -> OperationRecord:
    """One record; never raises: a malformed one comes back marked invalid."""
    if not isinstance(raw, dict):
        return OperationRecord.invalid(raw, f"record is {json_kind(raw)}, not an object")
    try:
        return _RECORD.validate_python(raw)
    except ValidationError as error:
        return OperationRecord.invalid(raw, _describe(error))


class PayloadShapeError(ValueError):
    """The body is JSON but not the documented response object."""


class RecordList(BaseModel):
    model_config = ConfigDict(frozen=True)

    count: int
    records: list[OperationRecord]

    def to_api_json(self) -> dict[str, Any]:
        # Each record's steps are built again to be written out (``step_tree``): millions
        # of short-lived objects, no cycles, so the collector has nothing to find. Paused,
        # 10,000 records take ~0.6 s instead of ~1.2 s (0.8 s before the compact steps).
        with collector_paused():
            records = [record.to_api_json() for record in self.records]
        return {"count": self.count, "operation_records": records}


def parse_record_list(payload: Any) -> RecordList:
    """The decoded JSON body of a 200 response. Raises ``PayloadShapeError`` only when the
    body is not an object or its ``operation_records`` is not a list."""
    if not isinstance(payload, dict):
        raise PayloadShapeError(f"expected a JSON object, got {json_kind(payload)}")
    raw_records = payload.get("operation_records")
    if raw_records is None:
        raw_records = []
    if not isinstance(raw_records, list):
        raise PayloadShapeError("operation_records is not a list")
    try:
        # One call for the whole list (~8 % faster than one per record); any bad record
        # sends the list the record-by-record way, which keeps the good ones.
        records = _RECORDS.validate_python(raw_records)
    except ValidationError:
        records = [parse_record(raw) for raw in raw_records]
    return record_list(payload.get("count"), records)


_RECORDS = TypeAdapter(list[OperationRecord])


def parse_records_json(text: str) -> list[OperationRecord]:
    """A JSON array of records decoded and validated in one call (the local history's
    stored records: ~1.6x faster than decoding, then validating). Raises ``ValueError``
    (pydantic's ``ValidationError``) when one does not fit: the caller then reads each
    alone with ``parse_record``."""
    return _RECORDS.validate_json(text)


def record_list(count: Any, records: list[OperationRecord]) -> RecordList:
    """The result, with ``count`` as sent when it is an integer (else the records counted)."""
    if not isinstance(count, int) or isinstance(count, bool):
        count = len(records)
    return RecordList(count=count, records=records)
