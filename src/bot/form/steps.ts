import { InlineKeyboard } from "grammy";
import { runStep, stepCb, withNavigation, type Reaction, type StepEnv, type StepResult } from "../questionnaire.js";
import { choiceKeyboard, multiSelectKeyboard, type Choice } from "./keyboards.js";

/**
 * Generic questions for form fields (run-form.ts), built on runStep. Each
 * takes what it offers as parameters: the engine knows no feature.
 */

/** A typed answer: validated by `check`; the answer given before is shown and kept with one tap. */
export interface TextStepSpec<T> {
  question: string;
  current: T | undefined;
  show(value: T): string;
  check(text: string): Reaction<never, T>;
  answered(value: T): string;
}

function askTyped<T>(env: StepEnv, spec: TextStepSpec<T>, skip?: { answered: string }): Promise<StepResult<T | null>> {
  const { t } = env;
  const { current } = spec;
  return runStep<null, T | null>(env, {
    initial: null,
    render: () => {
      const kb = new InlineKeyboard();
      if (current !== undefined) kb.text(t("registration-keep-answer"), stepCb.pack("keep"));
      if (skip) kb.text(t("step-skip"), stepCb.pack("skip"));
      return {
        text: current === undefined ? spec.question : `${spec.question}\n\n${t("registration-current-answer", { value: spec.show(current) })}`,
        keyboard: withNavigation(kb, t, env),
      };
    },
    onText: (text) => spec.check(text),
    onCallback: (data) => {
      if (data.action === "keep" && current !== undefined) return { value: current };
      if (data.action === "skip" && skip) return { value: null };
      return undefined;
    },
    answered: (v) => (v === null ? skip!.answered : spec.answered(v)),
  });
}

export function textStep<T>(env: StepEnv, spec: TextStepSpec<T>): Promise<StepResult<T>> {
  // Without a Skip button the step never answers null.
  return askTyped(env, spec) as Promise<StepResult<T>>;
}

/** A typed answer that may be skipped (null); `skipped` replaces the question then. */
export function skippableTextStep<T>(env: StepEnv, spec: TextStepSpec<T>, skipped: string): Promise<StepResult<T | null>> {
  return askTyped(env, spec, { answered: skipped });
}

/** One option out of a few buttons. */
export function choiceStep<T extends string>(
  env: StepEnv,
  spec: { question: string; options: ReadonlyArray<Choice<T>>; action: string; columns: number; current?: T; answered(value: T): string },
): Promise<StepResult<T>> {
  const { t } = env;
  return runStep<null, T>(env, {
    initial: null,
    render: () => ({
      text: spec.question,
      keyboard: choiceKeyboard(t, spec.options, { back: env.back, action: spec.action, columns: spec.columns, current: spec.current }),
    }),
    onCallback: (data) => {
      const picked = data.action === spec.action ? spec.options.find((o) => (o.code ?? o.value) === data.args[0]) : undefined;
      return picked ? { value: picked.value } : undefined;
    },
    answered: (value) => spec.answered(value),
  });
}

/** Several options, toggled on and off, then "Done"; the selection keeps the options' order. */
export function multiChoiceStep(
  env: StepEnv,
  spec: {
    question: string;
    items: readonly Choice[];
    current: readonly string[];
    columns: number;
    /** At most this many; a tap past it is refused with `error`. */
    max?: { count: number; error: string; vars?: Record<string, string | number> };
    done(selected: string[]): Reaction<never, string[]>;
    answered(selected: string[]): string;
  },
): Promise<StepResult<string[]>> {
  const { t } = env;
  const known = new Set(spec.items.map((i) => i.value));
  return runStep<string[], string[]>(env, {
    initial: spec.current.filter((c) => known.has(c)),
    render: (selected) => ({
      text: spec.question,
      keyboard: multiSelectKeyboard(t, spec.items, new Set(selected), { back: env.back, columns: spec.columns }),
    }),
    onCallback: (data, selected) => {
      if (data.action === "done") return spec.done(selected);
      const code = data.args[0];
      if (data.action !== "toggle" || !code || !known.has(code)) return undefined;
      const next = new Set(selected);
      if (next.has(code)) next.delete(code);
      else {
        if (spec.max && next.size >= spec.max.count) return { error: spec.max.error, vars: spec.max.vars };
        next.add(code);
      }
      return { state: spec.items.filter((i) => next.has(i.value)).map((i) => i.value) };
    },
    answered: (value) => spec.answered(value),
  });
}
