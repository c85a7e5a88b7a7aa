// One handle on the WebExtension API. Firefox exposes the promise-based `browser.*`; Chromium
// exposes `chrome.*`, which returns promises too in Manifest V3, so the two are interchangeable
// for everything this extension calls.
export const ext = globalThis.browser ?? globalThis.chrome;
