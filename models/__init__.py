"""Models shipped with lqmodel, one small file each; installed as ``lqmodel.models``.

Each file builds a :class:`lqmodel.Model` named ``model`` with lqmodel's public API only.
Copy one to start a variant, or derive it with :func:`attrs.evolve`.
"""
