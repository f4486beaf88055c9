"""The young person's data rights: my data, erasure, and who has seen what."""
