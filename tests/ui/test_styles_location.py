"""The stylesheet is found both in a source checkout and in an installed wheel."""

from pathlib import Path

import pytest

from bcs_tui.ui import styles


def _stylesheet(directory: Path) -> Path:
    directory.mkdir(parents=True)
    (directory / "dashboard.tcss").write_text("Screen {}\n")
    return directory


def test_installed_wheel_layout_uses_the_packaged_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "bcs_tui"
    packaged = _stylesheet(package / "styles")  # pyproject force-include: styles -> bcs_tui/styles
    monkeypatch.setattr(styles, "_PACKAGE_DIR", package)
    assert styles.styles_dir() == packaged


def test_source_checkout_uses_the_top_level_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _stylesheet(tmp_path / "checkout" / "styles")
    monkeypatch.setattr(styles, "_PACKAGE_DIR", tmp_path / "checkout" / "bcs_tui")
    assert styles.styles_dir() == top


def test_missing_stylesheet_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(styles, "_PACKAGE_DIR", tmp_path / "bcs_tui")
    with pytest.raises(FileNotFoundError, match=r"dashboard\.tcss"):
        styles.styles_dir()


def test_this_checkout_has_its_stylesheet() -> None:
    assert styles.stylesheet("dashboard.tcss").is_file()
