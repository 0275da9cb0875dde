"""The IAM login carries the password: it is only sent to a server whose certificate checks
out, whatever the scheme of the BCS endpoint (found by this suite: with a plain-http BCS
endpoint the client skipped certificate checks altogether, the https login included)."""

import pytest

from bcs_tui.api.auth import IamPasswordAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.errors import NetworkError
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.sim.defaults import (
    DEFAULT_IAM_DOMAIN,
    DEFAULT_IAM_PASSWORD,
    DEFAULT_IAM_USER,
    DEFAULT_PROJECT_ID,
)
from bcs_tui.sim.server import SimConfig, SimServer
from tests.reliability.proxy import FaultProxy
from tests.reliability.tls import CertificateSet, server_context


@pytest.mark.parametrize("trusted", [False, True], ids=["untrusted-iam", "trusted-iam"])
async def test_password_goes_only_to_a_verified_iam_server(
    certificates: CertificateSet, trusted: bool
) -> None:
    with SimServer(SimConfig(records=2)) as sim:
        holder: list[FaultProxy] = []
        iam = FaultProxy("127.0.0.1", sim.port, server_context(certificates, holder))
        holder.append(iam)
        iam.start()
        try:
            iam.set_mode("pass" if trusted else "bad-cert")
            auth = IamPasswordAuth(
                iam.endpoint,
                DEFAULT_IAM_USER,
                DEFAULT_IAM_PASSWORD,
                DEFAULT_IAM_DOMAIN,
                DEFAULT_PROJECT_ID,
            )
            async with BcsClient(
                endpoint=sim.endpoint,  # plain http on loopback
                project_id=DEFAULT_PROJECT_ID,
                auth=auth,
                retry=RetryPolicy(attempts=1),
                verify=str(certificates.ca),
            ) as client:
                if trusted:
                    assert (await client.list_records()).records
                else:
                    with pytest.raises(NetworkError, match="TLS certificate verification"):
                        await client.list_records()
            assert iam.requests == (1 if trusted else 0)  # the password never left
        finally:
            iam.stop()


async def test_default_verification_applies_to_the_login(certificates: CertificateSet) -> None:
    """With no CA bundle (``verify=True``), a plain-http BCS endpoint must not switch
    verification off for an https IAM endpoint."""
    with SimServer(SimConfig(records=2)) as sim:
        holder: list[FaultProxy] = []
        iam = FaultProxy("127.0.0.1", sim.port, server_context(certificates, holder))
        holder.append(iam)
        iam.start()
        try:
            auth = IamPasswordAuth(
                iam.endpoint,
                DEFAULT_IAM_USER,
                DEFAULT_IAM_PASSWORD,
                DEFAULT_IAM_DOMAIN,
                DEFAULT_PROJECT_ID,
            )
            async with BcsClient(
                endpoint=sim.endpoint,
                project_id=DEFAULT_PROJECT_ID,
                auth=auth,
                retry=RetryPolicy(attempts=1),
            ) as client:
                with pytest.raises(NetworkError, match="TLS certificate verification"):
                    await client.list_records()
            assert iam.requests == 0
        finally:
            iam.stop()
