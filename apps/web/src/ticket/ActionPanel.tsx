import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, uploadFile } from '../api/client';
import { LIMITS } from '../api/limits';
import { useAssignableUsers, useCategories, useEntes } from '../api/queries/reference.queries';
import { useAnswerTemplates } from '../api/queries/template.queries';
import type { Attachment, Ticket } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorLine } from '../layout/ErrorLine';
import { MoveTeamForm } from '../teams/MoveTeamForm';
import { fillAnswer } from './answer';
import { draftKey, dropDraft, useDraft } from './drafts';

export type Panel =
  'reply' | 'note' | 'referentNote' | 'resolve' | 'wait' | 'reopen' | 'assign' | 'edit' | 'team' | null;

interface Props {
  panel: Exclude<Panel, null>;
  ticket: Ticket;
  busy: boolean;
  run(path: string, body?: Record<string, unknown>, method?: 'PATCH'): Promise<unknown>;
  close(): void;
  onComposing(composing: boolean): void;
}

/** The form of the action the agent opened: one at a time, below the action bar. */
export function ActionPanel(props: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  const draft = draftKey(me?.id ?? '', props.ticket.id, props.panel);
  const [blank, setBlank] = useState(false);
  // Another action opened: its form starts without the previous one's warning.
  const [panel, setPanel] = useState(props.panel);
  if (panel !== props.panel) {
    setPanel(props.panel);
    setBlank(false);
  }
  const submitWith: SubmitWith = (path, body, method, required = []) => {
    return async (e: FormEvent) => {
      e.preventDefault();
      // Only spaces say nothing, and the api refuses them (issue 16.8): said here before sending.
      const empty = required.some((field) => String(body[field] ?? '').trim() === '');
      setBlank(empty);
      if (empty) return;
      try {
        await props.run(path, body, method);
        dropDraft(draft); // sent: the draft has done its job
        props.close();
      } catch {
        // Refused (409, 400): the page shows why above; the form stays open with what was typed.
      }
    };
  };
  return (
    <>
      <PanelForm {...props} key={draft} draft={draft} submitWith={submitWith} />
      {blank && (
        <p role="alert" className="error">
          {t('action.blank')}
        </p>
      )}
    </>
  );
}

/**
 * The actions that are one text: where each goes and which field carries it. A referent's note
 * goes to the same route (the api records it as the kind their ente sees) and keeps no draft.
 */
const TEXT_FORMS = {
  note: { path: '/notes', field: 'body', keepsDraft: true, optional: false, max: LIMITS.NoteDto.body },
  referentNote: {
    path: '/notes',
    field: 'body',
    keepsDraft: false,
    optional: false,
    max: LIMITS.NoteDto.body,
  },
  wait: { path: '/wait', field: 'reason', keepsDraft: true, optional: true, max: LIMITS.WaitDto.reason },
  reopen: {
    path: '/reopen',
    field: 'reason',
    keepsDraft: true,
    optional: false,
    max: LIMITS.ReopenDto.reason,
  },
} as const;

function PanelForm({
  panel,
  ticket,
  busy,
  close,
  onComposing,
  submitWith,
  draft,
}: Props & { submitWith: SubmitWith; draft: string }) {
  switch (panel) {
    case 'reply':
      return (
        <ReplyForm
          draft={draft}
          ticket={ticket}
          busy={busy}
          submitWith={submitWith}
          close={close}
          onComposing={onComposing}
        />
      );
    case 'note':
    case 'referentNote':
    case 'wait':
    case 'reopen': {
      const form = TEXT_FORMS[panel];
      return (
        <TextForm
          name={panel}
          path={form.path}
          field={form.field}
          draft={form.keepsDraft ? draft : undefined}
          busy={busy}
          submitWith={submitWith}
          close={close}
          optional={form.optional}
          maxLength={form.max}
        />
      );
    }
    case 'resolve':
      return <ResolveForm draft={draft} busy={busy} submitWith={submitWith} close={close} />;
    case 'assign':
      return <AssignForm ticket={ticket} busy={busy} submitWith={submitWith} close={close} />;
    case 'edit':
      return <EditForm ticket={ticket} busy={busy} submitWith={submitWith} close={close} />;
    case 'team':
      return (
        <MoveTeamForm
          ticket={ticket}
          draft={draft}
          submitWith={submitWith}
          buttons={(label, dirty) => (
            <Buttons busy={busy} close={close} label={label} draft={draft} dirty={dirty} />
          )}
        />
      );
  }
}

/** Builds a form's submit handler; `required` names the text fields that must not be blank. */
type SubmitWith = (
  path: string,
  body: Record<string, unknown>,
  method?: 'PATCH',
  required?: string[],
) => (e: FormEvent) => Promise<void>;

