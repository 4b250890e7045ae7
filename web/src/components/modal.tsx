import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The one modal on the native `<dialog>`: shown with `showModal()` while `open` (focus trapped,
 * the page behind inert), closed otherwise; Escape asks `onCancel` instead of closing by itself,
 * so a dialog that is busy can refuse. Announced by the title element `titleId` names.
 */
export function Modal({ open, titleId, onCancel, className, children }: { open: boolean; titleId: string; onCancel: () => void; className?: string; children?: ReactNode }) {
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
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
