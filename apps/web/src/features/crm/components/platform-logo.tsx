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

const LOGOS = { hubspot: HubSpotLogo, zoho: ZohoLogo } as const satisfies Record<TPlatform, (props: LogoProps) => React.JSX.Element>;

export function PlatformLogo({ platform, size = 40 }: { platform: TPlatform; size?: number }) {
  const Logo = LOGOS[platform];
  return <Logo size={size} />;
}
