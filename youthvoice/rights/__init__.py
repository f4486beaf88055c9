"""Rights pages: what the law gives a young person, in plain words, each statement with its source and a date."""
