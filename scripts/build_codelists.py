"""Generate the SKOS code lists in ontology/codelists/ from the tables below.

The tables are the reviewable source: each concept has a code (stable slug), labels fi/en (sv where known)
and the seed document it comes from. Run ``python scripts/build_codelists.py`` after editing; a test checks
that the committed Turtle equals what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sotekg.namespaces import CODE, ID, SK, code_iri

OUT = ROOT / "ontology" / "codelists"
SEED = {n: URIRef(f"{ID}source/seed-{n}") for n in ("000", "001", "002", "003", "004")}

# (code, fi, en, sv or None, extra) — extra holds scheme-specific properties
SCHEMES: dict[str, dict] = {
    "service-type": {
        "label": ("Palvelutyypit", "Service types", "Tjänstetyper"),
        "concepts": [
            # sote-centre minimum set, seed 003 ("ainakin ...")
            ("primary-health-care", "perusterveydenhuollon palvelut", "primary health care services", "primärvårdstjänster", {"seed": "003"}),
            ("oral-health-care", "suun terveydenhuolto", "oral health care", "munhälsovård", {"seed": "003"}),
            ("social-work-and-social-welfare", "sosiaalityö ja muu sosiaalihuolto", "social work and other social welfare services", "socialt arbete och annan socialvård", {"seed": "003"}),
            ("home-delivered-services", "kotiin vietävät palvelut", "home-delivered services", "tjänster som ges i hemmet", {"seed": "003"}),
            ("e-services", "sähköiset palvelut", "e-services", "e-tjänster", {"seed": "003"}),
            ("mental-health-and-substance-abuse-services", "perustason mielenterveys- ja päihdepalvelut", "basic-level mental health and substance abuse services", "mentalvårds- och missbrukartjänster på basnivå", {"seed": "003"}),
            ("outpatient-rehabilitation", "avokuntoutuspalvelut", "outpatient rehabilitation services", "öppen rehabilitering", {"seed": "003"}),
            ("prevention-of-common-diseases", "kansansairauksien ehkäisy", "prevention of common diseases", "förebyggande av folksjukdomar", {"seed": "003"}),
            ("maternity-and-child-health-clinic", "äitiys- ja lastenneuvolapalvelut", "maternity and child health clinic services", "mödra- och barnrådgivning", {"seed": "003 001"}),
            ("preventive-and-outreach-services", "muut ehkäisevät ja jalkautuvat palvelut", "other preventive and outreach services", "andra förebyggande och uppsökande tjänster", {"seed": "003"}),
            # family centre, seed 001 (Perhekeskusselvitys 2024)
            ("school-health-care", "kouluterveydenhuolto", "school health care", "skolhälsovård", {"seed": "001"}),
            ("home-services-for-families", "lapsiperheiden kotipalvelu", "home services for families with children", "hemservice för barnfamiljer", {"seed": "001"}),
            ("child-guidance-and-family-counselling", "kasvatus- ja perheneuvonta", "child guidance and family counselling", "uppfostrings- och familjerådgivning", {"seed": "001"}),
            ("student-health-care", "opiskeluterveydenhuolto", "student health care", "studerandehälsovård", {"seed": "001"}),
            ("school-social-worker-and-psychologist", "opiskeluhuollon kuraattori- ja psykologipalvelut", "school social worker and psychologist services", "kurators- och psykologtjänster inom elevhälsan", {"seed": "001"}),
            ("family-work", "perhetyö", "family work", "familjearbete", {"seed": "001"}),
            ("family-law-services", "perheoikeudelliset palvelut", "family law services", "familjerättsliga tjänster", {"seed": "001"}),
            ("child-and-youth-physician-services", "lasten ja nuorten lääkäripalvelut", "physician services for children and young people", "läkartjänster för barn och unga", {"seed": "001"}),
            ("therapy-services", "terapiapalvelut", "therapy services", "terapitjänster", {"seed": "001"}),
            ("clinic-psychologist", "neuvolan psykologipalvelut", "child health clinic psychologist services", "psykologtjänster vid rådgivningen", {"seed": "001"}),
            ("contraception-and-sexual-health", "ehkäisy- ja seksuaaliterveyspalvelut", "contraception and sexual health services", "preventivmedels- och sexualhälsotjänster", {"seed": "001"}),
            ("social-counselling", "sosiaaliohjaus", "social counselling", "socialhandledning", {"seed": "001"}),
            ("social-work-for-families", "lapsiperheiden sosiaalityö", "social work for families with children", "socialt arbete för barnfamiljer", {"seed": "001"}),
            ("child-welfare", "lastensuojelu", "child welfare", "barnskydd", {"seed": "001"}),
            # named in seed 004 (Päijät-Häme) as narrower services
            ("psychophysical-physiotherapy", "psykofyysinen fysioterapia", "psychophysical physiotherapy", None, {"seed": "004", "broader": "outpatient-rehabilitation"}),
            ("free-contraception-under-25", "alle 25-vuotiaiden maksuton ehkäisy", "free contraception for under-25s", None, {"seed": "004", "broader": "contraception-and-sexual-health"}),
            # OT-centre, seeds 001/002
            ("demanding-child-and-family-services-consultation", "vaativimpien lasten, nuorten ja perheiden palvelujen konsultatiivinen tuki", "consultative support for the most demanding child, youth and family services", None, {"seed": "001 002"}),
            ("family-meeting-place", "perheiden avoin kohtaamispaikka", "open meeting place for families", None, {"seed": "001"}),
        ],
    },
    "profession": {
        "label": ("Ammatit", "Professions", "Yrken"),
        "concepts": [
            ("nurse", "hoitaja", "nurse", "skötare", {"sector": "health", "seed": "004"}),
            ("physician", "lääkäri", "physician", "läkare", {"sector": "health", "seed": "004 003"}),
            ("physiotherapist", "fysioterapeutti", "physiotherapist", "fysioterapeut", {"sector": "health", "seed": "004 003"}),
            ("oral-health-professional", "suunterveydenhuollon ammattilainen", "oral health professional", "yrkesperson inom munhälsovården", {"sector": "health", "seed": "004"}),
            ("mental-health-and-substance-abuse-nurse", "mielenterveys- ja päihdehoitaja", "mental health and substance abuse nurse", None, {"sector": "health", "seed": "004"}),
            ("case-manager", "case manager", "case manager", None, {"sector": "other", "seed": "004"}),
            ("pharmacist", "farmaseutti", "pharmacist", "farmaceut", {"sector": "health", "seed": "004"}),
            ("social-counsellor", "sosiaaliohjaaja", "social counsellor", "socialhandledare", {"sector": "social", "seed": "004"}),
            ("geronomist", "geronomi", "geronomist", "geronom", {"sector": "other", "seed": "004"}),
            ("work-ability-coordinator", "työkykykoordinaattori", "work-ability coordinator", None, {"sector": "other", "seed": "004"}),
            ("social-worker", "sosiaalityöntekijä", "social worker", "socialarbetare", {"sector": "social", "seed": "003"}),
            ("dentist", "hammaslääkäri", "dentist", "tandläkare", {"sector": "health", "seed": "003"}),
            ("psychologist", "psykologi", "psychologist", "psykolog", {"sector": "health", "seed": "003"}),
            ("occupational-therapist", "toimintaterapeutti", "occupational therapist", "ergoterapeut", {"sector": "health", "seed": "003"}),
            ("nutritionist", "ravitsemusterapeutti", "nutritionist", "näringsterapeut", {"sector": "health", "seed": "003"}),
            ("speech-therapist", "puheterapeutti", "speech therapist", "talterapeut", {"sector": "health", "seed": "003"}),
            ("public-health-nurse", "terveydenhoitaja", "public health nurse", "hälsovårdare", {"sector": "health", "seed": "001"}),
            ("family-worker", "perhetyöntekijä", "family worker", "familjearbetare", {"sector": "social", "seed": "001"}),
            ("school-social-worker", "kuraattori", "school social worker", "kurator", {"sector": "social", "seed": "001"}),
            ("experience-expert", "kokemusasiantuntija", "experience expert", "erfarenhetsexpert", {"sector": "other", "seed": "000 004"}),
        ],
    },
    "sector": {
        "label": ("Sektorit", "Sectors", "Sektorer"),
        "concepts": [
            ("social", "sosiaaliala", "social welfare", "socialvård", {}),
            ("health", "terveydenhuolto", "health care", "hälso- och sjukvård", {}),
            ("other", "muu ala", "other", "annan", {}),
        ],
    },
    "partner-type": {
        "label": ("Kumppanien lajit", "Partner types", "Typer av samarbetspartner"),
        "concepts": [
            ("kela", "Kela", "Kela (Social Insurance Institution)", "FPA", {"seed": "003"}),
            ("education", "sivistystoimi", "education services", "bildningsväsendet", {"seed": "003"}),
            ("rescue-services", "pelastustoimi", "rescue services", "räddningsväsendet", {"seed": "003 001"}),
            ("employment-services", "TE-palvelut", "employment services", "arbets- och näringstjänster", {"seed": "003"}),
            ("ngo", "järjestö", "non-governmental organisation", "organisation", {"seed": "000 001"}),
            ("parish", "seurakunta", "parish", "församling", {"seed": "001"}),
            ("police", "poliisi", "police", "polis", {"seed": "001"}),
            ("prosecutor", "syyttäjä", "prosecutor", "åklagare", {"seed": "001"}),
            ("specialised-care", "erikoissairaanhoito", "specialised medical care", "specialiserad sjukvård", {"seed": "003 001"}),
            ("university-hospital", "yliopistollinen sairaala", "university hospital", "universitetssjukhus", {"seed": "001 002"}),
            ("ot-centre", "osaamis- ja tukikeskus", "OT-centre (competence and support centre)", None, {"seed": "001"}),
            ("educational-institution", "oppilaitos", "educational institution", "läroanstalt", {"seed": "004"}),
            ("municipality", "kunta", "municipality", "kommun", {"seed": "001"}),
            ("government-agency", "valtion viranomainen", "government agency", "statlig myndighet", {"seed": "002"}),
        ],
    },
    "link-type": {
        "label": ("Yhteyksien lajit", "Link types", "Typer av samarbete"),
        "concepts": [
            ("consultation", "konsultaatio", "consultation", "konsultation", {}),
            ("referral", "lähete / ohjaus", "referral", "remiss", {}),
            ("joint-team", "yhteinen tiimi", "joint team", "gemensamt team", {}),
            ("co-location", "samat tilat", "co-location", "samlokalisering", {}),
            ("network-cooperation", "verkostoyhteistyö", "network cooperation", "nätverkssamarbete", {}),
            ("service-chain", "palveluketju", "service chain", "servicekedja", {}),
        ],
    },
    "channel": {
        "label": ("Asiointikanavat", "Channels", "Kanaler"),
        "concepts": [
            ("physical", "fyysinen asiointipiste", "physical service point", "fysiskt serviceställe", {"seed": "001"}),
            ("digital", "digitaalinen asiointi", "digital", "digital", {"seed": "001"}),
            ("home-delivered-mobile-outreach", "kotiin vietävä, liikkuva tai jalkautuva", "home-delivered, mobile or outreach", None, {"seed": "001"}),
            ("home-delivered", "kotiin vietävä", "home-delivered", "i hemmet", {"seed": "001", "broader": "home-delivered-mobile-outreach"}),
            ("mobile", "liikkuva", "mobile", "mobil", {"seed": "001", "broader": "home-delivered-mobile-outreach"}),
            ("outreach", "jalkautuva", "outreach", "uppsökande", {"seed": "001", "broader": "home-delivered-mobile-outreach"}),
            ("phone", "puhelin", "phone", "telefon", {}),
        ],
    },
    "centre-model": {
        "label": ("Sote-keskuksen mallityypit", "Sote-centre model types", None),
        "concepts": [
            ("networked-service-entity", "verkostomainen palveluiden kokonaisuus", "networked whole of services", None, {"seed": "001"}),
            ("professional-network", "ammattilaisten, toimijoiden tai osaamisen verkosto", "network of professionals, actors or expertise", None, {"seed": "001"}),
            ("multiprofessional-reception", "moniammatillinen vastaanotto", "multiprofessional reception", None, {"seed": "001"}),
            ("local-services-unit", "alueelliset lähipalvelut tarjoava yksikkö", "unit providing local services", None, {"seed": "001"}),
        ],
    },
    "status": {
        "label": ("Sote-keskuksen määrittelyn ja toimeenpanon vaiheet", "Sote-centre definition and implementation stages", None),
        "concepts": [
            ("definition-ongoing", "määrittely on käynnissä, mutta toimeenpanoa ei ole vielä aloitettu", "definition ongoing, implementation not yet started", None, {"seed": "001", "order": 1}),
            ("implementation-ongoing", "toimeenpano on käynnissä", "implementation ongoing", None, {"seed": "001", "order": 2}),
            ("implemented", "konsepti on määritelty ja se on toimeenpantu osaksi hyvinvointialueen palvelutoimintaa", "concept defined and implemented in the organiser's services", None, {"seed": "001", "order": 3}),
        ],
    },
    "age-group": {
        "label": ("Ikäryhmät", "Age groups", "Åldersgrupper"),
        "concepts": [
            ("all-ages", "kaikki ikäryhmät", "all ages", "alla åldrar", {}),
            ("children", "lapset", "children", "barn", {"seed": "001"}),
            ("young-people", "nuoret", "young people", "unga", {"seed": "001"}),
            ("families-with-children", "lapsiperheet", "families with children", "barnfamiljer", {"seed": "001"}),
            ("parents-of-small-children", "pienten lasten vanhemmat", "parents of small children", None, {"seed": "001"}),
            ("parents-of-children", "lasten vanhemmat", "parents of children", None, {"seed": "001"}),
            ("under-25", "alle 25-vuotiaat", "under 25 years", "under 25 år", {"seed": "004"}),
            ("working-age", "työikäiset", "working-age adults", "personer i arbetsför ålder", {"seed": "004"}),
            ("adults", "aikuiset", "adults", "vuxna", {"seed": "001"}),
            ("older-people", "ikääntyneet", "older people", "äldre", {"seed": "001"}),
        ],
    },
    "benefit-goal": {
        "label": ("Ohjelman hyötytavoitteet", "Programme benefit goals", None),
        "concepts": [
            ("availability", "palveluiden yhdenvertaisen saatavuuden, oikea-aikaisuuden ja jatkuvuuden parantaminen", "equal availability, timeliness and continuity of services", None, {"seed": "001 003", "order": 1, "alt": ("Saatavuus", "Availability")}),
            ("prevention", "toiminnan painotuksen siirtäminen raskaista palveluista ehkäisevään ja ennakoivaan työhön", "shifting the emphasis from heavy services to preventive and proactive work", None, {"seed": "001 003", "order": 2, "alt": ("Ennaltaehkäisy", "Prevention")}),
            ("quality", "palveluiden laadun ja vaikuttavuuden parantaminen", "quality and effectiveness of services", None, {"seed": "001 003", "order": 3, "alt": ("Laatu", "Quality")}),
            ("interoperability", "palveluiden monialaisuuden ja yhteentoimivuuden varmistaminen", "multidisciplinary and interoperable services", None, {"seed": "001 003", "order": 4, "alt": ("Yhteentoimivuus", "Interoperability")}),
            ("costs", "kustannusten nousun hillitseminen", "curbing the growth of costs", None, {"seed": "001 003", "order": 5, "alt": ("Kustannukset", "Costs")}),
        ],
    },
    "evidence-category": {
        "label": ("Menetelmien näyttöluokat", "Evidence categories of methods", None),
        "concepts": [
            ("effective-intervention", "vaikuttavat interventiot", "effective interventions", None, {"seed": "001"}),
            ("new-intervention", "uudet interventiot", "new interventions", None, {"seed": "001"}),
        ],
    },
    "psychosocial-method": {
        "label": ("Psykososiaaliset menetelmät", "Psychosocial methods", None),
        "concepts": [
            ("cool-kids", "Cool Kids", "Cool Kids", None, {"seed": "001", "age": ["children", "young-people"], "evidence": "effective-intervention"}),
            ("incredible-years", "Ihmeelliset vuodet", "Incredible Years", "De otroliga åren", {"seed": "001", "age": ["children"], "evidence": "effective-intervention"}),
            ("anxiety-brief-intervention-children-young-people", "lasten ja nuorten ahdistuksen lyhytinterventio", "brief intervention for anxiety in children and young people", None, {"seed": "001", "age": ["children", "young-people"], "evidence": "new-intervention"}),
            ("guided-self-care-parents-of-small-children", "pienten lasten vanhempien ohjattu omahoito", "guided self-care for parents of small children", None, {"seed": "001", "age": ["parents-of-small-children"], "evidence": "new-intervention"}),
            ("guided-self-care-parents-of-children", "lasten vanhempien ohjattu omahoito", "guided self-care for parents of children", None, {"seed": "001", "age": ["parents-of-children"], "evidence": "new-intervention"}),
            ("ipc-n", "IPC-N", "IPC-A (interpersonal counselling for adolescents)", None, {"seed": "001", "age": ["young-people"], "evidence": "effective-intervention"}),
            ("ipt-n", "IPT-N", "IPT-A (interpersonal psychotherapy for adolescents)", None, {"seed": "001", "age": ["young-people"], "evidence": "effective-intervention"}),
            ("cognitive-brief-intervention", "kognitiivinen lyhytinterventio", "cognitive brief intervention", None, {"seed": "001", "age": ["young-people"], "evidence": "effective-intervention"}),
            ("guided-self-care-young-people", "nuorten ohjattu omahoito", "guided self-care for young people", None, {"seed": "001", "age": ["young-people"], "evidence": "new-intervention"}),
            ("ipc", "IPC", "IPC (interpersonal counselling)", None, {"seed": "001", "age": ["adults", "older-people"], "evidence": "effective-intervention"}),
            ("ipt", "IPT", "IPT (interpersonal psychotherapy)", None, {"seed": "001", "age": ["adults", "older-people"], "evidence": "effective-intervention"}),
            ("cognitive-brief-therapy", "kognitiivinen lyhytterapia", "cognitive brief therapy", None, {"seed": "001 004", "age": ["adults", "older-people"], "evidence": "new-intervention"}),
            ("guided-self-care-adults", "aikuisten ohjattu omahoito", "guided self-care for adults", None, {"seed": "001", "age": ["adults"], "evidence": "new-intervention"}),
            ("guided-self-care-older-people", "ikääntyneiden ohjattu omahoito", "guided self-care for older people", None, {"seed": "001", "age": ["older-people"], "evidence": "new-intervention"}),
        ],
    },
    "training-role": {
        "label": ("Koulutetut roolit", "Trained roles", None),
        "concepts": [
            ("practitioner", "menetelmäosaaja", "trained practitioner", None, {"seed": "001"}),
            ("method-supervisor", "menetelmäohjaaja", "method supervisor", None, {"seed": "001"}),
        ],
    },
    "rehabilitation-form": {
        "label": ("Kuntoutuksen etäpalvelujen muodot", "Forms of remote rehabilitation", None),
        "concepts": [
            ("consultation-basic-specialised", "konsultaatio perus- ja erikoistason välillä", "consultation between basic and specialised level", None, {"seed": "001"}),
            ("real-time-remote-rehabilitation", "reaaliaikainen kuntoutus", "real-time remote rehabilitation", None, {"seed": "001"}),
            ("asynchronous-remote-rehabilitation", "ajasta riippumaton etäkuntoutus", "asynchronous remote rehabilitation", None, {"seed": "001"}),
        ],
    },
    "therapy": {
        "label": ("Terapiamuodot", "Therapies", None),
        "concepts": [
            ("physiotherapy", "fysioterapia", "physiotherapy", "fysioterapi", {"seed": "001"}),
            ("occupational-therapy", "toimintaterapia", "occupational therapy", "ergoterapi", {"seed": "001"}),
            ("speech-therapy", "puheterapia", "speech therapy", "talterapi", {"seed": "001"}),
        ],
    },
    "progress": {
        "label": ("Kehittämisen vaiheet", "Development progress", None),
        "concepts": [
            ("not-started", "ei lainkaan", "not at all", None, {"seed": "001", "order": 1}),
            ("started", "aloitettu", "started", None, {"seed": "001", "order": 2}),
            ("far-along", "ollaan pitkällä", "well advanced", None, {"seed": "001", "order": 3}),
            ("in-use", "käytössä", "in use", None, {"seed": "001", "order": 4}),
        ],
    },
    "measure": {
        "label": ("Mittarit", "Measures", None),
        "concepts": [
            ("family-centres-in-operation", "toiminnassa olevat perhekeskukset", "family centres in operation", None, {"seed": "001"}),
            ("family-centre-meeting-places", "perhekeskusten kohtaamispaikat", "family-centre meeting places", None, {"seed": "001"}),
            ("meeting-places-per-organiser-mode", "kohtaamispaikkoja yleisimmin hyvinvointialuetta kohden", "most common number of meeting places per organiser", None, {"seed": "001"}),
            ("organisers-with-family-centre-service-defined", "perhekeskuksen palvelukokonaisuuden määritelleet alueet", "organisers that have defined the family-centre service whole", None, {"seed": "001"}),
            ("organisers-with-family-centre-areas-defined", "perhekeskusalueensa määritelleet alueet", "organisers that have defined their family-centre areas", None, {"seed": "001"}),
            ("organisers-with-meeting-places-defined-share", "kohtaamispaikat määritelleiden alueiden osuus", "share of organisers that have defined their meeting places", None, {"seed": "001"}),
            ("family-centre-service-inclusion", "alueet, joilla palvelu kuuluu perhekeskukseen", "organisers whose family centres include the service", None, {"seed": "001"}),
            ("trained-persons", "koulutetut henkilöt", "trained persons", None, {"seed": "001"}),
            ("remote-rehabilitation-share", "kuntoutuksen etäpalvelujen kehittämisen vaihe, osuus hyvinvointialueista", "stage of remote rehabilitation development, share of wellbeing services counties", None, {"seed": "001"}),
            ("programme-state-grants", "ohjelman valtionavustukset yhteensä", "programme state grants in total", None, {"seed": "001"}),
            ("free-contraception-recipients", "maksuttoman ehkäisyn saaneet nuoret", "young people who received free contraception", None, {"seed": "004"}),
            ("trained-sexual-counsellors", "koulutetut seksuaalineuvojat", "trained sexual counsellors", None, {"seed": "004"}),
            ("contraception-network-members", "ehkäisyneuvonnan verkoston ammattilaiset", "professionals in the contraception counselling network", None, {"seed": "004"}),
            ("organisers-with-structural-social-work", "rakenteellisen sosiaalityön käyttöön ottaneet alueet", "organisers that introduced or extended structural social work", None, {"seed": "001"}),
            ("organisers-with-rescue-services-in-model", "alueet, joiden mallinnuksessa pelastuslaitos on mukana", "organisers whose model names the rescue services", None, {"seed": "001"}),
            ("organisers-with-multichannel-model", "alueet, joiden mallinnus kuvaa fyysiset, digitaaliset ja liikkuvat palvelut", "organisers whose model describes physical, digital and mobile services", None, {"seed": "001"}),
        ],
    },
    "unit": {
        "label": ("Yksiköt", "Units", None),
        "concepts": [
            ("persons", "henkilöä", "persons", "personer", {}),
            ("count", "lukumäärä", "count", "antal", {}),
            ("organisers", "järjestäjää", "organisers", None, {}),
            ("percent", "prosenttia", "percent", "procent", {}),
            ("euro", "euroa", "euro", "euro", {}),
        ],
    },
    "value-qualifier": {
        "label": ("Arvon tarkenteet", "Value qualifiers", None),
        "concepts": [
            ("exact", "tarkka", "exact", "exakt", {}),
            ("lower-bound", "alaraja (yli)", "lower bound (more than)", "nedre gräns", {}),
            ("approximate", "noin", "approximate", "ungefär", {}),
        ],
    },
    "evidence-basis": {
        "label": ("Tiedon perusteet", "Evidence bases", None),
        "concepts": [
            ("named-in-source", "lähde nimeää tiedon tälle järjestäjälle", "the source names it for this organiser", None, {}),
            ("national-finding", "kansallinen havainto kaikista vastanneista järjestäjistä", "national finding about every responding organiser", None, {}),
        ],
    },
    # issue 12: kinds of source behind a coverage assessment (docs/decisions/0003-coverage-evidence.md)
    "source-kind": {
        "label": ("Lähteiden lajit", "Kinds of source", "Typer av källor"),
        "concepts": [
            ("published-model", "järjestäjän julkaisema palvelumalli", "service model published by the organiser", None, {}),
            ("document-model", "asiakirjasta johdettu palvelumalli", "service model derived from a document", None, {}),
            ("ptv-harvest", "PTV-haku (koko alue)", "PTV harvest of an area", None, {}),
            ("ptv-recording", "PTV-tallenne (otos)", "PTV recording (a sample)", None, {}),
            ("station-register", "terveysasemarekisteri", "register of health stations", None, {}),
            ("station-list", "terveysasemaluettelo", "list of health stations", None, {}),
            ("national-survey", "kansallinen kysely", "national survey", None, {}),
        ],
    },
    # issue 12: the state of a coverage assessment (organiser × service type)
    "coverage-state": {
        "label": ("Kattavuuden tilat", "Coverage states", "Täckningstillstånd"),
        "concepts": [
            ("offered", "tarjotaan", "offered", "erbjuds", {"def": ("Ainakin yksi lähde osoittaa, että järjestäjä tarjoaa palvelun.", "At least one source shows that the organiser offers the service.")}),
            ("absent", "puuttuu", "absent", "saknas", {"def": ("Järjestäjän kattava lähde (sen julkaisema palvelumalli) ei sisällä palvelua.", "A source complete for the organiser (its own published service model) does not include the service.")}),
            ("not-described", "ei kuvattu", "not described", "inte beskriven", {"def": ("Järjestäjän palvelumalli on johdettu asiakirjasta, joka ei kuvaa palvelua: puuttumista ei voi päätellä.", "The organiser's service model is derived from a document that does not describe the service: no absence can be inferred.")}),
            ("unknown", "ei tiedossa", "unknown", "okänd", {"def": ("Mikään lähde ei kerro palvelusta tämän järjestäjän osalta.", "No source speaks to the service for this organiser.")}),
        ],
    },
    "centre-kind": {
        "label": ("Palvelupisteiden lajit", "Kinds of service location", None),
        "concepts": [
            ("health-station", "terveysasema", "health station", "hälsostation", {}),
            ("maternity-and-child-health-clinic", "neuvola", "maternity and child health clinic", "rådgivning", {}),
            ("family-centre-site", "perhekeskuksen toimipiste", "family centre site", "familjecentral", {}),
            ("dental-clinic", "hammashoitola", "dental clinic", "tandklinik", {}),
            ("mental-health-centre", "mielenterveys- ja päihdekeskus", "mental health and substance abuse centre", "mentalvårds- och missbrukarcentral", {}),
            ("school-health-care-unit", "koulu- tai opiskeluterveydenhuollon toimipiste", "school or student health care unit", None, {}),
            ("social-services-office", "sosiaalitoimisto", "social services office", "socialbyrå", {}),
            ("rehabilitation-unit", "kuntoutusyksikkö", "rehabilitation unit", "rehabiliteringsenhet", {}),
            # added for the PTV import (mappings/ptv/name-rules.csv): kinds of sote site found in PTV data
            ("housing-services-unit", "asumispalveluyksikkö", "housing services unit", "boendeserviceenhet", {}),
            ("child-welfare-unit", "lastensuojeluyksikkö", "child welfare unit", "barnskyddsenhet", {}),
            ("inpatient-ward", "vuodeosasto", "inpatient ward", "vårdavdelning", {}),
            ("day-activity-centre", "päivä- ja työtoiminnan yksikkö", "day and work activity centre", None, {}),
            ("home-care-unit", "kotihoidon tai kotisairaanhoidon yksikkö", "home care or home nursing unit", None, {}),
            ("outpatient-clinic", "vastaanotto tai poliklinikka", "outpatient clinic", "mottagning", {}),
            ("health-promotion-unit", "terveyden edistämisen yksikkö", "health promotion unit", None, {}),
        ],
    },
    # issue 15: the form of a pre-reform organiser as the health-station register records it (docs/stations.md)
    "organiser-form": {
        "label": ("Silloisten järjestäjien muodot", "Forms of pre-reform organisers", None),
        "concepts": [
            ("municipality", "kunta", "municipality", "kommun", {"def": ("Kunta järjesti palvelut itse.", "One municipality organised its services itself.")}),
            ("joint-authority", "kuntayhtymä", "joint municipal authority", "samkommun", {"def": ("Kuntien yhteinen kuntayhtymä (nimessä 'kuntayhtymä' tai 'yhtymä').", "A joint authority of several municipalities (its name says 'kuntayhtymä' or 'yhtymä').")}),
            ("cooperation-area", "yhteistoiminta-alue", "cooperation area", "samarbetsområde", {"def": ("Kuntien yhteistoiminta-alue, jossa yksi kunta järjestää palvelut muillekin (nimessä 'yhteistoiminta').", "A cooperation area in which one municipality organises services for others (its name says 'yhteistoiminta').")}),
            ("joint-arrangement", "useamman kunnan järjestely", "arrangement of several municipalities", None, {"def": ("Lähde kirjaa useamman kunnan järjestelyn, mutta nimestä ei näe sen muotoa.", "The source records an arrangement of several municipalities, and its name does not say which form.")}),
        ],
    },
}

# Service sets: skos:Collection of service types, seed 003 (sote-centre) and seed 001 (family centre)
SERVICE_SETS = [
    ("sote-centre-minimum", "sote-keskuksen vähimmäispalvelut", "sote-centre minimum service set", "003",
     ["primary-health-care", "oral-health-care", "social-work-and-social-welfare", "home-delivered-services",
      "e-services", "mental-health-and-substance-abuse-services", "outpatient-rehabilitation",
      "prevention-of-common-diseases", "maternity-and-child-health-clinic", "preventive-and-outreach-services"]),
    ("family-centre-universal", "perhekeskuksen palvelut kaikilla alueilla", "family-centre services in every responding region", "001",
     ["maternity-and-child-health-clinic", "school-health-care", "home-services-for-families",
      "child-guidance-and-family-counselling"]),
    ("family-centre-near-universal", "perhekeskuksen palvelut lähes kaikilla alueilla", "family-centre services in nearly every region", "001",
     ["student-health-care", "school-social-worker-and-psychologist", "family-work", "family-law-services"]),
    ("family-centre-common", "perhekeskuksen palvelut yli 70 %:lla alueista", "family-centre services in over 70 % of regions", "001",
     ["child-and-youth-physician-services", "therapy-services", "clinic-psychologist",
      "contraception-and-sexual-health", "social-counselling", "social-work-for-families", "child-welfare"]),
]

PREFIXES = {"skos": SKOS, "dct": DCTERMS, "sk": SK, "xsd": XSD, "owl": OWL, "rdfs": RDFS}


def _scheme_graph(name: str, spec: dict) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind(name.replace("-", ""), f"{CODE}{name}/")
    scheme = URIRef(f"{CODE}{name}")
    fi, en, sv = spec["label"]
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(fi, lang="fi")))
    g.add((scheme, SKOS.prefLabel, Literal(en, lang="en")))
    if sv:
        g.add((scheme, SKOS.prefLabel, Literal(sv, lang="sv")))
    for code, c_fi, c_en, c_sv, extra in spec["concepts"]:
        concept = URIRef(code_iri(name, code))
        g.add((concept, RDF.type, SKOS.Concept))
        if name == "benefit-goal":
            g.add((concept, RDF.type, SK.BenefitGoal))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.notation, Literal(code)))
        g.add((concept, SKOS.prefLabel, Literal(c_fi, lang="fi")))
        g.add((concept, SKOS.prefLabel, Literal(c_en, lang="en")))
        if c_sv:
            g.add((concept, SKOS.prefLabel, Literal(c_sv, lang="sv")))
        if "broader" in extra:
            g.add((concept, SKOS.broader, URIRef(code_iri(name, extra["broader"]))))
        else:
            g.add((concept, SKOS.topConceptOf, scheme))
        for seed in extra.get("seed", "").split():
            g.add((concept, DCTERMS.source, SEED[seed]))
        if "sector" in extra:
            g.add((concept, SK.sector, URIRef(code_iri("sector", extra["sector"]))))
        if "order" in extra:
            g.add((concept, SK.order, Literal(extra["order"])))
        if "alt" in extra:
            g.add((concept, SKOS.altLabel, Literal(extra["alt"][0], lang="fi")))
            g.add((concept, SKOS.altLabel, Literal(extra["alt"][1], lang="en")))
        for age in extra.get("age", []):
            g.add((concept, SK.ageGroup, URIRef(code_iri("age-group", age))))
        if "evidence" in extra:
            g.add((concept, SK.evidenceCategory, URIRef(code_iri("evidence-category", extra["evidence"]))))
        if "def" in extra:
            g.add((concept, SKOS.definition, Literal(extra["def"][0], lang="fi")))
            g.add((concept, SKOS.definition, Literal(extra["def"][1], lang="en")))
    return g


def _service_sets_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("servicetype", f"{CODE}service-type/")
    g.bind("serviceset", f"{CODE}service-set/")
    for slug, fi, en, seed, members in SERVICE_SETS:
        coll = URIRef(code_iri("service-set", slug))
        g.add((coll, RDF.type, SKOS.Collection))
        g.add((coll, SKOS.notation, Literal(slug)))
        g.add((coll, SKOS.prefLabel, Literal(fi, lang="fi")))
        g.add((coll, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((coll, DCTERMS.source, SEED[seed]))
        for member in members:
            g.add((coll, SKOS.member, URIRef(code_iri("service-type", member))))
    return g


def build() -> dict[Path, str]:
    """Return {path: turtle text} for every code-list file."""
    header = "# GENERATED by scripts/build_codelists.py — edit the tables there, then run it.\n"
    files = {OUT / f"{name}.ttl": header + _scheme_graph(name, spec).serialize(format="turtle")
             for name, spec in SCHEMES.items()}
    files[OUT / "service-set.ttl"] = header + _service_sets_graph().serialize(format="turtle")
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in build().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
