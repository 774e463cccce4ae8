import { describe, expect, it } from 'vitest';
import { cleanFileName, sniffMedia } from './media.ts';

const b = (...bytes: number[]) => Buffer.from([...bytes, 0, 0, 0, 0, 0, 0, 0, 0]);

describe('sniffMedia', () => {
  it('tells accepted kinds by their first bytes, whatever the name says', () => {
    expect(sniffMedia(Buffer.from('%PDF-1.7\n…'))?.mediaType).toBe('application/pdf');
    expect(sniffMedia(b(0xff, 0xd8, 0xff, 0xe0))?.mediaType).toBe('image/jpeg');
    expect(sniffMedia(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.mediaType).toBe('image/png');
    expect(sniffMedia(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))?.mediaType).toBe('image/webp');
  });

  it('refuses a zip that is not an office file, and everything else', () => {
    expect(sniffMedia(b(0x50, 0x4b, 0x03, 0x04))).toBeNull();
    expect(sniffMedia(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffMedia(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffMedia(Buffer.alloc(0))).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('drops paths and quotes and keeps Chinese names (control characters are refused by the service)', () => {
    expect(cleanFileName('C:\\Users\\x\\签字表.pdf')).toBe('签字表.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"b.pdf')).toBe('ab.pdf');
    expect(cleanFileName('   ')).toBe('attachment');
    expect(cleanFileName('x'.repeat(300)).length).toBe(120);
  });
});

describe('nameForKind', () => {
  it('keeps a name whose extension fits the content, replaces or adds one that does not', async () => {
    const { nameForKind, ACCEPTED_MEDIA } = await import('./media.ts');
    const pdf = ACCEPTED_MEDIA[0]!;
    expect(nameForKind('a.PDF', pdf)).toBe('a.PDF');
    expect(nameForKind('a.html', pdf)).toBe('a.pdf');
    expect(nameForKind('scan', pdf)).toBe('scan.pdf');
    expect(nameForKind('.bashrc', pdf)).toBe('.bashrc.pdf');
    expect(nameForKind(`${'x'.repeat(118)}.exe`, pdf).length).toBeLessThanOrEqual(120);
  });
});
