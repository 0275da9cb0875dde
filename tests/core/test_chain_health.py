"""A blockchain's health as lines: the detail pane's section and the blockchain view."""

from typing import Any

import pytest

from bcs_tui.api.blockchains import parse_blockchain_detail, parse_blockchain_status
from bcs_tui.api.errors import ApiError
from bcs_tui.base.timefmt import NS_PER_S, parse_iso_ns
from bcs_tui.core.chain_health import (
    MAX_ERROR_WIDTH,
    ChainHealth,
    blockchain_view_lines,
    error_text,
    health_lines,
    overdue_age,
)
from bcs_tui.core.detail_view import DetailLine, TimeContext
from bcs_tui.core.named_source import NamedSource
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
from bcs_tui.sim.hostile import HOSTILE_STRINGS

CHAIN_ID = "23604f57-eac9-3777-e9f5-ae87457f2338"


def detail(**basic: Any) -> ChainHealth:
    info = {"id": CHAIN_ID, "name": "bcs-i3b0ms", "version": "v2.2.1", "consensus": "raft"}
    info.update(basic)
    return ChainHealth(detail=parse_blockchain_detail({"basic_info": info}))


def text(lines: list[DetailLine]) -> list[str]:
    return ["".join(piece.text for piece in line) for line in lines]


def style_of(lines: list[DetailLine], fragment: str) -> str:
    return next(piece.style for line in lines for piece in line if fragment in piece.text)


@pytest.mark.parametrize(
    ("status", "shown", "style"),
    [
        ("Normal", "✓ Normal", "status-finished"),
        ("Abnormal", "✗ Abnormal", "status-failed"),
        ("EipAbnormal", "✗ EipAbnormal", "status-failed"),
        ("Freeze", "⊘ Freeze", "status-stopped"),
        ("Hibernation", "· Hibernation", "status-pending"),
        ("Melting", "? Melting", "status-unknown"),
        ("", "? unknown", "status-unknown"),
        (None, "? unknown", "status-unknown"),
    ],
)
def test_each_status_has_its_glyph_word_and_style(
    status: str | None, shown: str, style: str
) -> None:
    lines = health_lines(detail(status=status), UNICODE_GLYPHS)
    assert text(lines)[0].startswith(f"Health      {shown} · ")
    assert style_of(lines, shown) == style


def test_a_bad_status_has_the_loudest_style_of_the_scheme() -> None:
    # The same class as a failed operation: red and bold in both themes (dashboard.tcss).
    for status in ("Abnormal", "EipAbnormal"):
        assert style_of(health_lines(detail(status=status), UNICODE_GLYPHS), status) == (
            "status-failed"
        )


def test_pane_section_says_what_is_done_version_consensus_and_rollback() -> None:
    lines = health_lines(
        detail(status="Normal", process_status="IsUpgrading", is_support_rollback=True),
        UNICODE_GLYPHS,
    )
    assert text(lines) == [
        "Health      ✓ Normal · ● IsUpgrading",
        "Version     v2.2.1 · raft · rollback possible",
    ]
    assert style_of(lines, "IsUpgrading") == "status-processing"
    idle = health_lines(detail(status="Normal", is_support_rollback=False), ASCII_GLYPHS)
    assert text(idle) == [
        "Health      + Normal | nothing",
        "Version     v2.2.1 | raft | no rollback",
    ]


def test_loading_and_failure_keep_the_sections_two_lines() -> None:
    # The lines under the section stay where they are when the answer comes.
    assert text(health_lines(None, UNICODE_GLYPHS)) == ["Health      loading…", "Version     …"]
    error = ApiError(404, "BCS.4004", "The blockchain x does not exist", "req-1")
    failed = health_lines(ChainHealth(error=error_text(error)), UNICODE_GLYPHS)
    assert text(failed) == [
        "Health      unavailable: HTTP 404 BCS.4004: The blockchain x does not exist (request ID "
        "req-1)",
        "Version     -",
    ]
    long_error = ApiError(503, "APIGW.0001", "x" * 200, "req-2")
    cut = text(health_lines(ChainHealth(error=error_text(long_error)), UNICODE_GLYPHS))
    assert len(cut) == 2
    assert cut[0] == "Health      unavailable: HTTP 503 APIGW.0001: " + "x" * 50 + "…"
    assert len(cut[0]) == len("Health      unavailable: ") + MAX_ERROR_WIDTH


