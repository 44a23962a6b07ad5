/**
 * A commune field with suggestions (WAI-ARIA combobox with a list box): the person types a name or a
 * postcode, the API suggests communes of the official list, the chosen one's INSEE code is kept.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { type Commune, placesApi } from '../publicPlaces';

interface CommuneComboboxProps {
  id: string;
  label: string;
  hint?: string;
  /** The commune chosen, null when none. */
  value: Commune | null;
  onChange: (commune: Commune | null) => void;
  errors?: string[];
}

const DEBOUNCE_MS = 200;

export function CommuneCombobox({ id, label, hint, value, onChange, errors }: CommuneComboboxProps) {
  const [text, setText] = useState(value?.label ?? '');
  const [suggestions, setSuggestions] = useState<Commune[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searched, setSearched] = useState(false);
  const [failed, setFailed] = useState(false);
  const listId = `${id}-suggestions`;
  const statusId = useId();
  const latest = useRef(0);
  // The list closes a moment after the field loses focus (a click on a suggestion lands first); a person
  // coming back to the field before that moment must not have the list closed under their typing.
  const closing = useRef<number | undefined>(undefined);
  const cancelClosing = (): void => {
    window.clearTimeout(closing.current);
    closing.current = undefined;
  };
  useEffect(() => cancelClosing, []);

  // The field shows the commune chosen; when the form empties it (after a hand-out), the field empties too,
  // but not while the person types over a commune chosen before (typing unsets the value first).
  const shownLabel = useRef(value?.label ?? '');
  useEffect(() => {
    setText((current) => (value ? value.label : current === shownLabel.current ? '' : current));
    shownLabel.current = value?.label ?? '';
  }, [value]);

  useEffect(() => {
    const typed = text.trim();
    if (!open || typed.length < 2 || typed === value?.label) {
      setSuggestions([]);
      setSearched(false);
      return;
    }
    const call = ++latest.current;
    const timer = window.setTimeout(() => {
      placesApi
        .communes(typed)
        .then((found) => {
          if (call !== latest.current) return;
          setSuggestions(found);
          setActive(found.length > 0 ? 0 : -1);
          setSearched(true);
          setFailed(false);
        })
        .catch(() => {
          if (call === latest.current) setFailed(true);
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, open, value]);

  function choose(commune: Commune): void {
    onChange(commune);
    setText(commune.label);
    setOpen(false);
    setSuggestions([]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    const showing = open && suggestions.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      if (showing) setActive((index) => (index + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && showing) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
    } else if (event.key === 'Enter' && showing && active >= 0) {
      event.preventDefault();
      choose(suggestions[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const expanded = open && suggestions.length > 0;
  const invalid = Boolean(errors?.length);
  const described = [hint ? `${id}-aide` : null, invalid ? `${id}-erreur` : null].filter(Boolean).join(' ') || undefined;
  const announcement = failed
    ? 'Les suggestions ne sont pas disponibles pour le moment.'
    : expanded
      ? `${suggestions.length} commune${suggestions.length > 1 ? 's' : ''} proposée${suggestions.length > 1 ? 's' : ''} : flèches haut et bas pour choisir, Entrée pour valider.`
      : searched && suggestions.length === 0
        ? 'Aucune commune ne correspond : vérifiez l’orthographe ou tapez le code postal.'
        : '';

  return (
    <div className={invalid ? 'field field--invalid combobox' : 'field combobox'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p className="field-error" id={`${id}-erreur`}>
          <span className="visually-hidden">Erreur : </span>
          {errors?.join(' ')}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={described}
        value={text}
        onChange={(event) => {
          cancelClosing();
          setText(event.target.value);
          setOpen(true);
          if (value) onChange(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={cancelClosing}
        onBlur={() => {
          cancelClosing();
          closing.current = window.setTimeout(() => setOpen(false), 150);
        }}
      />
      <ul id={listId} role="listbox" aria-label={`Communes proposées pour « ${label} »`} className="combobox-list" hidden={!expanded}>
        {suggestions.map((commune, index) => (
          <li
            key={commune.code}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'combobox-option combobox-option--active' : 'combobox-option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(commune)}
          >
            {commune.label}
          </li>
        ))}
      </ul>
      <p id={statusId} className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
