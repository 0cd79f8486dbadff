"""What a request says about who sent it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the device that sent the request.

    ``REMOTE_ADDR``, unless it is one of ``TRUSTED_PROXIES`` (the reverse proxy
    in front of the app): then the last address in ``X-Forwarded-For`` that is
    not a trusted proxy, the one the proxy itself saw. The header's other
    entries come from the client and prove nothing; without the setting the
    header is never read, so nobody can choose their own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[:2000].split(",")
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            break  # a garbled entry: what comes before it cannot be trusted
        if address not in trusted:
            return address
    return remote
