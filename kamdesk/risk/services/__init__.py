"""Writes of the risk capability, by sub-domain (alerts, detection, models, programmes)."""
