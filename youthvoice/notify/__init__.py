"""Telling people something is new: the list in the app, and Web Push."""
