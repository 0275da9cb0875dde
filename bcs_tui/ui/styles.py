"""Where the stylesheets are: ``bcs_tui/styles`` in an installed wheel (see the
force-include in pyproject), ``styles/`` at the top of a source checkout."""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def styles_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "styles", _PACKAGE_DIR.parent / "styles"):
        if (candidate / "dashboard.tcss").is_file():
            return candidate
    raise FileNotFoundError("the dashboard stylesheet (styles/dashboard.tcss) is missing")


def stylesheet(name: str) -> Path:
    return styles_dir() / name
