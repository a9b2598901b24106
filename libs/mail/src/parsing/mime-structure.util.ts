import {
  firstHeader,
  parseHeaderBlock,
  parseStructuredHeader,
  type RawHeader,
  type StructuredValue,
} from './header.util';

/**
 * A lightweight MIME tree of the raw message. mailparser decodes content well but flattens the tree;
 * classification (is the delivery-status part ours or inside a forwarded mail?), PEC unwrapping and the
 * repairs before mailparser need the structure with byte offsets.
 */
export interface MimeNode {
  /** The binary string the offsets below refer to (the message itself, or a decoded embedded message). */
  source: string;
  headerStart: number;
  bodyStart: number;
  bodyEnd: number;
  headers: RawHeader[];
  /** Lower-cased 'type/subtype'; invalid values become application/octet-stream. */
  contentType: string;
  contentTypeParams: Record<string, string>;
  disposition: string | null;
  dispositionParams: Record<string, string>;
  transferEncoding: string;
  children: MimeNode[];
  /** For message/rfc822 parts: the enclosed message. */
  embedded: MimeNode | null;
  /** True for nodes that belong to an enclosed message (forwarded or returned mail), not to this one. */
  insideMessage: boolean;
  depth: number;
}

export interface MimeStructure {
  root: MimeNode;
  problems: string[];
  /** The root is multipart but its parts could not be found (no boundary, or it never occurs). */
  rootMultipartUnsplittable: boolean;
}

const MAX_DEPTH = 24;
const MAX_NODES = 5000;
const IDENTITY_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

interface WalkState {
  nodes: number;
  problems: Set<string>;
}

/** Problems of an enclosed (forwarded, returned) message are its own, not this message's. */
function report(state: WalkState, node: MimeNode, problem: string): void {
  if (!node.insideMessage) state.problems.add(problem);
}

export function parseMimeStructure(source: string): MimeStructure {
  const state: WalkState = { nodes: 0, problems: new Set() };
  const root = parseNode(source, 0, source.length, 'text/plain', 0, false, state);
  const rootMultipartUnsplittable =
    root.contentType.startsWith('multipart/') &&
    root.children.length === 0 &&
    !hasDelimiter(source, root.bodyStart, root.bodyEnd, root.contentTypeParams.boundary);
  return { root, problems: [...state.problems], rootMultipartUnsplittable };
}

