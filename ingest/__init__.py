"""ingest stage of hoidap."""
