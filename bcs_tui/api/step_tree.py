"""A record's step tree, kept compactly and built again when it is read.

Only the selected record's steps are ever shown (detail pane, ``watch``, export), but every
record's tree was kept as objects: about 20 of them per record, 4.7 KB of the 6 KB a record
took (benchmarks/RESULTS.md, row 8). The list needs only a few facts of the tree (progress,
start and end), so those are taken once, when the record is validated, and the tree itself
is kept as the ``marshal`` bytes of the JSON value it was validated from (about 1.1 KB). Each
read validates those bytes again, which gives an equal tree (same input, same validator);
that costs about 50 us, and happens only for a record someone looks at.

``marshal`` only ever reads bytes this module wrote, in this process, from decoded JSON
values (dicts, lists, strings, numbers): never data from elsewhere. A value ``marshal``
cannot write (a step object a caller built itself, say) keeps its tree as it is.
"""

import marshal
import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from functools import cache
from typing import Annotated, Any, NamedTuple, Self

from pydantic import Field, GetCoreSchemaHandler, Strict, TypeAdapter, ValidationError
from pydantic_core import core_schema
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from bcs_tui.api.steps import PART_CONFIG, Step, SubStep, as_mapping, order_key
from bcs_tui.base.status import FAILED_OR_STOPPED, Status
from bcs_tui.base.timefmt import is_set


@cache
def _tree_adapter() -> TypeAdapter[dict[str, Step]]:
    """Built on the first read of a tree, not at import (a few ms of a cold start)."""
    return TypeAdapter(dict[str, Step])


# The check of a listed record's steps: the fields of ``Step`` and ``SubStep`` with the
# same types, validators and tolerance, validated into plain dicts, which are dropped at
# once; building the dataclasses only to drop them cost a third more (about 4 us of a
# record's 13). It accepts exactly what they accept from decoded JSON (tests/api/
# test_step_tree.py checks it); whatever it rejects is validated the full way, which
# raises the very error the record is reported with.
_LinesCheck = None | Annotated[str, Strict()] | Annotated[list[Any], Strict()]
"""What ``Lines`` accepts of decoded JSON (``as_lines`` makes any list items text), without
a call of ``as_lines`` per sub-step."""


class _SubStepCheck(TypedDict, total=False):
    __pydantic_config__ = PART_CONFIG  # type: ignore[misc]
    substep_name: str | None
    detail: str | None
    status: Status
    status_text: Annotated[str | None, Field(validation_alias="status")]
    message: _LinesCheck
    start_time: int | None
    end_time: int | None
    serial_num: int | None


class _StepCheck(TypedDict, total=False):
    __pydantic_config__ = PART_CONFIG  # type: ignore[misc]
    step_name: str | None
    status: Status
    status_text: Annotated[str | None, Field(validation_alias="status")]
    detail: str | None
    sub_steps: dict[str, _SubStepCheck] | None  # ``as_mapping`` without calling it
    serial_num: int | None


_NONE: dict[str, _SubStepCheck] = {}


class StepPlace(NamedTuple):
    """A place in the tree: a step and one of its sub-steps, with names as received (the
    names the timeline shows: ``step_name`` / ``substep_name``, else the key)."""

    step: str
    sub_step: str | None
    """``None`` when the step itself is the place (no sub-step of it is)."""
    message: tuple[str, ...]
    """The sub-step's message lines as received (for a failed or stopped one with none:
    its detail; for a failed step without such a sub-step: the step's detail)."""
    at: int | None
    """When: a failed place's end (its start when it has none), a current one's start."""


SubStepTimes = tuple[str, str, int | None, int | None]
"""(step name, sub-step name, start, end): ``StepTree.sub_step_times``."""


