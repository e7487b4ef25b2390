/**
 * Every command the manifest contributes, by id: activation registers each one as a stub that
 * loads the workbench (which registers the real handlers from `COMMANDS`) and runs it again. A
 * unit test checks this list, `COMMANDS` and the manifest agree.
 */
export const COMMAND_IDS = [
  "falRouter.setApiKey",
  "falRouter.clearApiKey",
  "falRouter.explainSelection",
  "falRouter.rewriteSelection",
  "falRouter.acceptChange",
  "falRouter.rejectChange",
  "falRouter.acceptAllChanges",
  "falRouter.rejectAllChanges",
  "falRouter.retryRewrite",
  "falRouter.customPrompt",
  "falRouter.runPrompt",
  "falRouter.addDocumentation",
  "falRouter.writeTests",
  "falRouter.findBugs",
  "falRouter.reviewSelection",
  "falRouter.compareModels",
  "falRouter.openComparison",
  "falRouter.exportComparison",
  "falRouter.stop",
  "falRouter.showLog",
  "falRouter.showResult",
  "falRouter.switchModel",
  "falRouter.chooseActionModel",
  "falRouter.refreshCatalog",
  "falRouter.showUsage",
  "falRouter.exportUsage",
  "falRouter.focusChat",
  "falRouter.newChat",
  "falRouter.addSelectionToChat",
  "falRouter.chatHistory",
  "falRouter.exportChat",
  "falRouter.getStarted",
] as const;
