import { useCallback, useState } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { errorMessage } from '../api/client.ts';
import { showFieldErrors } from '../lib/form-errors.ts';

export interface ActionOptions<T> {
  /** Shown as a success message when the action succeeds (a function of the answer, or fixed text). */
  success?: string | ((result: T) => string) | undefined;
  /**
   * A form whose fields take the server's field errors (`body.<field>` issues or an AppError's `field`); messages
   * no field can hold become the action's `error`. Without a form every failure is the `error`.
   */
  form?: FormInstance | undefined;
  /** Field names of `form` that may take errors (default: the form's registered fields). */
  fields?: readonly string[] | undefined;
  /** Also show the failure as a toast (default: only when no form is given). */
  toast?: boolean | undefined;
}

export interface Action {
  /** True while an action runs (disable the button, show the spinner). */
  busy: boolean;
  /** The last failure's message, in the user's language (the server's zh/en message); null after a success. */
  error: string | null;
  clearError(): void;
  /** Runs `fn`; answers its result, or undefined when it failed (the failure is shown, never thrown). */
  run<T>(fn: () => Promise<T>, options?: ActionOptions<T>): Promise<T | undefined>;
}

/**
 * The one way a page or dialog runs a write: busy while it runs, the server's message (and the field it names) on
 * failure, an optional success message. Replaces the hand-built busy/error/try-finally copies.
 */
export function useAction(): Action {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T>(fn: () => Promise<T>, options: ActionOptions<T> = {}): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        const result = await fn();
        const success = typeof options.success === 'function' ? options.success(result) : options.success;
        if (success) void message.success(success);
        return result;
      } catch (err) {
        const { form } = options;
        const rest = form ? showFieldErrors(form, err, options.fields ?? Object.keys(form.getFieldsValue() as object)) : [errorMessage(err)];
        const text = rest.join('；') || null;
        setError(text);
        if (text && (options.toast ?? !form)) void message.error(text);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message],
  );
  return { busy, error, clearError: useCallback(() => setError(null), []), run };
}
