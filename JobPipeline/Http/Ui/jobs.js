// The jobs page of JobPipeline: plain JavaScript over the public API (docs/jobs-page.md). No framework, nothing
// fetched from anywhere but this API. The API key lives in this tab's sessionStorage and travels only as the
// x-api-key header; nothing here writes markup from data (textContent only), so job data cannot become script.
'use strict';

(() => {
  const apiBase = new URL('..', document.currentScript.src); // …/api/ui/jobs.js → …/api/
  const keyItem = 'jobpipeline.apiKey';
  const activeStatuses = new Set(['queued', 'processing']);
  const fallbackTypes = ['redact', 'extract', 'json.format', 'mask', 'unmask'];
  const typesByExtension = {
    txt: 'text/plain', text: 'text/plain', log: 'text/plain', md: 'text/markdown', csv: 'text/csv',
    json: 'application/json', html: 'text/html', htm: 'text/html', pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    key: null,
    pages: [null], // continuation token of each page seen so far; pages[0] is the newest
    page: 0,
    next: null,
    jobs: new Map(), // job_id → job resource shown in the list
    listTimer: 0,
    detailId: null,
    detailJob: null,
    detailAbort: null,
    file: null,
    generation: 0, // bumped on sign-out and reloads so that late answers are dropped
  };

  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      const error = body && body.error ? body.error : {};
      super(error.message || `HTTP ${status}`);
      this.status = status;
      this.code = error.code || `HTTP_${status}`;
      this.details = error.details || {};
      this.requestId = error.request_id || null;
      this.retryAfter = retryAfter;
    }
  }

  const sleep = (ms, signal) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

  const retryAfterMs = (response, fallbackSeconds) => {
    const seconds = Number.parseInt(response.headers.get('retry-after') || '', 10);
    return 1000 * (Number.isFinite(seconds) && seconds > 0 ? seconds : fallbackSeconds);
  };

  // One call of the API with the key. Throws ApiError for an error answer (the envelope's code and message).
  async function api(path, { method = 'GET', body, headers = {}, signal, redirect = 'error', raw = false } = {}) {
    const request = new Headers(headers);
    request.set('x-api-key', state.key);
    if (!request.has('accept')) request.set('accept', 'application/json');
    const response = await fetch(new URL(path, apiBase), {
      method, body, headers: request, signal, redirect, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
    if (raw || response.type === 'opaqueredirect' || response.status === 304 || response.status === 204) return response;
    if (!response.ok) {
      let envelope = null;
      try { envelope = await response.json(); } catch { /* not the envelope */ }
      const error = new ApiError(response.status, envelope, retryAfterMs(response, 1));
      if (response.status === 401 && state.key) signOut('Your API key was not accepted any more; sign in again.');
      throw error;
    }

    return response;
  }

  const describe = (error) => {
    if (!(error instanceof ApiError)) return `The API could not be reached (${error.message}).`;
    const field = error.details && error.details.field ? ` (${error.details.field})` : '';
    return `${error.code}: ${error.message}${field}`;
  };

  const show = (element, visible) => { element.hidden = !visible; };
  const say = (id, text, isError = false) => {
    const element = $(id);
    element.textContent = text || '';
    element.classList.toggle('error', Boolean(isError));
  };

  const formatTime = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const shortId = (id) => (id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id);

  function element(tag, { text, className, attributes } = {}, ...children) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  const statusBadge = (status) => element('span', { text: status, className: `status status-${status}` });

  function progressOf(job) {
    const value = job.status === 'completed' ? 100 : Math.max(0, Math.min(100, Number(job.progress) || 0));
    return element('progress', { attributes: { max: '100', value: String(value), 'aria-label': `${value}%` } });
  }

  // ---- sign in / out ------------------------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const candidate = $('api-key').value.trim();
    show($('sign-in-error'), false);
    if (!candidate) return;
    $('sign-in-button').disabled = true;
    try {
      const response = await fetch(new URL('jobs?limit=1', apiBase), {
        headers: { 'x-api-key': candidate, accept: 'application/json' }, cache: 'no-store', credentials: 'omit', redirect: 'error',
      });
      if (!response.ok) {
        let envelope = null;
        try { envelope = await response.json(); } catch { /* not the envelope */ }
        const error = new ApiError(response.status, envelope, retryAfterMs(response, 1));
        const text = response.status === 401 ? 'That API key was not accepted.' : describe(error);
        $('sign-in-error').textContent = response.status === 429 ? `${text} Wait ${Math.ceil(error.retryAfter / 1000)} s.` : text;
        show($('sign-in-error'), true);
        return;
      }

      sessionStorage.setItem(keyItem, candidate);
      $('api-key').value = '';
      start(candidate);
    } catch (error) {
      $('sign-in-error').textContent = describe(error);
      show($('sign-in-error'), true);
    } finally {
      $('sign-in-button').disabled = false;
    }
  }

  function start(key) {
    state.key = key;
    state.generation++;
    show($('sign-in'), false);
    show($('app'), true);
    show($('session'), true);
    resetPaging();
    loadJobs();
  }

  function signOut(message) {
    sessionStorage.removeItem(keyItem);
    state.key = null;
    state.generation++;
    clearTimeout(state.listTimer);
    closeDetail();
    state.jobs.clear();
    $('jobs-body').replaceChildren();
    show($('app'), false);
    show($('session'), false);
    show($('sign-in'), true);
    if (typeof message === 'string') {
      $('sign-in-error').textContent = message;
      show($('sign-in-error'), true);
    } else {
      show($('sign-in-error'), false);
    }

    $('api-key').focus();
  }

  // ---- job types ----------------------------------------------------------------------------------------------

  async function loadTypes() {
    let types = fallbackTypes;
    try {
      const response = await fetch(new URL('health', apiBase), { cache: 'no-store', credentials: 'omit' });
      const body = await response.json();
      if (Array.isArray(body.job_types) && body.job_types.length > 0) types = body.job_types;
    } catch { /* storage down or starting: the shipped types */ }

    const submit = $('submit-type');
    const filter = $('filter-type');
    submit.replaceChildren(...types.map((t) => element('option', { text: t })));
    filter.replaceChildren(element('option', { text: 'all', attributes: { value: '' } }), ...types.map((t) => element('option', { text: t })));
    if (types.includes('redact')) submit.value = 'redact';
  }

  // ---- the list -----------------------------------------------------------------------------------------------

  function resetPaging() {
    state.pages = [null];
    state.page = 0;
  }

  async function loadJobs() {
    const generation = ++state.generation;
    clearTimeout(state.listTimer);
    const query = new URLSearchParams({ limit: $('filter-limit').value });
    if ($('filter-status').value) query.set('status', $('filter-status').value);
    if ($('filter-type').value) query.set('type', $('filter-type').value);
    const token = state.pages[state.page];
    if (token) query.set('continuation', token);
    try {
      const body = await (await api(`jobs?${query}`)).json();
      if (generation !== state.generation) return;
      state.next = body.next || null;
      state.jobs = new Map(body.data.map((job) => [job.job_id, job]));
      renderList();
      if ($('list-message').classList.contains('error')) say('list-message', '');
      scheduleRefresh();
    } catch (error) {
      if (generation !== state.generation || !state.key) return;
      say('list-message', describe(error), true);
      // Busy, starting or unreachable: try again (a client's own mistake, a 4xx, would only fail again).
      const transient = !(error instanceof ApiError) || error.status === 429 || error.status >= 500;
      if (transient) state.listTimer = setTimeout(loadJobs, error instanceof ApiError ? Math.max(1000, error.retryAfter) : 5000);
    }
  }

  // A job just submitted belongs at the top of the first page when the filters take it, even if the list was read
  // before it (or could not be read just then).
  function showSubmitted(job) {
    const type = $('filter-type').value;
    if (state.page !== 0 || state.jobs.has(job.job_id) || $('filter-status').value || (type && type !== job.type)) return;
    const limit = Number.parseInt($('filter-limit').value, 10);
    state.jobs = new Map([[job.job_id, job], ...[...state.jobs].slice(0, limit - 1)]);
    renderList();
    scheduleRefresh();
  }

  function renderList() {
    const rows = [...state.jobs.values()].map((job) => {
      const open = element('button', { text: shortId(job.job_id), className: 'link', attributes: { type: 'button', title: job.job_id } });
      open.addEventListener('click', () => openDetail(job.job_id));
      const row = element('tr', { attributes: { 'data-job-id': job.job_id, 'data-status': job.status } },
        element('td', {}, element('time', { text: formatTime(job.created_at), attributes: { datetime: job.created_at } })),
        element('td', { text: job.type }),
        element('td', {}, statusBadge(job.status)),
        element('td', { className: 'progress-cell' }, progressOf(job), element('span', { text: `${job.status === 'completed' ? 100 : job.progress || 0}%`, className: 'muted' })),
        element('td', {}, open));
      if (job.job_id === state.detailId) row.classList.add('selected');
      return row;
    });
    $('jobs-body').replaceChildren(...rows);
    show($('jobs-empty'), rows.length === 0);
    $('page-number').textContent = `Page ${state.page + 1}`;
    $('page-prev').disabled = state.page === 0;
    $('page-next').disabled = !state.next;
  }

  // Jobs still queued or processing on this page are read again in one batch call, as often as their retry_after
  // (the API's Retry-After) asks, until none is left.
  function scheduleRefresh(delayMs) {
    clearTimeout(state.listTimer);
    const active = [...state.jobs.values()].filter((job) => activeStatuses.has(job.status));
    if (active.length === 0) return;
    const wait = delayMs ?? 1000 * Math.max(1, Math.min(...active.map((job) => job.retry_after || 1)));
    const generation = state.generation;
    state.listTimer = setTimeout(() => refreshActive(active.map((job) => job.job_id), generation), wait);
  }

  async function refreshActive(ids, generation) {
    try {
      const body = await (await api('jobs/status', {
        method: 'POST', body: JSON.stringify({ job_ids: ids }), headers: { 'content-type': 'application/json' },
      })).json();
      if (generation !== state.generation) return;
      for (const item of body.data) {
        if (item.error) state.jobs.delete(item.job_id);
        else if (state.jobs.has(item.job_id)) state.jobs.set(item.job_id, item);
      }

      renderList();
      scheduleRefresh();
    } catch (error) {
      if (generation !== state.generation || !state.key) return;
      scheduleRefresh(error instanceof ApiError ? Math.max(1000, error.retryAfter) : 5000);
    }
  }

  function updateRow(job) {
    if (!state.jobs.has(job.job_id)) return;
    state.jobs.set(job.job_id, job);
    renderList();
  }

  // ---- one job ------------------------------------------------------------------------------------------------

  async function openDetail(id) {
    closeDetail();
    state.detailId = id;
    const abort = new AbortController();
    state.detailAbort = abort;
    $('detail-id').textContent = id;
    say('detail-message', '');
    show($('detail'), true);
    renderList();
    let etag = null;
    let first = true;
    while (!abort.signal.aborted) {
      // The first read answers at once; then each read long-polls (?wait=) until the job changes or ends.
      const path = first ? `jobs/${encodeURIComponent(id)}` : `jobs/${encodeURIComponent(id)}?wait=30`;
      const started = Date.now();
      try {
        const response = await api(path, { signal: abort.signal, headers: etag ? { 'if-none-match': etag } : {} });
        if (response.status !== 304) {
          etag = response.headers.get('etag');
          const job = await response.json();
          if (abort.signal.aborted) return;
          renderDetail(job);
          updateRow(job);
          if (!activeStatuses.has(job.status)) return;
        }

        // A wait that came back at once without news (a server without long-poll) is paced by Retry-After.
        if (!first && Date.now() - started < 1000) await sleep(retryAfterMs(response, 1), abort.signal);
        first = false;
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && (error.code === 'JOB_NOT_FOUND' || error.status === 401)) {
          say('detail-message', error.status === 401 ? describe(error) : 'This job no longer exists.', true);
          state.jobs.delete(id);
          renderList();
          return;
        }

        say('detail-message', describe(error), true);
        await sleep(error instanceof ApiError ? Math.max(1000, error.retryAfter) : 5000, abort.signal);
      }
    }
  }

  function closeDetail() {
    if (state.detailAbort) state.detailAbort.abort();
    state.detailAbort = null;
    state.detailId = null;
    state.detailJob = null;
    show($('detail'), false);
    for (const row of document.querySelectorAll('#jobs-body tr.selected')) row.classList.remove('selected');
  }

  const jsonText = (value) => JSON.stringify(value, null, 2);
  const isPointer = (value) => value && typeof value === 'object' && value.is_url === true;

  function renderDetail(job) {
    state.detailJob = job;
    const status = $('detail-status');
    status.textContent = job.status;
    status.className = `status status-${job.status}`;
    $('detail-progress').value = job.status === 'completed' ? 100 : Number(job.progress) || 0;

    const fields = [
      ['Type', job.type],
      ['Status', job.status],
      ['Progress', `${job.status === 'completed' ? 100 : job.progress || 0}%`],
      ['Created', formatTime(job.created_at)],
      ['Updated', formatTime(job.updated_at)],
      ['Started', formatTime(job.started_at)],
      ['Completed', formatTime(job.completed_at)],
      ['Expires', formatTime(job.expires_at)],
    ];
    for (const [name, value] of Object.entries(job.summary || {})) fields.push([`Summary: ${name}`, typeof value === 'object' ? JSON.stringify(value) : value]);
    if (job.metadata && Object.keys(job.metadata).length > 0) fields.push(['Metadata', JSON.stringify(job.metadata)]);
    if (job.callback) fields.push(['Callback', `${job.callback.state} (${job.callback.attempts || 0} attempts) → ${job.callback.url}`]);
    const resultDocument = job.result && isPointer(job.result.document) ? job.result.document : isPointer(job.result) ? job.result : null;
    if (resultDocument) fields.push(['Result document', `${resultDocument.content_type || 'unknown type'}${resultDocument.size_bytes !== undefined ? `, ${resultDocument.size_bytes} bytes` : ''}`]);
    $('detail-fields').replaceChildren(...fields.flatMap(([name, value]) => [
      element('dt', { text: name }),
      element('dd', { text: value ?? '—', attributes: { 'data-field': name.toLowerCase() } }),
    ]));

    const errorBox = $('detail-error');
    if (job.error) {
      errorBox.replaceChildren(
        element('strong', { text: job.error.code }),
        element('span', { text: ` ${job.error.message}${job.error.retryable ? ' (retryable)' : ''}` }),
        ...(job.error.details && Object.keys(job.error.details).length > 0 ? [element('pre', { text: jsonText(job.error.details) })] : []));
    }

    show(errorBox, Boolean(job.error));
    renderFindings(job.result && Array.isArray(job.result.findings) ? job.result.findings : null);

    let preview = null;
    if (job.status === 'completed' && job.result !== undefined && job.result !== null && !resultDocument) {
      const text = typeof job.result === 'string' ? job.result : jsonText(withoutFindings(job.result));
      preview = text.length > 4000 ? `${text.slice(0, 4000)}\n… (${text.length - 4000} more characters: download the result)` : text;
    }

    $('detail-result').textContent = preview || '';
    show($('detail-result'), preview !== null);
    show($('detail-result-title'), preview !== null);
    show($('detail-download'), job.status === 'completed');
    show($('detail-cancel'), activeStatuses.has(job.status));
  }

  function withoutFindings(result) {
    if (!result || typeof result !== 'object' || Array.isArray(result) || !Array.isArray(result.findings)) return result;
    const copy = { ...result };
    delete copy.findings;
    return copy;
  }

  function renderFindings(findings) {
    const table = $('detail-findings');
    const visible = Array.isArray(findings) && findings.length > 0;
    show(table, visible);
    show($('detail-findings-title'), visible);
    if (!visible) return;
    const shown = findings.slice(0, 500);
    const columns = [...new Set(shown.flatMap((f) => Object.keys(f)))];
    const cell = (value) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
    table.tHead.replaceChildren(element('tr', {}, ...columns.map((c) => element('th', { text: c }))));
    table.tBodies[0].replaceChildren(...shown.map((f) => element('tr', {}, ...columns.map((c) => element('td', { text: cell(f[c]) })))));
    $('detail-findings-title').textContent = findings.length > shown.length ? `Findings (first ${shown.length} of ${findings.length})` : `Findings (${findings.length})`;
  }

  // ---- actions ------------------------------------------------------------------------------------------------

  function confirmAction(text) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    return new Promise((resolve) => {
      const done = (answer) => {
        $('confirm-yes').removeEventListener('click', yes);
        $('confirm-no').removeEventListener('click', no);
        dialog.removeEventListener('cancel', no);
        dialog.close();
        resolve(answer);
      };
      const yes = () => done(true);
      const no = () => done(false);
      $('confirm-yes').addEventListener('click', yes);
      $('confirm-no').addEventListener('click', no);
      dialog.addEventListener('cancel', no);
      dialog.showModal();
      $('confirm-no').focus();
    });
  }

  function fileNameFrom(response, job) {
    const disposition = response.headers.get('content-disposition') || '';
    const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (encoded) {
      try { return decodeURIComponent(encoded[1].trim()); } catch { /* fall through */ }
    }

    const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
    if (plain) return plain[1].trim();
    const type = (response.headers.get('content-type') || '').split(';')[0].trim();
    const extension = type === 'application/json' ? 'json' : type.startsWith('text/') ? 'txt' : 'bin';
    return `${job.job_id}.${extension}`;
  }

  function saveAs(href, fileName) {
    const link = element('a', { attributes: { href, download: fileName, rel: 'noopener' } });
    document.body.append(link);
    link.click();
    link.remove();
  }

  async function downloadResult() {
    const job = state.detailJob;
    if (!job) return;
    say('detail-message', 'Downloading…');
    try {
      // Same origin only: the key must never follow a redirect to storage. A large result answers 302 to its
      // read-only SAS URL, which needs no key: the browser then opens that URL itself.
      const response = await api(`jobs/${encodeURIComponent(job.job_id)}/result`, { redirect: 'manual', headers: { accept: '*/*' } });
      if (response.type === 'opaqueredirect') {
        const fresh = await (await api(`jobs/${encodeURIComponent(job.job_id)}`)).json();
        const pointer = isPointer(fresh.result) ? fresh.result : fresh.result && isPointer(fresh.result.document) ? fresh.result.document : null;
        if (!pointer || !/^https?:$/.test(new URL(pointer.url).protocol)) throw new Error('the result moved and no usable link to it was given');
        saveAs(pointer.url, `${job.job_id}`);
        say('detail-message', 'The result opens from storage through its short-lived link.');
        return;
      }

      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const name = fileNameFrom(response, job);
      saveAs(url, name);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say('detail-message', `Downloaded ${name} (${blob.size} bytes).`);
    } catch (error) {
      say('detail-message', describe(error), true);
    }
  }

  async function cancelJob() {
    const job = state.detailJob;
    if (!job || !(await confirmAction(`Cancel job ${job.job_id}? Its work stops and it ends as canceled.`))) return;
    try {
      const canceled = await (await api(`jobs/${encodeURIComponent(job.job_id)}/cancel`, { method: 'POST' })).json();
      renderDetail(canceled);
      updateRow(canceled);
      say('detail-message', 'Canceled.');
    } catch (error) {
      say('detail-message', describe(error), true);
      if (error.code === 'JOB_ALREADY_FINISHED') openDetail(job.job_id);
    }
  }

  async function deleteJob() {
    const job = state.detailJob;
    if (!job || !(await confirmAction(`Delete job ${job.job_id}? Its result, input and status are gone for good.`))) return;
    try {
      await api(`jobs/${encodeURIComponent(job.job_id)}`, { method: 'DELETE' });
      closeDetail();
      state.jobs.delete(job.job_id);
      renderList();
      say('list-message', `Deleted job ${job.job_id}.`);
      loadJobs();
    } catch (error) {
      say('detail-message', describe(error), true);
    }
  }

  // ---- submit -------------------------------------------------------------------------------------------------

  function chooseFile(file) {
    state.file = file || null;
    $('drop-file').textContent = file ? `${file.name} (${file.size} bytes)` : '';
    $('drop-zone').classList.toggle('has-file', Boolean(file));
    if (file) {
      const extension = (file.name.split('.').pop() || '').toLowerCase();
      $('submit-content-type').value = file.type || typesByExtension[extension] || '';
    }
  }

  function optionsFromForm() {
    const text = $('submit-options').value.trim();
    if (!text) return {};
    let options;
    try { options = JSON.parse(text); } catch { throw new Error('Options must be a JSON object, e.g. {"mode": "mask"}.'); }
    if (!options || typeof options !== 'object' || Array.isArray(options)) throw new Error('Options must be a JSON object, e.g. {"mode": "mask"}.');
    return options;
  }

  async function submitJob() {
    const type = $('submit-type').value;
    const inputText = $('submit-input').value.trim();
    let response;
    try {
      const options = optionsFromForm();
      if (state.file) {
        const contentType = $('submit-content-type').value.trim();
        if (!contentType) throw new Error('Give the document\'s content type (e.g. text/csv).');
        // Raw documents take their options in the query string; the API reads JSON-looking values as JSON.
        const query = new URLSearchParams();
        for (const [name, value] of Object.entries(options)) query.set(name, typeof value === 'string' ? value : JSON.stringify(value));
        const suffix = query.toString() ? `?${query}` : '';
        response = await api(`jobs/${encodeURIComponent(type)}${suffix}`, { method: 'POST', body: state.file, headers: { 'content-type': contentType } });
      } else if (inputText) {
        let input;
        try { input = JSON.parse(inputText); } catch { throw new Error('The JSON input is not valid JSON.'); }
        response = await api('jobs', { method: 'POST', body: JSON.stringify({ type, input, options }), headers: { 'content-type': 'application/json' } });
      } else {
        throw new Error('Drop or choose a document, or give a JSON input.');
      }
    } catch (error) {
      say('submit-message', error instanceof ApiError || error instanceof TypeError ? describe(error) : error.message, true);
      return;
    }

    const job = await response.json();
    say('submit-message', `Submitted ${job.type} job ${job.job_id}.`);
    chooseFile(null);
    $('file-input').value = '';
    $('filter-status').value = '';
    resetPaging();
    await loadJobs();
    showSubmitted(job);
    openDetail(job.job_id);
  }

  // ---- wiring -------------------------------------------------------------------------------------------------

  function wire() {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut());
    for (const id of ['filter-status', 'filter-type', 'filter-limit']) {
      $(id).addEventListener('change', () => { resetPaging(); loadJobs(); });
    }

    $('refresh').addEventListener('click', () => loadJobs());
    $('page-next').addEventListener('click', () => {
      if (!state.next) return;
      state.pages[state.page + 1] = state.next;
      state.page++;
      loadJobs();
    });
    $('page-prev').addEventListener('click', () => {
      if (state.page === 0) return;
      state.page--;
      loadJobs();
    });
    $('detail-close').addEventListener('click', closeDetail);
    $('detail-download').addEventListener('click', downloadResult);
    $('detail-cancel').addEventListener('click', cancelJob);
    $('detail-delete').addEventListener('click', deleteJob);
    $('submit-button').addEventListener('click', submitJob);
    $('submit-clear').addEventListener('click', () => {
      chooseFile(null);
      $('file-input').value = '';
      $('submit-content-type').value = '';
      $('submit-options').value = '';
      $('submit-input').value = '';
      say('submit-message', '');
    });

    const zone = $('drop-zone');
    zone.addEventListener('click', () => $('file-input').click());
    zone.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); $('file-input').click(); }
    });
    $('file-input').addEventListener('change', () => chooseFile($('file-input').files[0]));
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('dragging');
      if (event.dataTransfer && event.dataTransfer.files.length > 0) chooseFile(event.dataTransfer.files[0]);
    });
    // A file dropped beside the zone must not make the browser navigate away to it.
    window.addEventListener('dragover', (event) => event.preventDefault());
    window.addEventListener('drop', (event) => event.preventDefault());
  }

  wire();
  loadTypes();
  const saved = sessionStorage.getItem(keyItem);
  if (saved) start(saved);
  else $('api-key').focus();
})();
