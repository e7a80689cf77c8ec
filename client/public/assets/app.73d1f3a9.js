// The Fib Calculator page: a small client-side router (Home, Other Page) and the calculator,
// which polls the API while any value is still pending so results appear without a reload.

const API_ALL = '/api/values/all';
const API_CURRENT = '/api/values/current';
const API_SUBMIT = '/api/values';
const PENDING_VALUE = 'Nothing yet!';

// Computing a value takes the worker milliseconds, so the first poll comes soon; the delay then grows
// so that a stopped worker or an unreachable API is not hammered while the page stays open.
const POLL_FIRST_DELAY_MS = 500;
const POLL_MAX_DELAY_MS = 2000;
const POLL_DELAY_GROWTH = 1.5;

const VIEWS = {
  '/': { id: 'home-view', title: 'Fib Calculator' },
  '/otherpage': { id: 'other-view', title: 'Other Page · Fib Calculator' },
};
const NOT_FOUND_VIEW = { id: 'not-found-view', title: 'Page not found · Fib Calculator' };

const element = (id) => document.getElementById(id);
const form = element('index-form');
const input = element('index-input');
const formMessage = element('form-message');
const seenIndexes = element('seen-indexes');
const calculatedValues = element('calculated-values');
const loadMessage = element('load-message');

class ApiError extends Error {}

async function requestJson(url, options = {}) {
  let response;
  try {
    response = await fetch(url, {
      cache: 'no-store',
      ...options,
      headers: { Accept: 'application/json', ...options.headers },
    });
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(errorMessage(response, body));
  }
  return body;
}

function errorMessage(response, body) {
  if (body && typeof body.error === 'string' && body.error.trim() !== '') {
    return body.error;
  }
  return `The request failed: ${response.status} ${response.statusText}`.trim();
}

// ---- Calculator view ----

let shownSeen = null;
let shownValues = null;

function renderSeen(entries) {
  const text = entries.map((entry) => entry.number).join(', ');
  // Rewriting unchanged text would make screen readers announce it again on every poll.
  if (text !== shownSeen) {
    seenIndexes.textContent = text;
    shownSeen = text;
  }
}

function renderValues(values) {
  const key = JSON.stringify(values);
  if (key === shownValues) {
    return;
  }
  shownValues = key;
  const lines = Object.entries(values).map(([index, value]) => {
    const line = document.createElement('li');
    line.dataset.index = index;
    line.textContent = `For index ${index} I calculated ${value}`;
    if (value === PENDING_VALUE) {
      line.classList.add('pending');
      const badge = document.createElement('span');
      badge.className = 'pending-badge';
      badge.textContent = 'calculating…';
      line.append(' ', badge);
    }
    return line;
  });
  calculatedValues.replaceChildren(...lines);
  calculatedValues.setAttribute('aria-busy', String(hasPending(values)));
}

function hasPending(values) {
  return Object.values(values).includes(PENDING_VALUE);
}

async function loadValues() {
  const [seen, values] = await Promise.all([requestJson(API_ALL), requestJson(API_CURRENT)]);
  renderSeen(seen);
  renderValues(values);
  return hasPending(values);
}

// One load runs at a time; a refresh asked for meanwhile runs right after it, so an older answer
// can never overwrite a newer one.
const polling = { active: false, timer: null, delay: POLL_FIRST_DELAY_MS, loading: false, again: false };

function startPolling() {
  polling.active = true;
  refreshNow();
}

function stopPolling() {
  polling.active = false;
  clearTimeout(polling.timer);
}

function refreshNow() {
  polling.delay = POLL_FIRST_DELAY_MS;
  clearTimeout(polling.timer);
  if (polling.loading) {
    polling.again = true;
    return;
  }
  poll();
}

async function poll() {
  if (!polling.active || document.hidden) {
    return;
  }
  polling.loading = true;
  let keepPolling;
  try {
    keepPolling = await loadValues();
    loadMessage.textContent = '';
  } catch (error) {
    loadMessage.textContent = `Could not load the values: ${error.message} Retrying…`;
    keepPolling = true;
  } finally {
    polling.loading = false;
  }
  if (polling.again) {
    polling.again = false;
    poll();
  } else if (keepPolling) {
    polling.timer = setTimeout(poll, polling.delay);
    polling.delay = Math.min(polling.delay * POLL_DELAY_GROWTH, POLL_MAX_DELAY_MS);
  }
}

function showFormError(message) {
  formMessage.textContent = message;
  input.setAttribute('aria-invalid', 'true');
}

function clearFormError() {
  formMessage.textContent = '';
  input.removeAttribute('aria-invalid');
}

async function submitIndex(event) {
  event.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') {
    return;
  }
  const index = input.value.trim();
  if (index === '') {
    showFormError('Enter an index first, for example 7.');
    input.focus();
    return;
  }
  // aria-busy rather than a disabled button: disabling the focused button would drop keyboard focus.
  form.setAttribute('aria-busy', 'true');
  try {
    await requestJson(API_SUBMIT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ index }),
    });
    clearFormError();
    input.value = '';
  } catch (error) {
    showFormError(error.message);
    input.select();
  } finally {
    form.removeAttribute('aria-busy');
    refreshNow();
  }
}

form.addEventListener('submit', submitIndex);
input.addEventListener('input', () => {
  if (input.hasAttribute('aria-invalid')) {
    clearFormError();
  }
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    refreshNow();
  }
});

// ---- Routing ----

function normalisedPath(pathname) {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

function showRoute(pathname, { moveFocus }) {
  const path = normalisedPath(pathname);
  const view = VIEWS[path] ?? NOT_FOUND_VIEW;
  for (const section of document.querySelectorAll('.view')) {
    section.hidden = section.id !== view.id;
  }
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    if (normalisedPath(link.pathname) === path) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = view.title;
  if (view.id === 'home-view') {
    startPolling();
  } else {
    stopPolling();
  }
  if (moveFocus) {
    // Screen reader and keyboard users start reading the new view, as after a full page load.
    document.querySelector(`#${view.id} h2`).focus();
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  const modified = event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
  if (!link || modified || event.defaultPrevented) {
    return;
  }
  event.preventDefault();
  if (link.pathname !== window.location.pathname) {
    window.history.pushState(null, '', link.pathname);
  }
  showRoute(link.pathname, { moveFocus: true });
});

window.addEventListener('popstate', () => showRoute(window.location.pathname, { moveFocus: true }));

showRoute(window.location.pathname, { moveFocus: false });
