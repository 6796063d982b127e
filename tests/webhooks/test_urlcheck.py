"""Webhook URL rules: only http(s), public addresses only (unless allowed), pinned address."""

import ipaddress

import pytest

from app.webhooks.urlcheck import WebhookUrlRefused, check_url, is_public_address, pin


def resolver(*addresses: str):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


def no_dns(host: str, port: int) -> list[str]:
    raise OSError("Name or service not known")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",
        "64:ff9b::a00:1",
        "2001:db8::1",
    ],
    ids=lambda a: a,
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))
    with pytest.raises(WebhookUrlRefused):
        check_url("https://hooks.example.com/x", allow_private=False, resolve=resolver(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
    ids=lambda a: a,
)
def test_public_addresses_are_accepted(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))
    target = check_url(
        "https://hooks.example.com/x", allow_private=False, resolve=resolver(address)
    )
    assert target.address == address


def test_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(WebhookUrlRefused, match=r"10\.0\.0\.5"):
        check_url(
            "https://hooks.example.com/",
            allow_private=False,
            resolve=resolver("93.184.216.34", "10.0.0.5"),
        )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/x",
        "file:///etc/passwd",
        "gopher://hooks.example.com/",
        "javascript:alert(1)",
        "http:///nohost",
        "https://user:pass@hooks.example.com/",
        "hooks.example.com/x",
    ],
    ids=["ftp", "file", "gopher", "javascript", "no_host", "credentials", "no_scheme"],
)
def test_only_plain_http_and_https_urls(url: str) -> None:
    with pytest.raises(WebhookUrlRefused):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://2130706433/", "http://[::1]/"],
    ids=["ip", "localhost", "decimal_ip", "ipv6"],
)
def test_loopback_literals_are_refused_after_real_resolution(url: str) -> None:
    with pytest.raises(WebhookUrlRefused, match="non-public"):
        check_url(url, allow_private=False)


def test_allow_private_admits_loopback_without_resolving() -> None:
    target = check_url("http://127.0.0.1:8080/hook", allow_private=True, resolve=no_dns)
    assert target.address is None
    assert pin(target)[0] == target.url


def test_unresolvable_host_is_refused() -> None:
    with pytest.raises(WebhookUrlRefused, match="resolved"):
        check_url("https://nowhere.invalid/", allow_private=False, resolve=no_dns)


def test_pin_connects_to_the_checked_address_and_keeps_the_name_for_host_and_tls() -> None:
    target = check_url(
        "https://hooks.example.com:8443/in?x=1",
        allow_private=False,
        resolve=resolver("2606:4700::1111"),
    )
    url, headers, extensions = pin(target)
    assert url.host == "2606:4700::1111"
    assert (url.port, url.path, url.query) == (8443, "/in", b"x=1")
    assert headers["Host"] == "hooks.example.com:8443"
    assert extensions == {"sni_hostname": "hooks.example.com"}


def test_pin_for_plain_http_sets_host_only() -> None:
    target = check_url(
        "http://hooks.example.com/in", allow_private=False, resolve=resolver("93.184.216.34")
    )
    url, headers, extensions = pin(target)
    assert str(url) == "http://93.184.216.34/in"
    assert headers["Host"] == "hooks.example.com"
    assert extensions == {}
