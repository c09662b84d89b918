import { BACK, CANCEL, type StepEnv, type StepResult } from "../questionnaire.js";

/**
 * One question of a form: the key of the draft it fills and the step that
 * asks it (built on runStep). The step sees the draft, so it can show the
 * answer given before or start from another answer (the time zone of the
 * region). `when` leaves the field out for drafts it does not apply to.
 */
export interface FormField<D, K extends keyof D = keyof D> {
  key: K;
  ask(env: StepEnv, draft: Partial<D>): Promise<StepResult<D[K]>>;
  when?(draft: Partial<D>): boolean;
}

/** A field of any key of D, typed by its key (a table mixes them). */
export type AnyField<D> = { [K in keyof D]-?: FormField<D, K> }[keyof D];

/** The questions of a form, in the order they are asked; create and edit share one table. */
export type FormTable<D> = ReadonlyArray<AnyField<D>>;

export interface FormOptions<D> {
  /** Line above each question, e.g. "Step 2 of 10": the field's place among those that apply. */
  header?(n: number, total: number): string;
  /** Start at this field instead of the first (Back from a summary: the last one). */
  from?: keyof D;
  /** After the first answer go to the end: one answer fixed from a summary, the others kept. */
  thenEnd?: boolean;
  /**
   * Asked before each field: another field to ask first (an answer that has
   * become wrong meanwhile, e.g. a start time now past). The form goes there,
   * then comes back to where it was. It tells the member why itself.
   */
  before?(key: keyof D, draft: Partial<D>): Promise<keyof D | undefined>;
  /** After each answer is put in the draft (registration switches its language there). */
  answered?(key: keyof D, draft: Partial<D>): void;
}

/** Edit mode: one field of an existing draft, with the question the form asks. */
export interface EditOptions<K> {
  only: K;
  /** Whether the question offers Back (which, like Cancel, leaves the draft as it was). */
  back: boolean;
}

/**
 * The form engine: asks the fields of `table` in order until the draft is
 * complete. Back goes to the previous field that applies, keeping every
 * answer (the step shows it again); Cancel ends the form. Replay-safe as long
 * as `when`, `before` and the steps are (they run again on every replay).
 *
 * Returns the complete draft, or CANCEL (BACK in edit mode, or Back where no
 * earlier field applies). The draft passed in is filled in place, so a caller
 * that comes back (from a summary) keeps the answers.
 */
export function runForm<D, K extends keyof D>(
  env: StepEnv,
  table: FormTable<D>,
  draft: Partial<D>,
  options: EditOptions<K>,
): Promise<StepResult<Partial<D> & Pick<D, K>>>;
export function runForm<D>(env: StepEnv, table: FormTable<D>, draft: Partial<D>, options?: FormOptions<D>): Promise<StepResult<D>>;
export async function runForm<D>(
  env: StepEnv,
  table: FormTable<D>,
  draft: Partial<D>,
  options: FormOptions<D> | EditOptions<keyof D> = {},
): Promise<StepResult<Partial<D>>> {
  const fields: ReadonlyArray<FormField<D>> = table;
  if ("only" in options) {
    const field = fields.find((f) => f.key === options.only);
    if (!field) throw new Error(`The form has no field ${String(options.only)}`);
    env.back = options.back;
    const value = await field.ask(env, draft);
    if (value === BACK) return BACK;
    if (value === CANCEL) return CANCEL;
    draft[field.key] = value;
    return draft;
  }
  const walk = new FormWalk(fields, draft, options);
  for (let field = walk.current(); field; field = walk.current()) {
    const redirect = await options.before?.(field.key, draft);
    if (redirect !== undefined && walk.redirect(redirect)) continue;
    env.back = walk.canGoBack();
    if (options.header) {
      const { n, total } = walk.position();
      env.header = options.header(n, total);
    }
    const value = await field.ask(env, draft);
    if (value === CANCEL) return CANCEL;
    if (value === BACK) {
      if (!walk.back()) return BACK;
      continue;
    }
    draft[field.key] = value;
    options.answered?.(field.key, draft);
    walk.next();
  }
  // Every field that applies has its answer (the walk ended past the last one).
  return draft;
}

/**
 * Where a form is: the field asked now, and where to go after it. Pure (no
 * Telegram), so the navigation rules are tested on their own.
 */
export class FormWalk<D> {
  private index: number;
  /** Where to go once the current field is answered, when not the next one (a redirect, a fix from the summary). */
  private resume: number | undefined;

  constructor(
    private readonly fields: ReadonlyArray<FormField<D>>,
    private readonly draft: Partial<D>,
    options: Pick<FormOptions<D>, "from" | "thenEnd"> = {},
  ) {
    this.index = this.forward(options.from === undefined ? 0 : this.indexOf(options.from));
    this.resume = options.thenEnd ? fields.length : undefined;
  }

  /** The field to ask now; undefined once the form is complete. */
  current(): FormField<D> | undefined {
    return this.fields[this.index];
  }

  /** Whether an earlier field applies (the question offers Back). */
  canGoBack(): boolean {
    return this.backward(this.index) !== undefined;
  }

  /** The current field's place among the fields that apply now (1-based), and their number. */
  position(): { n: number; total: number } {
    let n = 0;
    let total = 0;
    this.fields.forEach((_, i) => {
      if (!this.applies(i)) return;
      total++;
      if (i <= this.index) n++;
    });
    return { n, total };
  }

  /** The current field is answered: the next one that applies (or back where a redirect came from). */
  next(): void {
    this.index = this.forward(this.resume ?? this.index + 1);
    this.resume = undefined;
  }

  /** Back: the previous field that applies; false when there is none. */
  back(): boolean {
    const previous = this.backward(this.index);
    if (previous === undefined) return false;
    this.resume = undefined;
    this.index = previous;
    return true;
  }

  /** Asks `key` first, then comes back here. False when `key` is the current field already. */
  redirect(key: keyof D): boolean {
    const target = this.indexOf(key);
    if (target === this.index) return false;
    this.resume ??= this.index;
    this.index = target;
    return true;
  }

  private applies(i: number): boolean {
    return this.fields[i]!.when?.(this.draft) ?? true;
  }

  private forward(from: number): number {
    let i = from;
    while (i < this.fields.length && !this.applies(i)) i++;
    return i;
  }

  private backward(from: number): number | undefined {
    for (let i = from - 1; i >= 0; i--) if (this.applies(i)) return i;
    return undefined;
  }

  private indexOf(key: keyof D): number {
    const i = this.fields.findIndex((f) => f.key === key);
    if (i < 0) throw new Error(`The form has no field ${String(key)}`);
    return i;
  }
}
