import type { MessageGroup } from './types.ts';

export const assignMessages: MessageGroup = {};
