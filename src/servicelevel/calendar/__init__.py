"""When is a service covered? Business calendars and their arithmetic."""

from servicelevel.calendar._business import HORIZON_YEARS, BusinessCalendar, DayInfo
from servicelevel.calendar._hours import Hours

__all__ = ["HORIZON_YEARS", "BusinessCalendar", "DayInfo", "Hours"]
