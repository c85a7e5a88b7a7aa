// Names shared by the service worker and the pages (must match manifest.json "commands").
export const COMMAND_NAME = 'fact-check-selection';
export const MENU_ID = 'fact-check-selection';
