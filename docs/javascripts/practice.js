/* Practice mode: study the scenarios in the browser, with the reader's progress kept only in
   this browser (localStorage). Vanilla JavaScript, no library, no request to any other host.
   Without JavaScript every page shows everything: this file only adds classes, attributes and
   controls. Material's instant navigation swaps pages without a reload, so `init` runs again on
   each `document$` emission; listeners on window/document are bound once, below.

   What it adds:
   - scenario pages: a Practice/Read switch (remembered), the answer hidden until "Show answer"
     in Practice mode, follow-up questions one at a time, the reader's status, "Copy link";
   - home and bucket pages ([data-progress-summary]): "N of T practised · D due today";
   - listing pages: a mark after each link to a scenario that has progress;
   - /practice/: the filtered table, Random, Export/Import, the timed mock interview;
   - 404 page: a suggestion when the address looks like a scenario ID or slug.

   Storage (localStorage):
     "deis-practice-mode" -> "practice" | "read"   (scenario pages open in Practice by default)
     "deis-progress-v1"   -> {"version": 1, "scenarios": {
                               "M33": {"status": "practised", "last": "2026-12-02", "step": 1,
                                       "due": "2026-12-05"}}}
   status is new | practised | confident | review; last = the day it was last marked, due = the
   day it is due again (local dates, YYYY-MM-DD); step = index into INTERVALS (0..4). "New"
   removes the record. An export file is exactly this object; an import must be too.

   Spaced review (nextReview): intervals 1, 3, 7, 14, 30 days.
   - Review again: step 0, due tomorrow.
   - Practised: step 0 the first time; marked again on a later day than the last mark, the step
     advances by one (capped at 30 days); marked again on the same day, the step stays.
   - Confident: as Practised, but the step is at least 3 (due in 14 days, or 30).
   The step is computed from the record as it was when the page was opened, so changing one's
   mind on the same page (Practised, then Review again, then Practised) never advances twice.
   A scenario is due when its due date <= today; it counts as practised when its status is
   practised, confident or review. */
