"""Writes of requests. Every mutation goes through one function here, in a transaction,
with its audit event and its entry on the request's timeline."""
