"""Question sets an organiser can start a topic from, for the plans municipalities most often open up.

This is municipal text in Bokmål, not interface text: the organiser copies it into the topic and adapts it
(place names, the plan's own wording), and translates it there if the topic runs in more languages. So it does
not go through gettext. The questions are open and asked the way one would at a kitchen table: what is good,
what is missing, what should come first, and what the group itself could contribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import QuestionKind

S, P, C, OPEN = (QuestionKind.STRENGTHS, QuestionKind.PROPOSALS, QuestionKind.CONTRIBUTIONS,
                 QuestionKind.OPEN)


@dataclass(frozen=True)
class QuestionTemplate:
    key: str
    title: str
    description: str  # for the organiser choosing a template
    intro_md: str  # a first draft of the public topic page
    questions: tuple[str, ...]
    guide_md: str  # the host guide: the method, then what this topic is about
    # One per question: "what is good today?" asks for strengths, "what can you do?" for contributions,
    # questions that mix praise and problems are open; the rest ask for proposals.
    kinds: tuple[QuestionKind, ...] = ()


def _guide(about: str) -> str:
    """The method is the same for every topic; only the paragraph on what the municipality asks differs."""
    return f"""## Takk for at du er vert!

{about}

Kommunen er ikke til stede på gjestebudet. Det er du som leder samtalen, og det er dere som bestemmer hva som
skal sendes inn. Kommunen eier spørsmålene og lover å fortelle alle som har deltatt hva som ble gjort med
innspillene.

## Slik gjør du det

1. **Inviter inntil 8 gjester.** Familie, naboer, venner, kolleger eller andre du vil snakke med. Mellom fire
   og åtte personer gir en god samtale der alle kommer til orde. Det er fint om gjestene er ulike, for
   eksempel i alder.
2. **Sett av omtrent 2 timer.** Litt å spise eller drikke gjør det hyggelig, men det er samtalen som er
   viktigst.
3. **Ta ett spørsmål av gangen.** La alle få si noe før dere går videre. Dere trenger ikke være enige: også
   ulike synspunkter er nyttige for kommunen.
4. **Skriv ned gruppens forslag, ett forslag per linje.** Skriv kort og konkret, gjerne med hvor og hvorfor:
   «Benker langs havna, så eldre kan hvile på turen» sier mer enn «benker».
5. **Ikke skriv navn.** Verken dine, gjestenes eller andres. Svarene blir offentlige dokumenter som alle kan
   be om innsyn i, så de skal ikke kunne spores tilbake til enkeltpersoner.
6. **Send inn før fristen.** Bruk den personlige lenken fra e-posten med vertspakken, eller lever det
   utskrevne svarskjemaet til kommunen. Du kan endre svarene fram til fristen.

## Etterpå

