/**
 * A place's opening hours entered day by day (up to two time ranges a day, as most places open in
 * the morning and the afternoon), written as the OpenStreetMap text the national schema stores.
 * Hours beyond what the days can show (holidays, seasons…) are edited as that text instead.
 */
import { useState } from 'react';
import {
  type TimeRange,
  timeRangeProblem,
  WEEK_DAYS,
  type WeekDay,
  type WeeklyHours,
  weeklyHoursOf,
  weeklyHoursText,
} from '../shared-domain';
import { TextField } from './FormField';

const DAY_NAMES: Record<WeekDay, string> = {
  Mo: 'Lundi',
  Tu: 'Mardi',
  We: 'Mercredi',
  Th: 'Jeudi',
  Fr: 'Vendredi',
  Sa: 'Samedi',
  Su: 'Dimanche',
};

/** What the form holds for a day: two ranges as typed, possibly half filled. */
type DaySlots = [TimeRange, TimeRange];
type WeekSlots = Record<WeekDay, DaySlots>;

const EMPTY: TimeRange = { from: '', to: '' };

function slotsOf(week: WeeklyHours): WeekSlots {
  return Object.fromEntries(WEEK_DAYS.map((day) => [day, [week[day][0] ?? EMPTY, week[day][1] ?? EMPTY]])) as WeekSlots;
}

const RANGE_PROBLEMS: Record<NonNullable<ReturnType<typeof timeRangeProblem>>, string> = {
  missing_start: 'indiquez l’heure d’ouverture',
  missing_end: 'indiquez l’heure de fermeture',
  not_a_time: 'saisissez des heures comme 09:00',
  ends_before_start: 'l’heure de fermeture doit venir après l’heure d’ouverture',
};

/** The text of the ranges filled in, and what to correct in those half filled or backwards. */
function readSlots(slots: WeekSlots): { text: string; problems: string[]; problemDays: Set<WeekDay> } {
  const week = Object.fromEntries(WEEK_DAYS.map((day) => [day, [] as TimeRange[]])) as unknown as WeeklyHours;
  const problems: string[] = [];
  const problemDays = new Set<WeekDay>();
  for (const day of WEEK_DAYS) {
    slots[day].forEach((range, index) => {
      if (!range.from && !range.to) return;
      const problem = timeRangeProblem(range);
      if (problem) {
        problems.push(`${DAY_NAMES[day]}${index === 1 ? ' (après la pause)' : ''} : ${RANGE_PROBLEMS[problem]}.`);
        problemDays.add(day);
      } else week[day].push(range);
    });
  }
  return { text: weeklyHoursText(week), problems, problemDays };
}

interface OpeningHoursFieldsProps {
  /** The field's id (lieu-horaires): the error summary's link lands on its first input. */
  id: string;
  /** The OpenStreetMap text. */
  value: string;
  errors?: string[];
  onChange: (text: string) => void;
  /** What to correct before sending (half-filled ranges), null when nothing. */
  onProblem: (problem: string | null) => void;
}

export function OpeningHoursFields({ id, value, errors, onChange, onProblem }: OpeningHoursFieldsProps) {
  const [slots, setSlots] = useState<WeekSlots | null>(() => {
    const week = weeklyHoursOf(value);
    return week ? slotsOf(week) : null;
  });
  const [problems, setProblems] = useState<{ texts: string[]; days: Set<WeekDay> }>({ texts: [], days: new Set() });
  const textMode = slots === null;

  function change(next: WeekSlots): void {
    setSlots(next);
    const read = readSlots(next);
    setProblems({ texts: read.problems, days: read.problemDays });
    onProblem(read.problems.length > 0 ? read.problems.join(' ') : null);
    onChange(read.text);
  }

  function setTime(day: WeekDay, index: 0 | 1, end: keyof TimeRange, time: string): void {
    if (!slots) return;
    const ranges: DaySlots = [...slots[day]];
    ranges[index] = { ...ranges[index], [end]: time };
    change({ ...slots, [day]: ranges });
  }

  function copyMondayToWeekdays(): void {
    if (!slots) return;
    change({ ...slots, Tu: slots.Mo, We: slots.Mo, Th: slots.Mo, Fr: slots.Mo });
  }

  function useText(): void {
    setSlots(null);
    setProblems({ texts: [], days: new Set() });
    onProblem(null);
  }

  const week = weeklyHoursOf(value);
  const shownErrors = [...problems.texts, ...(errors ?? [])];
  const invalid = shownErrors.length > 0;

  if (textMode) {
    return (
      <div>
        <TextField
          id={id}
          label="Horaires d’ouverture, syntaxe OpenStreetMap (facultatif)"
          hint="Jours abrégés en anglais (Mo Tu We Th Fr Sa Su), heures sur 24 h, plages d’un même jour séparées par une virgule, groupes de jours par un point-virgule ; par exemple Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00. Jours fériés : PH off."
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
          errors={errors}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
        {week ? (
          <button type="button" className="button button--secondary" onClick={() => setSlots(slotsOf(week))}>
            Saisir les horaires jour par jour
          </button>
        ) : (
          <p className="hint">
            Ces horaires utilisent des règles (jours fériés, périodes de l’année…) que la saisie jour par jour ne montre pas.
          </p>
        )}
      </div>
    );
  }

  return (
    <div className={invalid ? 'field field--invalid' : 'field'}>
      <p className="hint" id={`${id}-aide`}>
        Pour chaque jour d’ouverture, l’heure d’ouverture et de fermeture (par exemple 09:00 et 12:00), puis, s’il rouvre après une pause,
        la seconde plage. Laissez vides les jours de fermeture.
      </p>
      {invalid ? (
        <p className="field-error" id={`${id}-erreur`}>
          <span className="visually-hidden">Erreur : </span>
          {shownErrors.join(' ')}
        </p>
      ) : null}
      <div className="hours-week">
        {WEEK_DAYS.map((day, dayIndex) => (
          <fieldset key={day} className="hours-day">
            <legend>{DAY_NAMES[day]}</legend>
            {([0, 1] as const).map((index) =>
              (['from', 'to'] as const).map((end) => {
                const inputId = dayIndex === 0 && index === 0 && end === 'from' ? id : `${id}-${day}-${index}-${end}`;
                return (
                  <div key={`${index}-${end}`} className="hours-day__time">
                    <label htmlFor={inputId}>
                      {index === 0 ? (end === 'from' ? 'Ouvre à' : 'Ferme à') : end === 'from' ? 'Rouvre à' : 'Referme à'}
                    </label>
                    <input
                      id={inputId}
                      type="time"
                      step={300}
                      value={slots[day][index][end]}
                      aria-invalid={problems.days.has(day) || (inputId === id && Boolean(errors?.length)) || undefined}
                      aria-describedby={
                        inputId === id ? [`${id}-aide`, invalid ? `${id}-erreur` : null].filter(Boolean).join(' ') : undefined
                      }
                      onChange={(event) => setTime(day, index, end, event.target.value)}
                    />
                  </div>
                );
              }),
            )}
          </fieldset>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={copyMondayToWeekdays}>
          Reprendre les horaires du lundi du mardi au vendredi
        </button>
        <button type="button" className="button button--secondary" onClick={useText}>
          Écrire les horaires en syntaxe OpenStreetMap
        </button>
      </div>
      <p className="hint">
        Enregistré dans les données ouvertes sous la forme : <code>{value || 'fermé (aucun horaire)'}</code>
      </p>
    </div>
  );
}
