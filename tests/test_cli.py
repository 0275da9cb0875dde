"""The command line, run as a real program against the real simulator over loopback."""

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK, DEFAULT_TOKEN
from bcs_tui.sim.server import SimConfig, SimServer
from tests.environment import clean_environment

BCS_TUI = [sys.executable, "-m", "bcs_tui"]


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(seed=11, records=25)) as server:
        yield server


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path)


def run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BCS_TUI, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def aksk_env(env: dict[str, str], sim: SimServer, sk: str = DEFAULT_SK) -> dict[str, str]:
    return {
        **env,
        "HUAWEICLOUD_SDK_AK": DEFAULT_AK,
        "HUAWEICLOUD_SDK_SK": sk,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "BCS_TUI_ENDPOINT": sim.endpoint,
    }


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_records_demo_json_has_exact_integers(clean_env: dict[str, str]) -> None:
    result = run(["records", "--demo", "--json"], clean_env)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    # The demo serves a fleet of three sources: the several-sources shape.
    assert [source["name"] for source in body["sources"]] == ["north", "north-test", "sg"]
    for source in body["sources"]:
        assert source["count"] == len(source["operation_records"]) > 0
    record = body["sources"][0]["operation_records"][0]
    for field in ("operation_id", "operation_status", "operation_process", "record_time"):
        assert field in record
    assert isinstance(record["record_time"], int) and record["record_time"] > 2**53


def test_records_json_matches_what_the_server_sent(
    sim: SimServer, clean_env: dict[str, str]
) -> None:
    import httpx

    from bcs_tui.api.auth import TokenAuth

    served = httpx.get(
        f"{sim.endpoint}/v2/{DEFAULT_PROJECT_ID}/operation/record", auth=TokenAuth(DEFAULT_TOKEN)
    ).json()
    result = run(["records", "--json"], aksk_env(clean_env, sim))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    served_times = {r["operation_id"]: r["record_time"] for r in served["operation_records"]}
    printed_times = {r["operation_id"]: r["record_time"] for r in printed["operation_records"]}
    # Records still running may have moved on between the two calls; ended ones may not.
    ended = {
        r["operation_id"]
        for r in served["operation_records"]
        if r["operation_status"] in ("finished", "failed", "stop")
    }
    assert ended
    for operation_id in ended:
        assert printed_times[operation_id] == served_times[operation_id]


def test_records_table_with_a_filter(sim: SimServer, clean_env: dict[str, str]) -> None:
    sim.clear_log()
    result = run(["records", "--status", "finished"], aksk_env(clean_env, sim))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["STATUS", "TYPE"]
    body = lines[1:-1]  # between the header and the "N records" line
    assert body and all(line.startswith("finished") for line in body)
    assert any(entry.query.get("operation_status") == "finished" for entry in sim.request_log)


def test_invalid_filter_is_refused_before_sending(
    sim: SimServer, clean_env: dict[str, str]
) -> None:
    sim.clear_log()
    result = run(["records", "--status", "done"], aksk_env(clean_env, sim))
    assert result.returncode == 2
    assert "operation_status must be one of" in result.stderr
    assert sim.request_log == []
    assert_no_traceback(result)


def test_wrong_secret_key_exits_3_without_showing_it(
    sim: SimServer, clean_env: dict[str, str]
) -> None:
    wrong = "a-wrong-secret-key-value-123"
    result = run(["records"], aksk_env(clean_env, sim, sk=wrong))
    assert result.returncode == 3
    assert "401" in result.stderr and "BCS.4010401" in result.stderr
    assert wrong not in result.stderr + result.stdout
    assert_no_traceback(result)


def test_token_auth_from_environment(sim: SimServer, clean_env: dict[str, str]) -> None:
    env = {
        **clean_env,
        "BCS_TUI_AUTH_TOKEN": DEFAULT_TOKEN,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "BCS_TUI_ENDPOINT": sim.endpoint,
    }
    result = run(["records", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert DEFAULT_TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("fault", "code", "fragment"),
    [("500", 4, "500"), ("html-502", 4, "502"), ("malformed-json", 6, "JSON")],
)
def test_faults_map_to_documented_exit_codes(
    fault: str, code: int, fragment: str, clean_env: dict[str, str]
) -> None:
    with SimServer(SimConfig(records=3, faults=frozenset({fault}))) as server:
        result = run(["records", "--timeout", "2"], aksk_env(clean_env, server))
    assert result.returncode == code, result.stderr
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert_no_traceback(result)


def test_unreachable_endpoint_exits_5(clean_env: dict[str, str]) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**clean_env, "BCS_TUI_AUTH_TOKEN": "t", "HUAWEICLOUD_SDK_PROJECT_ID": "p"}
    result = run(["records", "--endpoint", f"http://127.0.0.1:{port}"], env)
    assert result.returncode == 5
    assert "127.0.0.1" in result.stderr
    assert_no_traceback(result)


