/** How a client names the sign-in it continues: the pending session (stateful) or the sealed flow (stateless). */
export type FlowReference = { readonly sessionId: string } | { readonly preAuthToken: string };
