import { useEffect, useState } from "react";
import type { ExportOptions, ExportPreview } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { formFieldOf, type FieldErrors } from "./exportForm";

export interface PreviewState {
  data: ExportPreview | null;
  /** A refusal that names no option field (no kept rows, a missing model…). */
  error: ApiError | null;
  /** A refusal naming an option field, shown beside that field. */
  fieldErrors: FieldErrors;
  isLoading: boolean;
}

/**
 * The preview of an export with `options`, recomputed 300 ms after the options stop changing (typing a
 * number does not fire a preview per key). The last good preview stays shown while a new one loads.
 */
export function usePreview(options: Omit<ExportOptions, "out"> | null, canSend: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ data: null, error: null, fieldErrors: {}, isLoading: false });
  const key = options && canSend ? JSON.stringify(options) : null;
  useEffect(() => {
    if (!key) return;
    let isCurrent = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    const timer = setTimeout(() => {
      api.previewExport({ ...(JSON.parse(key) as Omit<ExportOptions, "out">), limit: 20 }).then(
        (data) => isCurrent && setState({ data, error: null, fieldErrors: {}, isLoading: false }),
        (failure: ApiError) => {
          if (!isCurrent) return;
          const field = formFieldOf(failure.details?.field);
          setState((previous) => ({ data: field ? previous.data : null, error: field ? null : failure, fieldErrors: field ? { [field]: failure.message } : {}, isLoading: false }));
        },
      );
    }, 300);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}
