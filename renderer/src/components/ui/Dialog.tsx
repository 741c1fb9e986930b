import * as RadixDialog from "@radix-ui/react-dialog";
import { useState, type ReactNode } from "react";
import { Button } from "./Button";

/** A modal dialog (Radix: focus trapped, Escape closes, focus returns to the opener). */
export function Dialog({ title, description, isOpen, onOpenChange, children, footer }: {
  title: string;
  description?: ReactNode;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <RadixDialog.Root open={isOpen} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="ui-dialog-overlay" />
        <RadixDialog.Content className="ui-dialog" aria-describedby={description ? undefined : undefined}>
          <RadixDialog.Title className="ui-dialog-title">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="ui-dialog-description">{description}</RadixDialog.Description> : <RadixDialog.Description className="ui-visually-hidden">{title}</RadixDialog.Description>}
          {children}
          {footer && <div className="ui-dialog-footer">{footer}</div>}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/**
 * A button that asks before it does something that cannot be undone (delete a set, a task). `onConfirm` may
 * throw: its message is shown in the dialog, which stays open.
 */
export function ConfirmButton({ children, title, description, confirmLabel, onConfirm, variant = "danger", size, ...rest }: {
  children: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  variant?: "danger" | "secondary";
  size?: "sm" | "md";
  "data-testid"?: string;
  disabled?: boolean;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setIsBusy(true);
    setError(null);
    try {
      await onConfirm();
      setIsOpen(false);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <>
      <Button variant={variant} size={size} onClick={() => setIsOpen(true)} {...rest}>{children}</Button>
      <Dialog
        title={title}
        description={description}
        isOpen={isOpen}
        onOpenChange={(open) => (setIsOpen(open), setError(null))}
        footer={
          <>
            <Button onClick={() => setIsOpen(false)}>Cancel</Button>
            <Button variant="danger" onClick={() => void confirm()} disabled={isBusy}>{isBusy ? "Working…" : confirmLabel}</Button>
          </>
        }
      >
        {error && <p className="ui-notice ui-notice-error" role="alert">{error}</p>}
      </Dialog>
    </>
  );
}
