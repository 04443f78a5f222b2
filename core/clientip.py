"""The client's address, directly or behind trusted reverse proxies (`TRUSTED_PROXY_COUNT`).

Used by django-axes (`AXES_CLIENT_IP_CALLABLE`: a lockout is per username and client address) and
by the password-reset limits. With no proxy (`TRUSTED_PROXY_COUNT=0`, the default) the address is
`REMOTE_ADDR` and `X-Forwarded-For` is ignored: anyone can write that header. Behind N proxies
that each append the address they received the request from (nginx's
`$proxy_add_x_forwarded_for`), the client's address is the N-th from the right of
`X-Forwarded-For`; what stands to its left was written by the client and is not trusted. A header
shorter than that, or an entry that is not an IP address, means the request did not come through
the proxies as configured: `REMOTE_ADDR` is used.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
