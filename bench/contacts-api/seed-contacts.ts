import type { RunningProduct } from '@voiceagent/backend/start';

type Pool = RunningProduct['pool'];

/**
 * Bulk-loads synthetic contacts SQL-side (generate_series): a million rows in a single
 * statement takes seconds, where a million rows over the wire would take minutes.
 */
export type SeedPlan = {
  /** The user holding the big share (already signed up). */
  bigUserId: string;
  bigUserContacts: number;
  /** Further users, created here, sharing the rest as evenly as whole contacts allow. */
  otherUsers: number;
  otherContacts: number;
};

// Accented names on purpose: search must find "Zoë" by "zoe" at this scale too.
const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'José', 'María', 'Zoë', 'Łukasz', 'François', 'Björn', 'Søren', 'Chloé', 'Ines', 'Mateo',
  'Hiroshi', 'Yuki', 'Wei', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Amara', 'Kwame', 'Ngozi',
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Isabella', 'Mia',
  'Aurélie', 'Jürgen', 'Małgorzata', 'Nikolaj', 'Zoltán', 'Åsa', 'Dagný', 'Eoin', 'Siobhán', 'Rafael',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Ångström', 'Müller', 'Kowalski', 'Nowak', 'Dubois', 'Lefèvre', 'Søndergaard', 'Núñez', 'Ibáñez', 'Öztürk',
  'Tanaka', 'Suzuki', 'Wang', 'Zhang', 'Patel', 'Sharma', 'Okafor', 'Mensah', 'Haddad', 'Kim',
  'Andersson', 'Johansson', 'Virtanen', 'Novák', 'Horváth', 'Papadopoulos', 'Rossi', 'Bianchi', 'Costa', 'Silva',
  'Fischer', 'Weber', 'Schneider', 'Becker', 'Hoffmann', 'OConnor', 'Murphy', 'Kelly', 'Byrne', 'Walsh',
];
const COMPANIES = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell',
  'Cyberdyne', 'Soylent', 'Massive Dynamic', 'Aperture', 'Black Mesa', 'Oscorp', 'Gringotts', 'Monarch', 'Nakatomi', 'Pied Piper',
  'Dunder Mifflin', 'Prestige Worldwide', 'Sterling Cooper', 'Bluth', 'Los Pollos', 'Gekko', 'Duff', 'Krusty', 'Blue Sun', 'Weyland',
];
const SUFFIXES = ['Inc', 'LLC', 'GmbH', 'Ltd', 'SA', 'AB', 'BV', 'Corp'];
const TITLES = ['CEO', 'CTO', 'VP Sales', 'Account Executive', 'Office Manager', 'Engineer', 'Buyer', 'Founder', 'Marketing Lead', 'Consultant'];
const DOMAINS = ['example.com', 'mail.test', 'corp.example', 'inbox.example', 'company.test'];
const PLANS = ['free', 'starter', 'pro', 'team', 'enterprise'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];

/** arr[1 + expr % len] as SQL: a deterministic pick from one of the arrays below. */
const pick = (arr: string, expr: string) => `${arr}[(1 + (${expr}) % array_length(${arr}, 1))::int]`;
const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/**
 * One row per (owner, n). Every 5th pair of rows is the same person in both CRMs (a Zoho row
 * repeating the HubSpot row three before it), so duplicate groups exist at scale; about two
 * thirds have a callable (E.164) phone, some a mobile only, some no phone at all; one in 97
 * is deleted in its CRM.
 */
