"""The supplier sync pipeline (issue 3). Entry point: suppliers.sync.pipeline.sync_supplier."""
