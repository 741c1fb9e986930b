import * as RadixToast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

export interface ToastMessage {
  title: string;
  description?: string;
  tone?: "info" | "success" | "error";
}

const ToastContext = createContext<(message: ToastMessage) => void>(() => {});

/** Shows a short message in the corner (Radix toast: announced politely, F8 focuses it, swipe or Escape closes). */
export function useToast(): (message: ToastMessage) => void {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Array<ToastMessage & { key: number }>>([]);
  const show = useCallback((message: ToastMessage) => setToasts((previous) => [...previous.slice(-3), { ...message, key: Date.now() + Math.random() }]), []);
  return (
    <ToastContext.Provider value={show}>
      <RadixToast.Provider swipeDirection="right" duration={6000}>
        {children}
        {toasts.map((toast) => (
          <RadixToast.Root key={toast.key} className={`ui-toast ui-toast-${toast.tone ?? "info"}`} onOpenChange={(open) => !open && setToasts((previous) => previous.filter((t) => t.key !== toast.key))}>
            <RadixToast.Title className="ui-toast-title">{toast.title}</RadixToast.Title>
            {toast.description && <RadixToast.Description className="ui-toast-description">{toast.description}</RadixToast.Description>}
            <RadixToast.Close className="ui-toast-close" aria-label="Close">×</RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="ui-toast-viewport" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}
