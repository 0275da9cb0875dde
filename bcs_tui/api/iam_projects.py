"""IAM's project listings, for ``bcs-tui sources --discover``: which projects the
credentials can see.

- With a token (given, or obtained by the password login): ``GET /v3/auth/projects``, every
  project the token's user may access.
- With AK/SK: ``GET /v3/projects?name={region}`` for each region where BCS runs (what the
  SDKs do to find a region's project), then ``?parent_id={id}`` for its sub-projects.

Parsed tolerantly like the records: a project entry that is not an object or lacks an ID or
a name is skipped, unknown members are ignored. The text is the server's, so untrusted: the
caller shows it through ``safe_text``.
"""

import asyncio
from collections.abc import Iterable
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from bcs_tui.api.body_limit import read_capped, read_truncated
from bcs_tui.api.client import check_project_id
from bcs_tui.api.endpoints import check_endpoint
from bcs_tui.api.error_body import api_error
from bcs_tui.api.errors import BadResponseError, ConfigError
from bcs_tui.api.http_client import HttpClientOwner, api_http_client, ca_bundle_context
from bcs_tui.api.json_body import load_json_body
from bcs_tui.api.models import json_kind
from bcs_tui.api.network_error import network_error

BCS_REGIONS: tuple[str, ...] = (
    "cn-north-1",
    "cn-north-4",
    "cn-south-1",
    "cn-east-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
)
"""Where BCS is offered (the official SDK's region table)."""
AUTH_PROJECTS_PATH = "/v3/auth/projects"
PROJECTS_PATH = "/v3/projects"
MAX_LISTING_BYTES = 4 * 1024 * 1024
MAX_ERROR_BYTES = 64 * 1024


class IamProject(BaseModel):
    """One project as IAM lists it (the members discovery reads)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    name: str
    enabled: bool = True
    domain_id: str | None = None
    parent_id: str | None = None
    description: str | None = None

    @property
    def region(self) -> str:
        """A project's name is its region ID, or ``{region}_{sub-project}``."""
        return self.name.partition("_")[0]


def parse_projects(payload: Any) -> list[IamProject]:
    """The projects of a listing; entries without a usable ID or name are skipped."""
    if not isinstance(payload, dict) or not isinstance(payload.get("projects"), list):
        raise BadResponseError(
            f"IAM answered 200 but not with a project list ({json_kind(payload)})"
        )
    projects = []
    for item in payload["projects"]:
        try:
            project = IamProject.model_validate(item)
            check_project_id(project.id)
        except (ValidationError, ConfigError):
            continue
        projects.append(project)
    return projects


def bcs_projects(projects: Iterable[IamProject]) -> list[IamProject]:
    """The enabled projects in regions where BCS runs, each once, in the order given."""
    seen: set[str] = set()
    kept = []
    for project in projects:
        if project.enabled and project.region in BCS_REGIONS and project.id not in seen:
            seen.add(project.id)
            kept.append(project)
    return kept


class IamProjectsClient(HttpClientOwner):
    """Reads IAM's project listings from one IAM endpoint with one way of authenticating."""

    def __init__(
        self,
        *,
        iam_endpoint: str,
        auth: httpx.Auth,
        timeout_s: float = 15.0,
        verify: bool | str = True,
        allow_http: bool = False,
    ) -> None:
        self.iam_endpoint = check_endpoint(iam_endpoint, allow_http=allow_http)
        self._timeout_s = timeout_s
        tls = ca_bundle_context(verify) if isinstance(verify, str) else verify
        self._http = api_http_client(auth=auth, timeout_s=timeout_s, verify=tls)

    async def auth_projects(self) -> list[IamProject]:
        """Every project the token's user may access."""
        return await self._get(AUTH_PROJECTS_PATH, {})

    async def region_projects(self, regions: Iterable[str] = BCS_REGIONS) -> list[IamProject]:
        """Each region's project and its sub-projects (the AK/SK way)."""
        found = await asyncio.gather(
            *(self._get(PROJECTS_PATH, {"name": region}) for region in regions)
        )
        region_projects = [project for projects in found for project in projects]
        subs = await asyncio.gather(
            *(self._get(PROJECTS_PATH, {"parent_id": p.id}) for p in region_projects)
        )
        ordered = []
        for project, children in zip(region_projects, subs, strict=True):
            ordered += [project, *children]
        return ordered

    async def _get(self, path: str, query: dict[str, str]) -> list[IamProject]:
        request = self._http.build_request("GET", self.iam_endpoint + path, params=query)
        try:
            async with asyncio.timeout(self._timeout_s * 2):
                response = await self._http.send(request, stream=True)
                try:
                    if response.status_code != 200:
                        body = await read_truncated(response, MAX_ERROR_BYTES)
                        raise api_error(
                            response.status_code,
                            body,
                            response.headers.get("Content-Type"),
                            response.headers.get("X-Request-Id"),
                        )
                    body = await read_capped(response, MAX_LISTING_BYTES, "the IAM answer")
                finally:
                    await response.aclose()
        except httpx.DecodingError:
            raise BadResponseError("the IAM answer could not be decoded") from None
        except (httpx.TransportError, TimeoutError) as error:
            raise network_error(error, request, self._timeout_s) from None
        try:
            payload = load_json_body(body)
        except (ValueError, RecursionError):
            raise BadResponseError("IAM answered 200 but the body is not JSON") from None
        return parse_projects(payload)
