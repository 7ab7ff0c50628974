// Drives phi serve's chat page in headless Chromium (playwright-core, Debian's /usr/bin/chromium).
// Started by io.phi4j.server.ChatPageBrowserTest against two real servers: one open, one with an API key.
//
//   PHI4J_OPEN_URL=http://127.0.0.1:PORT/ PHI4J_KEY_URL=http://127.0.0.1:PORT2/ PHI4J_API_KEY=secret \
//   PHI4J_MODEL_ID=small-phi2 PHI4J_PLAYWRIGHT=~/.cache/phi4j/playwright node chat-page.mjs
//
// Prints one line per check ("ok …") and exits 0, or prints "FAIL …" and exits 1.
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`set ${name}`);
  return v;
};
const openUrl = env('PHI4J_OPEN_URL');
const keyUrl = env('PHI4J_KEY_URL');
const apiKey = env('PHI4J_API_KEY');
const modelId = env('PHI4J_MODEL_ID');
const playwrightDir = env('PHI4J_PLAYWRIGHT');
const chromiumPath = env('PHI4J_CHROMIUM', '/usr/bin/chromium');

// playwright-core lives in a cache directory outside the repository, not beside this script.
const require = createRequire(path.join(playwrightDir, 'node_modules', 'index.js'));
const { chromium } = require('playwright-core');

const TIMEOUT = 60_000;
let failed = false;
function ok(what) {
  console.log('ok ' + what);
}
function check(condition, what, detail) {
  if (!condition) {
    throw new Error(what + (detail === undefined ? '' : ': ' + JSON.stringify(detail)));
  }
  ok(what);
}

async function metric(base, series) {
  const text = await (await fetch(new URL('metrics', base))).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}

