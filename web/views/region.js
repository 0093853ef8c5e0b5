// Region explorer (#/region/CODE, #/municipality/CODE): pick an organiser or type a municipality; see the
// collaborative area, the dated sote-centre status with its source, the centres with their services, teams,
// partners and channels, the services the region covers and the gaps against the minimum sets.

import { api } from "../api.js";
import { dataTable, fact, h, replace, statusLine } from "../dom.js";
import { formatDate, formatPercent, label, language, t } from "../i18n.js";
import { SYMBOLS as STATE_SYMBOLS } from "./coverage.js";

/** Regions sorted by their name in the current language. */
async function sortedRegions() {
  const regions = await api.regions();
  return [...regions].sort((a, b) => label(a.name).localeCompare(label(b.name), language()));
}

export async function render(container, context) {
  const [regions, municipalities] = await Promise.all([sortedRegions(), api.municipalities()]);
  const select = h(
    "select",
    { id: "organiser", name: "organiser" },
    h("option", { value: "" }, t("region.choose")),
    regions.map((region) => h("option", { value: region.code }, `${label(region.name)} (${region.code})`)),
  );
  select.addEventListener("change", () => {
    if (select.value) window.location.hash = `#/region/${select.value}`;
  });
  const municipalityInput = h("input", {
    id: "municipality",
    name: "municipality",
    type: "text",
    list: "municipality-names",
    autocomplete: "off",
  });
  const municipalityForm = h(
    "form",
    { class: "inline-form", role: "search", "aria-labelledby": "municipality-label" },
    h("label", { for: "municipality", id: "municipality-label" }, t("region.municipality")),
    h("div", { class: "input-row" }, municipalityInput, h("button", { type: "submit" }, t("region.municipality.show"))),
    h(
      "datalist",
      { id: "municipality-names" },
      municipalities.map((municipality) => h("option", { value: label(municipality.name) })),
    ),
  );
  municipalityForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = municipalityInput.value.trim().toLocaleLowerCase("fi");
    const match = municipalities.find(
      (municipality) =>
        municipality.code === typed ||
        Object.values(municipality.name).some((name) => name.toLocaleLowerCase("fi") === typed),
    );
    if (match) window.location.hash = `#/municipality/${match.code}`;
    else {
      const message = container.querySelector("#municipality-message");
      replace(message, statusLine(t("region.municipality.unknown", { name: municipalityInput.value }), "error"));
    }
  });

  replace(
    container,
    h("h1", {}, t("region.heading")),
    h("p", {}, t("region.intro")),
    h(
      "div",
      { class: "pickers" },
      h("div", { class: "field" }, h("label", { for: "organiser" }, t("region.organiser")), select),
      municipalityForm,
    ),
    h("div", { id: "municipality-message" }),
    h("div", { id: "region-details", "aria-live": "polite" }),
  );
  if (context.isCurrent()) await update(container, context);
}

export async function update(container, { route, args, isCurrent }) {
  const details = container.querySelector("#region-details");
  const message = container.querySelector("#municipality-message");
  replace(message);
  let code = route === "region" ? args[0] : undefined;
  if (route === "municipality" && args[0]) {
    const municipality = await api.municipality(args[0]);
    if (!isCurrent()) return;
    code = municipality.region?.code;
    replace(message, municipalityNote(municipality));
  }
  container.querySelector("#organiser").value = code ?? "";
  if (!code) {
    replace(details);
    return;
  }
  replace(details, statusLine(t("loading")));
  const [region, services, codeLabels, serviceSets] = await Promise.all([
    api.region(code),
    api.regionServices(code),
    api.codeLabels(),
    api.serviceSets(),
  ]);
  const centres = await Promise.all((region.centres ?? []).map((centre) => api.centre(centre.id)));
  if (!isCurrent()) return;
  const names = {
    centres: new Map(centres.map((centre) => [centre.id, label(centre.name)])),
    code: (scheme, value) => label(codeLabels.get(`${scheme}/${value}`)) || value,
    sets: new Map(serviceSets.map((set) => [set.code, label(set.label)])),
  };
  replace(details, regionSection(region, services, centres, names));
}

