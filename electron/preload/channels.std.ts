/** IPC channel names shared by the preload and main; nothing else crosses IPC. */
export const RPC_CALL_CHANNEL = 'outpost:call';
export const RPC_EVENT_CHANNEL = 'outpost:event';
