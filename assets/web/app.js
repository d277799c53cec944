// dragoman's pages: one script for all five (the body's data-page says
// which). Every text from the memory or a document is inserted with
// textContent (el() below), never as HTML; every request that changes
// the memory carries the CSRF token the server hands out at
// GET /api/v1/session (X-CSRF-Token, the double of the dragoman_csrf
// cookie).
'use strict';

// Languages written right to left (primary subtag); the server's list
// (RIGHT_TO_LEFT in src/serve/pages.rs) is the same.
const RTL = ['ar', 'fa', 'ur', 'he', 'iw', 'ps', 'sd', 'ug', 'ckb', 'yi', 'dv'];
// Languages whose sentences are written without a space between them.
const NO_SPACE = ['zh', 'ja', 'th', 'lo', 'km', 'my'];
// How long typing pauses before a lookup goes out (the issue: debounced; ~150 ms
// feels immediate and spares the server a request per key).
const DEBOUNCE_MS = 150;

function primary(lang) { return String(lang || '').split(/[-_]/)[0].toLowerCase(); }
function dirOf(lang) { return RTL.includes(primary(lang)) ? 'rtl' : 'ltr'; }
function joiner(lang) { return NO_SPACE.includes(primary(lang)) ? '' : ' '; }

// An element: attrs set as attributes (or properties for on*/value),
// children appended as text nodes when strings.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else if (key === 'value') node.value = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A text of the memory in its language: lang and dir set.
function textEl(tag, text, lang, attrs) {
  const node = el(tag, Object.assign({ lang: lang || null, dir: lang ? dirOf(lang) : 'auto' }, attrs || {}));
  node.append(text);
  return node;
}

function $(id) { return document.getElementById(id); }

// ---- status line, session, API ------------------------------------------------

function status(message, kind) {
  const node = $('status');
  node.textContent = message || '';
  node.className = kind || '';
}

let csrfToken = null;

async function session() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  if (response.status === 401) { showLogin(); return null; }
  const body = await response.json();
  csrfToken = body.csrf_token;
  const who = $('who');
  who.textContent = (body.name ? body.name + ' · ' : '') + body.role;
  if (body.auth_required) who.append(' ', el('button', { type: 'button', onclick: logout }, 'Log out'));
  return body;
}

function showLogin() {
  const who = $('who');
  who.replaceChildren();
  const input = el('input', { type: 'password', placeholder: 'API token', size: 20, 'aria-label': 'API token' });
  const form = el('form', { class: 'bar', onsubmit: async (event) => {
    event.preventDefault();
    const response = await fetch('/api/v1/session', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: input.value }),
    });
    if (response.ok) { location.reload(); } else { status('The token was not accepted.', 'error'); }
  } }, input, el('button', { type: 'submit' }, 'Log in'));
  who.append(form);
  status('This server needs a token: log in.', 'error');
}

async function logout() {
  await api('DELETE', '/api/v1/session');
  location.reload();
}

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// A JSON API call; a write carries the CSRF token. Throws ApiError with
// the server's message. A FormData body goes as multipart/form-data (the
// browser sets the content type with its boundary).
async function api(method, path, body, signal) {
  const headers = {};
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    if (csrfToken === null) await session();
    headers['X-CSRF-Token'] = csrfToken || '';
  }
  // no-store: an answer such as 410 Gone is cacheable by default, and a
  // unit restored a moment later must not be shown deleted from the cache
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', signal, cache: 'no-store',
    body: body === undefined || isForm ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let value = null;
  try { value = text ? JSON.parse(text) : null; } catch (e) { value = null; }
  if (!response.ok) {
    const error = value && value.error ? value.error : { code: 'http_' + response.status, message: text || response.statusText };
    if (response.status === 401) showLogin();
    throw new ApiError(response.status, error.code, error.message);
  }
  return value;
}

function failed(error) {
  if (error && error.name === 'AbortError') return;
  status(error && error.message ? error.message : String(error), 'error');
}

// ---- marking texts --------------------------------------------------------------

// Byte spans (UTF-8, as the API gives them) to string index spans.
function byteSpansToIndex(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  return spans.map(([start, end]) => [decoder.decode(bytes.slice(0, start)).length, decoder.decode(bytes.slice(0, end)).length]);
}

// A fragment of text with [start, end) index spans wrapped in `tag`.
function marked(text, spans, tag, cls) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < at || end <= start) continue;
    fragment.append(text.slice(at, start), el(tag, { class: cls || null }, text.slice(start, end)));
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

