"""Resilience theme: indicators, mirror trade, re-routing and third countries."""
