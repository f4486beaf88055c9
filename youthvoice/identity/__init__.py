"""People and getting in: log-in with passkeys, accounts, sessions, invites and recovery."""
