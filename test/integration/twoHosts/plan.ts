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
