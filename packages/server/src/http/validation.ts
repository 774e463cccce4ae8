/**
 * Turns schema-validation failures into field-named, bilingual issues. Zod's own messages are English; the
 * Chinese wording is produced here from the issue code so both languages say the same thing.
 */
import type { FieldIssue } from '../errors/app-error.ts';

interface ValidationItem {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function zhFor(item: ValidationItem): string {
  const p = item.params ?? {};
  switch (item.keyword) {
    case 'invalid_type':
      return /received undefined/.test(item.message ?? '') ? '必填' : `类型错误，应为 ${String(p.expected)}`;
    case 'too_small':
      return p.origin === 'string' ? `长度不能少于 ${String(p.minimum)}` : `不能小于 ${String(p.minimum)}`;
    case 'too_big':
      return p.origin === 'string' ? `长度不能超过 ${String(p.maximum)}` : `不能大于 ${String(p.maximum)}`;
    case 'unrecognized_keys':
      return `不允许的字段：${Array.isArray(p.keys) ? p.keys.join(', ') : ''}`;
    case 'invalid_format':
      return `格式不正确（${String(p.format ?? p.pattern ?? '')}）`;
    case 'invalid_value':
      return `取值不在允许范围内：${Array.isArray(p.values) ? p.values.join(' / ') : ''}`;
    case 'invalid_union':
      return '不符合任何允许的形式';
    case 'custom': {
      // Rules-package refinements carry their Chinese wording in params.zh.
      const inner = p.params as { zh?: unknown } | undefined;
      return typeof inner?.zh === 'string' ? inner.zh : splitBilingual(item.message).zh;
    }
    default:
      return splitBilingual(item.message).zh;
  }
}

/** Custom messages may be written "中文 / English"; otherwise the same text serves both languages. */
function splitBilingual(message: string | undefined): { zh: string; en: string } {
  const text = message ?? 'invalid';
  const i = text.indexOf(' / ');
  return i > 0 ? { zh: text.slice(0, i), en: text.slice(i + 3) } : { zh: text, en: text };
}

export function issuesFromValidation(context: string | undefined, items: readonly ValidationItem[]): FieldIssue[] {
  return items.map((item) => {
    const path = (item.instancePath ?? '').split('/').filter(Boolean);
    // For unknown keys, name the offending key itself.
    if (item.keyword === 'unrecognized_keys' && Array.isArray(item.params?.keys) && item.params.keys.length > 0) {
      path.push(String(item.params.keys[0]));
    }
    const field = [context ?? 'body', ...path].join('.');
    const en = item.keyword === 'custom' || item.keyword === undefined ? splitBilingual(item.message).en : (item.message ?? 'invalid');
    return { field, messageZh: zhFor(item), messageEn: en };
  });
}
