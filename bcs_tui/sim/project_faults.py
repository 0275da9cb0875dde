"""Faults that hit one project of the fleet while the others answer: a source that goes
down and comes back, and a source that answers slowly.

``project-down`` follows the simulator's clock: up for one period, down for the next, and so
on, so a soak sees the source fail and recover, and a test moves a manual clock across it.
"""

from dataclasses import dataclass

from bcs_tui.base.timefmt import NS_PER_S

DEFAULT_DOWN_PERIOD_NS = 20 * NS_PER_S
DEFAULT_SLOW_DELAY_S = 5.0
DOWN_STATUS = 503
DOWN_ERROR_CODE = "BCS.5030503"
DOWN_MESSAGE = "Service Unavailable: the project's backend is not reachable"


@dataclass(frozen=True)
class ProjectFaults:
    """Which project (by ID) is down on and off, and which one is slow, and how."""

    down: str | None = None
    down_period_ns: int = DEFAULT_DOWN_PERIOD_NS
    slow: str | None = None
    slow_delay_s: float = DEFAULT_SLOW_DELAY_S

    def __post_init__(self) -> None:
        if self.down_period_ns <= 0:
            raise ValueError("the down period must be greater than 0")
        if not 0.0 <= self.slow_delay_s < float("inf"):
            raise ValueError("the slow delay must be a finite number of seconds, 0 or more")

    def is_down(self, project_id: str, origin_ns: int, now_ns: int) -> bool:
        """Whether ``project_id`` fails at ``now_ns``: up during the first period after
        ``origin_ns``, down during the second, and so on."""
        if project_id != self.down:
            return False
        return (now_ns - origin_ns) // self.down_period_ns % 2 == 1

    def delay_s(self, project_id: str) -> float:
        """How long to wait before answering a request for ``project_id``."""
        return self.slow_delay_s if project_id == self.slow else 0.0
