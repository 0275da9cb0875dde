"""The environment a test gives the real program: nothing from the developer's machine."""

import os
from pathlib import Path


def clean_environment(home: Path) -> dict[str, str]:
    """No credentials or config from the developer's machine leak into a test."""
    keep = {"PATH", "LANG", "LC_ALL", "SYSTEMROOT", "PYTHONPATH"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    return env
