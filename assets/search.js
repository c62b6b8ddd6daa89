/* The search page (templates/search.html), over the Pagefind index of the article pages.
 *
 * Loads nothing but the site's own pagefind/pagefind.js (written by output/search_index.py).
 *
 * Pagefind finds the candidates: it drops accents (but keeps đ), matches the start of words, and
 * forgets a word it finds nowhere, so it is asked twice, with the query as typed and folded
 * ("Đối ngoại" -> "doi ngoai", which also finds the folded words with đ every article carries in
 * its "folded" meta field). The rules are then applied here, on the text of the candidates
 * (at most CANDIDATES of them, in Pagefind's order), and they decide what is shown, in which
 * order, and what is marked:
 *
 * - every word of the query must be a whole word of the article, with its accents ("Lào" is
 *   an exact match of "Lào", and of "lào") or without them ("lao" or "Lào" folds to "lao" and
 *   so matches "lao" in "lao động": a folded match); a word found nowhere leaves no result;
 * - words in quotes ("...") must follow each other in that order;
 * - articles where the unquoted words follow each other come first, then those with more exact
 *   words, then Pagefind's order;
 * - in each article, a query word is marked where it matched at its best: the whole phrase
 *   where the article has it, and only its exact occurrences where it has any. So "doi ngoai"
 *   marks "đối ngoại" but not the "Đổi" of "Đổi mới" beside it.
 *
 * Results come as the query is typed (DELAY ms after the last key) and the query and the chosen
 * filters live in the address (?q=...&year=...&tag=...), so a search can be shared, the form
 * works as a plain GET form too, and the back button steps back through searches.
 */

const FACETS = ["year", "venue", "speaker", "directive", "tag"];
const PAGE_SIZE = 10;
const CANDIDATES = 100; // articles whose text is read at a time to check a query
const DELAY = 250;
const SLICE = 8; // ms of work before the browser gets the page back
const EXCERPT_WORDS = 32;
const WORD = /[\p{L}\p{N}_]+/gu;
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu; // huyền, sắc, ngã, hỏi, nặng
const BREAK = /[.!?;:…\n]/u; // words on either side of these do not follow each other
const QUOTES = /[“”„‟"]/g;

const root = document.querySelector("[data-search]");
const form = root.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const status = form.querySelector(".search-status");
const list = form.querySelector(".search-list");
const clear = form.querySelector(".search-clear");
const fieldsets = new Map(
  [...form.querySelectorAll("[data-facet]")].map((fieldset) => [fieldset.dataset.facet, fieldset]));
const pageTitle = document.title;

let more = form.querySelector(".search-more");
let pagefind = null;
let state = readAddress();
let shown = { outcome: { found: [], complete: true }, next: 0 };
let run = 0; // the number of the latest search: an older one stops when it sees it changed
let typing = false; // the address of a search being typed is replaced, not added, key by key
let timer = 0;
const loaded = new Map(); // Pagefind's data of a page, by result id
let ranks = new Map(); // facet -> name -> its place in the site's order (data-order)

// ------------------------------------------------------------------ words and the rules

/** Vietnamese without accents, the way people type it: "Đối ngoại" -> "Doi ngoai". */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/** A word with its accents, wherever the tone mark sits ("hoà" and "hòa" are one key). */
function exactKey(word) {
  const letters = word.normalize("NFD").toLowerCase();
  const tones = (letters.match(TONE) || []).join("");
  return `${letters.replace(TONE, "").normalize("NFC")}|${tones}`;
}

// A word's two keys, by the word as written. Articles share most of their words, and working
// the keys out (two Unicode normalisations each) was most of the time spent judging them.
const keysOfWord = new Map();

function keys(word) {
  let found = keysOfWord.get(word);
  if (!found) {
    if (keysOfWord.size > 100000) keysOfWord.clear();
    found = { exact: exactKey(word), folded: fold(word).toLowerCase() };
    keysOfWord.set(word, found);
  }
  return found;
}

/** The words of ``text``: where each is, its exact and folded keys, and whether it follows
 * the word before it (nothing but spaces, dashes or the like between them). */
export function words(text) {
  const found = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const { exact, folded } = keys(match[0]);
    found.push({
      text: match[0], start: match.index, end: match.index + match[0].length, exact, folded,
      follows: found.length > 0 && !BREAK.test(text.slice(last, match.index)),
    });
    last = match.index + match[0].length;
  }
  return found;
}

