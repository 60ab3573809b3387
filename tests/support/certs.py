"""Make a throwaway CA and a server certificate for 127.0.0.1 with openssl, for TLS tests.

``make_certs(dir)`` returns a ``Certs`` with ``ca_file``, ``cert_file``, ``key_file`` (server,
IP SAN 127.0.0.1, signed by the CA), plus ``self_signed_cert``/``self_signed_key`` (not in the
CA file) and ``wrong_host_cert``/``wrong_host_key`` (signed by the CA, SAN only for
wrong.example).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certs:
    ca_file: str
    cert_file: str
    key_file: str
    self_signed_cert: str
    self_signed_key: str
    wrong_host_cert: str
    wrong_host_key: str


def _run(args: list[str], cwd: Path) -> None:
    res = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args[:2])} failed: {res.stderr.strip()}")


def _leaf(d: Path, name: str, san: str, cn: str) -> None:
    ext = d / f"{name}.ext"
    ext.write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                   "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    _run(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
          "-out", f"{name}.csr", "-subj", f"/CN={cn}"], d)
    _run(["x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", f"{name}.pem", "-days", "30", "-sha256",
          "-extfile", ext.name], d)


def make_certs(directory) -> Certs:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    if not (d / "ca.pem").exists():
        _run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
              "-out", "ca.pem", "-days", "30", "-sha256", "-subj", "/CN=Softphone Test CA",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"], d)
        _leaf(d, "server", "IP:127.0.0.1,DNS:localhost", "127.0.0.1")
        _leaf(d, "wronghost", "DNS:wrong.example", "wrong.example")
        _run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key",
              "-out", "self.pem", "-days", "30", "-sha256", "-subj", "/CN=127.0.0.1",
              "-addext", "subjectAltName=IP:127.0.0.1"], d)
    return Certs(ca_file=str(d / "ca.pem"), cert_file=str(d / "server.pem"),
                 key_file=str(d / "server.key"), self_signed_cert=str(d / "self.pem"),
                 self_signed_key=str(d / "self.key"), wrong_host_cert=str(d / "wronghost.pem"),
                 wrong_host_key=str(d / "wronghost.key"))
