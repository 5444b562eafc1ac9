"""sparklint's built-in rules: one module per rule, registered through the `sparklint.rules` entry points."""