// Index spans of each needle found in text (longest needles first, no overlaps).
function findAll(text, needles) {
  const spans = [];
  const taken = (s, e) => spans.some(([a, b]) => s < b && a < e);
  for (const needle of needles.filter(Boolean).sort((a, b) => b.length - a.length)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(needle, from);
      if (at < 0) break;
      if (!taken(at, at + needle.length)) spans.push([at, at + needle.length]);
      from = at + needle.length;
    }
  }
  return spans;
}

function debounce(f, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => f(...args), ms); };
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    // the clipboard API needs a secure context; a textarea selection does not
    const area = el('textarea', { value: text, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  window.dragomanCopied = text;
}

function value(id) { const v = $(id).value.trim(); return v === '' ? undefined : v; }

// ---- lookup ---------------------------------------------------------------------

let houseNames = null;

async function loadHouseNames() {
  // asked once, when the page opens; a lookup waits for it at most once
  if (houseNames === null) {
    houseNames = api('GET', '/api/v1/names/style').then((style) => style.entries.map((e) => e.preferred), () => []);
  }
  return houseNames;
}

// The word diff: how the stored source becomes the query.
function diffEl(edits, lang) {
  const node = el('div', { class: 'diff', lang, dir: dirOf(lang) });
  edits.forEach((edit, k) => {
    if (k > 0) node.append(' ');
    if (edit.op === 'equal') node.append(edit.query);
    else if (edit.op === 'variant') node.append(el('span', { class: 'name', title: 'another spelling: ' + edit.stored }, edit.query));
    else if (edit.op === 'replace') node.append(el('del', {}, edit.stored), ' ', el('ins', {}, edit.query));
    else if (edit.op === 'delete') node.append(el('del', {}, edit.stored));
    else if (edit.op === 'insert') node.append(el('ins', {}, edit.query));
  });
  return node;
}

// The suggested target: adapted numbers and house-style names marked.
function targetEl(match, names) {
  const numbers = findAll(match.target, (match.replacements || []).map((r) => r.to));
  const nameSpans = findAll(match.target, names).filter(([s, e]) => !numbers.some(([a, b]) => s < b && a < e));
  const node = el('div', { class: 'target', lang: match.tgt_lang, dir: dirOf(match.tgt_lang) });
  const all = numbers.map((s) => s.concat('num')).concat(nameSpans.map((s) => s.concat('name'))).sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end, cls] of all) {
    node.append(match.target.slice(at, start), el('span', { class: cls, title: cls === 'num' ? 'number adapted' : 'house style' }, match.target.slice(start, end)));
    at = end;
  }
  node.append(match.target.slice(at));
  return node;
}

function initLookup() {
  const query = $('query');
  const results = $('results');
  loadHouseNames();
  let controller = null;
  let targets = [];
  const run = async () => {
    const text = query.value;
    if (controller) controller.abort();
    if (text.trim() === '') { results.replaceChildren(); targets = []; return; }
    controller = new AbortController();
    const started = performance.now();
    try {
      const names = await loadHouseNames();
      const minScore = Number($('min-score').value || 50);
      const answer = await api('POST', '/api/v1/suggest', {
        text, src_lang: value('src-lang'), tgt_lang: value('tgt-lang'), min_score: minScore, limit: 5,
      }, controller.signal);
      targets = [];
      const items = [];
      // the memory a match came from is shown when several answered
      const memories = new Set(answer.results.flatMap((r) => r.matches.map((m) => m.memory)));
      for (const result of answer.results) {
        const sentence = el('li', { class: 'sentence' });
        sentence.append(el('div', { class: 'query', dir: 'auto' }, result.query));
        if (result.matches.length === 0) sentence.append(el('p', { class: 'hint' }, 'No stored match at or above the minimum score.'));
        for (const match of result.matches) {
          targets.push(match.target);
          const n = targets.length;
          const badges = [];
          if (match.exact) badges.push(el('span', { class: 'badge' }, 'exact'));
          if (match.adapted) badges.push(el('span', { class: 'badge' }, 'adapted'));
          const item = el('div', {
            class: 'match', tabindex: 0, 'data-n': n, role: 'button',
            'aria-label': 'match ' + n + ', ' + match.score + ' percent; Enter copies the target',
            onkeydown: (event) => { if (event.key === 'Enter') { event.preventDefault(); copyMatch(n); } },
            ondblclick: () => copyMatch(n),
          },
          el('div', { class: 'score' }, match.score + '%', el('small', {}, n <= 9 ? 'Alt+' + n : '#' + n)),
          targetEl(match, names),
          match.adapted ? el('div', { class: 'meta' }, 'stored: ', textEl('span', match.stored_target, match.tgt_lang)) : null,
          diffEl(match.edits, match.src_lang),
          el('div', { class: 'meta' }, match.origin, ' · ', match.created_at.slice(0, 10), ' · ', memories.size > 1 ? match.memory + ' · ' : '',
            el('a', { href: '/units?id=' + match.id }, 'unit ' + match.id), badges,
            ' ', el('button', { type: 'button', onclick: () => copyMatch(n), tabindex: -1 }, 'Copy')));
          sentence.append(item);
        }
        items.push(sentence);
      }
      results.replaceChildren(...items);
      $('timing').textContent = Math.round(performance.now() - started) + ' ms';
      status('');
    } catch (error) { failed(error); }
  };
  const copyMatch = async (n) => {
    const text = targets[n - 1];
    if (text === undefined) return;
    await copyText(text);
    status('Copied the target of match ' + n + '.', 'ok');
  };
  query.addEventListener('input', debounce(run, DEBOUNCE_MS));
  for (const id of ['src-lang', 'tgt-lang', 'min-score']) $(id).addEventListener('change', run);
  $('lookup-form').addEventListener('submit', (event) => { event.preventDefault(); run(); });
  document.addEventListener('keydown', (event) => {
    const digit = /^Digit([1-9])$/.exec(event.code) || /^([1-9])$/.exec(event.key);
    if (event.altKey && !event.ctrlKey && digit) {
      event.preventDefault();
      copyMatch(Number(digit[1]));
    }
  });
  const given = new URLSearchParams(location.search).get('q');
  if (given) { query.value = given; run(); }
}

