import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/request.js';
import { checkPasswordForm, passwordProblemsOf } from './change-password.js';

describe('change password form', () => {
  it('checks what the browser can before asking the server', () => {
    expect(checkPasswordForm('', 'a new long password', 'a new long password')).toEqual({ current_password: 'Enter your current password.' });
    expect(checkPasswordForm('old', 'short', 'short')).toEqual({ new_password: 'At least 12 characters.' });
    expect(checkPasswordForm('old', 'a new long password', 'a new long passwort')).toEqual({ confirm: 'Does not match the new password.' });
    expect(checkPasswordForm('old', 'a new long password', 'a new long password')).toEqual({});
  });

  it('puts the server’s field details under their fields', () => {
    const wrong = new ApiRequestError(400, 'validation_failed', 'body.current_password is not your current password', [{ field: 'body.current_password', message: 'is not your current password' }]);
    expect(passwordProblemsOf(wrong)).toEqual({ current_password: 'Is not your current password' });
    const same = new ApiRequestError(400, 'validation_failed', 'body.new_password must differ from your current password', [{ field: 'body.new_password', message: 'must differ from your current password' }]);
    expect(passwordProblemsOf(same)).toEqual({ new_password: 'Must differ from your current password' });
  });

  it('shows a refusal that belongs to no field (too many attempts, not a local user) in the server’s words', () => {
    expect(passwordProblemsOf(new ApiRequestError(429, 'rate_limited', 'Too many attempts: wait a minute, then try again'))).toEqual({ form: 'Too many attempts: wait a minute, then try again' });
    expect(passwordProblemsOf(new ApiRequestError(400, 'not_local_user', 'Sign in with your password to change it'))).toEqual({ form: 'Sign in with your password to change it' });
    expect(passwordProblemsOf(new ApiRequestError(0, 'network', 'Cannot reach the Flux Orchestrator server.'))).toEqual({ form: 'Cannot reach the Flux Orchestrator server.' });
  });
});
