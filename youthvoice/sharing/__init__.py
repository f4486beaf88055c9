"""Who may see what (the access policy) and what a young person shares."""
