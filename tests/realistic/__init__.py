"""The realistic test set (see README.md here)."""
