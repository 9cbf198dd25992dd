import { outpost } from '../../client/outpostClient.dom.ts';
import { useLoad } from '../clients/useLoad.ts';

/**
 * Whether this vault's replies go to a supervisor before the outbox (the vault setting
 * `repliesNeedReview`, switched under Team exchange → Your card). Null while loading.
 */
export function useRepliesNeedReview(): boolean | null {
  const [settings] = useLoad(() => outpost.call('vault.getSettings', {}), 'settings');
  return settings.status === 'ready' ? settings.data.repliesNeedReview : null;
}
