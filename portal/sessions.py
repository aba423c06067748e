"""The session engine: Django's cached_db (read from the cache, written through to the database),
reading in the same cache round trip as the session:

- the keys of settings.SESSION_READ_WITH (the content version), then held for the rest of the
  request (portal/cache.py, `get_many_for_request`), so reading them costs no round trip of its own;
- the reader's own entries (issue 35): a pointer kept per session, "<user id> <view>" (the view is
  the language and text size of the last cached page the reader got), names them, and
  `reader_keys` (key templates with {user} and {view}, set by the middleware before the session
  is read: the cached user, the page the view will serve and its reader parts) are read with it
  and held. The pointer is only a guess: every entry is looked up under the key the request itself
  computes (the session's user id, the request's language), so a stale pointer costs a round trip,
  never another person's entry.

With a cache that cannot hold values per request (the in-process cache of development and tests)
it is Django's engine.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

POINTER = "portal:session-reader:{}"


class SessionStore(CachedDbSessionStore):
    # Key templates read in the session's round trip (see the module docstring).
    reader_keys: tuple[str, ...] = ()

    def _cached_data(self):
        read_with = getattr(settings, "SESSION_READ_WITH", ())
        if hasattr(self._cache, "read_for_request") and self.session_key:
            keys = [self.cache_key, *read_with]
            pointer = POINTER.format(self.session_key)
            return self._cache.read_for_request(keys, read_with, pointer, self.reader_keys).get(self.cache_key)
        if not read_with or not hasattr(self._cache, "get_many_for_request"):
            return self._cache.get(self.cache_key)
        return self._cache.get_many_for_request([self.cache_key, *read_with], hold=read_with).get(self.cache_key)

    def load(self):
        # Django's cached_db load, with the cache read above.
        try:
            data = self._cached_data()
        except Exception:
            # As Django: some backends raise on invalid keys; then the session is reset.
            data = None
        if data is None:
            s = self._get_session_from_db()
            if s:
                data = self.decode(s.session_data)
                self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=s.expire_date))
            else:
                data = {}
        return data


def remember_reader(request, view: str) -> None:
    """Point this session's next requests at the reader's entries for `view` ("<language>:<text
    size>"): written only when it changed, so a warm request writes nothing."""
    from django.core.cache import caches

    session = request.session
    cache = caches[settings.SESSION_CACHE_ALIAS]
    if not session.session_key or not hasattr(cache, "set_pointer") or not request.user.is_authenticated:
        return
    value = f"{request.user.pk} {view}"
    if cache.held_pointer() != value:
        cache.set_pointer(POINTER.format(session.session_key), value, settings.SESSION_COOKIE_AGE)