// ---- concordance ------------------------------------------------------------------

function initConcordance() {
  const tbody = document.querySelector('#hits tbody');
  let controller = null;
  const run = async () => {
    const term = $('term').value.trim();
    if (term === '') { tbody.replaceChildren(); $('count').textContent = ''; return; }
    const params = new URLSearchParams({ term, side: $('side').value, limit: '100' });
    for (const id of ['src-lang', 'tgt-lang', 'document', 'author', 'from', 'to']) {
      const v = value(id);
      if (v !== undefined) params.set(id.replace('-', '_'), v);
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const report = await api('GET', '/api/v1/search?' + params, undefined, controller.signal);
      tbody.replaceChildren(...report.hits.map((hit) => el('tr', {},
        el('td', { lang: hit.src_lang, dir: dirOf(hit.src_lang) }, marked(hit.source, byteSpansToIndex(hit.source, hit.in_source), 'mark')),
        el('td', { lang: hit.tgt_lang, dir: dirOf(hit.tgt_lang) }, marked(hit.target, byteSpansToIndex(hit.target, hit.in_target), 'mark')),
        el('td', { class: 'meta' }, hit.origin),
        el('td', { class: 'meta' }, hit.created_at.slice(0, 10)),
        el('td', { class: 'meta' }, el('a', { href: '/units?id=' + hit.id }, String(hit.id))))));
      $('count').textContent = report.hits.length + (report.hits.length === 1 ? ' hit' : ' hits');
      status('');
    } catch (error) { failed(error); }
  };
  $('search-form').addEventListener('submit', (event) => { event.preventDefault(); run(); });
  $('term').addEventListener('input', debounce(run, DEBOUNCE_MS * 2));
  for (const id of ['side', 'src-lang', 'tgt-lang', 'document', 'author', 'from', 'to']) $(id).addEventListener('change', run);
  const given = new URLSearchParams(location.search).get('term');
  if (given) { $('term').value = given; run(); }
}

// ---- alignment review ---------------------------------------------------------------

