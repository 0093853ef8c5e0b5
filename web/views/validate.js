// Validation (#/validate): upload or paste a region model (Turtle / JSON-LD), POST it to /validate, show the
// report grouped by focus node with each shape's message in the chosen language, and download the report.
// Planners use a workbook instead: download an organiser's model (or the empty template) as a spreadsheet,
// upload the edited workbook, and see the results grouped by sheet and row.

import { api } from "../api.js";
import { download, fact, h, replace, statusLine } from "../dom.js";
import { label, t } from "../i18n.js";

const MEDIA_TYPES = { turtle: "text/turtle", jsonld: "application/ld+json" };
const SEVERITIES = ["Violation", "Warning", "Info"];

/** The last model validated, kept across a language switch so the report can be shown again. */
let last = null;
/** The last workbook validated (a File), likewise. */
let lastWorkbook = null;

export async function render(container) {
  const fileInput = h("input", { id: "model-file", type: "file", accept: ".ttl,.jsonld,.json,text/turtle,application/ld+json" });
  const textarea = h("textarea", { id: "model-text", rows: "12", spellcheck: "false" });
  const formatRadios = Object.keys(MEDIA_TYPES).map((format) =>
    h(
      "label",
      { class: "choice" },
      h("input", { type: "radio", name: "format", value: format, checked: format === "turtle" }),
      ` ${t(`validate.format.${format}`)}`,
    ),
  );
  const report = h("div", { id: "validation-report", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "validate-form" },
    h("div", { class: "field" }, h("label", { for: "model-file" }, t("validate.file")), fileInput),
    h("div", { class: "field" }, h("label", { for: "model-text" }, t("validate.paste")), textarea),
    h("fieldset", { class: "field" }, h("legend", {}, t("validate.format")), formatRadios),
    h("button", { type: "submit", class: "primary" }, t("validate.submit")),
  );
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    if (!file) return;
    textarea.value = await file.text();
    const format = /\.(jsonld|json)$/i.test(file.name) ? "jsonld" : "turtle";
    form.querySelector(`input[name=format][value=${format}]`).checked = true;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = textarea.value;
    if (!body.trim()) {
      replace(report, statusLine(t("validate.empty"), "error"));
      return;
    }
    const format = form.querySelector("input[name=format]:checked").value;
    replace(report, statusLine(t("loading")));
    try {
      last = { body, contentType: MEDIA_TYPES[format] };
      lastWorkbook = null;
      showReport(report, await api.validate(body, last.contentType));
    } catch (error) {
      replace(report, statusLine(`${t("error")}: ${error.message}`, "error"));
    }
  });
  const workbook = await workbookSection(report);
  replace(container, h("h1", {}, t("validate.heading")), h("p", {}, t("validate.intro")), form, workbook, report);
  if (lastWorkbook) {
    showSheetReport(report, await api.validateWorkbook(lastWorkbook));
  } else if (last) {
    textarea.value = last.body;
    form.querySelector(`input[name=format][value=${last.contentType === MEDIA_TYPES.jsonld ? "jsonld" : "turtle"}]`).checked = true;
    showReport(report, await api.validate(last.body, last.contentType));
  }
}

function showReport(target, report) {
  const groups = new Map();
  for (const result of report.results ?? []) {
    if (!groups.has(result.focusNode)) groups.set(result.focusNode, []);
    groups.get(result.focusNode).push(result);
  }
  const sorted = [...groups.entries()].sort(([, a], [, b]) => rank(a) - rank(b));
  const { body, contentType } = last;
  replace(
    target,
    reportSection(
      report,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: () => download("validation-report.json", JSON.stringify(report, null, 2), "application/json") }, t("validate.download.json")),
        h(
          "button",
          {
            type: "button",
            onclick: async () => download("validation-report.ttl", await api.validate(body, contentType, "turtle"), "text/turtle"),
          },
          t("validate.download.turtle"),
        ),
      ),
      sorted.map(([focusNode, results]) => focusGroup(focusNode, results)),
    ),
  );
}

/** A report's section: the verdict as its heading, the counts, then `children`. */
function reportSection(report, ...children) {
  return h(
    "section",
    { class: `report ${report.conforms ? "conforms" : "not-conforms"}`, "aria-labelledby": "report-heading" },
    h("h2", { id: "report-heading" }, report.conforms ? t("validate.conforms") : t("validate.not_conforms")),
    h("p", {}, t("validate.counts", report)),
    ...children,
  );
}

function rank(results) {
  return Math.min(...results.map((result) => SEVERITIES.indexOf(result.severity)));
}

