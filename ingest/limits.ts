// Size limits shared by every way a file arrives (browser upload, inbox, CLI): one number, one message.
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
