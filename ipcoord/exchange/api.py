"""API of the data line (filled in by the exchange work)."""


def register(router) -> None:
    return None
