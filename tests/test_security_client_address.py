"""The client's address: X-Forwarded-For is believed only from the configured proxies."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal.client import client_ip


def address(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.fixture
def one_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.0.1.0/24"]


def test_without_proxies_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_from_a_trusted_proxy_the_address_it_saw_is_the_clients(one_proxy):
    assert address("10.0.0.5", "198.51.100.1") == "198.51.100.1"
    assert address("10.0.1.77", "6.6.6.6, 198.51.100.1") == "198.51.100.1"  # the left part may be forged


def test_a_client_reaching_the_app_directly_cannot_choose_its_address(one_proxy):
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_a_garbled_header_falls_back_to_the_proxy(one_proxy):
    assert address("10.0.0.5", "not-an-address") == "10.0.0.5"
    assert address("10.0.0.5", "") == "10.0.0.5"


def test_two_chained_proxies(settings):
    settings.PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address("10.0.0.5", "198.51.100.1, 10.0.0.9") == "198.51.100.1"
    # The second hop is not one of ours: it is the client, whatever it wrote further left.
    assert address("10.0.0.5", "6.6.6.6, 203.0.113.4") == "203.0.113.4"


def test_a_proxy_count_without_trusted_addresses_refuses_to_start(monkeypatch):
    import importlib

    import portal.settings

    monkeypatch.setenv("DJANGO_PROXY_COUNT", "1")
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES"):
        importlib.reload(portal.settings)
    monkeypatch.delenv("DJANGO_PROXY_COUNT")
    importlib.reload(portal.settings)