function municipalityNote(municipality) {
  const centres = municipality.centres ?? [];
  return h(
    "div",
    { class: "note", role: "status" },
    h(
      "p",
      {},
      t("region.municipality.of", { municipality: label(municipality.name), organiser: label(municipality.region?.name) }),
    ),
    centres.length
      ? h("p", {}, `${t("region.municipality.centres")}: `, centres.map((centre) => label(centre.name)).join(", "))
      : null,
    stationsSection(municipality.stations),
  );
}

function regionSection(region, services, centres, names) {
  const status = region.soteCentreStatus;
  const area = region.collaborativeArea;
  return h(
    "section",
    { class: "region", "aria-labelledby": "region-name" },
    h("h2", { id: "region-name" }, label(region.name)),
    h(
      "dl",
      { class: "facts" },
      fact(t("region.code"), region.code),
      fact(t("region.area"), area ? label(area.name) : t("none")),
      fact(
        t("region.status"),
        status ? h("span", { class: `badge status-${status.status}` }, label(status.label) || status.status) : t("none"),
      ),
      fact(t("region.status.date"), status?.date ? formatDate(status.date) : t("none")),
      fact(t("region.status.source"), status?.source ? sourceLink(status.source) : t("none")),
    ),
    h("h3", {}, t("region.centres")),
    centres.length
      ? h("div", { class: "centres" }, centres.map((centre) => centreCard(centre, names)))
      : h("p", {}, t("region.centres.none")),
    servicesSection(services, names),
    stationsSection(region.stations),
    municipalitiesSection(region.municipalities ?? []),
  );
}

/** The health stations of the 2013–2019 register with their years (pre-reform evidence, one source). */
function stationsSection(stations) {
  if (!stations) return null;
  const source = stations.source;
  const years = source ? `${source.years[0]}–${source.years[1]}` : "";
  return h(
    "section",
    { class: "stations" },
    h("h3", {}, t("region.stations", { years })),
    h("p", { class: "small" }, t("region.stations.note"), " ", source ? h("a", { href: source.iri }, source.title) : null),
    stations.items.length
      ? dataTable({
          caption: t("region.stations", { years }),
          hideCaption: true,
          columns: [
            { key: "name", title: t("region.stations.name") },
            { key: "municipality", title: t("region.stations.municipality") },
            { key: "years", title: t("region.stations.years") },
            { key: "change", title: t("region.stations.change") },
          ],
          rows: stations.items,
          cell: (item, key) => {
            if (key === "name") return label(item.name);
            if (key === "years") return `${item.firstYear}–${item.lastYear}`;
            if (key === "change") {
              const changes = [];
              if (item.opened) changes.push(t("region.stations.opened", { year: item.opened }));
              if (item.closed) changes.push(t("region.stations.closed", { year: item.closed }));
              return changes.join(", ");
            }
            return item[key] ?? "";
          },
        })
      : h("p", {}, t("region.stations.none")),
  );
}

/** A source document's IRI as a link showing its short name (seed-001). */
function sourceLink(iri) {
  return h("a", { href: iri }, iri.split("/").pop());
}

function centreCard(centre, names) {
  const channels = centre.channels ?? [];
  const services = centre.services ?? [];
  const partners = centre.partners ?? [];
  return h(
    "article",
    { class: "centre", "aria-labelledby": `centre-${centre.id}` },
    h("h4", { id: `centre-${centre.id}` }, label(centre.name)),
    h(
      "dl",
      { class: "facts" },
      fact(t("centre.type"), centreType(centre.type)),
      channels.length ? fact(t("centre.channels"), channels.map((code) => names.code("channel", code)).join(", ")) : null,
    ),
    services.length
      ? [
          h("h5", {}, t("centre.services")),
          h("ul", { class: "tags" }, services.map((service) => h("li", {}, label(service.label)))),
        ]
      : null,
    (centre.teams ?? []).map((team) =>
      h(
        "div",
        { class: "team" },
        h("h5", {}, label(team.name) || t("centre.teams")),
        h("p", { class: "small" }, t("centre.team.professions", { count: team.professions.length })),
        h(
          "ul",
          { class: "professions" },
          team.professions.map((profession) =>
            h("li", { title: label(profession.sector?.label) || null }, label(profession.label)),
          ),
        ),
      ),
    ),
    partners.length
      ? [
          h("h5", {}, t("centre.partners")),
          h(
            "ul",
            { class: "partners" },
            partners.map((link) =>
              h(
                "li",
                {},
                h("strong", {}, label(link.partner?.name)),
                link.partnerType ? ` (${label(link.partnerType.label)})` : "",
                link.linkType ? ` — ${label(link.linkType.label)}` : "",
                link.name ? h("span", { class: "small" }, `: ${label(link.name)}`) : "",
              ),
            ),
          ),
        ]
      : null,
  );
}

