"""The detail pane of one record as styled lines: plain data (text + style class names),
so the widget only maps class names to styles from the stylesheet and never formats.

Every server string is passed through ``safe_text`` here.
"""

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
from bcs_tui.base.timefmt import format_age, format_clock_time, format_duration, format_timestamp
from bcs_tui.core.status_view import INVALID_STYLE, GlyphSet, status_label, status_style
from bcs_tui.core.timeline import (
    Span,
    current_step,
    record_progress,
    record_span,
    step_progress,
    step_span,
    sub_step_span,
)
from bcs_tui.core.where import place_path, whereabouts

BAR_WIDTH = 20
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


def _timing_pieces(span: Span, layout: "_Layout") -> tuple[Piece, ...]:
    times, glyphs = layout.times, layout.glyphs
    duration = format_duration(span.duration(times.now))
    pieces = [
        Piece(
            f"  {_when(span, times, glyphs, compact=layout.compact):<{layout.when_width}}",
            "muted",
        ),
        Piece(f"{duration:>7}", ""),
    ]
    if layout.bar_width:
        pieces.append(
            Piece("  " + time_bar(span, layout.whole, times.now, glyphs, layout.bar_width), "bar")
        )
    return tuple(pieces)


def header_lines(record: OperationRecord, times: TimeContext, glyphs: GlyphSet) -> list[DetailLine]:
    lines: list[DetailLine] = [
        _field("Operation", safe_text(record.operation_id or "-"), "value"),
        (
            Piece(f"{'Status':<{LABEL_WIDTH}}", "label"),
            _status_piece(record.operation_status, record.operation_status_text, glyphs),
        ),
        *place_lines(record, times, glyphs),
    ]
    kind = safe_text(operation_type_name(record.operation_type) or "-")
    resource = safe_text(resource_type_name(record.resource_type) or "-")
    lines.append(_field("Type", f"{kind} {glyphs.separator} {resource}"))
    chain = safe_text(record.blockchain_name or "-")
    if record.blockchain_id:
        chain += f" ({safe_text(record.blockchain_id)})"
    lines.append(_field("Blockchain", chain))
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
    lines.append(_field("Duration", format_duration(span.duration(times.now))))
    lines.append(_field("Progress", f"{record_progress(record).text()} sub-steps finished"))
    if record.desc:
        for index, text in enumerate(safe_lines([record.desc])):
            lines.append(_field("Description" if index == 0 else "", text))
    if not record.is_valid:
        lines.append(_field("Invalid", safe_text(record.invalid_reason), INVALID_STYLE))
    if record.message:
        lines.append((Piece("Messages", "heading"),))
        lines.extend((Piece("  " + text, "message"),) for text in safe_lines(record.message))
    return lines


def place_lines(record: OperationRecord, times: TimeContext, glyphs: GlyphSet) -> list[DetailLine]:
    """``Failed at`` (``Stopped at``) or ``Now at``: the step > sub-step, when, and the
    whole message, a line each. Shown right under Status, so a pane of a few lines (80x24)
    answers "why did it fail" without scrolling."""
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
        moment = format_clock_time(place.at, utc=times.utc, tz=times.tz)  # "Updated" has the date
        age = format_age(place.at, times.now)
        pieces.append(Piece(f"  {when}{moment} ({age})", "muted"))
    indent = " " * LABEL_WIDTH
    messages = [(Piece(indent + text, "message"),) for text in safe_lines(list(found.message))]
    return [tuple(pieces), *messages]


STATUS_WIDTH = 12
NAME_WIDTH_CAP = 40
MIN_NAME_WIDTH = 16
MIN_BAR_WIDTH = 6
SUB_INDENT = 2
WHEN_WIDTH = 21
COMPACT_WHEN_WIDTH = 8
PREFIX_WIDTH = 2 + STATUS_WIDTH + 1  # running marker, status, space
FIXED_WIDTH = PREFIX_WIDTH + 8 + 2 + WHEN_WIDTH + 7 + 2  # all but the name and the bar


@dataclass(frozen=True)
class _Layout:
    whole: Span
    times: TimeContext
    glyphs: GlyphSet
    name_width: int
    bar_width: int
    compact: bool = False

    @property
    def when_width(self) -> int:
        return COMPACT_WHEN_WIDTH if self.compact else WHEN_WIDTH


