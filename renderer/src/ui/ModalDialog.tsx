import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { ReactNode } from 'react';
import './widgets.css';

interface ModalDialogProps {
  title: string;
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  children: ReactNode;
  /** For forms with several columns or long texts. */
  size?: 'normal' | 'wide';
  /** An alert dialog for destructive confirmations (erase, sign). */
  role?: 'dialog' | 'alertdialog';
  /** While a request is under way, Escape and clicks outside leave the dialog open. */
  isDismissable?: boolean;
}

/** A modal dialog with its heading; focus moves in on open and returns to the trigger on close. */
export function ModalDialog({
  title,
  isOpen,
  onOpenChange,
  children,
  size = 'normal',
  role = 'dialog',
  isDismissable = true,
}: ModalDialogProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={!isDismissable}
    >
      <Modal className={`modal ${size === 'wide' ? 'modal-wide' : ''}`.trim()}>
        <Dialog className="dialog" role={role}>
          <Heading slot="title">{title}</Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
