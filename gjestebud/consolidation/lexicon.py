"""General word lists: stop words, direction words and a variant lexicon.

The variant lexicon maps Nynorsk, dialect, English and German words onto one Bokmål form, so that lines
written in different written standards meet on the same features. It holds general vocabulary and the
everyday words of municipal planning (housing, transport, health, children, culture); it is not tied to
any one municipality or data set. Every group is "canonical: variant variant ...", all lower case.
"""

from __future__ import annotations

STOP_WORDS_TEXT = """
og i på til av for med som er var har hadde det den de dei ein en eit et ei ett at å om så men eller
frå fra ved over under etter før mot utan uten hos inn ut opp ned her der no nå då da også òg og
jeg eg je i me vi oss du deg dere dykk han ho hun hen den dei de dem deira deres sin si sitt sine min
mi mitt mine vår vårt våre vor vort vore din di ditt dine hans hennar hennes
ikkje ikke itte inkje ikkie ingen inga ingenting ikkje noko noe nokon noen nokre noen noko nokså
kva hva ka kven hvem kor hvor kvar hver korleis hvordan kvifor hvorfor kva slags
kan må skal vil bør burde kunne skulle ville måtte får få fekk fikk treng trenger trengs trengst
blir bli vert verte vart blitt ble er e va var vore vært vere være ha har hadde hatt gjer gjør gjere
gjøre gjorde gjort gå går gjekk gikk gått ga gjeng kom kjem kjøm kommer komme kome komen kommet ta tek
tar tok teke tatt ser sjå se såg lage lagar lager lagd langs
mange mykje ny nye nytt stor store større liten lita lite små nok dårleg dårlig dårlige elendig flink flinke
viktig viktigaste viktigste ekstra eigen eiga eige eget egen egne eigne heilt altfor
arrangere arrangerer arrangert starte startar starter drive driv driver satse satsar satser bruke bruker
brukar prøve prøver ønske ønsker ønskjer mangle manglar mangler gi gje gjev gir vanskeleg vanskelig
vanskelege vanskelige problem problemet finn finst finnes fins fant fann
bedre betre better besser lengre lenger
ja nei jo vel berre bare heilt helt svært veldig meget mykje mye møkje litt lite ganske
gjerne særleg særlig spesielt iallfall ihvertfall uansett også enn som sånn slik sånt
alle alt heile hele kvar hver annan anna andre nokre flest mest kvarandre hverandre
te til ti seg sjølv sjøl selv sjølve selve
det dette denne desse disse slik der her kor
når medan mens fordi sidan siden dersom hvis viss om enn
bra god godt gode fin fint fine flott
ting noko sak saker
the a an and or of to in on at for with from is are was were be been being it its this that these
those there here we us our you your they them their he she his her i me my not no do does did have has
had can could should would will shall must may might need needs so as if than then too very also just
more some any all go goes going get gets got make makes lot lots difficult hard
where what who whom whose how when why
which something anything nothing everything someone anyone nobody don doesn didn won isn aren wasn ll ve
re want wants one only about out up down now then me him her mine yours ours theirs let lets please
meg deg seg dykk
der die das den dem des ein eine einer eines einem einen und oder aber nicht kein keine ist sind war
waren bin bist wird werden wurde wurden hat haben hatte zu zum zur im in am an auf aus bei mit
nach von vor für über unter durch gegen ohne um es sie er wir ihr ich man sich auch noch nur schon
sehr so wie wo was wer wenn dass daß als da dort hier dies diese dieser dieses jede jeder jedes alle
viel viele mehr mal ja doch soll sollte sollten muss müssen kann können könnte würde wäre gibt geben
"""

#: Words that say "more" or "less" of something: lines with opposite directions never merge.
MORE_WORDS = frozenset(
    "flere fleire meir mer more mehr auke auka øke økt økning auking increase increased "
    "erhöhen erhöhung ausbauen utvide utvida utvidet expand".split()
)
LESS_WORDS = frozenset(
    "færre færri mindre fewer less weniger redusere redusert reduksjon reduce reduced "
    "reduzieren verringern kutte kutt".split()
)

