"""I/O: the request builder (`WireRequest` -> httpx), the drivers that run plans sync and
async, the asyncio HTTP/1.1 driver on h11, deadlines on the wire, and the mapping of transport
failures to `TransportError`. Internal: the clients (`telephony_core.client`) use it."""
