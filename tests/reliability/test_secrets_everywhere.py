"""Secrets, through every path: the real program, ``--verbose`` with a log file, succeeding and
failing (auth refused, network down, bad config), on the command line and in the dashboard.
Every captured output (stdout, stderr, the log, exported JSON, the screen) is searched for
every secret value; the request log must show the credential headers, redacted.
"""

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bcs_tui.sim.defaults import DEFAULT_IAM_DOMAIN, DEFAULT_IAM_USER, DEFAULT_PROJECT_ID
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment
from tests.pty_terminal import PtyTerminal
from tests.reliability.conftest import BCS_TUI, start_cli

AK = "AKPROBE7Q2X9Z4W1V8N3"
SK = "sk-probe-Zx81-secret-value"
SECURITY_TOKEN = "sec-token-probe-Qw93-temporary"
TOKEN = "iam-token-probe-Lm42-static"
PASSWORD = "pw-probe-Hy67-password"
SECRETS = (AK, SK, SECURITY_TOKEN, TOKEN, PASSWORD)
# Wrong values contain the right ones, so a leak of either is found by the same search.
WRONG = "wrong-"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    config = SimConfig(records=3, seed=3, ak=AK, sk=SK, token=TOKEN, iam_password=PASSWORD)
    with SimServer(config) as server:
        yield server


def _issued_tokens(sim: SimServer) -> list[str]:
    """Tokens the simulator's IAM login handed out (they are secrets too)."""
    return list(sim._tokens._issued)


@dataclass(frozen=True)
class Case:
    env: dict[str, str]
    args: tuple[str, ...]
    exit_code: int
    headers: tuple[str, ...] = ()
    """Credential headers the request log must show, redacted."""


