// A breadth-first walk over every JS value reachable from some roots, the way Python holding a JsProxy can
// reach them: own properties (string and symbol keys), every getter on the prototype chain called with the
// object itself as receiver (what `proxy.name` does), prototypes, and the entries of Maps and Sets (a JsProxy
// of a Map or Set is iterable from Python). It reports a path to each value for which `classify` names a
// danger. Runs inside the realm under test (a worker thread), with its built-ins captured before any scrub.

/** Built-ins the walk itself uses, captured before the realm is scrubbed (a scrub may hide some of them). */
const { getPrototypeOf, getOwnPropertyDescriptor } = Object;
const { ownKeys } = Reflect;
const isView = ArrayBuffer.isView;
const promiseThen = Promise.prototype.then;
const isPromise = (value: object): value is Promise<unknown> => value instanceof Promise;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const isMap = (value: object): value is Map<unknown, unknown> => { try { Map.prototype.has.call(value, undefined); return true; } catch { return false; } };
const isSet = (value: object): value is Set<unknown> => { try { Set.prototype.has.call(value, undefined); return true; } catch { return false; } };

export interface Finding {
  /** What the value is, e.g. "Function" or "node:vm". */
  danger: string;
  /** A path from a root, e.g. `pyodide._module.FS.constructor` (the first found is a shortest one). */
  path: string;
}

export interface WalkOptions {
  roots: Record<string, unknown>;
  /** The name of the danger a value is, or null when it is harmless. */
  classify: (value: unknown) => string | null;
  /** Values not to look inside (reported if dangerous, but their properties are not followed), e.g. PyProxies. */
  isOpaque?: (value: object) => boolean;
  /** Stop after visiting this many objects (a guard against a runaway graph). Default: 500 000. */
  maxObjects?: number;
}

export interface WalkResult {
  findings: Finding[];
  visited: number;
}

const MAX_KEYS_PER_OBJECT = 20_000;
const MAX_PATHS_PER_DANGER = 100;
const MAX_CONSTRUCTOR_PATHS_PER_DANGER = 5;

function describeKey(key: string | symbol): string {
  if (typeof key === "symbol") return `[${String(key)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Every key of the object and of its prototypes, once each (typed arrays: named keys only, never indices). */
function keysAlongChain(object: object): Array<string | symbol> {
  const keys = new Set<string | symbol>();
  for (let current: object | null = object; current !== null; current = getPrototypeOf(current) as object | null) {
    const own = isView(current) ? [] : ownKeys(current);
    for (const key of own.slice(0, MAX_KEYS_PER_OBJECT)) keys.add(key);
  }
  return [...keys];
}

export function walkJsGraph({ roots, classify, isOpaque = () => false, maxObjects = 500_000 }: WalkOptions): WalkResult {
  const paths = new Map<unknown, string>();
  const queue: object[] = [];
  const findings: Finding[] = [];
  const dangerOf = new Map<unknown, string>();
  const reach = (value: unknown, path: string) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
    if (paths.has(value)) {
      // A second route to a dangerous value is a second thing to close: report it too (a few per value).
      // `<any function>.constructor` is one route (the prototype's constructor) however many functions lead to
      // it: a few of those are enough.
      const danger = dangerOf.get(value);
      if (!danger || findings.some((finding) => finding.path === path)) return;
      const same = findings.filter((finding) => finding.danger === danger);
      const limit = path.endsWith(".constructor") ? MAX_CONSTRUCTOR_PATHS_PER_DANGER : MAX_PATHS_PER_DANGER;
      if (same.filter((finding) => finding.path.endsWith(".constructor") === path.endsWith(".constructor")).length < limit) findings.push({ danger, path });
      return;
    }
    paths.set(value, path);
    // A getter may hand out a rejected promise: left unhandled, it would end the worker.
    if (isPromise(value)) promiseThen.call(value, undefined, () => {});
    const danger = classify(value);
    if (danger) {
      dangerOf.set(value, danger);
      findings.push({ danger, path });
    }
    if (!isOpaque(value)) queue.push(value);
  };
  for (const [name, root] of Object.entries(roots)) reach(root, name);

  let visited = 0;
  while (queue.length > 0 && visited < maxObjects) {
    const object = queue.shift()!;
    visited += 1;
    const path = paths.get(object)!;
    let prototype: unknown = null;
    try { prototype = getPrototypeOf(object); } catch { /* a Proxy's trap may throw */ }
    reach(prototype, `${path}.[[Prototype]]`);
    let ownKeyList: Array<string | symbol> = [];
    try { ownKeyList = isView(object) ? [] : ownKeys(object).slice(0, MAX_KEYS_PER_OBJECT); } catch { /* a Proxy's trap may throw */ }
    for (const key of ownKeyList) {
      let descriptor: PropertyDescriptor | undefined;
      try { descriptor = getOwnPropertyDescriptor(object, key); } catch { continue; }
      if (!descriptor) continue;
      if ("value" in descriptor) reach(descriptor.value, `${path}${describeKey(key)}`);
      reach(descriptor.get, `${path}{get ${String(key)}}`);
      reach(descriptor.set, `${path}{set ${String(key)}}`);
    }
    // What a getter returns for this very object (inherited accessors included, e.g. Module.HEAPU8, __proto__).
    let chainKeys: Array<string | symbol> = [];
    try { chainKeys = keysAlongChain(object); } catch { /* a Proxy's trap may throw */ }
    for (const key of chainKeys) {
      let value: unknown;
      try { value = Reflect.get(object, key); } catch { continue; }
      reach(value, `${path}${describeKey(key)}`);
    }
    if (isMap(object)) {
      let index = 0;
      for (const [key, value] of mapEntries.call(object)) {
        reach(key, `${path}.<map key ${index}>`);
        reach(value, `${path}.<map value ${index}>`);
        index += 1;
      }
    } else if (isSet(object)) {
      let index = 0;
      for (const value of setValues.call(object)) reach(value, `${path}.<set value ${index++}>`);
    }
  }
  return { findings, visited };
}
