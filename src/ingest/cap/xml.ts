// Bytes → a small element tree, safely. CAP never needs a DTD, so any DOCTYPE is refused before
// anything could be expanded (XXE, billion laughs); only the five predefined entities and
// character references are known to the parser; size, depth, element count and text length are
// bounded so a hostile file costs little. The first problem stops the read: a document that is not
// well-formed has no meaningful second error.
import { SaxesParser } from 'saxes';
import { makeIssue, type Issue } from '../../core/issues.ts';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
  maxTextChars: number;
}

/** 8 MB: the largest real alert in the corpus (NWS, 212 polygons) is 1.7 MB. */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 8 * 1024 * 1024, maxDepth: 40, maxElements: 200_000, maxTextChars: 4 * 1024 * 1024 };

export function xmlLimits(): XmlLimits {
  const env = Number(process.env.KARAVAN_MAX_ALERT_BYTES);
  return Number.isInteger(env) && env > 0 ? { ...DEFAULT_XML_LIMITS, maxBytes: env } : DEFAULT_XML_LIMITS;
}

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; issue: Issue };

class Stop extends Error {
  constructor(readonly issue: Issue) {
    super(issue.code);
  }
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'us-ascii': 'utf-8', ascii: 'utf-8',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1', 'iso8859-1': 'latin1', latin1: 'latin1', 'latin-1': 'latin1',
  'windows-1252': 'windows-1252', 'cp1252': 'windows-1252', 'windows-1251': 'windows-1251', 'cp1251': 'windows-1251',
};

/** Decodes by BOM, then by the XML declaration's encoding; UTF-8 when neither says. */
export function decodeXml(bytes: Uint8Array, file: string): { text: string } | { issue: Issue } {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head);
    if (m) {
      const named = ENCODINGS[m[1].toLowerCase()];
      if (!named) return { issue: makeIssue('CAP_ENCODING', { file, line: 1 }, { value: m[1] }) };
      label = named;
    }
  }
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { issue: makeIssue('FILE_NOT_UTF8', { file }, { offset: firstBadUtf8(bytes) }) };
  }
}

/** Offset of the first byte that breaks UTF-8 (for the message); -1 when none does. */
export function firstBadUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

export function looksLikeXml(text: string): boolean {
  return /^\s*</.test(text);
}

export function parseXml(bytes: Uint8Array, file: string, limits: XmlLimits = xmlLimits()): XmlResult {
  if (bytes.length > limits.maxBytes) return { ok: false, issue: makeIssue('CAP_TOO_LARGE', { file }, { bytes: bytes.length, limit: limits.maxBytes }) };
  const dec = decodeXml(bytes, file);
  if ('issue' in dec) return { ok: false, issue: dec.issue };
  const text = dec.text;
  if (!looksLikeXml(text)) return { ok: false, issue: makeIssue('CAP_NOT_XML', { file, line: 1 }, { value: text.trim().slice(0, 20) }) };

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  const stop = (code: string, params: Record<string, unknown> = {}, element?: string): never => {
    throw new Stop(makeIssue(code, { file, line: parser.line, element }, params));
  };
  parser.on('doctype', () => stop('CAP_XML_DOCTYPE'));
  parser.on('error', (err) => {
    const msg = err.message.replace(/^[^:]*:\d+:\d+: /, '');
    if (/undefined entity/i.test(msg)) {
      // saxes does not name the entity: find the first one that is not predefined
      const name = /&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)([^\s;&<]{1,40});/.exec(text)?.[1];
      stop('CAP_XML_ENTITY', { value: name ? `&${name};` : msg });
    }
    stop('CAP_XML_MALFORMED', { reason: msg });
  });
  parser.on('opentag', (tag) => {
    if (++elements > limits.maxElements) stop('CAP_XML_ELEMENTS', { limit: limits.maxElements });
    if (stack.length + 1 > limits.maxDepth) stop('CAP_XML_DEPTH', { depth: stack.length + 1, limit: limits.maxDepth });
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attrs[a.local] = a.value;
    const el: XmlElement = { name: tag.local, ns: tag.uri, attrs, children: [], text: '', line: parser.line };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.text.length + t.length > limits.maxTextChars) stop('CAP_XML_TEXT', { limit: limits.maxTextChars }, top.name);
    top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof Stop) return { ok: false, issue: e.issue };
    return { ok: false, issue: makeIssue('CAP_XML_MALFORMED', { file, line: parser.line }, { reason: e instanceof Error ? e.message : String(e) }) };
  }
  if (!root) return { ok: false, issue: makeIssue('CAP_NOT_XML', { file, line: 1 }, { value: text.trim().slice(0, 20) }) };
  return { ok: true, root };
}

export function childrenNamed(el: XmlElement, name: string, ns = el.ns): XmlElement[] {
  return el.children.filter((c) => c.name === name && c.ns === ns);
}

export function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : el.text.trim();
}
