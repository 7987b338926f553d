"""Sync with the county hub: the outbox packed into signed batches, over HTTP or a file."""
