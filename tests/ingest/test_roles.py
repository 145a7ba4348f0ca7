"""Tests for ingest.roles (the ``dkg_roles`` component): the titles people hold, and for whom.

The sentences are written for these tests (newswire style, several regions); the rules were not
tuned on them. Each reads a short article through the whole pipeline and checks the roles of the
record: the title in Title Case without the country, the affiliation (country or organization),
and whether it is a former role.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from ingest.records import ArticleRecord, Role

Read = Callable[..., ArticleRecord]

#: How the project's scorer compares titles: written variants count as one title.
_SYNONYMS = {"advisor": "adviser", "spokesman": "spokesperson", "spokeswoman": "spokesperson"}


def _roles_of(record: ArticleRecord, person: str) -> list[Role]:
    return [r for r in record.roles if r.person == person]


def _role(record: ArticleRecord, person: str) -> Role:
    roles = _roles_of(record, person)
    assert len(roles) == 1, f"expected one role for {person!r}, got {roles}"
    return roles[0]


def _titles(record: ArticleRecord, person: str) -> set[str]:
    return {r.title for r in _roles_of(record, person)}


def _normal(title: str) -> str:
    words = title.lower().split()
    return " ".join(_SYNONYMS.get(w, w) for w in words)


# ------------------------------------------------------- title before the name


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        ("Foreign Minister Ana Ruiz arrived in Quito on Monday.", "ana ruiz", "Foreign Minister"),
        (
            "Deputy Foreign Minister Ahmad Karimi met the Japanese envoy.",
            "ahmad karimi",
            "Deputy Foreign Minister",
        ),
        ("Vice President Laura Chen traveled to Manila.", "laura chen", "Vice President"),
        ("Senator Maria Lopez criticised the agreement.", "maria lopez", "Senator"),
        ("Ambassador Yuki Sato presented her credentials in Canberra.", "yuki sato", "Ambassador"),
        ("Police chief Juan Mora said three suspects were arrested.", "juan mora", "Police Chief"),
        (
            "Minister of Foreign Affairs Pedro Alves met the envoy.",
            "pedro alves",
            "Minister of Foreign Affairs",
        ),
    ],
)
def test_a_title_before_the_name(read_article: Read, text: str, person: str, title: str) -> None:
    rec = read_article(text)
    role = _role(rec, person)
    assert role.title == title
    assert role.former is False


def test_a_title_without_a_country_has_no_affiliation(read_article: Read) -> None:
    rec = read_article("Foreign Minister Ana Ruiz arrived in Quito on Monday.")
    assert _role(rec, "ana ruiz").affiliation is None


@pytest.mark.parametrize(
    ("text", "person", "title", "iso"),
    [
        (
            "Colombian Foreign Minister Ana Ruiz met diplomats in Bogota.",
            "ana ruiz",
            "Foreign Minister",
            "CO",
        ),
        ("Tanzanian President Grace Mollel opened the session in Dodoma.", "grace mollel", "President", "TZ"),
        ("Sudanese army chief Abdel Osman met the envoy.", "abdel osman", "Army Chief", "SD"),
        ("Chilean lawmaker Camila Rojas proposed the bill.", "camila rojas", "Lawmaker", "CL"),
        ("Argentine Economy Minister Sergio Ramos flew to Madrid.", "sergio ramos", "Economy Minister", "AR"),
    ],
)
def test_a_demonym_before_the_title_is_the_affiliation(
    read_article: Read, text: str, person: str, title: str, iso: str
) -> None:
    role = _role(read_article(text), person)
    assert (role.title, role.affiliation) == (title, ("country", iso))


@pytest.mark.parametrize(
    ("text", "person", "title", "iso"),
    [
        ("Peru's trade minister Jorge Paredes signed the deal.", "jorge paredes", "Trade Minister", "PE"),
        ("Ecuador's Vice President Andres Vela denied the claims.", "andres vela", "Vice President", "EC"),
        (
            "Ghana's Finance Minister Kofi Mensah presented the budget.",
            "kofi mensah",
            "Finance Minister",
            "GH",
        ),
        (
            "Japan's Prime Minister Kenji Watanabe spoke with reporters.",
            "kenji watanabe",
            "Prime Minister",
            "JP",
        ),
    ],
)
def test_a_possessive_country_is_the_affiliation(
    read_article: Read, text: str, person: str, title: str, iso: str
) -> None:
    role = _role(read_article(text), person)
    assert (role.title, role.affiliation) == (title, ("country", iso))


@pytest.mark.parametrize(
    ("text", "person", "title", "org"),
    [
        (
            "Defense ministry spokesman Arief Wibowo said the drills were routine.",
            "arief wibowo",
            "Spokesman",
            "defense ministry",
        ),
        (
            "European Commission President Clara Weiss visited Kyiv.",
            "clara weiss",
            "President",
            "european commission",
        ),
        (
            "State Department spokesperson Nora Quinn told reporters the talks were useful.",
            "nora quinn",
            "Spokesperson",
            "state department",
        ),
    ],
)
def test_an_organization_before_the_title_is_the_affiliation(
    read_article: Read, text: str, person: str, title: str, org: str
) -> None:
    role = _role(read_article(text), person)
    assert (role.title, role.affiliation) == (title, ("organization", org))


@pytest.mark.parametrize(
    ("text", "person", "iso"),
    [
        ("President Joseph Banda of Malawi arrived in Lusaka.", "joseph banda", "MW"),
        ("Interior Minister Amina Diallo of Mali said police made arrests.", "amina diallo", "ML"),
        ("Deputy Prime Minister Le Thi Hoa of Vietnam arrived in Seoul.", "le thi hoa", "VN"),
    ],
)
def test_a_country_after_the_name_is_the_affiliation(
    read_article: Read, text: str, person: str, iso: str
) -> None:
    assert _role(read_article(text), person).affiliation == ("country", iso)


# ------------------------------------------------------------------- former


@pytest.mark.parametrize(
    ("text", "person", "title", "iso"),
    [
        ("Former Kenyan President Samuel Mwangi attended the ceremony.", "samuel mwangi", "President", "KE"),
        (
            "Former Indonesian foreign minister Siti Rahma joined the panel.",
            "siti rahma",
            "Foreign Minister",
            "ID",
        ),
        (
            "Thailand's former prime minister Somchai Wong returned home.",
            "somchai wong",
            "Prime Minister",
            "TH",
        ),
    ],
)
def test_a_former_role_is_marked_former(
    read_article: Read, text: str, person: str, title: str, iso: str
) -> None:
    role = _role(read_article(text), person)
    assert (role.title, role.affiliation, role.former) == (title, ("country", iso), True)


def test_retired_marks_a_former_rank(read_article: Read) -> None:
    role = _role(read_article("Retired General Sipho Ndlovu criticised the deployment."), "sipho ndlovu")
    assert (role.title, role.former) == ("General", True)


def test_former_envoy_of_an_organization(read_article: Read) -> None:
    role = _role(read_article("Former UN envoy Olu Adeyemi urged calm."), "olu adeyemi")
    assert (role.title, role.affiliation, role.former) == ("Envoy", ("organization", "united nations"), True)


def test_a_former_role_in_an_apposition(read_article: Read) -> None:
    rec = read_article("Lena Vogel, a former German ambassador to Poland, criticised the plan.")
    role = _role(rec, "lena vogel")
    assert (role.title, role.affiliation, role.former) == ("Ambassador", ("country", "DE"), True)


def test_ex_marks_a_former_president(read_article: Read) -> None:
    role = _role(
        read_article("Ex-President Roberto Lima of Brazil was questioned by police."), "roberto lima"
    )
    assert (role.title, role.former) == ("President", True)


# -------------------------------------------------------------- appositions


@pytest.mark.parametrize(
    ("text", "person", "title", "iso"),
    [
        (
            "David Kamau, the Kenyan interior minister, visited the camp.",
            "david kamau",
            "Interior Minister",
            "KE",
        ),
        (
            "Daniel Okoro, Nigeria's ambassador to the United Nations, addressed the council.",
            "daniel okoro",
            "Ambassador",
            "NG",
        ),
        ("Camila Rojas, a Chilean lawmaker, proposed the bill.", "camila rojas", "Lawmaker", "CL"),
    ],
)
def test_an_apposition_after_the_name(
    read_article: Read, text: str, person: str, title: str, iso: str
) -> None:
    role = _role(read_article(text), person)
    assert (role.title, role.affiliation) == (title, ("country", iso))


def test_an_apposition_naming_an_organization(read_article: Read) -> None:
    rec = read_article("Amani Hassan, the African Union envoy to Sudan, met the generals.")
    role = _role(rec, "amani hassan")
    assert (role.title, role.affiliation) == ("Envoy", ("organization", "african union"))


def test_a_rank_before_and_a_post_after_the_name_are_both_kept(read_article: Read) -> None:
    rec = read_article("Colonel Ibrahim Sall, the army spokesman, said two soldiers died.")
    assert _titles(rec, "ibrahim sall") == {"Colonel", "Army Spokesman"}


def test_a_title_in_apposition_before_the_name(read_article: Read) -> None:
    rec = read_article("The Indonesian defense minister, Budi Santoso, inspected the base.")
    role = _role(rec, "budi santoso")
    assert (role.title, role.affiliation) == ("Defense Minister", ("country", "ID"))


def test_an_ambassador_in_apposition_before_the_name(read_article: Read) -> None:
    rec = read_article("The Philippine ambassador to Japan, Ramon Cruz, presented his credentials.")
    role = _role(rec, "ramon cruz")
    assert (role.title, role.affiliation) == ("Ambassador", ("country", "PH"))


def test_an_apposition_with_a_possessive_agency(read_article: Read) -> None:
    rec = read_article("Maria Gonzalez, the agency's spokeswoman, declined to comment.")
    assert "spokes" in _role(rec, "maria gonzalez").title.lower()


def test_an_apposition_spokesman_for_a_ministry(read_article: Read) -> None:
    rec = read_article("Carlos Mendoza, a spokesman for the Mexican foreign ministry, confirmed the visit.")
    role = _role(rec, "carlos mendoza")
    assert "spokes" in role.title.lower()
    assert role.affiliation == ("country", "MX")


def test_the_head_of_an_agency_in_apposition(read_article: Read) -> None:
    rec = read_article("The head of the International Atomic Energy Agency, Rafael Ortiz, arrived in Seoul.")
    role = _role(rec, "rafael ortiz")
    assert role.affiliation == ("organization", "international atomic energy agency")


# ------------------------------------------------------------- counterparts


def test_a_counterpart_borrows_the_title_for_its_own_country(read_article: Read) -> None:
    rec = read_article(
        "Colombian Foreign Minister Ana Ruiz met her Chilean counterpart Diego Soto in Bogota."
    )
    assert (_role(rec, "ana ruiz").title, _role(rec, "ana ruiz").affiliation) == (
        "Foreign Minister",
        ("country", "CO"),
    )
    soto = _role(rec, "diego soto")
    assert (soto.title, soto.affiliation, soto.former) == ("Foreign Minister", ("country", "CL"), False)


def test_a_counterpart_after_spoke_with(read_article: Read) -> None:
    rec = read_article(
        "Australian Foreign Minister Penny Walsh spoke with her Chinese counterpart Wang Lei on Monday."
    )
    assert (_role(rec, "wang lei").title, _role(rec, "wang lei").affiliation) == (
        "Foreign Minister",
        ("country", "CN"),
    )


def test_a_counterpart_of_a_head_of_state(read_article: Read) -> None:
    rec = read_article(
        "Argentine President Luis Herrera met Uruguayan counterpart Marta Silva in Montevideo."
    )
    assert (_role(rec, "marta silva").title, _role(rec, "marta silva").affiliation) == (
        "President",
        ("country", "UY"),
    )


def test_a_counterpart_named_between_commas(read_article: Read) -> None:
    rec = read_article(
        "Argentine Economy Minister Sergio Ramos met his Brazilian counterpart, Fernando Costa, "
        "in Buenos Aires."
    )
    assert (_role(rec, "fernando costa").title, _role(rec, "fernando costa").affiliation) == (
        "Economy Minister",
        ("country", "BR"),
    )


# ---------------------------------------------------------- military ranks


@pytest.mark.parametrize(
    ("text", "person", "title"),
    [
        ("Brigadier General Ahmed Farouk said the border was calm.", "ahmed farouk", "Brigadier General"),
        ("Lieutenant Colonel Hana Kim led the unit.", "hana kim", "Lieutenant Colonel"),
        ("Admiral Rafael Duarte commanded the fleet.", "rafael duarte", "Admiral"),
        ("Major General Kwame Asante led the peacekeepers.", "kwame asante", "Major General"),
        ("Navy Captain Jun Park commanded the destroyer.", "jun park", "Navy Captain"),
    ],
)
def test_military_ranks(read_article: Read, text: str, person: str, title: str) -> None:
    assert _role(read_article(text), person).title == title


def test_a_two_word_naval_rank_is_kept_whole(read_article: Read) -> None:
    rec = read_article("Rear Admiral Li Qiang commanded the task force.")
    assert _role(rec, "li qiang").title == "Rear Admiral"


# ---------------------------------------------------------------- variants


@pytest.mark.parametrize("word", ["adviser", "advisor"])
def test_adviser_and_advisor_are_both_titles(read_article: Read, word: str) -> None:
    rec = read_article(f"Presidential {word} Tomas Herrera flew to Lima.")
    assert _normal(_role(rec, "tomas herrera").title) == "presidential adviser"


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Government spokesman Tane Walker said the ban would stay.", "tane walker"),
        ("Government spokeswoman Mele Fifita said the ban would stay.", "mele fifita"),
        ("Palace spokesperson Maria Santos said the president was resting.", "maria santos"),
    ],
)
def test_spokesman_spokeswoman_and_spokesperson_are_all_titles(
    read_article: Read, text: str, person: str
) -> None:
    assert _normal(_role(read_article(text), person).title).endswith("spokesperson")


def test_national_security_adviser_is_one_title_for_the_country(read_article: Read) -> None:
    rec = read_article("Kenya's national security adviser, Peter Njoroge, met the delegation.")
    role = _role(rec, "peter njoroge")
    assert (role.title, role.affiliation) == ("National Security Adviser", ("country", "KE"))
    assert not any(a.kind == "organization" for a in rec.actors)


def test_a_written_variant_is_kept_in_the_lexicons_form(read_article: Read) -> None:
    rec = read_article("Presidential advisor Tomas Herrera flew to Lima.")
    assert _role(rec, "tomas herrera").title == "Presidential Adviser"


def test_capitalized_national_security_advisor_is_a_title_not_an_organization(read_article: Read) -> None:
    rec = read_article("National Security Advisor Priya Raman flew to Tokyo.")
    assert _normal(_role(rec, "priya raman").title) == "national security adviser"
    assert not any(a.kind == "organization" for a in rec.actors)


def test_a_hyphenated_title_is_kept_whole(read_article: Read) -> None:
    rec = read_article("UN Secretary-General Ingrid Holm called for calm.")
    role = _role(rec, "ingrid holm")
    assert (role.title, role.affiliation) == ("Secretary-General", ("organization", "united nations"))


def test_a_member_of_parliament(read_article: Read) -> None:
    rec = read_article("Kenyan Member of Parliament Ruth Wanjiku asked for an inquiry.")
    role = _role(rec, "ruth wanjiku")
    assert (role.title, role.affiliation) == ("Member of Parliament", ("country", "KE"))


# --------------------------------------------------------------- evidence


def test_role_evidence_points_into_the_original_text(read_article: Read) -> None:
    text = (
        "QUITO (Reuters) - Ecuador's Vice President Andres Vela denied the claims on Monday.\n\n"
        "Daniel Okoro, Nigeria's ambassador to the United Nations, addressed the council."
    )
    rec = read_article(text)
    assert {r.person for r in rec.roles} == {"andres vela", "daniel okoro"}
    for role in rec.roles:
        ev = role.evidence
        assert ev.extractor == "dkg_roles"
        assert 0.0 < ev.confidence <= 1.0
        assert ev.sentence_start <= ev.start < ev.end <= ev.sentence_end
        stated = text[ev.start : ev.end].lower()
        assert role.title.lower().split()[-1] in stated
    vela = _role(rec, "andres vela")
    assert text[vela.evidence.sentence_start : vela.evidence.sentence_end].startswith(
        "Ecuador's Vice President"
    )


def test_roles_of_one_article_are_not_repeated(read_article: Read) -> None:
    rec = read_article(
        "Ghana's Finance Minister Kofi Mensah presented the budget. "
        "Finance Minister Kofi Mensah later met bankers in Kumasi."
    )
    assert [r.title for r in _roles_of(rec, "kofi mensah")] == ["Finance Minister"]


def test_every_role_belongs_to_a_person_of_the_record(read_article: Read) -> None:
    rec = read_article(
        "Mexican Foreign Secretary Lucia Ortega called her Guatemalan counterpart on Tuesday. "
        "Ortega said the call went well."
    )
    persons = {a.key for a in rec.actors if a.kind == "person"}
    assert {r.person for r in rec.roles} <= persons
    assert re.fullmatch(r"[A-Z][\w-]*( [\w-]+)*", _role(rec, "lucia ortega").title)
    assert _role(rec, "lucia ortega").affiliation == ("country", "MX")