def test_missing_configuration_is_one_paragraph_exit_2(clean_env: dict[str, str]) -> None:
    result = run(["records", "--region", "cn-north-4"], clean_env)
    assert result.returncode == 2
    assert "project ID" in result.stderr and "HUAWEICLOUD_SDK_PROJECT_ID" in result.stderr
    assert_no_traceback(result)


def test_help_documents_exit_codes(clean_env: dict[str, str]) -> None:
    for args in (["--help"], ["records", "--help"], ["watch", "--help"]):
        result = run(args, clean_env)
        assert result.returncode == 0
        assert "exit codes" in result.stdout and "network failure" in result.stdout


def test_usage_error_exits_2(clean_env: dict[str, str]) -> None:
    result = run(["records", "--interval", "-1"], clean_env)
    assert result.returncode == 2


@pytest.mark.parametrize("command", [[], ["watch", "BCSSVC01-99-1"]])
@pytest.mark.parametrize("interval", ["0.5", "0", "-1"])
def test_an_interval_below_one_second_is_refused(
    command: list[str], interval: str, clean_env: dict[str, str]
) -> None:
    # `--interval 0.01` once sent about 60 requests a second. One message for every value
    # below 1 s: 0 once said "must be greater than 0" and 0.5 "must be at least 1 second".
    result = run([*command, "--demo", f"--interval={interval}"], clean_env)
    assert result.returncode == 2
    rule = "must be at least 1 second (a shorter one floods the service with requests)"
    assert f"--interval: {rule}: '{interval}'" in result.stderr
    assert "\x1b[" not in result.stdout  # refused before any screen was drawn
    assert_no_traceback(result)


def test_watch_follows_a_live_operation_to_its_end(clean_env: dict[str, str]) -> None:
    with SimServer(SimConfig(records=0, speed=40.0)) as server:
        live = [
            entry
            for entry in json.loads(run(["records", "--json"], aksk_env(clean_env, server)).stdout)[
                "operation_records"
            ]
            if entry["operation_status"] in ("waiting", "processing")
        ]
        assert live, "the simulator should have running operations"
        operation_id = live[0]["operation_id"]
        result = run(
            ["watch", operation_id, "--interval", "1", "--exit-status"],
            aksk_env(clean_env, server),
            timeout=120,
        )
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Watching {operation_id}")
    final = next(line for line in lines if line.startswith(f"Operation {operation_id} "))
    status = final.split()[2]
    assert status in ("finished", "failed", "stopped")
    assert result.returncode == (0 if status == "finished" else 1)
    assert any("finished" in line for line in lines[1:])


def test_watch_of_an_unknown_operation_exits_2(sim: SimServer, clean_env: dict[str, str]) -> None:
    result = run(["watch", "BCSSVC01-99-1", "--interval", "1"], aksk_env(clean_env, sim))
    assert result.returncode == 2
    assert "BCSSVC01-99-1" in result.stderr
    assert_no_traceback(result)


def test_demo_ids_are_stable_so_watch_finds_an_id_printed_by_records(
    clean_env: dict[str, str],
) -> None:
    first = json.loads(run(["records", "--demo", "--source", "sg", "--json"], clean_env).stdout)
    ended = [r for r in first["operation_records"] if r["operation_status"] == "failed"]
    assert ended
    watched = f"sg:{ended[0]['operation_id']}"
    result = run(["watch", watched, "--demo", "--exit-status"], clean_env)
    assert result.returncode == 1, result.stderr
    assert "failed" in result.stdout


def test_output_cut_short_by_the_reader_is_not_an_error(clean_env: dict[str, str]) -> None:
    with SimServer(SimConfig(records=3000)) as server:
        process = subprocess.Popen(
            [*BCS_TUI, "records"],
            env=aksk_env(clean_env, server),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"STATUS")
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def test_verbose_request_log_redacts_credentials(sim: SimServer, clean_env: dict[str, str]) -> None:
    env = {
        **clean_env,
        "BCS_TUI_AUTH_TOKEN": DEFAULT_TOKEN,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "BCS_TUI_ENDPOINT": sim.endpoint,
    }
    result = run(["records", "--verbose"], env)
    assert result.returncode == 0, result.stderr
    assert "GET " in result.stderr and "x-auth-token: <redacted>" in result.stderr
    assert DEFAULT_TOKEN not in result.stderr + result.stdout


