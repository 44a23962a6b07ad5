import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
}

/** ids of the hint and error texts, for aria-describedby. */
function describedBy(id: string, hint: ReactNode, errors?: string[]): string | undefined {
  const ids = [hint ? `${id}-aide` : null, errors?.length ? `${id}-erreur` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldTexts({ id, hint, errors }: Omit<FieldProps, 'label'>) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p className="field-error" id={`${id}-erreur`}>
          <span className="visually-hidden">Erreur : </span>
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  id,
  label,
  hint,
  errors,
  ref,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={invalid ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} errors={errors} />
      <input id={id} name={id} ref={ref} aria-invalid={invalid || undefined} aria-describedby={describedBy(id, hint, errors)} {...input} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  errors,
  ref,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={invalid ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} errors={errors} />
      <textarea
        id={id}
        name={id}
        ref={ref}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...textarea}
      />
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  errors,
  options,
  placeholder,
  ref,
  ...select
}: FieldProps &
  SelectHTMLAttributes<HTMLSelectElement> & {
    options: Array<{ value: string; label: string }>;
    placeholder?: string;
    ref?: Ref<HTMLSelectElement>;
  }) {
  const invalid = Boolean(errors?.length);
  return (
    <div className={invalid ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} errors={errors} />
      <select id={id} name={id} ref={ref} aria-invalid={invalid || undefined} aria-describedby={describedBy(id, hint, errors)} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes in a fieldset; `id` names the group (and its first box, for links). */
export function CheckboxGroup({
  id,
  legend,
  hint,
  errors,
  options,
  values,
  onChange,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  options: Array<{ value: string; label: string }>;
  values: string[];
  onChange: (values: string[]) => void;
}) {
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className={invalid ? 'field field--invalid' : 'field'} aria-describedby={describedBy(id, hint, errors)}>
      <legend>{legend}</legend>
      <FieldTexts id={id} hint={hint} errors={errors} />
      {options.map((option, index) => {
        const boxId = index === 0 ? id : `${id}-${index}`;
        return (
          <div className="checkbox" key={option.value}>
            <input
              type="checkbox"
              id={boxId}
              name={id}
              value={option.value}
              checked={values.includes(option.value)}
              aria-invalid={invalid || undefined}
              onChange={(event) =>
                onChange(event.target.checked ? [...values, option.value] : values.filter((value) => value !== option.value))
              }
            />
            <label htmlFor={boxId}>
              {option.label}
              {option.value !== option.label ? <span className="muted"> ({option.value})</span> : null}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** A choice of one among a few (radio buttons in a fieldset); `id` names the group (and its first button). */
export function RadioGroup({
  id,
  legend,
  hint,
  errors,
  options,
  value,
  onChange,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  options: Array<{ value: string; label: string }>;
  value: string;
  onChange: (value: string) => void;
}) {
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className={invalid ? 'field field--invalid' : 'field'} aria-describedby={describedBy(id, hint, errors)}>
      <legend>{legend}</legend>
      <FieldTexts id={id} hint={hint} errors={errors} />
      {options.map((option, index) => {
        const buttonId = index === 0 ? id : `${id}-${index}`;
        return (
          <div className="checkbox" key={option.value}>
            <input
              type="radio"
              id={buttonId}
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <label htmlFor={buttonId}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
