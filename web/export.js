// retrace — the rows of a view as CSV or JSON, downloaded as a file. Shared by the browser app
// of `retrace serve` (web/app.js) and the page of `retrace report`, which embeds this file.
'use strict';
var retraceExport = (function () {
  // A cell a spreadsheet would take for a formula (=, +, -, @ first) gets a ' before it.
  function cell(v) {
    let s = v === undefined || v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv(rows) {
    if (!rows.length) return '';
    const cols = [];
    for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
    return [cols.map(cell).join(',')].concat(rows.map((r) => cols.map((c) => cell(r[c])).join(','))).join('\r\n') + '\r\n';
  }
  function json(rows) { return JSON.stringify(rows, null, 1) + '\n'; }
  function text(kind, rows) { return kind === 'csv' ? csv(rows) : json(rows); }
  function download(name, kind, rows) {
    const blob = new Blob([text(kind, rows)], { type: kind === 'csv' ? 'text/csv' : 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name + '.' + kind;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  return { csv: csv, json: json, text: text, download: download };
})();