function initReview() {
  // the document pair, its beads (each side a list of sentence texts) and the undo stack
  const review = { pair: null, srcLang: null, tgtLang: null, beads: [], current: 0, undo: [], flagBelow: 0.5 };
  const list = $('beads');

  // Two documents' names are the same pair when their file names are
  // (a path may be given relative or absolute, here or to align --store).
  const fileNames = (names) => names.split(' + ').map((n) => n.split('/').pop()).join(' + ');
  const sameDocuments = (a, b) => fileNames(a) === fileNames(b);
  const documentName = () => review.pair.source_name + ' + ' + review.pair.target_name;
  const sideText = (sentences, lang) => sentences.map((s) => s.trim()).filter(Boolean).join(joiner(lang));
  const isFlagged = (bead) => bead.flagged;

  function snapshot() { return JSON.parse(JSON.stringify(review.beads)); }

  // Records an action for undo: the beads before it, where the cursor
  // was, and what must be undone in the memory (a function) if anything.
  function remember(what, undoStore) {
    review.undo.push({ what, beads: snapshot(), current: review.current, undoStore: undoStore || null });
  }

  async function undo() {
    const step = review.undo.pop();
    if (!step) { status('Nothing to undo.'); return; }
    try {
      if (step.undoStore) await step.undoStore();
      review.beads = step.beads;
      review.current = Math.min(step.current, review.beads.length - 1);
      render();
      status('Undone: ' + step.what + '.', 'ok');
    } catch (error) {
      review.undo.push(step);
      failed(error);
    }
  }

  function render() {
    const items = review.beads.map((bead, k) => {
      const cls = ['bead', bead.flagged ? 'flagged' : '', bead.status, k === review.current ? 'current' : ''].filter(Boolean).join(' ');
      const side = (sentences, lang, which) => {
        if (bead.editing) {
          return el('div', { class: 'side' }, el('textarea', { 'data-side': which, lang, dir: dirOf(lang), value: sentences.join('\n'), rows: 3 }));
        }
        if (sentences.length === 0) return el('div', { class: 'side', lang, dir: dirOf(lang) }, el('p', { class: 'hint', dir: 'ltr', lang: 'en' }, '(nothing)'));
        // the current bead shows where a split cuts each side; a click on a
        // sentence puts the cut after it ([ ] and { } move it)
        const parts = sentences.map((s, i) => el('p', { 'data-i': i, onclick: () => { review.current = k; setCut(k, which, i + 1); } }, s));
        if (k === review.current && canSplit(bead)) parts.splice(cutOf(bead, which), 0, el('hr', { class: 'cut', 'data-side': which, title: 'a split cuts here' }));
        return el('div', { class: 'side', lang, dir: dirOf(lang) }, parts);
      };
      return el('li', { class: cls, 'data-k': k, onclick: () => { if (review.current !== k) { review.current = k; render(); } } },
        el('div', { class: 'conf' }, bead.confidence === null ? 'edited' : bead.confidence.toFixed(2),
          el('small', {}, bead.src.length + '-' + bead.tgt.length + (bead.flagged ? ' · flagged' : '') + (bead.status ? ' · ' + bead.status : '') + (bead.unit ? ' · unit ' + bead.unit.id : ''))),
        side(bead.src, review.srcLang, 'src'), side(bead.tgt, review.tgtLang, 'tgt'));
    });
    list.replaceChildren(...items);
    const flagged = review.beads.filter(isFlagged).length;
    const accepted = review.beads.filter((b) => b.status === 'accepted').length;
    $('summary').textContent = review.beads.length + ' beads · ' + flagged + ' flagged · ' + accepted + ' accepted';
    const current = list.children[review.current];
    if (current) {
      current.scrollIntoView({ block: 'nearest' });
      const area = current.querySelector('textarea');
      if (area && document.activeElement.tagName !== 'TEXTAREA') area.focus();
    }
  }

  async function load(pair) {
    review.pair = pair;
    review.flagBelow = Number($('flag-below').value || 0.5);
    status('Aligning…');
    const answer = await api('POST', '/api/v1/align', {
      source: pair.source, target: pair.target, src_lang: pair.src_lang || undefined, tgt_lang: pair.tgt_lang || undefined, flag_below: review.flagBelow,
    });
    review.srcLang = answer.src_lang;
    review.tgtLang = answer.tgt_lang;
    review.beads = answer.beads.map((b) => ({
      src: b.src.map((i) => answer.source[i]), tgt: b.tgt.map((j) => answer.target[j]),
      confidence: b.confidence, flagged: b.flagged || b.src.length === 0 || b.tgt.length === 0, status: null, unit: null,
    }));
    review.current = 0;
    review.undo = [];
    $('load').open = false;
    $('review-bar').hidden = false;
    $('review-keys').hidden = false;
    document.title = 'Review: ' + documentName() + ' · dragoman';
    render();
    status('Aligned ' + review.beads.length + ' beads; n jumps to the next flagged one.', 'ok');
  }

  // The stored unit of this source, if one is: its exact source among the concordance's hits.
  async function storedWithSource(source) {
    try {
      const params = new URLSearchParams({ term: source, side: 'source', limit: '50', src_lang: review.srcLang, tgt_lang: review.tgtLang });
      const report = await api('GET', '/api/v1/search?' + params);
      const wanted = source.normalize('NFC');
      return report.hits.filter((hit) => hit.source === wanted);
    } catch (error) {
      if (error.status === 400) return [];
      throw error;
    }
  }

  // Stores a bead: a correction of a pair already stored from this
  // document pair (in this session or before) replaces its target; the
  // same pair stored already is not added again.
  async function store(bead) {
    const source = sideText(bead.src, review.srcLang);
    const target = sideText(bead.tgt, review.tgtLang);
    if (source === '' || target === '') throw new Error('an empty side cannot be stored: join it with a neighbour or reject it');
    if (bead.unit) {
      if (bead.unit.source === source && bead.unit.target === target) return { unit: bead.unit, undoStore: null };
      const old = bead.unit;
      const unit = await api('PUT', '/api/v1/units/' + old.id, { source, target });
      return { unit, undoStore: () => api('PUT', '/api/v1/units/' + old.id, { source: old.source, target: old.target }) };
    }
    const stored = await storedWithSource(source);
    const same = stored.find((hit) => hit.target === target.normalize('NFC'));
    if (same) return { unit: same, undoStore: null };
    const ours = stored.find((hit) => sameDocuments(hit.origin, documentName()) || sameDocuments(hit.origin.replace(/:[^:]*$/, ''), documentName()));
    if (ours) {
      const unit = await api('PUT', '/api/v1/units/' + ours.id, { source, target });
      return { unit, undoStore: () => api('PUT', '/api/v1/units/' + ours.id, { source: ours.source, target: ours.target }) };
    }
    const answer = await api('POST', '/api/v1/units', { src_lang: review.srcLang, tgt_lang: review.tgtLang, source, target, document: documentName() });
    const unit = answer.unit;
    if (answer.added !== 'new') return { unit, undoStore: null };
    return { unit, undoStore: () => api('DELETE', '/api/v1/units/' + unit.id) };
  }

  async function accept(k, quiet) {
    const bead = review.beads[k];
    const before = snapshot();
    const { unit, undoStore } = await store(bead);
    review.undo.push({ what: 'accept bead ' + (k + 1), beads: before, current: review.current, undoStore });
    bead.status = 'accepted';
    bead.flagged = false;
    bead.unit = unit ? { id: unit.id, source: unit.source, target: unit.target } : null;
    if (!quiet) status('Stored bead ' + (k + 1) + (unit ? ' as unit ' + unit.id : '') + '.', 'ok');
  }

  function join(k, other) {
    if (other < 0 || other >= review.beads.length) return;
    const [first, second] = other > k ? [k, other] : [other, k];
    remember('join beads ' + (first + 1) + ' and ' + (second + 1));
    const a = review.beads[first], b = review.beads[second];
    const joined = { src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt), confidence: null, flagged: false, status: null, unit: a.unit || b.unit };
    review.beads.splice(first, 2, joined);
    review.current = first;
  }

  // Where a split cuts a side of a bead: after this many sentences (by
  // default after the first, 0 when the side is empty).
  function cutOf(bead, side) {
    const n = bead[side].length;
    const cut = bead.cut && bead.cut[side] !== undefined ? bead.cut[side] : Math.min(1, n);
    return Math.max(0, Math.min(n, cut));
  }

  function canSplit(bead) { return bead.src.length >= 2 || bead.tgt.length >= 2; }

  // Puts a side's cut after `at` sentences (not an action to undo: it
  // changes no bead, only where the next split cuts).
  function setCut(k, side, at) {
    const bead = review.beads[k];
    bead.cut = Object.assign({ src: cutOf(bead, 'src'), tgt: cutOf(bead, 'tgt') }, bead.cut || {});
    bead.cut[side] = Math.max(0, Math.min(bead[side].length, at));
    render();
  }

  // Splits a bead in two at its cuts, which may be at any sentence
  // boundary of either side (a half may have nothing on one side).
  function split(k) {
    const bead = review.beads[k];
    const s = cutOf(bead, 'src'), t = cutOf(bead, 'tgt');
    if ((s === 0 && t === 0) || (s === bead.src.length && t === bead.tgt.length)) {
      status(canSplit(bead) ? 'Both cuts are at the same end: move one with [ ] or { }, or click a sentence.' : 'A bead of one sentence a side cannot be split.', 'error');
      return;
    }
    remember('split bead ' + (k + 1));
    const first = { src: bead.src.slice(0, s), tgt: bead.tgt.slice(0, t), confidence: null, flagged: false, status: null, unit: bead.unit };
    const second = { src: bead.src.slice(s), tgt: bead.tgt.slice(t), confidence: null, flagged: false, status: null, unit: null };
    for (const half of [first, second]) half.flagged = half.src.length === 0 || half.tgt.length === 0;
    review.beads.splice(k, 1, first, second);
  }

  // Moves a sentence across the boundary with the next (down) or previous (up) bead.
  function move(k, side, down) {
    const bead = review.beads[k];
    const other = review.beads[down ? k + 1 : k - 1];
    if (!other || bead[side].length === 0) return;
    remember('move a ' + (side === 'src' ? 'source' : 'target') + ' sentence ' + (down ? 'down' : 'up'));
    if (down) other[side].unshift(bead[side].pop());
    else other[side].push(bead[side].shift());
    for (const b of [bead, other]) { b.confidence = null; b.status = b.status === 'accepted' ? 'changed' : b.status; }
  }

  function startEdit(k) {
    review.beads[k].editing = true;
    render();
  }

  function saveEdit(k) {
    const item = list.children[k];
    const read = (which) => item.querySelector('textarea[data-side="' + which + '"]').value.split('\n').map((s) => s.trim()).filter(Boolean);
    const src = read('src'), tgt = read('tgt');
    delete review.beads[k].editing;
    remember('edit bead ' + (k + 1));
    const bead = review.beads[k];
    bead.src = src;
    bead.tgt = tgt;
    bead.confidence = null;
    if (bead.status === 'accepted') bead.status = 'changed';
    render();
  }

  function jumpFlagged(forward) {
    const n = review.beads.length;
    for (let step = 1; step <= n; step++) {
      const k = (review.current + (forward ? step : -step) + n) % n;
      if (isFlagged(review.beads[k])) { review.current = k; render(); return; }
    }
    status('No flagged bead left.', 'ok');
  }

  async function act(action) {
    if (review.beads.length === 0) return;
    const k = review.current;
    try {
      switch (action) {
        case 'next-flag': jumpFlagged(true); return;
        case 'prev-flag': jumpFlagged(false); return;
        case 'down': review.current = Math.min(k + 1, review.beads.length - 1); break;
        case 'up': review.current = Math.max(k - 1, 0); break;
        case 'accept': await accept(k); review.current = Math.min(k + 1, review.beads.length - 1); break;
        case 'reject': remember('reject bead ' + (k + 1)); review.beads[k].status = 'rejected'; review.beads[k].flagged = false; break;
        case 'join-next': join(k, k + 1); break;
        case 'join-prev': join(k, k - 1); break;
        case 'split': split(k); break;
        case 'cut-src-up': setCut(k, 'src', cutOf(review.beads[k], 'src') - 1); return;
        case 'cut-src-down': setCut(k, 'src', cutOf(review.beads[k], 'src') + 1); return;
        case 'cut-tgt-up': setCut(k, 'tgt', cutOf(review.beads[k], 'tgt') - 1); return;
        case 'cut-tgt-down': setCut(k, 'tgt', cutOf(review.beads[k], 'tgt') + 1); return;
        case 'edit': startEdit(k); return;
        case 'src-down': move(k, 'src', true); break;
        case 'tgt-down': move(k, 'tgt', true); break;
        case 'src-up': move(k, 'src', false); break;
        case 'tgt-up': move(k, 'tgt', false); break;
        case 'undo': await undo(); return;
        case 'accept-unflagged': {
          let stored = 0;
          for (let i = 0; i < review.beads.length; i++) {
            const bead = review.beads[i];
            if (!bead.flagged && bead.status !== 'accepted' && bead.status !== 'rejected' && bead.src.length && bead.tgt.length) {
              await accept(i, true);
              stored++;
            }
          }
          status('Stored ' + stored + ' unflagged beads.', 'ok');
          break;
        }
        default: return;
      }
      render();
    } catch (error) { render(); failed(error); }
  }

  const keys = {
    n: 'next-flag', p: 'prev-flag', a: 'accept', x: 'reject', j: 'join-next', J: 'join-prev', s: 'split', e: 'edit',
    d: 'src-down', D: 'tgt-down', u: 'src-up', U: 'tgt-up', z: 'undo', A: 'accept-unflagged',
    ArrowDown: 'down', ArrowUp: 'up', k: 'down', i: 'up',
    '[': 'cut-src-up', ']': 'cut-src-down', '{': 'cut-tgt-up', '}': 'cut-tgt-down',
  };
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (target.tagName === 'TEXTAREA' && review.beads[review.current] && review.beads[review.current].editing) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveEdit(review.current); }
      if (event.key === 'Escape') { delete review.beads[review.current].editing; render(); }
      return;
    }
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || event.altKey || event.metaKey) return;
    if (event.ctrlKey) {
      if (event.key === 'z') { event.preventDefault(); act('undo'); }
      return;
    }
    const action = keys[event.key];
    if (action) { event.preventDefault(); act(action); }
  });
  $('review-bar').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-act]');
    if (button) act(button.dataset.act);
  });
  const readFile = (input, area, name) => input.addEventListener('change', () => {
    const file = input.files[0];
    if (!file) return;
    $(name).value = file.name;
    file.text().then((text) => { area.value = text; });
  });
  readFile($('source-file'), $('source-text'), 'source-name');
  readFile($('target-file'), $('target-text'), 'target-name');
  $('pair-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load({
      source: $('source-text').value, target: $('target-text').value, source_name: $('source-name').value.trim() || 'source',
      target_name: $('target-name').value.trim() || 'target', src_lang: value('pair-src-lang'), tgt_lang: value('pair-tgt-lang'),
    }).catch(failed);
  });
  const id = new URLSearchParams(location.search).get('pair');
  if (id) {
    api('GET', '/review/pairs/' + encodeURIComponent(id)).then((pair) => {
      $('source-name').value = pair.source_name;
      $('target-name').value = pair.target_name;
      $('source-text').value = pair.source;
      $('target-text').value = pair.target;
      return load(pair);
    }).catch(failed);
  }
  window.dragomanReview = review;
}

