// Small DOM helpers shared by the views: build elements, tables and downloads without a framework.

/** Create an element: h("a", {href: "#", class: "x"}, "text", childNode, [more children]). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's content. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A data table: columns are {key, title}; cells are strings or nodes (via `cell(row, key)`). A caption that
 * repeats the heading above it is kept for screen readers only (`hideCaption`). */
export function dataTable({ caption, columns, rows, cell = (row, key) => row[key] ?? "", hideCaption = false }) {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      { class: "data" },
      caption ? h("caption", { class: hideCaption ? "visually-hidden" : null }, caption) : null,
      h("thead", {}, h("tr", {}, columns.map((column) => h("th", { scope: "col" }, column.title)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, columns.map((column) => h("td", {}, cell(row, column.key)))))),
    ),
  );
}

/** Offer `content` to the user as a file named `filename`. */
export function download(filename, content, mediaType) {
  const blob = content instanceof Blob ? content : new Blob([content], { type: mediaType });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One term and its value in a <dl class="facts">. */
export function fact(term, value) {
  return h("div", {}, h("dt", {}, term), h("dd", {}, value));
}

/** A short status line that screen readers announce. */
export function statusLine(text, kind = "info") {
  return h("p", { class: `status status-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}