function focusGroup(focusNode, results) {
  return h(
    "section",
    { class: "focus-group" },
    h("h3", {}, h("span", { class: "small" }, `${t("validate.focus")}: `), h("code", { class: "focus-node" }, focusNode)),
    h(
      "ul",
      { class: "results" },
      results.map((result) =>
        h(
          "li",
          { class: `result severity-${result.severity}` },
          h("span", { class: `badge severity-${result.severity}` }, t(`validate.severity.${result.severity}`)),
          " ",
          h("span", { class: "message" }, result.message),
          h(
            "dl",
            { class: "facts small" },
            result.path ? fact(t("validate.path"), h("code", {}, result.path)) : null,
            result.value ? fact(t("validate.value"), h("code", {}, result.value)) : null,
            fact(t("validate.shape"), h("code", {}, result.sourceShape)),
          ),
        ),
      ),
    ),
  );
}

/** The workbook form: an organiser, its model or the empty template to download, a workbook to check. */
async function workbookSection(report) {
  const regions = await api.regions();
  const region = h(
    "select",
    { id: "workbook-region" },
    regions.map((item) => h("option", { value: item.code }, `${label(item.name)} (${item.code})`)),
  );
  const fileInput = h("input", { id: "workbook-file", type: "file", accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const fetchWorkbook = (template) => async () => {
    const code = region.value;
    try {
      const blob = await api.workbook(code, template);
      download(`sotekg-region-${code}${template ? "-template" : ""}.xlsx`, blob);
    } catch (error) {
      replace(report, statusLine(`${t("error")}: ${error.message}`, "error"));
    }
  };
  const form = h(
    "form",
    { class: "validate-form workbook-form" },
    h("div", { class: "field" }, h("label", { for: "workbook-region" }, t("validate.workbook.organiser")), region),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: fetchWorkbook(false) }, t("validate.workbook.download")),
      h("button", { type: "button", onclick: fetchWorkbook(true) }, t("validate.workbook.template")),
    ),
    h("div", { class: "field" }, h("label", { for: "workbook-file" }, t("validate.workbook.file")), fileInput),
    h("button", { type: "submit", class: "primary" }, t("validate.workbook.submit")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = fileInput.files[0];
    if (!file) {
      replace(report, statusLine(t("validate.workbook.empty"), "error"));
      return;
    }
    replace(report, statusLine(t("loading")));
    try {
      lastWorkbook = file;
      last = null;
      showSheetReport(report, await api.validateWorkbook(file));
    } catch (error) {
      replace(report, statusLine(`${t("error")}: ${error.message}`, "error"));
    }
  });
  return h(
    "section",
    { class: "workbook", "aria-labelledby": "workbook-heading" },
    h("h2", { id: "workbook-heading" }, t("validate.workbook.heading")),
    h("p", {}, t("validate.workbook.intro")),
    form,
  );
}

/** A workbook's report: the results grouped by sheet, then by row, each with its column and message. */
function showSheetReport(target, report) {
  const sheets = new Map();
  for (const result of report.results ?? []) {
    const sheet = result.sheet ?? t("validate.workbook.outside");
    if (!sheets.has(sheet)) sheets.set(sheet, new Map());
    const rows = sheets.get(sheet);
    if (!rows.has(result.row)) rows.set(result.row, []);
    rows.get(result.row).push(result);
  }
  replace(
    target,
    reportSection(
      report,
      report.readable ? null : h("p", { class: "unreadable" }, t("validate.workbook.unreadable")),
      [...sheets.entries()].map(([sheet, rows]) =>
        h(
          "section",
          { class: "sheet-group" },
          h("h3", {}, sheet),
          [...rows.entries()]
            .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
            .map(([row, results]) => sheetRow(row, results)),
        ),
      ),
    ),
  );
}

function sheetRow(row, results) {
  return h(
    "div",
    { class: "sheet-row" },
    row == null ? null : h("h4", {}, t("validate.workbook.row", { row })),
    h(
      "ul",
      { class: "results" },
      results.map((result) =>
        h(
          "li",
          { class: `result severity-${result.severity}`, "data-cell": result.cell ?? "" },
          h("span", { class: `badge severity-${result.severity}` }, t(`validate.severity.${result.severity}`)),
          " ",
          result.column
            ? h("span", { class: "cell" }, `${t("validate.workbook.column", { column: result.column })} (${label(result.header)}): `)
            : null,
          h("span", { class: "message" }, result.message),
          result.node ? h("dl", { class: "facts small" }, fact(t("validate.focus"), h("code", {}, result.node))) : null,
        ),
      ),
    ),
  );
}
