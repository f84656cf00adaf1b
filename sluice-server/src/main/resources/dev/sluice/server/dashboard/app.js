// Sluice dashboard: vanilla JS, no build step. Queues and leaderboard arrive by Server-Sent Events;
// API calls send the bearer token (taken from #token=... in the URL or typed in) in a header. The
// streams, which EventSource cannot send headers on, open with a 60 s ticket from
// POST /api/stream-tickets: the token itself is never put in a URL.
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const HISTORY = 120; // samples of rate history per chart (the stream's first frame brings as many)
  const rates = new Map(); // queue -> {processed: [], failed: []}
  let token = null;
  let queueSource = null;
  let boardSource = null;
  let lastQueues = [];
  let boardNeedsToken = false;

  // ---- token ----
  function readToken() {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem('sluice-token', decodeURIComponent(m[1]));
      window.history.replaceState(null, '', location.pathname + location.search); // keep it out of the address bar
    }
    token = sessionStorage.getItem('sluice-token');
    $('#token-form').hidden = !!token;
    $('#token-ok').hidden = !token;
    $('#queues-hint').hidden = !!token;
  }
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('#token-input').value.trim();
    if (v) { sessionStorage.setItem('sluice-token', v); readToken(); connectQueues(); loadSchedules(); loadStreams(); }
  });
  $('#token-forget').addEventListener('click', (e) => {
    e.preventDefault();
    sessionStorage.removeItem('sluice-token');
    if (queueSource) { queueSource.close(); queueSource = null; }
    readToken();
  });

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + token };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.message || ('HTTP ' + res.status));
    return json;
  }

  function setConnection(state, text) {
    const el = $('#connection');
    el.className = 'pill ' + state;
    el.textContent = text;
  }

  // A ticket for one stream connection; null (and the token forgotten) when the token is rejected.
  async function streamTicket() {
    const res = await fetch('/api/stream-tickets', { method: 'POST', headers: { 'Authorization': 'Bearer ' + token } });
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem('sluice-token');
      readToken();
      setConnection('down', 'token rejected');
      return null;
    }
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return (await res.json()).ticket;
  }

  // ---- queues ----
  async function connectQueues() {
    if (!token) return;
    if (queueSource) { queueSource.close(); queueSource = null; }
    let ticket;
    try { ticket = await streamTicket(); } catch (e) { retryQueues(); return; }
    if (!ticket) return;
    const source = new EventSource('/api/queues/stream?ticket=' + encodeURIComponent(ticket));
    queueSource = source;
    source.addEventListener('queues', (e) => {
      setConnection('live', 'live');
      const frame = JSON.parse(e.data);
      if (frame.history) seedHistory(frame.history);
      renderQueues(frame.queues);
    });
    // The ticket expires after a minute, so EventSource's own reconnect would be refused: reconnect
    // with a new ticket instead.
    source.onerror = () => {
      source.close();
      if (queueSource === source) { queueSource = null; retryQueues(); }
    };
  }

  function retryQueues() {
    setConnection('down', 'reconnecting…');
    setTimeout(() => { if (!queueSource) connectQueues(); }, 2000);
  }

  function seedHistory(history) {
    for (const [queue, h] of Object.entries(history)) {
      // The last sample is the frame's own current value, which renderQueues adds.
      rates.set(queue, { processed: h.processed.slice(0, -1).slice(1 - HISTORY), failed: h.failed.slice(0, -1).slice(1 - HISTORY) });
    }
  }

  function fmtAge(s) {
    if (!s) return '–';
    if (s < 60) return s.toFixed(1) + ' s';
    if (s < 3600) return (s / 60).toFixed(1) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  }

  // "≤ 2 batches (1 running) · 1,000/s": the words of `sluice queues limits`; "none" without limits.
  function fmtLimits(l, running) {
    if (!l || (l.maxConcurrentBatches == null && l.rateLimit == null)) return 'none';
    const parts = [];
    if (l.maxConcurrentBatches != null) parts.push('\u2264 ' + l.maxConcurrentBatches + ' batches (' + running + ' running)');
    if (l.rateLimit != null) parts.push(l.rateLimit.toLocaleString() + '/s');
    return parts.join(' \u00b7 ');
  }

  function renderQueues(queues) {
    lastQueues = queues;
    const tbody = $('#queues tbody');
    const seen = new Set();
    for (const q of queues) {
      seen.add(q.queue);
      const h = rates.get(q.queue) || { processed: [], failed: [] };
      h.processed.push(q.processedPerSecond); h.failed.push(q.failedPerSecond);
      if (h.processed.length > HISTORY) { h.processed.shift(); h.failed.shift(); }
      rates.set(q.queue, h);
      let row = tbody.querySelector('tr[data-queue="' + q.queue + '"]');
      if (!row) {
        row = document.createElement('tr');
        row.dataset.queue = q.queue;
        row.innerHTML = '<td class="name"></td><td class="state"></td><td class="num depth"></td><td class="num ready"></td>' +
          '<td class="num age"></td><td class="chart"><canvas class="spark p" width="240" height="56"></canvas> <span class="rate pr"></span></td>' +
          '<td class="chart"><canvas class="spark f" width="240" height="56"></canvas> <span class="rate fr"></span></td>' +
          '<td class="num dead"></td><td class="num workers"></td><td class="limits"></td><td><button type="button" class="toggle"></button></td>';
        row.querySelector('.name').textContent = q.queue;
        row.querySelector('.toggle').addEventListener('click', () => togglePause(row.dataset.queue, row.dataset.paused === 'true'));
        tbody.appendChild(row);
      }
      row.dataset.paused = q.paused;
      row.querySelector('.state').textContent = q.paused ? 'paused' : 'active'; // the words of `sluice queues`
      row.querySelector('.state').className = 'state' + (q.paused ? ' paused' : '');
      row.querySelector('.depth').textContent = q.depth.toLocaleString();
      row.querySelector('.ready').textContent = q.ready.toLocaleString();
      row.querySelector('.age').textContent = fmtAge(q.oldestReadySeconds);
      row.querySelector('.pr').textContent = q.processedPerSecond.toLocaleString();
      row.querySelector('.fr').textContent = q.failedPerSecond.toLocaleString();
      row.querySelector('.dead').textContent = q.deadLetters.toLocaleString();
      // Worker threads in the service's process: a queue with messages and none here may have no consumer at all.
      const workers = row.querySelector('.workers');
      workers.textContent = q.workers > 0 ? String(q.workers) : 'none';
      workers.className = 'num workers' + (q.workers === 0 && q.ready > 0 ? ' idle' : '');
      workers.title = q.workers > 0 ? q.workers + ' worker thread(s) in this service' : 'no workers in this service (others may run elsewhere)';
      row.querySelector('.limits').textContent = fmtLimits(q.limits, q.batchesRunning);
      row.querySelector('.toggle').textContent = q.paused ? 'Resume' : 'Pause';
      spark(row.querySelector('canvas.p'), h.processed, '#2563eb');
      spark(row.querySelector('canvas.f'), h.failed, '#c2410c');
    }
    for (const row of [...tbody.querySelectorAll('tr')]) {
      if (!seen.has(row.dataset.queue)) row.remove();
    }
    renderPipeline(queues);
    updateDeadQueues(queues);
  }

  // A tiny area chart of the last HISTORY samples: newest at the right edge, scaled with headroom
  // to the largest, so a steady rate shows as a level line from the first samples on.
  function spark(canvas, values, color) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width, hgt = canvas.height;
    ctx.clearRect(0, 0, w, hgt);
    ctx.strokeStyle = '#e3e6ee'; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(0, hgt - 1); ctx.lineTo(w, hgt - 1); ctx.stroke();
    canvas.dataset.samples = values.length; // for the browser test: the history arrived with the first frame
    if (values.length === 0) return;
    const max = Math.max(1, ...values) * 1.25;
    const step = w / (HISTORY - 1);
    const x0 = w - (values.length - 1) * step;
    const pts = values.map((v, i) => [x0 + i * step, hgt - 2 - (v / max) * (hgt - 4)]);
    if (pts.length === 1) pts.unshift([pts[0][0] - step, pts[0][1]]);
    ctx.fillStyle = color + '33';
    ctx.beginPath(); ctx.moveTo(pts[0][0], hgt);
    pts.forEach(([x, y]) => ctx.lineTo(x, y));
    ctx.lineTo(pts[pts.length - 1][0], hgt); ctx.closePath(); ctx.fill();
    ctx.strokeStyle = color; ctx.lineWidth = 3;
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.stroke();
  }

  async function togglePause(queue, paused) {
    try { await api('POST', '/api/queues/' + queue + (paused ? '/resume' : '/pause')); } catch (e) { alert(e.message); }
  }

  // The versioning pipeline's progress: any queue named "versioning" (generic: processed vs. still queued).
  function renderPipeline(queues) {
    const q = queues.find((x) => x.queue === 'versioning');
    $('#pipeline-section').hidden = !q;
    if (!q) return;
    const total = q.processed + q.depth;
    const pct = total === 0 ? 100 : Math.floor((q.processed / total) * 100);
    // Built with the DOM, not innerHTML: the Content-Security-Policy allows no inline style attributes.
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('div');
    fill.style.width = pct + '%';
    bar.appendChild(fill);
    const text = document.createElement('span');
    text.textContent = q.processed.toLocaleString() + ' versioned · ' + q.depth.toLocaleString() + ' waiting · ' +
      q.processedPerSecond.toLocaleString() + '/s · ' + q.deadLetters.toLocaleString() + ' dead letters';
    $('#pipeline').replaceChildren(bar, text);
  }

  // ---- schedules ----
  // Polled (they change once per tick at most); refreshed at once after a pause or resume.
  const SCHEDULE_POLL_MS = 5000;
  let scheduleTimer = null;

  async function loadSchedules() {
    clearTimeout(scheduleTimer);
    scheduleTimer = setTimeout(loadSchedules, SCHEDULE_POLL_MS);
    if (!token) { $('#schedules tbody').innerHTML = ''; return; }
    try {
      renderSchedules((await api('GET', '/api/schedules')).schedules);
    } catch (e) {
      $('#schedules-status').textContent = e.message;
    }
  }

  function fmtTime(iso) {
    return iso ? new Date(iso).toLocaleString() : '\u2013';
  }

  function renderSchedules(schedules) {
    const tbody = $('#schedules tbody');
    tbody.innerHTML = '';
    $('#schedules-status').textContent = schedules.length === 0 ? 'none defined' : '';
    for (const s of schedules) {
      const row = document.createElement('tr');
      row.dataset.schedule = s.name;
      row.dataset.paused = s.paused;
      row.innerHTML = '<td class="name"></td><td></td><td></td><td class="state"></td><td class="next"></td><td class="last"></td>' +
        '<td class="num"></td><td class="num"></td><td><button type="button" class="toggle"></button></td>';
      const c = row.children;
      c[0].textContent = s.name;
      c[1].textContent = s.queue;
      c[2].textContent = s.kind === 'cron' ? s.expression + (s.zone === 'UTC' || s.zone === 'Z' ? '' : ' (' + s.zone + ')') : 'every ' + fmtAge(s.intervalMillis / 1000);
      c[3].textContent = s.paused ? 'paused' : 'running';
      c[3].className = 'state' + (s.paused ? ' paused' : '');
      c[4].textContent = s.paused ? '\u2013' : s.nextTicks.slice(0, 3).map(fmtTime).join(' \u00b7 ');
      c[5].textContent = s.lastTickAt ? fmtTime(s.lastTickAt) + (s.lastMessageId ? ' (#' + s.lastMessageId + ')' : '') : 'never';
      c[6].textContent = s.enqueuedTicks.toLocaleString();
      c[7].textContent = s.skippedTicks.toLocaleString();
      const button = row.querySelector('.toggle');
      button.textContent = s.paused ? 'Resume' : 'Pause';
      button.addEventListener('click', async () => {
        try {
          await api('POST', '/api/schedules/' + encodeURIComponent(s.name) + (s.paused ? '/resume' : '/pause'));
        } catch (e) { $('#schedules-status').textContent = e.message; }
        loadSchedules();
      });
      tbody.appendChild(row);
    }
  }

  // ---- event streams ----
  // Polled like schedules: stats are exact counts, so no faster than every 5 s, and at most 20 streams.
  const STREAM_POLL_MS = 5000;
  const MAX_STREAMS = 20;
  let streamTimer = null;

  async function loadStreams() {
    clearTimeout(streamTimer);
    streamTimer = setTimeout(loadStreams, STREAM_POLL_MS);
    if (!token) { $('#streams tbody').innerHTML = ''; return; }
    try {
      const names = (await api('GET', '/api/streams')).streams;
      const stats = await Promise.all(names.slice(0, MAX_STREAMS).map((n) => api('GET', '/api/streams/' + encodeURIComponent(n))));
      $('#streams-section').hidden = names.length === 0;
      renderStreams(stats, names.length);
    } catch (e) {
      // A service without streams answers 404 here: keep the card hidden.
      $('#streams-status').textContent = e.message;
    }
  }

  function renderStreams(streams, total) {
    const tbody = $('#streams tbody');
    tbody.innerHTML = '';
    $('#streams-status').textContent = total > streams.length ? 'first ' + streams.length + ' of ' + total + ' streams' : '';
    for (const st of streams) {
      const head = document.createElement('tr');
      head.className = 'stream-row';
      head.dataset.stream = st.stream;
      head.innerHTML = '<td></td><td class="muted"></td><td class="num events"></td><td class="num"></td><td></td><td></td><td></td><td></td><td></td>';
      head.children[0].textContent = st.stream;
      head.children[1].textContent = st.subscriptions.length + ' subscription' + (st.subscriptions.length === 1 ? '' : 's') +
        ' \u00b7 ' + st.partitions + ' partitions \u00b7 ' + (st.bytes / 1048576).toFixed(1) + ' MiB';
      head.children[2].textContent = st.events.toLocaleString();
      head.children[3].textContent = st.appendedLastMinute.toLocaleString();
      tbody.appendChild(head);
      for (const sub of st.subscriptions) {
        const row = document.createElement('tr');
        row.dataset.stream = st.stream;
        row.dataset.subscription = sub.name;
        row.innerHTML = '<td></td><td class="name"></td><td></td><td></td><td class="num consumed"></td><td class="num lag"></td>' +
          '<td class="num age"></td><td class="retention"></td><td><button type="button" class="replay">Replay all</button></td>';
        const c = row.children;
        c[1].textContent = sub.name;
        c[4].textContent = sub.consumed.toLocaleString();
        c[5].textContent = sub.lagEvents.toLocaleString();
        c[6].textContent = sub.lagSeconds > 0 ? fmtAge(sub.lagSeconds) : 'caught up';
        c[7].textContent = sub.lostEvents > 0 ? sub.lostEvents.toLocaleString() + ' lost' : sub.holdsRetention ? 'holding retention' : 'ok';
        c[7].className = 'retention' + (sub.behindRetention ? ' behind' : '');
        row.querySelector('.replay').addEventListener('click', async () => {
          if (!window.confirm('Replay every retained event of ' + st.stream + ' to ' + sub.name + '?')) return;
          try {
            await api('POST', '/api/streams/' + encodeURIComponent(st.stream) + '/subscriptions/' + encodeURIComponent(sub.name) + '/reset',
              { from: 'earliest' });
          } catch (e) { $('#streams-status').textContent = e.message; }
          loadStreams();
        });
        tbody.appendChild(row);
      }
    }
  }

  // ---- dead letters ----
  function updateDeadQueues(queues) {
    const select = $('#dead-queue');
    const names = queues.map((q) => q.queue);
    const current = [...select.options].map((o) => o.value);
    if (names.join() !== current.join()) {
      const chosen = select.value;
      select.innerHTML = '';
      for (const n of names) select.add(new Option(n, n));
      const withDead = queues.find((q) => q.deadLetters > 0);
      select.value = names.includes(chosen) ? chosen : (withDead ? withDead.queue : (names[0] || ''));
      loadDeadLetters();
    }
    const q = queues.find((x) => x.queue === select.value);
    const shown = $('#dead-letters tbody').children.length;
    if (q && q.deadLetters !== Number(select.dataset.count || -1)) {
      select.dataset.count = q.deadLetters;
      if (q.deadLetters !== shown) loadDeadLetters();
    }
  }
  $('#dead-queue').addEventListener('change', () => loadDeadLetters());

  async function loadDeadLetters() {
    const queue = $('#dead-queue').value;
    const tbody = $('#dead-letters tbody');
    if (!queue || !token) { tbody.innerHTML = ''; return; }
    try {
      const page = await api('GET', '/api/queues/' + queue + '/dead-letters?limit=100');
      tbody.innerHTML = '';
      for (const d of page.deadLetters) {
        const row = document.createElement('tr');
        row.dataset.id = d.id;
        row.innerHTML = '<td class="num"></td><td class="num"></td><td></td><td class="err"></td><td class="payload"></td>' +
          '<td><button type="button" class="redrive">Re-drive</button></td>';
        const cells = row.children;
        cells[0].textContent = d.id;
        cells[1].textContent = d.attempts;
        cells[2].textContent = isoLocal(new Date(d.failedAt));
        cells[3].textContent = clip((d.lastError || '').split('\n')[0], 200);
        cells[3].title = d.lastError || '';
        cells[4].textContent = clip(d.payloadJson || '', 200);
        cells[4].title = d.payloadJson || '';
        row.querySelector('.redrive').addEventListener('click', () => redrive(queue, [d.id]));
        tbody.appendChild(row);
      }
      $('#dead-status').textContent = page.deadLetters.length === 0 ? 'none' : page.deadLetters.length + (page.next ? '+' : '') + ' shown';
    } catch (e) {
      $('#dead-status').textContent = e.message;
    }
  }

  // Dates as ISO 8601 in the browser's time zone (2026-12-01 20:04:34), whatever the locale.
  function isoLocal(date) {
    const p = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + p(date.getMonth() + 1) + '-' + p(date.getDate()) + ' ' +
      p(date.getHours()) + ':' + p(date.getMinutes()) + ':' + p(date.getSeconds());
  }

  // Very long texts are cut here (the cells wrap the rest); the full text is the cell's title.
  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1) + '\u2026' : text;
  }

  async function redrive(queue, ids) {
    try {
      const body = ids ? { ids } : { all: true };
      const r = await api('POST', '/api/queues/' + queue + '/dead-letters/redrive', body);
      $('#dead-status').textContent = 're-drove ' + r.redriven.length;
      await loadDeadLetters();
    } catch (e) {
      $('#dead-status').textContent = e.message;
    }
  }
  $('#redrive-all').addEventListener('click', () => { const q = $('#dead-queue').value; if (q) redrive(q, null); });

  // ---- leaderboard ----
  async function initLeaderboard() {
    let windows;
    try {
      let res = await fetch('/api/leaderboard/windows');
      if ((res.status === 401 || res.status === 403) && token) {
        boardNeedsToken = true;
        res = await fetch('/api/leaderboard/windows', { headers: { 'Authorization': 'Bearer ' + token } });
      }
      if (!res.ok) return; // no leaderboard in this service, or not public and no token
      windows = (await res.json()).windows;
    } catch (e) { return; }
    if (!windows || windows.length === 0) return;
    $('#leaderboard-section').hidden = false;
    const select = $('#window');
    for (const w of windows) select.add(new Option(w, w));
    select.addEventListener('change', () => connectBoard(select.value));
    connectBoard(windows[0]);
  }

  // Anonymous when the leaderboard is public; with a ticket when it is not.
  async function connectBoard(window) {
    if (boardSource) { boardSource.close(); boardSource = null; }
    let auth = '';
    if (boardNeedsToken && token) {
      try { const t = await streamTicket(); if (t) auth = '?ticket=' + encodeURIComponent(t); } catch (e) { /* retried below */ }
    }
    const source = new EventSource('/api/leaderboard/' + encodeURIComponent(window) + '/stream' + auth);
    boardSource = source;
    source.addEventListener('leaderboard', (e) => renderBoard(JSON.parse(e.data)));
    if (boardNeedsToken) {
      source.onerror = () => {
        source.close();
        if (boardSource === source) setTimeout(() => { if (boardSource === source) connectBoard(window); }, 2000);
      };
    }
  }

  function renderBoard(frame) {
    const tbody = $('#leaderboard tbody');
    const rows = frame.entries.map((e) =>
      '<tr data-player="' + escapeHtml(e.playerId) + '"><td class="num">' + e.rank + '</td><td>' + escapeHtml(e.playerId) +
      '</td><td class="num">' + Number(e.score).toLocaleString() + '</td></tr>');
    tbody.innerHTML = rows.join('');
    $('#leaderboard-at').textContent = 'as of ' + isoLocal(new Date(frame.at)).slice(11);
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  readToken();
  if (token) connectQueues(); else setConnection('', 'no token');
  loadSchedules();
  loadStreams();
  initLeaderboard();
})();
