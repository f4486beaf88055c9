"""Where each person starts, and the language switch."""
