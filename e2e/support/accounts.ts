// The demo accounts loaded with `demo` data (see the server's demo loader); one password for all of them.
export const DEMO_PASSWORD = 'demo-2026';

export interface DemoAccount {
  username: string;
  role: 'citizen' | 'caseworker' | 'operator' | 'supervisor' | 'partner' | 'employer' | 'admin';
  /** The account's jurisdiction (12-digit division code); for the citizen, the community of their own file. */
  jurisdiction: string;
}

export const DEMO_ACCOUNTS = {
  caseworker: { username: 'caseworker', role: 'caseworker', jurisdiction: '150102001001' },
  caseworkerVillage2: { username: 'caseworker.village2', role: 'caseworker', jurisdiction: '150102001002' },
  caseworkerTownship: { username: 'caseworker.township', role: 'caseworker', jurisdiction: '150102001000' },
  operatorCounty: { username: 'operator.county', role: 'operator', jurisdiction: '150102000000' },
  operatorCity: { username: 'operator.city', role: 'operator', jurisdiction: '150100000000' },
  supervisorCity: { username: 'supervisor.city', role: 'supervisor', jurisdiction: '150100000000' },
  supervisorProvince: { username: 'supervisor.province', role: 'supervisor', jurisdiction: '150000000000' },
  admin: { username: 'admin', role: 'admin', jurisdiction: '000000000000' },
  partnerCity: { username: 'partner.city', role: 'partner', jurisdiction: '150100000000' },
  citizen: { username: 'citizen', role: 'citizen', jurisdiction: '150102001001' },
  caseworkerXuchang: { username: 'caseworker.xuchang', role: 'caseworker', jurisdiction: '411002001001' },
  operatorXuchang: { username: 'operator.xuchang', role: 'operator', jurisdiction: '411002000000' },
  // The first community of 七星岗街道 (渝中区) in shared/data/divisions-demo.csv.
  caseworkerChongqing: { username: 'caseworker.chongqing', role: 'caseworker', jurisdiction: '500103001003' },
  operatorChongqing: { username: 'operator.chongqing', role: 'operator', jurisdiction: '500103000000' },
} as const satisfies Record<string, DemoAccount>;
