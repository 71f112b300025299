"""The core layer: one error hierarchy, the one pint registry (natural units), parameters and their data."""
