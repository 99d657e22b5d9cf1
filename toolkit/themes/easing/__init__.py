"""Easing-hurdles theme: who can lift what, outlook, programme durations."""
