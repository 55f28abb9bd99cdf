"""An assistant that explains child-protection written agreements in plain language."""

__version__ = "0.1.0"
