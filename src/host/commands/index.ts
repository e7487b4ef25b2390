import { clearApiKey } from "./clearApiKey";
import { addSelectionToChat } from "./addSelectionToChat";
import { chatHistory } from "./chatHistory";
import { chooseActionModel } from "./chooseActionModel";
import type { CommandModule } from "./context";
import { customPrompt } from "./customPrompt";
import { explainSelection } from "./explainSelection";
import { rewriteSelection } from "./rewriteSelection";
import { exportChat } from "./exportChat";
import { exportUsage } from "./exportUsage";
import { focusChat } from "./focusChat";
import { getStarted } from "./getStarted";
import { newChat } from "./newChat";
import { refreshCatalog } from "./refreshCatalog";
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
  "falRouter.customPrompt": customPrompt,
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
  "falRouter.chatHistory": chatHistory,
  "falRouter.exportChat": exportChat,
  "falRouter.getStarted": getStarted,
};