(function () {
  "use strict";

  const STORE_KEY = "deis-progress-v1";
  const MODE_KEY = "deis-practice-mode";
  const INTERVALS = [1, 3, 7, 14, 30];
  const CONFIDENT_STEP = 3;
  const STATUSES = ["new", "practised", "confident", "review"];
  const LABELS = { new: "New", practised: "Practised", confident: "Confident", review: "Review again" };
  const ID_PATTERN = /^(?:[EMH]|SD)\d{2,4}$/;
  const FILTERS = ["bucket", "difficulty", "technology", "status"];
  const PAGE_SIZE = 50;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const STEPS = [
    ["Immediate fix", "what you do right now to stop the damage and get correct data today."],
    ["Long-term prevention", "why it happened, and the design change, test or alert that keeps it from coming back."],
    ["How to communicate it", "who is affected, what you tell them and when."],
  ];

  // The site root and the element builder (site.js, loaded first).
  const { root: ROOT, h } = window.deisSite;

  let scenariosPromise = null; // scenarios.json, fetched at most once per page life
  let refreshers = []; // what to redraw when the progress changes (this page's views)
  let cleanups = []; // what to stop when the page is left (timers)
  let generation = 0; // bumped on every page: late async work for an old page is dropped
  let scenarioPage = null; // the current scenario page's reveal controls, for links to anchors

  // --- small helpers ---------------------------------------------------------------------------

  function button(text, onclick, props) {
    return h("button", Object.assign({ type: "button", class: "practice-button", onclick }, props), text);
  }

  function iso(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function today() {
    return iso(new Date());
  }

  function parseDate(text) {
    const [y, m, d] = text.split("-").map(Number);
    return new Date(y, m - 1, d);
  }

  function addDays(text, days) {
    const date = parseDate(text);
    date.setDate(date.getDate() + days);
    return iso(date);
  }

  function isDate(value) {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && iso(parseDate(value)) === value;
  }

  function formatDate(text) {
    const date = parseDate(text);
    return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function shuffle(items) {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  function parseUrl(href, base) {
    try {
      return new URL(href, base || location.href);
    } catch (error) {
      return null; // e.g. href="//" (a protocol-relative link with no host)
    }
  }

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text; // a stray "%" in the address
    }
  }

  function siteUrl(path) {
    return new URL(path, ROOT);
  }

  function loadScenarios() {
    if (!scenariosPromise) {
      scenariosPromise = fetch(siteUrl("scenarios.json"))
        .then((response) => {
          if (!response.ok) throw new Error(`scenarios.json: HTTP ${response.status}`);
          return response.json();
        })
        .then((list) => {
          const byPath = new Map(list.map((s) => [siteUrl(s.url).pathname, s]));
          return { list, byPath, byId: new Map(list.map((s) => [s.id, s])) };
        })
        .catch((error) => {
          scenariosPromise = null; // try again on the next page
          throw error;
        });
    }
    return scenariosPromise;
  }

  // --- progress: storage, the review rule, validation -------------------------------------------

  function emptyStore() {
    return { version: 1, scenarios: {} };
  }

  function readStore() {
    try {
      const data = JSON.parse(localStorage.getItem(STORE_KEY));
      if (data && !problemIn(data)) return data;
    } catch (error) { /* unreadable: start afresh */ }
    return emptyStore();
  }

  function writeStore(data) {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(data));
      return true;
    } catch (error) {
      return false; // storage full or switched off: the page still works for this visit
    }
  }

  function nextReview(previous, status, on) {
    if (status === "new") return null;
    let step = 0;
    if (status !== "review" && previous && previous.status !== "new") {
      step = previous.last < on ? Math.min(previous.step + 1, INTERVALS.length - 1) : previous.step;
    }
    if (status === "confident") step = Math.max(step, CONFIDENT_STEP);
    return { status, last: on, step, due: addDays(on, INTERVALS[step]) };
  }

  function setStatus(id, status, base) {
    const store = readStore();
    const record = nextReview(base, status, today());
    if (record) store.scenarios[id] = record;
    else delete store.scenarios[id];
    writeStore(store);
    refreshAll();
  }

  // {status, due}: a scenario without a record is new; "due" only for one that was practised.
  function statusOf(store, id, on) {
    const record = store.scenarios[id];
    const status = record ? record.status : "new";
    return { status, record, due: status !== "new" && record.due <= on };
  }

  function describeRecord(record, on) {
    if (!record || record.status === "new") return "Not practised yet";
    let due = `due again ${formatDate(record.due)}`;
    if (record.due === on) due = "due for review today";
    else if (record.due < on) due = `due for review since ${formatDate(record.due)}`;
    return `Last practised ${formatDate(record.last)} · ${due}`;
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function shown(value) {
    return value === undefined ? "missing" : `'${typeof value === "string" ? value : JSON.stringify(value)}'`;
  }

  // What is wrong with a progress object, in words, or null when it is valid.
  function problemIn(data) {
    if (!isPlainObject(data)) return "it does not hold a JSON object";
    const extra = Object.keys(data).find((key) => key !== "version" && key !== "scenarios");
    if (extra) return `it has an unexpected field '${extra}'`;
    if (data.version !== 1) return `version is ${shown(data.version)}, expected 1`;
    if (!isPlainObject(data.scenarios)) return "scenarios is missing or is not an object";
    for (const [id, record] of Object.entries(data.scenarios)) {
      const at = `scenarios.${id}`;
      if (!ID_PATTERN.test(id)) return `'${id}' is not a scenario ID such as M33 or SD04`;
      if (!isPlainObject(record)) return `${at} is not an object`;
      const unknown = Object.keys(record).find((key) => !["status", "last", "step", "due"].includes(key));
      if (unknown) return `${at} has an unexpected field '${unknown}'`;
      if (!STATUSES.includes(record.status)) {
        return `${at}.status is ${shown(record.status)}, expected new, practised, confident or review`;
      }
      if (record.status === "new" && Object.keys(record).length === 1) continue;
      for (const key of ["last", "due"]) {
        if (!isDate(record[key])) return `${at}.${key} is ${shown(record[key])}, expected a date such as 2026-12-02`;
      }
      if (!Number.isInteger(record.step) || record.step < 0 || record.step >= INTERVALS.length) {
        return `${at}.step is ${shown(record.step)}, expected a whole number from 0 to ${INTERVALS.length - 1}`;
      }
      if (record.due < record.last) return `${at}.due (${record.due}) is before ${at}.last (${record.last})`;
    }
    return null;
  }

  function refreshAll() {
    for (const refresh of refreshers) refresh();
  }

  // --- Export and Import -----------------------------------------------------------------------

  // The buttons, the hidden file input and the two message lines (status and alert).
  function progressTools() {
    const message = h("p", { class: "practice-message", role: "status" });
    const error = h("p", { class: "practice-error", role: "alert" });
    const say = (text, isError) => {
      message.textContent = isError ? "" : text;
      error.textContent = isError ? text : "";
    };
    const input = h("input", { type: "file", accept: ".json,application/json", hidden: true, tabindex: "-1" });
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      input.value = "";
      if (file) file.text().then((text) => importProgress(text, say), () => say("The file could not be read.", true));
    });
    const actions = h("div", { class: "practice-actions practice-control" },
      button("Export progress", () => exportProgress(say)),
      button("Import progress", () => input.click()),
      input);
    return { actions, messages: [message, error], say };
  }

  function exportProgress(say) {
    const data = readStore();
    const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `de-interview-progress-${today()}.json`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Exported progress for ${plural(Object.keys(data.scenarios).length, "scenario", "scenarios")}.`);
  }

  function importProgress(text, say) {
    const refuse = (why) => say(`This file is not progress exported from this site: ${why}. Nothing was changed.`, true);
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return refuse("it is not valid JSON");
    }
    const problem = problemIn(data);
    if (problem) return refuse(problem);
    const have = Object.keys(readStore().scenarios).length;
    const count = Object.keys(data.scenarios).length;
    if (have && !window.confirm(`Replace the progress saved in this browser (${plural(have, "scenario", "scenarios")}) with the file's (${plural(count, "scenario", "scenarios")})?`)) {
      return say("Import cancelled. Nothing was changed.");
    }
    if (!writeStore(data)) return say("This browser refused to save the progress (storage is full or switched off).", true);
    refreshAll();
    say(`Imported progress for ${plural(count, "scenario", "scenarios")}.`);
  }

  // --- scenario pages --------------------------------------------------------------------------

  function readMode() {
    try {
      return localStorage.getItem(MODE_KEY) === "read" ? "read" : "practice";
    } catch (error) {
      return "practice";
    }
  }

  function threeSteps() {
    return h("ol", {}, STEPS.map(([name, what]) => h("li", {}, h("strong", {}, name), ` — ${what}`)));
  }

  function initScenario(article) {
    const meta = article.querySelector(":scope > .scenario-meta");
    const question = document.getElementById("interview-question");
    const start = document.getElementById("in-one-minute");
    if (!meta || !question || !start || start.parentElement !== article) return;
    const id = (meta.querySelector("strong") || {}).textContent;
    enhanceShortLink(meta);

    const answer = [];
    for (let el = start; el; el = el.nextElementSibling) answer.push(el);
    answer.forEach((el) => el.setAttribute("data-practice-answer", ""));
    start.setAttribute("tabindex", "-1");
    const followups = answer.filter((el) => el.matches("details.question"));

    const state = { mode: readMode(), revealed: false, followupsShown: 1 };
    const practiceButton = button("Practice", () => setMode("practice"));
    const readButton = button("Read", () => setMode("read"));
    const bar = h("div", { class: "practice-bar practice-control", role: "group", "aria-labelledby": "practice-mode-label" },
      h("span", { id: "practice-mode-label", class: "practice-label" }, "Study mode"), practiceButton, readButton);
    question.before(bar);

    const showButton = button("Show answer", () => reveal(true), { class: "practice-button practice-button--primary" });
    const prompt = h("div", { class: "practice-prompt practice-control" },
      h("p", {}, h("strong", {}, "Answer aloud first"), ", in three parts, then show the answer and compare:"),
      threeSteps(), showButton);
    start.before(prompt, progressWidget(id));

    const nextFollowup = button("Next follow-up question", () => {
      state.followupsShown += 1;
      drawFollowups();
      const summary = followups[state.followupsShown - 1].querySelector("summary");
      if (summary) summary.focus();
    });
    const nextWrap = h("p", { class: "practice-next practice-control", "data-practice-answer": "" }, nextFollowup);
    if (followups.length > 1) followups[followups.length - 1].after(nextWrap);

    function drawFollowups() {
      const hiding = state.mode === "practice";
      followups.forEach((el, i) => el.toggleAttribute("data-practice-later", hiding && i >= state.followupsShown));
      nextWrap.hidden = !hiding || state.followupsShown >= followups.length;
    }

    function draw() {
      const practice = state.mode === "practice";
      practiceButton.setAttribute("aria-pressed", String(practice));
      readButton.setAttribute("aria-pressed", String(!practice));
      article.classList.toggle("practice-hide-answer", practice && !state.revealed);
      prompt.hidden = !practice;
      showButton.hidden = state.revealed;
      drawFollowups();
    }

    function setMode(mode) {
      state.mode = mode;
      state.revealed = false;
      state.followupsShown = 1;
      try {
        localStorage.setItem(MODE_KEY, mode);
      } catch (error) { /* not remembered, still applied */ }
      draw();
    }

    function reveal(moveFocus) {
      state.revealed = true;
      draw();
      if (moveFocus) start.focus();
    }

    // A link to an anchor in the hidden part (the table of contents, a search result) shows it.
    function revealTarget(target) {
      if (state.mode !== "practice" || !article.contains(target)) return false;
      const inAnswer = answer.some((el) => el === target || el.contains(target));
      if (!inAnswer) return false;
      const wasHidden = !state.revealed;
      if (wasHidden) reveal(false);
      const index = followups.findIndex((el) => el === target || el.contains(target));
      if (index >= state.followupsShown) {
        state.followupsShown = index + 1;
        drawFollowups();
        return true;
      }
      return wasHidden;
    }

    scenarioPage = { revealTarget };
    draw();
    revealHash();
  }

  // On arrival with an anchor in the hidden part: show it, then go to it (the browser could not
  // scroll to it while it was hidden).
  function revealHash() {
    if (!scenarioPage || location.hash.length < 2) return;
    const target = document.getElementById(decode(location.hash.slice(1)));
    if (target && scenarioPage.revealTarget(target)) target.scrollIntoView();
  }

  // The status buttons and the date line, for one scenario.
  function progressWidget(id) {
    const base = readStore().scenarios[id] || null;
    const when = h("p", { class: "practice-when", "aria-live": "polite" });
    const buttons = STATUSES.map((status) => button(LABELS[status], () => setStatus(id, status, base), { "data-status": status }));
    const group = h("div", { class: "practice-progress practice-control", role: "group", "aria-labelledby": "practice-progress-label" },
      h("span", { id: "practice-progress-label", class: "practice-label" }, "Your progress"), buttons, when);
    const update = () => {
      const record = readStore().scenarios[id];
      const current = record ? record.status : "new";
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.status === current)));
      when.textContent = describeRecord(record, today());
    };
    update();
    refreshers.push(update);
    return group;
  }

  function enhanceShortLink(meta) {
    const link = meta.querySelector("a.scenario-short-link");
    if (!link) return;
    const url = parseUrl(link.getAttribute("href"));
    if (!url) return;
    url.hash = url.search = "";
    const absolute = url.href.replace(/index\.html$/, "");
    link.textContent = absolute;
    const said = h("span", { class: "practice-copied", role: "status" });
    const copy = button("Copy link", () => {
      const done = () => { said.textContent = "Link copied"; };
      const selectIt = () => {
        const range = document.createRange();
        range.selectNodeContents(link);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        said.textContent = "Link selected: press Ctrl+C (or ⌘C) to copy it";
      };
      said.textContent = "";
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(absolute).then(done, selectIt);
      else selectIt();
    }, { class: "practice-button practice-button--small practice-control" });
    link.after(" ", copy, " ", said);
  }

  // --- marks next to links to scenarios ----------------------------------------------------------

  const UNMARKED = ".scenario-pager, .scenario-meta, .practice-list, .practice-mock, .headerlink, [data-not-found-suggestion]";

  function scenarioLinks(article) {
    const prefix = ROOT.pathname + "scenarios/";
    return [...article.querySelectorAll("a[href]")].filter((a) => {
      if (a.closest(UNMARKED)) return false;
      const url = parseUrl(a.getAttribute("href"));
      return url !== null && url.origin === ROOT.origin && url.pathname.startsWith(prefix);
    });
  }

  function markLinks(links, catalog) {
    const store = readStore();
    const on = today();
    for (const link of links) {
      const old = link.nextElementSibling;
      if (old && old.classList.contains("practice-mark")) old.remove();
      const scenario = catalog.byPath.get(parseUrl(link.getAttribute("href")).pathname.replace(/index\.html$/, ""));
      if (!scenario) continue;
      const { status, due } = statusOf(store, scenario.id, on);
      if (status === "new") continue;
      const again = due || status === "review";
      const words = due ? "due for review" : status === "review" ? "to review again" : status;
      link.after(h("span", { class: `practice-mark practice-mark--${again ? "due" : "done"}`, title: words },
        h("span", { "aria-hidden": "true" }, again ? "↻" : "✓"),
        h("span", { class: "practice-sr" }, ` (${words})`)));
    }
  }

  // --- progress summaries on the home page and the bucket pages ----------------------------------

  function practiceLink(params, text) {
    const url = siteUrl("practice/");
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    return h("a", { href: url.href }, text);
  }

  function initSummary(box, catalog) {
    const bucket = box.getAttribute("data-bucket") || "";
    const scope = bucket ? catalog.list.filter((s) => s.bucket === bucket) : catalog.list;
    const line = h("p", { class: "practice-summary-line" });
    box.replaceChildren(line);
    if (!bucket) {
      const tools = progressTools();
      box.append(tools.actions, ...tools.messages);
    }
    const draw = () => {
      const store = readStore();
      const on = today();
      let done = 0, due = 0, fresh = 0;
      for (const s of scope) {
        const info = statusOf(store, s.id, on);
        if (info.status === "new") fresh += 1;
        else done += 1;
        if (info.due) due += 1;
      }
      const link = due ? practiceLink({ bucket, status: "due" }, "Practise the due ones")
        : fresh ? practiceLink({ bucket, status: "new" }, "Practise new ones")
        : practiceLink({ bucket }, "Practise them again");
      line.replaceChildren(h("strong", {}, "Your progress: "),
        `${done} of ${scope.length} practised · ${due} due today · `, link);
    };
    draw();
    refreshers.push(draw);
  }

  // --- the practice page -----------------------------------------------------------------------

  function optionNames(select) {
    return new Map([...select.options].map((option) => [option.value, option.textContent]));
  }

  function pickOrder(items, store, on) {
    const groups = [[], [], []];
    for (const s of items) {
      const info = statusOf(store, s.id, on);
      groups[info.due ? 0 : info.status === "new" ? 1 : 2].push(s);
    }
    return groups.flatMap(shuffle);
  }

  function initPractice(root, catalog) {
    const form = root.querySelector("[data-practice-filters]");
    const tools = root.querySelector("[data-practice-tools]");
    const listBox = root.querySelector("[data-practice-list]");
    if (!form || !tools || !listBox) return;
    const names = {};
    for (const key of FILTERS) names[key] = optionNames(form.elements[key]);

    const params = new URLSearchParams(location.search);
    for (const key of FILTERS) {
      const value = params.get(key) || "";
      form.elements[key].value = names[key].has(value) ? value : "";
    }

    let page = 0;
    let matching = [];
    const count = h("p", { class: "practice-count", role: "status" });
    const table = h("div", { class: "practice-table" });
    const previous = button("Previous page", () => turn(-1));
    const next = button("Next page", () => turn(1));
    const where = h("span", { class: "practice-page" });
    const pager = h("div", { class: "practice-pager practice-control" }, previous, where, next);
    listBox.removeAttribute("aria-live"); // the count below is the live part, not the whole table
    listBox.replaceChildren(count, table, pager);

    const random = button("Random", () => {
      const pick = pickOrder(matching, readStore(), today())[0];
      if (pick) location.assign(siteUrl(pick.url));
    });
    const progress = progressTools();
    progress.actions.prepend(random);
    const mock = mockSetup(root, () => matching, () => { draw(); });
    tools.replaceChildren(progress.actions, ...progress.messages, mock);

    function filters() {
      const chosen = {};
      for (const key of FILTERS) chosen[key] = form.elements[key].value;
      return chosen;
    }

    function writeUrl(chosen) {
      const query = new URLSearchParams();
      for (const key of FILTERS) if (chosen[key]) query.set(key, chosen[key]);
      const search = query.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    function draw() {
      const chosen = filters();
      const store = readStore();
      const on = today();
      matching = catalog.list.filter((s) => {
        if (chosen.bucket && s.bucket !== chosen.bucket) return false;
        if (chosen.difficulty && s.difficulty !== chosen.difficulty) return false;
        if (chosen.technology && !s.technologies.includes(chosen.technology)) return false;
        if (!chosen.status) return true;
        const info = statusOf(store, s.id, on);
        return chosen.status === "due" ? info.due : info.status === chosen.status;
      });
      const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
      page = Math.min(Math.max(page, 0), pages - 1);
      const first = page * PAGE_SIZE;
      const rows = matching.slice(first, first + PAGE_SIZE);
      random.disabled = !matching.length;
      if (!matching.length) {
        count.textContent = "No scenario matches these filters. Choose “All buckets”, “Any difficulty”, “Any technology” or “Any status” to widen the list.";
        table.replaceChildren();
      } else {
        count.textContent = `${matching.length === 1 ? "1 scenario matches" : `${matching.length} scenarios match`}` +
          (pages > 1 ? ` (showing ${first + 1}–${first + rows.length})` : "") + ".";
        table.replaceChildren(scenarioTable(rows, store, on, names));
      }
      pager.hidden = pages < 2;
      where.textContent = `Page ${page + 1} of ${pages}`;
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }

    function turn(by) {
      page += by;
      draw();
      if (document.activeElement && document.activeElement.disabled) (by > 0 ? previous : next).focus();
    }

    const apply = (event) => {
      if (event.type === "submit") event.preventDefault();
      page = 0;
      writeUrl(filters());
      draw();
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", apply);
    draw();
    refreshers.push(draw);
  }

  function scenarioTable(rows, store, on, names) {
    const columns = ["ID", "Title", "Difficulty", "Bucket", "Technologies", "Status", "Due"];
    const cell = (label, ...content) => h("td", { role: "cell", "data-label": label }, ...content);
    const body = rows.map((s) => {
      const info = statusOf(store, s.id, on);
      let due = "";
      if (info.record && info.status !== "new") {
        due = info.record.due === on ? "today" : info.record.due < on ? `since ${formatDate(info.record.due)}` : formatDate(info.record.due);
      }
      return h("tr", { role: "row", "data-id": s.id },
        cell("ID", s.id),
        cell("Title", h("a", { href: siteUrl(s.url).href }, s.title)),
        cell("Difficulty", names.difficulty.get(s.difficulty) || s.difficulty),
        cell("Bucket", names.bucket.get(s.bucket) || s.bucket),
        cell("Technologies", s.technologies.map((t) => names.technology.get(t) || t).join(", ")),
        cell("Status", LABELS[info.status] + (info.due ? " · due" : "")),
        cell("Due", due));
    });
    return h("table", { role: "table" },
      h("caption", { class: "practice-sr" }, "Scenarios that match the filters"),
      h("thead", { role: "rowgroup" }, h("tr", { role: "row" }, columns.map((c) => h("th", { role: "columnheader", scope: "col" }, c)))),
      h("tbody", { role: "rowgroup" }, body));
  }

  // --- the mock interview ----------------------------------------------------------------------

  function mockSetup(root, getMatching, onFinish) {
    const number = h("input", { type: "number", id: "practice-mock-count", min: 1, max: 20, value: 3, inputmode: "numeric" });
    const minutes = h("input", { type: "number", id: "practice-mock-minutes", min: 1, max: 60, value: 10, inputmode: "numeric" });
    const message = h("p", { class: "practice-error", role: "alert" });
    const start = button("Start mock interview", () => {
      const n = Math.min(20, Math.max(1, parseInt(number.value, 10) || 3));
      const perQuestion = Math.min(60, Math.max(1, parseInt(minutes.value, 10) || 10));
      const chosen = pickOrder(getMatching(), readStore(), today()).slice(0, n);
      if (!chosen.length) {
        message.textContent = "No scenario matches the filters: widen them to start a mock interview.";
        return;
      }
      message.textContent = "";
      runMock(root, chosen, perQuestion, () => {
        onFinish();
        start.focus();
      });
    }, { class: "practice-button practice-button--primary" });
    return h("section", { class: "practice-mock-setup", "aria-labelledby": "practice-mock-title" },
      h("h2", { id: "practice-mock-title" }, "Mock interview"),
      h("p", {}, "Questions picked from the scenarios that match the filters (due ones first, then new ones), against the clock. Answer aloud, then score yourself."),
      h("div", { class: "practice-fields" },
        h("div", { class: "practice-field" }, h("label", { for: "practice-mock-count" }, "Number of questions"), number),
        h("div", { class: "practice-field" }, h("label", { for: "practice-mock-minutes" }, "Minutes per question"), minutes)),
      start, message);
  }

  // The nodes of a fetched scenario page: question, the one-minute answer, the follow-ups.
  function fetchScenario(scenario) {
    const url = siteUrl(scenario.url);
    return fetch(url).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    }).then((text) => {
      const doc = new DOMParser().parseFromString(text, "text/html");
      for (const el of doc.querySelectorAll("script, .headerlink")) el.remove();
      for (const key of ["href", "src"]) {
        for (const el of doc.querySelectorAll(`[${key}]`)) {
          const absolute = parseUrl(el.getAttribute(key), url);
          if (absolute) el.setAttribute(key, absolute.href);
        }
      }
      for (const el of doc.querySelectorAll("[id]")) if (!el.matches("h2")) el.removeAttribute("id");
      const between = (from, stop) => {
        const nodes = [];
        for (let el = from && from.nextElementSibling; el && !stop(el); el = el.nextElementSibling) nodes.push(document.adoptNode(el.cloneNode(true)));
        return nodes;
      };
      const question = between(doc.getElementById("interview-question"), (el) => el.tagName === "H2");
      const answer = between(doc.getElementById("in-one-minute"), (el) => el.tagName === "H2");
      const followups = between(doc.getElementById("follow-up-questions"), (el) => el.tagName === "H2")
        .filter((el) => el.matches("details.question"));
      if (!question.length) throw new Error("no question found");
      return { question, answer, followups, url };
    });
  }

  function runMock(root, chosen, perQuestion, onFinish) {
    const hiddenParts = [...root.children].filter((el) => !el.hidden);
    hiddenParts.forEach((el) => { el.hidden = true; });
    const scores = {};
    let index = 0;
    let stopTimer = () => {};
    const panel = h("section", { class: "practice-mock", "aria-label": "Mock interview" });
    root.prepend(panel);
    cleanups.push(() => stopTimer());

    const end = button("End interview", () => summary(), { class: "practice-button practice-mock-end" });

    const heading = (text) => h("h2", { tabindex: "-1", class: "practice-mock-heading" }, text);

    function show() {
      stopTimer();
      const scenario = chosen[index];
      const title = heading(`Question ${index + 1} of ${chosen.length}`);
      const body = h("div", { class: "practice-mock-body" }, h("p", {}, "Loading the question…"));
      panel.replaceChildren(title, body, h("p", { class: "practice-control" }, end));
      title.focus();
      const gen = generation;
      fetchScenario(scenario).then((parts) => {
        if (gen === generation && panel.isConnected && chosen[index] === scenario) fill(body, scenario, parts);
      }, (error) => {
        body.replaceChildren(h("p", {}, `This question could not be loaded (${error.message}): `,
          h("a", { href: siteUrl(scenario.url).href }, `open ${scenario.id}`), " or go on."),
          nextButton());
      });
    }

    function fill(body, scenario, parts) {
      const clock = h("span", { role: "timer", class: "practice-clock" });
      const timeUp = h("span", { class: "practice-time-up", "aria-live": "assertive" });
      stopTimer = startTimer(perQuestion * 60, clock, () => {
        timeUp.textContent = " Time is up: finish your answer, then show the answer.";
      });
      const answerBox = h("div", { class: "practice-mock-answer", hidden: true });
      const showAnswer = button("Show answer", () => {
        showAnswer.hidden = true;
        answerBox.hidden = false;
        answerHeading.focus();
      }, { class: "practice-button practice-button--primary" });
      const answerHeading = h("h3", { tabindex: "-1" }, "In one minute");
      const followBox = h("div", { class: "practice-mock-followups" });
      const moreFollowups = button("Next follow-up question", () => {
        shownFollowups += 1;
        drawFollowups();
        const summaryEl = followBox.querySelectorAll("details")[shownFollowups - 1].querySelector("summary");
        if (summaryEl) summaryEl.focus();
      });
      let shownFollowups = 1;
      const drawFollowups = () => {
        followBox.replaceChildren(...parts.followups.slice(0, shownFollowups));
        moreWrap.hidden = shownFollowups >= parts.followups.length;
      };
      const moreWrap = h("p", { class: "practice-control" }, moreFollowups);
      const scoreButtons = ["practised", "confident", "review"].map((status) => button(LABELS[status], () => {
        scores[scenario.id] = status;
        setStatus(scenario.id, status, base);
        scoreButtons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.status === status)));
      }, { "data-status": status, "aria-pressed": "false" }));
      const base = readStore().scenarios[scenario.id] || null;
      answerBox.append(answerHeading, ...parts.answer,
        h("p", {}, h("a", { href: parts.url.href, target: "_blank", rel: "noopener" }, `The full answer to ${scenario.id} · ${scenario.title} (opens in a new tab)`)));
      if (parts.followups.length) {
        answerBox.append(h("h3", {}, "Follow-up questions"), followBox, moreWrap);
        drawFollowups();
      }
      answerBox.append(
        h("div", { class: "practice-progress practice-control", role: "group", "aria-labelledby": "practice-score-label" },
          h("span", { id: "practice-score-label", class: "practice-label" }, "How did it go?"), scoreButtons),
        nextButton());
      body.replaceChildren(
        h("p", { class: "practice-mock-meta" }, `${scenario.id} · ${scenario.difficulty[0].toUpperCase()}${scenario.difficulty.slice(1)}`),
        h("p", { class: "practice-timer" }, "Time left: ", clock, timeUp),
        h("blockquote", { class: "practice-mock-question" }, ...parts.question),
        h("div", { class: "practice-prompt" }, h("p", {}, h("strong", {}, "Answer aloud"), " in three parts:"), threeSteps()),
        showAnswer, answerBox);
    }

    function nextButton() {
      const last = index >= chosen.length - 1;
      return h("p", { class: "practice-control" }, button(last ? "See the summary" : "Next question", () => {
        if (last) return summary();
        index += 1;
        show();
      }, { class: "practice-button practice-button--primary" }));
    }

    function summary() {
      stopTimer();
      const counts = { practised: 0, confident: 0, review: 0 };
      for (const status of Object.values(scores)) counts[status] += 1;
      const asked = Math.min(index + 1, chosen.length);
      const title = heading("Mock interview finished");
      panel.replaceChildren(title,
        h("p", {}, `${plural(asked, "question", "questions")} of ${chosen.length} asked.`),
        h("ul", {},
          ["practised", "confident", "review"].map((s) => h("li", {}, `${LABELS[s]}: ${counts[s]}`)),
          h("li", {}, `Not scored: ${asked - Object.keys(scores).length}`)),
        h("ul", { class: "practice-mock-list" }, chosen.slice(0, asked).map((s) =>
          h("li", {}, h("a", { href: siteUrl(s.url).href }, `${s.id} · ${s.title}`), ` — ${scores[s.id] ? LABELS[scores[s.id]] : "not scored"}`))),
        h("p", { class: "practice-control" }, button("Finish", () => {
          panel.remove();
          hiddenParts.forEach((el) => { el.hidden = false; });
          onFinish();
        }, { class: "practice-button practice-button--primary" })));
      title.focus();
    }

    show();
  }

  function startTimer(seconds, display, onEnd) {
    const endAt = Date.now() + seconds * 1000;
    let id = null;
    const stop = () => clearInterval(id);
    const tick = () => {
      const left = Math.max(0, Math.ceil((endAt - Date.now()) / 1000));
      display.textContent = `${String(Math.floor(left / 60)).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
      if (left === 0) {
        stop();
        onEnd();
      }
    };
    id = setInterval(tick, 1000);
    tick();
    return stop;
  }

  // --- the 404 page ----------------------------------------------------------------------------

  // "search the site" on the 404 page is the site search's own button (docs/javascripts/search.js).
  function initNotFound(box) {
    const path = decode(location.pathname.startsWith(ROOT.pathname) ? location.pathname.slice(ROOT.pathname.length) : location.pathname);
    const parts = path.split("/").filter(Boolean);
    const word = (parts[0] === "scenarios" ? parts[1] : parts[0]) || "";
    const found = /^(sd|[emh])[-_ ]?0*(\d{1,4})(?:$|[-_ ])/i.exec(word);
    if (!found) return;
    const gen = generation;
    loadScenarios().then((catalog) => {
      if (gen !== generation) return;
      const prefix = found[1].toUpperCase();
      const number = Number(found[2]);
      const slug = word.toLowerCase();
      const scenario = catalog.list.find((s) => s.url.split("/").filter(Boolean).pop() === slug) ||
        catalog.list.find((s) => s.id.replace(/\d+$/, "") === prefix && Number(s.id.replace(/^\D+/, "")) === number);
      if (!scenario) return;
      box.replaceChildren(h("p", { class: "practice-suggestion" }, h("strong", {}, `This address looks like scenario ${scenario.id}: `),
        h("a", { href: siteUrl(scenario.url).href }, `${scenario.id} · ${scenario.title}`)));
    }, () => {});
  }

  // --- wiring ----------------------------------------------------------------------------------

  function init() {
    cleanups.forEach((stop) => stop());
    cleanups = [];
    refreshers = [];
    scenarioPage = null;
    const gen = ++generation;
    const article = document.querySelector("article.md-content__inner");
    if (!article) return;
    initScenario(article);

    const practice = article.querySelector("[data-practice]");
    const summaries = [...article.querySelectorAll("[data-progress-summary]")];
    const notFound = article.querySelector("[data-not-found-suggestion]");
    if (notFound) initNotFound(notFound);
    const links = scenarioLinks(article);
    const wantMarks = links.length > 0 && Object.keys(readStore().scenarios).length > 0;
    if (!practice && !summaries.length && !wantMarks) {
      if (links.length) refreshers.push(() => markLinksLater(links, gen));
      return;
    }
    loadScenarios().then((catalog) => {
      if (gen !== generation) return;
      if (practice) initPractice(practice, catalog);
      summaries.forEach((box) => initSummary(box, catalog));
      markLinks(links, catalog);
      refreshers.push(() => markLinks(links, catalog));
    }, (error) => {
      if (gen !== generation || !practice) return;
      const list = practice.querySelector("[data-practice-list]");
      if (list) list.replaceChildren(h("p", { role: "alert" }, `The list of scenarios could not be loaded (${error.message}). Reload the page to try again.`));
    });
  }

  // Progress made on a page that had none (no catalog loaded yet): load it, then mark.
  function markLinksLater(links, gen) {
    loadScenarios().then((catalog) => {
      if (gen === generation) markLinks(links, catalog);
    }, () => {});
  }

  // Bound once for the page's whole life.
  window.addEventListener("hashchange", revealHash);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[href*='#']");
    if (!link || !scenarioPage) return;
    const url = parseUrl(link.getAttribute("href"));
    if (!url || url.pathname !== location.pathname || url.hash.length < 2) return;
    const target = document.getElementById(decode(url.hash.slice(1)));
    if (target) scenarioPage.revealTarget(target);
  }, true);
  window.addEventListener("storage", (event) => {
    if (event.key === STORE_KEY) refreshAll();
  });

  // For the browser tests: the pure rules, nothing that changes the page.
  window.__deisPractice = Object.freeze({ nextReview, problemIn, addDays, INTERVALS, STORE_KEY, MODE_KEY });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
