"""Which webhook URLs Assay may call (CONTRACT.md §8; issue 7: "only http(s) URLs; private and
loopback addresses refused unless ASSAY_WEBHOOK_ALLOW_PRIVATE=1").

A webhook is a server-side request to a URL an admin typed, so it must not become a way to
reach the service's own network (SSRF). The host is resolved and every address must be
public. The check runs when the subscription is created and again at each delivery, and a
delivery then connects to the very address that was checked (`pin`), so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot redirect it. Redirects
are never followed (the dispatcher sends with `follow_redirects=False`).
"""

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from app.platform.errors import AppError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class WebhookUrlRefused(AppError):
    status, slug, title = 422, "webhook-url-refused", "Webhook URL refused"


@dataclass(frozen=True)
class Target:
    """A checked URL and, unless private addresses are allowed, the address to connect to."""

    url: httpx.URL
    address: str | None = None
    addresses: tuple[str, ...] = field(default_factory=tuple)


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to (A and AAAA), via the system resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64)."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public_address(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses, judging embedded IPv4 on its own."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(is_public_address(v4) for v4 in embedded)
    # `is_global` alone lets multicast through (224.0.0.0/4 counts as global).
    return (
        ip.is_global
        and not ip.is_multicast
        and not ip.is_private
        and not ip.is_loopback
        and not ip.is_link_local
        and not ip.is_reserved
        and not ip.is_unspecified
    )


def parse_url(raw: str) -> httpx.URL:
    """An absolute http(s) URL with a host, without credentials (422 otherwise)."""
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise WebhookUrlRefused(f"Not a valid URL: {exc}") from exc
    if url.scheme not in {"http", "https"}:
        raise WebhookUrlRefused("Only http and https URLs are accepted")
    if not url.host:
        raise WebhookUrlRefused("The URL has no host")
    if url.userinfo:
        raise WebhookUrlRefused("Put credentials in the signing secret, not in the URL")
    return url


def check_url(raw: str, *, allow_private: bool, resolve: Resolver = resolve_host) -> Target:
    """Check `raw` and return where to connect; raises `WebhookUrlRefused`.

    With `allow_private` the host is not resolved (a loopback receiver in development is the
    point of that setting). Otherwise every resolved address must be public: a host with one
    private address among public ones is refused, since any of them could be used.
    """
    url = parse_url(raw)
    if allow_private:
        return Target(url=url)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = resolve(url.host, port)
    except (OSError, UnicodeError) as exc:
        raise WebhookUrlRefused(f"Host {url.host!r} could not be resolved") from exc
    if not addresses:
        raise WebhookUrlRefused(f"Host {url.host!r} has no addresses")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not is_public_address(ip):
            raise WebhookUrlRefused(
                f"Host {url.host!r} resolves to a non-public address ({ip}); "
                "set ASSAY_WEBHOOK_ALLOW_PRIVATE=1 to allow private receivers"
            )
    return Target(url=url, address=addresses[0], addresses=tuple(addresses))


def pin(target: Target) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """URL, extra headers and httpx extensions that connect to `target.address`.

    The URL's host becomes the checked IP; the `Host` header and, for https, the TLS server
    name (SNI and certificate check) keep the original name. `Connection: close` stops the
    connection pool from reusing a TLS session verified for another name on the same IP.
    """
    if target.address is None:
        return target.url, {}, {}
    headers = {"Host": target.url.netloc.decode("ascii"), "Connection": "close"}
    extensions = {"sni_hostname": target.url.host} if target.url.scheme == "https" else {}
    return target.url.copy_with(host=target.address), headers, extensions
