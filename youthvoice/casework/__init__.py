"""The professional's side: the dashboard, their young people, inviting one, new meetings."""
