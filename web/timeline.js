// retrace — a story drawn as an SVG timeline: one row per article by date, arrows from source
// to copy coloured by relation. Shared by the browser app of `retrace serve` (web/app.js) and
// the page of `retrace report`, which embeds this file. Texts go in as SVG text, never markup.
'use strict';
var retraceTimeline = (function () {
  const NS = 'http://www.w3.org/2000/svg';
  function node(tag, attrs, text) {
    const e = document.createElementNS(NS, tag);
    for (const k of Object.keys(attrs || {})) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function time(s) { const t = Date.parse(s || ''); return isNaN(t) ? null : t; }
  // docs: [{id, title, date, source}]; rels: [{source, copy, relation, score}] (ids);
  // focus: the id drawn larger. Returns the <svg> element.
  function draw(docs, rels, focus) {
    docs = docs.slice().sort((a, b) => (time(a.date) || 0) - (time(b.date) || 0));
    const W = 1000, rowH = 26, left = 300, right = 30, top = 30;
    const H = top + docs.length * rowH + 30;
    const times = docs.map((d) => time(d.date)).filter((t) => t !== null);
    const t0 = times.length ? Math.min(...times) : 0, t1 = times.length ? Math.max(...times) : 1;
    const x = (t) => t === null ? left - 10 : left + (t1 === t0 ? (W - left - right) / 2 : (t - t0) / (t1 - t0) * (W - left - right));
    const y = new Map(docs.map((d, i) => [d.id, top + i * rowH + rowH / 2]));
    const pos = new Map(docs.map((d) => [d.id, x(time(d.date))]));
    const g = node('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', class: 'timeline', role: 'img' });
    g.appendChild(node('title', {}, 'Who published when, who copied whom'));
    const defs = node('defs');
    const marker = node('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
    marker.appendChild(node('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    defs.appendChild(marker);
    g.appendChild(defs);
    if (times.length) {
      g.appendChild(node('text', { x: left, y: 16, class: 'axis' }, new Date(t0).toISOString().slice(0, 10)));
      if (t1 > t0) g.appendChild(node('text', { x: W - right, y: 16, class: 'axis', 'text-anchor': 'end' }, new Date(t1).toISOString().slice(0, 10)));
    }
    if (times.length < docs.length) g.appendChild(node('text', { x: left - 10, y: 16, class: 'axis', 'text-anchor': 'end' }, 'undated'));
    for (const r of rels) {
      if (!y.has(r.source) || !y.has(r.copy)) continue;
      const x1 = pos.get(r.source), y1 = y.get(r.source), x2 = pos.get(r.copy), y2 = y.get(r.copy);
      const path = node('path', { d: 'M' + x1 + ',' + y1 + ' C' + (x1 + 40) + ',' + y1 + ' ' + (x2 - 40) + ',' + y2 + ' ' + x2 + ',' + y2,
        class: 'edge kind-' + r.relation, 'marker-end': 'url(#arrow)' });
      path.appendChild(node('title', {}, r.source + ' \u2192 ' + r.copy + ': ' + r.relation +
        (typeof r.score === 'number' ? ' ' + r.score.toFixed(2) : '')));
      g.appendChild(path);
    }
    for (const d of docs) {
      const yy = y.get(d.id), xx = pos.get(d.id), me = d.id === focus;
      g.appendChild(node('text', { x: 8, y: yy + 4, class: 'label' + (me ? ' me' : '') }, (d.source || '?') + ' \u00b7 ' + (d.date || 'no date').slice(0, 10)));
      g.appendChild(node('line', { x1: left, x2: W - right, y1: yy, y2: yy, class: 'grid' }));
      const dot = node('circle', { cx: xx, cy: yy, r: me ? 7 : 5, class: 'dot' + (me ? ' me' : '') });
      dot.appendChild(node('title', {}, (d.title || d.id) + ' (' + d.id + ')'));
      g.appendChild(dot);
    }
    return g;
  }
  return { draw: draw };
})();
