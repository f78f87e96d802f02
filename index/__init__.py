"""index stage of hoidap."""