/** The query as groups of words: each quoted phrase is one group whose words must follow each
 * other; each run of unquoted words one group whose words must each be found. An unclosed quote
 * (one being typed) quotes to the end. */
export function parseQuery(query) {
  const groups = [];
  query.replace(QUOTES, '"').split('"').forEach((part, i) => {
    const found = words(part);
    if (found.length) groups.push({ phrase: i % 2 === 1 && found.length > 1, words: found });
  });
  return groups;
}

function level(wanted, word) {
  if (wanted.exact === word.exact) return 2;
  return wanted.folded === word.folded ? 1 : 0;
}

/** How well ``wanted`` (words) matches the text's words from ``at`` on: 2 all exact, 1 some
 * only folded, 0 not there. */
function runLevel(wanted, text, at) {
  if (at + wanted.length > text.length) return 0;
  let worst = 2;
  for (let j = 0; j < wanted.length; j += 1) {
    if (j > 0 && !text[at + j].follows) return 0;
    worst = Math.min(worst, level(wanted[j], text[at + j]));
    if (!worst) return 0;
  }
  return worst;
}

function bestRun(wanted, text) {
  let best = 0;
  for (let at = 0; at < text.length && best < 2; at += 1) best = Math.max(best, runLevel(wanted, text, at));
  return best;
}

/** Whether an article's words (``text``) answer the query (``groups``): null if not, else its
 * rank and what to mark (``plans``: a run of words at a level, or single words at theirs). */
export function judge(text, groups) {
  const plans = [];
  let together = 0;
  let exact = 0;
  for (const group of groups) {
    const run = group.words.length > 1 ? bestRun(group.words, text) : 0;
    if (group.phrase) {
      if (!run) return null;
      plans.push({ run: group.words, level: run });
      together += run;
      if (run === 2) exact += group.words.length;
      continue;
    }
    const levels = group.words.map((wanted) => {
      let best = 0;
      for (const word of text) if ((best = Math.max(best, level(wanted, word))) === 2) break;
      return best;
    });
    if (levels.includes(0)) return null;
    exact += levels.filter((found) => found === 2).length;
    if (run) {
      plans.push({ run: group.words, level: run });
      together += run;
    } else {
      group.words.forEach((wanted, j) => plans.push({ run: [wanted], level: levels[j] }));
    }
  }
  return { rank: [together, exact], plans };
}

