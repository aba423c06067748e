"""The logged-in user from the cache: no database query for who is asking on a warm cache.

Every logged-in request needs the user (its roles, text size, language, whether it is active) and
checks that the session still belongs to the account's password and email (the session auth hash).
Both are kept in one cache entry per user, read after the session. A miss reads the user and their
group names in one query, as before.

What the entry holds: the user row without the password (no password hashes in the cache: the
password is loaded from the database only by code that reads it, such as the password change form),
the user's groups (id and name), and the session auth hash with its fallbacks for
SECRET_KEY_FALLBACKS, computed when the entry was built. The key carries a fingerprint of the
SECRET_KEY, so a rotated key never compares against hashes made with the old one.

When it is cleared (`user_cache_clear`), at once and again when the transaction commits:
- any save or delete of the user row (password, email, is_active, text size, language, names),
  last_login included: that save happens once per login, so it costs one miss per login, and
  keeps last_login (an input of password reset tokens) true;
- the user's groups changing from either side, a group renamed or deleted;
- a lockout of the account's email (axes' user_locked_out);
- domain apps whose data a request's context depends on (care teams, caregiver grants) call
  `user_cache_clear(user_id)` themselves: portal imports no domain app.

A clear writes a marker instead of deleting: "pending" until the change commits, then "cleared".
A miss stores what it read only if the key is empty (cache.add), or holds the very "cleared" marker
it saw before reading (an atomic compare-and-set in Redis): a request that read the row before a
change committed can never put the old row back, and the first request after the commit refills.
When the cache is down the user comes from the database on every request.
"""

import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

TIMEOUT = 3600
# A clear leaves a marker in place of the entry (see the module docstring): "pending" while the
# change is not committed (a miss must not store what it read: it may be the old row), "cleared"
# once it is (a miss may replace exactly that marker with what it read, which is then newer).
PENDING = "pending:"
CLEARED = "cleared:"
PENDING_TIMEOUT = 60
# Bump when the shape of the entry changes, so a deploy never reads an older one.
SCHEMA = 1
_fingerprints: dict[str, str] = {}


def _secret_fingerprint() -> str:
    secret = settings.SECRET_KEY
    fingerprint = _fingerprints.get(secret)
    if fingerprint is None:
        fingerprint = _fingerprints[secret] = hashlib.sha256(f"user-cache:{secret}".encode()).hexdigest()[:12]
    return fingerprint


def cache_key(user_id) -> str:
    return f"portal:user:{SCHEMA}:{_secret_fingerprint()}:{user_id}"


def user_cache_clear(user_id) -> None:
    """Forget the cached user `user_id`: call it when anything the request context holds changes.

    Inside a transaction the entry is marked "pending" now and "cleared" when the transaction
    commits; outside one (the change is committed already) it is marked "cleared" at once."""
    if user_id is None:
        return
    entry_clear(cache_key(user_id))


def entry_clear(key: str) -> None:
    """Forget the entry under `key`, by the marker rules of this module (see its docstring): for
    any per-person entry that a miss rebuilds from the database with `entry_load`."""
    if _in_transaction():
        cache.set(key, PENDING + uuid.uuid4().hex, PENDING_TIMEOUT)
        transaction.on_commit(lambda: cache.set(key, CLEARED + uuid.uuid4().hex, TIMEOUT))
    else:
        cache.set(key, CLEARED + uuid.uuid4().hex, TIMEOUT)


def entry_load(key: str, build: Callable[[], dict | None]) -> dict | None:
    """The entry under `key`, else `build()` (a dict, or None for nothing to keep) kept only if no
    clear came between the read and now (see the module docstring)."""
    seen = cache.get(key)
    if isinstance(seen, dict):
        return seen
    entry = build()
    if entry is None:
        return None
    if seen is None:
        # add, not set: a clear made since the read above leaves its marker, which wins.
        cache.add(key, entry, TIMEOUT)
    elif isinstance(seen, str) and seen.startswith(CLEARED) and not _in_transaction():
        # Read after that clear committed: replace exactly that marker, not a newer one.
        _compare_and_set(key, seen, entry)
    return entry


def _in_transaction() -> bool:
    """In an atomic block of the application's own (a test's wrapping transaction does not count:
    its commit never comes, as Django's own durability check treats it)."""
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _session_hashes(user) -> tuple[str, list[str]]:
    return user.get_session_auth_hash(), list(user.get_session_auth_fallback_hash())


def _row_query(user_id):
    User = get_user_model()
    return (
        User.objects.filter(pk=user_id)
        .annotate(
            _group_ids=ArrayAgg("groups__id", filter=Q(groups__isnull=False), default=[]),
            _group_names=ArrayAgg("groups__name", filter=Q(groups__isnull=False), default=[]),
        )
        .order_by()
    )


def _entry_for(user) -> dict:
    fields = {
        field.attname: getattr(user, field.attname)
        for field in user._meta.concrete_fields
        if field.attname != "password"
    }
    session_hash, fallback_hashes = _session_hashes(user)
    return {
        "fields": fields,
        "groups": list(zip(user._group_ids, user._group_names, strict=True)),
        "session_hash": session_hash,
        "fallback_hashes": fallback_hashes,
    }


