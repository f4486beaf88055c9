"""The JSON API for the PWA, described by OpenAPI."""
