"""The pages: lists, the document, the workflow acts, the public portal."""