function buildInsertSql(ownersSql: string): string {
  return `
    with names as (select ${sqlArray(FIRST_NAMES)} as firsts, ${sqlArray(LAST_NAMES)} as lasts,
                          ${sqlArray(COMPANIES)} as companies, ${sqlArray(SUFFIXES)} as suffixes,
                          ${sqlArray(TITLES)} as titles, ${sqlArray(DOMAINS)} as domains, ${sqlArray(STAGES)} as stages,
                          ${sqlArray(PLANS)} as plans),
    rows as (
      select o.user_id, g.n,
             case when g.n % 5 < 3 then 'hubspot' else 'zoho' end as platform,
             -- the person: a Zoho row with n % 20 = 3 is the HubSpot row n - 3 again
             case when g.n % 20 = 3 then g.n - 3 else g.n end as p
      from (${ownersSql}) o(user_id, contacts)
      cross join lateral generate_series(1, o.contacts) g(n)
    ),
    people as (
      select r.*, nm.*,
             ((r.p * 2654435761) % 4294967296) as h,
             -- distinct numbers for distinct people (up to 8M per user)
             200 + (r.p / 10000) % 800 as area,
             r.p % 10000 as line
      from rows r, names nm
    )
    insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, email, phone, phone_e164,
      mobile_phone, mobile_phone_e164, company, job_title, lifecycle_stage, lead_status, crm_created_at, crm_updated_at, deleted_at, custom_fields)
    select user_id, platform, platform || '-' || n,
           ${pick('firsts', 'h')},
           ${pick('lasts', '(h / 97)')},
           case when p % 17 = 0 then null else
             lower(private.normalize_search_text(${pick('firsts', 'h')})) || '.' ||
             lower(private.normalize_search_text(${pick('lasts', '(h / 97)')})) || p || '@' ||
             ${pick('domains', 'p')} end,
           case when p % 3 = 2 then null
                when p % 4 = 0 then area || '-555-' || lpad(line::text, 4, '0')
                else '+1 (' || area || ') 555-' || lpad(line::text, 4, '0') end,
           case when p % 3 = 2 or p % 11 = 0 then null else '+1' || area || '555' || lpad(line::text, 4, '0') end,
           case when p % 7 = 0 then '+44 7700 ' || lpad(((p * 31) % 1000000)::text, 6, '0') end,
           case when p % 7 = 0 then '+447700' || lpad(((p * 31) % 1000000)::text, 6, '0') end,
           ${pick('companies', '(h / 13)')} || ' ' || ${pick('suffixes', 'p')},
           ${pick('titles', '(h / 7)')},
           ${pick('stages', 'p')},
           case when p % 4 = 0 then 'NEW' when p % 4 = 1 then 'OPEN' else null end,
           now() - make_interval(days => 400 + (h % 1000)::int),
           case when n % 19 = 0 then null else now() - make_interval(secs => (h % 31536000)::double precision) end,
           case when n % 97 = 0 then now() - interval '1 day' end,
           -- two mapped custom keys (see CUSTOM_MAPPINGS), for filter trees on custom fields
           jsonb_build_object('plan', ${pick('plans', '(h / 3)')}, 'seats', (h % 200)::int)
    from people`;
}

/** The custom keys the seeded contacts hold, as mappings of the user's HubSpot and Zoho connections. */
export async function seedCustomMappings(pool: Pool, userId: string): Promise<void> {
  const options = JSON.stringify(PLANS.map((plan) => ({ value: plan, label: plan })));
  await pool.query(
    `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type, options)
     select $1, p.platform, 'contact', f.name, 'custom', f.key, f.label, f.type, f.options::jsonb
     from unnest(array['hubspot', 'zoho']) p(platform),
          (values ('plan_tier', 'plan', 'Plan', 'enumeration', $2), ('seats', 'seats', 'Seats', 'number', '[]')) f(name, key, label, type, options)`,
    [userId, options],
  );
}

/** Creates the other users, then loads every user's contacts; returns the other users' ids. */
export async function seedContacts(pool: Pool, plan: SeedPlan): Promise<{ otherUserIds: string[] }> {
  const others = await pool.query<{ id: string }>(
    `insert into auth.users (aud, role, email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
     select 'authenticated', 'authenticated', 'bench-user-' || g || '-' || gen_random_uuid() || '@example.test', now(),
            '{"provider":"email","providers":["email"]}', '{}'
     from generate_series(1, $1::int) g
     returning id`,
    [plan.otherUsers],
  );
  const otherUserIds = others.rows.map((row) => row.id);
  await pool.query(buildInsertSql(`select $1::uuid, $2::int`), [plan.bigUserId, plan.bigUserContacts]);
  const share = Math.floor(plan.otherContacts / plan.otherUsers);
  const counts = otherUserIds.map((_, i) => share + (i < plan.otherContacts - share * plan.otherUsers ? 1 : 0));
  await pool.query(buildInsertSql(`select * from unnest($1::uuid[], $2::int[])`), [otherUserIds, counts]);
  await pool.query('vacuum analyze public.crm_contacts');
  return { otherUserIds };
}
