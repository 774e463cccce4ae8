import { describe, expect, it } from 'vitest';
import { RateLimiter, signBody, verifySignature } from './sms-gateway.ts';
import { unknownVariables } from './templates.ts';
import { wordingFor } from './delivery.ts';

describe('SMS gateway helpers', () => {
  it('signs and verifies HMAC-SHA256 over "timestamp\\nbody" in constant time', () => {
    const sig = signBody('secret', '1700000000000', '[{"biz_id":"1"}]');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature('secret', '1700000000000', '[{"biz_id":"1"}]', sig)).toBe(true);
    expect(verifySignature('secret', '1700000000001', '[{"biz_id":"1"}]', sig)).toBe(false);
    expect(verifySignature('other', '1700000000000', '[{"biz_id":"1"}]', sig)).toBe(false);
    expect(verifySignature('secret', '1700000000000', '[{"biz_id":"2"}]', sig)).toBe(false);
    expect(verifySignature('secret', '1700000000000', '[{"biz_id":"1"}]', undefined)).toBe(false);
    expect(verifySignature('secret', '1700000000000', '[{"biz_id":"1"}]', 'zz')).toBe(false);
  });

  it('lets at most n calls start per second', async () => {
    const limiter = new RateLimiter(5);
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 7 }, async () => {
      await limiter.take();
      started.push(Date.now() - t0);
    }));
    expect(started.filter((ms) => ms < 900)).toHaveLength(5);
  });

  it('names the variables a wording uses that the template does not carry', () => {
    expect(unknownVariables('registration.created', '{name} {registrationNo}')).toEqual([]);
    expect(unknownVariables('registration.created', '{name} {nmae} {}')).toEqual(['nmae', '']);
  });

  it('takes the wording of the longest matching jurisdiction prefix', () => {
    const w = [
      { jurisdictionCode: '150000000000', templateId: 't', textZh: 'province', smsTemplateCode: null },
      { jurisdictionCode: '150102000000', templateId: 't', textZh: 'county', smsTemplateCode: null },
      { jurisdictionCode: '411002000000', templateId: 't', textZh: 'elsewhere', smsTemplateCode: null },
    ];
    expect(wordingFor(w, 't', '150102001001')?.textZh).toBe('county');
    expect(wordingFor(w, 't', '150203001001')?.textZh).toBe('province');
    expect(wordingFor(w, 't', '500103001001')).toBeUndefined();
    expect(wordingFor(w, 'other', '150102001001')).toBeUndefined();
  });
});
