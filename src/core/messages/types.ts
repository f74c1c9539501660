export interface MessageDef {
  severity: 'error' | 'warning';
  en: string;
  ru: string;
}
export type MessageGroup = Record<string, MessageDef>;
