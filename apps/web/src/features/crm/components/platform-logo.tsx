import type { TPlatform } from '@voiceagent/shared';

type LogoProps = { size: number };

// Drawn here rather than fetched: the app loads no external assets. Decorative (the card's
// title names the platform), so hidden from screen readers.

/** HubSpot's sprocket: a hub ring with a spoke to a node, in HubSpot orange. */
function HubSpotLogo({ size }: LogoProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden focusable="false">
      <rect width="40" height="40" rx="9" fill="#ff7a59" />
      <circle cx="23" cy="23" r="6.5" fill="none" stroke="#fff" strokeWidth="3.5" />
      <path d="M23 16.5V10M18.2 27.8 11 33" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="23" cy="9" r="3" fill="#fff" />
      <circle cx="10.5" cy="33" r="2.6" fill="#fff" />
    </svg>
  );
}

/** Zoho's four tiles in its red, green, blue and yellow. */
function ZohoLogo({ size }: LogoProps) {
  const tiles = [
    { x: 4, y: 4, fill: '#e42527' },
    { x: 21, y: 4, fill: '#089949' },
    { x: 4, y: 21, fill: '#226db4' },
    { x: 21, y: 21, fill: '#f9b21d' },
  ];
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden focusable="false">
      <rect width="40" height="40" rx="9" fill="#fff" stroke="#dee2e6" />
      {tiles.map((tile) => (
        <rect key={tile.fill} x={tile.x} y={tile.y} width="15" height="15" rx="3" fill={tile.fill} />
      ))}
    </svg>
  );
}

/** Salesforce's cloud, white on its blue. */
function SalesforceLogo({ size }: LogoProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden focusable="false">
      <rect width="40" height="40" rx="9" fill="#00a1e0" />
      <path
        d="M16.6 12.2a5.6 5.6 0 0 1 4.1-1.8 5.7 5.7 0 0 1 5 3 6.9 6.9 0 0 1 2.8-.6 7 7 0 0 1 0 14 7 7 0 0 1-1.4-.1 5.1 5.1 0 0 1-4.5 2.6 5.1 5.1 0 0 1-2.2-.5 5.8 5.8 0 0 1-10.8-.3 5.3 5.3 0 0 1-1.1.1 5.4 5.4 0 0 1-2.7-10.1 6.2 6.2 0 0 1 10.8-6.3z"
        fill="#fff"
      />
    </svg>
  );
}

const LOGOS = { hubspot: HubSpotLogo, zoho: ZohoLogo, salesforce: SalesforceLogo } as const satisfies Record<TPlatform, (props: LogoProps) => React.JSX.Element>;

export function PlatformLogo({ platform, size = 40 }: { platform: TPlatform; size?: number }) {
  const Logo = LOGOS[platform];
  return <Logo size={size} />;
}
