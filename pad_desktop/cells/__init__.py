"""From a typed cell to a value: the field specs, the value rules, CSV dialects, and the
messages that word every rule for a field."""
