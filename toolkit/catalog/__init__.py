"""Dataset declarations, one module per theme; the registry imports them all."""
