"""Issue 23, item 4: outbound requests to addresses someone else chose are safe (SSRF).

https only (plain http where a setting allows it, as here for most tests); never a loopback,
private, link-local, multicast, reserved or metadata address, checked after resolution and
pinned to the checked address; redirects not followed; connect, read and total time bounded;
the answer read up to a limit. Against real servers on the loopback addresses, which the
allow-list lets through only where a test says so.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time

import pytest
import trustme

from editorial import outbound_http
from editorial.checks import webhook_deploy_settings, webhook_settings
from editorial.outbound_http import (
    BAD_HOST,
    CREDENTIALS,
    INTERNAL_HOST,
    NOT_HTTPS,
    UNSAFE_CHARACTERS,
    OutboundError,
    OutboundRefused,
    address_refusal,
    post,
    resolve,
    url_problems,
)
from tests.receivers import HUGE_BYTES, Receiver

LOOPBACK = ["127.0.0.1/32", "::1/128"]


@pytest.fixture
def loopback_allowed(settings):
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = LOOPBACK
    settings.EDITORIAL_WEBHOOK_CONNECT_TIMEOUT = 1
    settings.EDITORIAL_WEBHOOK_READ_TIMEOUT = 1
    settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT = 2
    return settings


def send(url: str) -> outbound_http.Answer:
    return post(url, body=b'{"hello": 1}', headers={"Content-Type": "application/json"})


# --------------------------------------------------------------------------------------------
# The URL as registered, and each address
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.org/editorial",
        "https://hooks.example.org:8443/in?source=editorial",
        "https://93.184.215.14/hook",
        "https://[2606:4700::6810:84e5]/hook",
        "https://bücher.example/hook",
    ],
)
def test_a_public_https_url_may_be_registered(url):
    assert url_problems(url) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://hooks.example.org/", NOT_HTTPS),
        ("ftp://hooks.example.org/", NOT_HTTPS),
        ("hooks.example.org/hook", NOT_HTTPS),
        ("https://user:pw@hooks.example.org/", CREDENTIALS),
        ("https://localhost/hook", INTERNAL_HOST.format(host="localhost")),
        ("https://build.internal/hook", INTERNAL_HOST.format(host="build.internal")),
        ("https://printer.local/hook", INTERNAL_HOST.format(host="printer.local")),
        ("https://2130706433/hook", BAD_HOST.format(host="2130706433")),
        ("https://0x7f000001/hook", BAD_HOST.format(host="0x7f000001")),
        ("https://127.1/hook", BAD_HOST.format(host="127.1")),
        ("https://under_score.example.org/", BAD_HOST.format(host="under_score.example.org")),
    ],
)
def test_a_url_that_may_not_be_registered_says_why(url, problem):
    assert problem in url_problems(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.0.7",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.251",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00:ec2::254",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2001:db8::1",
    ],
)
def test_every_internal_address_is_refused_as_a_literal_and_after_resolution(address):
    parsed = ipaddress.ip_address(address)
    assert address_refusal(parsed)
    host = f"[{address}]" if parsed.version == 6 else address
    assert url_problems(f"https://{host}/hook")
    with pytest.raises(OutboundRefused):
        resolve(address, 443)  # a numeric host resolves to itself: checked all the same


def test_public_addresses_pass():
    for address in ["93.184.215.14", "1.1.1.1", "2606:4700::6810:84e5"]:
        assert address_refusal(ipaddress.ip_address(address)) == ""


def test_the_allow_list_lets_its_networks_through_but_never_the_metadata_addresses(settings):
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8", "169.254.0.0/16", "fd00::/8"]
    assert address_refusal(ipaddress.ip_address("127.0.0.1")) == ""
    assert address_refusal(ipaddress.ip_address("169.254.1.1")) == ""
    assert "metadata" in address_refusal(ipaddress.ip_address("169.254.169.254"))
    assert "metadata" in address_refusal(ipaddress.ip_address("fd00:ec2::254"))
    assert address_refusal(ipaddress.ip_address("10.0.0.1"))


def test_a_public_looking_name_that_resolves_to_loopback_is_refused_after_resolution(
    settings, monkeypatch
):
    """As localtest.me does on the internet: a name no form can tell from a public one."""
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    real = socket.getaddrinfo

    def points_home(host, port, *args, **kwargs):
        return real("127.0.0.1" if host == "home.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", points_home)
    with Receiver() as receiver:
        url = f"http://home.example:{receiver.port}/hook"
        assert url_problems(url) == []
        with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1 is a loopback address"):
            send(url)
    assert receiver.received == []


def test_nothing_is_sent_to_a_loopback_server_unless_the_allow_list_says_so(settings):
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    with Receiver() as receiver:
        with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1 is a loopback address"):
            send(receiver.url)
        assert receiver.received == []
        settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = LOOPBACK
        assert send(receiver.url).status == 200
    assert len(receiver.received) == 1


def test_plain_http_is_refused_unless_the_setting_allows_it(loopback_allowed):
    loopback_allowed.EDITORIAL_OUTBOUND_ALLOW_HTTP = False
    with Receiver() as receiver, pytest.raises(OutboundRefused, match="https"):
        send(receiver.url)
    assert receiver.received == []


# --------------------------------------------------------------------------------------------
# Against real servers: pinned, not redirected, bounded
# --------------------------------------------------------------------------------------------


def test_the_connection_goes_to_the_address_checked_never_to_a_second_resolution(
    loopback_allowed, monkeypatch
):
    """DNS rebinding: the name resolves to an allowed address when checked and to another one
    afterwards. The request reaches the first; the second is never asked, nor is the name
    resolved again."""
    real = socket.getaddrinfo
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = "127.0.0.1" if len(asked) == 1 else "127.0.0.2"
        return real(address, port, *args, **kwargs)

    with (
        Receiver(host="127.0.0.1") as checked,
        Receiver(host="127.0.0.2", port=checked.port) as rebound,
    ):
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        answer = send(f"http://rebind.example:{checked.port}/hook")
    assert answer.status == 200
    assert len(checked.received) == 1 and rebound.received == []
    assert asked == ["rebind.example"]
    assert checked.received[0].headers["Host"] == f"rebind.example:{checked.port}"


def test_a_name_with_one_internal_address_among_public_ones_is_refused_whole(monkeypatch):
    real = socket.getaddrinfo

    def mixed(host, port, *args, **kwargs):
        if host != "mixed.example":
            return real(host, port, *args, **kwargs)
        return real("93.184.215.14", port, *args, **kwargs) + real("127.0.0.1", port, *args)

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1"):
        resolve("mixed.example", 443)


def test_a_redirect_is_not_followed(loopback_allowed):
    with Receiver() as target, Receiver() as redirecting:
        redirecting.answer(status=302, location=target.url)
        answer = send(redirecting.url)
    assert answer.status == 302 and answer.location == target.url
    assert target.received == [] and len(redirecting.received) == 1


def test_a_redirect_to_a_private_address_is_an_answer_never_a_request_there(loopback_allowed):
    with Receiver() as redirecting:
        redirecting.answer(status=307, location="http://169.254.169.254/latest/meta-data/")
        answer = send(redirecting.url)
    assert answer.status == 307
    assert answer.location == "http://169.254.169.254/latest/meta-data/"


def test_a_server_that_does_not_answer_in_time_fails_at_the_read_timeout(loopback_allowed):
    with Receiver() as slow:
        slow.answer(delay=4)
        started = time.monotonic()
        with pytest.raises(OutboundError):
            send(slow.url)
        elapsed = time.monotonic() - started
    assert elapsed < 2.5


def test_a_server_answering_a_byte_at_a_time_is_cut_off_at_the_total_timeout(loopback_allowed):
    with Receiver() as dripping:
        dripping.answer(drip=0.3)  # every read comes well within the read timeout
        started = time.monotonic()
        with pytest.raises(OutboundError, match="No complete answer within 2 s"):
            send(dripping.url)
        elapsed = time.monotonic() - started
    assert 1.9 < elapsed < 3.5


def test_a_huge_answer_is_read_up_to_the_limit_only(loopback_allowed):
    with Receiver() as huge:
        huge.answer(huge=True)
        started = time.monotonic()
        answer = send(huge.url)
        elapsed = time.monotonic() - started
    assert answer.status == 200 and answer.too_large
    assert len(answer.excerpt) == outbound_http.EXCERPT_BYTES
    assert HUGE_BYTES > 100 * outbound_http.BODY_LIMIT_BYTES
    assert elapsed < 2


def test_an_announced_huge_answer_is_not_read_at_all(loopback_allowed):
    with Receiver() as huge:
        huge.answer(body=b"z" * (outbound_http.BODY_LIMIT_BYTES + 1))
        answer = send(huge.url)
    assert answer.too_large and answer.excerpt == "z" * outbound_http.EXCERPT_BYTES


def test_a_refused_connection_is_an_error(loopback_allowed):
    with Receiver() as gone:
        url = gone.url
    with pytest.raises(OutboundError, match="Could not connect"):
        send(url)


# --------------------------------------------------------------------------------------------
# https, with a certificate authority of the test's own
# --------------------------------------------------------------------------------------------


@pytest.fixture
def authority(tmp_path, loopback_allowed):
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    loopback_allowed.EDITORIAL_OUTBOUND_ALLOW_HTTP = False
    loopback_allowed.EDITORIAL_OUTBOUND_CA_FILE = str(bundle)
    return ca


def tls_for(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


def test_https_verifies_the_certificate_against_the_name_while_connecting_to_the_address(
    authority,
):
    with Receiver(tls=tls_for(authority, "localhost"), url_host="localhost") as receiver:
        answer = send(receiver.url)
    assert answer.status == 200 and answer.excerpt == "ok"
    assert receiver.received[0].body == b'{"hello": 1}'


def test_https_refuses_a_certificate_for_another_name(authority):
    with (
        Receiver(tls=tls_for(authority, "elsewhere.example"), url_host="localhost") as receiver,
        pytest.raises(OutboundError, match=r"CERTIFICATE_VERIFY_FAILED|certificate"),
    ):
        send(receiver.url)
    assert receiver.received == []


def test_https_refuses_a_certificate_from_an_authority_nobody_trusts(authority, settings):
    settings.EDITORIAL_OUTBOUND_CA_FILE = ""
    with (
        Receiver(tls=tls_for(authority, "localhost"), url_host="localhost") as receiver,
        pytest.raises(OutboundError, match=r"CERTIFICATE_VERIFY_FAILED|certificate"),
    ):
        send(receiver.url)
    assert receiver.received == []


def test_a_url_with_a_space_or_a_control_character_is_refused_at_registration():
    for url in ["https://hooks.example.org/a b", "https://hooks.example.org/a\r\nX-Evil: 1"]:
        assert url_problems(url) == [UNSAFE_CHARACTERS]


# --------------------------------------------------------------------------------------------
# The settings, checked at start-up
# --------------------------------------------------------------------------------------------


def check_ids(check) -> list[str]:
    return [message.id for message in check()]


def test_the_webhook_settings_are_checked_at_start_up(settings, tmp_path):
    assert check_ids(webhook_settings) == []
    settings.EDITORIAL_WEBHOOK_MAX_ATTEMPTS = 0
    settings.EDITORIAL_WEBHOOK_TOTAL_TIMEOUT = -1
    settings.EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = ["10.0.0.0/8", "not-a-network"]
    settings.EDITORIAL_OUTBOUND_CA_FILE = str(tmp_path / "missing.pem")
    assert check_ids(webhook_settings) == [
        "editorial.E301",
        "editorial.E307",
        "editorial.E308",
        "editorial.E309",
    ]


def test_plain_http_webhooks_are_a_deployment_warning(settings):
    assert check_ids(webhook_deploy_settings) == []
    settings.EDITORIAL_OUTBOUND_ALLOW_HTTP = True
    assert check_ids(webhook_deploy_settings) == ["editorial.W310"]
