"""The municipality's admin: accounts, invites, erasure requests and the anonymous overviews."""
