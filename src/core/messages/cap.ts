import type { MessageGroup } from './types.ts';

export const capMessages: MessageGroup = {};
