"""``bcs-tui sources --discover``: the projects the credentials can see, in the regions
where BCS runs, as a table (or JSON) and a ready ``sources = [...]`` snippet.

Never a secret in the output: only project names, IDs and regions (and an endpoint the user
gave). Project names come from IAM, so they are shown through ``safe_text``; the suggested
source names are rebuilt from safe characters only.
"""

import json
import re
from collections.abc import Sequence
from typing import TextIO

from bcs_tui.api.errors import ConfigError
from bcs_tui.api.iam_projects import IamProject, IamProjectsClient, bcs_projects
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.toml_snippet import sources_snippet
from bcs_tui.config import DiscoverySettings
from bcs_tui.connect import DEFAULT_TIMEOUT_S, build_auth
from bcs_tui.output import plural, write_table

COLUMNS = ("SOURCE", "REGION", "PROJECT ID", "PROJECT NAME")
_NOT_NAME = re.compile(r"[^a-z0-9]+")


async def discover_projects(
    discovery: DiscoverySettings, *, timeout_s: float | None = None
) -> list[IamProject]:
    """The enabled projects in BCS regions the credentials can see. A token lists them all
    at once; AK/SK asks region by region; a password login needs a project to log in to."""
    credentials = discovery.credentials
    if credentials.mode == "password" and not discovery.project_id:
        raise ConfigError(
            "an IAM password login is scoped to one project: give --project-id ID (any project"
            " of yours) to discover the others, or use AK/SK"
        )
    # IAM is a global service: a signature carries no project; a login is scoped to one.
    scope = (discovery.project_id or "") if credentials.mode == "password" else ""
    auth = build_auth(credentials, scope, allow_http=discovery.allow_http)
    async with IamProjectsClient(
        iam_endpoint=discovery.iam_endpoint,
        auth=auth,
        timeout_s=timeout_s if timeout_s is not None else DEFAULT_TIMEOUT_S,
        verify=discovery.verify,
        allow_http=discovery.allow_http,
    ) as iam:
        if credentials.mode == "aksk":
            found = await iam.region_projects()
        else:
            found = await iam.auth_projects()
    return bcs_projects(found)


def source_name_for(project_name: str, taken: set[str]) -> str:
    """A source name from a project name (``cn-north-4_test`` -> ``cn-north-4-test``):
    lower-case letters, digits and ``-``, unique among ``taken`` (which it joins)."""
    base = _NOT_NAME.sub("-", project_name.lower()).strip("-") or "project"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    taken.add(name)
    return name


def discovered_sources(
    projects: Sequence[IamProject], endpoint: str | None
) -> list[dict[str, str]]:
    """One source entry per project, as the config file spells it."""
    taken: set[str] = set()
    entries = []
    for project in projects:
        entry = {
            "name": source_name_for(project.name, taken),
            "region": project.region,
            "project_id": project.id,
        }
        if endpoint:
            entry["endpoint"] = endpoint
        entries.append(entry)
    return entries


def print_discovered_json(
    projects: Sequence[IamProject], endpoint: str | None, stream: TextIO
) -> None:
    entries = discovered_sources(projects, endpoint)
    listed = [
        {**entry, "project_name": project.name}
        for entry, project in zip(entries, projects, strict=True)
    ]
    json.dump({"projects": listed}, stream, indent=2)
    stream.write("\n")


def print_discovered(projects: Sequence[IamProject], endpoint: str | None, stream: TextIO) -> None:
    """The table, then the snippet to paste into a profile."""
    if not projects:
        stream.write(
            "No enabled project in a region where BCS runs is visible to these credentials.\n"
        )
        return
    entries = discovered_sources(projects, endpoint)
    rows = [
        (entry["name"], entry["region"], entry["project_id"], safe_text(project.name))
        for entry, project in zip(entries, projects, strict=True)
    ]
    write_table(COLUMNS, rows, stream)
    stream.write(f"{plural(len(projects), 'project')}\n\n")
    stream.write("Paste into a profile of the config file ([profiles.NAME]):\n\n")
    stream.write(sources_snippet(entries) + "\n")
