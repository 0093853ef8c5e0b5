// Region explorer (#/region/CODE, #/municipality/CODE): pick an organiser or type a municipality; see the
// collaborative area, the dated sote-centre status with its source, the centres with their services, teams,
// partners and channels, the services the region covers and the gaps against the minimum sets.

import { api } from "../api.js";
import { dataTable, fact, h, replace, statusLine } from "../dom.js";
import { formatDate, formatPercent, label, language, t } from "../i18n.js";

/** Regions sorted by their name in the current language. */
async function sortedRegions() {
  const regions = await api.regions();
  return [...regions].sort((a, b) => label(a.name).localeCompare(label(b.name), language()));
}

export async function render(container, context) {
  const regions = await sortedRegions();
  const municipalities = await api.municipalities().catch(() => []);
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
  const municipalityMessage = h("div", { id: "municipality-message" });
  municipalityForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = municipalityInput.value.trim().toLocaleLowerCase("fi");
    const match = municipalities.find(
      (municipality) =>
        municipality.code === typed ||
        Object.values(municipality.name ?? {}).some((name) => name.toLocaleLowerCase("fi") === typed),
    );
    if (match) window.location.hash = `#/municipality/${match.code}`;
    else replace(municipalityMessage, statusLine(t("region.municipality.unknown", { name: municipalityInput.value }), "error"));
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
    municipalityMessage,
    h("div", { id: "region-details", "aria-live": "polite" }),
  );
  await update(container, context);
}

export async function update(container, { route, args, isCurrent }) {
  const details = container.querySelector("#region-details");
  const select = container.querySelector("#organiser");
  const message = container.querySelector("#municipality-message");
  replace(message);
  let code = route === "region" ? args[0] : undefined;
  if (route === "municipality" && args[0]) {
    const municipality = await api.municipality(args[0]);
    code = municipality.region?.code ?? municipality.organiser?.code;
    if (!isCurrent()) return;
    replace(message, municipalityNote(municipality));
  }
  select.value = code ?? "";
  if (!code) {
    replace(details);
    return;
  }
  replace(details, statusLine(t("loading")));
  const [region, services, serviceTypes] = await Promise.all([
    api.region(code),
    api.regionServices(code),
    api.services().catch(() => []),
  ]);
  const centres = await Promise.all((region.centres ?? []).map((centre) => api.centre(centre.id)));
  if (!isCurrent()) return;
  const names = {
    centres: new Map((region.centres ?? []).map((centre) => [centre.id, label(centre.name)])),
    services: new Map(serviceTypes.map((service) => [service.code, label(service.label)])),
  };
  replace(details, regionSection(region, services, centres, names));
}

function municipalityNote(municipality) {
  const organiser = municipality.region ?? municipality.organiser ?? {};
  const centres = municipality.centres ?? [];
  return h(
    "div",
    { class: "note", role: "status" },
    h("p", {}, t("region.municipality.of", { municipality: label(municipality.name), organiser: label(organiser.name) })),
    centres.length
      ? h(
          "p",
          {},
          `${t("region.municipality.centres")}: `,
          centres.map((centre, index) => [index ? ", " : "", label(centre.name)]),
        )
      : null,
  );
}

function regionSection(region, services, centres, names) {
  const status = region.soteCentreStatus ?? {};
  const area = region.collaborativeArea ?? {};
  return h(
    "section",
    { class: "region", "aria-labelledby": "region-name" },
    h("h2", { id: "region-name" }, label(region.name)),
    h(
      "dl",
      { class: "facts" },
      fact(t("region.code"), region.code),
      fact(t("region.area"), label(area.name) || area.code || t("none")),
      fact(t("region.status"), status.status ? h("span", { class: `badge status-${statusCode(status)}` }, statusLabel(status)) : t("none")),
      fact(t("region.status.date"), status.date ? formatDate(status.date) : t("none")),
      fact(t("region.status.source"), status.source ? sourceLink(status.source) : t("none")),
    ),
    h("h3", {}, t("region.centres")),
    centres.length ? h("div", { class: "centres" }, centres.map(centreCard)) : h("p", {}, t("region.centres.none")),
    servicesSection(services, names),
    municipalitiesSection(region.municipalities ?? []),
  );
}