def test_unknown_key_binding_id_is_reported_before_the_screen_opens(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"dashboard.refrsh" = "f5"\n', encoding="utf-8")
    result = run(["--demo", "--config", str(config)], clean_env)
    assert result.returncode == 2
    assert "dashboard.refrsh" in result.stderr and "dashboard.refresh" in result.stderr
    assert "\x1b[" not in result.stdout  # the dashboard never drew


@pytest.mark.parametrize("ending", ["finished", "failed", "stop"])
def test_watch_and_records_read_oddly_spelled_statuses_as_the_plain_words(
    ending: str, clean_env: dict[str, str]
) -> None:
    # The drifted simulator sends "FINISHED", " failed", "Stop " ...: `watch` must see the
    # operation as ended (not follow it forever) and use the same words as `records`.
    with SimServer(SimConfig(seed=3, records=25, faults=frozenset({"drift"}))) as server:
        env = aksk_env(clean_env, server)
        records = json.loads(run(["records", "--json"], env).stdout)["operation_records"]
        ended = [
            r
            for r in records
            if isinstance(r, dict) and r["operation_status"].strip().lower() == ending
        ]
        assert all(r["operation_status"] != ending for r in ended), "export keeps the raw text"
        assert ended, f"the seeded simulator has no {ending} operation"
        operation_id = ended[0]["operation_id"]
        result = run(["watch", operation_id, "--exit-status", "--interval", "1"], env, 30)
        listed = run(["records", "--operation-id", operation_id], env)
    word = {"stop": "stopped"}.get(ending, ending)
    assert result.returncode == (0 if ending == "finished" else 1), result.stderr
    assert result.stdout.splitlines()[0].endswith(f": {word}")
    assert f"Operation {operation_id} {word} after " in result.stdout
    assert listed.stdout.splitlines()[1].split()[0] == word


def test_a_config_file_named_by_flag_that_does_not_exist_exits_2(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-config.toml"
    result = run(["records", "--demo", "--config", str(missing)], clean_env)
    assert result.returncode == 2
    assert str(missing) in result.stderr and "does not exist" in result.stderr
    assert_no_traceback(result)


def test_an_unknown_config_key_is_named_with_its_file(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.default]\ncolour = "red"\n', encoding="utf-8")
    result = run(["records", "--config", str(config)], clean_env)
    assert result.returncode == 2
    assert "unknown key 'colour' in [profiles.default]" in result.stderr
    assert str(config) in result.stderr and "Extra inputs" not in result.stderr
    assert_no_traceback(result)


def test_two_key_bindings_on_one_key_are_reported_before_the_screen_opens(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"dashboard.refresh" = "x"\n"dashboard.pause" = "x"\n')
    result = run(["--demo", "--config", str(config)], clean_env)
    assert result.returncode == 2
    assert "'x' is bound to both dashboard.refresh and dashboard.pause" in result.stderr
    assert "\x1b[" not in result.stdout  # the dashboard never drew
    assert_no_traceback(result)


def test_every_flag_reaches_its_typed_field() -> None:
    from bcs_tui.cli import Arguments, build_parser

    def parse(*argv: str) -> Arguments:
        return Arguments.from_namespace(build_parser().parse_args(argv))

    common = (
        "--profile", "p", "--endpoint", "https://e", "--project-id", "i", "--config", "c.toml",
        "--demo", "--demo-speed", "3", "--utc", "-v", "--log-file", "l", "--ca-bundle", "b",
        "--insecure", "--allow-http", "--timeout", "4",
    )  # fmt: skip
    records = parse("--region", "r", "records", *common, "--status", "failed", "--json",
                    "--resource-type", "BCSSVC01", "--operation-type", "99",
                    "--blockchain-id", "c", "--operation-id", "o")  # fmt: skip
    given_everywhere = Arguments(
        profile="p",
        endpoint="https://e",
        project_id="i",
        config=Path("c.toml"),
        demo=True,
        demo_speed=3.0,
        utc=True,
        verbose=True,
        log_file=Path("l"),
        ca_bundle="b",
        insecure=True,
        allow_http=True,
        timeout=4.0,
    )
    assert records == replace(
        given_everywhere,
        command="records",
        region="r",
        operation_status="failed",
        resource_type="BCSSVC01",
        operation_type="99",
        blockchain_id="c",
        operation_id="o",
        json=True,
    )
    watch = parse("watch", "OP-1", *common, "--interval", "1.5", "--exit-status")
    assert watch == replace(
        given_everywhere,
        command="watch",
        watched_operation_id="OP-1",
        interval=1.5,
        exit_status=True,
    )
    dashboard = parse(*common, "--interval", "2", "--ascii", "--bell", "--light")
    assert dashboard == replace(given_everywhere, interval=2.0, ascii=True, bell=True, light=True)


def test_no_toasts_is_a_flag_the_settings_carry_to_the_dashboard() -> None:
    from bcs_tui.cli import Arguments, build_parser

    def parse(*argv: str) -> Arguments:
        return Arguments.from_namespace(build_parser().parse_args(argv))

    assert parse("--no-toasts").flag_values().toasts is False
    assert parse().flag_values().toasts is None  # not given: the profile or the default
    assert parse("--no-toasts").flag_values().as_text()["--no-toasts"] == "false"