def _cases(sim: SimServer, home: Path) -> dict[str, Case]:
    base = {**clean_environment(home), "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID}
    refused = f"http://127.0.0.1:{_free_port()}"

    def aksk(sk: str, endpoint: str) -> dict[str, str]:
        return {
            **base,
            "HUAWEICLOUD_SDK_AK": AK,
            "HUAWEICLOUD_SDK_SK": sk,
            "HUAWEICLOUD_SDK_SECURITY_TOKEN": SECURITY_TOKEN,
            "BCS_TUI_ENDPOINT": endpoint,
        }

    def token(value: str, endpoint: str) -> dict[str, str]:
        return {**base, "BCS_TUI_AUTH_TOKEN": value, "BCS_TUI_ENDPOINT": endpoint}

    def password(value: str, endpoint: str, iam: str) -> dict[str, str]:
        return {
            **base,
            "BCS_TUI_IAM_USER": DEFAULT_IAM_USER,
            "BCS_TUI_IAM_PASSWORD": value,
            "BCS_TUI_IAM_DOMAIN": DEFAULT_IAM_DOMAIN,
            "HUAWEICLOUD_SDK_IAM_ENDPOINT": iam,
            "BCS_TUI_ENDPOINT": endpoint,
        }

    ok = sim.endpoint
    records = ("records", "--json")
    return {
        "aksk ok": Case(aksk(SK, ok), records, 0, ("authorization", "x-security-token")),
        "token ok": Case(token(TOKEN, ok), records, 0, ("x-auth-token",)),
        "password ok": Case(
            password(PASSWORD, ok, ok), records, 0, ("x-subject-token", "x-auth-token")
        ),
        "aksk refused": Case(aksk(WRONG + SK, ok), records, 3, ("authorization",)),
        "token refused": Case(token(WRONG + TOKEN, ok), records, 3, ("x-auth-token",)),
        "password refused": Case(password(WRONG + PASSWORD, ok, ok), records, 3),
        "aksk network": Case(aksk(SK, refused), records, 5),
        "token network": Case(token(TOKEN, refused), records, 5),
        "password IAM network": Case(password(PASSWORD, ok, refused), records, 5),
        "watch refused": Case(
            aksk(WRONG + SK, ok), ("watch", "BCSSVC01-99-1", "--interval", "1"), 3
        ),
    }


def _config_cases(home: Path, base: dict[str, str]) -> dict[str, Case]:
    """Bad configuration holding secrets: refused with a message that shows none of them."""
    cases = {}
    files = {
        "config readable by others": (
            0o644,
            f'[profiles.default]\nendpoint = "http://127.0.0.1:9"\nak = "{AK}"\n'
            f'sk = "{SK}"\ntoken = "{TOKEN}"\npassword = "{PASSWORD}"\n'
            f'security_token = "{SECURITY_TOKEN}"\n',
        ),
        "config not TOML": (0o600, f'[profiles.default]\nsk = "{SK}\ntoken = {TOKEN}\n'),
        "config unknown key": (0o600, f'[profiles.default]\nsecret_key = "{SK}"\n'),
        "config wrong type": (0o600, f'[profiles.default]\ninterval = "{PASSWORD}"\n'),
        "source unknown key": (
            0o600,
            f'[profiles.default]\nsources = [{{ name = "a", region = "cn-north-4",'
            f' project_id = "p", sk = "{SK}" }}]\n',
        ),
    }
    for name, (mode, text) in files.items():
        path = home / (name.replace(" ", "-") + ".toml")
        path.write_text(text)
        os.chmod(path, mode)
        cases[name] = Case({**base, "BCS_TUI_CONFIG": str(path)}, ("records",), 2)
    fleet = home / "fleet.toml"
    fleet.write_text(
        "[profiles.default]\nsources = [\n"
        '  { name = "a", region = "cn-north-4", project_id = "p" },\n'
        '  { name = "b", region = "cn-north-1", project_id = "q" },\n]\n'
    )
    cases["bare token for two sources"] = Case(
        {**base, "BCS_TUI_CONFIG": str(fleet), "BCS_TUI_AUTH_TOKEN": TOKEN}, ("sources",), 2
    )
    # Found by this suite: a key that is not ASCII crashed the request with a traceback.
    cases["AK not ASCII"] = Case(
        {
            **base,
            "HUAWEICLOUD_SDK_AK": AK + "\u00e9",
            "HUAWEICLOUD_SDK_SK": SK,
            "BCS_TUI_ENDPOINT": "http://127.0.0.1:9",
        },
        ("records",),
        2,
    )
    ini = home / "credentials"
    ini.write_text(f"[basic]\nsk = {SK}\nsecurity_token = {SECURITY_TOKEN}\n")
    cases["credentials file without AK"] = Case(
        {**base, "HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(ini), "BCS_TUI_ENDPOINT": "http://x.y"},
        ("records",),
        2,
    )
    return cases


def _assert_no_secret(where: str, text: str, extra: list[str]) -> None:
    for secret in (*SECRETS, *extra):
        assert secret not in text, f"a secret is in {where}"


def test_command_line_shows_no_secret_on_any_path(sim: SimServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    cases = _cases(sim, home)
    base = {**clean_environment(home), "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID}
    cases.update(_config_cases(home, base))
    logs = {name: tmp_path / f"log-{index}.txt" for index, name in enumerate(cases)}
    running = {
        name: start_cli([*case.args, "--verbose", "--log-file", str(logs[name])], case.env)
        for name, case in cases.items()
    }
    outputs = {name: process.communicate(timeout=60) for name, process in running.items()}
    issued = _issued_tokens(sim)
    assert issued  # the password cases logged in: their tokens are searched for too
    for name, case in cases.items():
        stdout, stderr = outputs[name]
        assert running[name].returncode == case.exit_code, (name, stderr)
        assert "Traceback" not in stderr, name
        log = logs[name].read_text() if logs[name].exists() else ""
        for where, text in (("stdout", stdout), ("stderr", stderr), ("the log", log)):
            _assert_no_secret(f"{where} of {name!r}", text, issued)
        for header in case.headers:
            assert f"{header}: <redacted>" in log.lower(), (name, header)
        if case.exit_code == 0:
            assert json.loads(stdout)["operation_records"]  # the exported JSON, searched above
        else:
            assert stderr.startswith("bcs-tui: error: "), name


def _wait_gone(program: PtyTerminal) -> int:
    program.send(b"q")
    return program.wait_exit()


@pytest.mark.parametrize(
    ("name", "sk", "endpoint_kind", "shown"),
    [
        ("dashboard ok, exporting", SK, "sim", " records"),
        ("dashboard refused", WRONG + SK, "sim", "HTTP 401"),
        ("dashboard network", SK, "refused", "connection refused"),
    ],
    ids=["ok-and-export", "auth-refused", "network"],
)
def test_dashboard_shows_no_secret(
    sim: SimServer, tmp_path: Path, name: str, sk: str, endpoint_kind: str, shown: str
) -> None:
    endpoint = sim.endpoint if endpoint_kind == "sim" else f"http://127.0.0.1:{_free_port()}"
    env = {
        **clean_environment(tmp_path),
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "HUAWEICLOUD_SDK_AK": AK,
        "HUAWEICLOUD_SDK_SK": sk,
        "HUAWEICLOUD_SDK_SECURITY_TOKEN": SECURITY_TOKEN,
        "BCS_TUI_ENDPOINT": endpoint,
    }
    log = tmp_path / "dashboard.log"
    args = ["--verbose", "--log-file", str(log), "--interval", "60"]
    with PtyTerminal([*BCS_TUI, *args], env, cwd=tmp_path) as program:
        program.wait_for(lambda screen: shown in screen)
        if endpoint_kind == "sim" and sk == SK:
            program.send(b"e")
            program.wait_for(lambda screen: "Exported" in screen)
        screen = program.text()
        raw = bytes(program.raw).decode("utf-8", errors="replace")
        assert _wait_gone(program) == 0
    exported = [path.read_text() for path in tmp_path.glob("bcs-operation-*.json")]
    if sk == SK and endpoint_kind == "sim":
        assert len(exported) == 1 and json.loads(exported[0])["operation_id"]
    text = log.read_text()
    assert "authorization: <redacted>" in text.lower() or endpoint_kind == "refused"
    for where, content in (
        ("the screen", screen),
        ("the terminal output", raw),
        ("the log", text),
        ("the exported JSON", "\n".join(exported)),
    ):
        _assert_no_secret(f"{where} of {name!r}", content, [])
