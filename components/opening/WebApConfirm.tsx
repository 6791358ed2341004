import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { OriginalLine } from './OpeningPage';

/**
 * A `web+ap://` link that an https link to the same address would not send home by itself: the person says whether
 * to open it on their server (a page's script may have followed it, not the person).
 */
export function WebApConfirm(props: {
  address: string;
  server: string;
  onOpen: () => void;
  onOriginal: () => void;
}) {
  const primary = useRef<HTMLButtonElement>(null);
  useEffect(() => primary.current?.focus(), []);
  return (
    <section class="opening">
      <div role="status" aria-live="polite">
        <h1>{t('webAp_confirm', { server: props.server })}</h1>
      </div>
      <OriginalLine address={props.address} />
      <div class="actions">
        <button type="button" class="primary" ref={primary} onClick={props.onOpen}>
          {t('menu_openOn', { server: props.server })}
        </button>
        <button type="button" class="quiet" onClick={props.onOriginal}>
          {t('opening_viewOriginal')}
        </button>
      </div>
    </section>
  );
}
