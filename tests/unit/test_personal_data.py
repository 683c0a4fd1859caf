"""The personal-data detector: what it must flag on the organiser's lines page, and what it must leave alone
so that organisers keep reading its flags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gjestebud.services.personal_data import personal_data_flags


@pytest.mark.parametrize("text, kinds", [
    ("Ring Ola Hansen på 99887766", ["phone", "name"]),
    ("Ring Ola Hansen (tlf 99887766) om brøytinga", ["phone", "name"]),
    ("Han har tlf 998 87 766", ["phone"]),
    ("Kommunen kan nås på +47 22 33 44 55", ["phone"]),
    ("Mobil: 412 34 567", ["phone"]),
    ("Send SMS til 0047 91234567", ["phone"]),
    ("ring 22334455 etter kl 16", ["phone"]),
    ("Send e-post til kari.nordmann@example.no", ["email"]),
    ("Skriv til kari (at) example.no", ["email"]),
    ("Brøyt fortauet i Storgata, Ola Hansen", ["name"]),
    ("Spør Kari om nøklene til gymsalen", ["name"]),
    ("Ta kontakt med Anne Lise", ["name"]),
    ("Per Hansen har båt vi kan låne", ["name"]),
    ("Gi Ingrid Bakke-Olsen en pris for dugnaden", ["name"]),
    ("Ring Ánde Somby", ["name"]),
])
def test_personal_data_is_flagged(text, kinds):
    assert personal_data_flags(text) == kinds


@pytest.mark.parametrize("text", [
    "Bygget kostet 25000000 kr",
    "Prisen var kr 12500000",
    "Ny hall for 12 500 000 kroner",
    "Fra 2020 2024 ble det bygget mye",
    "Mellom 1990 og 2024 forsvant butikkene",
    "Storgata 12 trenger fartsdump",
    "Postnummer 9350 Sjøvegan",
    "Møte 31122024 i rådhuset",
    "Vi vil ha 40 nye benker og 3 nye lekeplasser",
    "Org.nr 912345678",
    "Kontakt Statens Vegvesen om fartsgrensa",
    "Ring kommunen før du graver",
    "Kontakt Salangen kommune om saken",
    "Olav Tryggvasons gate trenger nye lys",
    "Kong Olavs vei bør bli gågate",
    "Dag og natt trenger vi lys",
    "Per dag kommer 300 biler",
    "Liv og røre i sentrum",
    "Kari ordner kaffe",
    "Mer lys på Sjøvegan Sentrum",
    "Sjøvegan Idrettslag trenger ny hall",
    "Vi må ringe Frivilligsentralen",
    "Rute 100 200 300 går for sjelden",
])
def test_ordinary_suggestions_are_not_flagged(text):
    assert personal_data_flags(text) == []


@given(amount=st.integers(min_value=20_000_000, max_value=99_999_999),
       unit=st.sampled_from(["kr", "kroner", "NOK", ",-", "millioner", "kvm"]))
def test_amounts_with_a_unit_are_never_phones(amount, unit):
    grouped = f"{amount:,}".replace(",", " ")
    assert "phone" not in personal_data_flags(f"Det koster {amount} {unit}")
    assert "phone" not in personal_data_flags(f"Det koster {grouped} {unit}")


@given(first=st.integers(min_value=1900, max_value=2099), second=st.integers(min_value=1900, max_value=2099),
       number=st.integers(min_value=1, max_value=999))
def test_years_and_street_numbers_are_never_phones(first, second, number):
    assert "phone" not in personal_data_flags(f"Fra {first} {second} i Storgata {number}")


@given(st.text(max_size=300))
def test_any_text_gives_known_kinds_only(text):
    flags = personal_data_flags(text)
    assert set(flags) <= {"phone", "email", "name"} and len(flags) == len(set(flags))
