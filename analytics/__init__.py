"""Our own statistics: server-side shopper events, daily aggregates and the manager's dashboard."""
