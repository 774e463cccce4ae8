/**
 * The one module that reads `process.env`. Everything else receives a `Config`.
 */
import { join, resolve } from 'node:path';

export interface Config {
  /** PostgreSQL URL; absent → embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Data directory for PGlite, the directory lock and the generated key file. */
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** 64 hex chars (32 bytes) master key for field encryption and blind indexes; absent → key file in dataDir. */
  readonly secretKey: string | undefined;
  /** Session lifetime in hours. */
  readonly sessionHours: number;
  /** Login attempts allowed per IP per minute. */
  readonly loginRateLimit: number;
  /** Set cookies with the Secure flag (behind HTTPS). */
  readonly secureCookies: boolean;
  readonly logLevel: string;
  /** Number of demo persons loaded on first start (0 = no demo). */
  readonly demoPersons: number;
  readonly demoSeed: number;
  /** Directory of operator rule-pack JSON files loaded on top of the built-in packs. */
  readonly rulePacksDir: string;
  /** Days rejected-row data of a finished comparison run is kept (the uploaded file goes when the run ends); 0 keeps it. */
  readonly comparisonRetentionDays: number;
  // --- issue 11 (trust, data at rest) ---
  /** Key file used when `secretKey` is absent; undefined → `<dataDir>/secret.key` (a warning says so at start). */
  readonly keyFile: string | undefined;
  /** Days a finished import's rejected rows (the report) are kept; the uploaded file itself goes when the job ends. */
  readonly importRetentionDays: number;
  /** Most rows one list export (xlsx) may hold. */
  readonly exportMaxRows: number;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`配置项 ${name} 必须是非负整数 / ${name} must be a non-negative integer (got "${value}")`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const base: Config = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.BANGFU_DATA_DIR || './data'),
    port: intFrom(env.PORT, 8080, 'PORT'),
    host: env.HOST || '0.0.0.0',
    secretKey: env.BANGFU_SECRET_KEY || undefined,
    sessionHours: intFrom(env.BANGFU_SESSION_HOURS, 12, 'BANGFU_SESSION_HOURS'),
    loginRateLimit: intFrom(env.BANGFU_LOGIN_RATE_LIMIT, 10, 'BANGFU_LOGIN_RATE_LIMIT'),
    secureCookies: env.BANGFU_SECURE_COOKIES === '1' || env.BANGFU_SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    demoPersons: intFrom(env.BANGFU_DEMO_PERSONS, 3000, 'BANGFU_DEMO_PERSONS'),
    demoSeed: intFrom(env.BANGFU_DEMO_SEED, 20260101, 'BANGFU_DEMO_SEED'),
    rulePacksDir: resolve(env.BANGFU_RULE_PACKS_DIR || join(env.BANGFU_DATA_DIR || './data', 'rule-packs')),
    comparisonRetentionDays: intFrom(env.BANGFU_COMPARISON_RETENTION_DAYS, 30, 'BANGFU_COMPARISON_RETENTION_DAYS'),
    keyFile: env.BANGFU_SECRET_KEY_FILE ? resolve(env.BANGFU_SECRET_KEY_FILE) : undefined,
    importRetentionDays: intFrom(env.BANGFU_IMPORT_RETENTION_DAYS, 30, 'BANGFU_IMPORT_RETENTION_DAYS'),
    exportMaxRows: intFrom(env.BANGFU_EXPORT_MAX_ROWS, 50_000, 'BANGFU_EXPORT_MAX_ROWS'),
  };
  return { ...base, ...overrides };
}

export const VERSION = '0.1.0';
