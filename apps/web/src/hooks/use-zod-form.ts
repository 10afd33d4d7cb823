import { useRef, useState, type ChangeEvent } from 'react';
import type { z } from 'zod';

type Values = Record<string, string>;
type Errors<V extends Values> = Partial<Record<keyof V, string>>;

function collectErrors<V extends Values>(result: z.ZodSafeParseResult<unknown>): Errors<V> {
  const errors: Errors<V> = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof V | undefined;
    if (field !== undefined && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

/**
 * Text fields checked by a zod schema: errors appear on submit, then follow each keystroke of
 * the fields that have one, and the first wrong field takes focus.
 */
export function useZodForm<V extends Values>(schema: z.ZodType<V>, initialValues: V) {
  const [values, setValues] = useState<V>(initialValues);
  const [errors, setErrors] = useState<Errors<V>>({});
  const inputs = useRef<Partial<Record<keyof V, HTMLInputElement | null>>>({});

  const setValue = (field: keyof V, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (errors[field] !== undefined) {
      setErrors((current) => ({ ...current, [field]: collectErrors<V>(schema.safeParse(next))[field] }));
    }
  };

  /** The parsed values when they are valid; otherwise shows the errors and returns null. */
  const validate = (): V | null => {
    const result = schema.safeParse(values);
    const nextErrors = collectErrors<V>(result);
    setErrors(nextErrors);
    if (result.success) return result.data;
    const firstWrong = (Object.keys(values) as (keyof V)[]).find((field) => nextErrors[field] !== undefined);
    if (firstWrong !== undefined) inputs.current[firstWrong]?.focus();
    return null;
  };

  const getInputProps = (field: keyof V) => ({
    value: values[field],
    error: errors[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => setValue(field, event.currentTarget.value),
    ref: (element: HTMLInputElement | null) => {
      inputs.current[field] = element;
    },
  });

  return { values, errors, validate, getInputProps };
}
