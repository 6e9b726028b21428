// End-to-end test of `retrace serve` and its browser app in real Chromium (playwright-core
// driving Debian's /usr/bin/chromium). Run by tests/serve_e2e.sh, which starts the server:
//   node serve_e2e.mjs BASE_URL TOKEN BBC_JSONL SHOTS_DIR
// The scenario: add the BBC corpus and a damaged reprint through the API; paste the reprint
// in the app and see its source; open the side-by-side view; follow a changed figure; see the
// story's timeline and the outlets' bars; filter relations by outlet (kept in the URL);
// export CSV. Then hostile texts and ids: shown as text, never run as markup.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(process.env.PLAYWRIGHT_DIR + '/');
const { chromium } = require('playwright-core');
const [base, token, bbcPath, shots] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (cond) { console.log('ok   ' + what); return; }
  console.log('FAIL ' + what);
  failures++;
}

async function post(pathname, body, type, withToken = true) {
  const headers = { 'Content-Type': type };
  if (withToken) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(base + pathname, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() };
}

// --- the index, through the API --------------------------------------------------------
const bbc = fs.readFileSync(bbcPath, 'utf8');
const source = JSON.parse(bbc.split('\n').find((l) => l.includes('"bbc-business-001"')));
// A damaged reprint: e-paper furniture, words run together, a line-break hyphen, one figure changed.
let text = source.text
  .replace('jumped 76% to $1.13bn', 'jumped 67% to $1.13bn')
  .replace('the biggest investors', 'thebiggest investors')
  .replace('high-speed internet connections', 'high-speed inter-\nnet connections');
text = 'METRO HERALD | BUSINESS | PAGE 14\n' + text + '\nSubscribe to the Metro Herald e-paper for more.';
const reprint = { id: 'metro-0001', source: 'metro-herald', title: 'Ad sales boost Time Warner profit', date: '2026-03-14', text };

let r = await post('/v1/documents', JSON.stringify([reprint]), 'application/json', false);
check(r.status === 401, 'a write without the token is refused (401)');
r = await post('/v1/documents', bbc, 'application/x-ndjson');
check(r.status === 200, 'the BBC corpus is added (' + r.status + ', ' + (r.body.relations || []).length + ' relations)');
r = await post('/v1/documents', JSON.stringify([reprint]), 'application/json');
check(r.status === 200 && r.body.relations.some((x) => x.source === 'bbc-business-001' && x.copy === 'metro-0001'),
  'the reprint is added and related to its source');

// Hostile ids, titles, outlets and texts (those of the report's test, and a few more).
const pwn = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
const hostileBody = 'Tags <script>alert(\'x\')</script> & "quotes" <!-- O\'Brien said “hi” 🎉 done. ' + pwn +
  ' The harbour committee met again on Friday to discuss the plans for the old bridge and the budget for next year, ' +
  'and the chairman said the repairs would cost 4.2 million pounds and take eight months.';
const hostile = [
  { id: 'esc<1>', title: 'A & B <News> ' + pwn, source: '<b>Bold</b> & "co"', date: '2025-09-04', text: hostileBody },
  { id: 'esc"2<img src=x onerror=alert(1)>', title: 'C\'est <la> vie', source: '</script><i>it</i>', date: '2025-09-05',
    text: hostileBody.replace('“hi”', '“hello”').replace('4.2 million', '5.2 million') },
];
r = await post('/v1/documents', hostile.map((h) => JSON.stringify(h)).join('\n'), 'application/x-ndjson');
check(r.status === 200, 'the hostile articles are added (' + r.status + ')');
check((r.body.relations || []).length >= 1, 'the hostile pair is related');

// --- the browser ----------------------------------------------------------------------
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const requests = [];
page.on('request', (q) => requests.push(q.url()));
const ready = () => page.waitForSelector('main[data-ready="1"]');
async function open(hash) {
  await page.evaluate(() => { document.getElementById('main').dataset.ready = ''; });
  await page.evaluate((h) => { location.hash = h; }, hash);
  await ready();
}

await page.goto(base + '/');
await ready();
// Uploading a file (one JSON article) fills the text box with its text.
const upload = path.join(shots, 'upload.json');
fs.writeFileSync(upload, JSON.stringify({ id: 'u1', text: 'Uploaded <b>text</b> of an article.' }));
await page.setInputFiles('#upload', upload);
await page.waitForFunction(() => document.getElementById('paste').value.startsWith('Uploaded'));
check(await page.$eval('#paste', (t) => t.value) === 'Uploaded <b>text</b> of an article.', 'an uploaded JSON article fills the text box');
// Paste the reprint, see its source.
await page.fill('#paste', reprint.text);
await page.click('#check-go');
await page.waitForSelector('#check-results .result');
await page.waitForSelector('#check-results .result[data-id="bbc-business-001"]', { timeout: 15000 }).catch(() => {});
const srcShown = await page.$('#check-results .result[data-id="bbc-business-001"]');
check(!!srcShown, 'the pasted reprint shows its source bbc-business-001');
await page.screenshot({ path: path.join(shots, 'server-check.png') });

