"""Demo content for a finished round in Salangen kommune: "Fritid og møteplasser for unge".

Everything here is invented for the demo. These are not real submissions, and no real gathering, host
or guest is behind any line. The lines are written the way hosts type up a gathering: uneven length,
a few typos, Bokmål, Nynorsk and some dialect, and the same idea put differently by different groups,
so the consolidation step has something to merge.

Exactly one line contains a made-up name and phone number. It is there so the demo can show an
organiser hiding a line with personal data, and its report marks it with ``personal_data_line``
(question index, line index; both count from 0).

``ANSWERS`` are the municipality's answers. The demo loader gives them to consolidated measures by
keyword: a keyword is a lower-case substring of a measure's text. The list runs from specific to
general and is meant to be read first match wins, so the Laksvatn club comes before the general youth
club entry, and cheaper tickets before the evening bus.
"""

from __future__ import annotations

from typing import Any

TOPIC: dict[str, Any] = {
    "title": "Fritid og møteplasser for unge",
    "slug": "fritid-og-moteplasser",
    "intro_md": """\
Salangen kommune lager en ny plan for barn og unge, og vi vil vite hvordan det er å være ung her:
hva dere gjør på fritida, hva dere savner, og hvor dere møtes. Det gjelder like mye for dere som bor på
Laksvatn, i Øvre Salangen eller på Seljeskog som for dere som bor på Sjøvegan. Vi vil særlig høre fra unge
selv, men også fra foreldre, besteforeldre, trenere og andre som kjenner hverdagen deres.

Alle innspill blir lest. Vi samler forslagene til én liste med tiltak, og hvert tiltak får et svar fra
kommunen: om vi gjør det, når, eller hvorfor ikke. Listen publiseres her, og den blir en del av
grunnlaget for planen og for budsjettet.
""",
    "guide_md": """\
## Slik holder du et gjestebud

1. **Inviter opptil 8 gjester.** Fire til åtte personer passer godt: venner, familie, naboer, laget
   eller klassen. Ungdomsgrupper må gjerne holde gjestebud uten voksne, men én person må sende inn svarene.
2. **Sett av omtrent to timer.** Litt mat eller drikke hjelper på praten.
3. **Ta ett spørsmål om gangen.** Alle skal få si noe, og dere trenger ikke være enige. Står dere fast,
   hopp videre og kom tilbake senere.
4. **Skriv ett forslag per linje.** Kort er helt greit. Skriv gjerne hvorfor, hvis dere har en grunn.
5. **Ikke skriv navn**, verken på gjestene eller andre. Svarene blir offentlige.
6. **Send inn før fristen.** Bruk din personlige lenke, eller lever svarark på servicetorget.
   Fristen står øverst på siden.
""",
    "areas": ["Sjøvegan", "Laksvatn", "Øvre Salangen", "Elvenes", "Seljeskog"],
    "next_steps_md": """\
## Hva skjer nå?

Takk til alle som holdt og var med på gjestebud! Vi fikk inn svar fra over 30 grupper i hele kommunen.
Forslagene er samlet til én liste med tiltak, og hvert tiltak har fått et svar fra kommunen.

- **Plan for barn og unge:** Tiltakene som er vedtatt eller delvis vedtatt, tas inn i kommunens plan for
  barn og unge. Planen legges fram for kommunestyret våren 2027.
- **Budsjett:** Tiltak som koster penger, legges fram for politikerne i budsjettarbeidet. Noen er allerede
  med i budsjettet for 2027. Andre vurderes i budsjettet for 2028.
- **Saker for andre:** Buss og fylkesveier er fylkeskommunens ansvar. Disse innspillene har vi sendt videre
  til Troms fylkeskommune, og vi følger dem opp i møtene om ruter og trafikksikkerhet.
- **Ungdomsrådet** får listen og er med på å prioritere tiltakene. Rådet gir også råd om hvordan de blir
  gjennomført.

Vi gir en status for tiltakene på denne siden om et år. Spørsmål kan du sende til postmottak.
""",
    "questions": [
        "Hva gjør barn og unge i Salangen på fritida i dag, og hva fungerer bra?",
        "Hva savner unge å kunne gjøre på fritida her i kommunen?",
        "Hvor møtes unge i dag, og hva trenger et godt møtested?",
        "Hva gjør det vanskelig for unge å være med, for eksempel transport, penger eller åpningstider?",
        "Hva kan unge selv, foreldre, lag og foreninger og andre frivillige gjøre?",
    ],
}


