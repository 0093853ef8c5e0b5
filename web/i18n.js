// The page's own words, Finnish first and English beside, in one table. Domain labels (regions, services,
// professions, statuses, shape messages) are not here: they come from the API in the chosen language.

export const LANGUAGES = ["fi", "en"];
const STORAGE_KEY = "sotekg.lang";

const TEXT = {
  fi: {
    "site.title": "Sote-keskusten tietoverkko",
    "site.tagline": "Tulevaisuuden sosiaali- ja terveyskeskusten palvelut, tiimit ja kumppanit alueittain",
    "skip": "Siirry sisältöön",
    "lang.switch": "In English",
    "nav.label": "Päävalikko",
    "nav.region": "Alueet",
    "nav.coverage": "Kattavuus",
    "nav.validate": "Validointi",
    "nav.sparql": "SPARQL",
    "loading": "Ladataan…",
    "error": "Virhe",
    "none": "ei tietoa",
    "footer": "Tiedot: sotekg-tietoverkko. Jokaisella tiedolla on lähde ja päivämäärä.",
    "api.docs": "Rajapinnan kuvaus (OpenAPI)",

    "region.heading": "Alueet",
    "region.intro": "Valitse palvelujen järjestäjä tai kirjoita kunnan nimi.",
    "region.organiser": "Järjestäjä (hyvinvointialue)",
    "region.choose": "— valitse —",
    "region.municipality": "Kunta",
    "region.municipality.show": "Näytä kunnan alue",
    "region.municipality.unknown": "Kuntaa ”{name}” ei löydy.",
    "region.municipality.of": "Kunta {municipality} kuuluu järjestäjään {organiser}.",
    "region.municipality.centres": "Kuntaa palvelevat keskukset",
    "region.code": "Koodi",
    "region.area": "Yhteistyöalue",
    "region.status": "Sote-keskuksen tila",
    "region.status.date": "Arvion päivämäärä",
    "region.status.source": "Lähde",
    "region.centres": "Keskukset",
    "region.centres.none": "Alueen mallissa ei ole keskuksia.",
    "region.services": "Palvelut",
    "region.services.service": "Palvelu",
    "region.services.centres": "Keskukset",
    "region.services.channels": "Kanavat",
    "region.gaps": "Vähimmäisjoukot: puuttuvat ja tuntemattomat palvelut",
    "region.gaps.none": "Kattava lähde ei osoita yhtään vähimmäisjoukon palvelua puuttuvaksi.",
    "region.coverage": "Tarjotaan {percent}, tiedossa {known}.",
    "region.services.evidence": "Näyttö",
    "region.model.none": "Järjestäjältä ei ole vielä palvelumallia tietoverkossa.",
    "region.municipalities": "Kunnat ({count})",
    "region.stations": "Terveysasemat {years}",
    "region.stations.note": "Ennen uudistusta: terveysasemarekisteri (lääkärin vastaanotot vuosien lopussa), näyttö perusterveydenhuollosta silloin, ei puutteesta.",
    "region.stations.name": "Terveysasema",
    "region.stations.municipality": "Kunta",
    "region.stations.years": "Vuodet",
    "region.stations.change": "Muutos",
    "region.stations.opened": "avattu {year}",
    "region.stations.closed": "suljettu {year}",
    "region.stations.none": "Rekisterissä ei ole kunnan omaa terveysasemaa.",
    "centre.type": "Tyyppi",
    // The ontology's class labels (ontology/sotekg.ttl): the API gives a centre's class by its local name only.
    "centre.type.SoteCentre": "sosiaali- ja terveyskeskus",
    "centre.type.FamilyCentre": "perhekeskus",
    "centre.type.OTCentre": "osaamis- ja tukikeskus",
    "centre.type.MeetingPlace": "perhekeskuksen kohtaamispaikka",
    "centre.type.ServiceLocation": "palvelupiste",
    "centre.services": "Palvelut",
    "centre.teams": "Tiimit",
    "centre.team.professions": "Ammattiryhmät ({count})",
    "centre.partners": "Kumppanit",
    "centre.channels": "Kanavat",

    "coverage.heading": "Kattavuus",
    "coverage.intro": "Järjestäjät × valitun palvelujoukon palvelut. Solu kertoo johdetun arvion ja sen lähteet: tarjotaanko palvelua, puuttuuko se järjestäjän kattavan lähteen mukaan, jättääkö asiakirjasta johdettu malli sen kuvaamatta vai eikö mikään lähde kerro siitä. Valitse solu tai järjestäjä nähdäksesi alueen tiedot.",
    "coverage.set": "Palvelujoukko",
    "coverage.organiser": "Järjestäjä",
    "coverage.status": "Sote-keskuksen tila",
    "coverage.offered": "tarjotaan",
    "coverage.absent": "puuttuu",
    "coverage.not-described": "ei kuvattu",
    "coverage.unknown": "ei tiedossa",
    "coverage.def.offered": "ainakin yksi lähde osoittaa palvelun tarjottavan",
    "coverage.def.absent": "järjestäjän kattava lähde (sen julkaisema palvelumalli) ei sisällä palvelua",
    "coverage.def.not-described": "asiakirjasta johdettu malli ei kuvaa palvelua: puuttumista ei voi päätellä",
    "coverage.def.unknown": "mikään lähde ei kerro palvelusta",
    "coverage.legend": "Selite",
    "coverage.caption": "Palvelujen kattavuus järjestäjittäin ({set})",
    "coverage.map": "Kartta: valitun palvelujoukon kattavuus järjestäjittäin. Valitse alue (myös näppäimistöllä) nähdäksesi sen tiedot.",
    "coverage.map.label": "Hyvinvointialueiden kartta",
    "coverage.map.region": "{name}: avaa alueen tiedot",

    "validate.heading": "Validointi",
    "validate.intro": "Lataa tai liitä alueen palvelumalli (Turtle tai JSON-LD). Se tarkistetaan SHACL-muotoja vasten.",
    "validate.file": "Mallitiedosto",
    "validate.paste": "…tai liitä malli tähän",
    "validate.format": "Muoto",
    "validate.format.turtle": "Turtle",
    "validate.format.jsonld": "JSON-LD",
    "validate.submit": "Validoi",
    "validate.empty": "Anna ensin malli: valitse tiedosto tai liitä teksti.",
    "validate.conforms": "Malli on muotojen mukainen.",
    "validate.not_conforms": "Malli ei ole muotojen mukainen.",
    "validate.counts": "Virheitä {violations}, varoituksia {warnings}, huomautuksia {infos}.",
    "validate.focus": "Kohde",
    "validate.severity.Violation": "Virhe",
    "validate.severity.Warning": "Varoitus",
    "validate.severity.Info": "Huomautus",
    "validate.path": "Polku",
    "validate.value": "Arvo",
    "validate.shape": "Muoto",
    "validate.download.json": "Lataa raportti (JSON)",
    "validate.download.turtle": "Lataa raportti (Turtle)",
    "validate.workbook.heading": "Työkirja (taulukko)",
    "validate.workbook.intro": "Lataa järjestäjän malli taulukkona tai tyhjä pohja, muokkaa sitä taulukkolaskentaohjelmalla ja tarkista se tässä. Jokainen virhe näytetään välilehden, rivin ja sarakkeen kohdalla.",
    "validate.workbook.organiser": "Järjestäjä",
    "validate.workbook.download": "Lataa järjestäjän malli taulukkona",
    "validate.workbook.template": "Lataa tyhjä pohja",
    "validate.workbook.file": "Työkirja (.xlsx)",
    "validate.workbook.submit": "Tarkista työkirja",
    "validate.workbook.empty": "Valitse ensin työkirja.",
    "validate.workbook.unreadable": "Kaikkia soluja ei voitu lukea. Korjaa ne, niin malli tarkistetaan muotoja vasten.",
    "validate.workbook.row": "rivi {row}",
    "validate.workbook.column": "sarake {column}",
    "validate.workbook.outside": "Työkirjan ulkopuolella",

    "sparql.heading": "SPARQL",
    "sparql.intro": "Valitse valmis kysely ja aja se, tai muokkaa sitä editorissa. Editorin kyselyt ajetaan tämän palvelun /sparql-päätepisteessä.",
    "sparql.examples": "Valmiit kyselyt",
    "sparql.example.label": "Valitse valmis kysely",
    "sparql.example.choose": "— valitse kysely —",
    "sparql.named.run": "Aja valmis kysely",
    "sparql.editor": "SPARQL-editori",
    "sparql.editor.hint": "Valittu kysely avautuu myös editoriin. Aja editorin kysely sen painikkeella tai Ctrl+Enter.",
    "sparql.rows": "{count} riviä",
    "sparql.csv": "Lataa CSV",
    "sparql.parameters": "Parametrit",
    "sparql.optional": "valinnainen",
  },
  en: {
    "site.title": "Sote-centre knowledge graph",
    "site.tagline": "Services, teams and partners of Finland's future health and social services centres, by region",
    "skip": "Skip to content",
    "lang.switch": "Suomeksi",
    "nav.label": "Main menu",
    "nav.region": "Regions",
    "nav.coverage": "Coverage",
    "nav.validate": "Validation",
    "nav.sparql": "SPARQL",
    "loading": "Loading…",
    "error": "Error",
    "none": "not known",
    "footer": "Data: the sotekg knowledge graph. Every fact has a source and a date.",
    "api.docs": "API description (OpenAPI)",

    "region.heading": "Regions",
    "region.intro": "Choose a service organiser or type a municipality's name.",
    "region.organiser": "Organiser (wellbeing services county)",
    "region.choose": "— choose —",
    "region.municipality": "Municipality",
    "region.municipality.show": "Show the municipality's region",
    "region.municipality.unknown": "No municipality named “{name}”.",
    "region.municipality.of": "The municipality {municipality} belongs to {organiser}.",
    "region.municipality.centres": "Centres serving the municipality",
    "region.code": "Code",
    "region.area": "Collaborative area",
    "region.status": "Sote-centre status",
    "region.status.date": "Date of assessment",
    "region.status.source": "Source",
    "region.centres": "Centres",
    "region.centres.none": "The region's model has no centres.",
    "region.services": "Services",
    "region.services.service": "Service",
    "region.services.centres": "Centres",
    "region.services.channels": "Channels",
    "region.gaps": "Minimum sets: absent and unknown services",
    "region.gaps.none": "No source complete for the organiser shows a service of the set absent.",
    "region.coverage": "Offered {percent}, known {known}.",
    "region.services.evidence": "Evidence",
    "region.model.none": "The organiser has no service model in the graph yet.",
    "region.municipalities": "Municipalities ({count})",
    "region.stations": "Health stations {years}",
    "region.stations.note": "Before the reform: the health-station register (GP stations at the end of each year), evidence of primary health care then, never of a gap.",
    "region.stations.name": "Health station",
    "region.stations.municipality": "Municipality",
    "region.stations.years": "Years",
    "region.stations.change": "Change",
    "region.stations.opened": "opened {year}",
    "region.stations.closed": "closed {year}",
    "region.stations.none": "The register has no station of the municipality's own.",
    "centre.type": "Type",
    "centre.type.SoteCentre": "health and social services centre",
    "centre.type.FamilyCentre": "family centre",
    "centre.type.OTCentre": "competence and support centre",
    "centre.type.MeetingPlace": "family-centre meeting place",
    "centre.type.ServiceLocation": "service location",
    "centre.services": "Services",
    "centre.teams": "Teams",
    "centre.team.professions": "Professions ({count})",
    "centre.partners": "Partners",
    "centre.channels": "Channels",

    "coverage.heading": "Coverage",
    "coverage.intro": "Organisers × the services of the chosen set. A cell gives the derived assessment and its sources: whether the service is offered, absent according to a source complete for the organiser, left undescribed by a model derived from a document, or unknown because no source speaks to it. Choose a cell or an organiser to see the region.",
    "coverage.set": "Service set",
    "coverage.organiser": "Organiser",
    "coverage.status": "Sote-centre status",
    "coverage.offered": "offered",
    "coverage.absent": "absent",
    "coverage.not-described": "not described",
    "coverage.unknown": "unknown",
    "coverage.def.offered": "at least one source shows the service offered",
    "coverage.def.absent": "a source complete for the organiser (its own published model) does not include it",
    "coverage.def.not-described": "a model derived from a document does not describe it: no absence can be inferred",
    "coverage.def.unknown": "no source speaks to it",
    "coverage.legend": "Legend",
    "coverage.caption": "Service coverage by organiser ({set})",
    "coverage.map": "Map: coverage of the chosen service set by organiser. Choose a county (keyboard too) to see its region.",
    "coverage.map.label": "Map of the wellbeing services counties",
    "coverage.map.region": "{name}: open the region",

    "validate.heading": "Validation",
    "validate.intro": "Upload or paste a region's service model (Turtle or JSON-LD). It is checked against the SHACL shapes.",
    "validate.file": "Model file",
    "validate.paste": "…or paste the model here",
    "validate.format": "Format",
    "validate.format.turtle": "Turtle",
    "validate.format.jsonld": "JSON-LD",
    "validate.submit": "Validate",
    "validate.empty": "Give a model first: choose a file or paste the text.",
    "validate.conforms": "The model conforms to the shapes.",
    "validate.not_conforms": "The model does not conform to the shapes.",
    "validate.counts": "Violations {violations}, warnings {warnings}, infos {infos}.",
    "validate.focus": "Focus node",
    "validate.severity.Violation": "Violation",
    "validate.severity.Warning": "Warning",
    "validate.severity.Info": "Info",
    "validate.path": "Path",
    "validate.value": "Value",
    "validate.shape": "Shape",
    "validate.download.json": "Download the report (JSON)",
    "validate.download.turtle": "Download the report (Turtle)",
    "validate.workbook.heading": "Workbook (spreadsheet)",
    "validate.workbook.intro": "Download the organiser's model as a spreadsheet or the empty template, edit it in a spreadsheet program and check it here. Every error is shown at its sheet, row and column.",
    "validate.workbook.organiser": "Organiser",
    "validate.workbook.download": "Download this organiser's model as a spreadsheet",
    "validate.workbook.template": "Download the empty template",
    "validate.workbook.file": "Workbook (.xlsx)",
    "validate.workbook.submit": "Check the workbook",
    "validate.workbook.empty": "Choose a workbook first.",
    "validate.workbook.unreadable": "Some cells cannot be read. Fix them and the model is checked against the shapes.",
    "validate.workbook.row": "row {row}",
    "validate.workbook.column": "column {column}",
    "validate.workbook.outside": "Outside the workbook",

    "sparql.heading": "SPARQL",
    "sparql.intro": "Choose a named query and run it, or edit it in the editor. The editor's queries run on this service's /sparql endpoint.",
    "sparql.examples": "Named queries",
    "sparql.example.label": "Choose a named query",
    "sparql.example.choose": "— choose a query —",
    "sparql.named.run": "Run the named query",
    "sparql.editor": "SPARQL editor",
    "sparql.editor.hint": "The chosen query opens in the editor too. Run the editor's query with its button or Ctrl+Enter.",
    "sparql.rows": "{count} rows",
    "sparql.csv": "Download CSV",
    "sparql.parameters": "Parameters",
    "sparql.optional": "optional",
  },
};

