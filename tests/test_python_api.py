"""``sitrep.extract``: the Python entry point, on a string and on a file, with reusable annotators."""
from __future__ import annotations

import pytest

import sitrep
from sitrep.errors import InputError
from sitrep.models import Article

PAGE = """Flooding cuts road to Kassala as aid convoys wait

KASSALA, Sudan, Sept 3 (Reuters) - Flood water cut the main road into Kassala on Tuesday, stranding about 40 aid trucks at the Girba bridge, a relief official said.

The official said the convoys carried food for 60,000 people in camps south of the city and would wait until the water went down.

Local authorities said three villages east of the river had been evacuated and that no deaths had been reported so far.
"""


class Counting:
    """An annotator that records what it saw and adds nothing."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, article: Article) -> None:
        self.seen.append(article.title)


def test_extract_reads_a_string_with_the_callers_annotators_reused():
    stage = Counting()
    first = sitrep.extract(PAGE, retrieved="2025-09-03T18:00:00Z", annotators=[stage])
    second = sitrep.extract(PAGE.replace("40 aid trucks", "45 aid trucks"), retrieved="2025-09-03T18:00:00Z",
                            annotators=[stage])
    assert [a.title for a in first] == ["Flooding cuts road to Kassala as aid convoys wait"]
    assert first[0].dateline.place == "Kassala" and first[0].wire == "Reuters"
    assert "45 aid trucks" in second[0].body
    assert stage.seen == [first[0].title, second[0].title]  # one stage object served both calls


def test_extract_reads_a_file_and_refuses_binary(tmp_path):
    page = tmp_path / "kassala.txt"
    page.write_text(PAGE, encoding="utf-8")
    articles = sitrep.extract(page, retrieved="2025-09-03T18:00:00Z", annotate=False)
    assert len(articles) == 1 and articles[0].entities == []
    junk = tmp_path / "photo.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError) as problem:
        sitrep.extract(junk, annotate=False)
    assert "photo.txt" in str(problem.value)