Kommunen går gjennom forslagene fra alle gjestebudene, samler like forslag og lager én samlet liste over
tiltak. Du får en e-post når resultatet er klart, med svar på hva kommunen gjør med forslagene.
"""


TEMPLATES: tuple[QuestionTemplate, ...] = (
    QuestionTemplate(
        key="sentrumsutvikling",
        title="Utvikling av sentrum",
        description="Sentrumsutvikling og stedsutvikling: møteplasser, handel, uterom, trafikk og hva som "
                    "gjør stedet levende hele året.",
        intro_md="Kommunen skal lage en plan for hvordan sentrum skal utvikle seg de neste årene. Før vi "
                 "tegner noe, vil vi høre hva **dere** som bruker sentrum hver dag mener: hva som er bra i "
                 "dag, hva som mangler og hva vi bør gjøre først.",
        questions=(
            "Hva er bra med sentrum i dag, og hva må vi ta vare på?",
            "Hvor i sentrum liker dere å være, og hvor unngår dere å gå? Hvorfor?",
            "Hva mangler for at sentrum skal være et sted dere vil bruke oftere, både sommer og vinter?",
            "Hvordan kan det bli lettere og tryggere å komme seg til og rundt i sentrum, til fots, på "
            "sykkel, med buss eller bil?",
            "Hvis dere fikk bestemme: hva bør kommunen gjøre først?",
            "Hva kan dere selv, lag og foreninger eller næringslivet bidra med for å skape liv i sentrum?",
        ),
        kinds=(S, OPEN, P, P, P, C),
        guide_md=_guide("Kommunen skal utvikle sentrum, og vil vite hva som gjør det til et godt sted å være "
                        "for alle, fra barn til eldre. Snakk gjerne om konkrete steder: en gate, en plass, "
                        "en snarvei, et lokale som står tomt."),
    ),
    QuestionTemplate(
        key="samfunnsdel",
        title="Kommuneplanens samfunnsdel",
        description="Kommunens overordnede mål for de neste tolv årene: hva slags kommune vi vil være, og "
                    "hva vi må prioritere for å komme dit.",
        intro_md="Kommuneplanens samfunnsdel sier hvor kommunen vil gå de neste tolv årene, og styrer hva vi "
                 "prioriterer i alle andre planer og budsjetter. Nå vil vi høre hva som er viktig for "
                 "**dere** når vi skal bestemme retningen.",
        questions=(
            "Hva er det beste med å bo i kommunen vår i dag?",
            "Hvordan ønsker dere at kommunen skal være om tolv år? Beskriv gjerne en vanlig dag da.",
            "Hva er de største utfordringene kommunen må ta tak i for å komme dit?",
            "Hva skal til for at barn og unge vil bli boende, eller flytte tilbake etter utdanning?",
            "Hvis kommunen bare kunne satse på tre ting de neste årene, hvilke skulle det være?",
            "Hva kan innbyggere, frivillige og næringsliv gjøre sammen med kommunen for å nå målene?",
        ),
        kinds=(S, OPEN, P, P, P, C),
        guide_md=_guide("Kommunen skal vedta mål for samfunnsutviklingen de neste tolv årene. Spørsmålene er "
                        "store, så det hjelper å gjøre dem konkrete: tenk på hverdagen deres, hva som "
                        "fungerer og hva som ville gjort den bedre."),
    ),
    QuestionTemplate(
        key="naeringsplan",
        title="Strategisk næringsplan",
        description="Arbeidsplasser, gründere, lokalt næringsliv og hva kommunen kan gjøre for at flere "
                    "bedrifter vil etablere seg og vokse.",
        intro_md="Kommunen lager en strategisk næringsplan. Vi vil vite hva som skal til for at det blir "
                 "flere og tryggere arbeidsplasser her, og hva kommunen, næringslivet og innbyggerne kan "
                 "gjøre sammen.",
        questions=(
            "Hvilke bedrifter, næringer og arbeidsplasser er kommunen god på i dag, og hva gjør dem gode?",
            "Hva hindrer folk i å starte eller utvide en bedrift her?",
            "Hvilke nye næringer eller arbeidsplasser tror dere kommunen kan lykkes med, og hvorfor?",
            "Hva trenger bedriftene for å få tak i folk med riktig kompetanse, og for å få dem til å bli?",
            "Hvordan kan kommunen bli en bedre samarbeidspartner for næringslivet?",
            "Hva kan dere selv gjøre for å handle, bruke og løfte fram det lokale næringslivet?",
        ),
        kinds=(S, P, P, P, P, C),
        guide_md=_guide("Kommunen vil legge til rette for flere arbeidsplasser og et sterkere næringsliv. "
                        "Dere trenger ikke drive bedrift for å ha gode svar: alle som jobber, handler og bor "
                        "her vet noe om hva som mangler."),
    ),
    QuestionTemplate(
        key="boligplan",
        title="Boligplan",
        description="Hvilke boliger kommunen trenger, for hvem og hvor: unge i etableringsfasen, "
                    "barnefamilier, eldre og de som trenger hjelp for å bo.",
        intro_md="Kommunen lager en boligplan. Den skal si hva slags boliger det trengs flere av, hvor de "
                 "bør ligge, og hvordan kommunen kan hjelpe folk inn på boligmarkedet. Hva mener **dere**?",
        questions=(
            "Hva er bra med å bo der dere bor i dag, og hva gjør det vanskelig?",
            "Hvem har det vanskeligst med å finne en bolig som passer i kommunen vår, og hvorfor?",
            "Hva slags boliger mangler: størrelse, leie eller eie, nær sentrum eller i grendene?",
            "Hvordan ønsker dere å bo når dere blir eldre, og hva må til for at det blir mulig?",
            "Hva gjør et nabolag godt å bo i, utover selve boligen?",
            "Hva bør kommunen gjøre først for at flere skal få en god bolig?",
        ),
        kinds=(OPEN, P, P, P, OPEN, P),
        guide_md=_guide("Kommunen vil vite hva slags boliger og bomiljøer folk trenger gjennom hele livet. "
                        "Snakk gjerne om egne erfaringer og om dem dere kjenner: unge som vil flytte "
                        "hjemmefra, familier som trenger mer plass, eldre som vil bo nærmere butikk og "
                        "lege."),
    ),
    QuestionTemplate(
        key="levekar-folkehelse",
        title="Levekår og folkehelse",
        description="Hva som gjør at folk har det godt og holder seg friske: fellesskap, aktivitet, "
                    "trygghet, økonomi og tjenester.",
        intro_md="Kommunen arbeider med en plan for levekår og folkehelse. Helse skapes mest utenfor "
                 "helsetjenesten: i hjemmet, på skolen, på jobben og i nærmiljøet. Vi vil høre hva som gjør "
                 "at **dere** og de rundt dere har det godt, og hva som gjør hverdagen tyngre.",
        questions=(
            "Hva i kommunen vår gjør at folk trives og har det godt?",
            "Hvor og hvordan møter folk hverandre her, og hvem faller utenfor fellesskapet?",
            "Hva gjør det lett, eller vanskelig, å være fysisk aktiv i hverdagen?",
            "Hva bekymrer dere mest når det gjelder helse og levekår for barn, unge, voksne eller eldre?",
            "Hva bør kommunen og andre gjøre først for at flere skal ha det godt?",
            "Hva kan dere selv, naboer og frivillige bidra med?",
        ),
        kinds=(S, OPEN, P, P, P, C),
        guide_md=_guide("Kommunen vil vite hva som fremmer helse og trivsel der folk bor. Noen temaer kan "
                        "være personlige: snakk om hvordan ting er for folk flest, og skriv ingen "
                        "opplysninger som kan peke ut en bestemt person."),
    ),
    QuestionTemplate(
        key="oppvekst-fritid",
        title="Oppvekst og fritid",
        description="Barn og unges hverdag: skole, fritidstilbud, møteplasser og trygge oppvekstmiljøer.",
        intro_md="Kommunen vil gjøre det bedre å vokse opp her. Vi vil høre fra barn, unge og voksne om hva "
                 "som fungerer i dag, hva som mangler på fritiden, og hvor unge kan møtes.",
        questions=(
            "Hva er det beste med å vokse opp i kommunen vår?",
            "Hva gjør barn og unge på fritiden i dag, og hva skulle dere ønske at dere kunne gjøre?",
            "Hvor kan unge møtes uten at det koster penger, og hva mangler på de stedene?",
            "Hva skal til for at alle barn og unge kan delta, uansett økonomi, bosted eller funksjonsevne?",
            "Hvordan kan skoleveien, nærmiljøet og kveldene bli tryggere?",
            "Hva bør kommunen gjøre først, og hva kan foreldre, lag og foreninger bidra med?",
        ),
        kinds=(S, OPEN, P, P, P, P),
        guide_md=_guide("Kommunen vil vite hvordan barn og unge har det, og hva som kan gjøre oppveksten "
                        "bedre. Inviter gjerne barn og ungdom med, og la dem snakke først: de vet best "
                        "hvordan hverdagen deres er."),
    ),
)

_BY_KEY = {template.key: template for template in TEMPLATES}


def get_template(key: str) -> QuestionTemplate | None:
    """The template with this key, or None for an unknown key (which a form may well send)."""
    return _BY_KEY.get(key)
