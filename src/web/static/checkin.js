// Check-in at the door, enhanced. The page works without this script (plain forms); with it:
// - the roster (everyone's name, organisation, status and ticket code) is fetched and kept in
//   localStorage, so that search and check-in keep working when the network drops;
// - each check-in or undo becomes an op with an id made here and the phone's time, queued in
//   localStorage and sent to /sync when online; the server applies each op id once, so a resend
//   after a lost answer never counts twice;
// - a camera scanner (BarcodeDetector, else jsQR) and a picture of a QR code check people in;
// - the counts refresh every few seconds when online.
(() => {
  const root = document.getElementById('checkin');
  if (!root || !window.fetch || !window.localStorage) return;

  const T = JSON.parse(root.dataset.texts || '{}');
  const base = root.dataset.base;
  const slug = root.dataset.slug;
  const timeZone = root.dataset.timeZone || 'Europe/Oslo';
  const hasSessions = root.dataset.hasSessions === '1';
  const KEY_ROSTER = `samskap.checkin.${slug}.roster`;
  const KEY_QUEUE = `samskap.checkin.${slug}.queue`;
  const REFRESH_MS = 10_000;

  const connection = document.getElementById('checkin-connection');
  const resultBox = document.getElementById('checkin-result');
  const results = document.getElementById('checkin-results');
  const searchForm = document.getElementById('checkin-search');
  const searchInput = searchForm ? searchForm.querySelector('input[name=q]') : null;
  const counts = document.getElementById('checkin-counts');

  // ---- small helpers ---------------------------------------------------------------------

  const csrf = () => {
    const input = document.querySelector('input[name=_csrf]');
    return input ? input.value : '';
  };
  const fill = (text, values) => String(text).replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));
  // Clock times as the page's language writes them: "09.00" in Norwegian, "09:00" in English.
  const english = document.documentElement.lang === 'en';
  const clock = new Intl.DateTimeFormat(english ? 'en-GB' : 'nb-NO', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const time = (iso) => (english ? clock.format(new Date(iso)) : clock.format(new Date(iso)).replace(':', '.'));

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function load(key, fallback) {
    try {
      const value = localStorage.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch {
      return fallback;
    }
  }

  function save(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or refused: the queue still lives in memory until the page closes.
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  // ---- state -----------------------------------------------------------------------------

  let roster = load(KEY_ROSTER, null);
  let queue = load(KEY_QUEUE, []);
  let online = navigator.onLine !== false;
  let loggedOut = false;
  let flushing = false;
  let problem = '';
  /** What the result list shows now: a search text or a list of ids. */
  let shown = null;

  const people = () => (roster ? roster.people : []);
  const personById = (id) => people().find((p) => p.id === id) || null;

  /** Ticket codes compared the way the server reads them: case, dash, O/0 and I/L/1 do not matter. */
  function normalCode(text) {
    return String(text)
      .trim()
      .toUpperCase()
      .replace(/^SAMSKAP:/, '')
      .replace(/[\s-]/g, '')
      .replace(/O/g, '0')
      .replace(/[IL]/g, '1');
  }
  const looksLikeCode = (text) => /^(SAMSKAP:)?[0-9A-Z]{1,7}[\s-]?[0-9A-Z]{4}$/i.test(String(text).trim());
  const personByCode = (text) => {
    const code = normalCode(text);
    return people().find((p) => normalCode(p.ticketCode) === code) || null;
  };

  // ---- status line (aria-live) -----------------------------------------------------------

  const rosterInfo = el('p', { class: 'checkin-roster-info' });
  if (connection) connection.after(rosterInfo);

  function showStatus() {
    const parts = [online ? T.online : T.offline];
    if (queue.length > 0) parts.push(queue.length === 1 ? T.queuedOne : fill(T.queuedMany, { n: queue.length }));
    if (loggedOut) parts.push(T.loggedOut);
    else if (problem) parts.push(problem);
    const text = parts.join(' ');
    // Only real changes are announced.
    if (connection && connection.textContent !== text) connection.textContent = text;
    connection?.classList.toggle('is-offline', !online || queue.length > 0);
    rosterInfo.textContent = roster
      ? fill(T.rosterLoaded, { n: roster.people.length, time: time(roster.generatedAt) })
      : T.rosterMissing;
  }

  function say(text, kind) {
    if (!resultBox) return;
    resultBox.className = `checkin-result notice${kind === 'success' ? ' notice-success' : ''}`;
    // Emptied first so that the same sentence twice is announced twice.
    resultBox.textContent = '';
    window.setTimeout(() => {
      resultBox.textContent = text;
    }, 30);
  }

  // ---- counts ----------------------------------------------------------------------------

  function localCounts() {
    const result = { attended: 0, expected: 0, sessions: {} };
    for (const p of people()) {
      if (p.status !== 'confirmed') continue;
      const key = p.session ?? 'none';
      result.sessions[key] ??= { attended: 0, expected: 0 };
      result.sessions[key].expected++;
      result.expected++;
      if (p.checkedInAt) {
        result.sessions[key].attended++;
        result.attended++;
      }
    }
    return result;
  }

  function renderCounts(server) {
    if (!counts) return;
    let data = server;
    if (!data || queue.length > 0) {
      // Offline or with check-ins not yet sent: what this phone knows.
      if (!roster) return;
      data = localCounts();
    } else {
      const sessions = {};
      for (const s of data.sessions) sessions[s.session ?? 'none'] = s;
      data = { attended: data.attended, expected: data.expected, sessions };
    }
    const total = counts.querySelector('[data-count=total]');
    if (total) total.textContent = fill(T.countsTotal, { a: data.attended, e: data.expected });
    for (const row of counts.querySelectorAll('tr[data-session]')) {
      const entry = data.sessions[row.dataset.session] || { attended: 0, expected: 0 };
      row.querySelector('[data-count=attended]').textContent = String(entry.attended);
      row.querySelector('[data-count=expected]').textContent = String(entry.expected);
    }
  }

  // ---- talking to the server ---------------------------------------------------------------

  class LoggedOut extends Error {}
  class Refused extends Error {}

  async function fetchJson(url, options = {}) {
    const response = await fetch(url, {
      credentials: 'same-origin',
      ...options,
      headers: { accept: 'application/json', ...(options.headers || {}) },
    });
    if (response.redirected && /\/admin\/login/.test(response.url)) throw new LoggedOut();
    const type = response.headers.get('content-type') || '';
    if (response.status === 403 || !type.includes('application/json')) throw new LoggedOut();
    if (response.status === 422) throw new Refused();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  function failed(error) {
    if (error instanceof LoggedOut) loggedOut = true;
    else if (error instanceof TypeError) online = false;
    else problem = T.syncFailed;
    showStatus();
  }

  function reached() {
    online = true;
    loggedOut = false;
    problem = '';
  }

  async function refreshRoster() {
    try {
      const data = await fetchJson(`${base}/roster.json`);
      reached();
      roster = { generatedAt: data.generatedAt, people: data.people };
      // Check-ins not yet sent stay visible on top of the server's list.
      for (const op of queue) applyLocally(op);
      save(KEY_ROSTER, roster);
      renderCounts(queue.length === 0 ? data.counts : null);
      rerender();
    } catch (error) {
      failed(error);
      if (!(error instanceof TypeError) && !(error instanceof LoggedOut)) problem = T.rosterFailed;
    }
    showStatus();
  }

  async function refreshCounts() {
    try {
      const data = await fetchJson(`${base}/counts.json`);
      reached();
      renderCounts(data);
    } catch (error) {
      failed(error);
    }
    showStatus();
  }

  /** Sends the queue, oldest first; what the server answers replaces this phone's guesses. */
  async function flush() {
    if (flushing || queue.length === 0) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, 100);
        let data;
        try {
          data = await fetchJson(`${base}/sync`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
            body: JSON.stringify({
              ops: batch.map((op) => ({
                opId: op.opId,
                action: op.action,
                registrationId: op.registrationId ?? null,
                code: op.code ?? null,
                at: op.at,
                confirm: Boolean(op.confirm),
              })),
            }),
          });
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          // The server cannot read these ops at all: keeping them would block the rest.
          data = { results: [], counts: null };
          problem = T.syncFailed;
        }
        reached();
        const sent = new Set(batch.map((op) => op.opId));
        queue = queue.filter((op) => !sent.has(op.opId));
        save(KEY_QUEUE, queue);
        for (const result of data.results)
          answer(
            result,
            batch.find((op) => op.opId === result.opId),
          );
        save(KEY_ROSTER, roster);
        renderCounts(queue.length === 0 ? data.counts : null);
        rerender();
      }
    } catch (error) {
      failed(error);
    } finally {
      flushing = false;
      showStatus();
    }
  }

  /** The server's word on one op: the person's real state, and a message when it differs. */
  function answer(result, op) {
    const person = result.registrationId ? personById(result.registrationId) : null;
    if (person && result.status) {
      person.status = result.status;
      person.checkedInAt = result.checkedInAt;
    }
    if (!op || op.silent) return;
    const name = result.name || person?.name || '';
    if (result.outcome === 'already' && !op.knewAlready) {
      say(fill(T.doneAlready, { name, time: time(result.checkedInAt) }), 'warning');
    } else if (result.outcome === 'refused') {
      if (result.reason === 'wrong_ticket' || result.reason === 'not_a_ticket') say(T.scanWrongTicket, 'warning');
      else if (result.reason === 'not_confirmed' && person) askToConfirm(person);
      else if (result.reason === 'conflict') say(fill(T.refusedConflict, { name }), 'warning');
    } else if (result.outcome === 'checked_in' && op.code && !op.registrationId) {
      say(fill(T.doneCheckedIn, { name, time: time(result.checkedInAt) }), 'success');
    }
  }

  // ---- check-in and undo -------------------------------------------------------------------

  function applyLocally(op) {
    const person = op.registrationId ? personById(op.registrationId) : null;
    if (!person) return;
    if (op.action === 'in') {
      if (person.status !== 'confirmed' && op.confirm) person.status = 'confirmed';
      if (person.status === 'confirmed' && !person.checkedInAt) person.checkedInAt = op.at;
    } else {
      person.checkedInAt = null;
    }
  }

  function enqueue(op) {
    queue.push(op);
    save(KEY_QUEUE, queue);
    applyLocally(op);
    save(KEY_ROSTER, roster);
    renderCounts(null);
    showStatus();
    if (navigator.onLine !== false) void flush();
  }

  function checkIn(person, confirm) {
    const at = new Date().toISOString();
    if (person.status !== 'confirmed' && !confirm) {
      askToConfirm(person);
      return;
    }
    if (person.status === 'confirmed' && person.checkedInAt) {
      say(fill(T.doneAlready, { name: person.name, time: time(person.checkedInAt) }), 'warning');
      // Recorded as 'already' on the server, like a second scan.
      enqueue({ opId: uuid(), action: 'in', registrationId: person.id, at, confirm: false, knewAlready: true });
      rerender(person.id);
      return;
    }
    enqueue({ opId: uuid(), action: 'in', registrationId: person.id, at, confirm: Boolean(confirm) });
    say(fill(T.doneCheckedIn, { name: person.name, time: time(person.checkedInAt || at) }), 'success');
    rerender(person.id);
  }

  function undo(person) {
    const wasIn = Boolean(person.checkedInAt);
    enqueue({ opId: uuid(), action: 'undo', registrationId: person.id, at: new Date().toISOString(), silent: true });
    say(fill(wasIn ? T.doneUndone : T.doneNotCheckedIn, { name: person.name }), wasIn ? 'success' : 'warning');
    rerender(person.id);
  }

  function askToConfirm(person) {
    say(
      fill(person.status === 'cancelled' ? T.refusedCancelled : T.refusedWaitlisted, { name: person.name }),
      'warning',
    );
    show({ ids: [person.id], confirmId: person.id });
  }

  // ---- the result list -----------------------------------------------------------------------

  function card(person, confirmId) {
    const lines = [];
    if (person.organization) lines.push(`${T.organization}: ${person.organization}`);
    lines.push(`${T.role}: ${person.role}`);
    if (hasSessions && person.sessionLabel) lines.push(`${T.session}: ${person.sessionLabel}`);
    lines.push(`${T.ticket}: ${person.ticketCode}`);
    const flags = [];
    if (person.status === 'waitlisted') {
      const text = person.waitlistPosition
        ? fill(T.flagWaitlistedNr, { n: person.waitlistPosition })
        : T.flagWaitlisted;
      flags.push(el('p', { class: 'checkin-flag flag-warning' }, el('strong', {}, text)));
    } else if (person.status === 'cancelled') {
      flags.push(el('p', { class: 'checkin-flag flag-warning' }, el('strong', {}, T.flagCancelled)));
    }
    const inside = person.status === 'confirmed' && person.checkedInAt;
    flags.push(
      el(
        'p',
        { class: inside ? 'checkin-flag flag-in' : 'checkin-flag flag-out' },
        el('strong', {}, inside ? fill(T.flagCheckedIn, { time: time(person.checkedInAt) }) : T.flagNotCheckedIn),
      ),
    );
    let label = T.checkIn;
    let act = 'in';
    let kind = 'button-primary';
    if (inside) {
      label = T.undo;
      act = 'undo';
      kind = 'button-secondary';
    } else if (person.status !== 'confirmed' && confirmId === person.id) {
      label = T.checkInAnyway;
      act = 'confirm';
    }
    const button = el(
      'button',
      { type: 'button', class: `button ${kind} checkin-button`, 'data-act': act, 'data-id': person.id },
      el('span', {}, label),
      el('span', { class: 'visually-hidden' }, ` ${person.name}`),
    );
    return el(
      'li',
      { class: `checkin-person checkin-${person.status}${inside ? ' checkin-in' : ''}`, 'data-id': person.id },
      el('h3', { class: 'checkin-name' }, person.name),
      el('p', { class: 'checkin-meta' }, ...lines.map((line) => el('span', { class: 'checkin-line' }, line))),
      ...flags,
      button,
    );
  }

  function search(text) {
    const q = text.trim().toLowerCase();
    if (!q) return { list: [], wrongTicket: false };
    const byCode = looksLikeCode(text) ? personByCode(text) : null;
    if (byCode) return { list: [byCode], wrongTicket: false };
    const list = people().filter(
      (p) =>
        p.name.toLowerCase().includes(q) ||
        (p.organization || '').toLowerCase().includes(q) ||
        (p.email || '').toLowerCase().includes(q),
    );
    const codeLike = looksLikeCode(text) && (/^samskap:/i.test(text.trim()) || /\d/.test(text) || list.length === 0);
    return { list: list.slice(0, 25), wrongTicket: codeLike };
  }

  /** Shows a search or some people in the result list; keeps the live region in place. */
  function show(what, focusId) {
    shown = what;
    // A list redrawn under the user's finger keeps their place: the same person's button.
    const active = document.activeElement;
    const keep = active && results.contains(active) ? active.closest('button[data-id]') : null;
    const focusOn = focusId ?? (keep ? Number(keep.dataset.id) : undefined);
    let list = [];
    let wrongTicket = false;
    if (what.q !== undefined) ({ list, wrongTicket } = search(what.q));
    else list = what.ids.map(personById).filter(Boolean);
    for (const node of [...results.children]) if (node !== resultBox) node.remove();
    results.append(el('h2', { id: 'results-title' }, T.resultsTitle));
    if (wrongTicket) results.append(el('p', { class: 'notice', role: 'alert' }, T.wrongTicket));
    results.append(
      el(
        'p',
        {},
        list.length === 0 ? T.nothing : list.length === 1 ? T.resultsOne : fill(T.resultsCount, { n: list.length }),
      ),
    );
    results.append(el('ul', { class: 'checkin-list' }, ...list.map((p) => card(p, what.confirmId))));
    if (focusOn !== undefined) {
      const button = results.querySelector(`button[data-id="${focusOn}"]`);
      if (button) button.focus();
    }
  }

  function rerender(focusId) {
    if (shown) show(shown, focusId);
  }

  results.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-act]');
    if (!button) return;
    const person = personById(Number(button.dataset.id));
    if (!person) return;
    if (button.dataset.act === 'undo') undo(person);
    else checkIn(person, button.dataset.act === 'confirm');
  });

  // The forms rendered by the server work through the queue too once the roster is here.
  root.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !roster) return;
    if (form === searchForm) {
      event.preventDefault();
      show({ q: searchInput.value });
      const url = new URL(window.location.href);
      url.search = searchInput.value ? `?q=${encodeURIComponent(searchInput.value)}` : '';
      window.history.replaceState(null, '', url);
      return;
    }
    const match = /\/(\d+)\/(in|undo)$/.exec(form.getAttribute('action') || '');
    if (!match) return;
    const person = personById(Number(match[1]));
    if (!person) return;
    event.preventDefault();
    if (shown === null) show(searchInput?.value ? { q: searchInput.value } : { ids: [person.id] });
    const confirm = form.querySelector('input[name=confirm]');
    if (match[2] === 'undo') undo(person);
    else checkIn(person, Boolean(confirm));
  });

  // ---- scanning ----------------------------------------------------------------------------

  const scan = document.getElementById('checkin-scan');
  const cameraButton = document.getElementById('checkin-camera');
  const frame = document.getElementById('checkin-video-frame');
  const imageInput = document.getElementById('checkin-image');
  let detector = null;
  let stream = null;
  let video = null;
  let lastCode = '';
  let lastAt = 0;
  const canvas = document.createElement('canvas');

  async function setUpDetector() {
    if (!('BarcodeDetector' in window)) return;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    } catch {
      detector = null;
    }
  }

  /** The text of a QR code in an image, video frame or bitmap, or null. */
  async function decode(source, width, height) {
    if (detector) {
      try {
        const codes = await detector.detect(source);
        if (codes.length > 0) return codes[0].rawValue;
      } catch {
        // Fall through to jsQR.
      }
    }
    if (typeof window.jsQR !== 'function' || !width || !height) return null;
    // Large photos are scaled down: jsQR is quick on a phone-sized picture.
    const scale = Math.min(1, 1000 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
    return found ? found.data : null;
  }

  /** A scanned text: our ticket checks in at once; anything else says why not. */
  function scanned(text) {
    const now = Date.now();
    if (text === lastCode && now - lastAt < 4000) return;
    lastCode = text;
    lastAt = now;
    if (!/^SAMSKAP:/i.test(text.trim())) {
      say(T.scanNotTicket, 'warning');
      return;
    }
    const person = personByCode(text);
    if (person) {
      show({ ids: [person.id] });
      checkIn(person, false);
      return;
    }
    if (!roster && navigator.onLine !== false) {
      // No list yet: the server reads the code.
      enqueue({ opId: uuid(), action: 'in', registrationId: null, code: text.trim(), at: new Date().toISOString() });
      return;
    }
    // The list holds every ticket of this event: an unknown code is not one of them.
    say(T.scanWrongTicket, 'warning');
  }

  async function tick() {
    if (!stream || !video) return;
    if (video.readyState >= 2) {
      const text = await decode(video, video.videoWidth, video.videoHeight);
      if (text) scanned(text);
    }
    window.setTimeout(tick, 250);
  }

  function stopCamera() {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    if (video) video.remove();
    video = null;
    frame.hidden = true;
    cameraButton.textContent = T.scanStart;
  }

  async function startCamera() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      say(T.scanNoCamera, 'warning');
      return;
    }
    video = el('video', { class: 'checkin-video', muted: true, playsinline: true, 'aria-hidden': 'true' });
    video.muted = true;
    video.srcObject = stream;
    frame.replaceChildren(video);
    frame.hidden = false;
    cameraButton.textContent = T.scanStop;
    await video.play().catch(() => {});
    void tick();
  }

  if (scan) {
    scan.hidden = false;
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function')
      cameraButton.hidden = true;
    cameraButton.addEventListener('click', () => (stream ? stopCamera() : startCamera()));
    imageInput.addEventListener('change', async () => {
      const file = imageInput.files?.[0];
      if (!file) return;
      let text = null;
      try {
        const bitmap = await createImageBitmap(file);
        text = await decode(bitmap, bitmap.width, bitmap.height);
        bitmap.close();
      } catch {
        text = null;
      }
      imageInput.value = '';
      if (text) {
        // A picture chosen on purpose is read again even if it was the last code seen.
        lastCode = '';
        scanned(text);
      } else say(T.scanNotFound, 'warning');
    });
  }

  // ---- going offline and back --------------------------------------------------------------

  window.addEventListener('online', () => {
    online = true;
    showStatus();
    void flush().then(refreshRoster);
  });
  window.addEventListener('offline', () => {
    online = false;
    showStatus();
  });

  // The list on the phone holds names: leaving the back office takes it away, once all is sent.
  const logout = document.querySelector('form[action="/admin/logout"]');
  if (logout) {
    logout.addEventListener('submit', () => {
      if (queue.length === 0) localStorage.removeItem(KEY_ROSTER);
    });
  }

  let round = 0;
  async function periodic() {
    if (navigator.onLine !== false) {
      await flush();
      // The full list every minute (walk-ins and other phones' check-ins), counts in between.
      if (round % 6 === 0) await refreshRoster();
      else await refreshCounts();
    }
    round++;
    window.setTimeout(periodic, REFRESH_MS);
  }

  root.classList.add('is-enhanced');
  showStatus();
  if (roster) renderCounts(null);
  void setUpDetector();
  void periodic();
})();
