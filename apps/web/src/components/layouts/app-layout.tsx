import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { paths } from '../../config/paths';
import { useAuth, useSignOut } from '../../lib/auth';
import { useIsLive } from '../../lib/live-events';

const NAVIGATION = [
  { label: 'CRM', to: paths.app.crm.getHref(), path: paths.app.crm.path },
  { label: 'Segments', to: paths.app.segments.getHref(), path: paths.app.segments.path },
  { label: 'Agents', to: paths.app.agents.getHref(), path: paths.app.agents.path },
  { label: 'Campaigns', to: paths.app.campaigns.getHref(), path: paths.app.campaigns.path },
  { label: 'Analytics', to: paths.app.analytics.getHref(), path: paths.app.analytics.path },
  { label: 'Suppression list', to: paths.app.suppressions.getHref(), path: paths.app.suppressions.path },
  { label: 'Activity', to: paths.app.activity.getHref(), path: paths.app.activity.path },
];

const MAIN_ID = 'main-content';

/** The signed-in frame: product name, who is signed in, Sign out, and the main navigation. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const isLive = useIsLive();
  const [isNavOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);

  useEffect(closeNav, [pathname, closeNav]);

  const handleSignOut = () =>
    signOut.mutate(undefined, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not sign out', message: error.message }),
    });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
      padding="lg"
    >
      <Anchor href={`#${MAIN_ID}`} className="skip-link">
        Skip to content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={isNavOpen}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
              aria-expanded={isNavOpen}
              aria-controls="main-navigation"
            />
            <Text fw={700} fz={{ base: 'md', sm: 'lg' }} style={{ whiteSpace: 'nowrap' }}>
              VoiceAgent CRM
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap" miw={0}>
            {isLive && (
              // Changes show up as they happen; without it, screens fall back to asking every few seconds.
              <Badge variant="dot" color="green" visibleFrom="xs" role="status" aria-label="Live updates on" title="Changes show up as they happen">
                Live
              </Badge>
            )}
            <Text size="sm" truncate="end" maw={{ base: 90, sm: 320 }} title={session?.user.email}>
              <VisuallyHidden>Signed in as </VisuallyHidden>
              {session?.user.email}
            </Text>
            <Button variant="default" size="sm" onClick={handleSignOut} loading={signOut.isPending} style={{ flexShrink: 0 }}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-navigation" aria-label="Main">
        {NAVIGATION.map((item) => {
          const isActive = pathname === item.path || pathname.startsWith(`${item.path}/`);
          return (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              // The light variant's blue on pale blue misses 4.5:1 contrast.
              variant="filled"
              active={isActive}
              aria-current={isActive ? 'page' : undefined}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID}>{children}</AppShell.Main>
    </AppShell>
  );
}
