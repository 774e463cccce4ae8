/**
 * Citizen self-service (R2.3 online channel): sign up with ID number and phone (bound to the existing person file
 * found by the ID number's blind index, or a minimal new file in the chosen residence community), sign in by ID
 * number, register online with the written commitment, see own status (registrations, tier, service level,
 * caseworker and office), the certificate, in-app notices, and the QR code that leads to online registration.
 *
 * Account names hold no plaintext: a citizen's username is derived from the keyed blind index of the ID number.
 */
import QRCode from 'qrcode';
import { type PackRegistry, calendarForPack, checkIdentity, evaluateLevel, evaluateTier, parseIsoDate, type Mark } from '@bangfu/rules';
import { isDivisionCode, levelOf } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor } from '../../http/context.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import { hashPassword, isStrongEnough } from '../../security/passwords.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { commitmentSha256, currentCommitment } from '../registration/commitment.ts';
import type { PersonFileCreator } from '../registration/person-files.ts';
import { isUniqueViolation } from '../../db/executor.ts';
import type { TRegistrationBody } from '../registration/registration.contract.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import { ACTIVATION_CODE_MAX_FAILURES, activationCodeHash } from './activation-code.ts';
import type { CitizenRepository } from './citizen.repository.ts';

export interface SignupInput {
  idNumber: string;
  name: string;
  phone: string;
  password: string;
  residenceCode?: string | undefined;
  /** The in-person activation code (开通码) the office issued for the existing file. */
  activationCode?: string | undefined;
}

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: ${zh} / ${en}` }, issues: [{ field, messageZh: zh, messageEn: en }] });
}

/** Username of a citizen account: derived from the ID number's blind index, so the users table holds no ID number. */
export function citizenUsername(cipher: FieldCipher, normalizedId: string): string {
  return `cz-${cipher.blindIndex('id_number', normalizedId)}`;
}

export class CitizenService {
  constructor(
    private readonly repo: CitizenRepository,
    private readonly cipher: FieldCipher,
    private readonly auth: AuthService,
    private readonly registration: RegistrationService,
    private readonly notifications: NotificationsService,
    private readonly personFiles: PersonFileCreator,
    private readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    private readonly clock: Clock = systemClock,
  ) {}

  private identity(raw: string): { id: string; documentType: string; sex: 'male' | 'female'; birthDate: string } {
    const today = this.registration.today();
    const r = checkIdentity(raw, { asOf: today });
    const problem = r.problems[0];
    if (!r.valid || !r.normalized || !r.documentType) {
      throw invalid('body.idNumber', problem?.messageZh ?? '证件号码无效', problem?.messageEn ?? 'invalid document number');
    }
    if (!r.sex || !r.birthDate) throw invalid('body.idNumber', '该证件不含出生日期和性别，请到经办机构办理', 'this document carries no birth date and sex; please register at an office');
    return { id: normalizeIdNumber(r.normalized), documentType: r.documentType, sex: r.sex, birthDate: r.birthDate };
  }

  /**
   * Creates the account and signs the citizen in. Binding to a file the office holds needs the in-person
   * activation code issued for that file (and the name on it); without a file, a residence community creates a
   * minimal self-reported file, flagged unverified until a caseworker confirms the identity. Every sign-up that
   * cannot complete — file exists without (or with a wrong, used or expired) code, name mismatch, account exists,
   * hidden file, no residence — gets the one answer `CITIZEN_SIGNUP_REFUSED`, so the form is no oracle of who
   * has a file (PIPL 第五十一条 security measures); the audit entry keeps the real reason for the office.
   */
  async signup(ctx: RequestContext, input: SignupInput) {
    const identity = this.identity(input.idNumber);
    const phone = normalizePhone(input.phone);
    if (!/^1\d{10}$/.test(phone)) throw invalid('body.phone', '手机号码应为 11 位数字', 'phone: an 11-digit mobile number');
    if (!isStrongEnough(input.password)) throw new AppError('PASSWORD_TOO_WEAK', { field: 'body.password' });
    // The residence is checked before anything is looked up, so its answer never depends on which files exist.
    const residence = input.residenceCode;
    if (residence !== undefined) {
      const division = isDivisionCode(residence) ? await this.repo.division(residence) : undefined;
      if (!division) throw invalid('body.residenceCode', `区划代码 ${residence} 不存在`, `unknown division code ${residence}`);
      if (levelOf(residence) !== 'village') throw invalid('body.residenceCode', '请选择到社区/村一级', 'choose a community or village (the lowest level)');
    }
    const name = input.name.trim();
    const username = citizenUsername(this.cipher, identity.id);
    const bidx = this.cipher.blindIndex('id_number', identity.id);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();

    // Filled inside the transaction, read after it (an object, so TypeScript sees the closure's writes).
    const outcome: { refusal: string | null; wrongTry: { personId: string; id: string } | null } = { refusal: null, wrongTry: null };
    const refuse = (reason: string): AppError => {
      outcome.refusal = reason;
      return new AppError('CITIZEN_SIGNUP_REFUSED');
    };
    let createdFile = false;
    let personId: string;
    try {
      personId = await this.repo.transaction(async (tx) => {
        if (await this.repo.userByUsername(username, tx)) throw refuse('account_exists');
        const existing = await this.repo.anyPersonByIdBidx(bidx, tx);
        let person: { id: string; jurisdictionCode: string };
        if (existing) {
          if (existing.hiddenAt !== null) throw refuse('file_hidden');
          if (!input.activationCode) throw refuse('file_exists_no_code');
          const live = await this.repo.liveActivationCode(tx, existing.id);
          if (!live) throw refuse('no_live_code');
          if (live.expiresAt.getTime() <= now.getTime()) throw refuse('code_expired');
          if (live.codeHash !== activationCodeHash(this.cipher, input.activationCode) || existing.name !== name) {
            outcome.wrongTry = { personId: existing.id, id: live.id };
            throw refuse(existing.name !== name ? 'name_mismatch' : 'wrong_code');
          }
          if (await this.repo.citizenForPerson(existing.id, tx)) throw refuse('account_exists');
          await this.repo.useActivationCode(tx, existing.id, live.id, now);
          person = existing;
        } else {
          if (input.activationCode) throw refuse('no_file_with_code');
          if (residence === undefined) throw refuse('no_file_no_residence');
          const created = await this.personFiles.create(
            tx,
            { jurisdictionCode: residence, name, idNumber: identity.id, documentType: identity.documentType, sex: identity.sex, birthDate: identity.birthDate, phone, source: 'self_report', identityVerified: false },
            { userId: null, name: username },
            this.registration.today(),
          );
          person = { id: created.id, jurisdictionCode: residence };
          createdFile = true;
        }
        await this.repo.insertUser(tx, {
          username,
          passwordHash,
          displayName: name,
          role: 'citizen',
          jurisdictionCode: person.jurisdictionCode,
          personId: person.id,
        });
        return person.id;
      });
    } catch (e) {
      const tried = outcome.wrongTry;
      if (tried) await this.repo.failActivationCode(tried.personId, tried.id, ACTIVATION_CODE_MAX_FAILURES, now);
      // A concurrent sign-up or file for the same number: the same answer as every other refusal.
      if (isUniqueViolation(e) || (e instanceof AppError && e.code === 'PERSON_DUPLICATE_ELSEWHERE')) refuse('concurrent');
      if (outcome.refusal !== null) {
        ctx.audit = { action: 'citizen.signup', denied: true, detail: { reason: outcome.refusal } };
        throw new AppError('CITIZEN_SIGNUP_REFUSED');
      }
      throw e;
    }
    const session = await this.auth.login(ctx, username, input.password);
    ctx.audit = { action: 'citizen.signup', resourceType: 'person', resourceId: personId, jurisdictionCode: session.actor.jurisdictionCode, detail: { createdFile, activationCode: !createdFile } };
    return { ...session, createdFile };
  }

  /** Sign-in by ID number (the account name is derived from it). */
  async login(ctx: RequestContext, idNumber: string, password: string) {
    let username: string;
    try {
      username = citizenUsername(this.cipher, this.identity(idNumber).id);
    } catch {
      // Same answer as a wrong password: the sign-in form must not reveal which numbers are valid or registered.
      username = 'cz-unknown';
    }
    return this.auth.login(ctx, username, password);
  }

  private personIdOf(ctx: RequestContext): string {
    const actor = requireActor(ctx);
    if (actor.role !== 'citizen' || !actor.personId) throw new AppError('FORBIDDEN');
    return actor.personId;
  }

  async register(ctx: RequestContext, body: Omit<TRegistrationBody, 'jurisdictionCode' | 'registeredOn' | 'appliedOn'> & { officeId?: string | undefined }) {
    const personId = this.personIdOf(ctx);
    const { officeId, ...rest } = body;
    return this.registration.register(ctx, personId, rest, 'online', officeId);
  }

  async status(ctx: RequestContext) {
    const personId = this.personIdOf(ctx);
    const person = await this.repo.person(personId);
    if (!person) throw new AppError('NOT_FOUND');
    const { items } = await this.registration.forPerson(ctx, personId);
    const today = this.registration.today();
    const active = items.find((r) => r.state === 'active' && r.kind === 'unemployment') ?? items.find((r) => r.state === 'active') ?? null;
    const marks = await this.repo.activeMarks(personId);
    let tier: { code: string; months: number; since: string; nextChange: string | null; explanation: { text: string; textEn: string; source: string } | null } | null = null;
    let level: { code: string; deadline: string | null; explanation: { text: string; textEn: string; source: string } | null } | null = null;
    if (active && active.kind === 'unemployment') {
      const pack = this.registry.resolve(active.jurisdiction.code, today);
      const registeredOn = parseIsoDate(active.registeredOn, 'registeredOn');
      const t = evaluateTier(registeredOn, pack, parseIsoDate(today, 'asOf'));
      const e = t.explanations[0];
      tier = { code: t.code, months: t.months, since: t.since, nextChange: t.nextChange, explanation: e ? { text: e.text, textEn: e.textEn ?? e.text, source: e.source } : null };
      const l = evaluateLevel({ marks: new Set(marks as Mark[]), registeredOn }, pack, calendarForPack(pack));
      const le = l.explanations.find((x) => x.rule === 'level.level2') ?? l.explanations[0];
      level = { code: l.code, deadline: l.deadline, explanation: le ? { text: le.text, textEn: le.textEn ?? le.text, source: le.source } : null };
    }
    const division = await this.repo.division(person.jurisdictionCode);
    const office = active?.office ?? (await this.registration.repo.officeFor(person.jurisdictionCode).then((o) => (o ? { id: o.id, name: o.name, address: o.address, phone: o.phone } : null))) ?? null;
    const caseworker = active?.caseworker ?? (await this.registration.repo.caseworkerFor(person.jurisdictionCode)) ?? null;
    const commitment = currentCommitment(today);
    ctx.audit = { action: 'citizen.status', resourceType: 'person', resourceId: personId, jurisdictionCode: person.jurisdictionCode };
    return {
      person: {
        id: person.id,
        name: person.name,
        idNumberMasked: person.idNumberMasked,
        phoneMasked: person.phoneMasked,
        jurisdiction: { code: person.jurisdictionCode, name: division?.name ?? person.jurisdictionCode },
        employmentStatus: person.employmentStatus,
        marks,
      },
      activeRegistration: active,
      registrations: items,
      tier,
      level,
      caseworker,
      office,
      commitment: { ...commitment, sha256: commitmentSha256(commitment) },
      notifications: await this.notifications.inbox(personId),
      asOf: today,
    };
  }

  async certificate(ctx: RequestContext, registrationId: string) {
    this.personIdOf(ctx);
    return this.registration.certificate(ctx, registrationId);
  }

  async office(id: string) {
    const office = await this.repo.office(id);
    if (!office) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const division = await this.repo.division(office.jurisdictionCode);
    return {
      id: office.id,
      name: office.name,
      address: office.address,
      phone: office.phone,
      level: office.level,
      jurisdiction: { code: office.jurisdictionCode, name: division?.name ?? office.jurisdictionCode },
    };
  }

  /** SVG QR code of the online registration entry for an office (`<origin>/#/citizen/register?office=<id>`). */
  async officeQr(id: string, origin: string): Promise<{ svg: string; url: string }> {
    const office = await this.repo.office(id);
    if (!office) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const url = `${origin}/#/citizen/register?office=${office.id}`;
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { svg, url };
  }
}