function Buttons({
  busy,
  close,
  label,
  draft,
  dirty = false,
}: {
  busy: boolean;
  close(): void;
  label: string;
  /** The form's draft key, when it keeps one: "cancel" then asks before throwing the text away. */
  draft?: string;
  dirty?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const discard = () => {
    if (draft) dropDraft(draft);
    close();
  };
  return (
    <>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {label}
        </button>
        <button type="button" onClick={() => (dirty ? setAsking(true) : discard())}>
          {t('action.cancel')}
        </button>
      </div>
      {asking && (
        <div className="confirm" role="alertdialog" aria-label={t('action.discardTitle')}>
          <p>{t('action.discardQuestion')}</p>
          <div className="form-buttons">
            <button type="button" autoFocus onClick={() => setAsking(false)}>
              {t('action.keepWriting')}
            </button>
            <button type="button" onClick={discard}>
              {t('action.discard')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}

const LABELS = {
  note: { title: 'action.note', field: 'action.note', submit: 'action.save' },
  referentNote: { title: 'action.referentNote', field: 'action.referentNote', submit: 'action.save' },
  wait: { title: 'action.wait', field: 'action.waitReason', submit: 'action.wait' },
  reopen: { title: 'action.reopen', field: 'action.reopenReason', submit: 'action.reopen' },
} as const;

function TextForm(props: {
  name: keyof typeof LABELS;
  maxLength: number;
  path: string;
  field: string;
  draft?: string;
  busy: boolean;
  submitWith: SubmitWith;
  close(): void;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useDraft(props.draft ?? '', { text: '' });
  const text = draft.text;
  const labels = LABELS[props.name];
  const body = props.optional && !text.trim() ? {} : { [props.field]: text };
  return (
    <form
      className="panel"
      aria-label={t(labels.title)}
      onSubmit={props.submitWith(props.path, body, undefined, props.optional ? [] : [props.field])}
    >
      <label>
        {t(labels.field)}
        <textarea
          autoFocus
          rows={4}
          maxLength={props.maxLength}
          value={text}
          required={!props.optional}
          onChange={(e) => setDraft({ text: e.target.value })}
        />
      </label>
      <Buttons
        busy={props.busy}
        close={props.close}
        label={t(labels.submit)}
        draft={props.draft}
        dirty={text.trim() !== ''}
      />
    </form>
  );
}

function ReplyForm({
  draft: key,
  ticket,
  busy,
  submitWith,
  close,
  onComposing,
}: {
  draft: string;
  ticket: Ticket;
  busy: boolean;
  submitWith: SubmitWith;
  close(): void;
  onComposing(composing: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useDraft(key, {
    via: ticket.requester?.email && ticket.channel !== 'phone' ? 'email' : 'phone',
    body: '',
    cc: '',
  });
  const via = draft.via === 'email' ? 'email' : 'phone';
  const { body, cc } = draft;
  const setVia = (value: 'email' | 'phone') => setDraft({ via: value });
  const setBody = (value: string) => setDraft({ body: value });
  const setCc = (value: string) => setDraft({ cc: value });
  const templates = useAnswerTemplates();
  const language = i18n.language === 'en' ? 'en' : 'it';
  const answers = (templates.data ?? []).filter((a) => a.language === language);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  async function upload(list: FileList | null) {
    if (!list) return;
    setUploading(true);
    setUploadError(null);
    try {
      for (const file of Array.from(list)) {
        const saved = await uploadFile<Attachment>(`/api/tickets/${ticket.id}/attachments`, file);
        setFiles((current) => [...current, saved]);
      }
    } catch (e) {
      setUploadError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  }
  const ccList = cc
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <form
      className="panel composer"
      aria-label={t('action.reply')}
      onSubmit={submitWith(
        '/reply',
        {
          via,
          body,
          ...(via === 'email' && ccList.length ? { cc: ccList } : {}),
          ...(via === 'email' && files.length ? { attachmentIds: files.map((f) => f.id) } : {}),
        },
        undefined,
        ['body'],
      )}
    >
      <fieldset className="inline">
        <legend className="sr-only">{t('action.reply')}</legend>
        <label>
          <input
            type="radio"
            name="via"
            checked={via === 'email'}
            disabled={!ticket.requester?.email}
            onChange={() => setVia('email')}
          />
          {t('action.replyEmail')}
        </label>
        <label>
          <input type="radio" name="via" checked={via === 'phone'} onChange={() => setVia('phone')} />
          {t('action.replyPhone')}
        </label>
      </fieldset>
      <label>
        {t('action.template')}
        <select
          defaultValue=""
          onChange={(e) => {
            const answer = answers.find((a) => a.code === e.target.value);
            if (answer) setBody(fillAnswer(answer.body, ticket));
          }}
        >
          <option value="">{t('action.noTemplate')}</option>
          {answers.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('action.body')}
        <textarea
          autoFocus
          rows={8}
          required
          maxLength={LIMITS.ReplyDto.body}
          value={body}
          onFocus={() => onComposing(true)}
          onBlur={() => onComposing(false)}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      {via === 'email' && (
        <label>
          {t('action.cc')}
          <input type="text" value={cc} onChange={(e) => setCc(e.target.value)} />
        </label>
      )}
      {via === 'email' && (
        <div className="files">
          <label>
            {t('action.attach')}
            <input type="file" multiple disabled={uploading} onChange={(e) => void upload(e.target.files)} />
          </label>
          <ErrorLine error={uploadError} />
          <ul aria-label={t('ticket.attachments')}>
            {files.map((f) => (
              <li key={f.id}>
                {f.filename}{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={`${t('action.cancel')}: ${f.filename}`}
                  onClick={() => setFiles((current) => current.filter((x) => x.id !== f.id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Buttons
        busy={busy || uploading}
        close={close}
        label={t('action.send')}
        draft={key}
        dirty={body.trim() !== '' || cc.trim() !== ''}
      />
    </form>
  );
}

function ResolveForm({
  draft: key,
  busy,
  submitWith,
  close,
}: {
  draft: string;
  busy: boolean;
  submitWith: SubmitWith;
  close(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useDraft(key, { resolution: '', notCompetent: '', redirectedTo: '' });
  const { resolution, redirectedTo } = draft;
  const notCompetent = draft.notCompetent === 'yes';
  const setResolution = (value: string) => setDraft({ resolution: value });
  const setNotCompetent = (value: boolean) => setDraft({ notCompetent: value ? 'yes' : '' });
  const setRedirectedTo = (value: string) => setDraft({ redirectedTo: value });
  return (
    <form
      className="panel"
      aria-label={t('action.resolve')}
      onSubmit={submitWith(
        '/resolve',
        { resolution, ...(notCompetent ? { notCompetent, redirectedTo } : {}) },
        undefined,
        notCompetent ? ['resolution', 'redirectedTo'] : ['resolution'],
      )}
    >
      <label>
        {t('action.resolution')}
        <textarea
          autoFocus
          rows={4}
          required
          maxLength={LIMITS.ResolveDto.resolution}
          value={resolution}
          onChange={(e) => setResolution(e.target.value)}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={notCompetent} onChange={(e) => setNotCompetent(e.target.checked)} />
        {t('action.notCompetent')}
      </label>
      {notCompetent && (
        <label>
          {t('action.redirectedTo')}
          <input
            type="text"
            required
            value={redirectedTo}
            onChange={(e) => setRedirectedTo(e.target.value)}
          />
        </label>
      )}
      <Buttons
        busy={busy}
        close={close}
        label={t('action.resolve')}
        draft={key}
        dirty={resolution.trim() !== '' || redirectedTo.trim() !== ''}
      />
    </form>
  );
}

function AssignForm({
  ticket,
  busy,
  submitWith,
  close,
}: {
  ticket: Ticket;
  busy: boolean;
  submitWith: SubmitWith;
  close(): void;
}) {
  const { t } = useTranslation();
  const users = useAssignableUsers();
  const [assigneeId, setAssigneeId] = useState(ticket.assignee?.id ?? '');
  return (
    <form
      className="panel"
      aria-label={t('action.assign')}
      onSubmit={submitWith('/assign', { assigneeId: assigneeId || null })}
    >
      <label>
        {t('action.assignTo')}
        <select autoFocus value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
          <option value="">{t('queue.unassigned')}</option>
          {users.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <Buttons busy={busy} close={close} label={t('action.assign')} />
    </form>
  );
}

function EditForm({
  ticket,
  busy,
  submitWith,
  close,
}: {
  ticket: Ticket;
  busy: boolean;
  submitWith: SubmitWith;
  close(): void;
}) {
  const { t } = useTranslation();
  const entes = useEntes();
  const categories = useCategories();
  const [enteId, setEnteId] = useState(ticket.ente?.id ?? '');
  const [categoryId, setCategoryId] = useState(ticket.category?.id ?? '');
  const [difficulty, setDifficulty] = useState(ticket.difficulty ?? '');
  const body: Record<string, unknown> = {};
  if (enteId && enteId !== ticket.ente?.id) body.enteId = enteId;
  if (categoryId && categoryId !== ticket.category?.id) body.categoryId = categoryId;
  if (difficulty && difficulty !== ticket.difficulty) body.difficulty = difficulty;
  return (
    <form className="panel grid2" aria-label={t('action.edit')} onSubmit={submitWith('', body, 'PATCH')}>
      <label>
        {t('ticket.ente')}
        <select autoFocus value={enteId} onChange={(e) => setEnteId(e.target.value)}>
          <option value="">—</option>
          {entes.data?.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ticket.category')}
        <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="">—</option>
          {categories.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ticket.difficulty')}
        <select value={difficulty} onChange={(e) => setDifficulty(e.target.value)}>
          <option value="">—</option>
          {(['low', 'medium_low', 'medium_high', 'high'] as const).map((d) => (
            <option key={d} value={d}>
              {t(`difficulty.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <Buttons busy={busy} close={close} label={t('action.save')} />
    </form>
  );
}
