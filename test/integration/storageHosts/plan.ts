/** What the two-window run does, shared by the suite in each host and the runner (no vscode here). */
export const REQUESTS = 25;
export const WINDOWS = 2;

/** What one window counted once it had read every record (`<folder>.report.json` in the shared folder). */
export interface WindowReport {
  model: string;
  /** Records in the log, by model, as this window read them at the end. */
  byModel: Record<string, number>;
  /** Requests this window sent that ended `done`. */
  done: number;
}

/** The crash rounds: what a writer had saved for sure when it was killed (`progress.json`, replaced atomically). */
export interface CrashProgress {
  /** The extension host's process id, for the runner's SIGKILL. */
  pid: number;
  /** Messages of the conversation whose save had completed. */
  saved: number;
  /** Usage records whose append had completed. */
  appended: number;
}

/** What a writer found when it started (`start-<n>.json`): what the previous round left. */
export interface CrashStart {
  /** Messages of the crash conversation as loaded (0 when there was none). */
  loaded: number;
  /** Conversation files set aside as damaged by the load. */
  damaged: string[];
  /** Usage records read from the log. */
  records: number;
}

export const CRASH_TITLE = "crash test";
