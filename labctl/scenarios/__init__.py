"""The tutorial's claims as scenarios. Importing this package registers them all."""

from labctl.scenarios import alternation, failover, manager_auth
from labctl.scenarios.base import REGISTRY, Check, LabDriver, Scenario, ScenarioResult, run_scenario

__all__ = [
    "REGISTRY",
    "Check",
    "LabDriver",
    "Scenario",
    "ScenarioResult",
    "alternation",
    "failover",
    "manager_auth",
    "run_scenario",
]
