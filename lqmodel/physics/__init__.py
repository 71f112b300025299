"""The physics layer: Fierz and C identities, matching, loops, running and WCxf bases — the
low-energy effective Lagrangian of a model at any scale, symbolically."""
