// SPARQL (#/sparql, #/sparql/NAME): the named-query library (choose a query, fill its parameters, see its rows
// as a table, download CSV) and a Yasgui editor (vendored, web/vendor/yasgui/) on this server's /sparql, with
// the named queries as examples to open in it.

import { api } from "../api.js";
import { dataTable, download, h, replace, statusLine } from "../dom.js";
import { t } from "../i18n.js";

const YASGUI = "vendor/yasgui/";
let yasguiLoading = null;
let yasgui = null; // the editor on screen

/** Load the vendored Yasgui bundle and its stylesheet once. */
function loadYasgui() {
  if (!yasguiLoading) {
    yasguiLoading = new Promise((resolve, reject) => {
      document.head.append(h("link", { rel: "stylesheet", href: `${YASGUI}yasgui.min.css` }));
      const script = h("script", { src: `${YASGUI}yasgui.min.js` });
      script.addEventListener("load", () => resolve(window.Yasgui));
      script.addEventListener("error", () => reject(new Error("Yasgui could not be loaded")));
      document.head.append(script);
    });
  }
  return yasguiLoading;
}

export async function render(container, context) {
  const queries = await api.queries();
  const select = h(
    "select",
    { id: "named-query" },
    h("option", { value: "" }, t("sparql.example.choose")),
    folders(queries).map(([folder, items]) =>
      h("optgroup", { label: folder }, items.map((query) => h("option", { value: query.name }, query.summary || query.name))),
    ),
  );
  const namedPanel = h("div", { id: "named-query-panel" });
  const editorHost = h("div", { id: "yasgui" });
  select.addEventListener("change", () => {
    window.location.hash = select.value ? `#/sparql/${select.value}` : "#/sparql";
  });
  replace(
    container,
    h("h1", {}, t("sparql.heading")),
    h("p", {}, t("sparql.intro")),
    h(
      "section",
      { "aria-labelledby": "named-heading" },
      h("h2", { id: "named-heading" }, t("sparql.examples")),
      h("div", { class: "field" }, h("label", { for: "named-query" }, t("sparql.example.label")), select),
      namedPanel,
    ),
    h(
      "section",
      { "aria-labelledby": "editor-heading" },
      h("h2", { id: "editor-heading" }, t("sparql.editor")),
      h("p", { class: "small" }, t("sparql.editor.hint")),
      editorHost,
      h("div", { class: "actions" }, h("button", { type: "button", id: "editor-csv", onclick: () => editorCsv() }, t("sparql.csv"))),
    ),
  );
  const Yasgui = await loadYasgui();
  editorHost.replaceChildren();
  yasgui = new Yasgui(editorHost, {
    requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: () => [] },
    yasr: { persistenceId: null, prefixes: {} },
  });
  if (context.isCurrent()) await update(container, context);
}

/** The queries grouped by their folder (analytics, lookup, qc), in the library's order. */
function folders(queries) {
  const groups = new Map();
  for (const query of queries) {
    const folder = query.name.includes("/") ? query.name.split("/")[0] : "";
    if (!groups.has(folder)) groups.set(folder, []);
    groups.get(folder).push(query);
  }
  return [...groups.entries()];
}

function currentEditorQuery() {
  return yasgui?.getTab()?.getYasqe()?.getValue() ?? "";
}

async function editorCsv() {
  download("query-results.csv", await api.sparqlText(currentEditorQuery(), "text/csv"), "text/csv");
}

export async function update(container, { args, isCurrent }) {
  const name = args.join("/");
  const select = container.querySelector("#named-query");
  select.value = name;
  const panel = container.querySelector("#named-query-panel");
  const queries = await api.queries();
  if (!isCurrent()) return;
  const query = queries.find((item) => item.name === name);
  replace(panel, query ? namedQueryForm(query) : null);
  if (query?.sparql) yasgui.getTab().setQuery(query.sparql);
}

function namedQueryForm(query) {
  const results = h("div", { id: "named-query-results", "aria-live": "polite" });
  const inputs = (query.parameters ?? []).map((parameter) => {
    const id = `parameter-${parameter.name}`;
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, parameter.name, parameter.required ? "" : ` (${t("sparql.optional")})`),
      h("input", { id, name: parameter.name, type: "text", value: parameter.default ?? "", required: parameter.required }),
    );
  });
  const form = h(
    "form",
    { class: "named-query-form" },
    h("p", {}, query.description || query.summary),
    inputs.length ? h("fieldset", {}, h("legend", {}, t("sparql.parameters")), inputs) : null,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("sparql.named.run"))),
  );
  const values = () => Object.fromEntries(new FormData(form).entries());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(results, statusLine(t("loading")));
    try {
      const { columns, rows } = await api.namedQuery(query.name, values());
      replace(
        results,
        h("p", { class: "row-count" }, t("sparql.rows", { count: rows.length })),
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            { type: "button", onclick: async () => download(`${query.name.split("/").pop()}.csv`, await api.namedQueryCsv(query.name, values()), "text/csv") },
            t("sparql.csv"),
          ),
        ),
        dataTable({ caption: query.summary || query.name, columns: columns.map((column) => ({ key: column, title: column })), rows }),
      );
    } catch (error) {
      replace(results, statusLine(`${t("error")}: ${error.message}`, "error"));
    }
  });
  return [form, results];
}
