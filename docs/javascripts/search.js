/* Site search: the header's search box over the Pagefind index of the scenario pages
   (macros/search.py builds it after every build into pagefind/). Vanilla JavaScript, no library,
   no request to any other host.

   Nothing is downloaded until the reader starts to search: pagefind/pagefind.js (and its
   WebAssembly) is imported on the first focus of the box, or for a ?q= in the address; the
   index chunks, the result fragments and the vocabulary letters a query needs come with it.

   How a query is answered (searchTerms, then rank):
   1. Words that say nothing about a scenario ("how", "do", "the") are dropped, unless nothing
      else is left.
   2. Each word is checked against the vocabulary of the index (pagefind/vocabulary/<letter>.txt,
      the files of the query's first letters only): a word the index lacks is a typo ("kafak")
      and is replaced by the closest word of that letter, by edit distance (one edit, two for
      words of 8 letters or more), or dropped when nothing is close (Pagefind would otherwise
      match a stray prefix of it).
   3. Pagefind looks for the pages that have every word. When fewer than ENOUGH do (people type
      questions and symptoms in their own words, and a page rarely has them all), each word is
      searched on its own and the pages are ranked by the sum of their per-word scores times the
      share of the words they have.
   Pagefind's own ranking weighs the ID, the title, the aliases and the question (RANKING below,
   and the weights in macros/search.py).

   The interface: "/" focuses the box (not while typing in a field); results are links, best
   first, in [data-search-results], each with the scenario's ID, title, difficulty and question;
   Down/Up move through them, Enter opens one, Escape closes the list, then empties the box. The
   address carries the query (?q=...), so a search can be shared; a result's link carries
   ?highlight=..., and the page it opens marks those words (search-highlight.js, an ES module
   loaded with the first search or for a ?highlight= address only). On a phone the box opens from
   the header's search button, over the header. Material's instant navigation keeps the header:
   the box is bound once, and each new page (document$) closes the list and runs the highlighter. */
