"""Operations: the centre's day as append-only events (check-in and health filter, authorised
pick-up, staff, live ratios, roll-calls and drills, incidents, daily reports, messages, the
guardians' mailed notices), the state derived by replaying them, and the network's indicators.
Pure: no HTTP, SQL or files."""
