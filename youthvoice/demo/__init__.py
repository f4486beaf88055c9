"""Made-up personas and their data, for trying the app."""
