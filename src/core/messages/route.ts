import type { MessageGroup } from './types.ts';

export const routeMessages: MessageGroup = {};
