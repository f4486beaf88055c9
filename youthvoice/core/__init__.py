"""The foundation every area stands on: configuration, the database, errors, security headers, assets."""