REPORTS: list[dict[str, Any]] = [
    # 1: an 8th-grade friend group at one of their homes, a parent hosting
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 41,
        "participants": 6,
        "age_counts": {"age_under_18": 5, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 0},
        "lines": [
            [
                "Fotball og handball, de fleste driver med noe i hallen",
                "Henger ved butikken eller sykler rundt",
                "Gamer hjemme",
            ],
            [
                "Ungdomsklub som er åpen i helgene!!",
                "Skatepark",
                "Et sted å være etter skolen som ikke er hjemme",
                "Noe å gjøre i vinterferien",
            ],
            [
                "Utenfor butikken og på bensinstasjonen",
                "Må ha sofaer, wifi og at det er lov å være der uten å kjøpe noe",
                "Voksne som er der men ikke blander seg i alt",
            ],
            [
                "Bussen går ikke på kvelden så de som bor på Laksvatn må bli hentet",
                "Ungdomsklubben stenger kl 21 og er bare åpen på onsdager",
                "Vi har ikke lov å være i hallen uten trener",
            ],
            [
                ("Vi kan hjelpe til å pusse opp klubben hvis vi får være med å bestemme hvordan den skal se "
                 "ut"),
                "Foreldre kan ta vakter",
            ],
        ],
    },
    # 2: a family with three children
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 33,
        "participants": 5,
        "age_counts": {"age_under_18": 3, "age_18_34": 0, "age_35_66": 2, "age_67_plus": 0},
        "lines": [
            [
                "Yngste går på fotball tre ganger i uka, eldste har sluttet med alt og sitter mest på rommet",
                "Skiløypene er bra når de er kjørt opp",
            ],
            [
                "Noe for de som ikke vil konkurrere: klatring, dans, friluftsgruppe",
                "Kino. Nå må vi kjøre helt til Finnsnes",
                "Lengre åpningstid i ungdomsklubben på Sjøvegan, også fredag",
            ],
            [
                "Ungdommene møtes mest hjemme hos hverandre og på Snap",
                "Et møtested må være varmt og lyst om vinteren og ligge så de kan gå dit selv",
            ],
            [
                "Det koster mye når man har tre barn i hver sin aktivitet. Kontingent + utstyr + cuper",
                "Mørketida gjør at mange ikke gidder å gå ut",
            ],
            [
                "Foreldre kan bytte på å kjøre",
                "En utstyrsbod der man kan låne ski, skøyter og telt gratis",
            ],
        ],
    },
    # 3: neighbours, three families
    {
        "area": "Laksvatn",
        "language": "nb",
        "held_days_ago": 38,
        "participants": 7,
        "age_counts": {"age_under_18": 3, "age_18_34": 0, "age_35_66": 4, "age_67_plus": 0},
        "lines": [
            [
                "Skuter og fiske, mye friluftsliv",
                "Ungene drar til Sjøvegan på trening og foreldrene kjører",
                "Noen er med i 4H",
            ],
            [
                "Ungdomsklubb på Laksvatn, i alle fall én kveld i uka",
                "En ballbinge her ute også",
                "Bålplass og gapahuk ved vatnet",
            ],
            [
                "Det finnes ikke noe sted her. De møtes ute på veien eller hjemme hos noen",
                "Grendehuset kunne vært brukt mer, det står tomt de fleste kvelder",
            ],
            [
                ("Siste buss fra Sjøvegan går for tidlig. Treningen slutter 20.30 og da er det ingen buss "
                 "hjem til Laksvatn"),
                "Foreldre må kjøre fram og tilbake to ganger hver kveld",
                "Dårlig mobildekning på deler av veien, ungdom som går eller sykler kan ikke ringe",
            ],
            [
                "Grendelaget kan låne ut grendehuset gratis til ungdommen",
                "Samkjøringsliste for forelder",
            ],
        ],
    },
    # 4: farming families
    {
        "area": "Øvre Salangen",
        "language": "nn",
        "held_days_ago": 52,
        "participants": 6,
        "age_counts": {"age_under_18": 2, "age_18_34": 1, "age_35_66": 3, "age_67_plus": 0},
        "lines": [
            [
                "Ungdomane er med på skiskyting og fotball, og mange hjelper til på garden",
                "Jakt og fiske om hausten",
            ],
            [
                "Lysløype som er lyst heile vinteren, ikkje berre fram til jul",
                "Ein stad å vere etter skulen før bussen går",
            ],
            [
                "Dei møtest på bussen og i skulegarden, elles er det lite",
                "Ein god møtestad treng ikkje vere stor, men han må vere open når ungdomane har fri",
            ],
            [
                "Avstandane. Det er langt til Sjøvegan, og det går nesten ikkje buss på kveldstid",
                "Ungdomar under 18 utan lappen er heilt avhengige av foreldra",
                "Bussbilletten blir dyr om ein skal inn fleire gonger i veka",
            ],
            [
                "Foreldra kan lage ei køyreordning saman",
                "Vi kan rydde og merke stiar på dugnad om kommunen stiller med utstyr",
            ],
        ],
    },
    # 5: pensioners who meet every week
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 27,
        "participants": 6,
        "age_counts": {"age_under_18": 0, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 5},
        "lines": [
            [
                "Vi ser at ungdommen er mye ute på sparkesykkel og elsykkel om sommeren",
                "Korpset har blitt veldig lite, det er synd",
            ],
            [
                ("Et ungdomshus med voksne til stede. Da vi var unge var det ungdomslaget som samlet alle, "
                 "både de flinke og de andre"),
                "Kurs i praktiske ting: matlaging, sykkelreparasjon, snekring",
            ],
            [
                "Biblioteket er et fint sted, men det stenger for tidlig",
                "Ungdommen bør få låne et lokale i sentrum. Det står flere tomme lokaler i Sjøvegan",
            ],
            [
                "Noen familier har ikke råd, og det snakkes det ikke om",
                "For mange aktiviteter krever at man er god fra før",
                "Bussen går ikke når ungdommen trenger den. Det var bedre før",
            ],
            [
                ("Vi pensjonister kan være besteforeldrevakter på klubben, eller lære bort håndarbeid og "
                 "fiskestell"),
                "Sanitetsforeningen kan spandere mat på klubbkvelder",
                "Generasjonskafe en gang i måneden der unge og eldre møtes",
            ],
        ],
    },
    # 6: parents of a boys' football team
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 45,
        "participants": 8,
        "age_counts": {"age_under_18": 0, "age_18_34": 1, "age_35_66": 7, "age_67_plus": 0},
        "personal_data_line": (4, 1),
        "lines": [
            [
                "Fotball, ski, håndball. Idrettslaget har aktivitet nesten hver dag",
                "Godt dugnadsmiljø i laget",
            ],
            [
                "Lys på kunstgressbanen hele vinteren, nå må lyset slukkes kl 21",
                "Innendørs treningstid om vinteren. Hallen er full",
                "Noe for de som slutter med idrett rundt 14–15 år. Det er da vi mister dem",
            ],
            [
                "Klubbhuset brukes av noen etter trening",
                "Et godt møtested har noe å gjøre (biljard, spill) og folk man kjenner",
            ],
            [
                "Kontingent og cupreiser koster fort 8–10 000 kr i året pr barn",
                "Bussen fra Laksvatn passer ikke med treningstidene",
                "Hallen er stengt i helgene når det ikke er kamp",
            ],
            [
                ("Laget kan ha åpen hall fredag kveld med foreldrevakter hvis kommunen gir nøkkel og dekker "
                 "strøm"),
                "Ring Trond på 912 34 567 hvis dere trenger folk til dugnad på banen",
                "Bytte av brukt utstyr hver høst",
            ],
        ],
    },
    # 7: the youth council
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 30,
        "participants": 7,
        "age_counts": {"age_under_18": 6, "age_18_34": 1, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "De fleste er med på én organisert aktivitet, men ca. 1 av 4 er ikke med på noe (Ungdata)",
                "Ungdomsklubben på onsdager er populær, det er fullt",
            ],
            [
                "Ungdomsklubben må holde åpent fredag og lørdag kveld",
                "E-sport/gamingrom med ordentlige PC-er",
                "Ungdomskafé i sentrum som er åpen etter skoletid",
            ],
            [
                "Vi møtes i klubben, på biblioteket og ved kaia om sommeren",
                "Et godt møtested er gratis, rusfritt, åpent når vi har fri, og vi må få være med å bestemme",
            ],
            [
                "Ingen buss hjem etter kl 18 til Laksvatn og Øvre Salangen",
                ("Mange vet ikke om aktivitetene. Info kommer spredt på Facebook, og ungdom bruker ikke "
                 "Facebook"),
            ],
            [
                ("Ungdomsrådet vil ha reell innflytelse: egen sak i kommunestyret hvert år og et eget "
                 "budsjett"),
                "Vi kan arrangere konserter og turneringer selv hvis vi får låne lokaler",
                "Unge kan være aktivitetsledere for de yngre mot litt betaling",
            ],
        ],
    },
    # 8: two households, written the way they talk
    {
        "area": "Elvenes",
        "language": "nb",
        "held_days_ago": 24,
        "participants": 5,
        "age_counts": {"age_under_18": 2, "age_18_34": 1, "age_35_66": 2, "age_67_plus": 0},
        "lines": [
            [
                "Ungan e mye ute, fiske og bading i elva om sommern",
                "Skuter om vintern for dem som har",
            ],
            [
                "Ballbinge med lys",
                "Nokka å gjør for dem som ikkje e med på idrett",
            ],
            [
                "Dem møtes på busskuret",
                "En plass med benk og grill",
                "Trenger tak over hodet og lys, det e mørkt her ute halve året",
            ],
            [
                "Bussen! Siste buss går alt for tidlig",
                "Det e ikkje gang og sykkelvei, farlig å sykle langs veien",
            ],
            [
                "Vi kan bygge en gapahuk på dugnad hvis vi får en plass å sette den",
                "Vi kan stå for grillkveld om sommern",
            ],
        ],
    },
    # 9: a small household and a neighbour
    {
        "area": "Seljeskog",
        "language": "nn",
        "held_days_ago": 56,
        "participants": 4,
        "age_counts": {"age_under_18": 1, "age_18_34": 0, "age_35_66": 2, "age_67_plus": 1},
        "lines": [
            [
                "Ungdomane her ute trenar på Sjøvegan, så mykje av fritida går med til køyring",
                "Turar i fjellet og fiske",
            ],
            [
                "Betre busstilbod",
                "Ein stad for ungdom i sentrum som er open i helgane",
                "Tilbod på nett, t.d. e-sport, for dei som bur langt ute",
            ],
            [
                "Det finst ingen møtestad her. Ungdomane møtest på nett",
                "Ein stad i sentrum der dei kan vente på foreldra etter trening",
            ],
            [
                "Transport er det største problemet. Utan foreldre som køyrer kjem du ingen stad",
                "Det er dyrt med drivstoff når ein skal køyre fram og tilbake kvar dag",
            ],
            [
                "Foreldre frå same grend kan køyre saman",
                "Besteforeldre kan også hjelpe til med køyring",
            ],
        ],
    },
    # 10: families who came to Salangen as refugees
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 35,
        "participants": 8,
        "age_counts": {"age_under_18": 4, "age_18_34": 2, "age_35_66": 2, "age_67_plus": 0},
        "lines": [
            [
                "Barna spiller fotball ute, men ikke i klubb",
                "Jentene er mest hjemme",
                "Vi går tur i sentrum og på kaia",
            ],
            [
                "Svømming bare for jenter, med kvinnelig instruktør",
                "Leksehjelp etter skolen",
                "Fotball for alle uten å være med i lag",
            ],
            [
                "Biblioteket er bra, der er det varmt og gratis",
                "Møteplass der både foreldre og barn kan komme, for eksempel en kafe",
            ],
            [
                "Vi forstår ikke hvordan man melder seg på. Mye informasjon er bare på norsk og på Facebook",
                "Utstyr koster mye, vinterklær og ski til hele familien",
                "Noen foreldre er redde fordi de ikke vet hva som skjer på klubben",
            ],
            [
                "Vi kan lage mat til arrangementer",
                "Foreldre kan bli frivillige hvis noen viser oss hvordan",
                "Informasjon på flere språk og et foreldremøte om fritid",
            ],
        ],
    },
    # 11: a group from a 10th-grade class, the teacher typing
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 19,
        "participants": 9,
        "age_counts": {"age_under_18": 8, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 0},
        "lines": [
            [
                "gamer, snapper, trener",
                "Henger i sentrum",
                "Noen jobber på butikken i helgene",
            ],
            [
                "ungdomsklubb apen i helga!!!",
                "skatepark",
                "kino",
                "Paintball eller lasertag",
                "Gamingrom",
            ],
            [
                "ingen plass egt, kjører rundt i sentrum på moped",
                "Trenger sofa, musikk, mat og wifi",
                "plassen bak hallen",
            ],
            [
                "ingen buss på kvelden",
                "alt stenger kl 21",
                "dyrt med svomming",
            ],
            [
                "Vi kan lage arrangementer selv, f.eks. LAN",
                "Vi kan ha kiosk på kamper og samle inn penger til utstyr",
                "Foreldre kan kjøre",
            ],
        ],
    },
    # 12: two families
    {
        "area": "Laksvatn",
        "language": "nn",
        "held_days_ago": 47,
        "participants": 5,
        "age_counts": {"age_under_18": 2, "age_18_34": 0, "age_35_66": 3, "age_67_plus": 0},
        "lines": [
            [
                "Dei minste er med på skileik, dei større sluttar etter kvart",
                "Mykje tid på mobil og spel",
                "Ein del driv med hest",
            ],
            [
                "Ungdomsklubb i grendehuset på Laksvatn annakvar fredag",
                "Lysløpye rundt vatnet",
            ],
            [
                "Grendehuset er den einaste moglege staden",
                "Treng nokre vaksne som tek ansvar, og ein nøkkel",
            ],
            [
                "Kveldsbuss frå Sjøvegan manglar heilt",
                "Det er for langt å sykle heim om kvelden, og vegen er mørk og smal",
            ],
            [
                "Foreldra kan ta vakter i grendehuset, ein kveld kvar per halvår",
                "Ungdomane kan sjølve planleggje kva som skal skje",
            ],
        ],
    },
    # 13: a family living far out
    {
        "area": None,  # not in a listed area: "Other / not listed"
        "language": "nb",
        "held_days_ago": 40,
        "participants": 4,
        "age_counts": {"age_under_18": 1, "age_18_34": 1, "age_35_66": 2, "age_67_plus": 0},
        "lines": [
            [
                "Vi bor langt ute, så det blir mest det som skjer rundt huset. Båt, fisking, ski",
            ],
            [
                "Noe digitalt for de som bor langt unna? F.eks. e-sportlag der man kan spille hjemmefra",
                "Leir eller overnattingstur i sommerferien",
            ],
            [
                "Skolen er det eneste stedet de møter jevnaldrende",
                "Kunne skolen vært åpen etter skoletid én dag i uka?",
            ],
            [
                "Skoleskyssen går kun til og fra skolen. Ingen mulighet til å bli igjen på ettermiddagen",
                "Bestillingstransport på kveldstid kunne vært en løsning",
            ],
            [
                "Kommunen kan betale drivstoff til foreldre som kjører flere barn",
                "En nabo med båt tar gjerne med ungdom på fisketur",
            ],
        ],
    },
    # 14: friends in their twenties who moved back
    {
        "area": "Sjøvegan",
        "language": "nn",
        "held_days_ago": 22,
        "participants": 5,
        "age_counts": {"age_under_18": 0, "age_18_34": 5, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "Det er meir tilbod no enn då vi var unge, men det er mest idrett",
                "Biblioteket har blitt mykje betre",
            ],
            [
                "Øvingsrom for band med trommesett og forsterkarar",
                "Konsertar for ungdom, også for dei under 18",
                "Ungdomshus som ungdomane driv sjølve, med vaksne i bakgrunnen",
            ],
            [
                "Då vi var unge var det bensinstasjonen. Det er det nok framleis",
                "Ein god møtestad må vere rusfri, men ikkje kjennast som ein skule",
            ],
            [
                ("Mange tilbod er lagde opp slik at ein skal vere med frå ein er seks år. Det er vanskeleg å "
                 "byrje som 14-åring"),
                "Ungdomsklubben er stengd når det faktisk er behov: fredag og laurdag kveld",
            ],
            [
                ("Vi unge vaksne kan vere frivillige på klubben og halde kurs, t.d. i musikk eller "
                 "sykkelreparasjon"),
                ("Lag ein frivilligbank der ein kan melde seg på enkeltkveldar utan å binde seg for eit "
                 "heilt år"),
            ],
        ],
    },
    # 15: teenagers, one older sibling hosting, written in dialect
    {
        "area": "Øvre Salangen",
        "language": "nb",
        "held_days_ago": 15,
        "participants": 5,
        "age_counts": {"age_under_18": 4, "age_18_34": 1, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "Vi spille fotball, kjøre skuter og game",
                "Om sommern bade vi i elva",
                "Nån kjøre cross om sommern",
            ],
            [
                "Ungdomsklubb her oppe!! Vi e mange som bor her",
                "En plass å henge inne om vintern",
            ],
            [
                "Hjemme hos hverandre, eller så drar vi til Sjøvegan når nån kan kjøre",
                "Trenger wifi, PS5 og en sofa lol",
            ],
            [
                "Kveldsbuss til Øvre Salangen. Man kan ikkje være med på nokka etter skolen uten skyss",
                "Billigere bussbillett for ungdom",
                "Foreldra jobbe turnus og kan ikkje alltid kjøre",
            ],
            [
                "Vi kan vaske og male et lokale sjøl",
                "Den som har lappen kan kjøre de andre",
            ],
        ],
    },
    # 16: upper secondary pupils, some of them living in bedsits
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 29,
        "participants": 6,
        "age_counts": {"age_under_18": 5, "age_18_34": 1, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "Vi som bor på hybel er mye alene på kveldene",
                "Trening på treningssenteret",
                "Noen er med i idrettslaget, men det er vanskelig å komme inn når man er ny",
            ],
            [
                "Et sted å være på kveldstid for hybelboere, gjerne med middag en gang i uka",
                "Fjellturer og friluftsgruppe for nybegynnere",
                "Kino eller filmkveld",
            ],
            [
                "Skolen og kantina, men den stenger kl 15",
                "Vi trenger et sted der det er lov å være uten å måtte kjøpe noe",
            ],
            [
                "Det er vanskelig å komme seg hjem i helgene med buss",
                "Vi får ikke være på skolen etter kl 16",
                "Treningsenteret er dyrt, burde vært elevrabatt",
            ],
            [
                "Vi kan hjelpe til på klubben for de yngre",
                "Fadderordning for nye hybelboere",
            ],
        ],
    },
    # 17: a family with three children
    {
        "area": "Elvenes",
        "language": "nn",
        "held_days_ago": 50,
        "participants": 6,
        "age_counts": {"age_under_18": 3, "age_18_34": 0, "age_35_66": 3, "age_67_plus": 0},
        "lines": [
            [
                "Borna er med på fotball og ski, og den eldste spelar i korpset",
                "Sykkelturar om sommaren",
            ],
            [
                "Trygg gang- og sykkelveg frå Elvenes til Sjøvegan, så dei kan sykle sjølve",
                "Skatepark",
                "Klatrevegg",
            ],
            [
                "Ein møtestad treng ikkje vere eit hus. Ein benk og eit tak over hovudet hjelper mykje",
            ],
            [
                "Vegen er farleg å sykle på, det er mykje tungtrafikk og ingen vegskulder",
                "Symjehallen er berre open for publikum to kveldar i veka",
            ],
            [
                "Foreldre kan ha vakt ved skateparken",
                "Vi kan setje opp ein benk og ein gapahuk ved elva på dugnad",
            ],
        ],
    },
    # 18: families from the culture school
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 36,
        "participants": 7,
        "age_counts": {"age_under_18": 3, "age_18_34": 0, "age_35_66": 4, "age_67_plus": 0},
        "lines": [
            [
                "Kulturskolen: piano, gitar, dans. Bra tilbud, men lang venteliste",
                "Korpset sliter med å få nok medlemmer",
            ],
            [
                "Bandrom/øvingsrom som ungdom kan bruke på kveldstid uten lærer",
                "Teater eller revy for ungdom",
                "Flere plasser i kulturskolen, særlig på gitar og trommer",
            ],
            [
                "Kulturskolen, men der er det bare undervisning",
                "Et kulturhus med kafé der unge kan vise fram det de lager",
            ],
            [
                "Kulturskolen koster mye når man har flere barn. Søskenmoderasjonen bør økes",
                "Mange må velge mellom idrett og kultur fordi alt skjer samme kveld",
            ],
            [
                "Foreldre kan arrangere konserter og selge kaffe og kaker",
                "Korpset kan ha åpen øving for de som vil prøve",
            ],
        ],
    },
    # 19: three generations in one house
    {
        "area": "Seljeskog",
        "language": "nb",
        "held_days_ago": 58,
        "participants": 3,
        "age_counts": {"age_under_18": 1, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 1},
        "lines": [
            [
                "Ski og skuter. Ellers mest skjerm",
            ],
            [
                "Fritidskort så alle kan være med på en aktivitet uansett økonomi",
                "Kurs i skuterkjøring og sikkerhet",
            ],
            [
                "Ingen møteplass her ute",
                "Vi kjører til Sjøvegan når det skjer noe der",
            ],
            [
                "Transport og avstand",
                "Biletten koster for mye",
            ],
            [
                "Vi eldre kan lære bort fiske og båtstell",
            ],
        ],
    },
    # 20: a group of girls aged 13-15, one mother typing
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 18,
        "participants": 5,
        "age_counts": {"age_under_18": 4, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 0},
        "lines": [
            [
                "Vi går tur i sentrum, sitter på cafe når vi har penger",
                "Noen danser, noen rir",
                "Vi er mye på TikTok og Snap",
            ],
            [
                "Dans som ikke er konkurranse, f.eks. hiphop eller k-pop",
                "En kafé for ungdom med billig mat",
                "Jentekveld på klubben",
            ],
            [
                ("Det må føles trygt. Det er noen eldre gutter som henger på klubben, og derfor går mange "
                 "jenter ikke dit"),
                "Fint og koselig, ikke et gammelt kjellerlokale",
                "Gode toaletter!",
            ],
            [
                "Svømmehallen har bare åpent for publikum når vi har trening på andre ting",
                ("Foreldrene vil ikke at vi går hjem alene i mørket, det er dårlig belysning på veien fra "
                 "sentrum"),
            ],
            [
                "Vi kan lage en jentegruppe og planlegge aktiviteter selv",
                "Foreldre kan følge hverandres barn hjem",
            ],
        ],
    },
    # 21: grandparents with their grandchildren
    {
        "area": "Laksvatn",
        "language": "nb",
        "held_days_ago": 43,
        "participants": 6,
        "age_counts": {"age_under_18": 2, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 3},
        "lines": [
            [
                "Barnebarna trener på Sjøvegan og vi besteforeldre kjører",
                "Om sommeren fisker de i vatnet og bader",
            ],
            [
                "Lysløypa på Laksvatn må kjøres opp oftere",
                "Et sted på Laksvatn der ungdom kan være, f.eks. en kveld i uka i grendehuset",
            ],
            [
                "Grendehuset, men det trenger oppussing og nytt kjøkken",
                "Badeplassen ved vatnet kunne hatt benker og søppelkasse",
            ],
            [
                "Ingen kveldsbuss. Vi kjører, men ikke alle har besteforeldre i nærheten",
                "Vi eldre kjører helst ikke i mørket og på glatt vei",
            ],
            [
                "Grendelaget kan søke midler til oppussing hvis kommunen hjelper med søknaden",
                "Vi kan bake og stå på kjøkkenet",
            ],
        ],
    },
    # 22: colleagues who work with young people
    {
        "area": "Sjøvegan",
        "language": "nn",
        "held_days_ago": 31,
        "participants": 6,
        "age_counts": {"age_under_18": 0, "age_18_34": 3, "age_35_66": 3, "age_67_plus": 0},
        "lines": [
            [
                ("Vi ser at ei gruppe ungdomar fell utanfor alt organisert, og det er ofte dei same som har "
                 "det tøft på skulen"),
                "Dei som er med i idrett, har eit godt tilbod",
            ],
            [
                "Lågterskeltilbod utan påmelding og utan krav om å vere flink",
                "Ein stad å vere etter skuletid med mat, leksehjelp og vaksne som har tid",
                "Friluftsgruppe for ungdom som ikkje er med i idrett",
            ],
            [
                "Ein god møtestad har faste vaksne som ungdomane kjenner, ikkje nye vikarar kvar gong",
                "Han må liggje sentralt, nær skulen og bussen",
            ],
            [
                "Pengar: nokre familiar har ikkje råd til kontingent og utstyr, og borna seier ikkje ifrå",
                "Opningstidene på klubben passar dårleg, han er stengd i helgane",
            ],
            [
                "Vi kan informere om tilboda på foreldremøta",
                "Lag og foreiningar bør ha eit fond for dei som ikkje har råd, så ingen treng å spørje",
                "Innfør fritidskort for alle mellom 6 og 18 år",
            ],
        ],
    },
    # 23: a family living outside the villages
    {
        "area": None,  # not in a listed area: "Other / not listed"
        "language": "nn",
        "held_days_ago": 26,
        "participants": 4,
        "age_counts": {"age_under_18": 2, "age_18_34": 0, "age_35_66": 2, "age_67_plus": 0},
        "lines": [
            [
                "Borna les, spelar og er ute. Dei er med på skileik når vi rekk det",
            ],
            [
                "Sommarleir eller aktivitetsveke i sommarferien",
                "Kino ein gong i månaden i samfunnshuset",
            ],
            [
                "Dei møtest på skulen og i bursdagar",
                "Det er for langt til at dei kan treffast på eiga hand",
            ],
            [
                "Lang veg og ingen kollektivtransport på kveldstid",
                "Aktivitetane er ofte rett etter skuletid, når vi er på jobb",
            ],
            [
                "Vi kan vere med og arrangere sommarleir",
            ],
        ],
    },
    # 24: boys aged 16-19, a volunteer from the refugee service hosting
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 21,
        "participants": 6,
        "age_counts": {"age_under_18": 4, "age_18_34": 2, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "Vi spiller fotball på ballbingen nesten hver dag når det er lyst",
                "Vi er på biblioteket for wifi",
            ],
            [
                "Lys på ballbingen om vinteren",
                "Treningsstudio som er gratis for ungdom",
                "Basketballkurv ute",
                "Jobb! Sommerjobb for ungdom",
            ],
            [
                "Ballbingen og biblioteket",
                "Et sted der vi kan være om kvelden når det er kaldt",
                "Vi trenger et sted med musikk der vi kan lage mat sammen",
            ],
            [
                "Mange av oss har ikke penger til treningsavgift",
                "Vi vet ikke om alle tilbudene. Det er vanskelig å bli kjent med norsk ungdom",
            ],
            [
                "Vi kan være trenere for de små",
                "Fotballturnering for alle i kommunen, blandede lag",
            ],
        ],
    },
    # 25: neighbours across generations
    {
        "area": "Øvre Salangen",
        "language": "nn",
        "held_days_ago": 49,
        "participants": 5,
        "age_counts": {"age_under_18": 1, "age_18_34": 1, "age_35_66": 2, "age_67_plus": 1},
        "lines": [
            [
                "Ungdomane er mykje ute: skuter, fiske, ski",
                "Nokre er med på skiskyting på Sjøvegan",
            ],
            [
                "Klubbkveld i Øvre Salangen ein gong i veka",
                "Merka turstiar med benkar og bålplass",
            ],
            [
                "Grendehuset eller skulen",
                "Ein stad med varme og straum, der ein kan lage mat",
            ],
            [
                "Skulebussen går berre éin gong om ettermiddagen",
                "Kveldsbuss minst to dagar i veka",
            ],
            [
                "Bygdelaget kan ta ansvar for å halde huset ope",
                "Pensjonistane kan vere med som vaksne på klubbkveldane",
            ],
        ],
    },
    # 26: boys who game together, one father hosting
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 13,
        "participants": 5,
        "age_counts": {"age_under_18": 4, "age_18_34": 0, "age_35_66": 1, "age_67_plus": 0},
        "lines": [
            [
                "Vi gamer mest. Fortnite, Minecraft, FIFA",
                "Discord med de andre fra klassen",
            ],
            [
                "Gamingrom på ungdomsklubben med gode PCer og stoler",
                "E-sportlag i idrettslaget, med trener",
                "LAN i hallen en gang i halvåret",
            ],
            [
                "Online. Vi møtes mest på nett",
                "Et sted med raskt nett der det er lov å game",
            ],
            [
                "Foreldre synes gaming er bortkastet tid",
                "Nettet på klubben er altfor tregt",
            ],
            [
                "Vi kan lære voksne å game lol",
                "En forelder som kan data kan være med å starte en e-sportgruppe",
            ],
        ],
    },
    # 27: neighbours, young and old
    {
        "area": "Elvenes",
        "language": "nn",
        "held_days_ago": 34,
        "participants": 7,
        "age_counts": {"age_under_18": 2, "age_18_34": 2, "age_35_66": 2, "age_67_plus": 1},
        "lines": [
            [
                "Dei fleste unge her er med på noko på Sjøvegan, men det krev mykje køyring",
                "Om sommaren er det mykje bading og fiske i elva",
            ],
            [
                "Gang- og sykkelveg heile vegen til sentrum",
                "Ballbinge eller ein enkel ballplass på Elvenes",
            ],
            [
                "Busskuret og butikken",
                "Ein gapahuk ved elva hadde vore fint om sommaren",
            ],
            [
                "Det er ikkje trygt å sykle, så ungdomane er avhengige av skyss",
                "Kveldsruter på bussen",
                "Symjehalen er open for lite i helgane",
            ],
            [
                "Vi kan organisere felles køyring til aktivitetar",
                "Ungdomane kan hjelpe eldre med snømåking og tene litt pengar",
            ],
        ],
    },
    # 28: the sports club board
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 55,
        "participants": 6,
        "age_counts": {"age_under_18": 0, "age_18_34": 1, "age_35_66": 4, "age_67_plus": 1},
        "lines": [
            [
                "Idrettslaget har tilbud for de fleste aldre i fotball, ski og friidrett",
                "Frafallet er stort fra 13–14 år",
            ],
            [
                "Flere treningstider i hallen, vi må avvise folk",
                "Tilbud for de som vil trene uten å konkurrere, f.eks. trim for ungdom",
            ],
            [
                "Hallen og klubbhuset",
                "Klubbhuset kan brukes mer, det står tomt mellom treningene",
            ],
            [
                "Reisekostnader. Alle bortekamper er langt unna",
                "Mangel på trenere og frivillige",
                "Utstyr er dyrt, særlig ski",
            ],
            [
                "Idrettslaget kan starte en lavterskelgruppe hvis kommunen dekker hall-leia",
                "Vi ønsker samarbeid med ungdomsklubben om åpen hall på fredager",
                "Kommunen bør ha en felles aktivitetskalender så ikke alt legges på samme kveld",
            ],
        ],
    },
    # 29: young people from the village, one of them 18
    {
        "area": "Laksvatn",
        "language": "nn",
        "held_days_ago": 16,
        "participants": 5,
        "age_counts": {"age_under_18": 4, "age_18_34": 1, "age_35_66": 0, "age_67_plus": 0},
        "lines": [
            [
                "Vi køyrer skuter og fiskar, og så spelar vi mykje",
                "Trening på Sjøvegan for dei som får skyss",
            ],
            [
                "Kveldsbuss til Laksvatn!",
                "Ungdomsklubb på Laksvatn",
                "Skatepark hadde vore kult",
            ],
            [
                "Vi møtest ute ved vatnet om sommaren, elles heime hjå kvarandre",
            ],
            [
                "Bussen, bussen, bussen",
                "Det er dyrt å ta bussen kvar dag",
                "Trening som sluttar seint kan vi ikkje vere med på",
            ],
            [
                "Vi kan lage til eit rom i grendehuset sjølve om vi får lov",
                "Ei gruppe på Snap for samkøyring",
            ],
        ],
    },
    # 30: neighbours in a housing cooperative
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 28,
        "participants": 8,
        "age_counts": {"age_under_18": 2, "age_18_34": 2, "age_35_66": 3, "age_67_plus": 1},
        "lines": [
            [
                "Mange er aktive, men det er også en del ungdom som bare er hjemme",
                "Turstiene rundt Sjøvegan er fine",
                "Mange går på ski i lysløypa om vinteren",
            ],
            [
                "Skatepark i sentrum, gjerne ved kaia",
                "Ungdomskafe i et av de tomme lokalene i sentrum",
                "Lysløype som kobler sammen boligfeltene",
            ],
            [
                "Ved kaia og utenfor butikkene",
                "Et møtested bør være synlig og sentralt, ikke gjemt i en kjeller",
            ],
            [
                "Svømmehallen burde hatt åpent i helgene",
                "Ungdomsklubben er bare åpen én kveld i uka",
                "Det er for dyrt for noen familier. Vi vet om barn som aldri er med på noe",
            ],
            [
                "Borettslaget kan låne ut fellesrommet til ungdommen en kveld i uka",
                "Voksne kan gå natteravn i helgene",
            ],
        ],
    },
    # 31: mothers of children in 6th and 7th grade, two of the children joining
    {
        "area": "Sjøvegan",
        "language": "nb",
        "held_days_ago": 37,
        "participants": 6,
        "age_counts": {"age_under_18": 2, "age_18_34": 0, "age_35_66": 4, "age_67_plus": 0},
        "lines": [
            [
                "Mellomtrinnet har mye tilbud: fotball, ski, kulturskole, speideren",
                ("SFO slutter etter 4. klasse, og etter det er mange alene hjemme til foreldrene kommer fra "
                 "jobb"),
            ],
            [
                "Ungdomsklubb også for 5.–7. trinn, f.eks. en tidlig kveld i uka",
                "Svømmeopplæring utenom skolen, mange av barna kan ikke svømme skikkelig",
                "Aktivitetsdager i vinterferien og høstferien",
            ],
            [
                "Lekeplassen ved skolen og ballbingen",
                "For de yngste må det være trygt og nær skolen, så de kan gå dit selv",
            ],
            [
                "Alt skjer rett etter skolen eller kl 17–18, og vi som går turnus rekker ikke å kjøre",
                "Mye koster litt, og det blir mange små beløp til sammen",
            ],
            [
                "Foreldre kan lage en kjøreliste i klassen",
                "Speideren tar gjerne imot flere ledere",
                "Vi kan arrangere aktivitetsdag i ferien sammen med idrettslaget",
            ],
        ],
    },
    # 32: young people who hike together, one of the leaders hosting
    {
        "area": "Sjøvegan",
        "language": "nn",
        "held_days_ago": 23,
        "participants": 7,
        "age_counts": {"age_under_18": 5, "age_18_34": 1, "age_35_66": 1, "age_67_plus": 0},
        "lines": [
            [
                "Vi går mykje på tur, både på ski og til fots, og nokre fiskar",
                "Turlaget har fine ungdomsturar, men dei er for sjeldan",
                "Mange sit mykje inne i mørketida",
            ],
            [
                "Fleire ungdomsturar med overnatting, t.d. på ei hytte eller i lavvo",
                "Klatrevegg i hallen",
                "Kurs i skredsikkerheit og fjellvett for ungdom",
            ],
            [
                "Ute! Ein bålplass nær sentrum som alle kan bruke",
                "Ein gapahuk med ved og lys som er lett å gå til frå sentrum",
            ],
            [
                "Turutstyr er dyrt: telt, sovepose, gode sko",
                "Ein del foreldre er utrygge på å sleppe ungdomane åleine på tur",
            ],
            [
                "Vi eldre ungdomane kan leie turar for dei yngre",
                "Turlaget kan låne ut utstyr",
                "Foreldre kan køyre til turstartane",
            ],
        ],
    },
]