function parseNode(
  source: string,
  start: number,
  end: number,
  defaultType: string,
  depth: number,
  insideMessage: boolean,
  state: WalkState,
): MimeNode {
  state.nodes++;
  const { headers, bodyStart } = parseHeaderBlock(source, start, end);
  const contentType = contentTypeOf(firstHeader(headers, 'content-type'), defaultType);
  const disposition = firstHeader(headers, 'content-disposition');
  const parsedDisposition: StructuredValue | null = disposition ? parseStructuredHeader(disposition) : null;
  const node: MimeNode = {
    source,
    headerStart: start,
    bodyStart,
    bodyEnd: end,
    headers,
    contentType: contentType.value,
    contentTypeParams: contentType.params,
    disposition: parsedDisposition ? parsedDisposition.value || null : null,
    dispositionParams: parsedDisposition ? parsedDisposition.params : {},
    transferEncoding: (firstHeader(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase(),
    children: [],
    embedded: null,
    insideMessage,
    depth,
  };
  if (contentType.invalid !== undefined) {
    report(
      state,
      node,
      `invalid Content-Type '${contentType.invalid.slice(0, 60)}' treated as application/octet-stream`,
    );
  }
  if (depth >= MAX_DEPTH || state.nodes >= MAX_NODES) {
    if (node.contentType.startsWith('multipart/') || node.contentType === 'message/rfc822') {
      report(state, node, 'MIME structure too deep or too large: nested parts ignored');
    }
    return node;
  }
  if (node.contentType.startsWith('multipart/')) {
    splitMultipart(node, state);
  } else if (node.contentType === 'message/rfc822') {
    if (IDENTITY_ENCODINGS.has(node.transferEncoding)) {
      if (end > bodyStart)
        node.embedded = parseNode(source, bodyStart, end, 'text/plain', depth + 1, true, state);
    } else {
      // An encoded enclosed message gets its own binary string; its offsets refer to that.
      const inner = decodeTransferEncoding(node).toString('latin1');
      if (inner.length > 0)
        node.embedded = parseNode(inner, 0, inner.length, 'text/plain', depth + 1, true, state);
    }
  }
  return node;
}

function contentTypeOf(raw: string | null, defaultType: string): StructuredValue & { invalid?: string } {
  if (!raw) return { value: defaultType, params: {} };
  const parsed = parseStructuredHeader(raw);
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(parsed.value)) {
    return { value: 'application/octet-stream', params: parsed.params, invalid: parsed.value };
  }
  return parsed;
}

function delimiterLines(source: string, start: number, end: number, boundary: string) {
  const delimiter = `--${boundary}`;
  const found: { lineStart: number; lineEnd: number; closing: boolean }[] = [];
  let pos = start;
  while (pos < end) {
    let nl = source.indexOf('\n', pos);
    if (nl === -1 || nl >= end) nl = end;
    if (source.startsWith(delimiter, pos)) {
      const rest = source.slice(pos + delimiter.length, nl).trimEnd();
      if (rest === '' || rest === '--')
        found.push({ lineStart: pos, lineEnd: Math.min(nl + 1, end), closing: rest === '--' });
    }
    pos = nl + 1;
  }
  return found;
}

function hasDelimiter(source: string, start: number, end: number, boundary: string | undefined): boolean {
  return !!boundary && delimiterLines(source, start, end, boundary).length > 0;
}

function splitMultipart(node: MimeNode, state: WalkState): void {
  const boundary = node.contentTypeParams.boundary;
  if (!boundary) {
    report(state, node, `${node.contentType} without boundary parameter`);
    return;
  }
  const lines = delimiterLines(node.source, node.bodyStart, node.bodyEnd, boundary);
  if (lines.length === 0) {
    report(state, node, `${node.contentType} boundary never occurs in the body`);
    return;
  }
  const childType = node.contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  let closed = false;
  for (let i = 0; i < lines.length && !closed; i++) {
    const line = lines[i];
    if (line.closing) {
      closed = true;
      break;
    }
    const next = lines[i + 1];
    // The line break before a delimiter belongs to the delimiter, not to the part.
    const partEnd = next ? stripTrailingNewline(node.source, line.lineEnd, next.lineStart) : node.bodyEnd;
    node.children.push(
      parseNode(node.source, line.lineEnd, partEnd, childType, node.depth + 1, node.insideMessage, state),
    );
  }
  if (!closed) report(state, node, `${node.contentType} not closed (truncated message or broken boundary)`);
}

function stripTrailingNewline(source: string, start: number, end: number): number {
  if (end > start && source[end - 1] === '\n') end--;
  if (end > start && source[end - 1] === '\r') end--;
  return end;
}

/** Depth-first list of a node and its descendants, including enclosed messages. */
export function flattenMime(node: MimeNode): MimeNode[] {
  const out: MimeNode[] = [];
  const visit = (n: MimeNode) => {
    out.push(n);
    n.children.forEach(visit);
    if (n.embedded) visit(n.embedded);
  };
  visit(node);
  return out;
}

/** Decoded bytes of a leaf body; unknown transfer encodings are kept as they are rather than lost. */
export function decodeTransferEncoding(node: MimeNode): Buffer {
  const body = node.source.slice(node.bodyStart, node.bodyEnd);
  if (node.transferEncoding === 'base64') {
    return Buffer.from(body.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  }
  if (node.transferEncoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/** Quoted-printable decoding in one linear pass (regular expressions over blank runs are quadratic). */
export function decodeQuotedPrintable(body: string): Buffer {
  const out = Buffer.alloc(body.length);
  let length = 0;
  const lines = body.split('\n');
  lines.forEach((raw, index) => {
    let end = raw.endsWith('\r') ? raw.length - 1 : raw.length;
    // Trailing blanks are transport padding (RFC 2045 6.7 rule 3).
    while (end > 0 && (raw[end - 1] === ' ' || raw[end - 1] === '\t')) end--;
    const softBreak = end > 0 && raw[end - 1] === '=';
    if (softBreak) end--;
    for (let i = 0; i < end; i++) {
      const ch = raw.charCodeAt(i);
      const hex = ch === 0x3d && i + 2 < end ? raw.slice(i + 1, i + 3) : '';
      if (hex.length === 2 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[length++] = parseInt(hex, 16);
        i += 2;
      } else {
        out[length++] = ch & 0xff;
      }
    }
    if (!softBreak && index < lines.length - 1) {
      out[length++] = 0x0d;
      out[length++] = 0x0a;
    }
  });
  return out.subarray(0, length);
}
