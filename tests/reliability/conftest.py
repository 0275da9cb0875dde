"""Shared by the reliability tests: the real program as a subprocess with a clean environment,
and the test CA."""

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
    DEFAULT_SK,
)
from bcs_tui.sim.server import SimServer
from tests.environment import clean_environment
from tests.reliability.tls import CertificateSet, have_openssl, make_certificates

BCS_TUI = [sys.executable, "-m", "bcs_tui"]


def aksk_environment(home: Path, endpoint: str) -> dict[str, str]:
    return {
        **clean_environment(home),
        "HUAWEICLOUD_SDK_AK": DEFAULT_AK,
        "HUAWEICLOUD_SDK_SK": DEFAULT_SK,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "BCS_TUI_ENDPOINT": endpoint,
    }


def issue_token(sim: SimServer) -> str:
    """A token from the simulator's IAM login, as a user would get one."""
    login = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": DEFAULT_IAM_USER,
                        "password": DEFAULT_IAM_PASSWORD,
                        "domain": {"name": DEFAULT_IAM_DOMAIN},
                    }
                },
            },
            "scope": {"project": {"id": DEFAULT_PROJECT_ID}},
        }
    }
    answer = httpx.post(f"{sim.endpoint}/v3/auth/tokens", json=login, timeout=10)
    assert answer.status_code == 201
    return answer.headers["X-Subject-Token"]


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    elapsed_s: float


def start_cli(args: list[str], env: dict[str, str]) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [*BCS_TUI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> Finished:
    started = time.monotonic()
    result = subprocess.run(
        [*BCS_TUI, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Finished(result.returncode, result.stdout, result.stderr, time.monotonic() - started)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CertificateSet]:
    if not have_openssl():
        pytest.skip("the openssl command line is needed to make test certificates")
    yield make_certificates(tmp_path_factory.mktemp("tls"))