VARIANT_GROUPS_TEXT = """
bolig: bustad bustader bustadene husvære husvere boliger leilighet leilegheit leiligheit leiligheter
  leilegheiter | apartment apartments flat flats housing house houses wohnung wohnungen wohnraum
hybel: hybla hyblar hyblane hybler hyblene
leie: leige leiga leigd leigde leiger leigar utleige | rent rental renting miete mieten
tomt: tomter tomta tomtene tomtane | plot plots grundstück baugrundstück
hus: huset husa husene | house
hjem: heim hjemme heime | home zuhause
bo: bu bur buande boende bodde budde | live lives living wohnen
flytte: flytta flyttar | move moving moved umziehen
vei: veg vegen vegar vegane veien veier veiene | road roads street streets straße strasse weg wege
gangvei: gangveg gangsti fotgjenger fotgjengar | pedestrian fußweg gehweg
fortau: | sidewalk pavement bürgersteig
sykkel: sykle sykla syklar sykler syklende | bike bikes bicycle cycle cycling cyclist cyclists fahrrad
  räder radfahrer radfahren radler
skole: skule skular skulane skulen | school schools schule schulen
barn: born borna ungar ungane onga ongane ongar | kids kid children child kinder kind
ungdom: ongdom ongdomen ungdomen ungdommen ungdomar ungdommer tenåring tenåringar tenåringer
  | youth youths teenager teenagers jugendliche jugend
eldre: eldste seniorar seniorer pensjonist pensjonistar pensjonister pensjonistane | elderly senior seniors
  pensioner pensioners retired ältere senioren rentner
familie: familiar familiane | families family familien
barnehage: bhg barnehagar barnehager barnehagane barnehagene | kindergarten kindergartens nursery daycare
  kita kindertagesstätte
sfo: aks skolefritidsordning | afterschool
åpningstid: opningstid opningstida opningstider opningstidene
åpen: open ope opne opna opnar opent åpne åpner åpent åpnet opnast åpnes | geöffnet offen
stenge: stengje stengjer stenger stengd stengt stengjast stenges | close closes closed closing schließen
  geschlossen
ferje: ferge ferja ferga fergen ferjer ferger ferjene fergene ferjane | ferry ferries fähre fähren
avgang: avgangar avganger avgangane avgangene | departure departures abfahrt
bru: bro broa brua | bridge brücke
fastland: fastlandet | mainland festland
øy: øya øyna øyene | island islands insel
by: byen bynn byar byer | town city stadt
sentrum: | centre center zentrum innenstadt downtown
buss: bussen bussar busser | bus buses
bil: bilar biler bilen | car cars auto autos
kjøre: køyre køyrer køyring kjøring køyrde kjørte | drive driving fahren
pendle: pendlar pendler pendling pendlarar pendlere | commute commuter commuters commuting pendeln
pris: prisar priser prisen kostnad kostnader kosta koste kostar koster dyr dyrt dyre billig billeg
  billige billege billigare billegare billigere rimelig rimeleg rimelige rimelege gratis | price prices
  cost costs expensive cheap cheaper preis preise teuer günstig kosten kostenlos
billett: billettar billetter billetten | ticket tickets fahrkarte
lege: legen legar leger legane legene fastlege | doctor doctors gp physician arzt ärzte
sykehus: sjukehus | hospital krankenhaus
sykehjem: sjukeheim sjukeheimen sykehjemmet | pflegeheim
syk: sjuk sjuke sjukt | sick ill krank
sykepleier: sjukepleiar sjukepleiarar sykepleiere | nurse nurses
sykepleie: sjukepleie sjukepleia
tannlege: | dentist zahnarzt
helse: | health gesundheit
ensom: einsam einsame einsemd ensomhet | lonely loneliness einsamkeit
alene: åleine aleine | alone allein
besøk: besøke vitje | visit visits visiting besuch
nabo: naboar naboer naboane naboene | neighbour neighbours neighbor neighbors nachbar nachbarn
folk: | people leute menschen
frivillig: frivillige frivilligheit frivilligheita frivillighet | volunteer volunteers ehrenamt
  ehrenamtlich
forening: foreining foreiningar foreninger | association associations verein vereine
idrett: | sport sports
trening: trene trenar trener treninga treningar treninger | training exercise fitness
svømme: symje symja | swim swimming schwimmen
basseng: | pool schwimmbad hallenbad
kirke: kyrkje kyrkja kyrkjene | church kirche
tilbud: tilbod tilboda tilbuda tilbudene | offer offers angebot
aktivitet: aktivitetar aktiviteter | activity activities aktivität aktivitäten
møte: møtast møtes treffe treffast | meet meeting meetings treffen
sted: stad stader staden stadar | place places ort
kafé: kafe kafeen kafear kafeer kafeane | cafe café cafes
kaffe: kaffi kaffien | coffee kaffee
butikk: butikken butikkar butikker butikkane | shop shops grocery laden geschäft
jobb: jobbar jobber arbeid arbeidsplass arbeidsplassar arbeidsplasser | job jobs work arbeit
  arbeitsplatz employment
næring: næringsliv | business businesses wirtschaft
turisme: | tourism tourist tourists tourismus
språk: | language languages sprache
norsk: | norwegian
kurs: kurset kursa | course courses kurse
bibliotek: biblioteket | library libraries bibliothek
tilflytter: tilflyttar tilflyttarar tilflyttere innflytter innflyttar innflyttarar | newcomer newcomers
  zugezogene
velkomst: velkommen | welcome willkommen
sti: stiar stier stiane stiene stig | trail trails path paths pfad wanderweg
tur: turar turer | hike hikes hiking walk walks wandern wanderung
natur: naturen | nature
sjø: sjøen | sea
hav: havet | ocean meer
strand: fjære fjøre fjøra fjæra | beach strände
utsikt: utsyn | view views aussicht
fjell: fjella fjellet | mountain mountains berg berge
havn: hamn hamna havna | harbour harbor hafen
kai: kaia kaien | quay pier
båt: båtar båter båten | boat boats boot
internett: nett breiband bredbånd fiber | internet broadband glasfaser
dekning: dekninga | coverage netzabdeckung
søppel: avfall | garbage rubbish litter waste müll abfall
lys: lyset | light lights licht beleuchtung
kveld: kveldar kvelder kvelden kveldstid | evening evenings abend abende
natt: natta natten | night nights nacht
morgen: morgon morgonen | morning mornings
helg: helga helgane helgene helgen | weekend weekends wochenende
uke: veke veka | week weeks woche
sent: seint seinare senere | late later spät später
tidlig: tidleg tidlegare tidligere | early earlier früh
sjelden: sjeldan | rarely seldom selten
ofte: | often oft
trygg: trygt trygge tryggleik trygghet | safe safety sicher sicherheit
hverdag: kvardag kvardagen | everyday alltag
hjelp: hjelpe hjelper hjelpa | help helping helfen hilfe
ansatt: tilsett tilsette tilsatt ansatte | employee employees staff
mulighet: moglegheit moglegheiter muligheter | opportunity opportunities possibility möglichkeit
samfunnshus: grendahus grendehus forsamlingshus bygdehus | gemeindehaus
kultur: kulturliv | culture
kino: kinoen | cinema movies
konsert: konsertar konserter | concert concerts konzert
plass: plassar plasser | space spaces platz plätze
parkering: | parking parkplatz
vente: venta ventar venter | wait waiting warten
kommune: kommunen | municipality council gemeinde
lærer: lærar lærarar lærere | teacher teachers lehrer
demens: | dementia demenz
omsorg: | care pflege
tjeneste: teneste tenester tjenester | service services dienst
støtte: stønad | support unterstützung
behalde: behald behold beholde bevare bevar bestå | keep preserve erhalten
nedlegging: nedlegge nedleggelse | closure schließung
penger: pengar midlar midler | money funding geld
"""

