"""Backing up and restoring the database: the `backup` and `restore` management commands."""
