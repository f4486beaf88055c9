"""Support around the young person: their bisidder, help now, urgent messages and rights pages."""
