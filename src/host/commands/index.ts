import { clearApiKey } from "./clearApiKey";
import { addSelectionToChat } from "./addSelectionToChat";
import { chatHistory } from "./chatHistory";
import { chooseActionModel } from "./chooseActionModel";
import type { CommandModule } from "./context";
import { compareModels, exportComparison, openComparison } from "./compareModels";
import { customPrompt } from "./customPrompt";
import { explainSelection } from "./explainSelection";
import { rewriteSelection } from "./rewriteSelection";
import { acceptAllChanges, acceptChange, rejectAllChanges, rejectChange, retryRewrite } from "./proposalChanges";
import { exportChat } from "./exportChat";
import { exportUsage } from "./exportUsage";
import { focusChat } from "./focusChat";
import { getStarted } from "./getStarted";
import { addImageToChat, explainImage } from "./images";
import { newChat } from "./newChat";
import { refreshCatalog } from "./refreshCatalog";
import { addDocumentation, findBugs, reviewSelection, runPrompt, writeTests } from "./runPrompt";
import { setApiKey } from "./setApiKey";
import { showLog } from "./showLog";
import { showResult } from "./showResult";
import { showUsage } from "./showUsage";
import { switchModel } from "./switchModel";
import { stop } from "./stop";

/** Every command the manifest contributes; a unit test checks the two lists match. */
export const COMMANDS: Record<string, CommandModule> = {
  "falRouter.setApiKey": setApiKey,
  "falRouter.clearApiKey": clearApiKey,
  "falRouter.explainSelection": explainSelection,
  "falRouter.rewriteSelection": rewriteSelection,
  "falRouter.acceptChange": acceptChange,
  "falRouter.rejectChange": rejectChange,
  "falRouter.acceptAllChanges": acceptAllChanges,
  "falRouter.rejectAllChanges": rejectAllChanges,
  "falRouter.retryRewrite": retryRewrite,
  "falRouter.customPrompt": customPrompt,
  "falRouter.runPrompt": runPrompt,
  "falRouter.addDocumentation": addDocumentation,
  "falRouter.writeTests": writeTests,
  "falRouter.findBugs": findBugs,
  "falRouter.reviewSelection": reviewSelection,
  "falRouter.compareModels": compareModels,
  "falRouter.openComparison": openComparison,
  "falRouter.exportComparison": exportComparison,
  "falRouter.stop": stop,
  "falRouter.showLog": showLog,
  "falRouter.showResult": showResult,
  "falRouter.switchModel": switchModel,
  "falRouter.chooseActionModel": chooseActionModel,
  "falRouter.refreshCatalog": refreshCatalog,
  "falRouter.showUsage": showUsage,
  "falRouter.exportUsage": exportUsage,
  "falRouter.focusChat": focusChat,
  "falRouter.newChat": newChat,
  "falRouter.addSelectionToChat": addSelectionToChat,
  "falRouter.addImageToChat": addImageToChat,
  "falRouter.explainImage": explainImage,
  "falRouter.chatHistory": chatHistory,
  "falRouter.exportChat": exportChat,
  "falRouter.getStarted": getStarted,
};
