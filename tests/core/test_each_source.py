"""ask_each_source: bounded, ordered, one failure kept as that source's answer."""

import asyncio

import pytest

from bcs_tui.core.each_source import ask_each_source


async def test_answers_keep_the_sources_order_and_failures_stay_apart() -> None:
    answered: list[str] = []
    others_done = asyncio.Event()

    async def ask(name: str) -> str:
        if name == "a":
            await others_done.wait()  # "a" answers last
        answered.append(name)
        if len(answered) == 2:
            others_done.set()
        if name == "b":
            raise ConnectionError("b is down")
        return name.upper()

    answers = await ask_each_source(["a", "b", "c"], ask)

    assert answered == ["b", "c", "a"]

    assert answers[0] == "A" and answers[2] == "C"
    assert isinstance(answers[1], ConnectionError)


async def test_no_more_than_at_once_are_in_flight() -> None:
    in_flight = 0
    most = 0
    release = asyncio.Event()

    async def ask(index: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        if most == 3:
            release.set()
        await release.wait()
        in_flight -= 1
        return index

    answers = await ask_each_source(list(range(10)), ask, at_once=3)

    assert answers == list(range(10))
    assert most == 3


async def test_at_once_below_one_is_refused() -> None:
    async def ask(name: str) -> str:
        return name

    with pytest.raises(ValueError):
        await ask_each_source(["a"], ask, at_once=0)