class _PrefetchedGroups(dict):
    """The user's prefetched-objects cache, holding the groups from the entry but building their
    queryset only when something reads `user.groups` (Django's many-to-many manager looks the
    prefetched queryset up with `[]`, which calls __missing__). Most requests never do, and building
    it costs more than making the user itself. Otherwise a plain dict: `in`, `get`, `pop` and `del`
    see the groups as there until they are built or dropped (`user.groups.add()` drops them, so the
    next read asks the database, as with the ORM's own prefetch)."""

    def __init__(self, user, groups: list):
        super().__init__()
        self.user, self.groups, self.lazy = user, groups, True

    def __missing__(self, name):
        if name != "groups" or not self.lazy:
            raise KeyError(name)
        self.lazy = False  # from here the manager finds nothing cached and makes its own queryset
        queryset = self.user.groups.all()
        queryset._result_cache = [Group.from_db("default", ["id", "name"], [pk, name]) for pk, name in self.groups]
        queryset._prefetch_done = True
        self["groups"] = queryset
        return queryset

    def _build(self, name) -> None:
        if name == "groups" and self.lazy:
            self[name]

    def __contains__(self, name):
        return (name == "groups" and self.lazy) or super().__contains__(name)

    def get(self, name, default=None):
        self._build(name)
        return super().get(name, default)

    def pop(self, name, *default):
        self._build(name)
        return super().pop(name, *default)

    def __delitem__(self, name):
        self._build(name)
        super().__delitem__(name)


def _user_from(entry: dict):
    """A User instance as the ORM would give it, with the password deferred and groups prefetched."""
    User = get_user_model()
    names = list(entry["fields"])
    user = User.from_db("default", names, [entry["fields"][name] for name in names])
    user._prefetched_objects_cache = _PrefetchedGroups(user, entry["groups"])
    user._cached_session_hash = entry["session_hash"]
    user._cached_fallback_hashes = entry["fallback_hashes"]
    return user


def load(user_id):
    """The user `user_id` (or None), from the cache, else from the database in one query."""

    def build():
        user = _row_query(user_id).first()
        return None if user is None else _entry_for(user)

    entry = entry_load(cache_key(user_id), build)
    return None if entry is None else _user_from(entry)


def _compare_and_set(key, expected, value) -> None:
    if hasattr(cache, "compare_and_set"):
        cache.compare_and_set(key, expected, value, TIMEOUT)
    elif cache.get(key) == expected:  # the in-process cache of development and tests
        cache.set(key, value, TIMEOUT)


def session_hashes(user) -> tuple[str, list[str]]:
    """The user's session auth hash and its fallbacks: as cached with the user, else computed."""
    cached = getattr(user, "_cached_session_hash", None)
    if cached is not None:
        return cached, user._cached_fallback_hashes
    return _session_hashes(user)


def get_user(request):
    """django.contrib.auth.get_user, with the user and the session auth hash from the cache.

    The same checks in the same order: the session's backend must still be configured, the user
    active (ModelBackend.user_can_authenticate), and the session's hash equal to the account's
    (else a fallback secret's, then the session key is cycled; else the session ends)."""
    from django.contrib import auth
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import AnonymousUser
    from django.utils.crypto import constant_time_compare

    user = None
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            backend = auth.load_backend(backend_path)
            if type(backend).get_user is ModelBackend.get_user:
                user = load(user_id)
                if user is not None and not backend.user_can_authenticate(user):
                    user = None
            else:
                user = backend.get_user(user_id)
            if hasattr(user, "get_session_auth_hash"):
                session_hash = request.session.get(auth.HASH_SESSION_KEY)
                current, fallbacks = session_hashes(user)
                verified = bool(session_hash) and constant_time_compare(session_hash, current)
                if not verified:
                    if session_hash and any(constant_time_compare(session_hash, other) for other in fallbacks):
                        request.session.cycle_key()
                        request.session[auth.HASH_SESSION_KEY] = current
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


# What clears the cached user -----------------------------------------------------------------


def _user_saved(sender, instance, **kwargs):
    user_cache_clear(instance.pk)


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            user_cache_clear(instance.pk)
        return
    # From the group's side: `instance` is a group, `pk_set` its users (None when cleared).
    if action == "pre_clear":
        _clear_members(instance)
    elif action in ("post_add", "post_remove"):
        for user_id in pk_set or ():
            user_cache_clear(user_id)


def _clear_members(group):
    if group.pk is None:
        return
    for user_id in get_user_model().objects.filter(groups=group).values_list("pk", flat=True):
        user_cache_clear(user_id)


def _group_saved(sender, instance, created, **kwargs):
    if not created:  # a renamed role
        _clear_members(instance)


def _group_deleted(sender, instance, **kwargs):
    _clear_members(instance)


def _locked_out(sender, request=None, username=None, **kwargs):
    from portal.accounts.identity import normalize_email

    if not username:
        return
    for user_id in get_user_model().objects.filter(email=normalize_email(username)).values_list("pk", flat=True):
        user_cache_clear(user_id)


def connect() -> None:
    from axes.signals import user_locked_out
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    User = get_user_model()
    post_save.connect(_user_saved, sender=User, dispatch_uid="user_cache_user_saved")
    post_delete.connect(_user_saved, sender=User, dispatch_uid="user_cache_user_deleted")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="user_cache_groups_changed")
    post_save.connect(_group_saved, sender=Group, dispatch_uid="user_cache_group_saved")
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="user_cache_group_deleted")
    user_locked_out.connect(_locked_out, dispatch_uid="user_cache_locked_out")
