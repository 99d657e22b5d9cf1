"""Sanctions-regime theme: measures, price caps, OFAC designations, events."""
