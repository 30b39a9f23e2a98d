"""The progress file moves whether rows are reported one by one or a chunk at a time."""

from ipcoord.exchange.progress import progress_file_read, progress_file_writer


def test_chunks_that_skip_step_boundaries_still_move_the_file(tmp_path):
    path = tmp_path / "job.progress"
    assert progress_file_read(path, 1000) == (0, 1000)
    update = progress_file_writer(path, 1000, steps=100)  # a write every 10 rows
    update(7)
    assert progress_file_read(path, 1000) == (0, 1000)  # not yet a step
    update(7)  # 14: past 10, though no multiple of 10 was ever reached
    assert progress_file_read(path, 1000) == (14, 1000)
    update(3)  # 17: the next write is at 20
    assert progress_file_read(path, 1000) == (14, 1000)
    update(983)
    assert progress_file_read(path, 1000) == (1000, 1000)


def test_it_passes_every_count_on(tmp_path):
    seen = []
    update = progress_file_writer(tmp_path / "p", 4, also=seen.append)
    for n in (1, 2, 1):
        update(n)
    assert seen == [1, 2, 1] and progress_file_read(tmp_path / "p", 4) == (4, 4)
