import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = [
  ['j', 'keys.next'],
  ['k', 'keys.prev'],
  ['Enter / o', 'keys.open'],
  ['/', 'keys.search'],
  ['c', 'keys.newCall'],
  ['t', 'keys.take'],
  ['r', 'keys.reply'],
  ['n', 'keys.note'],
  ['x', 'keys.resolve'],
  ['u / Esc', 'keys.back'],
  ['?', 'keys.help'],
] as const;

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby="keys-title" onClose={onClose}>
      <h2 id="keys-title">{t('keys.title')}</h2>
      <table className="keys">
        <tbody>
          {KEYS.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>
        {t('keys.close')}
      </button>
    </dialog>
  );
}
