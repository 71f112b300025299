"""The symbols layer: groups and representations, fields, couplings, formulas, WET names, the CKM matrix."""
