"""API of patent inquiry and control (filled in by the preservation work)."""


def register(router) -> None:
    return None
