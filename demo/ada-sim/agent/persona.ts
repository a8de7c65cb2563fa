/** The simulated human agent who takes over on handoff. */
export interface HumanAgent {
  display_name: string;
  avatar: string;
  /** Short name used in presence notices. */
  firstName: string;
}

/** `handoff_integration` while the simulated human agent has the conversation. */
export const HANDOFF_INTEGRATION = 'parley-sim-handoff';

/** Grace, the Lovelace support agent. Her avatar is served by the demo site. */
export function humanAgent(siteUrl: string): HumanAgent {
  return { display_name: 'Grace from Lovelace', avatar: `${siteUrl}/avatars/grace.svg`, firstName: 'Grace' };
}
