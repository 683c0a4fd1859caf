"""Spotting personal data in residents' lines: phone numbers, e-mail addresses and people's names.

Reports become public records, so a line that names someone or gives a number must be found before it is
published. These are heuristics for an organiser's eyes, not a filter: a flag asks a person to look. They
are tuned for precision, because organisers stop reading noisy flags:

- phone: a Norwegian number (8 digits, written together, in pairs, 3-2-3 or 4-4, or after +47/0047).
  Written apart, it must look like a mobile number (4xx/9xx) or follow a word such as "tlf" or "ring".
  Years, prices, amounts with a unit, dates written as 8 digits and street numbers are never phones.
- email: an address with @ (or "(at)"/"[at]").
- name: a common first name (the package's list) followed by a capitalised word that is not a street,
  an institution or a month, or "ring/kontakt/spør" followed by a first name or by two capitalised words.
  First names that are also everyday words (Dag, Liv, Sol, Per, ...) count at the start of a sentence,
  where every word is capitalised, only before a word with a surname's ending ("Per Hansen").
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Report, ReportStatus, Suggestion, Topic

_SEPARATOR = r"[ .\-\u00a0]"
_PHONE = re.compile(
    r"(?<![\w.,+/-])"
    r"(?P<prefix>(?:\+|00)\s?47" + _SEPARATOR + r"?)?"
    r"(?P<number>[2-9]\d{7}"
    r"|[2-9]\d(?:" + _SEPARATOR + r"\d{2}){3}"
    r"|[2-9]\d{2}" + _SEPARATOR + r"\d{2}" + _SEPARATOR + r"\d{3}"
    r"|[2-9]\d{3}" + _SEPARATOR + r"\d{4})"
    r"(?![\w]|[.,]\d|" + _SEPARATOR + r"\d)"
)
# Words just before or after a number that make it an amount, a size or a count rather than a phone.
_UNIT_AFTER = re.compile(
    r"\s*(?:,-|-,|%|€|\$|(?:kr|kroner|nok|mill|millioner|mrd|milliarder|euro|kvm|m2|m²|meter|km|tonn|liter"
    r"|prosent|innbyggere|personer|stk)\b)", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:\bkr\.?|\bnok|\bkroner)\s*$", re.IGNORECASE)
_PHONE_CUE = re.compile(r"(?:\b(?:tlf|telefon|tel|mobil|mob|ring|sms|nr|nummer|nummeret)\b[.:]?\s*)$",
                        re.IGNORECASE)

_EMAIL = re.compile(r"[\w.+-]+(?:@|\s?[(\[]\s?at\s?[)\]]\s?)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CUE = re.compile(r"\b(?:ring|ringe|kontakt|kontakte|spør|spørre|snakk med|snakke med|ta kontakt med)\s+$",
                  re.IGNORECASE)
# Capitalised words that follow a first name without making a person: streets, places and institutions
# named after people, months and days.
_NOT_A_SURNAME = frozenset("""
gate gata gaten gt vei veien veg vegen vn plass plassen allé alle torg torget brygge bryggen park parken bakke
ring str straße strasse weg platz
bakken kai kaia sti stien skole skolen barnehage barnehagen kirke kirken senter senteret hall hallen hus huset
kommune kommunen kommunes kommunens fylkeskommune fylkeskommunen statens vegvesen vegvesenet politiet nav
idrettslag idrettslaget il lag laget forening foreningen sentrum frivilligsentralen bibliotek biblioteket
museum museet hotell hotellet sykehjem sykehjemmet rådhus rådhuset helsestasjon helsestasjonen butikk
butikken bank banken sparebank as asa coop rema kiwi meny joker spar bunnpris extra posten
januar februar mars april mai juni juli august september oktober november desember
mandag tirsdag onsdag torsdag fredag lørdag søndag jul påske og eller men
""".split())

# Endings of common Norwegian surnames: "Dag Hansen" starting a sentence is still a person.
_SURNAME_ENDINGS = ("sen", "son", "stad", "vik", "dal", "dahl", "berg", "rud", "land", "heim", "haug", "nes",
                    "lund", "moen", "strøm", "bakken", "li")


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names, names that are also everyday words), read once from the list shipped with the package."""
    text = resources.files("gjestebud").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    ambiguous: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("*"):
            line = line[:-1]
            ambiguous.add(line)
        names.add(line)
    return frozenset(names), frozenset(ambiguous)


def personal_data_flags(text: str) -> list[str]:
    """The kinds of personal data the text seems to hold, among "phone", "email" and "name"."""
    flags = []
    if _has_phone(text):
        flags.append("phone")
    if _EMAIL.search(text):
        flags.append("email")
    if _has_name(text):
        flags.append("name")
    return flags


def flagged_lines(session: Session, topic: Topic) -> list[Suggestion]:
    """Visible lines of the topic's submitted reports that seem to hold personal data."""
    lines = session.scalars(
        select(Suggestion).join(Report, Suggestion.report_id == Report.id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED,
               Suggestion.hidden.is_(False))
        .order_by(Suggestion.question_id, Report.id, Suggestion.position, Suggestion.id)
    ).all()
    return [line for line in lines if personal_data_flags(line.text)]


def _has_phone(text: str) -> bool:
    for match in _PHONE.finditer(text):
        number = match.group("number")
        digits = re.sub(r"\D", "", number)
        before, after = text[:match.start()], text[match.end():]
        if _UNIT_AFTER.match(after) or _UNIT_BEFORE.search(before):
            continue
        if match.group("prefix"):
            return True
        if digits == number:
            if not _is_date(digits):
                return True
            continue
        halves = number.split()
        if len(halves) == 2 and all(re.fullmatch(r"(?:19|20)\d\d", half) for half in halves):
            continue  # two years: "2020 2024"
        if digits[0] in "49" or _PHONE_CUE.search(before):
            return True
    return False


def _is_date(digits: str) -> bool:
    """"31122024" is a day, not a phone number."""
    try:
        date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return False
    return digits[4:6] in ("19", "20")


def _has_name(text: str) -> bool:
    names, ambiguous = _first_names()
    words = list(_WORD.finditer(text))
    for index, word in enumerate(words):
        value = word.group()
        if _CUE.search(text[:word.start()]) and _cue_names(value, words[index + 1:index + 2], text, word):
            return True
        if value not in names or index + 1 == len(words):
            continue
        following = words[index + 1]
        if not _adjacent(text, word, following) or not _surname_like(following.group()):
            continue
        if (value in ambiguous and _sentence_start(text, word.start())
                and not following.group().lower().endswith(_SURNAME_ENDINGS)):
            continue
        after = words[index + 2].group().lower() if index + 2 < len(words) else ""
        if after in _NOT_A_SURNAME and _adjacent(text, following, words[index + 2]):
            continue  # "Olav Tryggvasons gate"
        return True
    return False


def _cue_names(value: str, following: list[re.Match[str]], text: str, word: re.Match[str]) -> bool:
    """After "ring"/"kontakt"/"spør": a known first name, or two capitalised words that are not a place."""
    names, _ = _first_names()
    if value in names:
        return True
    if not _surname_like(value) or not following or not _adjacent(text, word, following[0]):
        return False
    return _surname_like(following[0].group())


def _surname_like(word: str) -> bool:
    parts = word.split("-")
    return (len(word) >= 2 and all(part[:1].isupper() and part[1:].islower() for part in parts)
            and word.lower() not in _NOT_A_SURNAME)


def _adjacent(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    between = text[first.end():second.start()]
    return bool(between) and between.isspace() and "\n" not in between


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\"'«(")
    return not before or before[-1] in ".!?:\n-–•*"