// Side by side, from the source's result.
await srcShown.$eval('a.open-compare', (a) => a.click());
await page.waitForSelector('#sbs .text[data-side="copy"] .psg');
const nChanges = await page.$$eval('#changes li', (l) => l.length);
check(nChanges >= 1, 'the side-by-side view lists the changes (' + nChanges + ')');
const numberChange = await page.$('#changes li[data-kind="changed_number"]');
check(!!numberChange, 'the changed figure is listed as changed_number');
if (numberChange) {
  await numberChange.$eval('a.follow', (a) => a.click());
  const focused = await page.$$eval('#sbs .text[data-side="copy"] .focus', (l) => l.map((n) => n.textContent).join(''));
  const focusedSrc = await page.$$eval('#sbs .text[data-side="source"] .focus', (l) => l.map((n) => n.textContent).join(''));
  check(focused.includes('67'), 'following it marks "' + focused + '" in the copy');
  check(focusedSrc.includes('76'), 'and "' + focusedSrc + '" in the source');
  await page.screenshot({ path: path.join(shots, 'server-compare.png') });
}
const linked = await page.$eval('#sbs .text[data-side="copy"] .psg', (n) => n.dataset.p);
await page.click('#sbs .text[data-side="copy"] .psg');
const partner = await page.$$eval('#sbs .text[data-side="source"] .psg.focus', (l) => l.length);
check(partner >= 1, 'clicking passage ' + linked + ' in the copy marks it in the source');

// The story: a timeline in SVG.
await page.click('a.open-story');
await ready();
await page.waitForSelector('#timeline circle');
const dots = await page.$$eval('#timeline circle', (l) => l.length);
const edges = await page.$$eval('#timeline path.edge', (l) => l.length);
check(dots >= 2 && edges >= 1, 'the story timeline draws ' + dots + ' articles and ' + edges + ' relations');
await page.screenshot({ path: path.join(shots, 'server-story.png') });

// Outlets, with bars.
await open('#/outlets');
const bars = await page.$$eval('#outlets .bar', (l) => l.filter((b) => parseFloat(b.style.width) > 0).length);
check(bars >= 1, 'the outlets view draws bars (' + bars + ')');
await page.screenshot({ path: path.join(shots, 'server-outlets.png') });

// Relations filtered by outlet: the filter goes to the URL; export CSV.
await open('#/relations');
await page.selectOption('#f-outlet', 'metro-herald');
await page.waitForFunction(() => location.hash.includes('outlet=metro-herald'));
await ready();
await page.waitForSelector('#relations tbody tr');
const rows = await page.$$eval('#relations tbody tr', (l) => l.map((tr) => tr.textContent));
check(rows.length >= 1 && rows.every((t) => t.includes('metro-herald')), 'filtered by outlet: ' + rows.length + ' rows, all metro-herald');
check(page.url().includes('outlet=metro-herald'), 'the filter is kept in the URL');
await page.reload();
await ready();
check(await page.$eval('#f-outlet', (s) => s.value) === 'metro-herald', 'a reload keeps the filter');
const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
const csvPath = path.join(shots, 'relations.csv');
await download.saveAs(csvPath);
const csv = fs.readFileSync(csvPath, 'utf8');
check(csv.startsWith('source,copy,relation,score'), 'the CSV export has a header');
check(csv.includes('bbc-business-001,metro-0001,'), 'and the filtered relation');
const [dj] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
const jsonPath = path.join(shots, 'relations.json');
await dj.saveAs(jsonPath);
check(JSON.parse(fs.readFileSync(jsonPath, 'utf8')).length === rows.length, 'the JSON export has the rows of the view');

// Search.
await open('#/search?q=' + encodeURIComponent('Time Warner profit'));
const hits = await page.$$eval('#search-results .result', (l) => l.map((n) => n.dataset.id));
check(hits.includes('bbc-business-001'), 'full-text search finds the source (' + hits.length + ' hits)');
await page.screenshot({ path: path.join(shots, 'server-search.png') });

// Hostile texts: in search results, the story, the side-by-side view, the relations table.
const hid = hostile[1].id;
await open('#/search?q=harbour%20committee');
await open('#/story?id=' + encodeURIComponent(hid));
const storyText = await page.$eval('main', (m) => m.textContent + m.querySelector('svg').textContent);
check(storyText.includes('<b>Bold</b>') || storyText.includes('</script><i>it</i>'), 'hostile outlets are shown as text in the story');
await open('#/compare?source=' + encodeURIComponent(hostile[0].id) + '&copy=' + encodeURIComponent(hid));
await page.waitForSelector('#sbs');
const sbsText = await page.$eval('#sbs', (n) => n.textContent);
check(sbsText.includes('<script>window.__pwned=1</script>'), 'hostile text is shown as text side by side');
await open('#/relations?outlet=' + encodeURIComponent('</script><i>it</i>'));
await page.waitForSelector('#relations tbody tr');
await open('#/check');
await page.fill('#paste', hostile[1].text);
await page.click('#check-go');
await page.waitForSelector('#check-results .result');
const injected = await page.evaluate(() => ({
  pwned: window.__pwned === 1,
  tags: document.querySelectorAll('main img, main script, main i, main b:not(:empty) > b').length,
}));
check(!injected.pwned, 'no hostile script ran');
check(injected.tags === 0, 'no hostile markup became elements (' + injected.tags + ')');
await page.screenshot({ path: path.join(shots, 'server-hostile.png') });

// Only the server was asked for anything.
const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'));
check(foreign.length === 0, 'no request left the server (' + foreign.join(' ') + ')');
check(errors.length === 0, 'no script errors (' + errors.join(' | ') + ')');

await browser.close();
console.log(failures ? failures + ' FAILED' : 'all passed');
process.exit(failures ? 1 : 0);
