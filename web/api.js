// The page's only door to the data: the sotekg JSON API on the same origin (see docs: API contract v1).

import { language } from "./i18n.js";

export const WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An API error with the server's `detail` text. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

async function request(path, options = {}) {
  const headers = { "Accept-Language": language(), ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let detail = "";
    try {
      const body = await response.json();
      detail = body.detail || body.error || "";
      if (typeof detail !== "string") detail = JSON.stringify(detail);
    } catch {
      detail = response.statusText;
    }
    throw new ApiError(response.status, detail);
  }
  return response;
}

async function getJson(path) {
  const response = await request(path, { headers: { Accept: "application/json" } });
  return response.json();
}

/** The items of a list answer, whether bare or wrapped with paging fields. */
function items(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const key of [...keys, "items", "results", "data"]) {
    if (Array.isArray(body?.[key])) return body[key];
  }
  return [];
}

const cache = new Map();

/** A named query without parameters, read once per page load. */
function namedRows(name) {
  return cached(`/queries/${name}`, (path) => getJson(path).then(rowsOf));
}

/** GET once per page load (the graph does not change under a reader). */
function cached(path, read = getJson) {
  if (!cache.has(path)) cache.set(path, read(path).catch((error) => { cache.delete(path); throw error; }));
  return cache.get(path);
}

export const api = {
  regions: () => cached("/regions?per_page=100").then((body) => items(body, "regions")),
  region: (code) => cached(`/regions/${encodeURIComponent(code)}`),
  regionServices: (code) => cached(`/regions/${encodeURIComponent(code)}/services`),
  centre: (id) => cached(`/centres/${encodeURIComponent(id)}`),
  municipality: (code) => cached(`/municipalities/${encodeURIComponent(code)}`),
  services: () => cached("/services?per_page=100").then((body) => items(body, "services")),
  queries: () => cached("/queries").then((body) => items(body, "queries")),

  /** Every municipality as {code, name:{fi}}, from the named query analytics/municipality-centres. */
  async municipalities() {
    const { rows } = await namedRows("analytics/municipality-centres");
    const byCode = new Map();
    for (const row of rows) {
      const code = row.municipality ?? row.__municipality;
      if (!byCode.has(code)) byCode.set(code, { code, name: { fi: row.municipality_label } });
    }
    return [...byCode.values()];
  },

  /** The labels of every code of every code list (analytics/code-lists): "scheme/code" → {fi, en}. */
  async codeLabels() {
    const { rows } = await namedRows("analytics/code-lists");
    return new Map(rows.map((row) => [`${row.scheme}/${row.code}`, { fi: row.label_fi, en: row.label_en }]));
  },

  /** The service sets (analytics/labels) as [{code, label:{fi, en, …}}]. */
  async serviceSets() {
    const { rows } = await namedRows("analytics/labels");
    const sets = new Map();
    for (const row of rows.filter((item) => item.kind === "service-set")) {
      if (!sets.has(row.code)) sets.set(row.code, { code: row.code, label: {} });
      sets.get(row.code).label[row.lang] = row.label;
    }
    return [...sets.values()];
  },

  /** A named query's rows: {columns, rows:[{column: value}]}. */
  async namedQuery(name, parameters = {}) {
    const search = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== ""));
    const query = search.toString();
    return rowsOf(await getJson(`/queries/${name}${query ? `?${query}` : ""}`));
  },

  /** The same named query as CSV text. */
  async namedQueryCsv(name, parameters = {}) {
    const search = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== ""));
    search.set("format", "csv");
    const response = await request(`/queries/${name}?${search}`, { headers: { Accept: "text/csv" } });
    return response.text();
  },

  /** Validate a model; `as` is "json" (the report object) or "turtle" (the SHACL report graph as text). */
  async validate(body, contentType, as = "json") {
    const accept = as === "turtle" ? "text/turtle" : "application/json";
    const response = await request(`/validate?lang=${language()}`, {
      method: "POST",
      headers: { "Content-Type": contentType, Accept: accept },
      body,
    });
    return as === "turtle" ? response.text() : response.json();
  },

  /** A region's model as a workbook (.xlsx Blob); `template` asks for the empty template. */
  async workbook(code, template = false) {
    const query = template ? "?template=true" : "";
    const response = await request(`/regions/${encodeURIComponent(code)}/model${query}`, {
      headers: { Accept: WORKBOOK },
    });
    return response.blob();
  },

  /** Validate a workbook (a File or Blob): the report with each result at its sheet, row and column. */
  async validateWorkbook(file) {
    const response = await request(`/validate?lang=${language()}`, {
      method: "POST",
      headers: { "Content-Type": WORKBOOK, Accept: "application/json" },
      body: file,
    });
    return response.json();
  },

  /** Run a SPARQL query and return the answer in `accept` (text). */
  async sparqlText(query, accept) {
    const response = await request("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: accept },
      body: query,
    });
    return response.text();
  },
};

/** Normalise a rows answer (a list of objects, {columns, rows}, or SPARQL JSON) to {columns, rows}. */
export function rowsOf(body) {
  if (body?.results?.bindings) {
    const columns = body.head?.vars ?? [];
    const rows = body.results.bindings.map((binding) =>
      Object.fromEntries(columns.map((column) => [column, binding[column]?.value ?? ""])),
    );
    return { columns, rows };
  }
  const rows = items(body, "rows");
  const columns = body?.columns ?? body?.variables ?? (rows.length ? Object.keys(rows[0]) : []);
  return { columns, rows };
}
