import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

/**
 * A labelled select whose accessible name is its label alone: a select inside its <label> would
 * be named by the label plus its chosen option ("Barber Choose a barber").
 */
export function SelectField({ label, children, ...select }: { label: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}
