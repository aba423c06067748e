"""/api/estimate's answers, kept by each process: the JSON of a valid estimate depends only on the query,
the active schedule (its snapshot) and the language, so the same question asked again is answered without
validating, calculating or serialising it again.

- The answers are kept with the snapshot they were worked out from, and dropped as soon as the process is
  given another snapshot: each request reads the schedule's version (in the session's round trip), and a
  new version (any write to a schedule, a fee or a procedure: estimates/snapshot.py) is a new snapshot
  object. So a schedule activated changes the answer at once, in every process.
- Keyed by the language and the query string exactly as sent (the form's whole input): a query spelled
  differently is a different entry, never a wrong one. Only answers of 200 are kept; a mistake's message is
  worked out each time.
- At most ANSWERS_KEPT answers (each about 3 KB), the oldest dropped first; a query longer than any the form
  accepts is not kept.

An answer holds nothing of the reader: the same question gets the same answer for everyone.
"""

import threading

from django.core.signals import setting_changed
from django.dispatch import receiver

ANSWERS_KEPT = 256
LONGEST_QUERY = 2000  # ten procedures and every amount field fill about 600 characters

# (the snapshot, its answers by (language, query)), replaced as one value: a reader never pairs one
# snapshot with another's answers, even in a threaded worker.
_kept: tuple = (None, {})
_keeping = threading.Lock()  # a threaded worker's requests keep answers one at a time (reads need no lock)


def kept(snapshot, language: str, query: str) -> bytes | None:
    """The answer kept for this question under `snapshot`, if any."""
    held, answers = _kept
    if held is not snapshot:
        return None
    return answers.get((language, query))


def keep(snapshot, language: str, query: str, body: bytes) -> bytes:
    """Keep `body` as the answer to this question under `snapshot` (forgetting those of any other)."""
    global _kept
    if len(query) > LONGEST_QUERY:
        return body
    with _keeping:
        held, answers = _kept
        if held is not snapshot:
            answers = {}
            _kept = (snapshot, answers)
        while len(answers) >= ANSWERS_KEPT:
            del answers[next(iter(answers))]
        answers[(language, query)] = body
    return body


@receiver(setting_changed)
def forget(**kwargs):
    """A test changing a setting (languages, formats) gets answers worked out afresh."""
    global _kept
    with _keeping:
        _kept = (None, {})