ANSWERS: list[dict[str, Any]] = [
    {
        "keywords": ["klubb på laksvatn", "klubb i grendehuset", "på laksvatn der ungdom",
                     "klubbkveld i øvre salangen", "ungdomsklubb her oppe"],
        "status": "under_review",
        "answer_md": "Våren 2027 prøver vi ut én klubbkveld i måneden i grendehusene på Laksvatn og i Øvre "
                     "Salangen. Grendelagene stiller lokale, og en ansatt fra ungdomsklubben er med. Vi "
                     "evaluerer forsøket sammen med ungdommene før sommeren, og blir kveldene brukt, "
                     "foreslår vi et fast tilbud i budsjettet for 2028.",
    },
    {
        "keywords": ["ungdomsklubb", "ungdomsklub", "ungdomshus", "fritidsklubb", "åpen i helg",
                     "open i helgane", "opningstidene på klubben"],
        "status": "adopted",
        "answer_md": "Fra februar 2027 er ungdomsklubben på Sjøvegan åpen fredag kveld til kl. 23 og "
                     "annenhver lørdag, i tillegg til onsdag. Kommunestyret har satt av 420 000 kroner til "
                     "flere klubbvakter i budsjettet for 2027, og ungdomsrådet er med og bestemmer "
                     "innholdet.",
    },
    {
        "keywords": ["billigere buss", "bussbillett", "biletten", "billett", "dyrt å ta bussen"],
        "status": "out_of_scope",
        "answer_md": "Det er Troms fylkeskommune som bestemmer billettprisene. Vi har sendt innspillet om "
                     "billigere reiser for unge videre til fylkeskommunen, og vi legger ut informasjon om "
                     "ungdomsbillettene som allerede finnes, på kommunens nettside.",
    },
    {
        "keywords": ["kveldsbuss", "kveldsruter", "siste buss", "ingen buss", "bussen går", "med buss",
                     "busstilbod", "kollektivtransport", "bestillingstransport", "skoleskyss", "skulebussen",
                     "bussen!", "bussen, bussen"],
        "status": "out_of_scope",
        "answer_md": "Busstilbudet er fylkeskommunens ansvar. Kommunen har sendt alle innspill om "
                     "kveldsavganger fra Sjøvegan til Laksvatn, Øvre Salangen, Elvenes og Seljeskog videre "
                     "til Troms fylkeskommune og tar dem opp igjen i høringen om rutetilbudet. Vi har også "
                     "bedt om å få prøve bestillingstransport to kvelder i uka.",
    },
    {
        "keywords": ["skatepark", "skatepak"],
        "status": "partly_adopted",
        "answer_md": "Kommunen søker spillemidler til en enkel skatepark i Sjøvegan sentrum, og den kan "
                     "tidligst bygges sommeren 2028. Ungdomsrådet og de som skal bruke parken, er med og "
                     "velger plassering og utforming. Vi har ikke penger til skateparker i grendene nå.",
    },
    {
        "keywords": ["ballbinge", "kunstgress", "ballplass", "basketball"],
        "status": "adopted",
        "answer_md": "Fra denne vinteren står lyset på ballbingen på Sjøvegan på til kl. 22, og etter avtale "
                     "med idrettslaget får kunstgressbanen lys hele vinteren. I 2027 setter vi også opp en "
                     "basketballkurv ved ballbingen. Ønsket om ballbinge på Laksvatn og Elvenes tar vi med i "
                     "neste handlingsprogram for idrett og friluftsliv.",
    },
    {
        "keywords": ["ungdomskafé", "ungdomskafe", "kafé for ungdom", "kafe", "cafe", "kafé", "etter skolen",
                     "etter skoletid", "etter skulen", "etter skuletid", "leksehjelp", "hybel"],
        "status": "partly_adopted",
        "answer_md": "Fra januar 2027 er biblioteket åpent til kl. 19 tirsdag og torsdag, med leksehjelp fra "
                     "frivillige og enkel kafé for ungdom. Vi har ikke råd til en egen ungdomskafé i sentrum "
                     "eller et ettermiddagstilbud med mat hver dag i 2027. Det vurderes på nytt i budsjettet "
                     "for 2028.",
    },
    {
        "keywords": ["fritidskort", "kontingent", "treningsavgift", "ikke råd", "ikkje råd", "økonomi",
                     "for dyrt for noen", "søskenmoderasjon", "utstyrsbod", "låne ski", "brukt utstyr",
                     "utstyr koster", "utstyr er dyrt", "turutstyr", "låne ut utstyr"],
        "status": "partly_adopted",
        "answer_md": "Kommunen innfører ikke et eget fritidskort i 2027. I stedet dobler vi tilskuddet til "
                     "lag som fritar barn fra kontingent, og biblioteket åpner en utlånssentral der ski, "
                     "skøyter og telt kan lånes gratis. Søskenmoderasjonen i kulturskolen øker fra høsten "
                     "2027.",
    },
    {
        "keywords": ["gaming", "gamingrom", "e-sport", "lan i hallen", "f.eks. lan", "game"],
        "status": "partly_adopted",
        "answer_md": "Fra høsten 2027 får ungdomsklubben et gamingrom med fire PC-er og raskere nett, betalt "
                     "med tilskudd fra fylkeskommunen. Et eget e-sportlag krever frivillige trenere, og det "
                     "undersøker vi sammen med idrettslaget.",
    },
    {
        "keywords": ["ikke vil konkurrere", "uten å konkurrere", "ikke er konkurranse",
                     "ikkje er med på idrett", "ikkje e med på idrett", "lavterskel", "lågterskel",
                     "friluftsgruppe", "slutter med idrett"],
        "status": "adopted",
        "answer_md": "Fra januar 2027 har kommunen og idrettslaget en gratis lavterskelgruppe én kveld i "
                     "uka. Det er ingen påmelding, og det blir trim, friluftsliv og dans uten konkurranse. "
                     "Kommunen betaler hall-leie og to ledere over budsjettet for 2027.",
    },
    {
        "keywords": ["svømmehall", "svommehall", "symjehall", "symjehal", "svømming", "svomming"],
        "status": "adopted",
        "answer_md": "Fra januar 2027 har svømmehallen publikumsbad fredag kveld og lørdag formiddag. "
                     "Annenhver søndag er det egen tid for jenter og kvinner, med kvinnelig livredder.",
    },
    {
        "keywords": ["øvingsrom", "bandrom", "teater", "revy"],
        "status": "adopted",
        "answer_md": "Fra mars 2027 kan ungdom bruke kulturskolens øvingsrom på kveldstid, med trommesett og "
                     "forsterkere. Rommet bookes på nett og låses opp med nøkkelkort. Våren 2027 setter "
                     "kulturskolen og ungdomsklubben også opp en ungdomsrevy sammen.",
    },
    {
        "keywords": ["lysløype", "lysløpye", "lysløypa", "turstiar", "turstier", "stiar", "gapahuk",
                     "bålplass"],
        "status": "under_review",
        "answer_md": "Drift av lysløypene og merking av turstier tas med når planen for idrett og "
                     "friluftsliv revideres i 2027. Vil dere rydde stier eller bygge en gapahuk på dugnad, "
                     "kan kommunen låne ut utstyr. Ta kontakt med kulturkontoret.",
    },
    {
        "keywords": ["gang- og sykkel", "gang og sykkel", "sykle", "belysning", "farleg"],
        "status": "out_of_scope",
        "answer_md": "Veiene mellom Elvenes, Laksvatn og Sjøvegan er fylkesveier. Vi har sendt innspillene "
                     "til Troms fylkeskommune, og i kommunens trafikksikkerhetsplan står gang- og sykkelvei "
                     "mellom Elvenes og Sjøvegan øverst. Den dårlige belysningen på de kommunale veiene i "
                     "sentrum utbedres i 2027.",
    },
    {
        "keywords": ["kino", "filmkveld"],
        "status": "rejected",
        "answer_md": "Et fast kinotilbud blir for dyrt for kommunen nå. Ungdomsklubben får i stedet lisens "
                     "til å vise film, og fra høsten 2027 blir det filmkveld én fredag i måneden.",
    },
    {
        "keywords": ["ungdomsrådet", "innflytelse", "være med å bestemme"],
        "status": "adopted",
        "answer_md": "Fra 2027 har ungdomsrådet talerett i kommunestyret i saker om barn og unge, og rådet "
                     "får 100 000 kroner i året som det fordeler selv. Hver høst legger rådet fram en egen "
                     "sak for kommunestyret.",
    },
    {
        "keywords": ["informasjon", "info ", "aktivitetskalender", "flere språk", "vet ikke om"],
        "status": "adopted",
        "answer_md": "Fra mars 2027 har kommunen en felles aktivitetskalender på nettsiden og Instagram, der "
                     "lag og foreninger legger inn aktivitetene sine selv. Det viktigste blir oversatt til "
                     "engelsk, arabisk og tigrinja, og hver høst holder vi et foreldremøte om "
                     "fritidstilbudene.",
    },
    {
        "keywords": ["dugnad", "foreldrevakt", "vakter", "frivillig", "natteravn", "køyreordning",
                     "samkjøring", "samkøyring", "kjøreliste"],
        "status": "adopted",
        "answer_md": "Fra 2027 samordner frivilligsentralen foreldrevakter, natteravner og samkjøring. Der "
                     "kan du også melde deg til enkeltkvelder uten å binde deg for et helt år. Kommunen "
                     "betaler kurs og forsikring for de frivillige.",
    },
]
