"""Loopback TLS for the fault tests: a test CA, a server certificate it signed for 127.0.0.1,
and a self-signed one nobody trusts, made with the ``openssl`` command line (the
``cryptography`` package is not installed here).

``server_context`` presents the CA-signed certificate, or the self-signed one while the proxy
is in ``bad-cert`` mode: the choice is made per handshake, so a test can break and heal TLS
at run time without restarting anything.
"""

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.reliability.proxy import FaultProxy

CURVE = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]


def have_openssl() -> bool:
    return shutil.which("openssl") is not None


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


@dataclass(frozen=True)
class CertificateSet:
    ca: Path
    good_cert: Path
    good_key: Path
    self_signed_cert: Path
    self_signed_key: Path


def make_certificates(directory: Path) -> CertificateSet:
    directory.mkdir(parents=True, exist_ok=True)
    san = "subjectAltName=IP:127.0.0.1"
    _openssl("req", "-x509", *CURVE, "-keyout", "ca.key", "-out", "ca.pem",
             "-subj", "/CN=bcs-tui test CA", cwd=directory)  # fmt: skip
    _openssl("req", *CURVE, "-keyout", "good.key", "-out", "good.csr",
             "-subj", "/CN=127.0.0.1", cwd=directory)  # fmt: skip
    (directory / "san.ext").write_text(san + "\n")
    _openssl("x509", "-req", "-in", "good.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "good.pem", "-days", "2", "-extfile", "san.ext",
             cwd=directory)  # fmt: skip
    _openssl("req", "-x509", *CURVE, "-keyout", "self.key", "-out", "self.pem",
             "-subj", "/CN=127.0.0.1", "-addext", san, cwd=directory)  # fmt: skip
    return CertificateSet(
        ca=directory / "ca.pem",
        good_cert=directory / "good.pem",
        good_key=directory / "good.key",
        self_signed_cert=directory / "self.pem",
        self_signed_key=directory / "self.key",
    )


def _context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def server_context(certs: CertificateSet, proxy_of: "list[FaultProxy]") -> ssl.SSLContext:
    """The proxy's TLS context; ``proxy_of`` holds the proxy once it exists (the context is
    needed to build it), so the handshake can look at its current mode."""
    good = _context(certs.good_cert, certs.good_key)
    bad = _context(certs.self_signed_cert, certs.self_signed_key)

    def choose(ssl_object: Any, _server_name: str | None, _context: ssl.SSLContext) -> None:
        if proxy_of and proxy_of[0].mode == "bad-cert":
            ssl_object.context = bad

    good.sni_callback = choose
    return good
