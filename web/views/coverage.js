// Coverage (#/coverage/SET): the organiser × service matrix of the named query analytics/coverage-matrix (the
// data behind `sotekg plot coverage`, read from the derived assessments) as a grid of the four states — each with
// a colour, a symbol and its text, so they differ without colour too; every cell and row links to the region view.

import { api } from "../api.js";
import { h, replace, statusLine } from "../dom.js";
import { label, language, t } from "../i18n.js";

const QUERY = "analytics/coverage-matrix";
const DEFAULT_SET = "sote-centre-minimum";
export const SYMBOLS = { offered: "✓", absent: "✗", "not-described": "–", unknown: "?" };

export async function render(container, context) {
  const sets = await api.serviceSets();
  const select = h(
    "select",
    { id: "service-set" },
    sets.map((set) => h("option", { value: set.code }, label(set.label))),
  );
  select.addEventListener("change", () => {
    window.location.hash = `#/coverage/${select.value}`;
  });
  replace(
    container,
    h("h1", {}, t("coverage.heading")),
    h("p", {}, t("coverage.intro")),
    h("div", { class: "field" }, h("label", { for: "service-set" }, t("coverage.set")), select),
    legend(),
    h(
      "div",
      { class: "coverage-layout" },
      h("div", { id: "coverage-grid", "aria-live": "polite" }),
      h("figure", { class: "county-map" }, h("div", { id: "county-map" }), h("figcaption", { class: "small" }, t("coverage.map"))),
    ),
  );
  if (context.isCurrent()) await update(container, context);
}

export async function update(container, { args, isCurrent }) {
  const set = args[0] || DEFAULT_SET;
  const select = container.querySelector("#service-set");
  select.value = set;
  const target = container.querySelector("#coverage-grid");
  replace(target, statusLine(t("loading")));
  const [matrix, regions, services] = await Promise.all([
    api.namedQuery(QUERY, { service_set: set }),
    api.regions(),
    api.services().catch(() => []),
  ]);
  if (!isCurrent()) return;
  const setLabel = select.selectedOptions[0]?.textContent ?? set;
  replace(target, grid(matrix.rows, regions, services, setLabel));
  await showMap(container.querySelector("#county-map"), set, regions, isCurrent);
}

/** The county map of /plots/map.svg, inlined so each county is a link to its region (mouse and keyboard). */
async function showMap(target, set, regions, isCurrent) {
  const params = new URLSearchParams({ measure: "coverage", service_set: set, lang: language() });
  const response = await fetch(`/plots/map.svg?${params}`);
  if (!isCurrent()) return;
  if (!response.ok) {
    replace(target, statusLine(`${t("error")}: ${response.status}`, "error"));
    return;
  }
  target.innerHTML = await response.text();
  const svg = target.querySelector("svg");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", t("coverage.map.label"));
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const names = new Map(regions.map((region) => [region.code, label(region.name)]));
  for (const county of svg.querySelectorAll('g[id^="county-"]')) {
    const code = county.id.replace("county-", "");
    if (!names.has(code)) continue; // Åland: outside the reform, not a region of the graph
    const open = () => {
      window.location.hash = `#/region/${code}`;
    };
    county.setAttribute("tabindex", "0");
    county.setAttribute("role", "link");
    county.setAttribute("aria-label", t("coverage.map.region", { name: names.get(code) }));
    county.classList.add("county-link");
    county.addEventListener("click", open);
    county.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
  }
}

function legend() {
  return h(
    "ul",
    { class: "legend", "aria-label": t("coverage.legend") },
    Object.entries(SYMBOLS).map(([status, symbol]) =>
      h(
        "li",
        { "data-state": status },
        h("span", { class: `cell cell-${status}`, "aria-hidden": "true" }, symbol),
        " ",
        h("strong", {}, t(`coverage.${status}`)),
        " ",
        h("span", { class: "definition" }, `— ${t(`coverage.def.${status}`)}`),
      ),
    ),
  );
}

function grid(rows, regions, services, setLabel) {
  const serviceLabels = new Map(services.map((service) => [service.code, service.label]));
  const regionsByCode = new Map(regions.map((region) => [region.code, region]));
  const columns = [];
  const organisers = new Map();
  for (const row of rows) {
    if (!columns.some((column) => column.code === row.service_code)) {
      columns.push({ code: row.service_code, label: serviceLabels.get(row.service_code) ?? row.service_label });
    }
    if (!organisers.has(row.organiser_code)) organisers.set(row.organiser_code, { code: row.organiser_code, label: row.organiser_label, cells: new Map() });
    organisers.get(row.organiser_code).cells.set(row.service_code, row);
  }
  const ordered = [...organisers.values()].sort((a, b) =>
    organiserName(a, regionsByCode).localeCompare(organiserName(b, regionsByCode), language()),
  );
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("coverage.caption", { set: setLabel }) },
    h(
      "table",
      { class: "coverage" },
      h("caption", {}, t("coverage.caption", { set: setLabel })),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, t("coverage.organiser")),
          h("th", { scope: "col" }, t("coverage.status")),
          columns.map((column) => h("th", { scope: "col", class: "service" }, h("span", {}, label(column.label) || column.code))),
        ),
      ),
      h(
        "tbody",
        {},
        ordered.map((organiser) => {
          const name = organiserName(organiser, regionsByCode);
          const status = regionsByCode.get(organiser.code)?.soteCentreStatus;
          return h(
            "tr",
            { "data-organiser": organiser.code },
            h("th", { scope: "row" }, h("a", { href: `#/region/${organiser.code}` }, name)),
            h("td", { class: "status-cell" }, status ? label(status.label) || status.status : ""),
            columns.map((column) => cell(organiser, column, name)),
          );
        }),
      ),
    ),
  );
}

function organiserName(organiser, regionsByCode) {
  return label(regionsByCode.get(organiser.code)?.name) || organiser.label;
}

function cell(organiser, column, name) {
  const row = organiser.cells.get(column.code);
  const status = row?.status ?? "unknown";
  const description = `${name}: ${label(column.label) || column.code}: ${t(`coverage.${status}`)}`;
  return h(
    "td",
    { class: `cell cell-${status}` },
    h("a", { href: `#/region/${organiser.code}`, title: description, "aria-label": description }, SYMBOLS[status] ?? "?"),
  );
}
