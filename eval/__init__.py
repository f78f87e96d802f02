"""eval stage of hoidap."""
