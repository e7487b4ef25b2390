// Lint keeps the three worlds apart: core, protocol, shared and webview never import vscode (core
// and protocol never touch the host either; shared, the formatting every side uses, imports nothing), and extension code logs through the LogOutputChannel.
import tseslint from "typescript-eslint";

const noVscode = {
  name: "vscode",
  message: "core/, protocol/ and webview/ must not import vscode: put host code in src/host.",
};

export default tseslint.config(
  { ignores: ["out/**", "dist/**", "node_modules/**", "*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["src/core/**/*.ts", "src/protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["**/host/**", "**/webview/**"], message: "core and protocol depend on nothing above them." }] }],
    },
  },
  {
    files: ["src/shared/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["**/host/**", "**/webview/**", "**/core/**", "**/protocol/**", "node:*"], message: "shared/ is imported by every side and imports nothing." }] }],
    },
  },
  {
    files: ["src/webview/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["**/host/**", "**/core/**", "node:*"], message: "the webview talks to the host only through src/protocol." }] }],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
