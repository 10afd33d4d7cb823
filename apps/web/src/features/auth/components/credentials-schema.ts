import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 8;

const email = z.string().trim().min(1, 'Enter your email address').pipe(z.email('Enter a valid email address, like name@company.com'));

export const ZSignInForm = z.object({
  email,
  password: z.string().min(1, 'Enter your password'),
});

export const ZSignUpForm = z.object({
  email,
  password: z
    .string()
    .min(1, 'Choose a password')
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`),
});
