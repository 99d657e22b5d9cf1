"""Helpers the test suites share: hostile-input records, a local HTTP server, Lab and Voila drivers."""
