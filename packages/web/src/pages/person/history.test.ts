import { describe, expect, it } from 'vitest';
import { changeText } from './HistoryTab.tsx';

describe('history change text', () => {
  it('reads from/to pairs, creations and redacted changes', () => {
    expect(changeText({ from: 'unemployed', to: 'employed' }, '已修改')).toBe('unemployed → employed');
    expect(changeText({ from: null, to: 'bachelor' }, '已修改')).toBe('— → bachelor');
    expect(changeText({ to: '张三' }, '已修改')).toBe('张三');
    expect(changeText({ changed: true }, '已修改')).toBe('已修改');
    expect(changeText('difficulty', '已修改')).toBe('difficulty');
    expect(changeText([{ name: '电工' }], '已修改')).toBe('[{"name":"电工"}]');
  });
});
