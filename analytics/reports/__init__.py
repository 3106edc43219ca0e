"""What the manager sees: the dashboard and the report views, read from the daily aggregates."""
