"""Page views, one module per use case."""
