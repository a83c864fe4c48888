"""Menu cycles: for each week and weekday of the cycle, each meal and each age stage, the dishes
served; and a menu's state (draft → published → retired, only a nutritionist publishes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError
from redceci.nutrition_health.stages import Meal

#: Days served per week (Monday to Friday).
WEEKDAYS = 5
DAY_NAMES_ES = ("lunes", "martes", "miércoles", "jueves", "viernes")


class MenuStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


MENU_TRANSITIONS: dict[MenuStatus, frozenset[MenuStatus]] = {
    MenuStatus.DRAFT: frozenset({MenuStatus.PUBLISHED, MenuStatus.RETIRED}),
    MenuStatus.PUBLISHED: frozenset({MenuStatus.RETIRED, MenuStatus.DRAFT}),
    MenuStatus.RETIRED: frozenset(),
}


@dataclass(frozen=True, order=True)
class MenuItem:
    """One dish served on ``week`` (1-based) and ``day`` (0 Monday .. 4 Friday) at ``meal`` to
    ``stage``."""

    week: int
    day: int
    meal: Meal
    stage: str
    recipe: str

    @property
    def where(self) -> str:
        return f"semana {self.week}, {DAY_NAMES_ES[self.day]}, {self.meal}, {self.stage}"


@dataclass(frozen=True)
class Menu:
    """A cycle of ``weeks`` weeks, repeated from its start date."""

    code: str
    name: str
    weeks: int
    items: tuple[MenuItem, ...]

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= 8:
            raise InputError("a menu cycle has 1 to 8 weeks")
        for item in self.items:
            if not 1 <= item.week <= self.weeks:
                raise InputError(f"{item.where}: week outside the {self.weeks}-week cycle")
            if not 0 <= item.day < WEEKDAYS:
                raise InputError(f"{item.where}: day must be 0 (Monday) to 4 (Friday)")
        keys = [(i.week, i.day, i.meal, i.stage, i.recipe) for i in self.items]
        if len(set(keys)) != len(keys):
            raise InputError("a dish is listed twice in the same meal")

    @classmethod
    def of(cls, code: str, name: str, weeks: int, items: Iterable[MenuItem]) -> Menu:
        return cls(code, name, weeks, tuple(sorted(items)))

    def day(self, week: int, day: int) -> tuple[MenuItem, ...]:
        """The dishes of one day of the cycle."""
        return tuple(i for i in self.items if i.week == week and i.day == day)

    def stages(self) -> tuple[str, ...]:
        return tuple(sorted({i.stage for i in self.items}))


def cycle_position(weeks: int, start_monday_ordinal: int, day_ordinal: int) -> tuple[int, int]:
    """(week, day) of the cycle on a date (ordinals: ``date.toordinal()``; weekends → ValueError).

    The cycle starts on the Monday ``start_monday_ordinal`` and repeats every ``weeks`` weeks.
    """
    delta = day_ordinal - start_monday_ordinal
    if delta < 0:
        raise InputError("the date is before the menu's start")
    week, weekday = divmod(delta, 7)
    if weekday >= WEEKDAYS:
        raise InputError("no menu on weekends")
    return week % weeks + 1, weekday
