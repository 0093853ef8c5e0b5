// The page's entry point: language switch, hash routing (#/region/09, #/coverage, #/validate, #/sparql) and
// rendering of the chosen view into <main>. Each view is a module with `render(container, context)`, which
// builds the view; a view may also have `update(container, context)`, which shows other arguments in the view
// already built (so a control keeps its focus). `context.isCurrent()` is false once a newer route is shown.

import { h, replace, statusLine } from "./dom.js";
import { initialLanguage, language, setLanguage, t } from "./i18n.js";
import * as coverage from "./views/coverage.js";
import * as region from "./views/region.js";
import * as sparql from "./views/sparql.js";
import * as validate from "./views/validate.js";

const VIEWS = { region, municipality: region, coverage, validate, sparql };
const main = document.getElementById("main");
let rendered = 0; // counts renders, so a slow render that was overtaken does not show
let shown = null; // {view, container} on screen
let started = false; // focus moves to <main> on navigation, not on the first load

function route() {
  const [name = "region", ...args] = window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  return VIEWS[name] ? { name, args: args.map(decodeURIComponent) } : { name: "region", args: [] };
}

function translateStatic() {
  document.querySelectorAll("[data-i18n]").forEach((element) => {
    element.textContent = t(element.dataset.i18n);
  });
  const switcher = document.getElementById("language-switch");
  switcher.textContent = t("lang.switch");
  switcher.lang = language() === "fi" ? "en" : "fi";
  document.title = `${t(`nav.${route().name === "municipality" ? "region" : route().name}`)} — ${t("site.title")}`;
}

async function show({ rebuild = false } = {}) {
  const { name, args } = route();
  const view = name === "municipality" ? "region" : name;
  document.querySelectorAll(".site-nav a").forEach((link) => {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  });
  translateStatic();
  const ticket = ++rendered;
  const context = { route: name, args, isCurrent: () => ticket === rendered };
  const module = VIEWS[name];
  const sameView = !rebuild && shown?.view === view && module.update;
  if (!sameView) {
    shown = { view, container: h("div", { class: `view view-${view}` }), rendering: null };
    replace(main, shown.container);
  }
  const { container } = shown;
  main.setAttribute("aria-busy", "true");
  try {
    if (sameView) {
      await shown.rendering.catch(() => {}); // an update needs the view built first
      if (ticket === rendered) await module.update(container, context);
    } else {
      shown.rendering = module.render(container, context);
      await shown.rendering;
    }
  } catch (error) {
    if (ticket === rendered) container.append(statusLine(`${t("error")}: ${error.message}`, "error"));
  } finally {
    if (ticket === rendered) main.removeAttribute("aria-busy");
  }
  if (!sameView && !rebuild && ticket === rendered && started) main.focus();
}

document.getElementById("language-switch").addEventListener("click", () => {
  setLanguage(language() === "fi" ? "en" : "fi");
  show({ rebuild: true });
});
window.addEventListener("hashchange", () => show());

setLanguage(initialLanguage());
show().then(() => {
  started = true;
});
