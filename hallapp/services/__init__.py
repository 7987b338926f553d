"""Use cases. Each takes a unit of work and the acting user, checks permissions, and
commits one transaction."""
