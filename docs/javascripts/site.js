/* What the site's scripts share (practice.js, search.js), loaded before them (mkdocs.yml):
   - root: the site root, from Material's config on the first page (instant navigation never
     updates the config element, so it is read once, while it matches the address);
   - h(tag, props, ...children): an element with its attributes ("class", "on<event>" listeners,
     true for an empty attribute; null, undefined and false are left out) and its children
     (nested arrays flattened; null, undefined and false left out). */
window.deisSite = (function () {
  "use strict";

  const root = (function () {
    let base = ".";
    try {
      base = JSON.parse(document.getElementById("__config").textContent).base || ".";
    } catch (error) { /* no config: assume the page is at the root */ }
    return new URL(base.endsWith("/") ? base : base + "/", location.href);
  })();

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    el.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
    return el;
  }

  return Object.freeze({ root, h });
})();
