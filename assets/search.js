/* The search page (templates/search.html), over the Pagefind index of the article pages.
 *
 * Loads nothing but the site's own pagefind/pagefind.js (written by diplomacy_archive/search.py).
 * The query goes to Pagefind as typed: Pagefind ignores accents, except that đ stays đ, and
 * each article carries its words with đ once more, without accents, in a searched meta field
 * ("folded"), so "doi ngoai" finds "đối ngoại". Excerpts are made here, from the Vietnamese
 * text Pagefind stores, marking every word whose accent-free form starts with a query word.
 * The query and the chosen filters live in the address (?q=...&year=...&tag=...), so a search
 * can be shared and the back button steps back through searches.
 */

const FACETS = ["year", "venue", "speaker", "directive", "tag"];
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 32;
const WORD = /[\p{L}\p{N}_]+/gu;

const root = document.querySelector("[data-search]");
const form = root.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const status = form.querySelector(".search-status");
const list = form.querySelector(".search-list");
const more = form.querySelector(".search-more");
const clear = form.querySelector(".search-clear");
const fieldsets = new Map(
  [...form.querySelectorAll("[data-facet]")].map((fieldset) => [fieldset.dataset.facet, fieldset]));
const collator = new Intl.Collator("vi");
const pageTitle = document.title;

let pagefind = null;
let state = readAddress();
let shown = { results: [], next: 0, terms: [] };
let run = 0; // the number of the latest search: an older one stops when it sees it changed

/** Vietnamese without accents, the way people type it: "Đối ngoại" -> "Doi ngoai". */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

function queryTerms(query) {
  return [...new Set(fold(query).toLowerCase().match(WORD) || [])];
}

function words(text) {
  return [...text.matchAll(WORD)].map((m) => ({
    start: m.index, end: m.index + m[0].length, key: fold(m[0]).toLowerCase(),
  }));
}

function matches(word, terms) {
  return terms.some((term) => word.key.startsWith(term));
}

// ------------------------------------------------------------------ the address

function readAddress() {
  const params = new URLSearchParams(location.search);
  const selected = {};
  for (const key of FACETS) selected[key] = [...new Set(params.getAll(key))];
  return { query: (params.get("q") || "").trim(), selected };
}

function addressOf({ query, selected }) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const key of FACETS) for (const value of selected[key]) params.append(key, value);
  const search = params.toString();
  return location.pathname + (search ? `?${search}` : "");
}

function go() {
  const target = addressOf(state);
  if (target !== location.pathname + location.search) history.pushState(null, "", target);
  update();
}

// ------------------------------------------------------------------ searching

function filtersOf(selected, except = "") {
  const filters = {};
  for (const key of FACETS) {
    if (key !== except && selected[key].length) filters[key] = { any: selected[key] };
  }
  return filters;
}

function hasFilters(selected) {
  return FACETS.some((key) => selected[key].length > 0);
}

async function update() {
  const mine = ++run;
  const { query, selected } = state;
  document.title = query ? `${query} – ${pageTitle}` : pageTitle;
  try {
    if (!query && !hasFilters(selected)) {
      const totals = await pagefind.filters();
      if (mine !== run) return;
      renderFacets(totals, selected);
      shown = { results: [], next: 0, terms: [] };
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Nhập từ khóa rồi nhấn Tìm, hoặc chọn một bộ lọc.";
      return;
    }
    const term = query || null;
    const options = { filters: filtersOf(selected) };
    if (!query) options.sort = { date: "desc" };
    const search = await pagefind.search(term, options);
    // Each group is counted with the other groups' choices only, so that choosing 2020 still
    // shows how many results 2021 would add.
    const counts = {};
    for (const key of FACETS) {
      if (!selected[key].length) {
        counts[key] = search.filters[key] || {};
        continue;
      }
      const others = filtersOf(selected, key);
      const wider = term === null && !Object.keys(others).length
        ? await pagefind.filters()
        : (await pagefind.search(term, { filters: others })).filters;
      counts[key] = wider[key] || {};
    }
    if (mine !== run) return;
    renderFacets(counts, selected);
    shown = { results: search.results, next: 0, terms: queryTerms(query) };
    await showMore(false, mine, true); // the old results stay until the new ones are ready
    if (mine !== run) return;
    status.textContent = summary(search.results.length, query, hasFilters(selected));
  } catch (error) {
    if (mine !== run) return;
    status.textContent =
      "Tìm kiếm gặp lỗi. Hãy tải lại trang, hoặc tra cứu theo các mục lục bên dưới.";
    console.error(error);
  }
}

function summary(count, query, filtered) {
  const withFilters = filtered ? " với các bộ lọc đã chọn" : "";
  if (!query) return `Có ${count} bài viết khớp các bộ lọc đã chọn.`;
  if (!count) {
    return `Không tìm thấy bài viết nào cho “${query}”${withFilters}. `
      + "Hãy thử từ khóa ngắn hơn hoặc bỏ bớt bộ lọc.";
  }
  return `Tìm thấy ${count} bài viết cho “${query}”${withFilters}.`;
}

