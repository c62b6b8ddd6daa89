"""Starting things an editor then fills in: a new article (``new``) and a new site (``init``).
Neither ever overwrites a file."""
