// retrace — the browser app of `retrace serve` (docs/server.md). No framework, no network
// access beyond the server's own /v1/ API. Every text from the index or the user is put in
// the page as text (textContent, createTextNode), never as HTML.
'use strict';

(function () {
  const app = document.getElementById('app');
  const state = { query: null, exportRows: [], exportName: 'retrace' };

  // ---- small DOM helpers ----------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids.flat()) {
      if (k === null || k === undefined || k === false) continue;
      e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k);
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  async function api(path, opts) {
    const res = await fetch(path, opts);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const m = body && body.error ? body.error.code + ': ' + body.error.message : 'HTTP ' + res.status;
      throw new Error(m);
    }
    return body;
  }
  const enc = encodeURIComponent;
  const docCache = new Map();
  function getDoc(id) {
    if (!docCache.has(id)) docCache.set(id, api('/v1/documents/' + enc(id)).catch((e) => { docCache.delete(id); throw e; }));
    return docCache.get(id);
  }

  // ---- routes: #/view?key=value (the filters live in the URL) ----------------------------
  function route() {
    const h = location.hash.replace(/^#\/?/, '');
    const i = h.indexOf('?');
    const name = (i < 0 ? h : h.slice(0, i)) || 'check';
    const params = new URLSearchParams(i < 0 ? '' : h.slice(i + 1));
    return { name, params };
  }
  function go(name, params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') p.set(k, v);
    const s = p.toString();
    location.hash = '#/' + name + (s ? '?' + s : '');
  }
  function link(text, name, params, cls) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) p.set(k, v);
    const s = p.toString();
    return el('a', { href: '#/' + name + (s ? '?' + s : ''), class: cls, text });
  }

  // ---- export of the current view -------------------------------------------------------
  function setExport(name, rows) { state.exportName = name; state.exportRows = rows; }
  function download(kind) { retraceExport.download(state.exportName, kind, state.exportRows || []); }
  function relRow(r) {
    return {
      source: r.source, copy: r.copy, relation: r.relation, score: r.score, direction: r.direction,
      form: r.form || '', source_outlet: r.source_outlet || '', copy_outlet: r.copy_outlet || '',
      source_date: r.source_date || '', copy_date: r.copy_date || '',
      changes: (r.changes || []).map((c) => c.kind).join(' '),
    };
  }

  // ---- the frame ------------------------------------------------------------------------
  const views = {};
  let main, status;
  function frame() {
    const nav = el('nav', {},
      el('span', { class: 'brand', text: 'retrace' }),
      link('Check an article', 'check', {}, 'nav-check'),
      link('Search', 'search', {}, 'nav-search'),
      link('Relations', 'relations', {}, 'nav-relations'),
      link('Outlets', 'outlets', {}, 'nav-outlets'),
      el('span', { class: 'spacer' }),
      el('button', { id: 'export-csv', type: 'button', onclick: () => download('csv'), text: 'Export CSV' }),
      el('button', { id: 'export-json', type: 'button', onclick: () => download('json'), text: 'Export JSON' }));
    status = el('div', { id: 'status', role: 'status' });
    main = el('main', { id: 'main' });
    app.appendChild(el('header', {}, nav));
    app.appendChild(status);
    app.appendChild(main);
  }
  function say(msg, isError) { status.textContent = msg || ''; status.className = isError ? 'error' : ''; }
  async function render() {
    const r = route();
    clear(main);
    say('');
    setExport(r.name, []);
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.classList.contains('nav-' + r.name));
    const view = views[r.name] || views.check;
    main.dataset.view = r.name;
    try {
      await view(r.params);
    } catch (e) {
      say(e.message, true);
    }
    main.dataset.ready = '1';
  }

  function kindBadge(kind) { return el('span', { class: 'badge kind-' + kind, text: kind }); }
  function fmtScore(s) { return typeof s === 'number' ? s.toFixed(2) : ''; }

  // ---- check an article: paste or upload, see its sources and copies --------------------
  views.check = async function () {
    const ta = el('textarea', { id: 'paste', rows: 12, placeholder: 'Paste an article here, or choose a file' });
    const file = el('input', { type: 'file', id: 'upload', accept: '.txt,.json,.jsonl,text/plain' });
    file.addEventListener('change', async () => {
      const f = file.files[0];
      if (!f) return;
      let t = await f.text();
      try { const o = JSON.parse(t); if (o && typeof o.text === 'string') t = o.text; } catch (e) { /* plain text */ }
      ta.value = t;
    });
    const out = el('section', { id: 'check-results' });
    const btn = el('button', { id: 'check-go', type: 'button', text: 'Find sources and copies' });
    btn.addEventListener('click', async () => {
      const text = ta.value;
      if (!text.trim()) return say('Paste a text first.', true);
      say('Looking…');
      try {
        const res = await api('/v1/query', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id: 'pasted', text }) });
        state.query = { text, relations: res.relations };
        say('');
        await showQuery(out);
      } catch (e) { say(e.message, true); }
    });
    main.appendChild(el('h1', { text: 'Where does this article come from?' }));
    main.appendChild(el('div', { class: 'paste' }, ta, el('div', { class: 'row' }, file, btn)));
    main.appendChild(out);
    if (state.query) { ta.value = state.query.text; await showQuery(out); }
  };

  async function showQuery(out) {
    clear(out);
    const rels = state.query.relations;
    const rows = [];
    if (!rels.length) {
      out.appendChild(el('p', { class: 'empty', text: 'Nothing in the index derives from this text or was derived from it.' }));
    }
    const list = el('ul', { class: 'results' });
    for (const r of rels) {
      const other = r.source === 'pasted' ? r.copy : r.source;
      const role = r.source === 'pasted' ? 'copy of the pasted text' : 'source of the pasted text';
      const li = el('li', { class: 'result', 'data-id': other });
      list.appendChild(li);
      rows.push(relRow(r));
      const d = await getDoc(other).catch(() => null);
      li.appendChild(el('div', { class: 'title' }, kindBadge(r.relation), ' ', el('b', { text: d && d.title ? d.title : other })));
      li.appendChild(el('div', { class: 'meta', text: role + ' · ' + other + ' · ' + ((d && d.source) || r.source_outlet || r.copy_outlet || '') +
        ' · ' + ((d && d.date) || '') + ' · score ' + fmtScore(r.score) }));
      li.appendChild(el('div', { class: 'actions' },
        link('Side by side', 'compare', { pasted: '1', source: r.source, copy: r.copy }, 'open-compare'), ' ',
        link('Story', 'story', { id: other }, 'open-story')));
      // An indexed article the text is the same as: its own sources are the text's.
      if (r.relation === 'duplicate' || r.relation === 'reprint') {
        const stored = await api('/v1/documents/' + enc(other) + '/relations').catch(() => null);
        for (const s of (stored ? stored.relations : [])) {
          if (s.copy !== other || s.relation === 'same_story') continue;
          rows.push(relRow(s));
          const sd = await getDoc(s.source).catch(() => null);
          const sub = el('li', { class: 'result via', 'data-id': s.source });
          sub.appendChild(el('div', { class: 'title' }, kindBadge(s.relation), ' ', el('b', { text: sd && sd.title ? sd.title : s.source })));
          sub.appendChild(el('div', { class: 'meta', text: 'source of ' + other + ' (and so of the pasted text) · ' + s.source + ' · ' +
            ((sd && sd.source) || s.source_outlet || '') + ' · ' + ((sd && sd.date) || '') + ' · score ' + fmtScore(s.score) }));
          sub.appendChild(el('div', { class: 'actions' },
            link('Side by side', 'compare', { source: s.source, copy: s.copy }, 'open-compare'), ' ',
            link('Story', 'story', { id: s.source }, 'open-story')));
          list.appendChild(sub);
        }
      }
    }
    out.appendChild(list);
    setExport('query', rows);
  }

  // ---- side by side: passages linked, changes marked by kind ----------------------------
  // Offsets are Unicode code points (docs/format.md): the text is cut as an array of them.
  function marked(text, side, rel) {
    const cps = Array.from(text);
    const cuts = new Set([0, cps.length]);
    const psg = (rel.passages || []).map((p, i) => ({ i, b: p[side][0], e: p[side][1], kind: p.kind }));
    const chg = (rel.changes || []).map((c, i) => ({ i, b: (c[side] || [])[0], e: (c[side] || [])[1], kind: c.kind }))
      .filter((c) => c.b !== undefined && c.e > c.b);
    for (const x of psg.concat(chg)) { cuts.add(Math.max(0, Math.min(cps.length, x.b))); cuts.add(Math.max(0, Math.min(cps.length, x.e))); }
    const pts = Array.from(cuts).sort((a, b) => a - b);
    const box = el('div', { class: 'text', 'data-side': side });
    for (let k = 0; k + 1 < pts.length; ++k) {
      const b = pts[k], e = pts[k + 1];
      const piece = cps.slice(b, e).join('');
      const p = psg.find((x) => x.b <= b && e <= x.e);
      const c = chg.find((x) => x.b <= b && e <= x.e);
      if (!p && !c) { box.appendChild(document.createTextNode(piece)); continue; }
      const span = el('span', { text: piece });
      if (p) { span.classList.add('psg', 'psg-' + p.kind); span.dataset.p = p.i; }
      if (c) { span.classList.add('chg', 'chg-' + c.kind); span.dataset.c = c.i; span.title = rel.changes[c.i].kind + ': ' + (rel.changes[c.i].detail || ''); }
      box.appendChild(span);
    }
    return box;
  }
  function focus(container, selector) {
    for (const n of container.querySelectorAll('.focus')) n.classList.remove('focus');
    const hits = container.querySelectorAll(selector);
    for (const n of hits) n.classList.add('focus');
    for (const side of container.querySelectorAll('.text')) {
      const first = side.querySelector('.focus');
      if (first) first.scrollIntoView({ block: 'center' });
    }
    return hits.length;
  }

  views.compare = async function (params) {
    const src = params.get('source'), cp = params.get('copy');
    let rel = null, stext = '', ctext = '', sdoc = null, cdoc = null;
    if (params.get('pasted') && state.query) {
      rel = state.query.relations.find((r) => r.source === src && r.copy === cp);
      const other = src === 'pasted' ? cp : src;
      const d = await getDoc(other);
      if (src === 'pasted') { stext = state.query.text; ctext = d.text; cdoc = d; sdoc = { id: 'pasted', title: 'The pasted text' }; }
      else { stext = d.text; ctext = state.query.text; sdoc = d; cdoc = { id: 'pasted', title: 'The pasted text' }; }
    } else {
      const rels = await api('/v1/documents/' + enc(cp) + '/relations');
      rel = rels.relations.find((r) => r.source === src && r.copy === cp);
      [sdoc, cdoc] = await Promise.all([getDoc(src), getDoc(cp)]);
      stext = sdoc.text; ctext = cdoc.text;
    }
    if (!rel) throw new Error('no relation between these two articles (the pasted text is gone after a reload: paste it again)');
    setExport('compare-' + src + '-' + cp, (rel.changes || []).map((c, i) => ({
      n: i + 1, kind: c.kind, copy_text: c.copy_text, source_text: c.source_text, detail: c.detail })));
    main.appendChild(el('h1', {}, kindBadge(rel.relation), ' ', el('span', { text: (cdoc.title || cp) })));
    main.appendChild(el('p', { class: 'meta', text: 'score ' + fmtScore(rel.score) + ' · direction ' + rel.direction +
      (rel.form ? ' · ' + rel.form : '') + ' · ' + (rel.passages || []).length + ' passages · ' + (rel.changes || []).length + ' changes' }));
    const grid = el('div', { class: 'sbs', id: 'sbs' });
    const head = (d, label) => el('div', { class: 'side-head' }, el('div', { class: 'label', text: label }),
      el('b', { text: d.title || d.id }), el('div', { class: 'meta', text: [d.id, d.source, d.date].filter(Boolean).join(' · ') }));
    grid.appendChild(el('div', { class: 'side' }, head(sdoc, 'Source'), marked(stext, 'source', rel)));
    grid.appendChild(el('div', { class: 'side' }, head(cdoc, 'Copy'), marked(ctext, 'copy', rel)));
    grid.addEventListener('click', (ev) => {
      const t = ev.target.closest('[data-p],[data-c]');
      if (!t) return;
      if (t.dataset.c !== undefined) focus(grid, '[data-c="' + t.dataset.c + '"]');
      else focus(grid, '[data-p="' + t.dataset.p + '"]');
    });
    const changes = el('ol', { class: 'changes', id: 'changes' });
    (rel.changes || []).forEach((c, i) => {
      changes.appendChild(el('li', { class: 'change chg-' + c.kind, 'data-kind': c.kind },
        kindBadge(c.kind), ' ',
        el('span', { class: 'was', text: c.source_text || '—' }), ' → ', el('span', { class: 'now', text: c.copy_text || '—' }),
        el('span', { class: 'detail', text: c.detail ? ' (' + c.detail + ')' : '' }), ' ',
        el('a', { href: '#', class: 'follow', onclick: (ev) => { ev.preventDefault(); focus(grid, '[data-c="' + i + '"]'); }, text: 'follow' })));
    });
    const legend = el('div', { class: 'legend' },
      ['verbatim', 'noisy', 'paraphrase'].map((k) => el('span', { class: 'psg psg-' + k, text: k + ' passage' })),
      ['changed_number', 'altered_quote', 'changed_claim', 'added', 'dropped'].map((k) => el('span', { class: 'chg chg-' + k, text: k.replace('_', ' ') })));
    main.appendChild(legend);
    main.appendChild(el('h2', { text: 'What the copy changed' }));
    main.appendChild(changes);
    main.appendChild(grid);
    if (!params.get('pasted')) main.appendChild(el('p', {}, link('The whole story', 'story', { id: cp }, 'open-story')));
  };

  // ---- full-text search -----------------------------------------------------------------
  views.search = async function (params) {
    const q = params.get('q') || '';
    const input = el('input', { type: 'search', id: 'q', value: q, placeholder: 'words that must all occur' });
    const form = el('form', { class: 'row', onsubmit: (ev) => { ev.preventDefault(); go('search', { q: input.value }); } },
      input, el('button', { type: 'submit', text: 'Search' }));
    main.appendChild(el('h1', { text: 'Search titles and texts' }));
    main.appendChild(form);
    if (!q.trim()) return;
    const res = await api('/v1/search?q=' + enc(q) + '&limit=50');
    const list = el('ul', { class: 'results', id: 'search-results' });
    for (const r of res.results) {
      list.appendChild(el('li', { class: 'result', 'data-id': r.id },
        el('div', { class: 'title' }, link(r.title || r.id, 'story', { id: r.id })),
        el('div', { class: 'meta', text: [r.id, r.source, r.date].filter(Boolean).join(' · ') }),
        el('div', { class: 'snippet', text: r.snippet })));
    }
    if (!res.results.length) list.appendChild(el('li', { class: 'empty', text: 'No article has all these words.' }));
    main.appendChild(list);
    setExport('search', res.results.map((r) => ({ id: r.id, title: r.title, source: r.source, date: r.date, url: r.url })));
  };

  // ---- relations, filtered (the filters are the URL's) ----------------------------------
  views.relations = async function (params) {
    const f = {};
    for (const k of ['outlet', 'kind', 'change', 'from', 'to', 'min_score']) f[k] = params.get(k) || '';
    const stats = await api('/v1/stats').catch(() => ({ outlets: [] }));
    const outlet = el('select', { id: 'f-outlet', name: 'outlet' }, el('option', { value: '', text: 'any outlet' }),
      stats.outlets.map((o) => el('option', { value: o.outlet, text: o.outlet, selected: o.outlet === f.outlet ? 'selected' : null })));
    const kind = el('select', { id: 'f-kind', name: 'kind' }, el('option', { value: '', text: 'any relation' }),
      ['duplicate', 'reprint', 'excerpt', 'rewrite', 'same_story'].map((k) => el('option', { value: k, text: k, selected: k === f.kind ? 'selected' : null })));
    const change = el('select', { id: 'f-change', name: 'change' }, el('option', { value: '', text: 'any changes' }),
      ['changed_number', 'altered_quote', 'changed_claim', 'added', 'dropped'].map((k) => el('option', { value: k, text: k, selected: k === f.change ? 'selected' : null })));
    const from = el('input', { type: 'date', id: 'f-from', value: f.from });
    const to = el('input', { type: 'date', id: 'f-to', value: f.to });
    const min = el('input', { type: 'number', id: 'f-min', min: 0, max: 1, step: 0.05, value: f.min_score, placeholder: 'min score' });
    const apply = () => go('relations', { outlet: outlet.value, kind: kind.value, change: change.value, from: from.value, to: to.value, min_score: min.value });
    for (const c of [outlet, kind, change, from, to, min]) c.addEventListener('change', apply);
    main.appendChild(el('h1', { text: 'Relations' }));
    main.appendChild(el('div', { class: 'filters row' }, outlet, kind, change, from, to, min));
    const table = el('table', { id: 'relations' }, el('thead', {}, el('tr', {},
      ['relation', 'source', 'copy', 'score', 'changes', ''].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    table.appendChild(body);
    main.appendChild(table);
    const rows = [];
    const more = el('button', { type: 'button', id: 'more', text: 'More' });
    let cursor = '';
    async function page() {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
      p.set('limit', '100');
      if (cursor) p.set('cursor', cursor);
      const res = await api('/v1/relations?' + p.toString());
      for (const r of res.relations) {
        rows.push(relRow(r));
        body.appendChild(el('tr', { class: 'rel' },
          el('td', {}, kindBadge(r.relation)),
          el('td', {}, el('div', { text: r.source }), el('div', { class: 'meta', text: [r.source_outlet, r.source_date].filter(Boolean).join(' · ') })),
          el('td', {}, el('div', { text: r.copy }), el('div', { class: 'meta', text: [r.copy_outlet, r.copy_date].filter(Boolean).join(' · ') })),
          el('td', { text: fmtScore(r.score) }),
          el('td', {}, (r.changes || []).map((c) => c.kind).filter((v, i, a) => a.indexOf(v) === i).map((k) => kindBadge(k))),
          el('td', {}, link('side by side', 'compare', { source: r.source, copy: r.copy }), ' ', link('story', 'story', { id: r.copy }))));
      }
      cursor = res.next || '';
      more.hidden = !res.next;
      setExport('relations', rows.slice());
    }
    more.addEventListener('click', () => page().catch((e) => say(e.message, true)));
    main.appendChild(more);
    await page();
    if (!rows.length) main.insertBefore(el('p', { class: 'empty', text: 'No relation matches these filters.' }), table);
  };

  // ---- a story: the cluster around an article, on a timeline ----------------------------
  views.story = async function (params) {
    const id = params.get('id');
    const c = await api('/v1/clusters/' + enc(id));
    main.appendChild(el('h1', { text: 'The story of ' + ((c.documents.find((d) => d.id === id) || {}).title || id) }));
    main.appendChild(el('p', { class: 'meta', text: c.documents.length + ' articles, ' + c.relations.length + ' relations' + (c.truncated ? ' (the first 300 articles)' : '') }));
    const g = retraceTimeline.draw(c.documents, c.relations, id);
    g.id = 'timeline';
    main.appendChild(g);
    const list = el('table', { id: 'story-relations' }, el('thead', {}, el('tr', {}, ['relation', 'source', 'copy', 'score', ''].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const r of c.relations) {
      body.appendChild(el('tr', {}, el('td', {}, kindBadge(r.relation)),
        el('td', { text: r.source + (r.source_outlet ? ' (' + r.source_outlet + ')' : '') }),
        el('td', { text: r.copy + (r.copy_outlet ? ' (' + r.copy_outlet + ')' : '') }),
        el('td', { text: fmtScore(r.score) }),
        el('td', {}, link('side by side', 'compare', { source: r.source, copy: r.copy }))));
    }
    list.appendChild(body);
    main.appendChild(list);
    setExport('story-' + id, c.relations.map(relRow));
  };

  // ---- per-outlet statistics, with bars -------------------------------------------------
  views.outlets = async function () {
    const s = await api('/v1/stats');
    main.appendChild(el('h1', { text: 'Outlets' }));
    main.appendChild(el('p', { class: 'meta', text: s.documents + ' articles, ' + s.relations + ' relations' }));
    const max = Math.max(1, ...s.outlets.map((o) => o.copied));
    const table = el('table', { id: 'outlets' }, el('thead', {}, el('tr', {},
      ['outlet', 'articles', 'copied (its articles others derived from)', 'copied by', 'median delay'].map((h) => el('th', { text: h })))));
    const body = el('tbody');
    for (const o of s.outlets) {
      const by = Object.entries(o.copied_by).sort((a, b) => b[1] - a[1]);
      body.appendChild(el('tr', { 'data-outlet': o.outlet },
        el('td', {}, link(o.outlet, 'relations', { outlet: o.outlet })),
        el('td', { text: String(o.articles) }),
        el('td', {}, el('div', { class: 'bar-wrap' }, el('div', { class: 'bar', style: null, 'data-w': o.copied / max }), el('span', { text: String(o.copied) }))),
        el('td', { class: 'by', text: by.slice(0, 4).map(([k, n]) => k + ' ' + n).join(', ') + (by.length > 4 ? ', …' : '') }),
        el('td', { text: o.median_delay_hours === null ? '' : o.median_delay_hours.toFixed(1) + ' h' })));
    }
    table.appendChild(body);
    main.appendChild(table);
    // Widths set through the CSSOM (the page's policy allows no inline style attributes).
    for (const b of table.querySelectorAll('.bar')) b.style.width = (parseFloat(b.dataset.w) * 100).toFixed(1) + '%';
    setExport('outlets', s.outlets.map((o) => ({ outlet: o.outlet, articles: o.articles, copied: o.copied, copies: o.copies,
      copied_by: Object.entries(o.copied_by).map(([k, n]) => k + ':' + n).join(' '), median_delay_hours: o.median_delay_hours })));
  };

  frame();
  window.addEventListener('hashchange', render);
  render();
})();
