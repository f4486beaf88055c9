"""My network and my small steps."""
