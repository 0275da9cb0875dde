"""The parts of a record's step timeline: steps and their sub-steps, parsed tolerantly
(the same rules as ``models``: every field optional, ``null`` collections empty, status an
open string beside the text as received)."""

from dataclasses import field
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field
from pydantic.dataclasses import dataclass

from bcs_tui.base.status import Status


def as_lines(value: Any) -> Any:
    """``null`` -> no lines, a bare string -> one line, list items -> text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item if isinstance(item, str) else str(item) for item in value if item is not None]
    return value


def as_mapping(value: Any) -> Any:
    return {} if value is None else value


Lines = Annotated[list[str], BeforeValidator(as_lines)]


def status_fields(api_name: str) -> tuple[Any, Any]:
    """Two fields read from the one key ``api_name``: the ``Status`` it means (normalised
    once, here, and never written back out) and the text as received (what export writes)."""
    normalised = Field(default=Status.PENDING, validation_alias=api_name, exclude=True)
    as_received = Field(default=None, validation_alias=api_name, serialization_alias=api_name)
    return normalised, as_received


_STATUS, _STATUS_TEXT = status_fields("status")


PART_CONFIG = ConfigDict(extra="ignore", coerce_numbers_to_str=True)
"""The tolerance of a record (``models``), for the parts inside it."""


def order_key(serial_num: int | None, name: str) -> tuple[bool, int, str]:
    return (serial_num is None, serial_num or 0, name)


# Steps and sub-steps are slotted dataclasses, not models: a record holds about twenty of
# them, and a model instance carries a dict and a set besides. Measured at 10,000 records:
# 135 MB -> 46 MB and about 35% less parse time (benchmarks/RESULTS.md). A listed record
# keeps them only as bytes now (``step_tree``).


@dataclass(frozen=True, slots=True, config=PART_CONFIG)
class SubStep:
    substep_name: str | None = None
    detail: str | None = None
    status: Status = _STATUS
    status_text: str | None = _STATUS_TEXT
    message: Lines = field(default_factory=list)
    start_time: int | None = None
    end_time: int | None = None
    serial_num: int | None = None


@dataclass(frozen=True, slots=True, config=PART_CONFIG)
class Step:
    step_name: str | None = None
    status: Status = _STATUS
    status_text: str | None = _STATUS_TEXT
    detail: str | None = None
    sub_steps: Annotated[dict[str, SubStep], BeforeValidator(as_mapping)] = field(
        default_factory=dict
    )
    serial_num: int | None = None

    def ordered_sub_steps(self) -> list[tuple[str, SubStep]]:
        """(name, sub-step) in ``serial_num`` order, ties broken by name."""
        named = [(sub.substep_name or key, sub) for key, sub in self.sub_steps.items()]
        return sorted(named, key=lambda item: order_key(item[1].serial_num, item[0]))
