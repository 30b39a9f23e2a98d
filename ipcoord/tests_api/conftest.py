import pytest

from ipcoord.testing.scenes import Scene, build_scene


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)
