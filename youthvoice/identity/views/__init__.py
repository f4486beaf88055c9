"""The area's pages (one blueprint per module)."""
