import { ApiRequestError } from '../api/request.js';

/** The server's shortest password (`PasswordChangeBody.new_password`). */
export const MIN_PASSWORD_LENGTH = 12;

/** What is wrong with the change-password form, by field; `form` belongs to no field. */
export interface PasswordProblems {
  current_password?: string;
  new_password?: string;
  confirm?: string;
  form?: string;
}

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** What the browser can tell before asking: everything filled in, long enough, typed the same twice. */
export function checkPasswordForm(current: string, next: string, confirm: string): PasswordProblems {
  const problems: PasswordProblems = {};
  if (!current) problems.current_password = 'Enter your current password.';
  if (next.length < MIN_PASSWORD_LENGTH) problems.new_password = `At least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (confirm !== next) problems.confirm = 'Does not match the new password.';
  return problems;
}

/**
 * The server's answer placed on the form: its field details under their fields (e.g.
 * `body.current_password` "is not your current password"), anything else (429 "too many
 * attempts", a user signed in through single sign-on) above the form, in the server's words.
 */
export function passwordProblemsOf(error: unknown): PasswordProblems {
  if (!(error instanceof ApiRequestError)) return { form: error instanceof Error ? error.message : String(error) };
  if (error.status === 429) return { form: error.message };
  const fields = error.fieldErrors();
  const problems: PasswordProblems = {};
  if (fields.current_password) problems.current_password = sentence(fields.current_password);
  if (fields.new_password) problems.new_password = sentence(fields.new_password);
  const form = error.unplacedMessage(['current_password', 'new_password']);
  if (form) problems.form = form;
  return problems;
}
