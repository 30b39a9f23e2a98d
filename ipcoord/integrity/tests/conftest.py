from ipcoord.integrity.tests.factories import _index_in_tmp  # noqa: F401  (autouse fixture)
