import { Alert, Button, createTheme, Notification, type CSSVariablesResolver } from '@mantine/core';

// Mantine's default shades put white-on-blue buttons, blue links, red error text and dimmed
// text under WCAG AA's 4.5:1 contrast; these darker shades pass.
// Light alerts title in shade 6 of their colour, under 4.5:1 on their own tint; these pass.
const LIGHT_ALERT_TEXT: Record<string, string> = {
  red: 'var(--mantine-color-red-9)',
  blue: 'var(--mantine-color-blue-9)',
  green: '#1e6e31',
  orange: '#9c3d0a',
  gray: 'var(--mantine-color-gray-8)',
};

export const theme = createTheme({
  // People who ask their system for less motion get no transitions (and axe in the browser
  // tests, which ask too, never measures a dialog's contrast halfway through its fade-in).
  respectReducedMotion: true,
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  components: {
    Alert: Alert.extend({
      vars: (_theme, props) => {
        const text = (props.variant ?? 'light') === 'light' && props.color ? LIGHT_ALERT_TEXT[props.color.split('.')[0] ?? ''] : undefined;
        return { root: text ? { '--alert-color': text } : {} };
      },
    }),
    // Light buttons write shade 8 on their own tint (4.39:1 for blue); shade 9 passes.
    Button: Button.extend({
      vars: (theme, props) => (props.variant === 'light' ? { root: { '--button-color': `var(--mantine-color-${(props.color ?? theme.primaryColor).split('.')[0]}-9)` } } : { root: {} }),
    }),
    // A dialog's close button is an icon: give it a name in every dialog. A plain object, not
    // Modal.extend, so that the theme does not pull the Modal component into the first bundle.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    // Toasts: the close button has no name of its own, and the message under a title is gray.6 (3.3:1).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-error': t.colors.red[9],
    '--mantine-color-placeholder': t.colors.gray[7],
  },
  dark: {},
});
