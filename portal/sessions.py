"""The session engine: Django's cached_db (read from the cache, written through to the database),
reading the keys of settings.SESSION_READ_WITH in the same cache round trip as the session.

Those keys (the content version) are then held for the rest of the request (portal/cache.py,
`get_many_for_request`), so reading them costs no round trip of its own. With a cache that cannot
hold values per request (the in-process cache of development and tests) it is Django's engine.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore


class SessionStore(CachedDbSessionStore):
    def _cached_data(self):
        read_with = getattr(settings, "SESSION_READ_WITH", ())
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
