"""IAM project listings parsed tolerantly, filtered to where BCS runs, named as sources."""

import io

import pytest

from bcs_tui.api.errors import BadResponseError
from bcs_tui.api.iam_projects import IamProject, bcs_projects, parse_projects
from bcs_tui.discover import discovered_sources, print_discovered, source_name_for

GOOD = {"id": "0a1b2c3d", "name": "cn-north-4", "enabled": True, "x_new_member": [1]}


def test_entries_without_a_usable_id_or_name_are_skipped_not_fatal() -> None:
    payload = {
        "projects": [
            "not an object",
            None,
            {"name": "cn-north-1"},
            {"id": "has/slash", "name": "cn-north-1"},
            {"id": "ffff", "name": None},
            GOOD,
        ],
        "links": {"self": "x"},
    }
    assert [p.id for p in parse_projects(payload)] == ["0a1b2c3d"]


@pytest.mark.parametrize("payload", [[], {"projects": None}, {"projects": {}}, "x"])
def test_a_body_that_is_no_project_list_is_a_bad_response(payload: object) -> None:
    with pytest.raises(BadResponseError):
        parse_projects(payload)


def test_only_enabled_projects_in_bcs_regions_are_kept_once() -> None:
    projects = [
        IamProject(id="a", name="cn-north-4"),
        IamProject(id="b", name="cn-north-4_test"),
        IamProject(id="c", name="cn-south-1", enabled=False),
        IamProject(id="d", name="af-south-1"),
        IamProject(id="e", name="MOS"),
        IamProject(id="a", name="cn-north-4"),
    ]
    assert [p.id for p in bcs_projects(projects)] == ["a", "b"]


def test_source_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    names = [
        source_name_for(name, taken)
        for name in ("cn-north-4_Test", "cn-north-4_test", "\x1b[31m", "cn-north-4__test")
    ]
    assert names == ["cn-north-4-test", "cn-north-4-test-2", "31m", "cn-north-4-test-3"]


def test_a_hostile_project_name_reaches_the_terminal_inert() -> None:
    project = IamProject(id="a1", name="cn-north-4_\x1b]0;owned\x07x")
    out = io.StringIO()
    print_discovered([project], None, out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert discovered_sources([project], "https://bcs.example")[0] == {
        "name": "cn-north-4-0-owned-x",
        "region": "cn-north-4",
        "project_id": "a1",
        "endpoint": "https://bcs.example",
    }