#: Broad topics of municipal planning. A line gets a light extra feature for the topic of each of its
#: words, so different words for one thing ("sjøen", "fjella", "utsikta") still pull lines together.
CONCEPT_GROUPS_TEXT = """
natur: natur hav sjø fjell strand skog utsikt friluftsliv luft landskap utmark innsjø elv vidde
tur: tur sti tursti turvei løype lysløype turterreng kyststi turlag gapahuk bålplass
samhold: dugnad nabo naboskap samhald samhold fellesskap hjelp hjelpsom dugnadsånd
trygghet: trygg trygghet kriminalitet frihet oversiktlig
tid: kveld natt morgen helg tidlig sent ofte sjelden avgang rute rutetid halvtime rushtid døgn
åpningstid: åpen stenge åpningstid stengetid
bolig: bolig leie hybel tomt utleie eiendom enebolig boligfelt
skole: skole elev lærer klasse undervisning skulemat
helse: lege legevakt legekontor sykehus sykepleier helse helsestasjon ambulanse tannlege jordmor
  psykisk medisin apotek syk
eldre: eldre sykehjem omsorgsbolig demens omsorg hjemmesykepleie
ensomhet: ensom einsemd
besøk: besøk besøksvenn besøkstjeneste
ungdom: ungdom ungdomsklubb ungdomshus
idrett: idrett trening fotball hall idrettshall treningssenter basseng idrettslag svømme
kultur: kultur kino konsert teater revy kor korps musikk kulturskole bibliotek festival scene
møteplass: kafé møteplass møte samlingslokale pub treffpunkt samfunnshus
jobb: jobb næring bedrift gründer stilling kontor kontorplass
digital: internett mobil digital dekning
transport: buss bil kjøre skyss transport samkjøring
vei: vei fortau gangvei sykkel gatelys brøyting asfalt trafikk
miljø: søppel plast rydde strandrydding gjenvinning
språk: språk norsk norskkurs språkkafé innvandrer flyktning integrering
tilflytter: tilflytter velkomst innflytter fadder
havn: havn kai molo brygge båthavn
drift: behalde nedlegging legg
fastlandssamband: bru tunnel fastlandsforbindelse samband ferjefri
lag: lag forening kor korps speider sanitetslag idrettslag bygdekvinnelag velforening frivillig
  pensjonistlag turlag helselag
psykisk: psykisk sorg samtale helsesykepleier helsesøster
eldre: dagsenter dagtilbud pensjonist
møteplass: kaffe
ro: rolig roleg stille fred ro stress mas kø travel
fiskeri: fiske fiskeri fisker oppdrett havbruk sjømat verft fiskebåt
"""


