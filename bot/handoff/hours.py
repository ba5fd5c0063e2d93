"""Advisers' office hours, e.g. "ma-vr 09:00-17:00" ("ma-zo 00:00-24:00": always), in
Europe/Amsterdam time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
TIMEZONE = ZoneInfo("Europe/Amsterdam")
_SPEC_RE = re.compile(r"^\s*(ma|di|wo|do|vr|za|zo)\s*-\s*(ma|di|wo|do|vr|za|zo)\s+"
                      r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")  # fmt: skip


@dataclass(frozen=True)
class OfficeHours:
    first_day: int
    last_day: int
    opens: time
    closes: time

    @classmethod
    def parse(cls, spec: str) -> OfficeHours:
        match = _SPEC_RE.match(spec.lower())
        if not match:
            raise ValueError(f"office hours must look like 'ma-vr 09:00-17:00', got {spec!r}")
        day1, day2, h1, m1, h2, m2 = match.groups()
        try:
            opens = time(int(h1), int(m1))
            closes = time.max if (h2, m2) == ("24", "00") else time(int(h2), int(m2))
        except ValueError as error:
            raise ValueError(f"office hours have an impossible time: {spec!r}") from error
        hours = cls(DAYS.index(day1), DAYS.index(day2), opens, closes)
        if hours.closes <= hours.opens:
            raise ValueError(f"office hours close before they open: {spec!r}")
        return hours

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(TIMEZONE)
        return self.first_day <= local.weekday() <= self.last_day and (
            self.opens <= local.time() < self.closes
        )

    def describe(self) -> str:
        days = f"{_DAY_NAMES[self.first_day]} tot en met {_DAY_NAMES[self.last_day]}"
        closes = "24.00" if self.closes == time.max else f"{self.closes:%H.%M}"
        return f"{days} van {self.opens:%H.%M} tot {closes} uur"


_DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
