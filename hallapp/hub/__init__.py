"""The county hub: receives the halls' batches, publishes the catalogue and the calendar."""
