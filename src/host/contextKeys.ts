/** The manifest's walkthrough, as `publisher.name#id`. */
export const WALKTHROUGH = "fal-router-dev.fal-router#falRouter.getStarted";

/**
 * The context keys the walkthrough's steps complete on (host/milestones.ts sets them). No vscode
 * import: a unit test checks the manifest's completion events name exactly these.
 */
export const MILESTONES = {
  keySet: "falRouter.hasKey",
  modelPicked: "falRouter.walkthrough.modelPicked",
  explained: "falRouter.walkthrough.explained",
  asked: "falRouter.walkthrough.asked",
  chatted: "falRouter.walkthrough.chatted",
} as const;