/** A centre class's label, or its name when the page does not know it. */
function centreType(type) {
  const key = `centre.type.${type}`;
  return t(key) === key ? type : t(key);
}

function servicesSection(services, names) {
  return [
    h(
      "section",
      { "aria-labelledby": "services-heading" },
      h("h3", { id: "services-heading" }, t("region.services")),
      services.model === "none" ? h("p", {}, t("region.model.none")) : null,
      dataTable({
        caption: t("region.services"),
        hideCaption: true,
        columns: [
          { key: "label", title: t("region.services.service") },
          { key: "centres", title: t("region.services.centres") },
          { key: "channels", title: t("region.services.channels") },
          { key: "evidence", title: t("region.services.evidence") },
        ],
        rows: services.services ?? [],
        cell: (row, key) => {
          if (key === "label") return label(row.label);
          if (key === "centres") return row.centres.map((id) => names.centres.get(id) ?? id).join(", ");
          if (key === "evidence") return evidenceText(row.evidence, names);
          return row.channels.map((code) => names.code("channel", code)).join(", ");
        },
      }),
    ),
    h(
      "section",
      { "aria-labelledby": "gaps-heading" },
      h("h3", { id: "gaps-heading" }, t("region.gaps")),
      Object.entries(services.sets ?? {}).map(([set, gaps]) => gapsOfSet(set, gaps, names)),
    ),
  ];
}

// One line per evidence item: the kind of source, the dates it describes, completeness, locations, pre-reform.
function evidenceText(items, names) {
  return (items ?? [])
    .map((item) => {
      const kind = item.kind ? names.code("source-kind", item.kind) : item.source;
      const dates = item.earliestDate && item.earliestDate !== item.date ? `${item.earliestDate}–${item.date}` : item.date ?? "";
      const count = item.locations ? ` · ${item.locations}` : "";
      const marks = [item.complete ? "✔" : null, item.preReform ? "< 2023" : null].filter(Boolean).join(" ");
      return `${kind} ${dates}${count}${marks ? ` (${marks})` : ""}`.trim();
    })
    .join("; ");
}

function gapsOfSet(set, gaps, names) {
  const list = (state, codes) =>
    codes.length
      ? h(
          "p",
          { class: `gap-state state-${state}` },
          h("span", { class: `cell cell-${state}`, "aria-hidden": "true" }, STATE_SYMBOLS[state]),
          ` ${t(`coverage.${state}`)}: `,
          codes.map((code) => names.code("service-type", code)).join(", "),
        )
      : null;
  return h(
    "div",
    { class: "gap-set", "data-set": set },
    h("h4", {}, names.sets.get(set) ?? set),
    h(
      "p",
      {},
      t("region.coverage", { percent: formatPercent(gaps.coverage), known: formatPercent(gaps.known) }),
      " ",
      sourceNote(gaps.source),
    ),
    gaps.missing.length ? null : h("p", {}, t("region.gaps.none")),
    list("absent", gaps.missing),
    list("not-described", gaps.notDescribed),
    list("unknown", gaps.unknown),
  );
}

function sourceNote(source) {
  return source ? h("span", { class: "small" }, `(${t("region.status.source")}: `, sourceLink(source), ")") : null;
}

function municipalitiesSection(municipalities) {
  if (!municipalities.length) return null;
  return h(
    "details",
    { class: "municipalities" },
    h("summary", {}, t("region.municipalities", { count: municipalities.length })),
    h(
      "ul",
      { class: "tags" },
      municipalities.map((municipality) =>
        h("li", {}, h("a", { href: `#/municipality/${municipality.code}` }, label(municipality.name))),
      ),
    ),
  );
}
