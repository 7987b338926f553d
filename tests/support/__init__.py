"""Helpers the integration tests share: a PostgreSQL server of their own, the hub as a
real process, and a TCP proxy that breaks connections on purpose."""
