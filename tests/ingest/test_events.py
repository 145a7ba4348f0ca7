"""Tests for ingest.events (the ``dkg_events`` component): talks, incidents, sanctions, agreements.

The sentences are written for these tests (newswire style, several regions); the rules were not
tuned on them. Each reads a short article through the whole pipeline and checks the events of the
record: kind and type, participants taken from the parse, place, date (with its precision, against
the publication date), status, and the evidence behind each event. Expectations follow issue 4.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from ingest.records import ArticleRecord, Event, TimeValue

Read = Callable[..., ArticleRecord]

#: Publication date of the test articles: a Wednesday (Monday is 2023-03-13, last Thursday 2023-03-09).
PUB = date(2023, 3, 15)


def _events(record: ArticleRecord, kind: str | None = None) -> list[Event]:
    return [e for e in record.events if kind is None or e.kind == kind]


def _one(record: ArticleRecord, kind: str) -> Event:
    events = _events(record, kind)
    assert len(events) == 1, f"expected one {kind} event, got {events}"
    return events[0]


def _day(value: str) -> TimeValue:
    return TimeValue(value, "day")


# -------------------------------------------------------------------- talks


def test_x_met_y_is_a_meeting_between_both_sides(read_article: Read) -> None:
    rec = read_article(
        "Kenyan President William Odhiambo met Tanzanian President Grace Mollel in Arusha on Tuesday.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert ev.event_type == "meeting"
    assert {("person", "william odhiambo"), ("person", "grace mollel")} <= set(ev.participants)
    assert ev.places == ("arusha",)
    assert (ev.time, ev.status) == (_day("2023-03-14"), "happened")


def test_talks_between_x_and_y(read_article: Read) -> None:
    rec = read_article("Talks between Colombia and Venezuela resumed in Caracas on Monday.", published=PUB)
    ev = _one(rec, "talks")
    assert set(ev.participants) == {("country", "CO"), ("country", "VE")}
    assert ev.places == ("caracas",)
    assert ev.time == _day("2023-03-13")


def test_x_hosted_y(read_article: Read) -> None:
    rec = read_article(
        "Indonesia hosted Australian Prime Minister Mark Ellis in Jakarta on Tuesday.", published=PUB
    )
    ev = _one(rec, "talks")
    assert {("country", "ID"), ("person", "mark ellis")} <= set(ev.participants)
    assert ev.places == ("jakarta",)


def test_talks_led_by_x_and_his_counterpart_y_add_them_to_the_same_talks(read_article: Read) -> None:
    rec = read_article(
        "Chile and Peru held talks in Arica on Monday. The talks were led by Foreign Minister Ana Ruiz "
        "and her Peruvian counterpart Jorge Paredes.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert set(ev.participants) == {
        ("country", "CL"),
        ("country", "PE"),
        ("person", "ana ruiz"),
        ("person", "jorge paredes"),
    }


def test_an_entity_outside_the_event_clause_is_no_participant(read_article: Read) -> None:
    rec = read_article(
        "Chile and Peru held talks in Arica on Monday, a week after Bolivia closed its border.", published=PUB
    )
    ev = _one(rec, "talks")
    assert set(ev.participants) == {("country", "CL"), ("country", "PE")}
    assert ev.places == ("arica",)


def test_a_phone_call_with_a_counterpart(read_article: Read) -> None:
    rec = read_article(
        "Thai Prime Minister Anan Chai held a phone call with Malaysian leader Idris Noor on Friday.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert ev.event_type == "phone_call"
    assert {("person", "anan chai"), ("person", "idris noor")} <= set(ev.participants)
    assert ev.time == _day("2023-03-10")


def test_spoke_by_telephone_is_a_phone_call(read_article: Read) -> None:
    rec = read_article(
        "Indian Prime Minister Arjun Mehta spoke by telephone with Sri Lankan President Nimal Perera "
        "on Thursday.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert ev.event_type == "phone_call"
    assert {("person", "arjun mehta"), ("person", "nimal perera")} <= set(ev.participants)
    assert ev.time == _day("2023-03-09")


def test_x_called_y_is_a_phone_call(read_article: Read) -> None:
    rec = read_article(
        "Indian Prime Minister Arjun Mehta called Sri Lankan President Nimal Perera on Thursday.",
        published=PUB,
    )
    assert _one(rec, "talks").event_type == "phone_call"


def test_a_planned_visit(read_article: Read) -> None:
    rec = read_article("Brazilian President Rui Barros will visit Angola next month.", published=PUB)
    ev = _one(rec, "talks")
    assert ev.event_type == "visit"
    assert {("person", "rui barros"), ("country", "AO")} <= set(ev.participants)
    assert (ev.time, ev.status) == (TimeValue("2023-04", "month"), "planned")


def test_a_planned_summit_on_an_explicit_date(read_article: Read) -> None:
    rec = read_article("The leaders of Fiji and Samoa will hold a summit in Apia on March 20.", published=PUB)
    ev = _one(rec, "talks")
    assert ev.event_type == "summit"
    assert set(ev.participants) == {("country", "FJ"), ("country", "WS")}
    assert (ev.places, ev.time, ev.status) == (("apia",), _day("2023-03-20"), "planned")


def test_a_strategic_dialogue(read_article: Read) -> None:
    rec = read_article(
        "Mongolia and Kazakhstan held their first strategic dialogue in Astana on Friday.", published=PUB
    )
    ev = _one(rec, "talks")
    assert ev.event_type == "strategic_dialogue"
    assert ev.places == ("astana",)


def test_a_diplomatic_summons(read_article: Read) -> None:
    rec = read_article("Vietnam summoned China's envoy on Monday.", published=PUB)
    ev = _one(rec, "talks")
    assert ev.event_type == "summons"
    assert set(ev.participants) == {("country", "VN"), ("country", "CN")}
    assert ev.time == _day("2023-03-13")


def test_the_visited_country_takes_part_in_a_state_visit(read_article: Read) -> None:
    rec = read_article(
        "South African President Thabo Khumalo paid a state visit to Mozambique on Monday.", published=PUB
    )
    assert ("country", "MZ") in _one(rec, "talks").participants


def test_the_subject_of_expected_to_meet_takes_part(read_article: Read) -> None:
    rec = read_article(
        "Polish Foreign Minister Marek Zielinski is expected to meet his Lithuanian counterpart in Vilnius "
        "next week.",
        published=PUB,
    )
    assert ("person", "marek zielinski") in _one(rec, "talks").participants


# ---------------------------------------------------------------- incidents


def test_an_explosion_with_place_and_day(read_article: Read) -> None:
    rec = read_article("An explosion ripped through a fuel depot in Beira on Monday.", published=PUB)
    ev = _one(rec, "incident")
    assert ev.event_type == "explosion"
    assert (ev.places, ev.time, ev.status) == (("beira",), _day("2023-03-13"), "happened")


def test_a_car_bomb(read_article: Read) -> None:
    rec = read_article(
        "A car bomb exploded outside a police station in Mogadishu on Sunday, killing six people.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.event_type in ("bombing", "explosion")
    assert (ev.places, ev.time) == (("mogadishu",), _day("2023-03-12"))


def test_an_attack_by_unnamed_gunmen_has_a_place(read_article: Read) -> None:
    rec = read_article("Gunmen attacked a military convoy near Gao in Mali on Saturday.", published=PUB)
    ev = _one(rec, "incident")
    assert ev.event_type == "attack"
    assert "gao" in ev.places
    assert ev.time == _day("2023-03-11")


def test_a_seizure_of_a_ship(read_article: Read) -> None:
    rec = read_article(
        "Indonesian authorities seized a Panamanian-flagged tanker off Batam on Monday.", published=PUB
    )
    ev = _one(rec, "incident")
    assert ev.event_type == "seizure"
    assert ("country", "ID") in ev.participants
    assert ev.places == ("batam",)


@pytest.mark.parametrize(
    ("text", "iso", "day"),
    [
        ("North Korea fired two ballistic missiles into the sea on Saturday.", "KP", "2023-03-11"),
        ("Pakistan test-fired a cruise missile on Tuesday.", "PK", "2023-03-14"),
        ("North Korea launched a ballistic missile into the sea on Thursday.", "KP", "2023-03-09"),
    ],
)
def test_a_missile_launch(read_article: Read, text: str, iso: str, day: str) -> None:
    ev = _one(read_article(text, published=PUB), "incident")
    assert ev.event_type == "missile_launch"
    assert ev.participants == (("country", iso),)
    assert ev.time == _day(day)


def test_a_kidnapping_with_its_victims_country(read_article: Read) -> None:
    rec = read_article(
        "Haitian police said gang members kidnapped two Canadian nurses in Port-au-Prince on Sunday.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.event_type == "kidnapping"
    assert ("country", "CA") in ev.participants
    assert ev.time == _day("2023-03-12")


def test_an_arrest_by_police(read_article: Read) -> None:
    rec = read_article("Kenyan police arrested an opposition leader in Kisumu on Saturday.", published=PUB)
    ev = _one(rec, "incident")
    assert ev.event_type == "detention"
    assert (ev.participants, ev.places) == ((("country", "KE"),), ("kisumu",))


def test_an_airstrike_carried_out_on_a_day(read_article: Read) -> None:
    rec = read_article(
        "Myanmar's military carried out an airstrike on a village in Sagaing on Sunday.", published=PUB
    )
    assert _one(rec, "incident").time == _day("2023-03-12")


# ------------------------------------------------------ sanctions, agreements


def test_sanctions_imposed_by_the_eu(read_article: Read) -> None:
    rec = read_article("The European Union imposed sanctions on Belarus on Friday.", published=PUB)
    ev = _one(rec, "sanction")
    assert ev.event_type == "sanction_imposed"
    assert {("country", "BY")} <= set(ev.participants)
    assert any(p[1] in ("EU", "european union") for p in ev.participants)
    assert ev.time == _day("2023-03-10")


def test_sanctions_announced_last_month(read_article: Read) -> None:
    rec = read_article(
        "The United States announced new sanctions against Nicaragua last month.", published=PUB
    )
    ev = _one(rec, "sanction")
    assert set(ev.participants) == {("country", "US"), ("country", "NI")}
    assert ev.time == TimeValue("2023-02", "month")


def test_lifted_sanctions_are_sanctions_lifted(read_article: Read) -> None:
    rec = read_article("Britain lifted sanctions on Zimbabwe's central bank on Monday.", published=PUB)
    assert _one(rec, "sanction").event_type == "sanction_lifted"


def test_an_agreement_signed_in_a_third_country(read_article: Read) -> None:
    rec = read_article("Ethiopia and Eritrea signed a peace deal in Riyadh on March 1.", published=PUB)
    ev = _one(rec, "agreement")
    assert set(ev.participants) == {("country", "ET"), ("country", "ER")}
    assert (ev.places, ev.time) == (("riyadh",), _day("2023-03-01"))


def test_a_ceasefire_reached(read_article: Read) -> None:
    rec = read_article("Sudan and South Sudan reached a ceasefire agreement on Tuesday.", published=PUB)
    ev = _one(rec, "agreement")
    assert set(ev.participants) == {("country", "SD"), ("country", "SS")}
    assert ev.time == _day("2023-03-14")


def test_a_possible_agreement_is_not_an_agreement(read_article: Read) -> None:
    rec = read_article("Officials in Lima discussed a possible trade agreement with Ecuador.", published=PUB)
    assert _events(rec, "agreement") == []


def test_urging_someone_to_sign_is_no_agreement(read_article: Read) -> None:
    rec = read_article("Peru urged Chile to sign a trade agreement.", published=PUB)
    assert _events(rec, "agreement") == []


# -------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Colombia and Ecuador met in Quito two days ago.", _day("2023-03-13")),
        ("Chile and Peru held talks in Arica earlier this month.", TimeValue("2023-03", "month")),
        ("Laos and Cambodia held talks in Vientiane last year.", TimeValue("2022", "year")),
        ("Chile and Argentina met in Mendoza in January.", TimeValue("2023-01", "month")),
        ("Chile and Argentina met in Mendoza in May.", TimeValue("2022-05", "month")),
        ("Chile and Argentina will meet in Mendoza in May.", TimeValue("2023-05", "month")),
        ("Chile and Argentina will meet in Mendoza next Tuesday.", _day("2023-03-21")),
        ("Kenya and Ethiopia signed a power deal on February 27.", _day("2023-02-27")),
        ("Japan and the Philippines signed a defence pact in 2022.", TimeValue("2022", "year")),
    ],
)
def test_dates_are_resolved_against_the_publication_date(
    read_article: Read, text: str, expected: TimeValue
) -> None:
    (ev,) = read_article(text, published=PUB).events
    assert ev.time == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kenya and Uganda held talks in Kampala on Tuesday.",
        "Kenya and Ethiopia held talks in Nairobi last month.",
        "Peru and Ecuador held talks in Lima two days ago.",
        "Chile and Argentina met in Mendoza in May.",
    ],
)
def test_relative_dates_stay_unresolved_without_a_publication_date(read_article: Read, text: str) -> None:
    (ev,) = read_article(text).events
    assert ev.time is None


def test_an_explicit_date_needs_no_publication_date(read_article: Read) -> None:
    (ev,) = read_article("Kenya and Ethiopia signed the accord in Nairobi on 3 June 2022.").events
    assert ev.time == _day("2022-06-03")


def test_a_past_weekday_is_the_one_before_publication(read_article: Read) -> None:
    rec = read_article(
        "Ukraine and Poland held talks in Warsaw on Monday. A separate meeting between Poland and Lithuania "
        "took place in Vilnius on Thursday.",
        published=PUB,
    )
    times = {e.places: e.time for e in rec.events}
    assert times == {("warsaw",): _day("2023-03-13"), ("vilnius",): _day("2023-03-09")}


@pytest.mark.parametrize(
    ("first", "anchor"),
    [
        ("Gunmen attacked a bus near Maroua on Monday.", "the attack"),
        ("A bomb exploded at a market in Maroua on Monday.", "the explosion"),
    ],
)
def test_an_event_dated_from_another_event(read_article: Read, first: str, anchor: str) -> None:
    rec = read_article(f"{first} Ghana and Togo held talks in Lome two days after {anchor}.", published=PUB)
    incident = _one(rec, "incident")
    assert (incident.places, incident.time) == (("maroua",), _day("2023-03-13"))
    talks = _one(rec, "talks")
    assert (talks.places, talks.time) == (("lome",), _day("2023-03-15"))


def test_an_anchor_does_not_make_the_talks_parties_attackers(read_article: Read) -> None:
    rec = read_article(
        "Gunmen attacked a bus near Maroua on Monday. Chad and Cameroon held talks in Yaounde two days "
        "after the attack.",
        published=PUB,
    )
    assert _one(rec, "talks").time == _day("2023-03-15")
    assert not {("country", "TD"), ("country", "CM")} & set(_one(rec, "incident").participants)


# ------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Kenya and Tanzania held a phone call on Thursday.", "happened"),
        ("Ministers from Egypt and Sudan will meet in Cairo next Tuesday.", "planned"),
        ("Foreign ministers from Kenya and Uganda are meeting in Entebbe.", "ongoing"),
        ("Guatemala and Honduras are holding talks in Tegucigalpa.", "ongoing"),
        ("Somali and Kenyan delegations continue negotiations in Mombasa.", "ongoing"),
        ("Colombian President Ivan Cortes is visiting Panama this week.", "ongoing"),
    ],
)
def test_status(read_article: Read, text: str, status: str) -> None:
    (ev,) = read_article(text, published=PUB).events
    assert ev.status == status


def test_an_expected_visit_is_planned(read_article: Read) -> None:
    rec = read_article("Brazil's foreign minister is expected to visit Luanda next week.", published=PUB)
    assert _one(rec, "talks").status == "planned"


def test_no_event_dated_after_publication_has_happened(read_article: Read) -> None:
    rec = read_article(
        "Kenya and Ethiopia held talks in Nairobi on Monday. The talks covered water and power. "
        "Officials said the Nairobi talks would continue next month.",
        published=PUB,
    )
    assert rec.events
    for ev in rec.events:
        if ev.time is not None and ev.time.value > PUB.isoformat()[: len(ev.time.value)]:
            assert ev.status == "planned"


# ---------------------------------------------- negated, hypothetical, figurative


@pytest.mark.parametrize(
    "text",
    [
        "Chile and Bolivia did not meet on Monday, officials said.",
        "There were no talks between Kenya and Somalia this week.",
        "If Ghana and Togo meet next month, they could settle the dispute.",
        "Vietnam would meet China only if the patrols stopped.",
        "Fiji and Samoa could hold talks in Apia if the dispute eased.",
        "Peru said it was ready to hold talks with Ecuador.",
        "Brazil refused to hold talks with Paraguay in Asuncion.",
        "Kenya called for talks between Sudan's warring generals in Jeddah.",
        "Chile's president said she would never meet the rebel leader in Santiago.",
        "Officials in Hanoi denied that any meeting with Chinese envoys had taken place.",
        "Hopes for a ceasefire between Armenia and Azerbaijan faded on Monday.",
    ],
)
def test_negated_and_hypothetical_uses_are_not_events(read_article: Read, text: str) -> None:
    assert read_article(text, published=PUB).events == ()


@pytest.mark.parametrize(
    "text",
    [
        "The opposition in Lima called the budget an attack on the poor.",
        "The striker scored twice as Brazil beat Argentina in Sao Paulo on Sunday.",
        "The new album was a bombshell for fans in Seoul.",
    ],
)
def test_figurative_uses_are_not_events(read_article: Read, text: str) -> None:
    assert read_article(text, published=PUB).events == ()


@pytest.mark.parametrize(
    "text",
    [
        "Beijing launched a charm offensive across the Pacific, courting Fiji and Tonga.",
        "Teachers in Nairobi went on strike on Monday over pay.",
        "Critics said the budget was an attack on the poor in Manila.",
        "Thailand proposed a meeting with Cambodia in Bangkok.",
    ],
)
def test_charm_offensives_labour_strikes_and_proposals_are_not_events(read_article: Read, text: str) -> None:
    assert read_article(text, published=PUB).events == ()


def test_talks_about_talks_are_one_event(read_article: Read) -> None:
    rec = read_article("Officials held talks about talks with Nepal in Kathmandu.", published=PUB)
    ev = _one(rec, "talks")
    assert ev.places == ("kathmandu",)


# -------------------------------------------------------------- coreference


def test_one_meeting_mentioned_three_times_is_one_event(read_article: Read) -> None:
    rec = read_article(
        "Vietnamese and Philippine coast guard chiefs met in Manila on Tuesday. The meeting was their first "
        "since the collision. After the meeting, both chiefs praised the tone of the meeting.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert set(ev.participants) == {("country", "VN"), ("country", "PH")}
    assert (ev.places, ev.time) == (("manila",), _day("2023-03-14"))


def test_one_attack_mentioned_three_times_is_one_event(read_article: Read) -> None:
    rec = read_article(
        "Rebels attacked an army base near Bunia on Sunday. The attack killed eleven soldiers. "
        "Congo's army said the attack near Bunia was repelled.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert (ev.places, ev.time) == (("bunia",), _day("2023-03-12"))


def test_repeated_mentions_raise_confidence(read_article: Read) -> None:
    once = _one(read_article("Ecuador and Peru held talks in Tumbes on Tuesday.", published=PUB), "talks")
    thrice = _one(
        read_article(
            "Vietnamese and Philippine coast guard chiefs met in Manila on Tuesday. The meeting was their "
            "first since the collision. After the meeting, both chiefs praised the tone of the meeting.",
            published=PUB,
        ),
        "talks",
    )
    assert thrice.evidence.confidence > once.evidence.confidence


def test_two_talks_in_two_places_stay_two(read_article: Read) -> None:
    rec = read_article(
        "Ecuador and Peru held talks in Tumbes on Tuesday. Colombia and Ecuador held separate talks in "
        "Ipiales on Thursday.",
        published=PUB,
    )
    talks = _events(rec, "talks")
    assert sorted(e.places for e in talks) == [("ipiales",), ("tumbes",)]
    assert len({e.local_id for e in talks}) == 2


# ----------------------------------------------------------------- evidence


def test_evidence_points_into_the_original_text(read_article: Read) -> None:
    text = (
        "LIMA (Reuters) - Peru and Ecuador signed a fisheries accord in Lima on Tuesday.\n\n"
        "Photo: Delegates shake hands. (Reuters/Ana Gil)\n\n"
        "The accord, signed by Foreign Minister Julio Vargas and his Ecuadorian counterpart Marta Leon, "
        "ends a decade of disputes."
    )
    rec = read_article(text, published=PUB)
    ev = _one(rec, "agreement")
    assert text[ev.evidence.start : ev.evidence.end] == ev.trigger
    sentence = text[ev.evidence.sentence_start : ev.evidence.sentence_end]
    assert sentence.startswith("Peru and Ecuador signed")
    assert sentence.rstrip().endswith("on Tuesday.")
    assert ev.evidence.extractor == "dkg_events"
    assert 0.0 < ev.evidence.confidence <= 1.0
    assert {("country", "PE"), ("country", "EC")} <= set(ev.participants)


def test_every_event_has_evidence_and_a_participant_or_place(read_article: Read) -> None:
    rec = read_article(
        "Kenya and Ethiopia held talks in Nairobi on Monday. Rebels attacked an army base near Bunia on "
        "Sunday. The European Union imposed sanctions on Belarus on Friday.",
        published=PUB,
    )
    assert {e.kind for e in rec.events} == {"talks", "incident", "sanction"}
    assert [e.local_id for e in rec.events] == [f"e{i}" for i in range(1, len(rec.events) + 1)]
    for ev in rec.events:
        assert ev.participants or ev.places
        assert rec.document.text[ev.evidence.start : ev.evidence.end] == ev.trigger
        assert 0.0 < ev.evidence.confidence <= 1.0


# ------------------------------------------- joining, keeping apart, anchors (issue 4 guards)


def test_a_retelling_in_a_clause_of_its_own_joins_the_talks(read_article: Read) -> None:
    rec = read_article(
        "Kazakh and Uzbek foreign ministers held talks in Tashkent on Tuesday. Uzbekistan hosted the Kazakh "
        "delegation for the talks, which focused on water sharing. The Tashkent talks ended with a joint "
        "statement.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert {("country", "KZ"), ("country", "UZ")} <= set(ev.participants)
    assert (ev.places, ev.time) == (("tashkent",), _day("2023-03-14"))


def test_a_second_round_elsewhere_is_another_event(read_article: Read) -> None:
    rec = read_article(
        "Ghana and Burkina Faso held a first round of border talks in Accra on Monday. A second round of "
        "talks took place in Ouagadougou on Friday.",
        published=PUB,
    )
    talks = sorted(_events(rec, "talks"), key=lambda e: e.places)
    assert [(e.places, e.time) for e in talks] == [
        (("accra",), _day("2023-03-13")),
        (("ouagadougou",), _day("2023-03-10")),
    ]


def test_a_phone_call_after_talks_is_another_event(read_article: Read) -> None:
    rec = read_article(
        "Argentine President Lucia Ferro held talks with Uruguayan President Diego Sosa in Montevideo on "
        "Monday. On Thursday, Ferro spoke by phone with Paraguayan President Hugo Benitez.",
        published=PUB,
    )
    by_type = {e.event_type: e for e in _events(rec, "talks")}
    assert set(by_type) == {"meeting", "phone_call"}
    call = by_type["phone_call"]
    assert ("person", "hugo benitez") in call.participants
    assert ("person", "diego sosa") not in call.participants
    assert call.time == _day("2023-03-09")


@pytest.mark.parametrize(
    ("text", "summit_place", "side"),
    [
        (
            "ASEAN leaders held a summit in Jakarta on Tuesday. On the sidelines, Philippine President "
            "Rosa Cruz held a brief pull-aside meeting with Vietnamese Prime Minister Tran Van Long.",
            "jakarta",
            ("person", "rosa cruz"),
        ),
        (
            "African Union leaders held a summit in Addis Ababa on Sunday. On the sidelines of the summit, "
            "Nigerian President Musa Bello met Kenyan President Ruth Wanjiru.",
            "addis ababa",
            ("person", "musa bello"),
        ),
    ],
)
def test_a_side_meeting_stays_apart_from_the_summit(
    read_article: Read, text: str, summit_place: str, side: tuple[str, str]
) -> None:
    talks = _events(read_article(text, published=PUB), "talks")
    assert len(talks) == 2
    summit = next(e for e in talks if e.event_type == "summit")
    assert summit.places == (summit_place,)
    assert side not in summit.participants
    assert any(side in e.participants for e in talks if e is not summit)


@pytest.mark.parametrize(
    "text",
    [
        "Nepal sought a meeting with India over the border dispute.",
        "Egypt has asked for a meeting with Ethiopia on the dam.",
        "Any ceasefire must be agreed by both Armenia and Azerbaijan.",
        "Qatar said it would host talks between the two sides if they requested them.",
        "Fiji would host a summit of Pacific leaders in Suva if funding could be found.",
    ],
)
def test_requested_required_and_conditional_events_are_not_events(read_article: Read, text: str) -> None:
    assert read_article(text, published=PUB).events == ()


def test_agreeing_to_impose_sanctions_is_a_sanction_not_an_agreement(read_article: Read) -> None:
    rec = read_article(
        "European Union foreign ministers agreed on Monday to impose sanctions on Iran.", published=PUB
    )
    assert _events(rec, "agreement") == []
    ev = _one(rec, "sanction")
    assert ev.event_type == "sanction_imposed"
    assert ("country", "IR") in ev.participants
    assert (ev.time, ev.status) == (_day("2023-03-13"), "happened")


@pytest.mark.parametrize(
    ("text", "kind", "place", "expected"),
    [
        (
            "A bomb exploded at a bus station in Quetta on Tuesday. Pakistani officials met in Islamabad "
            "the following day.",
            "talks",
            ("islamabad",),
            "2023-03-15",
        ),
        (
            "Rebels attacked a checkpoint near Goma on Saturday. The Congolese army launched an airstrike "
            "on rebel positions the previous day.",
            "incident",
            (),
            "2023-03-10",
        ),
        (
            "A car bomb exploded in Kirkuk on Monday. A day after the explosion, Iraqi and Kurdish "
            "officials met in Erbil.",
            "talks",
            ("erbil",),
            "2023-03-14",
        ),
        (
            "A car bomb exploded in Kirkuk on Monday. Iraqi and Kurdish officials met in Erbil the day "
            "after the explosion.",
            "talks",
            ("erbil",),
            "2023-03-14",
        ),
    ],
)
def test_days_told_from_another_day_or_event_are_resolved(
    read_article: Read, text: str, kind: str, place: tuple[str, ...], expected: str
) -> None:
    rec = read_article(text, published=PUB)
    (ev,) = [e for e in _events(rec, kind) if e.places == place]
    assert ev.time == _day(expected)


def test_an_agreement_signed_after_days_of_talks(read_article: Read) -> None:
    rec = read_article(
        "Serbia and Kosovo signed a transit agreement in Brussels on March 3 after three days of talks.",
        published=PUB,
    )
    agreement = _one(rec, "agreement")
    assert (agreement.places, agreement.time) == (("brussels",), _day("2023-03-03"))
    talks = _one(rec, "talks")
    assert talks.time == TimeValue("2023-03", "month")
    assert {("country", "RS"), ("country", "XK")} <= set(talks.participants)


def test_without_a_publication_date_only_full_dates_are_resolved(read_article: Read) -> None:
    rec = read_article(
        "Ghana and Togo held talks in Lome on Tuesday. Separately, Benin and Niger signed a trade accord in "
        "Niamey on 12 June 2022."
    )
    assert _one(rec, "talks").time is None
    assert _one(rec, "agreement").time == _day("2022-06-12")


# ------------------------------------------------ governing verbs, destinations, actor objects


@pytest.mark.parametrize(
    "text",
    [
        "Washington eased sanctions on Venezuela's oil sector on Tuesday.",
        "Canada agreed to lift sanctions on two Iranian banks.",
    ],
)
def test_sanctions_eased_or_lifted_are_sanctions_lifted(read_article: Read, text: str) -> None:
    assert _one(read_article(text, published=PUB), "sanction").event_type == "sanction_lifted"


def test_the_country_of_a_trip_takes_part(read_article: Read) -> None:
    rec = read_article("Japan's prime minister made a three-day trip to Vietnam last month.", published=PUB)
    ev = _one(rec, "talks")
    assert {("country", "JP"), ("country", "VN")} <= set(ev.participants)


@pytest.mark.parametrize(
    "text",
    [
        "Ghanaian President Kofi Mensah called Togolese President Faure Ayite a trusted friend.",
        "Colombian President Sofia Reyes called on Venezuelan President Luis Mora to free the prisoners.",
    ],
)
def test_calling_something_a_name_is_no_call(read_article: Read, text: str) -> None:
    assert _events(read_article(text, published=PUB), "talks") == []


def test_a_scheduled_trip_is_planned(read_article: Read) -> None:
    rec = read_article("Germany's chancellor is scheduled to visit Nairobi next month.", published=PUB)
    ev = _one(rec, "talks")
    assert (ev.status, ev.time) == ("planned", TimeValue("2023-04", "month"))


def test_a_session_due_by_a_deadline_is_planned(read_article: Read) -> None:
    rec = read_article(
        "Peru and Bolivia signed a border protocol in Puno on Monday, with a first session of the joint "
        "commission due in La Paz by late May.",
        published=PUB,
    )
    session = next(e for e in _events(rec, "talks") if e.places == ("la paz",))
    assert (session.status, session.time) == ("planned", None)
    assert _one(rec, "agreement").time == _day("2023-03-13")


def test_a_threat_of_sanctions_is_sanctions_threatened(read_article: Read) -> None:
    rec = read_article("ECOWAS threatened to impose sanctions on Guinea-Bissau on Sunday.", published=PUB)
    ev = _one(rec, "sanction")
    assert ev.event_type == "sanction_threatened"
    assert ev.time == _day("2023-03-12")


# ------------------------------------------------- parties, places and dates told around the trigger


def test_a_co_chaired_session_has_its_chairs_place_and_day(read_article: Read) -> None:
    rec = read_article(
        "Foreign Minister Tomas Varga and the Foreign Minister of Slovenia, Ms Ana Kranjc, co-chaired "
        "today in Maribor the third session of the joint economic commission.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert {("person", "tomas varga"), ("person", "ana kranjc")} <= set(ev.participants)
    assert ev.places == ("maribor",)
    assert ev.time == _day("2023-03-15")


def test_a_counted_group_signs_as_the_people_named_before(read_article: Read) -> None:
    rec = read_article(
        "The interior ministers of the three states met in Lusaka on Monday. Zambia's minister, Chanda "
        "Mwale, chaired the meeting. She was joined by Malawi's Peter Banda and by Zimbabwe's minister, "
        "Tendai Moyo.\n\nThe three ministers signed a protocol on cross-border policing.",
        published=PUB,
    )
    signed = _one(rec, "agreement")
    people = {k for kind, k in signed.participants if kind == "person"}
    assert people == {"chanda mwale", "peter banda", "tendai moyo"}
    # signed by those who met, the same day: at the meeting
    assert (signed.time, signed.places) == (_day("2023-03-13"), ("lusaka",))


def test_an_attack_to_be_investigated_happened(read_article: Read) -> None:
    rec = read_article(
        "The minister urged the authorities in Tbilisi to investigate fully the bomb attack against the "
        "Armenian community centre in Batumi on 9 March.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.places == ("batumi",)
    assert (ev.time, ev.status) == (_day("2023-03-09"), "happened")


def test_an_ambush_after_which_a_meeting_was_called_happened(read_article: Read) -> None:
    rec = read_article(
        "The emergency meeting was called after Saturday's ambush on a police convoy near Mopti.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.places == ("mopti",)
    assert ev.time == _day("2023-03-11")


def test_a_clause_after_a_semicolon_keeps_its_own_modality(read_article: Read) -> None:
    rec = read_article(
        "A car bomb near Kismayo killed four soldiers on Monday, according to a local official; the army "
        "has not published its own figures.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.places == ("kismayo",)
    assert ev.time == _day("2023-03-13")


def test_what_happened_before_a_present_clause_is_an_event(read_article: Read) -> None:
    rec = read_article(
        "A month after Chile and Argentina signed their energy accord in Mendoza on February 10, "
        "politicians in Santiago are not talking about gas.",
        published=PUB,
    )
    ev = _one(rec, "agreement")
    assert {("country", "CL"), ("country", "AR")} <= set(ev.participants)
    assert (ev.places, ev.time) == (("mendoza",), _day("2023-02-10"))


def test_a_part_of_the_day_carries_the_date(read_article: Read) -> None:
    rec = read_article(
        "The gas pipeline that links Greece and Bulgaria was damaged on Sunday evening, the operator said.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ev.event_type == "sabotage"
    assert {("country", "GR"), ("country", "BG")} <= set(ev.participants)
    assert ev.time == _day("2023-03-12")


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Poland called in the Belarusian ambassador on Tuesday over the border incident.", "summons"),
        (
            "Swiss Foreign Minister Anna Keller brought the two sides together in Geneva on Tuesday.",
            "meeting",
        ),
    ],
)
def test_phrasal_verbs_name_talks(read_article: Read, text: str, etype: str) -> None:
    ev = _one(read_article(text, published=PUB), "talks")
    assert ev.event_type == etype
    assert ev.time == _day("2023-03-14")


def test_a_soldier_wounded_near_a_village_is_an_attack(read_article: Read) -> None:
    rec = read_article("On Sunday a Kyrgyz soldier was wounded near the village of Batken.", published=PUB)
    ev = _one(rec, "incident")
    assert ev.event_type == "attack"
    assert ev.time == _day("2023-03-12")


def test_two_men_who_sat_down_met(read_article: Read) -> None:
    rec = read_article(
        "Serbian negotiator Marko Petrovic and Kosovo's chief negotiator, Arben Krasniqi, met in "
        "Brussels on Monday. Two weeks earlier the same two men had sat down in Ohrid to compare maps.",
        published=PUB,
    )
    talks = _events(rec, "talks")
    assert len(talks) == 2
    for ev in talks:
        assert {("person", "marko petrovic"), ("person", "arben krasniqi")} <= set(ev.participants)


def test_they_will_meet_again_is_a_new_planned_meeting_of_the_same_parties(read_article: Read) -> None:
    rec = read_article(
        "Uruguay and Paraguay held talks on river transport in Asuncion on Monday. "
        "The delegations said they would meet again in Montevideo in April.",
        published=PUB,
    )
    held, planned = sorted(_events(rec, "talks"), key=lambda e: e.status)
    assert (held.status, planned.status) == ("happened", "planned")
    assert {("country", "UY"), ("country", "PY")} <= set(planned.participants)
    assert planned.places == ("montevideo",)


def test_the_parties_that_agree_to_hold_a_meeting_hold_it(read_article: Read) -> None:
    rec = read_article(
        "Nepal and Bhutan signed a protocol on hydropower in Thimphu on Monday. The parties agreed to "
        "hold the next meeting of the joint commission in Kathmandu.",
        published=PUB,
    )
    planned = next(e for e in _events(rec, "talks") if e.status == "planned")
    assert {("country", "NP"), ("country", "BT")} <= set(planned.participants)
    assert planned.places == ("kathmandu",)


def test_x_spoke_to_y_is_a_meeting(read_article: Read) -> None:
    rec = read_article(
        "Foreign Minister Elif Arslan spoke to Greek Foreign Minister Nikos Pappas on Monday about the "
        "migrants.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert {("person", "elif arslan"), ("person", "nikos pappas")} <= set(ev.participants)
    assert ev.time == _day("2023-03-13")


def test_a_consultation_is_a_meeting_but_not_in_consultation_with(read_article: Read) -> None:
    held = read_article(
        "The ministers of Laos and Cambodia held their annual consultation in Pakse on Monday.",
        published=PUB,
    )
    assert _one(held, "talks").places == ("pakse",)
    idiom = read_article("Thailand drafted the rules in consultation with Laos.", published=PUB)
    assert _events(idiom, "talks") == []


def test_last_weeks_arrangement_was_concluded(read_article: Read) -> None:
    rec = read_article(
        "Last week's fisheries arrangement between Ghana and Togo was drafted in haste.", published=PUB
    )
    ev = _one(rec, "agreement")
    assert {("country", "GH"), ("country", "TG")} <= set(ev.participants)


def test_the_attack_in_which_officers_died_takes_its_victims_and_its_anchor(read_article: Read) -> None:
    rec = read_article(
        "The two ministers met in Tacna on Monday, three days after the attack in which two officers of "
        "the Bolivian Police lost their lives.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ("country", "BO") in ev.participants
    assert ev.time == _day("2023-03-10")


def test_a_hedge_verb_in_a_coordinated_clause_does_not_hedge_the_other(read_article: Read) -> None:
    rec = read_article(
        'Prime Minister Ewa Nowak called the blackout "an act of war" and said she would host her '
        "Lithuanian counterpart, Jonas Kazlauskas, in Warsaw on Friday.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert ("person", "jonas kazlauskas") in ev.participants
    assert (ev.status, ev.places) == ("planned", ("warsaw",))


def test_having_colleagues_over_is_a_meeting(read_article: Read) -> None:
    rec = read_article(
        "On Monday Chile's foreign minister, Ana Soto, had her Peruvian and Bolivian colleagues over in "
        "Arica.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert {("country", "PE"), ("country", "BO")} <= set(ev.participants)
    assert ev.time == _day("2023-03-13")


def test_the_present_after_before_tells_a_plan(read_article: Read) -> None:
    rec = read_article(
        "The flooding comes days before President Luis Mora hosts his Ecuadorian counterpart, Ana Vera, "
        "in Cali.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert ev.status == "planned"
    assert ev.places == ("cali",)


def test_weeks_of_calls_are_no_single_event(read_article: Read) -> None:
    rec = read_article(
        "The mediators drafted the text over several weeks of calls with Kenya and Uganda.", published=PUB
    )
    assert _events(rec, "talks") == []


def test_meet_read_as_a_noun_with_a_subject_is_the_verb(read_article: Read) -> None:
    rec = read_article(
        "Trade Minister Marta Gil said she would bring up the tariffs with her Chilean counterpart "
        "when the two meet in Puno on Thursday.",
        published=PUB,
    )
    ev = _one(rec, "talks")
    assert (ev.status, ev.places, ev.time) == ("planned", ("puno",), _day("2023-03-16"))


def test_peacekeepers_who_lost_their_lives_were_attacked(read_article: Read) -> None:
    rec = read_article(
        "The minister paid tribute to the Kenyan members of the United Nations mission who lost their "
        "lives near Bunia on 9 March.",
        published=PUB,
    )
    ev = _one(rec, "incident")
    assert ("organization", "united nations") in ev.participants
    assert (ev.places, ev.time) == (("bunia",), _day("2023-03-09"))


def test_the_talks_of_a_story_about_an_accord_are_where_it_was_signed(read_article: Read) -> None:
    rec = read_article(
        "Ghana and Togo signed a maritime accord in Lome on Monday. Two days before the talks, gunmen "
        "attacked a patrol boat near Keta.",
        published=PUB,
    )
    talks = _one(rec, "talks")
    assert (talks.time, talks.places) == (_day("2023-03-13"), ("lome",))
    assert _one(rec, "incident").time == _day("2023-03-11")


def test_putting_names_to_a_text_signs_it(read_article: Read) -> None:
    rec = read_article(
        "Mediators got Sudan and Chad to put their names to a border accord in N'Djamena in February.",
        published=PUB,
    )
    ev = _one(rec, "agreement")
    assert {("country", "SD"), ("country", "TD")} <= set(ev.participants)
    assert ev.status == "happened"


def test_hosting_the_meeting_retells_the_talks_of_that_day_and_place(read_article: Read) -> None:
    rec = read_article(
        "Uganda's foreign minister, Rose Akello, signed a fisheries accord with Tanzania in Mwanza on "
        "Monday.\n\nThe talks between Uganda and Tanzania were the first in a year.\n\n"
        "Akello thanked Tanzania's foreign minister, Peter Mushi, for hosting the meeting.",
        published=PUB,
    )
    talks = _one(rec, "talks")
    assert (talks.time, talks.places) == (_day("2023-03-13"), ("mwanza",))
