import { useEffect, useState } from 'react';
import { Cascader, Typography } from 'antd';
import type { Jurisdiction } from '../api/types.ts';
import { citizen } from '../api/endpoints.ts';
import { errorMessage } from '../api/client.ts';
import { useT } from '../locales/i18n.tsx';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (j: Jurisdiction): Option => ({ value: j.code, label: j.name, isLeaf: j.level === 'village' });

/** Province … community codes above a 12-digit code: its 2-, 4-, 6-, 9- and 12-digit prefixes padded with zeros. */
export function divisionPath(code: string): string[] {
  const path: string[] = [];
  for (const n of [2, 4, 6, 9, 12]) {
    const c = code.slice(0, n).padEnd(12, '0');
    if (c !== path[path.length - 1]) path.push(c);
  }
  return path;
}

/** The node at `path` (codes from the province down), if loaded. */
function find(tree: Option[], path: string[]): Option | undefined {
  let level: Option[] | undefined = tree;
  let node: Option | undefined;
  for (const code of path) {
    node = level?.find((o) => o.value === code);
    level = node?.children;
  }
  return node;
}

/** A copy of `tree` in which the node at `path` has `children`. */
function withChildren(tree: Option[], path: string[], children: Option[]): Option[] {
  const [head, ...rest] = path;
  return tree.map((o) => (o.value !== head ? o : rest.length === 0 ? { ...o, children } : { ...o, children: withChildren(o.children ?? [], rest, children) }));
}

/**
 * The residence community/village of a citizen signing up, chosen province → city → county → township → community
 * from the published division codes (`/api/citizen/divisions`, no sign-in). Only a community or village can be
 * chosen, as the server requires. A preset value (an office's community from its QR code) opens its whole path.
 */
export function ResidencePicker({ value, onChange, id, testId }: { value?: string; onChange?: (code: string | undefined) => void; id?: string; testId?: string }) {
  const t = useT();
  // Immutable: the cascader memoises on the options' identity, so each loaded level makes a new tree.
  const [options, setOptions] = useState<Option[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Provinces first; for a value (an office's community), the levels along its path, so that its names show.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        let tree = options ?? (await citizen.divisions()).items.map(toOption);
        const path = value ? divisionPath(value).slice(0, -1) : [];
        for (let i = 0; i < path.length; i++) {
          const node = find(tree, path.slice(0, i + 1));
          if (!node || node.isLeaf) break;
          if (!node.children) tree = withChildren(tree, path.slice(0, i + 1), (await citizen.divisions(node.value)).items.map(toOption));
        }
        if (!cancelled) setOptions(tree);
      } catch (err) {
        if (!cancelled) setError(errorMessage(err));
      }
    })();
    return () => {
      cancelled = true;
    };
    // Only a new value can need new levels; `options` is read as it is when the value arrives.
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    try {
      const children = (await citizen.divisions(target.value)).items.map(toOption);
      setOptions((prev) => (prev ? withChildren(prev, selected.map((o) => o.value), children) : prev));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <>
      <Cascader<Option>
        id={id}
        data-testid={testId}
        data-code={value ?? ''}
        options={options ?? []}
        loadData={(selected) => void loadData(selected)}
        value={value ? divisionPath(value) : undefined}
        onChange={(path) => {
          const last = path?.[path.length - 1];
          onChange?.(typeof last === 'string' && last.length === 12 ? last : undefined);
        }}
        placeholder={t('citizen.residencePlaceholder')}
        style={{ width: '100%' }}
      />
      {value && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testId ? `${testId}-code` : undefined}>
          {t('citizen.residenceChosen', { code: value })}
        </Typography.Text>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </>
  );
}
