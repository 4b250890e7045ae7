import type { ReactNode } from 'react';
import { Modal } from './modal.js';

/**
 * A modal confirmation on the native `<dialog>`: focus is trapped, Escape cancels, and the
 * dialog is announced with its title.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy,
  danger = true,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal open={open} titleId="confirm-title" onCancel={onCancel}>
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <div className="modal-body">
            <h2 id="confirm-title">{title}</h2>
            {children}
          </div>
          <div className="modal-actions">
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className={`button ${danger ? 'danger solid' : 'primary'}`} disabled={busy}>
              {busy && <span className="spinner" aria-hidden="true" />}
              {confirmLabel}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