/** The indexes of the words of ``text`` to mark under ``plans``. */
function marks(text, plans) {
  const marked = new Set();
  for (const { run: wanted, level: at } of plans) {
    for (let i = 0; i < text.length; i += 1) {
      if (runLevel(wanted, text, i) >= at) for (let j = 0; j < wanted.length; j += 1) marked.add(i + j);
    }
  }
  return marked;
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

/** Show ``state``, with a new entry in the history, or in place of the last while typing. */
function go(replace = false) {
  const target = addressOf(state);
  if (target !== location.pathname + location.search) {
    if (replace) history.replaceState(null, "", target);
    else history.pushState(null, "", target);
  }
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

async function dataOf(result) {
  if (!loaded.has(result.id)) {
    loaded.set(result.id, result.data().catch((error) => {
      loaded.delete(result.id);
      throw error;
    }));
  }
  return loaded.get(result.id);
}

/** The articles that answer ``groups`` under ``filters``: Pagefind's candidates, of which the
 * first CANDIDATES are read (``readMore`` reads on), and ``found``, those that answer, best first
 * in each batch read, each {data, judged}. ``complete`` once every candidate was read;
 * ``counts``, Pagefind's filter counts, hold every candidate, so more than the results. */
async function precise(groups, filters) {
  const all = groups.flatMap((group) => group.words.map((word) => word.text));
  const outcome = { groups, candidates: [], read: 0, found: [], complete: true, counts: {} };
  // Pagefind forgets a word it finds nowhere and answers for the others: asked alone, such a
  // word finds nothing, and then nothing is read.
  const distinct = [...new Set(all.map((word) => fold(word).toLowerCase()))];
  if (distinct.length > 1) {
    const alone = await Promise.all(distinct.map((word) => pagefind.search(word)));
    if (alone.some((search) => !search.results.length)) return outcome;
  }
  const plain = all.join(" ");
  const asked = [...new Set([plain, fold(plain)])];
  const searches = await Promise.all(asked.map((term) => pagefind.search(term, { filters })));
  const seen = new Set();
  for (const search of searches) {
    for (const result of search.results) {
      if (!seen.has(result.id)) outcome.candidates.push(result);
      seen.add(result.id);
    }
  }
  outcome.counts = searches[searches.length - 1].filters;
  await readMore(outcome);
  return outcome;
}

/** Read the next CANDIDATES candidates of ``outcome`` and add those that answer to ``found``. */
async function readMore(outcome) {
  const from = outcome.read;
  const batch = outcome.candidates.slice(from, from + CANDIDATES);
  const data = await Promise.all(batch.map(dataOf));
  const found = [];
  for (const [i, page] of data.entries()) {
    await breathe();
    const judged = judge(wordsOf(page), outcome.groups);
    if (judged) found.push({ data: page, judged, order: from + i });
  }
  found.sort((a, b) => b.judged.rank[0] - a.judged.rank[0] || b.judged.rank[1] - a.judged.rank[1]
    || a.order - b.order);
  if (outcome.read !== from) return; // read meanwhile by another call
  outcome.found.push(...found);
  outcome.read = from + batch.length;
  outcome.complete = outcome.read >= outcome.candidates.length;
}

let working = 0; // when the page was last given back to the browser

/** Let the browser draw and answer keys when this task has worked for a while: reading a
 * hundred articles at once would hold the page still for as long. */
async function breathe() {
  const now = performance.now();
  if (!working || now - working > SLICE) {
    await (globalThis.scheduler?.yield
      ? scheduler.yield() : new Promise((resolve) => { setTimeout(resolve, 0); }));
    working = performance.now();
  }
}

const textWords = new WeakMap();

function wordsOf(page) {
  if (!textWords.has(page)) textWords.set(page, words(page.content || ""));
  return textWords.get(page);
}

function counted(outcome, key) {
  if (!outcome.complete) return outcome.counts[key] || {};
  const counts = {};
  for (const { data } of outcome.found) {
    for (const value of (data.filters || {})[key] || []) counts[value] = (counts[value] || 0) + 1;
  }
  return counts;
}

async function update() {
  const mine = ++run;
  const { query, selected } = state;
  document.title = query ? `${query} – ${pageTitle}` : pageTitle;
  const groups = parseQuery(query);
  try {
    if (!groups.length && !hasFilters(selected)) {
      const totals = await pagefind.filters();
      if (mine !== run) return;
      renderFacets(totals, selected);
      await show(null, mine);
      if (mine !== run) return;
      status.textContent = "Gõ từ khóa để tìm, hoặc chọn một bộ lọc.";
      return;
    }
    if (!groups.length) {
      const search = await pagefind.search(null, { filters: filtersOf(selected), sort: { date: "desc" } });
      const counts = {};
      for (const key of FACETS) {
        const others = filtersOf(selected, key);
        counts[key] = !selected[key].length ? search.filters[key] || {}
          : (Object.keys(others).length
            ? (await pagefind.search(null, { filters: others })).filters
            : await pagefind.filters())[key] || {};
      }
      if (mine !== run) return;
      renderFacets(counts, selected);
      await show({ found: search.results, complete: true }, mine);
      if (mine !== run) return;
      status.textContent = `Có ${search.results.length} bài viết khớp các bộ lọc đã chọn.`;
      return;
    }
    const outcome = await precise(groups, filtersOf(selected));
    if (mine !== run) return;
    // Each group is counted with the other groups' choices only, so that choosing 2020 still
    // shows how many results 2021 would add.
    const counts = {};
    for (const key of FACETS) {
      counts[key] = selected[key].length
        ? counted(await precise(groups, filtersOf(selected, key)), key)
        : counted(outcome, key);
      if (mine !== run) return;
    }
    renderFacets(counts, selected);
    await show(outcome, mine); // the old results stay until the new ones are ready
    if (mine !== run) return;
    status.textContent = summary(outcome, query, hasFilters(selected));
  } catch (error) {
    if (mine !== run) return;
    status.textContent =
      "Tìm kiếm gặp lỗi. Hãy tải lại trang, hoặc tra cứu theo các mục lục bên dưới.";
    console.error(error);
  }
}

function summary({ found, complete }, query, filtered) {
  const withFilters = filtered ? " với các bộ lọc đã chọn" : "";
  if (!complete) {
    return `Tìm thấy ít nhất ${found.length} bài viết cho “${query}”${withFilters}, `
      + "khớp nhất ở trên.";
  }
  if (!found.length) {
    return `Không tìm thấy bài viết nào cho “${query}”${withFilters}. `
      + "Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
  }
  return `Tìm thấy ${found.length} bài viết cho “${query}”${withFilters}.`;
}

/** Show the first page of ``outcome.found`` (Pagefind results, or what ``precise`` found),
 * in place of what was shown. */
async function show(outcome, mine) {
  shown = { outcome: outcome || { found: [], complete: true }, next: 0 };
  await showMore(false, mine, true);
}

/** Show the next page of results, reading more candidates when those found run out. */
async function showMore(moveFocus, mine, replace = false) {
  const { outcome } = shown;
  if (!replace && shown.next >= outcome.found.length && !outcome.complete) {
    await readMore(outcome);
    if (mine !== run) return;
    status.textContent = summary(outcome, state.query, hasFilters(state.selected));
  }
  const batch = outcome.found.slice(shown.next, shown.next + PAGE_SIZE);
  const items = await Promise.all(batch.map(async (result) => (result.judged
    ? resultItem(result.data, result.judged.plans)
    : resultItem(await dataOf(result), []))));
  if (mine !== run) return;
  if (replace) list.replaceChildren(...items);
  else list.append(...items);
  shown.next += batch.length;
  // A new button rather than the old one moved: what appears is no layout shift.
  const button = more.cloneNode(true);
  button.hidden = shown.next >= outcome.found.length && outcome.complete;
  const focused = document.activeElement === more;
  more.replaceWith(button);
  more = button;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
  else if (focused && !button.hidden) button.focus();
}

// ------------------------------------------------------------------ results

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** ``text`` from ``start`` to ``end``, with its words (``found``) at ``marked`` marked; words
 * marked side by side are one mark. */
function marked(text, start, end, found, chosen) {
  const out = document.createDocumentFragment();
  let at = start;
  for (let i = 0; i < found.length; i += 1) {
    const word = found[i];
    if (word.start < start || word.end > end || !chosen.has(i)) continue;
    let last = i;
    while (chosen.has(last + 1) && found[last + 1].follows && found[last + 1].end <= end) last += 1;
    if (word.start > at) out.append(text.slice(at, word.start));
    out.append(element("mark", "", text.slice(word.start, found[last].end)));
    at = found[last].end;
    i = last;
  }
  if (end > at) out.append(text.slice(at, end));
  return out;
}

/** The stretch of the article's text with the most marked words, those words marked. */
function excerpt(data, plans) {
  const content = data.content || "";
  const title = data.meta.title || "";
  const skip = title && content.startsWith(title) ? title.length : 0; // the title is shown above
  const all = wordsOf(data);
  const chosen = marks(all, plans);
  const first = all.findIndex((word) => word.start >= skip);
  const hits = [...chosen].filter((i) => i >= first && first >= 0).sort((a, b) => a - b);
  if (!hits.length) {
    const text = data.meta.summary || "";
    if (text) {
      const found = words(text);
      return marked(text, 0, text.length, found, marks(found, plans));
    }
    if (first < 0) return null;
    const to = Math.min(all.length, first + EXCERPT_WORDS);
    const out = document.createDocumentFragment();
    out.append(content.slice(all[first].start, all[to - 1].end), to < all.length ? " …" : "");
    return out;
  }
  let best = { from: first, to: first, score: -1 };
  for (const hit of hits) {
    const from = Math.max(first, hit - 6);
    const to = Math.min(all.length, from + EXCERPT_WORDS);
    const inside = hits.filter((other) => other >= from && other < to);
    const score = new Set(inside.map((i) => all[i].folded)).size * 10000 + inside.length;
    if (score > best.score) best = { from, to, score };
  }
  const out = document.createDocumentFragment();
  if (best.from > first) out.append("… ");
  const end = best.to < all.length ? all[best.to - 1].end : content.length;
  out.append(marked(content, all[best.from].start, end, all, chosen));
  if (best.to < all.length) out.append(" …");
  return out;
}

function resultItem(data, plans) {
  const item = element("li", "article-item search-result");
  const heading = element("h3", "article-item-title");
  const link = element("a");
  link.href = data.url;
  const title = data.meta.title || data.url;
  const found = words(title);
  link.append(marked(title, 0, title.length, found, marks(found, plans)));
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const meta = element("p", "meta");
    const time = element("time", "", data.meta.date);
    if (data.meta.date_iso) time.dateTime = data.meta.date_iso;
    meta.append(time);
    item.append(meta);
  }
  const text = excerpt(data, plans);
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
    const names = [...values.keys()].sort(orderOf(key));
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

/** How the names of a facet are listed: years newest first; the others in the order the build
 * wrote (data-order: that of the site's index pages, in Vietnamese collation), which saves
 * the page from making a collator of its own; a name missing there (a theme's search page
 * without data-order) is placed by one. */
function orderOf(key) {
  if (key === "year") return (a, b) => (a < b) - (a > b);
  const rank = ranks.get(key) || new Map();
  return (a, b) => {
    if (rank.has(a) && rank.has(b)) return rank.get(a) - rank.get(b);
    if (rank.has(a) !== rank.has(b)) return rank.has(a) ? -1 : 1;
    return collator().compare(a, b);
  };
}

let made = null;

function collator() {
  made ||= new Intl.Collator("vi");
  return made;
}

async function readOrder() {
  if (!root.dataset.order) return;
  try {
    const response = await fetch(root.dataset.order);
    if (!response.ok) throw new Error(`${response.status} ${response.url}`);
    const order = await response.json();
    ranks = new Map(Object.entries(order).map(([key, names]) => [
      key, new Map(names.map((name, i) => [name, i]))]));
  } catch (error) {
    console.warn("The filters' order could not be read; they are sorted here.", error);
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

function typed() {
  clearTimeout(timer);
  const query = input.value.trim();
  if (query === state.query) return;
  state = { ...state, query };
  go(typing);
  typing = true;
}

input.addEventListener("input", () => {
  clearTimeout(timer);
  if (pagefind) timer = setTimeout(typed, DELAY);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  typing = false;
  state = { ...state, query: input.value.trim() };
  if (pagefind) go();
});

form.addEventListener("change", (event) => {
  const box = event.target;
  if (box.type !== "checkbox" || !FACETS.includes(box.name)) return;
  typing = false;
  const values = state.selected[box.name].filter((value) => value !== box.value);
  if (box.checked) values.push(box.value);
  state = { ...state, selected: { ...state.selected, [box.name]: values } };
  go();
});

clear.addEventListener("click", () => {
  typing = false;
  state = { ...state, selected: Object.fromEntries(FACETS.map((key) => [key, []])) };
  input.focus();
  go();
});

form.addEventListener("click", (event) => {
  if (event.target.closest(".search-more")) showMore(true, run);
});

window.addEventListener("popstate", () => {
  clearTimeout(timer);
  typing = false;
  state = readAddress();
  input.value = state.query;
  update();
});

async function start() {
  // Beside the results on a wide screen the filters are open; on a phone they fold into one
  // line above the results, which come first to the eye.
  form.querySelector(".search-facets").open = matchMedia("(min-width: 48rem)").matches;
  if (!input.value) input.value = state.query;
  const order = readOrder();
  try {
    pagefind = await import(`${root.dataset.pagefind}pagefind.js`);
    await pagefind.options({ baseUrl: root.dataset.base });
    await pagefind.filters(); // loads every filter, without which searches count none of them
    await order;
  } catch (error) {
    status.textContent = "Không tải được chỉ mục tìm kiếm. "
      + "Hãy tải lại trang, hoặc tra cứu theo các mục lục bên dưới.";
    console.error(error);
    return;
  }
  // What was typed before the index was ready is searched now.
  const query = input.value.trim();
  if (query !== state.query) {
    state = { ...state, query };
    history.replaceState(null, "", addressOf(state));
  }
  await update();
}

start();
