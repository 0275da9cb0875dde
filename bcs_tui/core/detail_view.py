"""The detail pane of one record as styled lines: plain data (text + style class names),
so the widget only maps class names to styles from the stylesheet and never formats.

Every server string is passed through ``safe_text`` here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from bcs_tui.api.models import (
    OperationRecord,
    Step,
    SubStep,
    operation_type_name,
    resource_type_name,
)
from bcs_tui.base.safe_text import safe_lines, safe_text
from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width, pad_right
from bcs_tui.base.timefmt import (
    NS_PER_S,
    format_age,
    format_clock_time,
    format_duration,
    format_timestamp,
)
from bcs_tui.core.expectations import KindExpectation, Spread
from bcs_tui.core.expected_view import (
    compared_text,
    estimated_end,
    expected_duration,
    slow_text,
)
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.status_view import INVALID_STYLE, GlyphSet, status_label, status_style
from bcs_tui.core.timeline import (
    Span,
    current_step,
    record_progress,
    record_span,
    slowest,
    step_progress,
    step_span,
    sub_step_span,
)
from bcs_tui.core.where import place_path, whereabouts

BAR_WIDTH = 20
MAX_BAR_WIDTH = 100
"""A wide pane's bars grow up to this: finer steps of time, not a wall of blocks."""
LABEL_WIDTH = 12


@dataclass(frozen=True)
class Piece:
    """A run of text and the style class it is shown with ("" = default)."""

    text: str
    style: str = ""


DetailLine = tuple[Piece, ...]


@dataclass(frozen=True)
class TimeContext:
    now: int
    utc: bool
    tz: tzinfo | None = None


