"""House plotting style, source notes, event marks and the widget views."""
