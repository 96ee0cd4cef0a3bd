/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no
 * port, no WebSocket, no dependency). Used by scripts/report-screenshot.mjs and the report's
 * browser test (test/report/browser.test.ts) to load a report as a person would, collect the
 * console errors and failed requests, query the rendered DOM, and take a screenshot.
 *
 * Debian's chromium (scripts/install-chromium.sh); another binary via CHROMIUM=/path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian's chromium package puts the browser. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Give up on a page that has not loaded by then (a report loads in well under a second). */
const LOAD_TIMEOUT_MS = 30_000;

export function chromiumPath() {
  return process.env.CHROMIUM || DEFAULT_CHROMIUM;
}

export function chromiumAvailable() {
  return existsSync(chromiumPath());
}

/**
 * Opens `file` in a fresh headless browser at the given viewport and calls `use(page)` with
 * { evaluate(expression), screenshot(path options), problems }. `problems` collects console
 * errors, uncaught exceptions and failed network requests. The browser is closed afterwards.
 */
export async function withPage(file, { width = 1280, height = 900 } = {}, use) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rmq-plan-chromium-'));
  const child = spawn(
    chromiumPath(),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      '--font-render-hinting=none',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const cdp = connect(child.stdio[3], child.stdio[4]);
  try {
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
    const send = (method, params = {}) => cdp.send(method, params, sessionId);
    const problems = [];
    cdp.on(sessionId, (method, params) => {
      if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) {
        problems.push(`console.${params.type}: ${params.args.map((a) => a.value ?? a.description ?? '').join(' ')}`);
      } else if (method === 'Runtime.exceptionThrown') {
        problems.push(`exception: ${params.exceptionDetails.exception?.description ?? params.exceptionDetails.text}`);
      } else if (method === 'Log.entryAdded' && params.entry.level === 'error') {
        problems.push(`log (${params.entry.source}): ${params.entry.text}${params.entry.url ? ` ${params.entry.url}` : ''}`);
      } else if (method === 'Network.loadingFailed') {
        problems.push(`request failed: ${params.errorText} (${params.type ?? 'resource'})`);
      }
    });
    await send('Runtime.enable');
    await send('Log.enable');
    await send('Network.enable');
    await send('Page.enable');
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    const loaded = cdp.once(sessionId, 'Page.loadEventFired', LOAD_TIMEOUT_MS);
    const nav = await send('Page.navigate', { url: pathToFileURL(file).href });
    if (nav.errorText) throw new Error(`cannot open ${file}: ${nav.errorText}`);
    await loaded;
    const page = {
      problems,
      async evaluate(expression) {
        const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
        if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value;
      },
      /** A PNG (base64) of the whole page (fullPage) or the viewport. */
      async screenshot({ fullPage = true } = {}) {
        let clip;
        if (fullPage) {
          const m = await send('Page.getLayoutMetrics');
          const size = m.cssContentSize ?? m.contentSize;
          clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(size.height), scale: 1 };
        }
        const r = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: fullPage, ...(clip ? { clip } : {}) });
        return Buffer.from(r.data, 'base64');
      },
    };
    return await use(page);
  } catch (error) {
    if (stderr.trim()) error.message += `\nchromium stderr: ${stderr.trim().split('\n').slice(-5).join('\n')}`;
    throw error;
  } finally {
    cdp.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** JSON messages separated by NUL bytes, both ways. */
function connect(input, output) {
  let nextId = 1;
  const pending = new Map();
  const listeners = new Map();
  let buffer = '';
  output.setEncoding('utf8');
  output.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else if (message.method) {
        for (const fn of listeners.get(message.sessionId ?? '') ?? []) fn(message.method, message.params);
      }
    }
  });
  output.on('close', () => {
    for (const { reject, method } of pending.values()) reject(new Error(`${method}: the browser went away`));
    pending.clear();
  });
  const on = (sessionId, fn) => {
    const list = listeners.get(sessionId) ?? [];
    list.push(fn);
    listeners.set(sessionId, list);
    return () =>
      listeners.set(
        sessionId,
        (listeners.get(sessionId) ?? []).filter((f) => f !== fn),
      );
  };
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
      });
    },
    on,
    once(sessionId, event, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${event}: not within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = on(sessionId, (method, params) => {
          if (method !== event) return;
          clearTimeout(timer);
          off();
          resolve(params);
        });
      });
    },
  };
}