let current = "fi";

/** The chosen language: ?lang= in the URL, else the stored choice, else Finnish. */
export function initialLanguage() {
  const fromUrl = new URLSearchParams(window.location.search).get("lang");
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.includes(stored) ? stored : "fi";
}

/** Make `lang` the page's language: the <html lang>, the stored choice and the URL's ?lang=. */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "fi";
  document.documentElement.lang = current;
  window.localStorage.setItem(STORAGE_KEY, current);
  const url = new URL(window.location.href);
  url.searchParams.set("lang", current);
  window.history.replaceState(null, "", url);
}

export function language() {
  return current;
}

/** The text for `key` in the current language, with {name} placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = TEXT[current][key] ?? TEXT.fi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** A domain label from the API in the current language: a plain string, or an object {fi, en, sv}. */
export function label(value) {
  if (value == null) return "";
  if (typeof value === "string") return value;
  return value[current] ?? value.fi ?? value.en ?? value.sv ?? Object.values(value)[0] ?? "";
}

export function formatPercent(fraction) {
  return new Intl.NumberFormat(current === "fi" ? "fi-FI" : "en-GB", { style: "percent", maximumFractionDigits: 0 }).format(fraction);
}

/** A date as people read it: 2023-10-31, 2023-10 (a month) or 2023 (a year) in the current language. */
export function formatDate(value) {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value ?? "");
  if (!match) return value ?? "";
  const [, year, month, day] = match;
  const locale = current === "fi" ? "fi-FI" : "en-GB";
  if (!month) return year;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
  const options = day ? { dateStyle: "long", timeZone: "UTC" } : { year: "numeric", month: "long", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}
