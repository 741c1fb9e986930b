import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "./transport";

/** Loads data from the API on mount (and on `reload`), with loading and error state. */
export function useApi<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | null; error: ApiError | null; isLoading: boolean; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    load().then(
      (value) => isCurrent && (setData(value), setError(null), setIsLoading(false)),
      (failure: ApiError) => isCurrent && (setError(failure), setIsLoading(false)),
    );
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation, ...deps]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, isLoading, reload };
}
