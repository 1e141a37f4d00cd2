"""The `rec` commands by group; `rec.cli` wires them into one app and translates errors."""