def _message_lines(value: Any) -> tuple[str, ...]:
    """``Lines`` (``as_lines``) of a checked message, as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(
        [item if isinstance(item, str) else str(item) for item in value if item is not None]
    )


def _step_name(key: str, step: _StepCheck) -> str:
    return sys.intern(step.get("step_name") or key)  # names repeat across records


def _step_order(key: str, step: _StepCheck) -> tuple[bool, int, str]:
    return order_key(step.get("serial_num"), step.get("step_name") or key)


def _sub_order(key: str, sub: _SubStepCheck) -> tuple[bool, int, str]:
    return order_key(sub.get("serial_num"), sub.get("substep_name") or key)


def _sub_place(key: str, step: _StepCheck, sub: _SubStepCheck) -> StepPlace:
    """A failed or stopped sub-step's place."""
    message = _message_lines(sub.get("message"))
    detail = sub.get("detail")
    end, start = sub.get("end_time"), sub.get("start_time")
    return StepPlace(
        _step_name(key, step),
        sys.intern(sub.get("substep_name") or _key_of(step, sub)),
        message if message or not detail else (detail,),
        end if is_set(end) else start if is_set(start) else None,
    )


def _current_place(checked: dict[str, _StepCheck], not_done: list[str]) -> StepPlace:
    """Where work is: the first step processing, else the first not finished (of
    ``not_done``), as ``timeline.current_step`` picks it; in it, the same way, the first
    sub-step processing, else the first not finished."""
    processing = [key for key in not_done if checked[key].get("status") is Status.PROCESSING]
    key = min(processing or not_done, key=lambda name: _step_order(name, checked[name]))
    step = checked[key]
    subs = list((step.get("sub_steps") or _NONE).items())
    pool = [item for item in subs if item[1].get("status") is Status.PROCESSING] or [
        item for item in subs if item[1].get("status") is not Status.FINISHED
    ]
    if not pool:
        return StepPlace(_step_name(key, step), None, (), None)
    # ``min`` keeps the first of equals, as the timeline's stable sort does.
    sub_key, sub = min(pool, key=lambda item: _sub_order(*item))
    start = sub.get("start_time")
    return StepPlace(
        _step_name(key, step),
        sys.intern(sub.get("substep_name") or sub_key),
        _message_lines(sub.get("message")),
        start if is_set(start) else None,
    )


@cache
def _checker() -> TypeAdapter[dict[str, _StepCheck]]:
    """Built on the first parse, not at import."""
    return TypeAdapter(dict[str, _StepCheck])


