"""The questions being answered in this process, counted once for every pipeline in it.

Its own module, light to import: a server whose answer workers hold the pipelines counts
its questions here too (``ui.answer_workers.WorkerPipeline``) and must not import the whole
``qa.pipeline`` (0.4 s of imports) on its first request.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator


class _InFlight:
    """The questions being answered in this process (by every pipeline: a server's
    swapped-in index, a fold's copy). :meth:`question` says whether a question may have
    the process's other core for a helper thread (:meth:`Pipeline.ask`): when it is the
    only one in flight **and** the question that finished last had no other beside it.

    The second condition is for a server with several clients: between two requests a
    client spends a moment in HTTP and JSON, so a question now and then finds itself
    alone while the others are about to come back; handed to a helper, it would take
    the core another question is about to need and add the hand-off and the sentences
    scored ahead that no answer reads. A server that goes quiet takes the helper again
    from its second lone question. This is what the process knows of its own work: the
    same in every run of a benchmark, unlike the machine's load average."""

    def __init__(self) -> None:
        self._generation = 0
        self.reset()

    def reset(self) -> None:
        """Nothing in flight: a forked child's start (its parent's questions are not in
        it, and a lock the parent held at the fork would never be released), or a test's.
        A question begun before the reset does not count itself out after it."""
        self._lock = threading.Lock()
        self._count = 0
        self._arrivals = 0  # questions that began beside another one, so far
        self._calm = True  # the last question to finish had none beside it
        self._generation += 1

    @contextlib.contextmanager
    def question(self) -> Iterator[bool]:
        """Count one question for the block; yields whether it may take a helper."""
        with self._lock:
            self._count += 1
            alone = self._count == 1
            if not alone:
                self._arrivals += 1
            seen = self._arrivals
            may = alone and self._calm
            generation = self._generation
        try:
            yield may
        finally:
            with self._lock:
                if generation == self._generation:
                    self._count -= 1
                    self._calm = alone and self._arrivals == seen

    @property
    def count(self) -> int:
        return self._count


# One count for the whole process: two pipelines answering at once share the cores.
IN_FLIGHT = _InFlight()


def _forget_parent_questions() -> None:
    """A forked child answers none of its parent's questions (their threads are not in
    it), and a lock its parent held at the fork would never be released in it."""
    IN_FLIGHT.reset()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parent_questions)