def _natural_name_width(record: OperationRecord) -> int:
    widths = [0]
    for name, step in record.ordered_steps():
        widths.append(cell_width(safe_text(name)))
        widths.extend(
            cell_width(safe_text(sub)) + SUB_INDENT for sub, _ in step.ordered_sub_steps()
        )
    return min(max(widths), NAME_WIDTH_CAP)


def _column_widths(record: OperationRecord, width: int | None) -> tuple[int, int, bool]:
    """(name column, time bar, compact) for the space available. Names are never cut: one
    longer than its column gets a line of its own. Narrow panes show only start times;
    then the bar shrinks, and goes."""
    natural = _natural_name_width(record)
    if width is None:
        return natural, BAR_WIDTH, False
    room = width - FIXED_WIDTH
    if room >= natural + BAR_WIDTH:
        return natural, BAR_WIDTH, False
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
) -> list[DetailLine]:
    """One step or sub-step: status, name, progress, start -> end, duration, bar."""
    shown = safe_text(name)
    status_piece = _status_cell(item, layout.glyphs)
    timing = (Piece(f" {progress:>7}", "muted"), *_timing_pieces(span, layout))
    if cell_width(shown) <= name_width:
        name_piece = Piece(" " + pad_right(shown, name_width), name_style)
        return [(lead, status_piece, name_piece, *timing)]
    blank = Piece(" " * (cell_width(lead.text) + STATUS_WIDTH + 1 + name_width))
    return [(lead, status_piece, Piece(" " + shown, name_style)), (blank, *timing)]


def _step_lines(name: str, step: Step, running: bool, layout: _Layout) -> list[DetailLine]:
    glyphs = layout.glyphs
    lead = Piece(glyphs.running_marker + " ", "running-marker") if running else Piece("  ")
    progress = f"[{step_progress(step).text()}]"
    lines = _item_lines(
        lead, step, name, "step-name", layout.name_width, progress, step_span(step), layout
    )
    indent = " " * PREFIX_WIDTH
    if step.detail:
        lines.extend((Piece(indent + text, "detail"),) for text in safe_lines([step.detail]))
    return lines


def _sub_step_lines(name: str, sub: SubStep, layout: _Layout) -> list[DetailLine]:
    lead = Piece("  " + " " * SUB_INDENT)
    lines = _item_lines(
        lead,
        sub,
        name,
        "sub-step-name",
        max(1, layout.name_width - SUB_INDENT),
        "",
        sub_step_span(sub),
        layout,
    )
    indent = " " * (PREFIX_WIDTH + 2 * SUB_INDENT)
    if sub.detail:
        lines.extend((Piece(indent + text, "detail"),) for text in safe_lines([sub.detail]))
    lines.extend((Piece(indent + text, "message"),) for text in safe_lines(sub.message))
    return lines


def timeline_lines(
    record: OperationRecord, times: TimeContext, glyphs: GlyphSet, width: int | None = None
) -> list[DetailLine]:
    """Steps in ``serial_num`` order, each followed by its sub-steps in order; the step
    being worked on is marked, and each bar shows where its time went in the whole run.
    ``width`` (terminal cells) fits the columns to the pane; ``None`` means unlimited."""
    steps = record.ordered_steps()
    if not steps:
        return [(Piece("Timeline", "heading"),), (Piece("  no steps reported", "muted"),)]
    name_width, bar_width, compact = _column_widths(record, width)
    layout = _Layout(record_span(record), times, glyphs, name_width, bar_width, compact)
    running = current_step(record)
    running_name = running[0] if running else None
    lines: list[DetailLine] = [(Piece("Timeline", "heading"),)]
    for name, step in steps:
        lines.extend(_step_lines(name, step, name == running_name, layout))
        for sub_name, sub in step.ordered_sub_steps():
            lines.extend(_sub_step_lines(sub_name, sub, layout))
    return lines


def detail_lines(
    record: OperationRecord, times: TimeContext, glyphs: GlyphSet, width: int | None = None
) -> list[DetailLine]:
    return [
        *header_lines(record, times, glyphs),
        (),
        *timeline_lines(record, times, glyphs, width),
    ]
