"""What keeps a call safe to repeat and within bounds: retries that cannot change the outcome,
`Retry-After`, throttles per account, and the deadline of each neutral call. Internal: the
drivers (`telephony_core.transport.drivers`) apply it."""
