/** The ids the manifest gives our webviews; activation registers them before the views' code loads. */
export const CHAT_VIEW_ID = "falRouter.chat";
export const RESULT_PANEL_ID = "falRouter.result";