def time_bar(span: Span, whole: Span, now: int, glyphs: GlyphSet, width: int = BAR_WIDTH) -> str:
    """Where ``span`` sits inside ``whole``, as ``width`` cells; at least one cell filled
    for anything that started, so a fast step is still visible. Integer arithmetic only."""
    if span.start is None or whole.start is None:
        return glyphs.bar_empty * width
    whole_end = whole.end if whole.end is not None else now
    span_end = span.end if span.end is not None else now
    total = max(1, whole_end - whole.start)
    first = min(width - 1, max(0, (span.start - whole.start) * width // total))
    last = -(-(max(span_end, span.start) - whole.start) * width // total)  # ceiling division
    last = min(width, max(first + 1, last))
    return (
        glyphs.bar_empty * first
        + glyphs.bar_filled * (last - first)
        + glyphs.bar_empty * (width - last)
    )


def _field(label: str, value: str, style: str = "") -> DetailLine:
    return (Piece(f"{label:<{LABEL_WIDTH}}", "label"), Piece(value, style))


def _status_piece(status: Status, text: str | None, glyphs: GlyphSet) -> Piece:
    return Piece(status_label(status, text, glyphs), status_style(status))


def _when(span: Span, times: TimeContext, glyphs: GlyphSet, *, compact: bool = False) -> str:
    """``start -> end`` (``now`` while running); only the start when space is short, as
    the duration beside it tells the rest."""
    start = format_clock_time(span.start, utc=times.utc, tz=times.tz)
    if compact:
        return start
    end = format_clock_time(span.end, utc=times.utc, tz=times.tz)
    if span.start is not None and span.end is None:
        end = "now"
    return f"{start} {glyphs.arrow} {end}"


def _timing_pieces(
    span: Span,
    layout: "_Layout",
    *,
    is_slowest: bool,
    bar: bool = True,
    usual: Spread | None = None,
) -> tuple[Piece, ...]:
    """``  start -> end  duration mark  bar``; the mark (and the duration's style) points
    out the slowest step or sub-step of the record. Without ``bar``: up to the mark. One
    not started shows what it ``usual``-ly takes (``~1m05s``) in place of its duration."""
    times, glyphs = layout.times, layout.glyphs
    duration = format_duration(span.duration(times.now))
    mark_style = SLOWEST_STYLE if is_slowest else ""
    if span.start is None and usual is not None:
        duration, mark_style = expected_duration(usual), "muted"
    pieces = [
        Piece(
            f"  {_when(span, times, glyphs, compact=layout.compact):<{layout.when_width}}",
            "muted",
        ),
        Piece(f"{duration:>7}", mark_style),
    ]
    if is_slowest or (bar and layout.bar_width):
        pieces.append(Piece(f" {glyphs.slowest}" if is_slowest else " " * MARK_WIDTH, mark_style))
    if bar and layout.bar_width:
        pieces.append(
            Piece(" " + time_bar(span, layout.whole, times.now, glyphs, layout.bar_width), "bar")
        )
    return tuple(pieces)


def source_line(source: NamedSource, glyphs: GlyphSet) -> DetailLine:
    """``Source      sg · ap-southeast-1 · 9f8e...``: whose record (or chain) it is, with
    several sources (a narrow list has no room for its Source column)."""
    parts = (source.name, source.region or "-", source.project_id or "-")
    return _field("Source", f" {glyphs.separator} ".join(safe_text(part) for part in parts))


def header_lines(
    record: OperationRecord,
    times: TimeContext,
    glyphs: GlyphSet,
    health: Sequence[DetailLine] = (),
    source: NamedSource | None = None,
    expected: KindExpectation | None = None,
) -> list[DetailLine]:
    """The record's fields; ``health`` (the chain's, core/chain_health.py) goes right under
    the Blockchain line, where a broken chain is seen beside the operation on it; the
    ``source`` (with several) right above it."""
    lines: list[DetailLine] = [
        _field("Operation", safe_text(record.operation_id or "-"), "value"),
        (
            Piece(f"{'Status':<{LABEL_WIDTH}}", "label"),
            _status_piece(record.operation_status, record.operation_status_text, glyphs),
        ),
        *place_lines(record, times, glyphs, expected),
    ]
    if expected is not None:
        # Right under "Now at": when it should end is the question a glance asks.
        lines.extend(_eta_lines(record, expected, times))
    kind = safe_text(operation_type_name(record.operation_type) or "-")
    resource = safe_text(resource_type_name(record.resource_type) or "-")
    lines.append(_field("Type", f"{kind} {glyphs.separator} {resource}"))
    if source is not None:
        lines.append(source_line(source, glyphs))
    chain = safe_text(record.blockchain_name or "-")
    if record.blockchain_id:
        chain += f" ({safe_text(record.blockchain_id)})"
    lines.append(_field("Blockchain", chain))
    lines.extend(health)
    cluster = record.cluster_info
    if cluster is not None:
        text = " ".join(safe_text(part) for part in (cluster.cluster_type, cluster.name) if part)
        if cluster.cluster_id:
            text += f" ({safe_text(cluster.cluster_id)})"
        lines.append(_field("Cluster", text or "-"))
        for index, node in enumerate(cluster.node_infos):
            label = "Nodes" if index == 0 else ""
            node_text = safe_text(node.name or "-")
            if node.id:
                node_text += f" ({safe_text(node.id)})"
            lines.append(_field(label, node_text))
    updated = format_timestamp(record.record_time, utc=times.utc, tz=times.tz)
    age = format_age(record.record_time, times.now)
    lines.append(_field("Updated", f"{updated} ({age})"))
    span = record_span(record)
    duration = _field("Duration", format_duration(span.duration(times.now)))
    compared = None if expected is None else compared_text(record, expected)
    if compared is not None:
        duration = (*duration, Piece(f"  {compared}", "muted"))
    lines.append(duration)
    lines.append(_field("Progress", f"{record_progress(record).text()} sub-steps finished"))
    if record.desc:
        for index, text in enumerate(safe_lines([record.desc])):
            lines.append(_field("Description" if index == 0 else "", text))
    if not record.is_valid:
        lines.append(_field("Invalid", safe_text(record.invalid_reason), INVALID_STYLE))
    if record.message and safe_lines(record.message) != _place_message(record):
        # (The same words as the "Failed at" line's are not said twice.)
        lines.append((Piece("Messages", "heading"),))
        lines.extend((Piece("  " + text, "message"),) for text in safe_lines(record.message))
    return lines


def _eta_lines(
    record: OperationRecord, expected: KindExpectation, times: TimeContext
) -> list[DetailLine]:
    """``ETA  22:41:10 (in 3m10s)``, or ``ETA  overdue by 40s``, for a running operation
    (core/expected_view.py says how it is estimated)."""
    eta = estimated_end(record, expected, times.now)
    if eta is None:
        return []
    if eta.overdue_ns:
        return [_field("ETA", f"overdue by {format_duration(eta.overdue_ns)}", SLOWEST_STYLE)]
    left = format_duration(eta.at - times.now)
    return [_field("ETA", f"{_moment(eta.at, times)} (in {left})", "value")]


def place_lines(
    record: OperationRecord,
    times: TimeContext,
    glyphs: GlyphSet,
    expected: KindExpectation | None = None,
) -> list[DetailLine]:
    """``Failed at`` (``Stopped at``) or ``Now at``: the step > sub-step, when, and the
    whole message, a line each. Shown right under Status, so a pane of a few lines (80x24)
    answers "why did it fail" without scrolling; so is ``slow: ...`` under ``Now at`` when
    its sub-step runs past the ``expected`` p90."""
    found = whereabouts(record)
    if found is None:
        return []
    place = found.place
    if found.failed:
        stopped = found.status is Status.STOP
        label = "Stopped at" if stopped else "Failed at"
        style = status_style(Status.STOP if stopped else Status.FAILED)
        when = ""  # the label says it: "Failed at"
    else:
        label, style, when = "Now at", "value", "since "
    pieces = [Piece(f"{label:<{LABEL_WIDTH}}", "label"), Piece(place_path(place, glyphs), style)]
    if place.at is not None:
        moment = _moment(place.at, times)
        age = format_age(place.at, times.now)
        pieces.append(Piece(f"  {when}{moment} ({age})", "muted"))
    indent = " " * LABEL_WIDTH
    slow = None
    if expected is not None and not found.failed and place.sub_step is not None:
        elapsed = None if place.at is None else max(0, times.now - place.at)
        slow = slow_text(elapsed, expected.sub_step(place.step, place.sub_step))
    marks = [] if slow is None else [(Piece(indent + slow, SLOWEST_STYLE),)]
    messages = [(Piece(indent + text, "message"),) for text in _place_message(record)]
    return [tuple(pieces), *marks, *messages]


def _place_message(record: OperationRecord) -> list[str]:
    """The message lines the ``Failed at`` / ``Now at`` line shows, made safe."""
    found = whereabouts(record)
    return [] if found is None else safe_lines(list(found.message))


RECENT_NS = 12 * 3600 * NS_PER_S
"""Closer to now than this, a time of day is enough; an older one gets its date."""


def _moment(at: int, times: TimeContext) -> str:
    if abs(times.now - at) < RECENT_NS:
        # A Z as on the Updated line: a clock time alone does not say which clock.
        return format_clock_time(at, utc=times.utc, tz=times.tz) + ("Z" if times.utc else "")
    return format_timestamp(at, utc=times.utc, tz=times.tz)


STATUS_WIDTH = 12
NAME_WIDTH_CAP = 40
MIN_NAME_WIDTH = 16
MIN_BAR_WIDTH = 6
SUB_INDENT = 2
WHEN_WIDTH = 21
COMPACT_WHEN_WIDTH = 8
MARK_WIDTH = 2
"""A space and the slowest mark (or blanks), after the duration."""
SLOWEST_STYLE = "slowest"
PROGRESS_WIDTH = 8
"""A step's ``[2/3]`` after its name (blank for a sub-step), with a space before."""
PREFIX_WIDTH = 2 + STATUS_WIDTH + 1  # running marker, status, space
FIXED_WIDTH = (
    PREFIX_WIDTH + PROGRESS_WIDTH + 2 + WHEN_WIDTH + 7 + MARK_WIDTH + 1
)  # all but name and bar


@dataclass(frozen=True)
class _Layout:
    whole: Span
    times: TimeContext
    glyphs: GlyphSet
    name_width: int
    bar_width: int
    compact: bool = False
    width: int | None = None
    """The pane's width in cells (``None``: unlimited)."""
    slowest_step: int | None = None
    slowest_sub_step: int | None = None
    """Indexes in the order shown (sub-steps counted across the whole record)."""
    expected: KindExpectation | None = None
    """What steps of the record's kind usually take (``None``: nothing is said)."""

    @property
    def when_width(self) -> int:
        return COMPACT_WHEN_WIDTH if self.compact else WHEN_WIDTH

    def room_after_status(self, lead_width: int) -> int | float:
        """Cells a line has after its lead and status cell."""
        if self.width is None:
            return float("inf")
        return self.width - lead_width - STATUS_WIDTH

    @property
    def timing_width(self) -> int:
        """Cells after the progress column: times, duration, mark and bar."""
        bar = 1 + self.bar_width if self.bar_width else 0
        return 2 + self.when_width + 7 + MARK_WIDTH + bar


def _natural_name_width(record: OperationRecord) -> int:
    widths = [0]
    for name, step in record.ordered_steps():
        widths.append(cell_width(safe_text(name)))
        widths.extend(
            cell_width(safe_text(sub)) + SUB_INDENT for sub, _ in step.ordered_sub_steps()
        )
    return min(max(widths), NAME_WIDTH_CAP)


def _trailing_detail_width(record: OperationRecord) -> int:
    """Cells the one-line detail of a step or sub-step in progress takes after its times
    (``_item_lines``), the widest; 0 if there is none."""
    items: list[Step | SubStep] = []
    for _, step in record.ordered_steps():
        items.append(step)
        items.extend(sub for _, sub in step.ordered_sub_steps())
    widths = [0]
    for item in items:
        span = step_span(item) if isinstance(item, Step) else sub_step_span(item)
        detail = _in_progress_detail(item, _detail_texts(item.detail), span)
        if detail is not None:
            widths.append(2 + cell_width(detail))
    return max(widths)


def _column_widths(record: OperationRecord, width: int | None) -> tuple[int, int, bool]:
    """(name column, time bar, compact) for the space available. Names are never cut: one
    longer than its column gets a line of its own. A wide pane's bars take the room left
    (finer steps of time); narrow panes show only start times; then the bar shrinks, and
    goes."""
    natural = _natural_name_width(record)
    if width is None:
        return natural, BAR_WIDTH, False
    room = width - FIXED_WIDTH
    if room >= natural + BAR_WIDTH:
        # The bars grow, but leave room for an "in progress" detail after the times if
        # they are still wide then (else it takes the place of its line's bar).
        grown = room - natural
        trailing = _trailing_detail_width(record)
        if grown - trailing >= BAR_WIDTH:
            grown -= trailing
        return natural, min(MAX_BAR_WIDTH, grown), False
    compact = room < MIN_NAME_WIDTH + BAR_WIDTH
    if compact:
        room += WHEN_WIDTH - COMPACT_WHEN_WIDTH
    name_width = max(min(natural, room - 10), min(natural, MIN_NAME_WIDTH))
    bar = min(BAR_WIDTH, room - name_width)
    return name_width, (bar if bar >= MIN_BAR_WIDTH else 0), compact


def _status_cell(item: Step | SubStep, glyphs: GlyphSet) -> Piece:
    piece = _status_piece(item.status, item.status_text, glyphs)
    return Piece(pad_right(piece.text, STATUS_WIDTH), piece.style)


def _item_lines(
    lead: Piece,
    item: Step | SubStep,
    name: str,
    name_style: str,
    name_width: int,
    progress: str,
    span: Span,
    layout: _Layout,
    *,
    is_slowest: bool = False,
    inline_detail: str | None = None,
    usual: Spread | None = None,
) -> tuple[list[DetailLine], bool]:
    """One step or sub-step: status, name, progress, start -> end, duration, bar; or,
    for one not started (no times to show), its ``inline_detail`` in their place. One
    started and not ended ("in progress") gets it where its times would continue, if the
    line has room. Also says whether ``inline_detail`` was shown."""
    shown = safe_text(name)
    status_piece = _status_cell(item, layout.glyphs)
    if inline_detail is not None and span.start is None:
        detail_piece = Piece("  " + inline_detail, "detail")
        if usual is not None:
            usually = (detail_piece, Piece(f"  {expected_duration(usual)}", "muted"))
            return _name_then(
                lead, status_piece, shown, name_style, name_width, progress, usually
            ), True
        if cell_width(shown) > name_width:
            line = _long_name_with_detail(
                lead, status_piece, shown, name_style, name_width, progress, detail_piece, layout
            )
            if line is not None:
                return [line], True
        return _name_then(
            lead, status_piece, shown, name_style, name_width, progress, (detail_piece,)
        ), True
    timing = _timing_pieces(span, layout, is_slowest=is_slowest, usual=usual)
    if inline_detail is not None:
        detail_piece = Piece("  " + inline_detail, "detail")
        # Where the times end; in a pane too narrow for that, in place of the bar (the
        # duration says how long, and the step's bar above shows where it runs).
        without_bar = _timing_pieces(span, layout, is_slowest=is_slowest, bar=False)
        for after in ((*timing, detail_piece), (*without_bar, detail_piece)):
            lines = _name_then(lead, status_piece, shown, name_style, name_width, progress, after)
            if _fits(lines[-1], layout):
                return lines, True
    return _name_then(lead, status_piece, shown, name_style, name_width, progress, timing), False


def _name_then(
    lead: Piece,
    status_piece: Piece,
    shown: str,
    name_style: str,
    name_width: int,
    progress: str,
    after: tuple[Piece, ...],
) -> list[DetailLine]:
    """The item's line: its name in its column, then ``after`` (its times, or its detail);
    a name longer than its column has a line of its own, and ``after`` goes below it."""
    timing = (Piece(f" {progress:>{PROGRESS_WIDTH - 1}}", "muted"), *after)
    if cell_width(shown) <= name_width:
        name_piece = Piece(" " + pad_right(shown, name_width), name_style)
        return [(lead, status_piece, name_piece, *timing)]
    blank = Piece(" " * (cell_width(lead.text) + STATUS_WIDTH + 1 + name_width))
    return [(lead, status_piece, Piece(" " + shown, name_style)), (blank, *timing)]


def _fits(line: DetailLine, layout: _Layout) -> bool:
    return layout.width is None or sum(cell_width(piece.text) for piece in line) <= layout.width


def _long_name_with_detail(
    lead: Piece,
    status_piece: Piece,
    shown: str,
    name_style: str,
    name_width: int,
    progress: str,
    detail: Piece,
    layout: _Layout,
) -> DetailLine | None:
    """A name longer than its column, of an item with a short detail ("waiting") in place
    of its times: still one line if it fits. The detail stays in its column when the name
    only reaches into an empty progress column (a sub-step's), else it follows the name."""
    progress_pieces = (Piece(f" {progress}", "muted"),) if progress else ()
    name_cells = max(cell_width(shown), name_width + (0 if progress else PROGRESS_WIDTH))
    name_piece = Piece(" " + pad_right(shown, name_cells), name_style)
    line = (lead, status_piece, name_piece, *progress_pieces, detail)
    used = sum(cell_width(piece.text) for piece in line[2:])
    return line if used <= layout.room_after_status(cell_width(lead.text)) else None


def _detail_texts(detail: str | None) -> list[str]:
    return safe_lines([detail]) if detail else []


def _inline_detail(
    item: Step | SubStep, details: list[str], span: Span, layout: _Layout
) -> str | None:
    """The one-line detail of an item not ended, to show on its line: one not started yet
    ("waiting") has it where its times would be (it has none), one in progress where its
    times end, if there is room (``_item_lines``). An ended one keeps its detail on a line
    of its own (why it failed or stopped stands out)."""
    if span.start is not None:
        return _in_progress_detail(item, details, span)
    if item.status.is_ended or len(details) != 1:
        return None
    return details[0] if 2 + cell_width(details[0]) <= layout.timing_width else None


def _in_progress_detail(item: Step | SubStep, details: list[str], span: Span) -> str | None:
    """The detail of an item started and not ended, if it is one line."""
    if span.start is None or item.status.is_ended or len(details) != 1:
        return None
    return details[0]


def _step_lines(
    name: str, step: Step, running: bool, is_slowest: bool, layout: _Layout
) -> list[DetailLine]:
    glyphs = layout.glyphs
    lead = Piece(glyphs.running_marker + " ", "running-marker") if running else Piece("  ")
    progress = f"[{step_progress(step).text()}]"
    span = step_span(step)
    usual = None if layout.expected is None else layout.expected.step(name)
    details = _detail_texts(step.detail)
    inline = _inline_detail(step, details, span, layout)
    lines, inline_shown = _item_lines(
        lead,
        step,
        name,
        "step-name",
        layout.name_width,
        progress,
        span,
        layout,
        is_slowest=is_slowest,
        inline_detail=inline,
        usual=usual,
    )
    indent = " " * PREFIX_WIDTH
    lines.extend(_slow_lines(step, span, usual, indent, layout))
    if not inline_shown:
        lines.extend((Piece(indent + text, "detail"),) for text in details)
    return lines


def _slow_lines(
    item: Step | SubStep, span: Span, usual: Spread | None, indent: str, layout: _Layout
) -> list[DetailLine]:
    """``slow: 3m12s, usually 1m05s`` under a step or sub-step running longer than its
    kind's p90 (a line of its own: it stands out, and needs no room on the item's line)."""
    if span.start is None or span.end is not None or item.status.is_ended:
        return []
    text = slow_text(span.duration(layout.times.now), usual)
    return [] if text is None else [(Piece(indent + text, SLOWEST_STYLE),)]


def _sub_step_lines(
    step_name: str, name: str, sub: SubStep, is_slowest: bool, layout: _Layout
) -> list[DetailLine]:
    lead = Piece("  " + " " * SUB_INDENT)
    span = sub_step_span(sub)
    usual = None if layout.expected is None else layout.expected.sub_step(step_name, name)
    details = _detail_texts(sub.detail)
    inline = _inline_detail(sub, details, span, layout)
    lines, inline_shown = _item_lines(
        lead,
        sub,
        name,
        "sub-step-name",
        max(1, layout.name_width - SUB_INDENT),
        "",
        span,
        layout,
        is_slowest=is_slowest,
        inline_detail=inline,
        usual=usual,
    )
    indent = " " * (PREFIX_WIDTH + 2 * SUB_INDENT)
    lines.extend(_slow_lines(sub, span, usual, indent, layout))
    if not inline_shown:
        lines.extend((Piece(indent + text, "detail"),) for text in details)
    messages = _after_the_detail(safe_lines(sub.message), details)
    lines.extend((Piece(indent + text, "message"),) for text in messages)
    return lines


def _after_the_detail(messages: list[str], details: list[str]) -> list[str]:
    """The message lines but those that repeat the detail: a failed sub-step's message
    often starts with its detail (the reason, then a request ID): said once."""
    start = messages[: len(details)]
    if details and [text.strip() for text in start] == [text.strip() for text in details]:
        return messages[len(details) :]
    return messages


def timeline_lines(
    record: OperationRecord,
    times: TimeContext,
    glyphs: GlyphSet,
    width: int | None = None,
    expected: KindExpectation | None = None,
) -> list[DetailLine]:
    """Steps in ``serial_num`` order, each followed by its sub-steps in order; the step
    being worked on is marked, and each bar shows where its time went in the whole run.
    ``width`` (terminal cells) fits the columns to the pane; ``None`` means unlimited.
    With ``expected``: what each step not started usually takes, and which runs slow."""
    steps = record.ordered_steps()
    if not steps:
        return [(Piece("Timeline", "heading"),), (Piece("  no steps reported", "muted"),)]
    name_width, bar_width, compact = _column_widths(record, width)
    sub_steps = [step.ordered_sub_steps() for _, step in steps]
    layout = _Layout(
        record_span(record),
        times,
        glyphs,
        name_width,
        bar_width,
        compact,
        width,
        slowest_step=slowest([step_span(step) for _, step in steps], times.now),
        slowest_sub_step=slowest(
            [sub_step_span(sub) for subs in sub_steps for _, sub in subs], times.now
        ),
        # The usual durations and slow marks say something only while it still runs.
        expected=expected if not record.operation_status.is_ended else None,
    )
    running = current_step(record)
    running_name = running[0] if running else None
    lines: list[DetailLine] = [(Piece("Timeline", "heading"),)]
    sub_index = 0
    for step_index, ((name, step), subs) in enumerate(zip(steps, sub_steps, strict=True)):
        is_slowest = step_index == layout.slowest_step
        lines.extend(_step_lines(name, step, name == running_name, is_slowest, layout))
        for sub_name, sub in subs:
            is_slowest = sub_index == layout.slowest_sub_step
            lines.extend(_sub_step_lines(name, sub_name, sub, is_slowest, layout))
            sub_index += 1
    return lines


def detail_lines(
    record: OperationRecord,
    times: TimeContext,
    glyphs: GlyphSet,
    width: int | None = None,
    health: Sequence[DetailLine] = (),
    source: NamedSource | None = None,
    expected: KindExpectation | None = None,
) -> list[DetailLine]:
    """``expected``: what operations of the record's kind usually take (the ETA, usual
    durations and slow marks; ``None`` says nothing of it)."""
    return [
        *header_lines(record, times, glyphs, health, source, expected),
        (),
        *timeline_lines(record, times, glyphs, width, expected),
    ]
