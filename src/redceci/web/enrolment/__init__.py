"""The enrolment pages: families, registration, centres' rosters, rounds; their messages are
registered with the catalogue on import."""

from redceci.web.enrolment import guidance as guidance
from redceci.web.enrolment import messages as messages
