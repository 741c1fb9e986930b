import { forwardRef, type ButtonHTMLAttributes } from "react";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** How much the button stands out. Default "secondary"; "primary" for the one main action of a view. */
  variant?: "primary" | "secondary" | "ghost" | "danger" | "link";
  /** Default "md". */
  size?: "sm" | "md";
}

/** The one button of the app. Defaults to type="button" so no button submits a form by accident. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = "secondary", size = "md", type = "button", className, ...rest }, ref) {
  return <button ref={ref} type={type} className={["ui-button", `ui-button-${variant}`, `ui-button-${size}`, className].filter(Boolean).join(" ")} {...rest} />;
});