@pytest.mark.parametrize("hostile", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_text_is_shown_inert_and_short(hostile: str) -> None:
    health = ChainHealth(
        detail=parse_blockchain_detail(
            {
                "basic_info": {
                    "status": hostile,
                    "process_status": hostile,
                    "version": hostile,
                    "consensus": hostile,
                    "created_time": hostile,
                    "cluster_name": hostile,
                }
            }
        ),
        status=parse_blockchain_status({"eip": {"status": hostile, "detail": hostile}}),
    )
    lines = [
        *health_lines(health, UNICODE_GLYPHS),
        *blockchain_view_lines(health, UNICODE_GLYPHS, hostile, hostile),
        *health_lines(ChainHealth(error=error_text(RuntimeError(hostile))), UNICODE_GLYPHS),
    ]
    for line in text(lines):
        assert "\x1b" not in line and "\x07" not in line and "\n" not in line
        assert "\x9b" not in line and "\u202e" not in line
        assert len(line) < 600
    assert style_of(health_lines(health, UNICODE_GLYPHS), "?") == "status-unknown"


def test_blockchain_view_lists_each_resource_part_with_the_providers_detail() -> None:
    health = ChainHealth(
        detail=detail(status="Abnormal", process_status="", is_support_rollback=None).detail,
        status=parse_blockchain_status(
            {
                "bcs": {"status": "IsUpgrading"},
                "eip": {"status": "Abnormal", "detail": "The elastic IP is not bound"},
                "sfs": {"status": "Normal"},
                "cce": {"cluster": {"status": "Normal"}, "security_group": {"status": "Odd"}},
                "unknown_part": {"status": "Normal"},
            }
        ),
    )
    lines = blockchain_view_lines(health, UNICODE_GLYPHS, "bcs-i3b0ms", CHAIN_ID)
    shown = text(lines)
    assert shown[0] == f"Blockchain  bcs-i3b0ms ({CHAIN_ID})"
    assert "Status      ✗ Abnormal" in shown
    assert "Doing       nothing" in shown
    assert "Rollback    unknown" in shown
    resources = shown[shown.index("Resources") + 1 :]
    assert [line.split("  ")[1].strip() for line in resources] == [
        "BCS",
        "Elastic IP",
        "File storage",
        "Cluster",
        "Security group",
    ]
    assert resources[1] == "  Elastic IP      ✗ Abnormal     The elastic IP is not bound"
    assert style_of(lines, "✗ Abnormal    ") == "status-failed"
    assert style_of(lines, "● IsUpgrading") == "status-processing"
    assert style_of(lines, "? Odd") == "status-unknown"


def test_blockchain_view_before_and_after_failures() -> None:
    first = text(blockchain_view_lines(None, UNICODE_GLYPHS, "chain-a", CHAIN_ID))
    assert first == [f"Blockchain  chain-a ({CHAIN_ID})", "Health      loading…", "", "Resources",
                     "  loading…"]  # fmt: skip
    both_failed = ChainHealth(error="HTTP 503", status_error="HTTP 500")
    shown = text(blockchain_view_lines(both_failed, UNICODE_GLYPHS, None, CHAIN_ID))
    assert shown == [f"Blockchain  - ({CHAIN_ID})", "Health      unavailable: HTTP 503", "",
                     "Resources", "  unavailable: HTTP 500"]  # fmt: skip


def test_the_section_sits_right_under_the_records_blockchain_line() -> None:
    import json
    from pathlib import Path

    from bcs_tui.api.models import parse_record_list
    from bcs_tui.core.detail_view import TimeContext, detail_lines

    payload = json.loads(
        (Path(__file__).parents[1] / "fixtures" / "list-op-record-200.json").read_text()
    )
    record = parse_record_list(payload).records[0]
    times = TimeContext(now=0, utc=True)
    section = health_lines(detail(status="Abnormal"), UNICODE_GLYPHS)
    shown = text(detail_lines(record, times, UNICODE_GLYPHS, 120, section))
    at = next(index for index, line in enumerate(shown) if line.startswith("Blockchain"))
    assert shown[at + 1].startswith("Health      ✗ Abnormal")
    assert shown[at + 2].startswith("Version     v2.2.1")
    without = text(detail_lines(record, times, UNICODE_GLYPHS, 120))
    assert without == shown[: at + 1] + shown[at + 3 :]


SG = NamedSource("sg", "ap-southeast-1", "9f8e7d6c", client=None)  # type: ignore[arg-type]


def test_the_blockchain_view_lines_its_values_up_and_names_the_source() -> None:
    shown = text(blockchain_view_lines(detail(), UNICODE_GLYPHS, "bcs-a", CHAIN_ID, SG))
    assert shown[1] == "Source      sg · ap-southeast-1 · 9f8e7d6c"
    values = [line.index("bcs-a") if line.startswith("Blockchain") else 12 for line in shown]
    assert values[0] == len("Status      ")  # the chain's name in the values' column
    assert all(line[12] != " " for line in shown[1:9]), shown[1:9]


def test_the_creation_time_is_in_the_dashboards_format_and_zone() -> None:
    health = detail(created_time="2025-05-22T12:33:11Z")
    utc = TimeContext(now=0, utc=True)
    shown = text(blockchain_view_lines(health, UNICODE_GLYPHS, "c", CHAIN_ID, times=utc))
    assert "Created     2025-05-22 12:33:11Z" in shown
    odd = detail(created_time="May 22nd")
    shown = text(blockchain_view_lines(odd, UNICODE_GLYPHS, "c", CHAIN_ID, times=utc))
    assert "Created     May 22nd" in shown  # as received when it does not parse


def test_the_health_says_its_age_only_when_older_than_the_interval() -> None:
    read = parse_iso_ns("2025-05-22T12:00:00Z")
    interval = 5 * NS_PER_S
    assert overdue_age(read, read + 6 * NS_PER_S, interval) is None  # the next read is due
    assert overdue_age(None, read, interval) is None
    age = overdue_age(read, read + 40 * NS_PER_S, interval)
    assert age == "40s ago"
    lines = health_lines(detail(status="Normal", process_status=""), UNICODE_GLYPHS, age)
    assert text(lines)[0] == "Health      ✓ Normal · nothing · 40s ago"
    assert lines[0][-1].style == "muted"
    fresh = health_lines(detail(status="Normal", process_status=""), UNICODE_GLYPHS)
    assert text(fresh)[0] == "Health      ✓ Normal · nothing"
    view = text(
        blockchain_view_lines(detail(status="Normal"), UNICODE_GLYPHS, "c", CHAIN_ID, age=age)
    )
    assert "Status      ✓ Normal · 40s ago" in view
