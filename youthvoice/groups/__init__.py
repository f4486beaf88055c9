"""Peer groups (issue 20.3): young people in care and not in care, a resource for each other in the housing search."""
