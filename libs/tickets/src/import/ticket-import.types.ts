import type { TicketChannel, TicketDifficulty, TicketStatus } from '../entities';

/** One thing wrong with the file: where (line 1 is the header) and why, in Italian and English. */
export interface ImportProblem {
  line: number;
  column: string;
  reason: string;
}

export interface ImportRequester {
  name: string;
  email: string | null;
  phone: string | null;
}

/** A valid row of the previous system's export, normalised (trimmed, typed, instants parsed). */
export interface ImportRow {
  /** Physical line where the record starts (a quoted field may span several lines). */
  line: number;
  number: string;
  channel: TicketChannel;
  status: TicketStatus;
  receivedAt: Date;
  /** An ente code or name, as written in the file. */
  ente: string;
  /** Null only for a monitoring alert with no requester columns filled. */
  requester: ImportRequester | null;
  subject: string;
  /**
   * When the ticket was taken in charge. A resolved row without it was taken in charge by its
   * first answer or resolution, as the workflow does (`takenImplicitly`).
   */
  takenInChargeAt: Date | null;
  takenImplicitly: boolean;
  firstAnsweredAt: Date | null;
  resolvedAt: Date | null;
  difficulty: TicketDifficulty | null;
  redirectedTo: string | null;
}

export interface ParsedTicketCsv {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** Data records in the file, valid or not. */
  records: number;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Called after each committed batch with the rows handled so far (skipped ones included). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  dryRun: boolean;
  /** Data records in the file. */
  total: number;
  /** Tickets written; in a dry run, the tickets that would be written. */
  imported: number;
  /** Rows whose number is already in the help desk (an earlier run of the same import). */
  skippedExisting: number;
  /** Any problem means nothing was written. */
  problems: ImportProblem[];
  /** Names of the entes created (in a dry run: that would be created). */
  createdEntes: string[];
}
