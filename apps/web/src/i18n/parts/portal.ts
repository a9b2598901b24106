import type { Widen } from '../widen';

/**
 * The citizens' side as the staff see it (issue 20): revoking a ticket's personal follow links.
 * In its own file, merged into it.ts and en.ts under `portalX`.
 */
export const portalIt = {
  followLinks: {
    title: 'Link del cittadino',
    hint: 'Il cittadino segue la richiesta con il link personale ricevuto nelle nostre e-mail.',
    revoke: 'Revoca i link del cittadino',
    confirmTitle: 'Revocare i link del cittadino per la richiesta {{number}}?',
    confirmText:
      'I link mandati finora al cittadino smetteranno subito di funzionare. Le prossime e-mail (risposte, conferme) porteranno un link nuovo. Usalo se un link è finito alla persona sbagliata.',
    confirm: 'Revoca i link',
    cancel: 'Annulla',
    done: 'Link revocati: quelli mandati finora non funzionano più; le prossime e-mail al cittadino ne porteranno uno nuovo.',
  },
};

export const portalEn: Widen<typeof portalIt> = {
  followLinks: {
    title: 'Citizen’s links',
    hint: 'The citizen follows the request with the personal link in our e-mails.',
    revoke: 'Revoke the citizen’s links',
    confirmTitle: 'Revoke the citizen’s links for request {{number}}?',
    confirmText:
      'The links sent to the citizen so far will stop working at once. The next e-mails (answers, acknowledgements) will carry a new link. Use this when a link reached the wrong person.',
    confirm: 'Revoke the links',
    cancel: 'Cancel',
    done: 'Links revoked: the ones sent so far no longer work; the next e-mails to the citizen will carry a new one.',
  },
};
