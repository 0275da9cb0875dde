import pytest

from bcs_tui.base.terminal_locale import locale_is_utf8


@pytest.mark.parametrize(
    ("environ", "utf8"),
    [
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LANG": "C.utf8"}, True),
        ({"LC_CTYPE": "de_DE.UTF-8", "LANG": "C"}, True),
        ({"LANG": "C"}, False),
        ({"LANG": "en_US.ISO-8859-1"}, False),
        ({"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, False),
        ({"LC_ALL": "", "LC_CTYPE": "", "LANG": "ja_JP.UTF-8"}, True),
        ({}, False),
    ],
)
def test_the_first_locale_variable_set_decides(environ: dict[str, str], utf8: bool) -> None:
    assert locale_is_utf8(environ, utf8_mode=False) is utf8


def test_a_c_locale_that_python_coerced_to_utf8_is_not_utf8() -> None:
    # What Python leaves in the environment when it started in the C locale (PEP 538).
    assert not locale_is_utf8({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, utf8_mode=True)
    assert not locale_is_utf8({"LC_CTYPE": "C.UTF-8"}, utf8_mode=True)
    assert locale_is_utf8({"LANG": "C.UTF-8", "PYTHONUTF8": "1"}, utf8_mode=True)


@pytest.mark.parametrize(
    "environ",
    [
        {"LANG": "en_US.UTF-8"},  # python -X utf8 in a UTF-8 terminal
        # LANG names a UTF-8 locale this machine lacks (common over SSH): Python coerces
        # LC_CTYPE, but the terminal speaks UTF-8.
        {"LANG": "de_DE.UTF-8", "LC_CTYPE": "C.UTF-8"},
    ],
)
def test_utf8_mode_alone_does_not_mean_a_c_locale(environ: dict[str, str]) -> None:
    assert locale_is_utf8(environ, utf8_mode=True)