def _parse_groups(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Read "canonical: norwegian variants | foreign words" groups (continuation lines start with a space).

    Returns Norwegian variant -> canonical (also matched through their stems) and foreign word ->
    canonical (matched only as written, since a Norwegian stemmer would mangle them into false friends)."""
    norwegian: dict[str, str] = {}
    foreign: dict[str, str] = {}
    canonical = ""
    in_foreign = False
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            canonical, _, rest = line.partition(":")
            canonical = canonical.strip()
            norwegian.setdefault(canonical, canonical)
            in_foreign = False
        else:
            rest = line
        for word in rest.split():
            if word == "|":
                in_foreign = True
            else:
                (foreign if in_foreign else norwegian).setdefault(word, canonical)
    return norwegian, foreign


STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())
NORWEGIAN_VARIANTS, FOREIGN_VARIANTS = _parse_groups(VARIANT_GROUPS_TEXT)
def _parse_concepts(text: str) -> dict[str, tuple[str, ...]]:
    """Read "topic: words" groups (continuation lines start with a space); a topic may appear twice and a
    word may belong to several topics."""
    members: dict[str, list[str]] = {}
    topic = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            topic, _, line = line.partition(":")
            topic = topic.strip()
        members.setdefault(topic, []).extend(line.split())
    return {name: tuple(words) for name, words in members.items()}


CONCEPT_MEMBERS = _parse_concepts(CONCEPT_GROUPS_TEXT)
