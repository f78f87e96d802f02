"""qa stage of hoidap."""