(function () {
  "use strict";

  const SHOWN = 8; // results listed
  const ENOUGH = 5; // fewer pages with every word than this: search each word too
  const DEBOUNCE_MS = 50;
  const QUERY_PARAM = "q";
  const HIGHLIGHT_PARAM = "highlight";
  // Pagefind's ranking. metaWeights boost a page whose metadata holds the query's words: its
  // ID (so "h11" finds H11 first), its title, its question (overrides/main.html, search.py).
  const RANKING = {
    metaWeights: { id: 40, title: 6, question: 2, aliases: 6, difficulty: 0 },
  };
  const STOP_WORDS = new Set((
    "a about above after again all also am an and any are as at be because been before being but by can " +
    "could did do does doing done for from get gets got had has have having how i if in into is it its " +
    "just me my no nor not of on only or other our out over should so some such than that the " +
    "between versus vs via per " +
    "their them then there these they this those through to too under until up very was we were what " +
    "when where which while who whom why will with would you your"
  ).split(" "));
  // Pagefind drops these from a query (dashes, brackets, quotes and other punctuation).
  const PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
  const MIN_CORRECTED_LENGTH = 3;
  const ID_PATTERN = /^(?:[emh]|sd)\d{2,4}$/;

  // The site root and the element builder (site.js, loaded first).
  const { root: ROOT, h } = window.deisSite;
  const BUNDLE = new URL("pagefind/", ROOT);

  // --- the engine --------------------------------------------------------------------------

  let enginePromise = null;
  function engine() {
    if (!enginePromise) {
      enginePromise = import(new URL("pagefind.js", BUNDLE).href).then(async (pagefind) => {
        await pagefind.options({ baseUrl: ROOT.pathname, ranking: RANKING });
        await pagefind.init();
        return pagefind;
      });
      enginePromise.catch(() => { enginePromise = null; }); // a failed load can be retried
    }
    return enginePromise;
  }

  // search-highlight.js: the words' pattern and the marks, shared with the result pages.
  let markerPromise = null;
  function marker() {
    if (!markerPromise) {
      markerPromise = import(new URL("javascripts/search-highlight.js", ROOT).href);
      markerPromise.catch(() => { markerPromise = null; });
    }
    return markerPromise;
  }

  // The typo vocabulary: one file per first letter, fetched the first time a query has a word
  // of that letter; a letter no word starts with is an empty list.
  const letters = new Map();
  function vocabulary(letter) {
    if (!letters.has(letter)) {
      const promise = fetch(new URL(`vocabulary/${letter}.txt`, BUNDLE)).then((response) => {
        if (response.status === 404) return "";
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      }).then((text) => {
        const words = text.split("\n").filter(Boolean); // most pages first
        return { words, known: new Set(words) };
      });
      promise.catch(() => letters.delete(letter));
      letters.set(letter, promise);
    }
    return letters.get(letter);
  }

  function normalise(word) {
    return word.replace(PUNCTUATION, "").toLowerCase();
  }

  function queryWords(query) {
    const words = query.split(/\s+/).map((raw) => ({ raw, norm: normalise(raw) })).filter((w) => w.norm);
    const content = words.filter((w) => !STOP_WORDS.has(w.norm));
    return content.length ? content : words;
  }

  // Damerau-Levenshtein distance (adjacent transpositions count one), or limit + 1 once it is
  // certain to exceed limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  // What to search for a word of the query: the word itself when the index has it (or a word
  // that starts with it: the reader may still be typing), else the closest word of the
  // vocabulary within the word's edit budget (the more common on a tie), else nothing: Pagefind
  // would match a stray prefix of it ("rbac" finds the pages that have the letter "r").
  async function checked(word) {
    const { raw, norm } = word;
    if (!/^[a-z]+$/.test(norm) || ID_PATTERN.test(norm)) return raw; // codes, names, IDs
    const vocab = await vocabulary(norm[0]);
    if (vocab.known.has(norm) || vocab.words.some((w) => w.startsWith(norm))) return raw;
    if (norm.length < MIN_CORRECTED_LENGTH) return null;
    const limit = norm.length >= 8 ? 2 : 1;
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of vocab.words) {
      const d = distance(norm, candidate, Math.min(limit, bestDistance));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
        if (d === 1) break; // the most common word one edit away
      }
    }
    return best && !STOP_WORDS.has(best) ? best : null;
  }

  // The words to search: the query's words, corrected, without the ones nothing matches.
  async function searchTerms(query) {
    const words = queryWords(query);
    const terms = (await Promise.all(words.map(checked))).filter(Boolean);
    return [...new Set(terms)];
  }

  // Pagefind keeps one set of ranking weights; a query's searches run one query at a time so
  // that the weights of one query's per-word searches never apply to another's.
  let queue = Promise.resolve();
  function exclusive(task) {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  // The weights of a per-word search: a word in the title (or question, aliases) counts as that
  // word's share of the query, squared, as Pagefind itself counts a partial title match; else
  // "handle" would bring "API Downtime Handling" to the top of every "how do you handle ...".
  function wordRanking(count) {
    const share = 1 / (count * count);
    const metaWeights = Object.fromEntries(Object.entries(RANKING.metaWeights)
      .map(([field, weight]) => [field, field === "id" ? weight : weight * share]));
    return { ...RANKING, metaWeights };
  }

  // The ranked Pagefind results for the words, best first: the pages that have every word in
  // Pagefind's order, or, when fewer than ENOUGH pages have them all, every page that has one,
  // by the sum of its per-word scores times the share of the words it has.
  function rank(pagefind, terms) {
    return exclusive(async () => {
      if (!terms.length) return [];
      const every = await pagefind.search(terms.join(" "));
      if (terms.length === 1 || every.results.length >= ENOUGH) return every.results;
      await pagefind.options({ ranking: wordRanking(terms.length) });
      let each;
      try {
        each = await Promise.all(terms.map((term) => pagefind.search(term)));
      } finally {
        await pagefind.options({ ranking: RANKING });
      }
      const pages = new Map();
      for (const found of each) {
        for (const result of found.results) {
          const page = pages.get(result.id) || { result, hits: 0, sum: 0 };
          page.hits += 1;
          page.sum += result.score;
          pages.set(result.id, page);
        }
      }
      const value = (page) => page.sum * (page.hits / terms.length);
      return [...pages.values()].sort((a, b) => value(b) - value(a)).map((page) => page.result);
    });
  }

  // --- the interface -------------------------------------------------------------------------

  function resultUrl(url, terms) {
    const target = new URL(url, location.href);
    if (terms.length) target.searchParams.set(HIGHLIGHT_PARAM, terms.join(" "));
    return target.href;
  }

  function difficultyClass(label) {
    return `site-search__difficulty difficulty-${String(label || "").toLowerCase()}`;
  }

  function renderResult(data, terms, pattern, marks) {
    const meta = data.meta || {};
    const question = (meta.question || "").replace(/^["“]|["”]$/g, "").trim();
    return h("li", { class: "site-search__item" },
      h("a", { class: "site-search__result", href: resultUrl(data.url, terms) },
        h("span", { class: "site-search__head" },
          meta.id ? h("span", { class: "site-search__id" }, meta.id) : null,
          h("span", { class: "site-search__title" }, (meta.title || data.url).replace(/\s*¶$/, "")),
          meta.difficulty ? h("span", { class: difficultyClass(meta.difficulty) }, meta.difficulty) : null),
        question ? h("span", { class: "site-search__question" }, marks.markText(question, pattern)) : null));
  }

  function setQueryInAddress(query) {
    const url = new URL(location.href);
    if (query) url.searchParams.set(QUERY_PARAM, query);
    else url.searchParams.delete(QUERY_PARAM);
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  function isTypingTarget(target) {
    return target instanceof Element && (target.isContentEditable ||
      target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function bind(box) {
    const input = box.querySelector("[data-search-input]");
    const form = box.querySelector("[data-search-form]");
    const panel = box.querySelector("[data-search-panel]");
    const overlay = box.querySelector("[data-search-overlay]");
    const list = box.querySelector("[data-search-results]");
    const status = box.querySelector("[data-search-status]");
    const toggle = box.querySelector("[data-search-toggle]");
    const closer = box.querySelector("[data-search-close]");
    if (!input || !form || !panel || !list || !status) return null;
    let sequence = 0;
    let timer = 0;

    function links() {
      return [...list.querySelectorAll("a")];
    }

    function setExpanded(open) {
      box.classList.toggle("site-search--open", open);
      if (toggle) toggle.setAttribute("aria-expanded", String(open));
    }

    // While the results are open the page under them is dimmed and inert: out of reach of the
    // pointer, Tab and assistive technology, as under a menu; the header stays usable.
    function showPanel(show) {
      panel.hidden = !show;
      if (overlay) overlay.hidden = !show;
      const page = document.querySelector(".md-container");
      if (page) page.inert = show;
    }

    function close({ keepBox = false, restoreFocus = false } = {}) {
      sequence += 1;
      clearTimeout(timer);
      showPanel(false);
      list.replaceChildren();
      list.removeAttribute("data-search-query");
      list.setAttribute("aria-busy", "false");
      status.textContent = "";
      setQueryInAddress("");
      if (!keepBox) setExpanded(false);
      if (restoreFocus) (toggle && toggle.offsetParent !== null ? toggle : input).focus();
    }

    async function run(query) {
      const mine = ++sequence;
      const trimmed = query.trim();
      setQueryInAddress(trimmed);
      if (!trimmed) {
        showPanel(false);
        list.replaceChildren();
        list.removeAttribute("data-search-query");
        status.textContent = "";
        return;
      }
      list.setAttribute("aria-busy", "true");
      showPanel(true);
      try {
        const [pagefind, marks, terms] = await Promise.all([engine(), marker(), searchTerms(trimmed)]);
        const results = await rank(pagefind, terms);
        const data = await Promise.all(results.slice(0, SHOWN).map((result) => result.data()));
        if (mine !== sequence) return;
        const pattern = marks.termPattern(terms);
        list.replaceChildren(...data.map((page) => renderResult(page, terms, pattern, marks)));
        const count = results.length;
        status.textContent = count === 0
          ? `No scenario matches “${trimmed}”. Try fewer or other words.`
          : `${count} scenario${count === 1 ? " matches" : "s match"} “${trimmed}”` +
            (count > SHOWN ? `, the best ${SHOWN} listed.` : ".");
      } catch (error) {
        if (mine !== sequence) return;
        list.replaceChildren();
        status.textContent = `Search could not be loaded (${error.message}). Reload the page to try again.`;
      }
      list.setAttribute("data-search-query", trimmed);
      list.setAttribute("aria-busy", "false");
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
    }

    function open() {
      setExpanded(true);
      input.focus();
      input.select();
    }

    input.addEventListener("focus", () => {
      engine().catch(() => {}); // start loading while the reader types
      marker().catch(() => {});
      if (input.value.trim() && panel.hidden) run(input.value);
    });
    input.addEventListener("input", schedule);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = links()[0];
      if (first) first.click();
      else run(input.value);
    });
    box.addEventListener("keydown", (event) => {
      const items = links();
      const at = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && (event.target === input || at >= 0)) {
        if (!items.length) return;
        event.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : items[at - 1]).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (!panel.hidden) {
          close({ keepBox: true });
          input.focus();
        } else {
          input.value = "";
          close({ restoreFocus: true });
        }
      }
    });
    if (toggle) toggle.addEventListener("click", () => {
      if (box.classList.contains("site-search--open")) close({ restoreFocus: true });
      else open();
    });
    if (closer) closer.addEventListener("click", () => {
      input.value = "";
      close({ restoreFocus: true });
    });
    // The list closes when the reader goes elsewhere (a click or Tab out of the search).
    document.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target && !box.contains(target) && !target.closest("[data-open-search]") && !panel.hidden) close({ keepBox: true });
    });
    box.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !box.contains(event.relatedTarget)) close();
    });
    if (overlay) overlay.addEventListener("click", () => close({ keepBox: true }));
    list.addEventListener("click", (event) => {
      if (event.target.closest("a")) {
        input.value = "";
        close();
      }
    });

    return {
      open,
      close,
      showQuery(query) {
        setExpanded(true);
        input.value = query;
        run(query);
      },
      focus: open,
    };
  }

  // --- wiring ----------------------------------------------------------------------------------

  let search = null;
  const box = document.querySelector("[data-site-search]");
  if (box) search = bind(box);

  document.addEventListener("keydown", (event) => {
    if (!search || event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    event.preventDefault();
    search.focus();
  });
  document.addEventListener("click", (event) => {
    const opener = event.target instanceof Element && event.target.closest("[data-open-search]");
    if (!opener || !search) return;
    event.preventDefault();
    search.focus();
  });

  let first = true;
  function onPage() {
    const params = new URLSearchParams(location.search);
    if (first) {
      first = false;
      const query = params.get(QUERY_PARAM);
      if (search && query && query.trim()) search.showQuery(query);
    } else if (search) {
      search.close();
    }
    const highlight = params.get(HIGHLIGHT_PARAM);
    if (highlight && highlight.trim()) {
      marker()
        .then((marks) => marks.highlight(document.querySelector("article.md-content__inner"), highlight))
        .catch(() => { /* the page reads fine without its highlights */ });
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