// ---- units ------------------------------------------------------------------------

function initUnits() {
  let shown = null;
  const open = async (id) => {
    id = String(id).trim();
    if (!/^[0-9]+$/.test(id)) { status('A unit id is a number.', 'error'); return; }
    $('unit-id').value = id;
    history.replaceState(null, '', '/units?id=' + id);
    let unit = null, deleted = false;
    try {
      unit = await api('GET', '/api/v1/units/' + id);
    } catch (error) {
      if (error.status !== 410) { $('unit').hidden = true; failed(error); return; }
      deleted = true;
    }
    shown = { id, unit, deleted };
    $('unit').hidden = false;
    $('unit-title').textContent = 'Unit ' + id + (deleted ? ' (deleted)' : '');
    const meta = $('unit-meta');
    meta.replaceChildren();
    if (unit) {
      const row = (k, v) => { if (v) meta.append(el('dt', {}, k), el('dd', {}, v)); };
      row('Languages', unit.src_lang + ' → ' + unit.tgt_lang);
      row('Document', unit.document + (unit.locator ? ':' + unit.locator : ''));
      row('Stored', unit.created_at + (unit.created_by ? ' by ' + unit.created_by : ''));
      row('Corrected', unit.changed_at ? unit.changed_at + (unit.changed_by ? ' by ' + unit.changed_by : '') : null);
      for (const [area, text, lang] of [['unit-source', unit.source, unit.src_lang], ['unit-target', unit.target, unit.tgt_lang]]) {
        $(area).value = text;
        $(area).setAttribute('lang', lang);
        $(area).setAttribute('dir', dirOf(lang));
      }
    } else {
      $('unit-source').value = '';
      $('unit-target').value = '';
    }
    $('unit-save').disabled = deleted;
    $('unit-delete').disabled = deleted;
    $('unit-restore').disabled = !deleted;
    try {
      const past = await api('GET', '/api/v1/units/' + id + '/history');
      $('unit-history').replaceChildren(...past.history.map((h) => el('li', {},
        el('span', { class: 'meta' }, h.at + ' · ' + h.action + (h.who ? ' by ' + h.who : '')),
        h.old_source !== null && h.old_source !== undefined ? el('div', {}, 'source was: ', el('span', { dir: 'auto' }, h.old_source)) : null,
        h.old_target !== null && h.old_target !== undefined ? el('div', {}, 'target was: ', el('span', { dir: 'auto' }, h.old_target)) : null)));
      if (past.history.length === 0) $('unit-history').replaceChildren(el('li', { class: 'hint' }, 'No change by hand.'));
    } catch (error) { failed(error); }
  };
  $('unit-form').addEventListener('submit', (event) => { event.preventDefault(); if (value('unit-id')) open(value('unit-id')).catch(failed); });
  $('unit-save').addEventListener('click', async () => {
    try {
      await api('PUT', '/api/v1/units/' + shown.id, { source: $('unit-source').value, target: $('unit-target').value });
      status('Saved: the old text is in the history.', 'ok');
      await open(shown.id);
    } catch (error) { failed(error); }
  });
  $('unit-delete').addEventListener('click', async () => {
    try { await api('DELETE', '/api/v1/units/' + shown.id); status('Deleted unit ' + shown.id + '; Restore brings it back.', 'ok'); await open(shown.id); } catch (error) { failed(error); }
  });
  $('unit-restore').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/units/' + shown.id + '/restore'); status('Restored unit ' + shown.id + '.', 'ok'); await open(shown.id); } catch (error) { failed(error); }
  });
  const find = debounce(async () => {
    const term = value('unit-find');
    if (!term) { $('found').replaceChildren(); return; }
    try {
      const report = await api('GET', '/api/v1/search?' + new URLSearchParams({ term, limit: '10' }));
      $('found').replaceChildren(...report.hits.map((hit) => el('li', {},
        el('a', { href: '/units?id=' + hit.id, onclick: (event) => { event.preventDefault(); open(hit.id); } }, 'unit ' + hit.id), ' ',
        textEl('span', hit.source, hit.src_lang), ' → ', textEl('span', hit.target, hit.tgt_lang))));
    } catch (error) { failed(error); }
  }, DEBOUNCE_MS * 2);
  $('unit-find').addEventListener('input', find);
  // import: the form as multipart/form-data, as the API takes it (admins only)
  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('import-file').files[0];
    if (!file) { status('Choose a file to import.', 'error'); return; }
    const form = new FormData();
    for (const [field, id] of [['format', 'import-format'], ['src_lang', 'import-src'], ['tgt_lang', 'import-tgt']]) {
      if (value(id)) form.append(field, value(id));
    }
    form.append('file', file, file.name);
    status('Importing ' + file.name + '…');
    try {
      const report = await api('POST', '/api/v1/import', form);
      const text = report.file + ': ' + report.added + ' added, ' + report.duplicates + ' duplicates, ' + report.updated + ' updated, ' + report.rejected + ' rejected';
      $('import-report').textContent = text;
      status('Imported ' + report.file + '.', 'ok');
    } catch (error) { failed(error); }
  });
  const id = new URLSearchParams(location.search).get('id');
  if (id) open(id);
}