async function showMore(moveFocus, mine, replace = false) {
  const batch = shown.results.slice(shown.next, shown.next + PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== run) return;
  const items = data.map((item) => resultItem(item, shown.terms));
  if (replace) list.replaceChildren(...items);
  else list.append(...items);
  shown.next += batch.length;
  more.hidden = shown.next >= shown.results.length;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

// ------------------------------------------------------------------ results

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** ``text`` from ``start`` to ``end``, with the words of ``found`` that match marked. */
function marked(text, start, end, found, terms) {
  const out = document.createDocumentFragment();
  let at = start;
  for (const word of found) {
    if (word.start < start || word.end > end || !matches(word, terms)) continue;
    if (word.start > at) out.append(text.slice(at, word.start));
    out.append(element("mark", "", text.slice(word.start, word.end)));
    at = word.end;
  }
  if (end > at) out.append(text.slice(at, end));
  return out;
}

/** The stretch of the article's text with the most query words, those words marked. */
function excerpt(data, terms) {
  const content = data.content || "";
  const title = data.meta.title || "";
  const skip = title && content.startsWith(title) ? title.length : 0; // the title is shown above
  const all = words(content).filter((word) => word.start >= skip);
  const hits = terms.length ? all.flatMap((word, i) => (matches(word, terms) ? [i] : [])) : [];
  if (!hits.length) {
    const text = data.meta.summary || "";
    if (text) return marked(text, 0, text.length, words(text), terms);
    if (!all.length) return null;
    const to = Math.min(all.length, EXCERPT_WORDS);
    const out = document.createDocumentFragment();
    out.append(content.slice(all[0].start, all[to - 1].end), to < all.length ? " …" : "");
    return out;
  }
  let best = { from: 0, to: 0, score: -1 };
  for (const hit of hits) {
    const from = Math.max(0, hit - 4);
    const to = Math.min(all.length, from + EXCERPT_WORDS);
    const found = new Set();
    let count = 0;
    for (const other of hits) {
      if (other < from || other >= to) continue;
      count += 1;
      for (const term of terms) if (all[other].key.startsWith(term)) found.add(term);
    }
    const score = found.size * 10000 + count;
    if (score > best.score) best = { from, to, score };
  }
  const out = document.createDocumentFragment();
  if (best.from > 0) out.append("… ");
  const window = all.slice(best.from, best.to);
  out.append(marked(content, window[0].start, window[window.length - 1].end, window, terms));
  if (best.to < all.length) out.append(" …");
  return out;
}

function resultItem(data, terms) {
  const item = element("li", "article-item search-result");
  const heading = element("h3", "article-item-title");
  const link = element("a");
  link.href = data.url;
  const title = data.meta.title || data.url;
  link.append(marked(title, 0, title.length, words(title), terms));
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const meta = element("p", "meta");
    const time = element("time", "", data.meta.date);
    if (data.meta.date_iso) time.dateTime = data.meta.date_iso;
    meta.append(time);
    item.append(meta);
  }
  const text = excerpt(data, terms);
  if (text) {
    const paragraph = element("p", "summary search-excerpt");
    paragraph.append(text);
    item.append(paragraph);
  }
  return item;
}

// ------------------------------------------------------------------ filters

function renderFacets(counts, selected) {
  const focused = document.activeElement;
  const refocus = focused && focused.type === "checkbox" ? [focused.name, focused.value] : null;
  for (const [key, fieldset] of fieldsets) {
    const values = new Map(Object.entries(counts[key] || {}).filter(([, count]) => count > 0));
    for (const value of selected[key]) if (!values.has(value)) values.set(value, 0);
    const order = key === "year" ? (a, b) => b.localeCompare(a) : collator.compare;
    const names = [...values.keys()].sort(order);
    fieldset.querySelector(".search-facet-options").replaceChildren(
      ...names.map((name) => option(key, name, values.get(name), selected[key].includes(name))));
    fieldset.hidden = names.length === 0;
  }
  clear.hidden = !hasFilters(selected);
  if (refocus) {
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      if (box.name === refocus[0] && box.value === refocus[1]) box.focus();
    }
  }
}

function option(key, value, count, checked) {
  const label = element("label", "search-option");
  const box = element("input");
  box.type = "checkbox";
  box.name = key;
  box.value = value;
  box.checked = checked;
  label.append(box, " ", element("span", "search-option-name", value), " ",
               element("span", "count", `(${count})`));
  return label;
}

// ------------------------------------------------------------------ start

form.addEventListener("submit", (event) => {
  event.preventDefault();
  state = { ...state, query: input.value.trim() };
  go();
});

form.addEventListener("change", (event) => {
  const box = event.target;
  if (box.type !== "checkbox" || !FACETS.includes(box.name)) return;
  const values = state.selected[box.name].filter((value) => value !== box.value);
  if (box.checked) values.push(box.value);
  state = { ...state, selected: { ...state.selected, [box.name]: values } };
  go();
});

clear.addEventListener("click", () => {
  state = { ...state, selected: Object.fromEntries(FACETS.map((key) => [key, []])) };
  input.focus();
  go();
});

more.addEventListener("click", () => showMore(true, run));

window.addEventListener("popstate", () => {
  state = readAddress();
  input.value = state.query;
  update();
});

async function start() {
  // On a phone the filters fold into one line above the results, which come first to the eye.
  form.querySelector(".search-facets").open = matchMedia("(min-width: 48rem)").matches;
  form.hidden = false;
  input.value = state.query;
  try {
    pagefind = await import(`${root.dataset.pagefind}pagefind.js`);
    await pagefind.options({ baseUrl: root.dataset.base });
    await pagefind.filters(); // loads every filter, without which searches count none of them
  } catch (error) {
    status.textContent = "Không tải được chỉ mục tìm kiếm. "
      + "Hãy tải lại trang, hoặc tra cứu theo các mục lục bên dưới.";
    console.error(error);
    return;
  }
  await update();
}

start();
