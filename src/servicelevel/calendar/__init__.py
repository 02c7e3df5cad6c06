"""When is a service covered? Business calendars, their arithmetic, and counting terms on them."""

from servicelevel.calendar._business import BusinessCalendar
from servicelevel.calendar._engine import HORIZON_YEARS
from servicelevel.calendar._hours import Hours
from servicelevel.calendar._pauses import PauseLine, Pauses, PausesSince
from servicelevel.calendar._rules import DayInfo

__all__ = ["HORIZON_YEARS", "BusinessCalendar", "DayInfo", "Hours", "PauseLine", "Pauses", "PausesSince"]
