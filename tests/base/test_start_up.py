"""The collector is paused for start-up and runs again, start-up's objects frozen, after."""

import gc
from collections.abc import Iterator

import pytest

from bcs_tui.base import start_up


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Leave the test process's collector as it was: on, nothing frozen by these tests."""
    yield
    gc.unfreeze()
    gc.enable()


def test_start_up_pauses_the_collector_until_it_is_done() -> None:
    start_up.pause_collector()
    assert not gc.isenabled()
    start_up.start_up_done()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_only_the_first_done_does_anything() -> None:
    start_up.pause_collector()
    start_up.start_up_done()
    gc.unfreeze()
    start_up.start_up_done()
    assert gc.get_freeze_count() == 0


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    start_up.pause_collector()
    start_up.start_up_done()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
