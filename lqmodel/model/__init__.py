"""The model layer: Lagrangian terms and their checks, the Model, its inputs and mass basis, loading."""
