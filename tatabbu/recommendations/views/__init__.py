"""Pages of the recommendations app: ``browse`` (search, detail, exports, clusters) and
``imports`` (upload, status, history of imports)."""