// ---- house style ------------------------------------------------------------------

function initStyle() {
  let entries = [];
  const tbody = document.querySelector('#style tbody');
  const render = () => {
    const filter = $('style-filter').value.trim().toLowerCase();
    const shown = entries.filter((e) => !filter || [e.preferred].concat(e.variants).some((n) => n.toLowerCase().includes(filter)));
    tbody.replaceChildren(...shown.map((entry) => {
      const input = el('input', { size: 14, 'aria-label': 'new variant of ' + entry.preferred });
      const add = async () => {
        if (!input.value.trim()) return;
        try {
          await api('POST', '/api/v1/names/style/variant', { preferred: entry.preferred, variant: input.value.trim() });
          status('Added a variant of ' + entry.preferred + '.', 'ok');
          await load();
        } catch (error) { failed(error); }
      };
      input.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); add(); } });
      return el('tr', {},
        el('td', { dir: 'auto' }, el('strong', {}, entry.preferred)),
        el('td', {}, entry.variants.map((variant) => el('span', { class: 'variant', dir: 'auto' }, variant, ' ',
          el('button', { type: 'button', title: 'make this the preferred spelling', onclick: () => prefer(variant, [entry.preferred].concat(entry.variants.filter((v) => v !== variant))) }, 'prefer')))),
        el('td', {}, input, ' ', el('button', { type: 'button', onclick: add }, 'Add')));
    }));
  };
  const load = async () => {
    const style = await api('GET', '/api/v1/names/style');
    entries = style.entries;
    render();
  };
  const prefer = async (name, variants) => {
    try {
      await api('POST', '/api/v1/names/style/prefer', { name, variants });
      status(name + ' is the house spelling now.', 'ok');
      await load();
    } catch (error) { failed(error); }
  };
  $('prefer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const variants = $('prefer-variants').value.split(',').map((v) => v.trim()).filter(Boolean);
    prefer($('prefer-name').value.trim(), variants).then(() => { $('prefer-name').value = ''; $('prefer-variants').value = ''; });
  });
  $('style-filter').addEventListener('input', render);
  let beforeFix = null;
  const showFindings = (findings) => {
    $('findings').replaceChildren(...findings.map((f) => el('li', {},
      el('span', { class: 'meta' }, 'line ' + f.line + ', column ' + f.column + ': '), el('del', { dir: 'auto' }, f.found), ' → ', el('ins', { dir: 'auto' }, f.replacement))));
    if (findings.length === 0) $('findings').replaceChildren(el('li', { class: 'hint' }, 'Every name is in the house style.'));
  };
  $('check').addEventListener('click', async () => {
    try { showFindings((await api('POST', '/api/v1/names/check', { text: $('check-text').value })).findings); } catch (error) { failed(error); }
  });
  $('fix').addEventListener('click', async () => {
    try {
      const answer = await api('POST', '/api/v1/names/fix', { text: $('check-text').value });
      beforeFix = $('check-text').value;
      $('check-text').value = answer.text;
      $('unfix').disabled = false;
      showFindings(answer.findings);
      status('Applied ' + answer.findings.length + ' fixes.', 'ok');
    } catch (error) { failed(error); }
  });
  $('unfix').addEventListener('click', () => {
    if (beforeFix === null) return;
    $('check-text').value = beforeFix;
    beforeFix = null;
    $('unfix').disabled = true;
  });
  load().catch(failed);
}

// ---- start --------------------------------------------------------------------------

const PAGES = { lookup: initLookup, concordance: initConcordance, review: initReview, units: initUnits, style: initStyle };

document.addEventListener('DOMContentLoaded', () => {
  // a page language given in the address (?lang=fa: right to left) stays on while moving between pages
  const lang = new URLSearchParams(location.search).get('lang');
  if (lang) {
    for (const link of document.querySelectorAll('nav a')) link.href = link.pathname + '?lang=' + encodeURIComponent(lang);
  }
  session().catch(failed);
  const init = PAGES[document.body.dataset.page];
  if (init) init();
  window.dragomanReady = true;
});
