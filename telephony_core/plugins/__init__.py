"""The plugin system (pluggy project "telephony"): the hook specifications and markers
(`hooks`), loading plugins from entry points (`registry`), and two ready-made plugin objects:
`VendorPlugin` (a vendor's provider and emulator) and `RequestRecorder`."""
