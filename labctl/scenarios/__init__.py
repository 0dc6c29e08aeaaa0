"""The tutorial's claims as scenarios. Importing this package registers them all."""

from labctl.scenarios import alternation, failover, faults, manager_auth
from labctl.scenarios.base import (
    GROUPS,
    REGISTRY,
    Check,
    LabDriver,
    Scenario,
    ScenarioResult,
    run_scenario,
)

__all__ = [
    "GROUPS",
    "REGISTRY",
    "Check",
    "LabDriver",
    "Scenario",
    "ScenarioResult",
    "alternation",
    "failover",
    "faults",
    "manager_auth",
    "run_scenario",
]
