// Settings: defaults, validation and the host-permission pattern for the configured API.
// Pure functions (no extension API), so they run under `node --test`.

export const DEFAULT_API_URL = 'http://127.0.0.1:8000';
export const DEFAULT_TOP_K = 10;
export const MAX_TOP_K = 50;

export const DEFAULT_SETTINGS = Object.freeze({
  apiUrl: DEFAULT_API_URL,
  apiKey: '',
  topK: DEFAULT_TOP_K,
});

/**
 * Validate what a user typed as the API URL and bring it to one canonical form: scheme, host,
 * optional port and path prefix, no trailing slash.
 *
 *   normalizeApiUrl(' http://127.0.0.1:8000/ ')  // {ok: true, url: 'http://127.0.0.1:8000'}
 *   normalizeApiUrl('ftp://x')                    // {ok: false, error: '...'}
 */
export function normalizeApiUrl(input) {
  const raw = String(input ?? '').trim();
  if (!raw) return { ok: false, error: 'Enter the API URL, for example http://127.0.0.1:8000.' };
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Include the scheme, e.g. http://${raw}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: 'The API URL must start with http:// or https://.' };
  }
  if (url.username || url.password) {
    return { ok: false, error: 'Put credentials in the API key field, not in the URL.' };
  }
  if (url.search || url.hash) {
    return { ok: false, error: 'The API URL must not have a query (?…) or fragment (#…).' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

/** The match pattern that grants access to the API's host (all ports, like the manifest's). */
export function originPattern(apiUrl) {
  const url = new URL(apiUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The origin shown to people in messages ("http://127.0.0.1:8000"). */
export function apiOrigin(apiUrl) {
  return new URL(apiUrl).origin;
}

export function endpointUrl(apiUrl) {
  return `${String(apiUrl).replace(/\/+$/, '')}/v1/check`;
}

export function normalizeTopK(value) {
  const n = Number.parseInt(String(value ?? ''), 10);
  if (!Number.isFinite(n)) return DEFAULT_TOP_K;
  return Math.min(MAX_TOP_K, Math.max(1, n));
}

/** Stored settings (possibly partial, possibly from an older version) with defaults filled in. */
export function withDefaults(stored) {
  const s = stored && typeof stored === 'object' ? stored : {};
  const url = normalizeApiUrl(s.apiUrl);
  return {
    apiUrl: url.ok ? url.url : DEFAULT_API_URL,
    apiKey: typeof s.apiKey === 'string' ? s.apiKey.trim() : '',
    topK: normalizeTopK(s.topK ?? DEFAULT_TOP_K),
  };
}