function statusCode(status) {
  const value = status.status;
  return typeof value === "object" ? value.code ?? "" : String(value);
}

function statusLabel(status) {
  const value = status.status;
  if (typeof value === "object") return label(value.label ?? value.name) || value.code;
  return label(status.label) || value;
}

function sourceLink(source) {
  const iri = typeof source === "object" ? source.iri ?? source.id : source;
  const text = typeof source === "object" ? label(source.title ?? source.label) || iri : iri;
  return h("a", { href: iri }, text.replace("https://w3id.org/sotekg/id/source/", ""));
}

function centreCard(centre) {
  const channels = centre.channels ?? [];
  const teams = centre.teams ?? [];
  const partners = centre.partners ?? [];
  return h(
    "article",
    { class: "centre", "aria-labelledby": `centre-${centre.id}` },
    h("h4", { id: `centre-${centre.id}` }, label(centre.name)),
    h(
      "dl",
      { class: "facts" },
      fact(t("centre.type"), label(centre.type?.label ?? centre.typeLabel ?? centre.type)),
      channels.length ? fact(t("centre.channels"), channels.map(label).join(", ")) : null,
    ),
    (centre.services ?? []).length
      ? [h("h5", {}, t("centre.services")), h("ul", { class: "tags" }, centre.services.map((service) => h("li", {}, label(service.label ?? service))))]
      : null,
    teams.map((team) =>
      h(
        "div",
        { class: "team" },
        h("h5", {}, label(team.label ?? team.name) || t("centre.teams")),
        h("p", { class: "small" }, t("centre.team.professions", { count: (team.professions ?? []).length })),
        h("ul", { class: "professions" }, (team.professions ?? []).map((profession) => h("li", {}, label(profession.label ?? profession)))),
      ),
    ),
    partners.length
      ? [
          h("h5", {}, t("centre.partners")),
          h(
            "ul",
            {},
            partners.map((partner) =>
              h("li", {}, label(partner.label ?? partner.name ?? partner.type), partner.linkTypes?.length ? ` (${t("centre.partner.link")}: ${partner.linkTypes.map(label).join(", ")})` : ""),
            ),
          ),
        ]
      : null,
  );
}

function servicesSection(services, names) {
  if (services.model === "none") {
    return h("section", { "aria-labelledby": "services-heading" }, h("h3", { id: "services-heading" }, t("region.services")), h("p", {}, t("region.model.none")));
  }
  const rows = services.services ?? [];
  const missing = services.missing ?? [];
  return [
    h(
      "section",
      { "aria-labelledby": "services-heading" },
      h("h3", { id: "services-heading" }, t("region.services")),
      dataTable({
        caption: t("region.services"),
        hideCaption: true,
        columns: [
          { key: "label", title: t("region.services.service") },
          { key: "centres", title: t("region.services.centres") },
          { key: "channels", title: t("region.services.channels") },
        ],
        rows,
        cell: (row, key) => {
          if (key === "label") return label(row.label) || names.services.get(row.code) || row.code;
          if (key === "centres") return (row.centres ?? []).map((id) => names.centres.get(id) ?? id).join(", ");
          return (row.channels ?? []).map((channel) => label(channel.label ?? channel)).join(", ");
        },
      }),
    ),
    h(
      "section",
      { "aria-labelledby": "gaps-heading" },
      h("h3", { id: "gaps-heading" }, t("region.gaps")),
      typeof services.coverage === "number" ? h("p", {}, t("region.coverage", { percent: formatPercent(services.coverage) })) : null,
      missing.length
        ? h("ul", { class: "gaps" }, missing.map((item) => h("li", {}, serviceName(item, names))))
        : h("p", {}, t("region.gaps.none")),
    ),
  ];
}

/** A service's label: given with it, else from the service code list, else its code. */
function serviceName(item, names) {
  if (typeof item === "object") return label(item.label) || names.services.get(item.code) || item.code;
  return names.services.get(item) ?? item;
}

function municipalitiesSection(municipalities) {
  if (!municipalities.length) return null;
  return h(
    "details",
    { class: "municipalities" },
    h("summary", {}, t("region.municipalities", { count: municipalities.length })),
    h("ul", { class: "tags" }, municipalities.map((municipality) => h("li", {}, h("a", { href: `#/municipality/${municipality.code}` }, label(municipality.name))))),
  );
}
