"""The center: HTTP client of the center API, its contract models, the durable outbox of writes."""
