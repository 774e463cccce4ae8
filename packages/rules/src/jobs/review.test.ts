import { describe, expect, it } from 'vitest';
import { reviewPostingText } from './review.ts';

describe('reviewPostingText: forbidden conditions named by phrase', () => {
  it.each([
    ['限男性，吃苦耐劳', 'gender', '限男性'],
    ['男性优先，能上夜班', 'gender', '男性优先'],
    ['性别：男', 'gender', '性别：男'],
    ['仅限汉族', 'ethnicity', '仅限汉族'],
    ['汉族优先', 'ethnicity', '汉族优先'],
    ['要求本市户口', 'hukou', '本市户口'],
    ['本地户籍优先', 'hukou', '本地户籍优先'],
    ['已婚已育者优先', 'marital', '已婚已育'],
    ['入职后两年内不得怀孕', 'marital', '怀孕'],
    ['35岁以下', 'age', '35岁以下'],
    ['年龄18-35周岁', 'age', '18-35周岁'],
    ['年龄不超过40岁', 'age', '年龄不超过40岁'],
  ])('%s → %s (%s)', (text, category, phrase) => {
    const f = reviewPostingText({ description: text });
    expect(f.map((x) => [x.category, x.phrase])).toContainEqual([category, phrase]);
    const hit = f.find((x) => x.category === category)!;
    expect(hit.field).toBe('description');
    expect(hit.textZh).toContain(phrase);
    expect(hit.source.length).toBeGreaterThan(3);
  });

  it.each([
    '男女不限，年龄不限',
    '不限男女，户籍不限',
    '缴纳五险一金（含生育保险），月休四天',
    '18周岁以上，身体健康',
    '适合大龄人员，工作时间灵活',
  ])('accepts lawful text: %s', (text) => {
    expect(reviewPostingText({ description: text })).toEqual([]);
  });

  it('an age limit with a stated justification passes; other findings still count', () => {
    expect(reviewPostingText({ description: '高空作业，年龄18-45周岁' }, { ageJustification: '高处作业安全技术规范对作业人员年龄的要求' })).toEqual([]);
    const f = reviewPostingText({ title: '保洁员（限女）', description: '45岁以下' });
    expect(f.map((x) => `${x.field}:${x.category}`)).toEqual(['title:gender', 'description:age']);
  });
});