class StepTree(Mapping[str, Step]):
    """The steps by name, as ``dict[str, Step]`` reads them, with the facts the list needs
    over all the sub-steps (immutable)."""

    __slots__ = (
        "_blob",
        "_tree",
        "all_ended",
        "current",
        "failed",
        "finished",
        "first_start",
        "last_end",
        "total",
    )

    _blob: bytes | None
    _tree: dict[str, Step] | None
    finished: int
    """How many sub-steps are finished."""
    total: int
    """How many sub-steps there are."""
    first_start: int | None
    """The earliest start time that is set (``is_set``) of a sub-step."""
    last_end: int | None
    """The latest end time that is set of a sub-step."""
    all_ended: bool
    """Whether every sub-step has its end time set (true when there are none)."""
    current: StepPlace | None
    """Where work is, as ``timeline.current_step`` picks the step (the first processing,
    else the first not finished, in ``serial_num`` order) and the same way its sub-step;
    ``None`` when every step is finished or something ``failed`` (then that is the place
    to show). Read it only for a running record."""
    failed: StepPlace | None
    """The first failed or stopped sub-step in timeline order, else the first failed or
    stopped step (``sub_step`` ``None``); ``None`` when nothing failed or stopped."""

    def __init__(self, tree: dict[str, Step], source: Any = None) -> None:
        """``tree``, validated from ``source`` (then kept as ``source``'s bytes) or not.
        Immutable by convention: nothing sets an attribute after this."""
        # The rare path (a tree the quick check refused, or built in code): its sub-steps
        # in the checked shape, so the facts are taken by the one loop that takes them.
        as_checked: dict[str, _StepCheck] = {
            name: {
                "step_name": step.step_name,
                "status": step.status,
                "detail": step.detail,
                "serial_num": step.serial_num,
                "sub_steps": {key: _sub_check(sub) for key, sub in step.sub_steps.items()},
            }
            for name, step in tree.items()
        }
        blob: bytes | None = None
        if tree and source is not None:
            try:
                blob = marshal.dumps(source)
            except ValueError:  # not a decoded JSON value: keep the tree itself
                blob = None
        self._blob = blob
        self._tree = None if blob is not None else tree
        self._take_facts(as_checked)

    @property
    def is_compact(self) -> bool:
        """Whether the tree is kept as bytes (and built again on each read)."""
        return self._blob is not None

    def tree(self) -> dict[str, Step]:
        """The steps as a new dict (the caller may keep or change it)."""
        blob: bytes | None = self._blob
        if blob is None:
            assert self._tree is not None
            return dict(self._tree)
        return _tree_adapter().validate_python(as_mapping(marshal.loads(blob)))

    def __getitem__(self, name: str) -> Step:
        return self.tree()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tree())

    def __len__(self) -> int:
        return len(self.tree())

    def items(self) -> ItemsView[str, Step]:
        return self.tree().items()

    def values(self) -> ValuesView[Step]:
        return self.tree().values()

    def keys(self) -> KeysView[str]:
        return self.tree().keys()

    def sub_step_times(self) -> list[SubStepTimes]:
        """(step name, sub-step name, start, end) of every sub-step, the names as the
        timeline shows them (``step_name`` / ``substep_name``, else the key), the times as
        received (``0``/``None``: not set). Read from the kept bytes without building the
        tree: the expectations (core/expectations.py) read this of every finished operation
        in the history, and 100,000 trees built again would take seconds. A tree that holds
        a value the check let through in another type (a number as a name, a time as text)
        is read through the tree."""
        blob = self._blob
        if blob is not None:
            quick = _raw_sub_step_times(marshal.loads(blob))
            if quick is not None:
                return quick
        return [
            (step.step_name or key, sub.substep_name or sub_key, sub.start_time, sub.end_time)
            for key, step in self.tree().items()
            for sub_key, sub in step.sub_steps.items()
        ]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StepTree):
            if self._facts() != other._facts():
                return False
            if self._blob is not None and self._blob == other._blob:
                return True
            return self.tree() == other.tree()
        if isinstance(other, Mapping):
            return self.tree() == dict(other)
        return NotImplemented

    def _facts(self) -> tuple[int, int, int | None, int | None, bool]:
        return (self.finished, self.total, self.first_start, self.last_end, self.all_ended)

    def __hash__(self) -> int:
        # Equal trees have equal facts: consistent with ``__eq__`` (and pydantic's frozen
        # models hash their fields).
        return hash(self._facts())

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __repr__(self) -> str:
        return f"StepTree({self.tree()!r})"

    @classmethod
    def _validate(cls, value: Any, validate_tree: core_schema.ValidatorFunctionWrapHandler) -> Any:
        # A decoded JSON object first: ``isinstance`` of this ``Mapping`` goes through
        # the ABC machinery (~0.5 us), and a tree only comes in when a caller passes one.
        if type(value) is dict and value:
            try:
                checked = _checker().validate_python(value)
            except ValidationError:
                pass  # the full validation below raises the error the record reports
            else:
                try:
                    blob = marshal.dumps(value)
                except ValueError:  # not a decoded JSON value: keep the tree itself
                    pass
                else:
                    return cls._of_checked(checked, blob)
        elif isinstance(value, StepTree):
            return value
        return cls(validate_tree(value), value)

    @classmethod
    def _of_checked(cls, checked: dict[str, _StepCheck], blob: bytes) -> Self:
        """The tree kept as ``blob``, with the facts of its ``checked`` dicts."""
        self = object.__new__(cls)
        self._blob = blob
        self._tree = None
        self._take_facts(checked)
        return self

    def _take_facts(self, checked: dict[str, _StepCheck]) -> None:
        """The facts of every sub-step (absent fields are their defaults)."""
        finished = total = 0
        first: int | None = None
        last: int | None = None
        all_ended = True
        ending: list[tuple[str, _SubStepCheck]] = []  # failed or stopped: (step key, sub)
        not_done: list[str] = []  # the keys of the steps not finished
        # Locals: this runs for every record; statuses compared by identity (an enum's
        # hash is a Python-level call).
        done, failed, stop, is_set_ = Status.FINISHED, Status.FAILED, Status.STOP, is_set
        for key, step in checked.items():
            if step.get("status") is not done:
                not_done.append(key)
            for sub in (step.get("sub_steps") or _NONE).values():
                total += 1
                status = sub.get("status")
                if status is done:
                    finished += 1
                elif status is failed or status is stop:
                    ending.append((key, sub))
                start = sub.get("start_time")
                end = sub.get("end_time")
                if is_set_(start) and (first is None or start < first):
                    first = start
                if is_set_(end):
                    if last is None or end > last:
                        last = end
                else:
                    all_ended = False
        self.finished = finished
        self.total = total
        self.first_start = first
        self.last_end = last
        self.all_ended = all_ended
        self.failed = self.current = None
        if not_done:  # else every step is finished: nothing failed, no work is left
            self.failed = _failed_place(checked, ending, not_done)
            if self.failed is None:
                self.current = _current_place(checked, not_done)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Validated exactly as ``dict[str, Step]`` (``null`` as no steps), so a bad step
        # fails with the same message; written out as that dict.
        tree = handler.generate_schema(dict[str, Step])
        return core_schema.no_info_wrap_validator_function(
            cls._validate,
            core_schema.no_info_before_validator_function(as_mapping, tree),
            serialization=core_schema.wrap_serializer_function_ser_schema(
                lambda value, write: write(value.tree() if isinstance(value, StepTree) else value),
                schema=tree,
            ),
        )


