"""The operations pages: the staff room page, the director's live board, the roll-call,
incidents, the parents' page and the network dashboard; their messages are registered with the
catalogue on import."""

from redceci.web.operations import messages as messages
