"""My way to adult life (issue 19): the young person's transition plan and the preparation of the meeting about it."""
