"""PostgreSQL specifics: rank columns compare bytewise like SQLite."""

import os

import pytest
from sqlalchemy import text

from ipmp_desktop.core.ranking import rank_sequence
from tests.support import new_workspace, postgres_url


@pytest.fixture
def pg_workspace(tmp_path):
    if postgres_url() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must set IPMP_TEST_DATABASE_URL")
        pytest.skip("IPMP_TEST_DATABASE_URL is not set (CI sets it; see .ci/run)")
    with new_workspace("postgresql", tmp_path) as workspace:
        yield workspace


def test_rank_columns_use_c_collation(pg_workspace):
    with pg_workspace.reading() as session:
        rows = session.execute(
            text(
                "SELECT column_name, collation_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'task' "
                "AND column_name IN ('wbs_rank', 'board_rank') ORDER BY column_name"
            )
        ).all()
        assert rows == [("board_rank", "C"), ("wbs_rank", "C")]
        keys = [*rank_sequence(200), "aa", "z", "ch", "h"]
        ordered = session.execute(
            text('SELECT k FROM unnest(CAST(:keys AS text[])) AS k ORDER BY k COLLATE "C"'),
            {"keys": keys},
        ).scalars()
        assert list(ordered) == sorted(keys)
