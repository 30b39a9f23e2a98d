"""The progress file moves whether rows are reported one by one or a chunk at a time, and
says when the import has moved on to a later phase; files of either form read back."""

import pytest
from django.utils import translation

from ipcoord.exchange.management.commands._common import progress_bar
from ipcoord.exchange.progress import (
    AUDIT,
    RECORDS,
    progress_file_read,
    progress_file_state,
    progress_file_writer,
)


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


def test_a_later_phase_is_written_at_once_and_read_back(tmp_path):
    path = tmp_path / "batch.progress"
    assert progress_file_state(path, 4) == (0, 4, RECORDS)
    update = progress_file_writer(path, 4)
    update(4)
    assert path.read_text() == "4 4"  # the records phase writes what it always wrote
    assert progress_file_state(path, 4) == (4, 4, RECORDS)
    update.phase(AUDIT)
    assert path.read_text() == "4 4 audit"
    assert progress_file_state(path, 4) == (4, 4, AUDIT)
    assert progress_file_read(path, 4) == (4, 4)  # the old reading still works
    with pytest.raises(ValueError):
        update.phase("nonsense")


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("17 40", (17, 40, RECORDS)),  # written before there were phases
        ("40 40 audit", (40, 40, AUDIT)),
        ("40 40 later", (40, 40, RECORDS)),  # a phase this reader does not know
        ("", (0, 9, RECORDS)),  # caught between truncation and write
        ("x 40", (0, 9, RECORDS)),
        ("40", (0, 9, RECORDS)),
    ],
)
def test_the_reader_takes_old_and_new_files(tmp_path, text, state):
    path = tmp_path / "p"
    path.write_text(text)
    assert progress_file_state(path, 9) == state
    assert progress_file_read(path, 9) == state[:2]


def test_the_command_lines_bar_names_the_audit_phase(tmp_path, capsys):
    """`ipcoord exchange send`: after the last record the bar says the audit trail is being
    written rather than sitting at 100% in silence."""
    with translation.override("zh-hans"), progress_bar(1000, "batch") as bar:
        writer = progress_file_writer(tmp_path / "p", 1000, also=bar)
        writer(1000)
        writer.phase(AUDIT)
    assert "batch: 写入审计记录" in capsys.readouterr().err
