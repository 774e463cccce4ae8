/**
 * Public-welfare posts (公益性岗位, R6), the slice's one entry for routes and tests: the post register
 * (`register.service.ts`), candidate ranking, placement, extension (pure limit in `extension.ts`), exit and term-end
 * alerts (`placements.service.ts`), and complaints with investigation and removal of people placed in breach
 * (`complaints.service.ts`, CQ25 六), over one shared core (`posts.core.ts`). This class only wires them and
 * delegates. Refusals write nothing.
 */
import type { PackRegistry } from '@bangfu/rules';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { AssistanceRepository } from '../assistance/assistance.repository.ts';
import { PostComplaints } from './complaints.service.ts';
import { PostPlacements } from './placements.service.ts';
import { PostsCore } from './posts.core.ts';
import type { PostsRepository } from './posts.repository.ts';
import { PostRegister } from './register.service.ts';

export { EXIT_REASONS, type PostExitReason } from './posts.contract.ts';

export class PostsService {
  readonly core: PostsCore;
  readonly register: PostRegister;
  readonly placements: PostPlacements;
  readonly complaints: PostComplaints;

  constructor(repo: PostsRepository, _assistanceRepo: AssistanceRepository, cipher: FieldCipher, registry: PackRegistry, readonly clock: Clock) {
    this.core = new PostsCore(repo, cipher, registry, clock);
    this.register = new PostRegister(this.core);
    this.placements = new PostPlacements(this.core);
    this.complaints = new PostComplaints(this.core);
  }

  /** Pool members loaded per chunk when ranking (tests make it small to cross chunk borders). */
  get poolChunk(): number {
    return this.placements.poolChunk;
  }

  set poolChunk(n: number) {
    this.placements.poolChunk = n;
  }

  // The post register.
  create: PostRegister['create'] = (ctx, body) => this.register.create(ctx, body);
  list: PostRegister['list'] = (ctx, q) => this.register.list(ctx, q);
  get: PostRegister['get'] = (ctx, id) => this.register.get(ctx, id);
  setStatus: PostRegister['setStatus'] = (ctx, id, status) => this.register.setStatus(ctx, id, status);

  // Ranking and placement.
  candidates: PostPlacements['candidates'] = (ctx, id, q) => this.placements.candidates(ctx, id, q);
  place: PostPlacements['place'] = (ctx, id, body) => this.placements.place(ctx, id, body);
  extensionPreview: PostPlacements['extensionPreview'] = (ctx, placementId) => this.placements.extensionPreview(ctx, placementId);
  extend: PostPlacements['extend'] = (ctx, placementId, body) => this.placements.extend(ctx, placementId, body);
  exit: PostPlacements['exit'] = (ctx, placementId, body) => this.placements.exit(ctx, placementId, body);
  alerts: PostPlacements['alerts'] = (ctx, q) => this.placements.alerts(ctx, q);

  // Complaints.
  complain: PostComplaints['complain'] = (ctx, id, body) => this.complaints.complain(ctx, id, body);
  investigate: PostComplaints['investigate'] = (ctx, id, complaintId, body) => this.complaints.investigate(ctx, id, complaintId, body);
}
