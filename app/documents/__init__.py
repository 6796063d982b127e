"""Documents: uploads, content-addressed storage, the durable parse queue."""
