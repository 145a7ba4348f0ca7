"""Tests for ingest.actors (the ``dkg_actors`` component): who an article names, and as what.

The sentences are written for these tests (newswire style, several regions); the rules were not
tuned on them. Each test reads a short article through the whole pipeline and checks the actors
of the resulting record, or runs the component itself where its configuration is the point.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.actors import ActorsComponent, name_key
from ingest.records import Actor, ArticleRecord

Read = Callable[..., ArticleRecord]


def _actors(record: ArticleRecord, kind: str) -> dict[str, Actor]:
    return {a.key: a for a in record.actors if a.kind == kind}


def _persons(record: ArticleRecord) -> dict[str, Actor]:
    return _actors(record, "person")


def _countries(record: ArticleRecord) -> dict[str, Actor]:
    return _actors(record, "country")


def _orgs(record: ArticleRecord) -> dict[str, Actor]:
    return _actors(record, "organization")


def _place_keys(record: ArticleRecord) -> set[str]:
    return {p.key for p in record.places}


def _participants(record: ArticleRecord) -> set[tuple[str, str]]:
    return {p for e in record.events for p in e.participants}


# ------------------------------------------------------------------ persons


def test_a_titled_full_name_is_one_person_without_the_title(read_article: Read) -> None:
    rec = read_article("Foreign Minister Grace Achieng met envoys in Nairobi on Monday.")
    assert set(_persons(rec)) == {"grace achieng"}
    assert _persons(rec)["grace achieng"].name == "Grace Achieng"


def test_honorific_and_surname_resolve_to_the_full_name(read_article: Read) -> None:
    rec = read_article(
        "Foreign Minister Grace Achieng met envoys in Nairobi on Monday. "
        "Ms. Achieng said the region needed calm. Achieng later flew to Kigali."
    )
    persons = _persons(rec)
    assert set(persons) == {"grace achieng"}
    assert "Achieng" in persons["grace achieng"].aliases
    assert len(persons["grace achieng"].mentions) == 3


def test_a_doctor_named_in_full_then_by_surname_is_one_node(read_article: Read) -> None:
    rec = read_article(
        "Dr. Kwame Boateng, Ghana's health minister, visited Tamale. "
        "Boateng said the clinics would open soon."
    )
    persons = _persons(rec)
    assert set(persons) == {"kwame boateng"}
    assert persons["kwame boateng"].name == "Kwame Boateng"  # no "Dr." in the name


def test_surname_after_a_president_goes_to_him(read_article: Read) -> None:
    rec = read_article(
        "Sri Lankan President Nimal Perera met Indian envoys in Colombo. Perera said the port deal was fair."
    )
    assert set(_persons(rec)) == {"nimal perera"}
    assert "Perera" in _persons(rec)["nimal perera"].aliases


def test_two_people_sharing_a_surname_stay_two(read_article: Read) -> None:
    rec = read_article(
        "Prime Minister Hiroshi Tanaka and Finance Minister Yuki Tanaka attended the summit in Osaka. "
        "Hiroshi Tanaka opened the meeting."
    )
    assert set(_persons(rec)) == {"hiroshi tanaka", "yuki tanaka"}


def test_a_lone_shared_surname_adds_no_third_person(read_article: Read) -> None:
    rec = read_article(
        "Lucia Fernandez, the mayor of Cusco, welcomed Peru's finance minister Jorge Fernandez. "
        "Fernandez promised funds for roads."
    )
    assert set(_persons(rec)) == {"lucia fernandez", "jorge fernandez"}


def test_name_particles_stay_inside_the_name(read_article: Read) -> None:
    rec = read_article("Karl van der Berg, the Dutch trade minister, visited Jakarta.")
    assert set(_persons(rec)) == {"karl van der berg"}


def test_mister_and_surname_resolve_to_the_person_named_before(read_article: Read) -> None:
    rec = read_article(
        "President Luis Herrera met Uruguayan counterpart Marta Silva in Montevideo. "
        "Mr. Herrera later told BBC News the meeting went well."
    )
    assert "herrera" not in _place_keys(rec)
    assert "Herrera" in _persons(rec)["luis herrera"].aliases


def test_a_reporting_credit_names_no_person(read_article: Read) -> None:
    rec = read_article(
        "Kenya and Uganda agreed on Monday to extend the rail line to Kisumu.\n\n"
        "Reporting by Jonas Berg; editing by Clara Moss."
    )
    assert _persons(rec) == {}


def test_places_are_not_persons(read_article: Read) -> None:
    rec = read_article(
        "Protesters marched through Santiago, Chile, on Saturday, and later gathered in Valparaiso."
    )
    assert _persons(rec) == {}
    assert {"santiago", "valparaiso"} <= _place_keys(rec)


def test_a_news_agency_is_not_a_person(read_article: Read) -> None:
    rec = read_article("The ship Ocean Star docked in Suva, Fiji, on Sunday, Agence France-Presse reported.")
    assert _persons(rec) == {}
    assert any(a.is_media for a in rec.actors)


def test_a_ship_is_not_a_person(read_article: Read) -> None:
    rec = read_article("The Australian navy ship HMAS Darwin docked in Port Vila, Vanuatu.")
    assert _persons(rec) == {}


def test_an_accented_surname_that_is_also_a_city_stays_a_person(read_article: Read) -> None:
    rec = read_article(
        "The accord was signed by Peru's Foreign Minister Julio Vargas and his Ecuadorian counterpart "
        "Marta León."
    )
    assert "marta león" in _persons(rec)
    assert "marta león" not in _place_keys(rec)


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Kenya", "KE"),
        ("Peru", "PE"),
        ("Vietnam", "VN"),
        ("Fiji", "FJ"),
        ("Poland", "PL"),
        ("South Korea", "KR"),
        ("Papua New Guinea", "PG"),
        ("Côte d'Ivoire", "CI"),
        ("Timor-Leste", "TL"),
    ],
)
def test_countries_carry_their_iso_code(read_article: Read, name: str, iso: str) -> None:
    rec = read_article(f"{name} recalled its ambassador on Monday.")
    countries = _countries(rec)
    assert set(countries) == {iso}
    assert countries[iso].iso_code == iso
    assert countries[iso].acting


def test_a_long_official_country_name_is_an_alias(read_article: Read) -> None:
    rec = read_article("The Democratic Republic of Congo accused Rwanda of backing rebels.")
    countries = _countries(rec)
    assert set(countries) == {"CD", "RW"}
    assert "Democratic Republic of Congo" in countries["CD"].aliases or countries["CD"].name == (
        "Democratic Republic of Congo"
    )


def test_a_country_with_curly_apostrophes_is_the_country(read_article: Read) -> None:
    rec = read_article("“We are ready,” said Côte d’Ivoire’s foreign minister, Awa Kouadio, in Abidjan.")
    assert set(_persons(rec)) == {"awa kouadio"}
    assert "CI" in _countries(rec)


def test_a_country_the_model_misses_is_still_found(read_article: Read) -> None:
    rec = read_article("Senegal hosted Gambian President Musa Jallow in Dakar on Tuesday.")
    assert {"SN", "GM"} <= set(_countries(rec))


def test_demonym_before_officials_is_the_state(read_article: Read) -> None:
    rec = read_article("Kenyan officials said on Tuesday that the border would reopen next month.")
    assert set(_countries(rec)) == {"KE"}
    assert _countries(rec)["KE"].acting


def test_two_demonyms_give_two_states(read_article: Read) -> None:
    rec = read_article("Bangladeshi and Myanmar officials discussed the return of refugees.")
    assert {"BD", "MM"} <= set(_countries(rec))


def test_a_nationality_alone_is_in_the_article_not_of_it(read_article: Read) -> None:
    rec = read_article("Bolivian miners blocked roads near Potosi.")
    assert not _countries(rec)["BO"].acting


def test_demonym_before_troops_is_the_state(read_article: Read) -> None:
    rec = read_article("Ghanaian troops patrolled the frontier on Monday.")
    assert "GH" in _countries(rec)


@pytest.mark.parametrize(
    ("text", "isos"),
    [
        ("Beijing warned Manila against further patrols near the shoal.", {"CN", "PH"}),
        ("Tokyo and Seoul agreed to resume shuttle diplomacy.", {"JP", "KR"}),
        ("Pretoria condemned the coup, while Abuja called for restraint.", {"ZA", "NG"}),
        ("Bogota accused Caracas of sheltering rebels.", {"CO", "VE"}),
        ("Wellington and Canberra agreed to share intelligence.", {"NZ", "AU"}),
    ],
)
def test_capitals_acting_stand_for_their_states(read_article: Read, text: str, isos: set[str]) -> None:
    rec = read_article(text)
    assert set(_countries(rec)) == isos
    assert all(a.acting for a in _countries(rec).values())
    assert _place_keys(rec) == set()


def test_a_capital_standing_for_its_state_keeps_its_name_as_alias(read_article: Read) -> None:
    rec = read_article("Washington and Hanoi agreed on Monday to expand flights.")
    assert "Washington" in _countries(rec)["US"].aliases
    assert "Hanoi" in _countries(rec)["VN"].aliases


def test_lima_and_santiago_agreeing_are_peru_and_chile(read_article: Read) -> None:
    rec = read_article("Lima and Santiago agreed on Monday to lift tariffs on copper.")
    assert {"PE", "CL"} <= set(_countries(rec))
    assert "santiago" not in _place_keys(rec)


def test_a_capital_addressed_by_another_state_is_a_state(read_article: Read) -> None:
    rec = read_article("Canberra protested to Beijing over the detention of a journalist.")
    assert {"AU", "CN"} <= set(_countries(rec))
    assert _countries(rec)["CN"].acting  # addressed, not a destination


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Delegates gathered for talks in Nairobi on Friday.", "nairobi"),
        ("The talks in Jakarta drew delegates from twelve countries.", "jakarta"),
        ("Ministers from both sides met in Santiago on Thursday.", "santiago"),
    ],
)
def test_a_capital_where_things_happen_is_a_place(read_article: Read, text: str, place: str) -> None:
    rec = read_article(text)
    assert place in _place_keys(rec)
    assert not any(a.acting for a in _countries(rec).values())


def test_a_capital_is_a_place_while_a_demonym_in_the_same_sentence_acts(read_article: Read) -> None:
    rec = read_article("The talks in Nairobi ended without a deal, Kenyan officials said.")
    assert "nairobi" in _place_keys(rec)
    assert _countries(rec)["KE"].acting


def test_a_capital_hit_by_weather_is_a_place(read_article: Read) -> None:
    rec = read_article("A typhoon struck Manila on Sunday.")
    assert "manila" in _place_keys(rec)
    assert "PH" not in _countries(rec)


def test_niger_is_a_country_not_a_region_of_nigeria(read_article: Read) -> None:
    rec = read_article("The African Union suspended Niger after the coup.")
    assert "NE" in _countries(rec)
    assert "niger" not in _place_keys(rec)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The Central Bank of Kenya held its rate on Wednesday.", "KE"),
        ("Chad Morrison, a lawyer, filed the appeal.", "TD"),
        ("Investors visited the Congo Basin last year.", "CG"),
    ],
)
def test_a_country_name_inside_a_larger_name_is_no_country(read_article: Read, text: str, iso: str) -> None:
    assert iso not in _countries(read_article(text))


def test_a_capital_hit_in_the_passive_is_a_place(read_article: Read) -> None:
    rec = read_article("Jakarta was flooded by monsoon rains overnight.")
    assert "ID" not in _countries(rec)


def test_a_country_hit_by_weather_does_not_act(read_article: Read) -> None:
    rec = read_article("A cyclone battered Mozambique over the weekend.")
    assert not _countries(rec)["MZ"].acting


def test_demonym_before_a_plain_noun_acts_for_no_one(read_article: Read) -> None:
    rec = read_article("Peruvian farmers sold more coffee this year.")
    assert not any(a.acting for a in _countries(rec).values())


# ------------------------------------------------- international organizations


def test_the_european_union_acts_and_its_abbreviation_is_the_same_actor(read_article: Read) -> None:
    rec = read_article(
        "The European Union imposed sanctions on Belarus on Friday. The E.U. said more measures would follow."
    )
    eu = [a for a in rec.actors if a.name == "European Union"]
    assert len(eu) == 1
    assert eu[0].acting
    assert "E.U." in eu[0].aliases
    assert not any(a.key in ("e u", "eu") and a.kind == "organization" for a in rec.actors)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The United Nations sent envoys to Manila.", "united nations"),
        ("NATO allies pledged more air defence for Ukraine.", "nato"),
        ("ASEAN foreign ministers gathered in Vientiane.", "asean"),
        ("ECOWAS leaders met in Accra on Saturday.", "ecowas"),
        ("The African Union suspended Niger after the coup.", "african union"),
        (
            "The World Health Organization warned of a cholera outbreak in Malawi.",
            "world health organization",
        ),
    ],
)
def test_international_bodies_are_organizations(read_article: Read, text: str, key: str) -> None:
    rec = read_article(text)
    orgs = _orgs(rec)
    assert key in orgs
    assert not orgs[key].is_media


def test_an_acronym_after_the_full_name_is_one_organization(read_article: Read) -> None:
    rec = read_article(
        "The Economic Community of West African States (ECOWAS) lifted sanctions on Guinea. "
        "ECOWAS said the junta had made progress."
    )
    orgs = _orgs(rec)
    assert len(orgs) == 1
    (org,) = orgs.values()
    assert org.name == "Economic Community of West African States"
    assert len(org.mentions) >= 2


def test_a_regional_forum_is_an_organization(read_article: Read) -> None:
    rec = read_article("The Pacific Islands Forum urged Japan to halt the discharge.")
    assert "pacific islands forum" in _orgs(rec)


# ------------------------------------------------------------- news outlets


def test_an_outlet_that_only_reports_is_a_source_not_a_party(read_article: Read) -> None:
    rec = read_article("Al Jazeera reported that Sudanese forces shelled Omdurman on Monday.")
    outlet = _orgs(rec)["al jazeera"]
    assert outlet.is_media
    assert ("organization", "al jazeera") not in _participants(rec)


def test_an_agency_quoted_as_source_is_not_a_party_to_the_event(read_article: Read) -> None:
    rec = read_article(
        "According to the Associated Press, Chilean police detained 40 protesters in Valparaiso on Monday."
    )
    assert _orgs(rec)["associated press"].is_media
    participants = _participants(rec)
    assert ("organization", "associated press") not in participants
    assert ("country", "CL") in participants


def test_a_trailing_agency_credit_is_media(read_article: Read) -> None:
    rec = read_article("Kenya's central bank raised rates on Thursday, Reuters reported.")
    assert _orgs(rec)["reuters"].is_media
    assert _countries(rec)["KE"].acting


def test_a_journalist_of_an_outlet_is_a_person_and_the_outlet_media(read_article: Read) -> None:
    rec = read_article("Jonas Berg of Reuters reported that Norway and Sweden had signed a fishing accord.")
    assert "jonas berg" in _persons(rec)
    assert _orgs(rec)["reuters"].is_media
    assert ("organization", "reuters") not in _participants(rec)
    assert ("person", "jonas berg") not in _participants(rec)


def test_the_outlet_is_recorded_as_the_journalists_employer(read_article: Read) -> None:
    rec = read_article("Jonas Berg of Reuters reported that Norway and Sweden had signed a fishing accord.")
    assert any(r.person == "jonas berg" and r.affiliation == ("organization", "reuters") for r in rec.roles)


def test_a_person_of_an_organization_that_is_no_outlet_is_no_journalist(read_article: Read) -> None:
    rec = read_article("Omar Haddad of the World Bank said the loan would be approved in May.")
    assert not any(r.title == "Journalist" for r in rec.roles)


# --------------------------------------------------------- evidence, config


def test_mentions_point_into_the_original_text(read_article: Read) -> None:
    text = (
        "LIMA (Reuters) - Peru and Ecuador signed a fisheries accord in Lima on Tuesday.\n\n"
        "The accord, signed by Foreign Minister Julio Vargas and his Ecuadorian counterpart Marta Leon, "
        "ends a decade of disputes."
    )
    rec = read_article(text)
    assert {"julio vargas", "marta leon"} <= set(_persons(rec))
    for actor in rec.actors:
        for m in actor.mentions:
            surface = text[m.start : m.end]
            forms = {name_key(actor.name), *map(name_key, actor.aliases)}
            assert name_key(surface) in forms or actor.kind == "country"  # or a demonym
            assert text[m.sentence_start : m.sentence_end].find(surface) >= 0
            assert m.extractor == "dkg_actors"
            assert 0.0 < m.confidence <= 1.0
    assert [text[m.start : m.end] for m in _persons(rec)["marta leon"].mentions] == ["Marta Leon"]


def test_capitals_stay_places_when_metonymy_is_switched_off(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Beijing warned Manila against further patrols near the shoal.")
    ActorsComponent(nlp, "dkg_actors_literal", metonym_capitals=False)(doc)
    kinds = {m.text: m.kind for m in doc._.dkg_mentions}
    assert kinds == {"Beijing": "place", "Manila": "place"}
    # the shared pipeline's own component keeps its default
    assert {m.kind for m in nlp("Beijing warned Manila.")._.dkg_mentions} == {"country"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The two leaders met for three hours at a hillside villa in Ohrid before lunch.", "ohrid"),
        ("Police said the convoy was stopped at a checkpoint in Mopti late on Friday.", "mopti"),
    ],
)
def test_a_town_the_model_misses_after_in_or_at_is_a_place(read_article: Read, text: str, place: str) -> None:
    rec = read_article(text)
    assert place in _place_keys(rec)
    assert not _orgs(rec) and not _persons(rec)
