import { useEffect, useRef, type ReactNode } from 'react';

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
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
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
    </dialog>
  );
}
