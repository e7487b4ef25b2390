/** The ids the manifest gives our webviews; activation registers them before the views' code loads. */
export const CHAT_VIEW_ID = "falRouter.chat";
export const RESULT_PANEL_ID = "falRouter.result";
export const COMPARE_PANEL_ID = "falRouter.compare";
/** The two sides of a rewrite's diff: the editable proposal (in memory) and the original it is measured against. */
export const PROPOSAL_SCHEME = "fal-router-proposal";
export const ORIGINAL_SCHEME = "fal-router-original";
