"""Helpers the tests share: the app's test configuration, people and their log-ins, requests with a CSRF token,
and builders of whole cases (a meeting, a network, a council) with content everywhere.

Tests import them by module (`from support.people import login_as`); `conftest.py` keeps only fixtures and hooks.
"""