def _raw_sub_step_times(value: Any) -> list[SubStepTimes] | None:
    """``StepTree.sub_step_times`` of the decoded JSON a tree was validated from, or
    ``None`` when a name or time in it is not of the type it is read as (then the tree is
    built, which converts it as the record was read)."""
    if type(value) is not dict:
        return None
    out: list[SubStepTimes] = []
    for key, step in value.items():
        if type(step) is not dict:
            return None
        step_name = step.get("step_name")
        subs = step.get("sub_steps")
        if (step_name is not None and type(step_name) is not str) or (
            subs is not None and type(subs) is not dict
        ):
            return None
        name = step_name or key
        for sub_key, sub in (subs or _NONE).items():
            if type(sub) is not dict:
                return None
            sub_name = sub.get("substep_name")
            start = sub.get("start_time")
            end = sub.get("end_time")
            if (
                (sub_name is not None and type(sub_name) is not str)
                or (start is not None and type(start) is not int)
                or (end is not None and type(end) is not int)
            ):
                return None
            out.append((name, sub_name or sub_key, start, end))
    return out


def _sub_check(sub: SubStep) -> _SubStepCheck:
    """A sub-step in the checked shape (the rare path: a tree not read from JSON)."""
    return {
        "substep_name": sub.substep_name,
        "detail": sub.detail,
        "status": sub.status,
        "message": sub.message,
        "start_time": sub.start_time,
        "end_time": sub.end_time,
        "serial_num": sub.serial_num,
    }


def _key_of(step: _StepCheck, sub: _SubStepCheck) -> str:
    """The key ``sub`` is under in ``step`` (looked up only for the rare sub-step that
    failed: the loop over every sub-step does not carry keys)."""
    return next(key for key, value in (step.get("sub_steps") or _NONE).items() if value is sub)


def _failed_place(
    checked: dict[str, _StepCheck], ending: list[tuple[str, _SubStepCheck]], not_done: list[str]
) -> StepPlace | None:
    """The first failed or stopped sub-step (of ``ending``) in timeline order; else the
    first failed or stopped step (of the steps ``not_done``)."""
    if ending:
        key, sub = (
            ending[0]
            if len(ending) == 1  # the usual case
            else min(
                ending,
                key=lambda item: (
                    _step_order(item[0], checked[item[0]]),
                    _sub_order(_key_of(checked[item[0]], item[1]), item[1]),
                ),
            )
        )
        return _sub_place(key, checked[key], sub)
    ending_steps = [key for key in not_done if checked[key].get("status") in FAILED_OR_STOPPED]
    if not ending_steps:
        return None
    key = min(ending_steps, key=lambda name: _step_order(name, checked[name]))
    step = checked[key]
    detail = step.get("detail")
    return StepPlace(_step_name(key, step), None, (detail,) if detail else (), None)


NO_STEPS = StepTree({})
