from bcs_tui.core.diffing import TransitionKind, diff_rows, transitions
from bcs_tui.core.record_view import row_view
from bcs_tui.core.status_view import UNICODE_GLYPHS
from tests.core.view_records import EXAMPLE_NOW, example_record


def _rows(**records: object) -> dict:  # type: ignore[type-arg]
    return {key: row_view(key, rec, EXAMPLE_NOW, UNICODE_GLYPHS) for key, rec in records.items()}  # type: ignore[arg-type]


def test_nothing_changed_is_empty() -> None:
    rows = _rows(a=example_record())
    changes = diff_rows(rows, rows)
    assert (changes.added, changes.removed, dict(changes.changed_cells)) == ((), (), {})


def test_added_removed_and_only_changed_cells() -> None:
    old = _rows(a=example_record(), b=example_record())
    new = _rows(a=example_record(blockchain_name="renamed"), c=example_record())
    changes = diff_rows(old, new)
    assert changes.added == ("c",)
    assert changes.removed == ("b",)
    assert changes.changed_cells == {"a": ("blockchain",)}


def test_transitions_name_new_and_ended_operations() -> None:
    old = {"a": example_record(), "b": example_record()}
    new = {
        "a": example_record(operation_status="failed"),
        "b": example_record(),
        "c": example_record(blockchain_name="fresh"),
    }
    found = {t.key: t for t in transitions(old, new)}
    assert set(found) == {"a", "c"}
    assert found["a"].kind is TransitionKind.ENDED
    assert found["a"].title() == "Operation failed"
    assert found["c"].kind is TransitionKind.APPEARED
    assert "create on fresh" in found["c"].text()


def test_an_ended_record_that_stays_ended_is_not_announced_again() -> None:
    done = {"a": example_record(operation_status="finished")}
    assert transitions(done, done) == []


def test_transition_text_is_safe() -> None:
    new = {"x": example_record(blockchain_name="\x1b]0;title\x07")}
    (found,) = transitions({}, new)
    assert "\x1b" not in found.text() and "\x07" not in found.text()


def test_an_oddly_spelled_ending_is_announced_once_with_the_dashboard_word() -> None:
    old = {"a": example_record(operation_status="processing")}
    new = {"a": example_record(operation_status=" STOP")}
    (found,) = transitions(old, new)
    assert found.kind is TransitionKind.ENDED
    assert found.title() == "Operation stopped"


def test_an_ended_record_whose_other_fields_change_is_not_announced_again() -> None:
    # Each poll parses a new record; the status is the same but the objects are not, and
    # the text may differ in case. Only a change of meaning is a transition.
    old = {"a": example_record(operation_status="finished", record_time=1)}
    new = {"a": example_record(operation_status="FINISHED ", record_time=2, message=["done"])}
    assert transitions(old, new) == []
    now_failed = {"a": example_record(operation_status="failed", record_time=3)}
    assert [t.title() for t in transitions(new, now_failed)] == ["Operation failed"]


def test_another_change_of_status_is_a_transition_to_log_not_to_announce() -> None:
    old = {"a": example_record(operation_status="waiting")}
    new = {"a": example_record(operation_status="processing")}
    (found,) = transitions(old, new)
    assert found.kind is TransitionKind.CHANGED and found.before is old["a"]
    assert transitions(new, {"a": example_record(operation_status="Processing ")}) == []
