"""The pages of peer groups."""
