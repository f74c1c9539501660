// Every message group of the project, by the stage that raises it. Add a group here when a stage
// gets its own codes; a code must be unique across groups.
import type { MessageGroup } from './types.ts';
import { ingestMessages } from './ingest.ts';
import { usageMessages } from './usage.ts';
import { capMessages } from './cap.ts';
import { routeMessages } from './route.ts';
import { assignMessages } from './assign.ts';

export type { MessageDef, MessageGroup } from './types.ts';

export const MESSAGE_GROUPS: Record<string, MessageGroup> = {
  ingest: ingestMessages,
  usage: usageMessages,
  cap: capMessages,
  route: routeMessages,
  assign: assignMessages,
};
