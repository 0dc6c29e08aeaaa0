"""Exercises beyond the tutorial (`labctl exercise`, `labctl verify --exercise NAME`).

Each is one module holding an `Exercise` (labctl/exercises/base.py): to add one, copy the shape
of weights.py (the shortest), write its solution template provision/templates/exercise-NAME.conf
and its messages (title.<check>, expected.<check>, hint.<cause> in labctl/i18n.py), then list it
below.
"""

from __future__ import annotations

from labctl.errors import ConfigError, Message
from labctl.exercises import (
    drain,
    failonstatus,
    health_check,
    hot_standby,
    sticky,
    timeouts,
    weights,
)
from labctl.exercises.base import Exercise

# In the order a class meets them.
EXERCISES: dict[str, Exercise] = {
    e.name: e
    for e in (
        weights.EXERCISE,
        sticky.EXERCISE,
        hot_standby.EXERCISE,
        drain.EXERCISE,
        health_check.EXERCISE,
        timeouts.EXERCISE,
        failonstatus.EXERCISE,
    )
}


def get(name: str) -> Exercise:
    """The exercise called ``name``; an unknown name is a usage error (one line, exit 2)."""
    try:
        return EXERCISES[name]
    except KeyError:
        raise ConfigError(
            Message("exercise.unknown", name=name, known=", ".join(EXERCISES))
        ) from None
