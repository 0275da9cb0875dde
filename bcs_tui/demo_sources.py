"""The sources ``--demo`` shows: every project the demo simulator serves, all at its one
endpoint (``north`` and ``north-test`` in cn-north-4, ``sg`` in ap-southeast-1)."""

from bcs_tui.api.errors import ConfigError
from bcs_tui.config import Credentials, SourceSettings
from bcs_tui.sim.fleet import DEMO_SOURCES

DEMO_PROFILE = "demo"


def demo_sources(
    endpoint: str, credentials: Credentials, wanted: tuple[str, ...] = ()
) -> tuple[SourceSettings, ...]:
    """The demo's sources, narrowed to ``wanted`` (``--source NAME``) when given."""
    known = [name for name, _, _ in DEMO_SOURCES]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ConfigError(
            f"no source {unknown[0]!r} in the demo (sources there: {', '.join(known)})"
        )
    return tuple(
        SourceSettings(
            name=name,
            region=region,
            project_id=project_id,
            endpoint=endpoint,
            credentials_profile=DEMO_PROFILE,
            credentials=credentials,
        )
        for name, region, project_id in DEMO_SOURCES
        if not wanted or name in wanted
    )
