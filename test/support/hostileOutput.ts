/**
 * Model output of hostile or degenerate shapes, shared by the tests and the benchmarks.
 * The "freeze" rows: markdown-it's own pathological inputs, of the shape a model in a repetition
 * loop emits; before the render bounds they blocked a view's main thread for 4–14 s (issue 16).
 */
export const FREEZE_INPUTS: readonly { name: string; text: string }[] = [
  { name: "120 KB of '*' around one letter", text: "*".repeat(60000) + "a" + "*".repeat(60000) },
  { name: "160 KB of alternating emphasis", text: "*a ".repeat(20000) + "_a*_ ".repeat(20000) },
  { name: "70 KB of nested emphasis", text: "*a **a ".repeat(5000) + "b" + " a** a*".repeat(5000) },
  { name: "700 KB paragraph with NULs", text: "abc\u0000de\u0000".repeat(100000) },
];
