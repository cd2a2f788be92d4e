"""The machine's LAN addresses, for the join URLs a projector shows when the server is bound to 0.0.0.0."""

from __future__ import annotations

import ipaddress
import socket
import time

_cache: tuple[float, list[str]] = (0.0, [])
CACHE_SECONDS = 30.0
WILDCARDS = ("0.0.0.0", "::", "")


def lan_addresses() -> list[str]:
    """Non-loopback IPv4 addresses of this machine (the default route's first), cached for 30 s."""
    global _cache
    if time.monotonic() - _cache[0] < CACHE_SECONDS:
        return list(_cache[1])
    found: list[str] = []
    try:  # a UDP "connect" sends nothing: it only asks the kernel which address the default route uses
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    out = []
    for a in found:
        ip = ipaddress.ip_address(a)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and a not in out:
            out.append(a)
    _cache = (time.monotonic(), out)
    return list(out)


def lan_urls(bind_host: str, port: int, path: str = "") -> list[str]:
    """`http://<address>:<port><path>` per LAN address when bound to every interface, else []."""
    if bind_host not in WILDCARDS:
        return []
    return [f"http://{a}:{port}{path}" for a in lan_addresses()]
