"""ui stage of hoidap."""
