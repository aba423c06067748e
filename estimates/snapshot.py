"""The active fee schedule as one cached value, so an estimate is one cache read and pure computation.

The snapshot (estimates.calculator.ScheduleSnapshot: the schedule's terms and
every procedure with its fee) is kept under one key (named after the shape of
its classes, so a deploy that changes them never unpickles an older one)
together with the version it was built under; the version is a second key. Each process also holds the
last snapshot it read, with its version, so a request reads only the version (one small GET, nothing to
unpickle):

- a held snapshot whose version is the current one is served (no query, no second read);
- else a cached snapshot whose version is the current one is read, held and served (a second GET, once
  per process and version);
- otherwise it is built from the database (two queries) and stored and held under the
  version read *before* the build.

Every write to a fee schedule, a fee or a procedure gives the version a new
random value once its transaction commits (receivers.py). A snapshot built
from data read before that commit carries the old version, so it is never
served afterwards: a stale estimate cannot happen, even when a reader and a
writer race. Inside a transaction that has changed the schedule and not yet
committed, the snapshot is read from the database and never stored (what that
transaction sees may still be rolled back).

When Redis is down the cache answers "missing" (portal/cache.py), so every
request builds the snapshot from the database: slower, never an error.
"""

import dataclasses
import hashlib
import secrets

from django.core.cache import cache
from django.db import transaction

from estimates.calculator import FeeLine, ScheduledProcedure, ScheduleSnapshot, ScheduleTerms
from estimates.models import Fee, FeeSchedule


def _shape() -> str:
    """The snapshot's classes and fields: a deploy that changes them reads a key of its own, never an object
    pickled by the code before it (which would be missing a field, or name a class that moved)."""
    classes = (ScheduleSnapshot, ScheduledProcedure, FeeLine, ScheduleTerms)
    text = ";".join(f"{cls.__module__}.{cls.__qualname__}:{','.join(fields_of(cls))}" for cls in classes)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fields_of(cls) -> list[str]:
    return [field.name for field in dataclasses.fields(cls)]


VERSION_KEY = "estimates:schedule-version"
SNAPSHOT_KEY = f"estimates:schedule-snapshot:{_shape()}"
TIMEOUT = 24 * 3600  # a safety net only: every change makes a new version at once


# (version, snapshot) last read or built by this process: served while the version in the cache is the same.
_held: tuple[str, ScheduleSnapshot | None] | None = None


def schedule_snapshot() -> ScheduleSnapshot | None:
    """The active schedule as plain values, or None when no schedule is active (also cached)."""
    global _held
    if _changed_in_this_transaction():
        return snapshot_build()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version(only_if_missing=True)
    else:
        held = _held
        if held is not None and held[0] == version:
            return held[1]
        stored = cache.get(SNAPSHOT_KEY)
        if stored is not None and stored[0] == version:
            _held = stored
            return stored[1]
    snapshot = snapshot_build()
    cache.set(SNAPSHOT_KEY, (version, snapshot), TIMEOUT)
    _held = (version, snapshot)
    return snapshot


def snapshot_build() -> ScheduleSnapshot | None:
    """Read the active schedule from the database (two queries)."""
    schedule = FeeSchedule.objects.filter(is_active=True).first()
    if schedule is None:
        return None
    fees = Fee.objects.filter(schedule=schedule).select_related("procedure").order_by("procedure__cpt_code")
    return ScheduleSnapshot(
        schedule_id=schedule.pk,
        terms=schedule_terms(schedule),
        procedures=tuple(_scheduled(fee) for fee in fees),
    )


def schedule_terms(schedule: FeeSchedule) -> ScheduleTerms:
    return ScheduleTerms(
        name=schedule.name,
        year=schedule.year,
        part_b_deductible=schedule.part_b_deductible,
        coinsurance_rate=schedule.coinsurance_rate,
        part_a_deductible=schedule.part_a_deductible,
        anesthesia_conversion_factor=schedule.anesthesia_conversion_factor,
        ma_moop_limit=schedule.ma_moop_limit,
        facility_amounts_are_demo=schedule.facility_amounts_are_demo,
    )


def _scheduled(fee: Fee) -> ScheduledProcedure:
    procedure = fee.procedure
    line = FeeLine(
        cpt=procedure.cpt_code,
        name=procedure.plain_name,
        approved=fee.medicare_approved,
        self_pay=fee.self_pay_price,
        add_on=procedure.is_add_on,
        facility=fee.facility_amounts(),
        opps_status=fee.opps_status,
        asc_exempt=fee.asc_exempt,
        anesthesia_base_units=procedure.anesthesia_base_units,
        anesthesia_minutes=procedure.anesthesia_minutes,
        self_pay_reduced=fee.self_pay_reduced,
    )
    return ScheduledProcedure(line=line, name_es=procedure.plain_name_es, body_region=procedure.body_region)


# Invalidation -----------------------------------------------------------------


def schedule_changed() -> None:
    """A fee schedule, fee or procedure was written: a new version once the transaction commits (once per
    transaction however many rows it writes; at once outside a transaction)."""
    if not _changed_in_this_transaction():
        transaction.on_commit(_new_version)


def _new_version(*, only_if_missing: bool = False) -> str:
    """A new random version (never one an older snapshot could carry, even if the version key was evicted)."""
    version = secrets.token_hex(8)
    if not only_if_missing:
        cache.set(VERSION_KEY, version, None)
        return version
    if cache.add(VERSION_KEY, version, None):
        return version
    return cache.get(VERSION_KEY) or version


def _changed_in_this_transaction() -> bool:
    """Whether the current transaction wrote to the schedule and has not committed yet. Django keeps the
    callbacks waiting for the commit in `run_on_commit` (and drops a rolled-back savepoint's)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(entry[1] is _new_version for entry in connection.run_on_commit)
