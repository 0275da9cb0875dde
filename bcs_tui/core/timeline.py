"""Progress and timing of a record's step / sub-step timeline, from the model alone."""

from collections.abc import Sequence
from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord, Step, SubStep
from bcs_tui.base.status import Status
from bcs_tui.base.timefmt import duration_ns, is_set


@dataclass(frozen=True)
class Progress:
    finished: int
    total: int

    def text(self) -> str:
        return f"{self.finished}/{self.total}"


@dataclass(frozen=True)
class Span:
    """When something started and ended, in nanoseconds; ``None`` when not (yet) known."""

    start: int | None
    end: int | None

    def duration(self, now: int) -> int | None:
        return duration_ns(self.start, self.end, now)


def _counts(sub_steps: list[SubStep]) -> Progress:
    finished = sum(1 for sub in sub_steps if sub.status is Status.FINISHED)
    return Progress(finished=finished, total=len(sub_steps))


def step_progress(step: Step) -> Progress:
    return _counts(list(step.sub_steps.values()))


def record_progress(record: OperationRecord) -> Progress:
    # From the facts taken when the record was read: the list asks this of every record,
    # and the step tree is built again on each read (api/step_tree.py).
    steps = record.operation_process
    return Progress(finished=steps.finished, total=steps.total)


def _span(sub_steps: list[SubStep], ended: bool) -> Span:
    starts = [sub.start_time for sub in sub_steps if sub.start_time and is_set(sub.start_time)]
    ends = [sub.end_time for sub in sub_steps if sub.end_time and is_set(sub.end_time)]
    if not starts:
        return Span(None, None)
    all_ended = ended or all(is_set(sub.end_time) for sub in sub_steps)
    return Span(min(starts), max(ends) if ends and all_ended else None)


def sub_step_span(sub: SubStep) -> Span:
    start = sub.start_time if is_set(sub.start_time) else None
    end = sub.end_time if start is not None and is_set(sub.end_time) else None
    return Span(start, end)


def step_span(step: Step) -> Span:
    """From the first sub-step start to the last sub-step end once every sub-step ended
    (or the step itself says it is finished)."""
    return _span(list(step.sub_steps.values()), step.status.is_ended)


def record_span(record: OperationRecord) -> Span:
    """From the first sub-step start to the last end, once the record has ended."""
    ended = record.operation_status.is_ended
    steps = record.operation_process  # its facts, as ``_span`` would find them
    if steps.first_start is None:
        span = Span(None, None)
    else:
        all_ended = ended or steps.all_ended
        span = Span(steps.first_start, steps.last_end if all_ended else None)
    if ended and span.start is not None and span.end is None and is_set(record.record_time):
        return Span(span.start, record.record_time)
    return span


def current_step(record: OperationRecord) -> tuple[str, Step] | None:
    """The step being worked on: the first one processing, else the first one not finished
    while the record still runs; ``None`` for an ended record."""
    if record.operation_status.is_ended:
        return None
    steps = record.ordered_steps()
    for name, step in steps:
        if step.status is Status.PROCESSING:
            return name, step
    for name, step in steps:
        if step.status is not Status.FINISHED:
            return name, step
    return None


def slowest(spans: Sequence[Span], now: int) -> int | None:
    """The index of the span that took longest (one still running counted up to ``now``),
    or ``None`` when fewer than two started (nothing to compare) or the longest time is
    shared (none of them stands out)."""
    durations = sorted(
        (
            (duration, index)
            for index, span in enumerate(spans)
            if (duration := span.duration(now)) is not None
        ),
        reverse=True,
    )
    if len(durations) < 2 or durations[0][0] == durations[1][0]:
        return None
    return durations[0][1]
