"""At most so many actions per key in a sliding window, counted in Django's cache.

Each allowed action takes one of `limit` slots — cache entries added with `cache.add`, which is
atomic on every backend — and each slot frees itself `window_seconds` after it was taken. So an
action is allowed when fewer than `limit` were allowed in the last `window_seconds`, and a refused
one takes nothing. The cache must be shared by every process of the app (`CACHE_URL`) for the
limit to hold across them; the local-memory default counts per process.
"""

import hashlib

from django.core.cache import cache


def take(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one action of `scope` for `key` and return True, or return False if `limit` were
    already counted in the last `window_seconds`."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return any(
        cache.add(f"throttle:{scope}:{digest}:{slot}", 1, timeout=window_seconds)
        for slot in range(limit)
    )
