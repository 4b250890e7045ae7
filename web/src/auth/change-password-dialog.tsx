import { useEffect, useId, useState, type FormEvent } from 'react';
import { Modal } from '../components/modal.js';
import { FormField } from '../components/form-field.js';
import { useChangePassword } from './auth-api.js';
import { MIN_PASSWORD_LENGTH, checkPasswordForm, passwordProblemsOf, type PasswordProblems } from './change-password.js';

/**
 * "Change password" from the account menu: current password, the new one twice. Field problems
 * show at their field (the server's as well as the browser's), a refusal that belongs to no field
 * (too many attempts) above the form; this session stays signed in, the others end.
 */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const titleId = useId();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<PasswordProblems>({});
  const { reset } = change;

  useEffect(() => {
    if (!open) return;
    // A fresh form each time: no password kept from the last one.
    setCurrent('');
    setNext('');
    setConfirm('');
    setLocal({});
    reset();
  }, [open, reset]);

  const problems: PasswordProblems = change.error ? { ...passwordProblemsOf(change.error), ...local } : local;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkPasswordForm(current, next, confirm);
    setLocal(found);
    if (Object.keys(found).length === 0) change.mutate({ current_password: current, new_password: next });
  };
  // Editing a field clears what was said about it.
  const edit = (set: (value: string) => void, field: keyof PasswordProblems) => (event: { target: { value: string } }) => {
    set(event.target.value);
    setLocal(({ [field]: _dropped, ...rest }) => rest);
    if (change.error) change.reset();
  };

  return (
    <Modal open={open} titleId={titleId} onCancel={() => !change.isPending && onClose()}>
      {open && (
        <form onSubmit={submit} noValidate>
          <div className="modal-body">
            <h2 id={titleId}>Change password</h2>
            {change.isSuccess ? (
              <div className="alert" data-tone="ok" role="status" aria-label="Password changed">
                <div className="alert-body">
                  <span className="alert-title">Password changed</span>
                  <span>Use the new one from now on. Your other sessions were signed out; this one stays signed in.</span>
                </div>
              </div>
            ) : (
              <>
                {problems.form && (
                  <div className="alert" data-tone="err" role="alert">
                    <div className="alert-body">
                      <span className="alert-title">The password was not changed</span>
                      <span>{problems.form}</span>
                    </div>
                  </div>
                )}
                <FormField label="Current password" error={problems.current_password}>
                  <input className="input" type="password" name="current-password" autoComplete="current-password" value={current} onChange={edit(setCurrent, 'current_password')} autoFocus />
                </FormField>
                <FormField label="New password" error={problems.new_password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
                  <input className="input" type="password" name="new-password" autoComplete="new-password" value={next} onChange={edit(setNext, 'new_password')} />
                </FormField>
                <FormField label="New password again" error={problems.confirm}>
                  <input className="input" type="password" name="confirm-password" autoComplete="new-password" value={confirm} onChange={edit(setConfirm, 'confirm')} />
                </FormField>
              </>
            )}
          </div>
          <div className="modal-actions">
            {change.isSuccess ? (
              <button type="button" className="button primary" onClick={onClose} autoFocus>
                Close
              </button>
            ) : (
              <>
                <button type="button" className="button" onClick={onClose} disabled={change.isPending}>
                  Cancel
                </button>
                <button type="submit" className="button primary" disabled={change.isPending}>
                  {change.isPending && <span className="spinner" aria-hidden="true" />}
                  Change password
                </button>
              </>
            )}
          </div>
        </form>
      )}
    </Modal>
  );
}