async function awaitMetric(base, series, wanted) {
  const end = Date.now() + 20_000;
  let v;
  while ((v = await metric(base, series)) !== wanted) {
    if (Date.now() > end) throw new Error(`${series} is ${v}, expected ${wanted}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Counts how the text of the last assistant bubble grows, to see that it arrives in pieces. */
async function watchReply(page) {
  await page.evaluate(() => {
    window.__lengths = [];
    window.__seenWhileGenerating = false;
    const observer = new MutationObserver(() => {
      const bubbles = document.querySelectorAll('.message.assistant .text');
      const last = bubbles[bubbles.length - 1];
      const n = last ? last.textContent.length : 0;
      if (n > 0 && window.__lengths[window.__lengths.length - 1] !== n) {
        window.__lengths.push(n);
        if (document.body.dataset.state === 'generating') window.__seenWhileGenerating = true;
      }
    });
    observer.observe(document.getElementById('messages'), { subtree: true, childList: true, characterData: true });
  });
}

async function sendMessage(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

/** Waits until n replies have finished (a short reply may be over before the "generating" state could be seen). */
async function awaitReplies(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('.message.assistant[data-finish]').length === n
      && document.body.dataset.state === 'idle', n);
}

async function openSettings(page) {
  if (!(await page.$eval('#settings', (d) => d.open))) await page.click('#settings summary');
}

async function openServer(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const requests = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/chat/completions')) requests.push({ body: JSON.parse(r.postData()), headers: r.headers() });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Chromium logs every 4xx as a console error ("Failed to load resource"); those are expected here.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });

  const response = await page.goto(openUrl);
  check(response.status() === 200, 'GET / is 200');
  check(response.headers()['content-type'] === 'text/html; charset=utf-8', 'the page is served as text/html',
      response.headers()['content-type']);
  const js = await fetch(new URL('chat.js', openUrl));
  check(js.headers.get('content-type') === 'text/javascript; charset=utf-8', 'chat.js is served as text/javascript');
  const css = await fetch(new URL('chat.css', openUrl));
  check(css.headers.get('content-type') === 'text/css; charset=utf-8', 'chat.css is served as text/css');

  await page.waitForSelector('body[data-state="idle"]');
  check(await page.textContent('#model') === modelId, 'the model id from /v1/models is shown', await page.textContent('#model'));
  check(await page.isHidden('#key-form'), 'no API key is asked for by an open server');

  // A first message: the reply streams in and finishes.
  await openSettings(page);
  await page.fill('#temperature', '0');
  await page.fill('#max-tokens', '48');
  await watchReply(page);
  await sendMessage(page, 'Name a prime number.');
  await awaitReplies(page, 1);
  const first = await page.$$eval('.message.assistant', (b) => ({
    text: b[0].querySelector('.text').textContent, finish: b[0].dataset.finish }));
  const lengths = await page.evaluate(() => window.__lengths);
  check(first.text.length > 0, 'the reply appears', first);
  check(lengths.length >= 2 && await page.evaluate(() => window.__seenWhileGenerating),
      'the reply arrives in pieces while generating', lengths);
  check(['stop', 'length'].includes(first.finish), 'the reply finishes', first.finish);
  check(/\d+ prompt \+ \d+ completion tokens/.test(await page.textContent('#status')), 'usage is shown',
      await page.textContent('#status'));
  check(requests[0].body.stream === true && requests[0].body.model === modelId
      && requests[0].body.messages.length === 1, 'the request streams the first message', requests[0].body);

  // The conversation is kept: the second request carries the first exchange.
  await sendMessage(page, 'And another one?');
  await awaitReplies(page, 2);
  const second = requests[1].body.messages;
  check(second.length === 3 && second[0].content === 'Name a prime number.' && second[1].role === 'assistant'
      && second[1].content === first.text && second[2].content === 'And another one?',
  'the second request carries the conversation', second);
  check(await page.locator('.message').count() === 4, 'four bubbles are shown');
  if (process.env.PHI4J_SCREENSHOT) await page.screenshot({ path: process.env.PHI4J_SCREENSHOT, fullPage: true });

  // Stop: a long reply is cut short, and closing the connection cancels it in the server.
  await page.click('#new-chat');
  check(await page.locator('.message').count() === 0, 'New chat clears the conversation');
  const disconnectsBefore = await metric(openUrl, 'phi4j_generations_total{reason="client_disconnect"}') || 0;
  await page.fill('#max-tokens', '1900');
  // Stop is pressed from inside the page the moment the first words arrive: on an idle machine the whole reply
  // streams faster than a round trip from this script could press it.
  await page.evaluate(() => {
    const obs = new MutationObserver(() => {
      const t = document.querySelector('.message.assistant .text');
      if (t && t.textContent.length > 0 && document.body.dataset.state === 'generating') {
        obs.disconnect();
        window.stopPressedAt = t.textContent.length;
        document.getElementById('stop').click();
      }
    });
    obs.observe(document.getElementById('messages'), { childList: true, subtree: true, characterData: true });
  });
  await sendMessage(page, 'Tell me a very long story about the sea.');
  await page.waitForFunction(() => window.stopPressedAt !== undefined);
  ok('Stop is pressed while the long reply is being written');
  await page.waitForSelector('body[data-state="idle"]');
  const stopped = await page.$eval('.message.assistant', (b) => ({
    finish: b.dataset.finish, note: b.querySelector('.note')?.textContent, length: b.querySelector('.text').textContent.length }));
  check(stopped.finish === 'stopped' && stopped.note === 'stopped', 'Stop ends the reply', stopped);
  // The slot must be freed; normally because the server saw the disconnect and cancelled. A server notices a
  // closed connection only at its next write, so on a loaded machine the last tokens of a generation can be
  // computed (and the generation end as "length") before that: accepted, but said.
  await awaitMetric(openUrl, 'phi4j_active_sequences', 0);
  const disconnectsAfter = await metric(openUrl, 'phi4j_generations_total{reason="client_disconnect"}') || 0;
  ok(disconnectsAfter === disconnectsBefore + 1
      ? 'the server cancelled the generation (client_disconnect) and freed its slot'
      : 'the server freed the slot (the generation ended before the disconnect was seen)');
  await new Promise((r) => setTimeout(r, 300));
  check(await page.$eval('.message.assistant .text', (t) => t.textContent.length) === stopped.length,
      'nothing more arrives after Stop');

  // An error from the server is shown with its message, and the message comes back for editing.
  await page.fill('#max-tokens', '100000');
  await sendMessage(page, 'Too long a reply.');
  await page.waitForSelector('#error:not([hidden])');
  await page.waitForSelector('body[data-state="idle"]');
  const error = await page.textContent('#error');
  check(/maximum context length is \d+ tokens/.test(error), "the server's error message is shown", error);
  check(await page.inputValue('#input') === 'Too long a reply.', 'the rejected message is back in the input');
  check(await page.locator('.message').count() === 2, 'the rejected message is not in the conversation');
  check(errors.length === 0, 'no script errors on the page', errors);
  await page.close();
}

async function keyServer(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const auth = [];
  page.on('request', (r) => { if (r.url().includes('/v1/')) auth.push(r.headers()['authorization']); });
  await page.goto(keyUrl);
  await page.waitForSelector('body[data-state="key"]');
  check(await page.isVisible('#key-form') && await page.isDisabled('#send'), 'a server with an API key asks for it');

  await page.fill('#api-key', 'wrong-key');
  await page.click('#key-form button');
  await page.waitForSelector('#key-error:not([hidden])');
  check((await page.textContent('#key-error')).includes('invalid API key'), 'a wrong key is refused with the server\'s message',
      await page.textContent('#key-error'));
  check(await page.getAttribute('body', 'data-state') === 'key', 'the page still asks for the key');

  await page.fill('#api-key', apiKey);
  await page.click('#key-form button');
  await page.waitForSelector('body[data-state="idle"]');
  check(await page.textContent('#model') === modelId, 'with the right key the model id is shown');
  await openSettings(page);
  await page.fill('#max-tokens', '8');
  await sendMessage(page, 'Hello there.');
  await awaitReplies(page, 1);
  const finish = await page.$eval('.message.assistant', (b) => b.dataset.finish);
  check(['stop', 'length'].includes(finish), 'a reply streams with the key', finish);
  check(auth[auth.length - 1] === 'Bearer ' + apiKey, 'requests carry Authorization: Bearer <key>', auth);

  // The key is remembered for the next visit.
  await page.reload();
  await page.waitForSelector('body[data-state="idle"]');
  ok('the key is remembered after a reload');
  await context.close();
}

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
try {
  await openServer(browser);
  await keyServer(browser);
} catch (e) {
  failed = true;
  console.log('FAIL ' + (e && e.message ? e.message.split('\n')[0] : e));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
