"""sparklint: a linter for Apache Spark job configurations."""

__version__ = "0.1.0"
