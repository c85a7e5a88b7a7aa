// The handful of DOM calls render.js makes, for unit tests only. Markup setters throw, so a
// test fails if rendering ever tries to parse HTML.

class FakeText {
  constructor(data) {
    this.nodeType = 3;
    this.data = String(data);
  }
  get textContent() {
    return this.data;
  }
}

class FakeElement {
  constructor(doc, tag) {
    this.nodeType = 1;
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.childNodes = [];
    this.listeners = new Map();
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  append(...nodes) {
    for (const n of nodes) {
      if (!(n instanceof FakeElement || n instanceof FakeText)) {
        throw new TypeError(`append() got ${typeof n}; render must create nodes explicitly`);
      }
      this.childNodes.push(n);
    }
  }
  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }
  addEventListener(type, fn) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  click() {
    for (const fn of this.listeners.get('click') ?? []) fn({ type: 'click' });
  }
  get textContent() {
    return this.childNodes.map((n) => n.textContent).join('');
  }
  set innerHTML(_) {
    throw new Error('innerHTML used');
  }
  set outerHTML(_) {
    throw new Error('outerHTML used');
  }
  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML used');
  }
  get children() {
    return this.childNodes.filter((n) => n instanceof FakeElement);
  }
  /** Depth-first list of descendant elements matching a predicate. */
  findAll(predicate) {
    const out = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (predicate(child)) out.push(child);
        walk(child);
      }
    };
    walk(this);
    return out;
  }
  find(predicate) {
    return this.findAll(predicate)[0] ?? null;
  }
}

export function fakeDocument() {
  const doc = {
    createElement: (tag) => new FakeElement(doc, tag),
    createTextNode: (data) => new FakeText(data),
  };
  return doc;
}

export const byAttr = (name, value) => (e) =>
  value === undefined ? e.getAttribute(name) !== null : e.getAttribute(name) === value;
export const byTag = (tag) => (e) => e.tagName === tag.toUpperCase();
